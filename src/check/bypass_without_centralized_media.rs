//! E20 (interaction I1): `media-bypass on` needs centralized media
//! (ConcentratedTopology); New-CsTrunkConfiguration refuses the pair.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports collections with bypass on and centralized media off.
pub fn bypass_without_centralized_media(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, c) in cx.model.trunk_configs.iter() {
        let e = cx.config_effective(id);
        if !e.media_bypass || e.centralized_media {
            continue;
        }
        let Some(off) = &c.settings.centralized_media else {
            continue;
        };
        let (span, copied) = cx.locate(id, off.span);
        out.push(
            Diagnostic::new(
                Code::BypassWithoutCentralizedMedia,
                format!("`{}` bypasses media without centralized media", cx.scope_text(id)),
                span,
                "centralized media off",
            )
            .with_secondary_opt(copied)
            .with_help("media bypass needs a known media termination point: turn `centralized-media on`, or bypass off"),
        );
    }
    out
}
