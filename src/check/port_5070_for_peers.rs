//! A Mediation Server listens for Lync servers on 5070 (TLS); that port is
//! not for peers, so no peer-facing listening range may include it.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// The port a Mediation Server keeps for traffic from Lync servers.
const LYNC_SIDE_PORT: u16 = 5070;

/// Reports peer-facing ranges that include 5070.
pub fn port_5070_for_peers(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, p) in cx.model.pools.iter() {
        let Some(role) = &p.mediation else { continue };
        for setting in [&role.tls_ports, &role.tcp_ports].into_iter().flatten() {
            if setting.value.contains(LYNC_SIDE_PORT) {
                out.push(
                    Diagnostic::new(
                        Code::Port5070ForPeers,
                        format!("`{}` offers port 5070 to peers", p.name.text),
                        setting.span,
                        "includes 5070",
                    )
                    .with_help("5070 is where the Mediation Server listens for Lync servers; use another range for peers"),
                );
            }
        }
    }
    out
}
