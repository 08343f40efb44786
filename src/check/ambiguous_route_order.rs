//! Routes of one usage whose order is arbitrary on some number
//! (LANGUAGE.md section 5), found over every number by
//! [`crate::analysis::routes`].

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports each pair of routes of one usage without distinct priorities
/// that both match some number.
pub fn ambiguous_route_order(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    cx.analysis()
        .ambiguous
        .iter()
        .map(|a| {
            let first = m.routes.get(a.first);
            let second = m.routes.get(a.second);
            let order = match &second.priority {
                Some(p) => format!("both have priority {}", p.value),
                None => "neither has a priority".to_string(),
            };
            Diagnostic::new(
                Code::AmbiguousRouteOrder,
                format!(
                    "routes `{}` and `{}` of usage `{}` both match '{}' and {order}: which one wins is arbitrary",
                    first.name.text,
                    second.name.text,
                    m.usages.get(a.usage).name.text,
                    a.witness.number
                ),
                second.name.span,
                "order with the other route undefined",
            )
            .with_secondary(first.name.span, "also matches")
            .with_help("give the two routes distinct priorities (lower wins), or make their patterns disjoint")
            .with_witness(a.witness.clone())
        })
        .collect()
}
