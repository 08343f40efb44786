//! E04, E05: every gateway has exactly one root trunk (a second `root-trunk`
//! block is a duplicate setting, T0104). Topology Builder cannot define a
//! gateway without its root trunk, and additional trunks build on it.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports gateways declared without a `root-trunk`.
pub fn gateway_without_root_trunk(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    m.gateways
        .iter()
        .filter(|(_, g)| g.root_trunk.is_none())
        .map(|(id, g)| {
            let mut d = Diagnostic::new(
                Code::GatewayWithoutRootTrunk,
                format!("gateway `{}` has no root trunk", g.name.text),
                g.name.span,
                "declared without `root-trunk`",
            )
            .with_help("add `root-trunk { port 5067 tls; mediation POOL port 5067 }`: Topology Builder creates a gateway with its root trunk");
            if let Some(&t) = cx.graph.trunks_of_peer(id).first() {
                d = d.with_secondary(
                    m.trunks.get(t).span,
                    "an additional trunk needs the gateway's root trunk first",
                );
            }
            d
        })
        .collect()
}
