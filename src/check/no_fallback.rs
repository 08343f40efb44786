//! W09: with the fast failover timer on, a peer that does not answer within
//! 10 s gets the call moved to the next trunk, and with none left the call
//! is dropped. Reported when an originator has a single usage whose only
//! route has a single trunk with fast failover on: no number analysis is
//! needed to see there is nothing to fall back to.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::UsageId;
use crate::source::Span;

/// Reports originators whose every call has exactly one trunk to try.
pub fn no_fallback(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut originators: Vec<(String, Span, UsageId)> = Vec::new();
    for (_, p) in m.voice_policies.iter() {
        if let [only] = p.usages.as_slice() {
            originators.push((
                format!("voice policy `{}`", p.scope_text),
                only.span,
                only.id,
            ));
        }
    }
    for (id, c) in m.trunk_configs.iter() {
        if cx.trunks_of_config(id).is_empty() {
            continue;
        }
        if let Some(u) = &c.settings.usages
            && let [only] = u.value.as_slice()
        {
            originators.push((
                format!("trunk configuration `{}`", cx.scope_text(id)),
                only.span,
                only.id,
            ));
        }
    }
    let mut out = Vec::new();
    for (who, span, usage) in originators {
        let routes: Vec<_> = m
            .routes
            .iter()
            .filter(|(_, r)| r.usages.iter().any(|u| u.id == usage))
            .collect();
        let [(_, route)] = routes.as_slice() else {
            continue;
        };
        let [trunk] = route.trunks.as_slice() else {
            continue;
        };
        if !cx.effective(trunk.id).fast_failover {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::NoFallback,
                format!(
                    "{who} has one route with one trunk: if `{}` does not answer within 10 s the call is dropped",
                    m.trunks.get(trunk.id).name.text
                ),
                span,
                "the only usage",
            )
            .with_secondary(route.name.span, "the only route, with a single trunk")
            .with_help("add a second trunk to the route or a backup usage, or turn `fast-failover off` for the trunk"),
        );
    }
    out
}
