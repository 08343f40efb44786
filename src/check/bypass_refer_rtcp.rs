//! E21 (interaction I2/I4): with media bypass on and REFER off, both RTCP
//! checks must be off; New-CsTrunkConfiguration refuses anything else.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports collections with bypass on, REFER off and an RTCP check on.
pub fn bypass_refer_rtcp(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, c) in cx.model.trunk_configs.iter() {
        let e = cx.config_effective(id);
        if !(e.media_bypass && !e.refer && (e.rtcp_active_calls || e.rtcp_calls_on_hold)) {
            continue;
        }
        let Some(refer) = &c.settings.refer else {
            continue;
        };
        let (span, copied) = cx.locate(id, refer.span);
        let on: Vec<&str> = [
            (e.rtcp_active_calls, "rtcp-active-calls"),
            (e.rtcp_calls_on_hold, "rtcp-calls-on-hold"),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, k)| k)
        .collect();
        out.push(
            Diagnostic::new(
                Code::BypassReferRtcp,
                format!(
                    "`{}` bypasses media with REFER off but keeps {} on",
                    cx.scope_text(id),
                    on.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                span,
                "REFER off",
            )
            .with_secondary_opt(copied)
            .with_help(format!(
                "add {} (or turn REFER back on)",
                on.iter()
                    .map(|k| format!("`{k} off`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            )),
        );
    }
    out
}
