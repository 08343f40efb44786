//! W29 (interaction I5): SRTP is honoured only on TLS trunks; on a TCP
//! trunk a written `srtp required` or `optional` is silently treated as
//! not supported. Lync's default (required) is not reported: nobody chose it.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{SrtpMode, Transport};

/// Reports TCP trunks whose collection writes SRTP other than `not-supported`.
pub fn srtp_ignored_on_tcp(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, t) in m.trunks.iter() {
        if t.transport != Transport::Tcp {
            continue;
        }
        let Some(config) = cx.effective(id).config else {
            continue;
        };
        let Some(srtp) = &m.trunk_configs.get(config).settings.srtp else {
            continue;
        };
        if srtp.value == SrtpMode::NotSupported {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::SrtpIgnoredOnTcp,
                format!("SRTP is written for TCP trunk `{}`, where Lync ignores it", t.name.text),
                cx.transport_span(id),
                "TCP: SRTP is treated as not supported",
            )
            .with_secondary(
                srtp.span,
                match cx.model.source_of(config, srtp.span) {
                    crate::model::effective::Source::Copied { config: from, .. } if from != config => format!(
                        "`{}` asks for SRTP (copied from `{}`)",
                        cx.scope_text(config),
                        cx.scope_text(from)
                    ),
                    _ => format!("`{}` asks for SRTP", cx.scope_text(config)),
                },
            )
            .with_help("use TLS for the trunk, or write `srtp not-supported` so the configuration says what happens"),
        );
    }
    out
}
