//! E43: always-bypass mode and call admission control exclude each other;
//! with CAC on, bypass uses sites and regions.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::BypassMode;

/// Reports `bypass-mode always` with `call-admission-control on`.
pub fn always_bypass_with_cac(cx: &Context<'_>) -> Vec<Diagnostic> {
    let n = &cx.model.network;
    let (Some(mode), Some(cac)) = (&n.bypass_mode, &n.call_admission_control) else {
        return Vec::new();
    };
    if mode.value != BypassMode::Always || !cac.value {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            Code::AlwaysBypassWithCac,
            "always-bypass mode cannot be used with call admission control",
            mode.span,
            "always bypass",
        )
        .with_secondary(cac.span, "call admission control on")
        .with_help(
            "use `bypass-mode sites-and-regions` (CAC then decides per call), or turn CAC off",
        ),
    ]
}
