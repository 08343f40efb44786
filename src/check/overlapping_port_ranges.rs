//! A pool's TLS and TCP listening ranges must not share a port: one port
//! cannot listen for both transports.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports pools whose TLS and TCP ranges overlap.
pub fn overlapping_port_ranges(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, p) in cx.model.pools.iter() {
        let Some(role) = &p.mediation else { continue };
        let Some(tcp) = &role.tcp_ports else { continue };
        let tls = role.tls_range();
        if !tls.overlaps(tcp.value) {
            continue;
        }
        let d = Diagnostic::new(
            Code::OverlappingPortRanges,
            format!(
                "`{}` listens for TLS and TCP on port {}",
                p.name.text,
                tls.first.max(tcp.value.first)
            ),
            tcp.span,
            "TCP range overlaps the TLS range",
        );
        let d = match &role.tls_ports {
            Some(s) => d.with_secondary(s.span, "TLS range"),
            None => d.with_secondary(p.name.span, "TLS on 5067 (Topology Builder's default)"),
        };
        out.push(d.with_help("give TLS and TCP separate port ranges"));
    }
    out
}
