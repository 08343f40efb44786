//! W06: a PSTN usage does something only when an originator (voice policy
//! or trunk configuration) and a route both carry it.

use std::collections::HashSet;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports usages missing an originator, a route, or both.
pub fn dead_usage(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let originated = m.originated_usages();
    let routed: HashSet<_> = m
        .routes
        .iter()
        .flat_map(|(_, r)| r.usages.iter().map(|u| u.id))
        .collect();
    m.usages
        .iter()
        .filter_map(|(id, u)| {
            let why = match (originated.contains(&id), routed.contains(&id)) {
                (true, true) => return None,
                (true, false) => "no route carries it",
                (false, true) => "no voice policy or trunk configuration carries it",
                (false, false) => "nothing refers to it",
            };
            Some(
                Diagnostic::new(
                    Code::DeadUsage,
                    format!("PSTN usage `{}` has no effect: {why}", u.name.text),
                    u.name.span,
                    why,
                )
                .with_help("a usage links the callers that carry it to the routes that carry it; add the missing side or remove the usage"),
            )
        })
        .collect()
}
