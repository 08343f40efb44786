//! A TLS trunk whose configuration requires SRTP (`srtp required`, Lync's
//! default) to a peer that does not do SRTP (`srtp off`): Lync offers only
//! encrypted media and the peer cannot accept it, so every call through
//! the trunk fails (LYNC-TRUNKS 3.1 row 13: `Required` means SRTP must be
//! used). Peers are commonly seen to answer `488 Not Acceptable Here`; that
//! code comes from the field, Microsoft's documents do not give it.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{SrtpMode, Transport};

/// Reports TLS trunks that require SRTP of a peer without it.
pub fn peer_without_srtp(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, t) in m.trunks.iter() {
        // On TCP SRTP is not used whatever the setting (I5).
        if t.transport != Transport::Tls {
            continue;
        }
        let g = m.gateways.get(t.gateway.id);
        let Some(no_srtp) = g.srtp.as_ref().filter(|s| !s.value) else {
            continue;
        };
        let e = cx.effective(id);
        if e.srtp != SrtpMode::Required {
            continue;
        }
        let (span, why) = match e.config {
            Some(c) => match &m.trunk_configs.get(c).settings.srtp {
                Some(s) => (s.span, format!("`{}` requires SRTP", cx.scope_text(c))),
                None => (
                    m.trunk_configs.get(c).scope_span,
                    format!(
                        "`{}` leaves SRTP at Lync's default, `required`",
                        cx.scope_text(c)
                    ),
                ),
            },
            None => (
                t.name.span,
                "no trunk configuration applies: SRTP is Lync's default, `required`".to_string(),
            ),
        };
        out.push(
            Diagnostic::new(
                Code::PeerWithoutSrtp,
                format!(
                    "every call through trunk `{}` fails: Lync requires SRTP on it and peer `{}` does not do SRTP",
                    t.name.text, g.name.text
                ),
                span,
                why,
            )
            .with_secondary(no_srtp.span, "the peer does not do SRTP")
            .with_secondary(t.name.span, "a TLS trunk")
            .with_help(format!(
                "write `srtp optional` (or `not-supported`) in the configuration that applies, e.g. `trunk-config trunk:{} {{ srtp optional }}`, or turn SRTP on at the peer",
                t.name.text
            ))
            .with_note("peers are commonly seen to refuse such calls with `488 Not Acceptable Here`; Microsoft's documents do not give the response code"),
        );
    }
    out
}
