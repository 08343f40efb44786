//! E31: every voice policy has at least one PSTN usage; without one its
//! users cannot place any PSTN call.

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
                format!("voice policy `{}` has no PSTN usages", p.scope_text),
                p.usages_span.unwrap_or(p.scope_span),
                "no usages",
            )
            .with_help(
                "add `usages [..]`: the usages, in order, whose routes the policy's users may take",
            )
        })
        .collect()
}
