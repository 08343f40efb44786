//! E01, E03: no two trunks share {Mediation pool, Mediation port, peer, peer
//! port}. Topology Builder identifies a trunk by that tuple and refuses a
//! second trunk with the same pair of ports between the same pool and peer.

use std::collections::HashMap;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports each trunk whose tuple an earlier-declared trunk already has.
pub fn duplicate_trunk_tuple(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut by_tuple: HashMap<_, Vec<_>> = HashMap::new();
    for (id, t) in m.trunks.iter() {
        let key = (
            t.mediation.id,
            t.mediation_port.value,
            t.gateway.id,
            t.peer_port.value,
        );
        by_tuple.entry(key).or_default().push(id);
    }
    let mut out = Vec::new();
    for (_, mut trunks) in by_tuple.into_iter().filter(|(_, v)| v.len() > 1) {
        trunks.sort_by_key(|&t| m.trunks.get(t).span);
        let first = m.trunks.get(trunks[0]);
        for &again in &trunks[1..] {
            let t = m.trunks.get(again);
            out.push(
                Diagnostic::new(
                    Code::DuplicateTrunkTuple,
                    format!(
                        "trunk `{}` repeats trunk `{}`: same Mediation pool `{}` port {}, peer `{}` port {}",
                        t.name.text,
                        first.name.text,
                        m.pools.get(t.mediation.id).name.text,
                        t.mediation_port.value,
                        m.gateways.get(t.gateway.id).name.text,
                        t.peer_port.value
                    ),
                    t.mediation_port.span,
                    "same pool, ports and peer as another trunk",
                )
                .with_secondary(first.mediation_port.span, format!("trunk `{}` is declared here", first.name.text))
                .with_help("give one of the trunks another Mediation port or peer port, or remove it"),
            );
        }
    }
    out
}
