//! W46: a network site declares (`expect-bypass [..]`) trunks its clients
//! should bypass through; the computed decision says they do not.

use super::Context;
use crate::bypass::{Client, Verdict};
use crate::diagnostics::{Code, Diagnostic};

/// Reports each expected pair that does not bypass, with the reasons.
pub fn expected_bypass_fails(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, site) in m.network.sites.iter() {
        for t in &site.expect_bypass {
            let d = cx.bypass.decide(Client::Site(id), t.id);
            if d.verdict == Verdict::Yes {
                continue;
            }
            let why: Vec<String> = d
                .reasons
                .iter()
                .map(|r| format!("{} {}", r.condition.id(), r.message))
                .collect();
            let mut diag = Diagnostic::new(
                Code::ExpectedBypassFails,
                format!(
                    "clients in `{}` do not bypass through `{}`: {}",
                    site.name.text,
                    m.trunks.get(t.id).name.text,
                    why.join("; ")
                ),
                t.span,
                if d.verdict == Verdict::Unknown {
                    "cannot be decided"
                } else {
                    "no bypass"
                },
            );
            if let Some(span) = d.reasons.first().and_then(|r| r.span) {
                diag = diag.with_secondary(
                    span,
                    format!(
                        "{}: the first condition that fails",
                        d.reasons[0].condition.id()
                    ),
                );
            }
            out.push(diag.with_help("`topoc bypass` shows every condition; fix them, or drop the trunk from `expect-bypass`"));
        }
    }
    out
}
