//! Trunks to the same peer that end up with different settings: the classic
//! mistake after adding an M:N trunk, which falls back to its site's or the
//! global collection instead of the peer's trunk-scope one. Descriptions
//! are not compared.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports each trunk of a peer whose settings differ from the peer's first trunk.
pub fn peer_trunks_differ(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (gw, g) in m.gateways.iter() {
        let mut trunks = cx.graph.trunks_of_peer(gw);
        if trunks.len() < 2 {
            continue;
        }
        trunks.sort_by_key(|&t| m.trunks.get(t).span);
        let first = trunks[0];
        let base = cx.effective(first).shown(m);
        for &t in &trunks[1..] {
            let other = cx.effective(t).shown(m);
            let differ: Vec<String> = base
                .iter()
                .zip(&other)
                .filter(|((k, a), (_, b))| *k != "description" && a != b)
                .map(|((k, a), (_, b))| format!("`{k}` {b} vs {a}"))
                .collect();
            if differ.is_empty() {
                continue;
            }
            let (tt, ft) = (m.trunks.get(t), m.trunks.get(first));
            let scope = |id| {
                cx.effective(id)
                    .config
                    .map_or("Lync's defaults".to_string(), |c| {
                        format!("`{}`", cx.scope_text(c))
                    })
            };
            out.push(
                Diagnostic::new(
                    Code::PeerTrunksDiffer,
                    format!(
                        "trunks `{}` and `{}` to `{}` have different settings: {}",
                        tt.name.text,
                        ft.name.text,
                        g.name.text,
                        differ
                            .iter()
                            .take(3)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                            + if differ.len() > 3 { ", ..." } else { "" }
                    ),
                    tt.name.span,
                    format!("uses {}", scope(t)),
                )
                .with_secondary(ft.name.span, format!("uses {}", scope(first)))
                .with_help(format!(
                    "give `{}` the same collection, e.g. `trunk-config trunk:{} from {}`",
                    tt.name.text,
                    tt.name.text,
                    cx.effective(first)
                        .config
                        .map_or("global".to_string(), |c| cx.scope_text(c))
                )),
            );
        }
    }
    out
}
