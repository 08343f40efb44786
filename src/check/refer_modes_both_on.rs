//! W27 (interaction I13): the Control Panel offers REFER to the gateway and
//! REFER with third-party call control as alternatives; both on is unclear.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports collections with `refer` and `refer-3pcc` both on.
pub fn refer_modes_both_on(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, c) in m.trunk_configs.iter() {
        let e = cx.config_effective(id);
        let Some(p3) = c
            .settings
            .refer_3pcc
            .as_ref()
            .filter(|_| e.refer && e.refer_3pcc)
        else {
            continue;
        };
        let (span, copied) = cx.locate(id, p3.span);
        let d = Diagnostic::new(
            Code::ReferModesBothOn,
            format!("`{}` turns on both REFER modes", cx.scope_text(id)),
            span,
            "third-party call control REFER",
        )
        .with_secondary_opt(copied);
        let d = match &c.settings.refer {
            Some(r) => d.with_secondary(r.span, "REFER to the gateway"),
            None => d,
        };
        out.push(d.with_help(
            "choose one: `refer on` when the peer takes REFER, else `refer off` with `refer-3pcc on`",
        ));
    }
    out
}
