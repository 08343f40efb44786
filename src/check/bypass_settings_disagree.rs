//! W35 (interaction I11): trunk bypass does nothing while bypass is off
//! globally, and global bypass does nothing when no trunk allows it.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::BypassMode;

/// Reports either half of the mismatch.
pub fn bypass_settings_disagree(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mode = m.network.bypass_mode();
    let mut out = Vec::new();
    if mode == BypassMode::Off {
        for (id, c) in m.trunk_configs.iter() {
            let Some(on) = c.written.media_bypass.as_ref().filter(|s| s.value) else {
                continue;
            };
            if cx.trunks_of_config(id).is_empty() {
                continue;
            }
            let d = Diagnostic::new(
                Code::BypassSettingsDisagree,
                format!(
                    "`{}` turns media bypass on, but bypass is off globally",
                    cx.scope_text(id)
                ),
                on.span,
                "has no effect",
            );
            let d = match &m.network.bypass_mode {
                Some(b) => d.with_secondary(b.span, "off globally"),
                None => d,
            };
            out.push(d.with_help("set `bypass-mode sites-and-regions` (or `always`) in `network`"));
        }
    } else if let Some(b) = &m.network.bypass_mode
        && !m.trunks.is_empty()
        && m.trunks.ids().all(|t| !cx.effective(t).media_bypass)
    {
        out.push(
            Diagnostic::new(
                Code::BypassSettingsDisagree,
                "media bypass is on globally, but no trunk configuration allows it",
                b.span,
                "has no effect",
            )
            .with_help(
                "add `media-bypass on` to the trunk configurations of peers that take client media",
            ),
        );
    }
    out
}
