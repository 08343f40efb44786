//! W12: a route that replaces the caller ID (`caller-id suppress`) also
//! serves calls a voice policy reroutes over the PSTN when the WAN or pool
//! is down (`allow-pstn-rerouting`, on by default); the callee then sees
//! the replacement number, which can defeat Do-Not-Disturb and privacy.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::PolicyFlag;

/// Reports caller-ID replacing routes reachable from rerouting policies.
pub fn caller_id_on_reroute(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (_, r) in m.routes.iter() {
        let Some(id) = &r.caller_id else { continue };
        let policy = m.voice_policies.iter().find(|(_, p)| {
            p.flag(PolicyFlag::AllowPstnRerouting)
                && p.usages
                    .iter()
                    .any(|u| r.usages.iter().any(|v| v.id == u.id))
        });
        let Some((_, p)) = policy else { continue };
        out.push(
            Diagnostic::new(
                Code::CallerIdOnReroute,
                format!(
                    "route `{}` replaces the caller ID with `{}` and carries calls rerouted over the PSTN",
                    r.name.text, id.text
                ),
                id.span,
                "caller ID replaced",
            )
            .with_secondary(p.scope_span, "a voice policy with PSTN rerouting on reaches the route")
            .with_help("keep caller-ID replacement off routes used for PSTN rerouting, or turn `allow-pstn-rerouting off` in those policies"),
        );
    }
    out
}
