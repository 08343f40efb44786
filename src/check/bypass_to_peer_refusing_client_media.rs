//! B8: a peer that takes media only from the Mediation Server
//! (`accepts-client-media off`, as many ITSP SBCs) must not have bypass on:
//! bypassed calls would have no audio.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports trunks with bypass on to peers that refuse client media.
pub fn bypass_to_peer_refusing_client_media(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, t) in m.trunks.iter() {
        let g = m.gateways.get(t.gateway.id);
        let Some(off) = g.accepts_client_media.as_ref().filter(|s| !s.value) else {
            continue;
        };
        let e = cx.effective(id);
        if !e.media_bypass {
            continue;
        }
        let d = Diagnostic::new(
            Code::BypassToPeerRefusingClientMedia,
            if t.name.text == g.name.text {
                format!("media bypass is on for `{}`, which takes media only from the Mediation Server", g.name.text)
            } else {
                format!(
                    "trunk `{}` bypasses media to `{}`, which takes media only from the Mediation Server",
                    t.name.text, g.name.text
                )
            },
            t.name.span,
            "bypass on",
        )
        .with_secondary(off.span, "refuses media from clients");
        let help = match e.config {
            Some(c) => format!(
                "turn `media-bypass off` for this trunk (it comes from `{}`)",
                cx.scope_text(c)
            ),
            None => format!(
                "add `trunk-config trunk:{} {{ media-bypass off }}`",
                t.name.text
            ),
        };
        out.push(d.with_help(help));
    }
    out
}
