//! E32: `call-forwarding-usages [..]` (CustomUsage) needs at least one usage.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::CallForwarding;

/// Reports an empty custom call-forwarding usage list.
pub fn custom_forwarding_without_usages(cx: &Context<'_>) -> Vec<Diagnostic> {
    cx.model
        .voice_policies
        .iter()
        .filter_map(|(_, p)| p.call_forwarding.as_ref().map(|cf| (p, cf)))
        .filter(|(_, cf)| matches!(&cf.value, CallForwarding::Custom(list) if list.is_empty()))
        .map(|(p, cf)| {
            Diagnostic::new(
                Code::CustomForwardingWithoutUsages,
                format!("voice policy `{}` has empty custom call-forwarding usages", p.scope_text),
                cf.span,
                "no usages",
            )
            .with_help("list the usages forwarded and simultaneous-ring calls may take, or use `voice-policy` or `internal-only`")
        })
        .collect()
}
