//! E31: a voice policy without PSTN usages: its users reach no route. A
//! warning, not an error: the cmdlets accept it and internal-only policies
//! are a real design.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports voice policies with no usages.
pub fn policy_without_usages(cx: &Context<'_>) -> Vec<Diagnostic> {
    cx.model
        .voice_policies
        .iter()
        .filter(|(_, p)| p.usages.is_empty())
        .map(|(_, p)| {
            Diagnostic::new(
                Code::PolicyWithoutUsages,
                format!(
                    "voice policy `{}` has no PSTN usages: its users can call only inside Lync",
                    p.scope_text
                ),
                p.usages_span.unwrap_or(p.scope_span),
                "no usages",
            )
            .with_help(
                "add `usages [..]`: the usages, in order, whose routes the policy's users may take; if the users are meant to call only inside Lync, `allow policy-without-usages`",
            )
        })
        .collect()
}
