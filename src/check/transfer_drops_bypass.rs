//! W26 (interaction I3): with media bypass on and REFER off (and no
//! third-party-call-control REFER), a bypassed call that is transferred
//! continues through the Mediation Server.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports collections with bypass on and both REFER modes off.
pub fn transfer_drops_bypass(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, c) in m.trunk_configs.iter() {
        let e = cx.config_effective(id);
        if !(e.media_bypass && !e.refer && !e.refer_3pcc) {
            continue;
        }
        let (span, copied) = match &c.settings.refer {
            Some(s) => cx.locate(id, s.span),
            None => (c.scope_span, None),
        };
        let mut d = Diagnostic::new(
            Code::TransferDropsBypass,
            format!(
                "`{}` bypasses media but sends no REFER: transferred calls lose bypass",
                cx.scope_text(id)
            ),
            span,
            "REFER off",
        )
        .with_secondary_opt(copied);
        if let Some(b) = &c.settings.media_bypass {
            d = d.with_secondary(b.span, "media bypass on");
        }
        out.push(d.with_help("turn on `refer-3pcc` if the peer cannot take REFER, so transferred calls stay bypassed"));
    }
    out
}
