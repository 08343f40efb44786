//! A collocated Mediation Server shares its servers with the Front End
//! service, so its peer-facing listening ranges must leave the Front End's
//! own listeners alone ("Ports and protocols for internal servers in Lync
//! Server 2013", Required Server Ports, Front End Servers). 5070, which
//! every Mediation Server keeps for Lync servers, is T0213's.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// The Front End Server's listening ports of that table, with their services.
const FRONT_END_PORTS: &[(u16, &str)] = &[
    (5061, "Front-End service, SIP over TLS"),
    (5062, "IM Conferencing service"),
    (5063, "Audio/Video Conferencing service"),
    (5064, "Conferencing Attendant service"),
    (5065, "Application Sharing service"),
    (5066, "outbound E9-1-1 gateway"),
    (5071, "Response Group service"),
    (5072, "Conferencing Attendant service"),
    (5073, "Conferencing Announcement service"),
    (5075, "Call Park service"),
    (5076, "Audio Test service"),
    (5080, "Bandwidth Policy Service"),
    (5086, "Mobility Services"),
    (5087, "Mobility Services"),
];

/// Reports collocated Mediation ranges that include a Front End port.
pub fn port_taken_by_front_end(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, p) in cx.model.pools.iter() {
        let Some(role) = p.mediation.as_ref().filter(|r| r.collocated) else {
            continue;
        };
        for setting in [&role.tls_ports, &role.tcp_ports].into_iter().flatten() {
            let taken: Vec<String> = FRONT_END_PORTS
                .iter()
                .filter(|(port, _)| setting.value.contains(*port))
                .map(|(port, service)| format!("{port} ({service})"))
                .collect();
            if taken.is_empty() {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::PortTakenByFrontEnd,
                    format!(
                        "the collocated Mediation Server of `{}` listens for peers on {}, where the Front End already listens",
                        p.name.text,
                        taken.join(", ")
                    ),
                    setting.span,
                    "a Front End port",
                )
                .with_help("choose peer-facing ports the Front End does not use: 5067 (TLS) and 5068 (TCP) are Topology Builder's defaults"),
            );
        }
    }
    out
}
