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
use crate::model::{CallForwarding, IdVec, PeerKind, PolicyFlag, TrunkId, UsageId};

/// Reports ITSP trunks that carry forwarded calls without forwarding who
/// forwards them.
pub fn forwarding_through_itsp(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    // The usages that forwarded and simultaneous-ring calls take, each with
    // the first policy that gives it and its place in the order they were
    // first given in (a table by usage: a large project has thousands of
    // usages and a hundred thousand routes).
    let mut forwarding: IdVec<UsageId, Option<(usize, &crate::model::VoicePolicy)>> =
        IdVec::filled(m.usages.len(), None);
    let mut given = 0;
    for (_, p) in m.voice_policies.iter() {
        if !(p.flag(PolicyFlag::AllowCallForwarding) || p.flag(PolicyFlag::AllowSimulRing)) {
            continue;
        }
        let usages: &[crate::model::Ref<UsageId>] =
            match p.call_forwarding.as_ref().map(|s| &s.value) {
                None | Some(CallForwarding::VoicePolicy) => &p.usages,
                Some(CallForwarding::InternalOnly) => &[],
                Some(CallForwarding::Custom(list)) => list,
            };
        for u in usages {
            if forwarding[u.id].is_none() {
                forwarding[u.id] = Some((given, p));
                given += 1;
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
        // The policy of the route's usage given first.
        let first = r.usages.iter().filter_map(|u| forwarding[u.id]);
        let Some((_, policy)) = first.min_by_key(|&(n, _)| n) else {
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
