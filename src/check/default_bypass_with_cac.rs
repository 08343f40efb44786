//! W42: bypass for unmapped subnets (EnableDefaultBypassID) is not
//! recommended with call admission control.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports `default-bypass-for-unmapped on` with CAC on.
pub fn default_bypass_with_cac(cx: &Context<'_>) -> Vec<Diagnostic> {
    let n = &cx.model.network;
    let (Some(d), Some(cac)) = (&n.default_bypass_for_unmapped, &n.call_admission_control) else {
        return Vec::new();
    };
    if !(d.value && cac.value) {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            Code::DefaultBypassWithCac,
            "bypass for unmapped subnets is on together with call admission control",
            d.span,
            "not recommended with CAC",
        )
        .with_secondary(cac.span, "call admission control on")
        .with_help(
            "map every subnet to its network site and turn `default-bypass-for-unmapped off`",
        ),
    ]
}
