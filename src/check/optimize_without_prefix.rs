//! E36: `optimize-device-dialing on` needs an external access prefix; the
//! prefix, in turn, is ignored unless device dialing is optimized (W25,
//! with the regex rules).

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports dial plans that optimize device dialing without a prefix.
pub fn optimize_without_prefix(cx: &Context<'_>) -> Vec<Diagnostic> {
    cx.model
        .dial_plans
        .iter()
        .filter_map(|(_, p)| p.optimize_device_dialing.as_ref().map(|o| (p, o)))
        .filter(|(p, o)| o.value && p.external_access_prefix.is_none())
        .map(|(p, o)| {
            Diagnostic::new(
                Code::OptimizeWithoutPrefix,
                format!(
                    "dial plan `{}` optimizes device dialing but has no external access prefix",
                    p.scope_text
                ),
                o.span,
                "no `external-access-prefix`",
            )
            .with_help(
                "add `external-access-prefix '9'` (the digit users dial for an outside line)",
            )
        })
        .collect()
}
