//! E13: a peer that can neither spread its traffic over a pool's members
//! (`pool-load-balancing off`) nor accept traffic from any member
//! (`accepts-any-server off`) must use a stand-alone pool of one server.
//! Applies only when the gateway declares both capabilities off.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::PoolRole;

/// Reports trunks from such peers to collocated or multi-server pools.
pub fn peer_needs_single_server_pool(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let off = |s: &Option<crate::model::Setting<bool>>| s.as_ref().is_some_and(|s| !s.value);
    let mut out = Vec::new();
    for (_, t) in m.trunks.iter() {
        let g = m.gateways.get(t.gateway.id);
        if !(off(&g.pool_load_balancing) && off(&g.accepts_any_server)) {
            continue;
        }
        let pool = m.pools.get(t.mediation.id);
        if pool.role == PoolRole::Mediation && pool.servers.len() <= 1 {
            continue;
        }
        let why = if pool.role == PoolRole::FrontEnd {
            "a Front End pool".to_string()
        } else {
            format!("a pool of {} servers", pool.servers.len())
        };
        out.push(
            Diagnostic::new(
                Code::PeerNeedsSingleServerPool,
                format!(
                    "`{}` can neither spread calls over a pool nor accept calls from every member, but trunk `{}` ties it to {why}",
                    g.name.text, t.name.text
                ),
                t.mediation.span,
                why,
            )
            .with_secondary(
                g.accepts_any_server.as_ref().map_or(g.span, |s| s.span),
                "declared off, with `pool-load-balancing off`",
            )
            .with_help("give this peer a stand-alone Mediation pool with a single server"),
        );
    }
    out
}
