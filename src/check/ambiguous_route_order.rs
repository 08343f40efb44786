//! Routes of one usage that can match the same number, whose order Lync
//! 2013 does not keep (LANGUAGE.md section 5, assumption A06), found over
//! every number by [`crate::analysis::routes`].

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports each route of a usage that can match a number an earlier route
/// of the usage also matches.
pub fn ambiguous_route_order(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    cx.analysis()
        .ambiguous
        .iter()
        .map(|a| {
            let first = m.routes.get(a.first);
            let second = m.routes.get(a.second);
            let usage = &m.usages.get(a.usage).name.text;
            Diagnostic::new(
                Code::AmbiguousRouteOrder,
                format!(
                    "routes `{}` and `{}` of usage `{usage}` both match '{}': Lync 2013 does not guarantee which it tries first, whatever their priorities",
                    first.name.text,
                    second.name.text,
                    a.witness.number
                ),
                second.name.span,
                "overlaps another route of its usage",
            )
            .with_secondary(first.name.span, "also matches")
            .with_help(format!(
                "give the preferred route a usage of its own, listed before `{usage}` wherever both are used (Microsoft's failover pattern), or make the patterns disjoint"
            ))
            .with_witness(a.witness.clone())
        })
        .collect()
}
