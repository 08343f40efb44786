//! Calls forwarded or simultaneously rung out to the PSTN keep the original
//! caller's number as their calling number: through an ITSP that number
//! lies outside the DID range the provider gave the company, and many
//! providers refuse such calls unless the trunk tells them who forwards
//! (ForwardCallHistory, the History-Info header; or ForwardPAI, the
//! P-Asserted-Identity header). That providers refuse them is field
//! knowledge; Microsoft documents only what the two settings forward
//! (LYNC-TRUNKS 3.1 rows 17 and 18).

use std::collections::HashSet;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{CallForwarding, PeerKind, PolicyFlag, TrunkId, UsageId};

/// Reports ITSP trunks that carry forwarded calls without forwarding who
/// forwards them.
pub fn forwarding_through_itsp(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    // The usages that forwarded and simultaneous-ring calls take, with the
    // first policy that gives them.
    let mut forwarding: Vec<(UsageId, &crate::model::VoicePolicy)> = Vec::new();
    for (_, p) in m.voice_policies.iter() {
        if !(p.flag(PolicyFlag::AllowCallForwarding) || p.flag(PolicyFlag::AllowSimulRing)) {
            continue;
        }
        let usages: Vec<UsageId> = match p.call_forwarding.as_ref().map(|s| &s.value) {
            None | Some(CallForwarding::VoicePolicy) => p.usages.iter().map(|u| u.id).collect(),
            Some(CallForwarding::InternalOnly) => Vec::new(),
            Some(CallForwarding::Custom(list)) => list.iter().map(|u| u.id).collect(),
        };
        for u in usages {
            if !forwarding.iter().any(|(v, _)| *v == u) {
                forwarding.push((u, p));
            }
        }
    }
    let mut reported: HashSet<TrunkId> = HashSet::new();
    for (_, r) in m.routes.iter() {
        // A route that replaces the caller ID presents the company's own
        // number, which the provider accepts.
        if r.caller_id.is_some() {
            continue;
        }
        let Some(&(_, policy)) = forwarding
            .iter()
            .find(|(u, _)| r.usages.iter().any(|v| v.id == *u))
        else {
            continue;
        };
        for t in &r.trunks {
            let trunk = m.trunks.get(t.id);
            let g = m.gateways.get(trunk.gateway.id);
            if g.kind() != PeerKind::Itsp || !reported.insert(t.id) {
                continue;
            }
            let e = cx.effective(t.id);
            if e.forward_call_history || e.forward_pai {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::ForwardingThroughItsp,
                    format!(
                        "calls forwarded or simultaneously rung through ITSP trunk `{}` carry the original caller's number, and the trunk does not say who forwards them",
                        trunk.name.text
                    ),
                    t.span,
                    "forwarded calls leave here",
                )
                .with_secondary(policy.scope_span, "this policy allows forwarding or simultaneous ring")
                .with_help(format!(
                    "turn `forward-call-history on` (or `forward-pai on`) in the trunk configuration of `{}`, as the provider expects; or present a company number (`caller-id` on the route, or calling-number rules); or keep forwarding off this route",
                    trunk.name.text
                ))
                .with_note("that many providers refuse a calling number outside the company's DID range without History-Info or P-Asserted-Identity is field knowledge; Microsoft's documents say only what the two settings forward"),
            );
        }
    }
    out
}
