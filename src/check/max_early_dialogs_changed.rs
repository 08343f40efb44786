//! W32: `max-early-dialogs` is the number of forked responses the peer can
//! take; change it from 20 only to the vendor's stated value, recorded on
//! the gateway as `max-early-dialogs N`.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports collections that change the value for a peer that does not state it.
pub fn max_early_dialogs_changed(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, c) in m.trunk_configs.iter() {
        let Some(set) = &c.settings.max_early_dialogs else {
            continue;
        };
        if set.value == 20 {
            continue;
        }
        let unstated = cx.trunks_of_config(id).iter().copied().find(|&t| {
            let g = m.gateways.get(m.trunks.get(t).gateway.id);
            g.max_early_dialogs.as_ref().map(|v| v.value) != Some(set.value)
        });
        let Some(t) = unstated else { continue };
        let g = m.gateways.get(m.trunks.get(t).gateway.id);
        let (span, copied) = cx.locate(id, set.span);
        out.push(
            Diagnostic::new(
                Code::MaxEarlyDialogsChanged,
                format!(
                    "`{}` sets `max-early-dialogs {}`, which peer `{}` does not state",
                    cx.scope_text(id),
                    set.value,
                    g.name.text
                ),
                span,
                "changed from Lync\'s 20",
            )
            .with_secondary_opt(copied)
            .with_secondary(g.name.span, "no matching `max-early-dialogs` on the gateway")
            .with_help(format!(
                "record the vendor's value on the gateway (`max-early-dialogs {}`) or keep the default 20",
                set.value
            )),
        );
    }
    out
}
