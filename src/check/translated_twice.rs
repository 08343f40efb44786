//! W22: translation rules in a trunk's configuration while its peer is
//! declared `translates on`: the trunk-side rules are meant as an
//! alternative to translating on the peer, and doing both rewrites numbers
//! twice.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports trunks with translation rules to peers that translate.
pub fn translated_twice(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (gid, g) in m.gateways.iter() {
        let Some(tr) = g.translates.as_ref().filter(|s| s.value) else {
            continue;
        };
        let mut configs = Vec::new();
        for t in m
            .trunks
            .ids()
            .filter(|&t| m.trunks.get(t).gateway.id == gid)
        {
            let eff = cx.effective(t);
            if eff.called_number.is_empty() && eff.calling_number.is_empty() {
                continue;
            }
            if let Some(c) = eff.config
                && !configs.contains(&c)
            {
                configs.push(c);
            }
        }
        for c in configs {
            out.push(
                Diagnostic::new(
                    Code::TranslatedTwice,
                    format!(
                        "`{}` translates numbers itself, and trunk configuration `{}` translates them too",
                        g.name.text,
                        cx.scope_text(c)
                    ),
                    tr.span,
                    "the peer translates",
                )
                .with_secondary(m.trunk_configs.get(c).scope_span, "translation rules apply here too")
                .with_help("translate in one place: remove the trunk's rules, or stop the peer translating and write `translates off`"),
            );
        }
    }
    out
}
