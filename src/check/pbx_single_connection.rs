//! W52: most IP-PBXs cannot DNS-load-balance over a multi-server Mediation
//! pool; define one Direct SIP connection (trunk) per pool member. Does not
//! apply to a PBX that declares `pool-load-balancing on`.

use std::collections::BTreeMap;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::PeerKind;

/// Reports PBXs with fewer trunks to a pool than the pool has servers.
pub fn pbx_single_connection(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, g) in m.gateways.iter() {
        if g.kind() != PeerKind::IpPbx || g.pool_load_balancing.as_ref().is_some_and(|s| s.value) {
            continue;
        }
        let mut per_pool: BTreeMap<_, usize> = BTreeMap::new();
        for t in cx.graph.trunks_of_peer(id) {
            *per_pool.entry(m.trunks.get(t).mediation.id).or_default() += 1;
        }
        for (pool, trunks) in per_pool {
            let p = m.pools.get(pool);
            if p.servers.len() > 1 && trunks < p.servers.len() {
                out.push(
                    Diagnostic::new(
                        Code::PbxSingleConnection,
                        format!(
                            "IP-PBX `{}` has {trunks} connection(s) to `{}`, which has {} servers",
                            g.name.text,
                            p.name.text,
                            p.servers.len()
                        ),
                        g.name.span,
                        "fewer trunks than pool members",
                    )
                    .with_secondary(p.name.span, "multi-server pool")
                    .with_help("define one trunk from the PBX to each Mediation Server, or declare `pool-load-balancing on` if the PBX does DNS load balancing"),
                );
            }
        }
    }
    out
}
