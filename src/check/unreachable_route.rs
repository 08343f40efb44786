//! W05: a route none of whose usages is on any voice policy or trunk
//! configuration can never be chosen. (A route with no usages at all is
//! W07, `empty-route`.)

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports routes that no originator can reach.
pub fn unreachable_route(cx: &Context<'_>) -> Vec<Diagnostic> {
    let originated = cx.model.originated_usages();
    cx.model
        .routes
        .iter()
        .filter(|(_, r)| !r.usages.is_empty() && r.usages.iter().all(|u| !originated.contains(&u.id)))
        .map(|(_, r)| {
            let mut d = Diagnostic::new(
                Code::UnreachableRoute,
                format!("route `{}` is never used: no voice policy or trunk configuration has its usages", r.name.text),
                r.name.span,
                "unreachable",
            );
            if let Some(u) = r.usages.first() {
                d = d.with_secondary(u.span, "no originator carries this usage");
            }
            d.with_help("add one of its usages to a voice policy (or a trunk configuration), or remove the route")
        })
        .collect()
}
