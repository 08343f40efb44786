//! W34: a trunk to a certified E9-1-1 provider must send location
//! (PIDF-LO) with emergency calls: `pidf-lo on` in its collection.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports trunks to `e911-provider` gateways with PIDF-LO off.
pub fn pidf_lo_off_for_e911(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, t) in m.trunks.iter() {
        let g = m.gateways.get(t.gateway.id);
        let Some(e911) = g.e911_provider.as_ref().filter(|s| s.value) else {
            continue;
        };
        let e = cx.effective(id);
        if e.pidf_lo {
            continue;
        }
        let d = Diagnostic::new(
            Code::PidfLoOffForE911,
            format!(
                "trunk `{}` to an E9-1-1 provider sends no location with emergency calls",
                t.name.text
            ),
            t.name.span,
            "PIDF-LO off",
        )
        .with_secondary(e911.span, "an E9-1-1 provider");
        let d = match e.config {
            Some(c) => d.with_help(format!("add `pidf-lo on` to `{}`", cx.scope_text(c))),
            None => d.with_help(format!(
                "add `trunk-config trunk:{} {{ pidf-lo on }}`",
                t.name.text
            )),
        };
        out.push(d);
    }
    out
}
