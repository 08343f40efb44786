//! E08: a TLS trunk's peer is named by FQDN, not IP address: the TLS
//! certificate names the peer's FQDN.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Transport;

/// Reports TLS trunks to gateways named by an IP address.
pub fn tls_peer_by_ip(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    m.trunks
        .iter()
        .filter(|(_, t)| {
            t.transport == Transport::Tls && m.gateways.get(t.gateway.id).named_by_ip()
        })
        .map(|(id, t)| {
            let g = m.gateways.get(t.gateway.id);
            Diagnostic::new(
                Code::TlsPeerByIp,
                format!(
                    "trunk `{}` uses TLS to a peer named by IP address `{}`",
                    t.name.text, g.name.text
                ),
                cx.transport_span(id),
                "TLS needs the peer's FQDN",
            )
            .with_secondary(g.name.span, "gateway named by IP address")
            .with_help("name the gateway by the FQDN on its certificate, or use TCP")
        })
        .collect()
}
