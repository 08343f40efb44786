//! W53: when an ITSP exposes several gateways, connect each of them to each
//! Mediation pool used for the provider. Gateways are grouped by their
//! declared `provider` and their site.

use std::collections::{BTreeMap, BTreeSet};

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::PeerKind;

/// Reports (provider gateway, Mediation pool) pairs with no trunk.
pub fn itsp_gateway_not_connected(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    // Grouped per site: regional SBCs of one provider serve their own site.
    let mut providers: BTreeMap<(String, crate::model::SiteId), Vec<_>> = BTreeMap::new();
    for (id, g) in m.gateways.iter() {
        if let (PeerKind::Itsp, Some(p)) = (g.kind(), &g.provider) {
            providers
                .entry((p.value.to_lowercase(), g.site))
                .or_default()
                .push(id);
        }
    }
    let mut out = Vec::new();
    for gateways in providers.values().filter(|g| g.len() > 1) {
        let pools: BTreeSet<_> = gateways
            .iter()
            .flat_map(|&g| cx.graph.trunks_of_peer(g))
            .map(|t| m.trunks.get(t).mediation.id)
            .collect();
        for &g in gateways {
            let connected: BTreeSet<_> = cx
                .graph
                .trunks_of_peer(g)
                .into_iter()
                .map(|t| m.trunks.get(t).mediation.id)
                .collect();
            for &pool in pools.difference(&connected) {
                let gw = m.gateways.get(g);
                out.push(
                    Diagnostic::new(
                        Code::ItspGatewayNotConnected,
                        format!(
                            "ITSP gateway `{}` has no trunk to `{}`, which other gateways of its provider use",
                            gw.name.text,
                            m.pools.get(pool).name.text
                        ),
                        gw.name.span,
                        "not connected to every Mediation pool",
                    )
                    .with_secondary(m.pools.get(pool).name.span, "used by the provider's other gateways")
                    .with_help("define a trunk between each ITSP gateway and each Mediation pool"),
                );
            }
        }
    }
    out
}
