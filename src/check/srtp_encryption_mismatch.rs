//! W38 (interaction I6): on a bypass trunk, SRTP must be compatible with the
//! clients' media encryption level (LYNC-TRUNKS 5.4): SRTP required with
//! encryption not supported, or no SRTP (written, or forced by TCP) with
//! encryption required, cannot bypass.

use super::Context;
use crate::bypass::srtp_compatible;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{SrtpMode, Transport};

/// Reports bypass trunks whose SRTP the encryption level excludes.
pub fn srtp_encryption_mismatch(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let level = m.deployment.media_encryption;
    let mut out = Vec::new();
    for (id, t) in m.trunks.iter() {
        let e = cx.effective(id);
        if !e.media_bypass {
            continue;
        }
        let srtp = if t.transport == Transport::Tcp {
            SrtpMode::NotSupported
        } else {
            e.srtp
        };
        if srtp_compatible(srtp, level) {
            continue;
        }
        let why = if t.transport == Transport::Tcp {
            "a TCP trunk cannot do SRTP".to_string()
        } else {
            format!(
                "its SRTP is `{}`",
                crate::model::effective::ShowValue::show(&srtp, m)
            )
        };
        let mut d = Diagnostic::new(
            Code::SrtpEncryptionMismatch,
            format!(
                "trunk `{}` bypasses media but {why}, which the media encryption level excludes",
                t.name.text
            ),
            t.name.span,
            "never bypasses",
        );
        if let Some(span) = m.deployment.media_encryption_span.or(m.deployment.span) {
            d = d.with_secondary(span, "the clients' media encryption level");
        }
        if t.transport == Transport::Tcp {
            d = d.with_secondary(t.peer_port.span, "TCP");
        } else if let Some(c) = e.config
            && let Some(s) = &m.trunk_configs.get(c).settings.srtp
        {
            d = d.with_secondary(s.span, "the trunk's SRTP mode");
        }
        out.push(d.with_help("make SRTP and `media-encryption` compatible (required/optional SRTP with required or supported encryption), or turn bypass off for the trunk"));
    }
    out
}
