//! W30: TCP trunks carry signalling in clear; TLS is strongly recommended,
//! and a TCP trunk needs the network to the peer secured by other means.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Transport;

/// Reports every TCP trunk.
pub fn tcp_transport(cx: &Context<'_>) -> Vec<Diagnostic> {
    cx.model
        .trunks
        .iter()
        .filter(|(_, t)| t.transport == Transport::Tcp)
        .map(|(id, t)| {
            Diagnostic::new(
                Code::TcpTransport,
                format!("trunk `{}` uses TCP: signalling is not encrypted", t.name.text),
                cx.transport_span(id),
                "TCP",
            )
            .with_help("use TLS if the peer supports it; otherwise secure the network path and acknowledge with `allow tcp-transport \"reason\"`")
        })
        .collect()
}
