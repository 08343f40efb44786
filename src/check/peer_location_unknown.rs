//! W39, W44 (information): a bypass peer given by FQDN only has no known
//! media address, so topoc cannot place it in a network site and cannot
//! decide bypass for it; it does not guess.

use super::Context;
use crate::bypass::PeerPlace;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::BypassMode;

/// Reports bypass peers without `media-ip` or `address`.
pub fn peer_location_unknown(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    if m.network.bypass_mode() != BypassMode::SitesAndRegions {
        return Vec::new();
    }
    m.gateways
        .iter()
        .filter(|(gw, _)| *cx.bypass.place(*gw) == PeerPlace::Unknown)
        .filter(|(gw, _)| {
            cx.graph
                .trunks_of_peer(*gw)
                .into_iter()
                .any(|t| cx.effective(t).media_bypass)
        })
        .map(|(_, g)| {
            Diagnostic::new(
                Code::PeerLocationUnknown,
                format!(
                    "where `{}` terminates media is unknown, so bypass to it cannot be decided",
                    g.name.text
                ),
                g.name.span,
                "FQDN only",
            )
            .with_help("give `media-ip` (RepresentativeMediaIP) or `address`")
        })
        .collect()
}
