//! W41: by sites and regions without call admission control, only
//! bandwidth profiles on sites and inter-site policies give constrained
//! sites their own bypass IDs; with none, every site inherits its region's
//! ID and bypass is tried across constrained WAN links.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::BypassMode;

/// Reports that case.
pub fn bypass_without_bandwidth_policies(cx: &Context<'_>) -> Vec<Diagnostic> {
    let n = &cx.model.network;
    let Some(mode) = n
        .bypass_mode
        .as_ref()
        .filter(|m| m.value == BypassMode::SitesAndRegions)
    else {
        return Vec::new();
    };
    let cac = n.call_admission_control.as_ref().is_some_and(|s| s.value);
    let any_policy =
        n.sites.iter().any(|(_, s)| s.bandwidth.is_some()) || !n.inter_sites.is_empty();
    if cac || any_policy || n.sites.len() < 2 {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            Code::BypassWithoutBandwidthPolicies,
            "bypass by sites and regions, but no site or link has a bandwidth policy",
            mode.span,
            "every site shares its region's bypass ID",
        )
        .with_help("give each WAN-constrained site a `bandwidth PROFILE` (values do not matter without CAC), and constrained links an `inter-site` policy"),
    ]
}
