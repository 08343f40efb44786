//! E07: a TCP trunk needs its Mediation pool's TCP listener, which is off
//! unless the pool declares `tcp-ports`.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Transport;

/// Reports TCP trunks on pools without a TCP listener.
pub fn tcp_listener_off(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    m.trunks
        .iter()
        .filter(|(_, t)| {
            t.transport == Transport::Tcp && !cx.listens(t.mediation.id, Transport::Tcp)
        })
        .map(|(id, t)| {
            let pool = m.pools.get(t.mediation.id);
            Diagnostic::new(
                Code::TcpListenerOff,
                format!(
                    "trunk `{}` uses TCP but `{}` has no TCP listener",
                    t.name.text, pool.name.text
                ),
                cx.transport_span(id),
                "TCP trunk",
            )
            .with_secondary(
                pool.name.span,
                "no `tcp-ports` here: the TCP listener is off",
            )
            .with_help(format!(
                "add `tcp-ports {}` to the pool's Mediation role, or use TLS",
                t.mediation_port.value
            ))
        })
        .collect()
}
