//! E44: bypass by sites and regions needs the regions, sites and subnets
//! to exist before the global bypass settings apply.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::BypassMode;

/// Reports `sites-and-regions` mode with no network site.
pub fn bypass_without_network_sites(cx: &Context<'_>) -> Vec<Diagnostic> {
    let n = &cx.model.network;
    let Some(mode) = n
        .bypass_mode
        .as_ref()
        .filter(|m| m.value == BypassMode::SitesAndRegions)
    else {
        return Vec::new();
    };
    if !n.sites.is_empty() {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            Code::BypassWithoutNetworkSites,
            "bypass by sites and regions, but no network site is declared",
            mode.span,
            "no regions, sites or subnets",
        )
        .with_help(
            "declare `region NAME { central-site SITE; network-site NAME { subnets [...] } }`",
        ),
    ]
}
