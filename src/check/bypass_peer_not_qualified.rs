//! W37: bypass is supported only with peers qualified for it, which handle
//! forked responses (early dialogs); reported for peers with bypass on that
//! do not declare `early-dialogs on`, and, more urgently, for peers that
//! declare `early-dialogs off` (condition B7 of `topoc bypass`): Lync does
//! not know the peer's limits and attempts bypass anyway.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports each peer with a bypass trunk that does not declare early dialogs.
pub fn bypass_peer_not_qualified(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (gw, g) in m.gateways.iter() {
        if g.early_dialogs.as_ref().is_some_and(|s| s.value) {
            continue;
        }
        let trunks: Vec<_> = cx
            .graph
            .trunks_of_peer(gw)
            .into_iter()
            .filter(|&t| cx.effective(t).media_bypass)
            .collect();
        let Some(&first) = trunks.first() else {
            continue;
        };
        // A root trunk carries its gateway's name; name the trunk only when it differs.
        let via = match &m.trunks.get(first).name.text {
            t if *t == g.name.text => String::new(),
            t => format!(" (trunk `{t}`)"),
        };
        out.push(
            Diagnostic::new(
                Code::BypassPeerNotQualified,
                match &g.early_dialogs {
                    Some(_) => format!("media bypass is on for `{}`{via}, which declares it cannot handle early dialogs", g.name.text),
                    None => format!("media bypass is on for `{}`{via}, which does not declare that it handles early dialogs", g.name.text),
                },
                g.early_dialogs.as_ref().map_or(g.name.span, |s| s.span),
                match &g.early_dialogs {
                    Some(_) => "no early dialogs",
                    None => "no `early-dialogs on`",
                },
            )
            .with_help("check the peer is qualified for media bypass and declare `early-dialogs on` (set `max-early-dialogs` to the vendor's value)"),
        );
    }
    out
}
