//! W36: bypass to an ITSP's SBC sends client media to the provider and
//! reveals the enterprise's internal addresses; confirm the SBC takes media
//! from clients.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::PeerKind;

/// Reports ITSP trunks with bypass on (a peer that refuses client media is T0610).
pub fn bypass_to_itsp(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    m.trunks
        .iter()
        .filter(|(id, t)| {
            let g = m.gateways.get(t.gateway.id);
            g.kind() == PeerKind::Itsp
                && cx.effective(*id).media_bypass
                && g.accepts_client_media.as_ref().is_none_or(|s| s.value)
        })
        .map(|(id, t)| {
            Diagnostic::new(
                Code::BypassToItsp,
                format!(
                    "media bypass on SIP trunk `{}` (from {}) sends client media to the provider",
                    t.name.text,
                    cx.effective(id)
                        .config
                        .map_or("Lync's defaults".to_string(), |c| format!("`{}`", cx.scope_text(c)))
                ),
                t.name.span,
                "bypass to an ITSP",
            )
            .with_help("confirm the SBC accepts media from clients and that revealing internal addresses is acceptable; declare `accepts-client-media on` and acknowledge with `allow bypass-to-itsp \"reason\"`")
        })
        .collect()
}
