//! W05: a route none of whose usages is on any voice policy or trunk
//! configuration can never be chosen. (A route with no usages at all is
//! W07, `empty-route`.)

use std::collections::HashSet;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{CallForwarding, UsageId};

/// The usages some originator (voice policy, its custom call-forwarding
/// list, or a trunk configuration) carries.
pub(crate) fn originated_usages(cx: &Context<'_>) -> HashSet<UsageId> {
    let m = cx.model;
    let mut set = HashSet::new();
    for (_, p) in m.voice_policies.iter() {
        set.extend(p.usages.iter().map(|u| u.id));
        if let Some(cf) = &p.call_forwarding
            && let CallForwarding::Custom(list) = &cf.value
        {
            set.extend(list.iter().map(|u| u.id));
        }
    }
    for (_, c) in m.trunk_configs.iter() {
        if let Some(u) = &c.settings.usages {
            set.extend(u.value.iter().map(|u| u.id));
        }
    }
    set
}

/// Reports routes that no originator can reach.
pub fn unreachable_route(cx: &Context<'_>) -> Vec<Diagnostic> {
    let originated = originated_usages(cx);
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
