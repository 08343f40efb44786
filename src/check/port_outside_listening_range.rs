//! E06: a trunk's Mediation port lies inside the pool's listening-port range
//! for the trunk's transport (TLS: `tls-ports`, default 5067; TCP:
//! `tcp-ports`). A TCP trunk on a pool with no TCP listener is E07
//! (`tcp_listener_off`).

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Transport;

/// Reports trunks whose Mediation port the pool does not listen on.
pub fn port_outside_listening_range(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (_, t) in m.trunks.iter() {
        let pool = m.pools.get(t.mediation.id);
        let Some(role) = &pool.mediation else {
            continue;
        };
        let (range, setting, word) = match t.transport {
            Transport::Tls => (Some(role.tls_range()), role.tls_ports.as_ref(), "TLS"),
            Transport::Tcp => (role.tcp_range(), role.tcp_ports.as_ref(), "TCP"),
        };
        let Some(range) = range else { continue };
        let port = t.mediation_port.value;
        if range.contains(port) {
            continue;
        }
        let shown = if range.first == range.last {
            range.first.to_string()
        } else {
            format!("{}..{}", range.first, range.last)
        };
        let d = Diagnostic::new(
            Code::PortOutsideListeningRange,
            format!(
                "trunk `{}` uses port {port} of `{}`, which listens for {word} on {shown} only",
                t.name.text, pool.name.text
            ),
            t.mediation_port.span,
            format!("{word} port {port} is not a listening port of the pool"),
        );
        let d = match setting {
            Some(s) => d.with_secondary(s.span, format!("the pool's {word} range")),
            None => d.with_secondary(
                pool.name.span,
                "no `tls-ports`: Topology Builder's default is 5067",
            ),
        };
        out.push(d.with_help(format!(
            "use {} {shown}, or widen the pool\'s `{}-ports`",
            if range.first == range.last {
                "port"
            } else {
                "a port in"
            },
            word.to_lowercase()
        )));
    }
    out
}
