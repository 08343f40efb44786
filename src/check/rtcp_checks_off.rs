//! W28: RTCP checks off (`rtcp-active-calls` or `rtcp-calls-on-hold`) lose
//! the detection of a dropped peer, and are only needed with media bypass
//! on and REFER off (interaction I2/I4).

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports RTCP checks turned off without the bypass-without-REFER reason.
pub fn rtcp_checks_off(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, c) in m.trunk_configs.iter() {
        let e = cx.config_effective(id);
        if e.media_bypass && !e.refer {
            continue;
        }
        let off = [
            (
                &c.settings.rtcp_active_calls,
                "rtcp-active-calls",
                e.rtcp_active_calls,
            ),
            (
                &c.settings.rtcp_calls_on_hold,
                "rtcp-calls-on-hold",
                e.rtcp_calls_on_hold,
            ),
        ];
        for (setting, keyword, on) in off {
            let Some(s) = setting.as_ref().filter(|_| !on) else {
                continue;
            };
            let (span, copied) = cx.locate(id, s.span);
            out.push(
                Diagnostic::new(
                    Code::RtcpChecksOff,
                    format!("`{}` turns `{keyword}` off: dropped peers go unnoticed", cx.scope_text(id)),
                    span,
                    "RTCP check off",
                )
                .with_secondary_opt(copied)
                .with_help("turn it back on; RTCP checks need to be off only with media bypass on and REFER off"),
            );
        }
    }
    out
}
