//! W25: Lync removes a dial plan's external access prefix only when
//! OptimizeDeviceDialing is on; otherwise the prefix stays in the dialled
//! number and the rules have to match it.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports prefixes that have no effect.
pub fn prefix_without_optimize(cx: &Context<'_>) -> Vec<Diagnostic> {
    cx.model
        .dial_plans
        .iter()
        .filter(|(_, p)| !p.optimize_device_dialing.as_ref().is_some_and(|o| o.value))
        .filter_map(|(_, p)| p.external_access_prefix.as_ref().map(|x| (p, x)))
        .map(|(p, x)| {
            Diagnostic::new(
                Code::PrefixWithoutOptimize,
                format!(
                    "dial plan `{}` has external access prefix '{}', which Lync ignores without optimize-device-dialing",
                    p.scope_text, x.text
                ),
                x.span,
                "ignored",
            )
            .with_secondary_opt(
                p.optimize_device_dialing
                    .as_ref()
                    .map(|o| (o.span, "device dialing is not optimized".to_string())),
            )
            .with_help("add `optimize-device-dialing on`, or remove the prefix")
        })
        .collect()
}
