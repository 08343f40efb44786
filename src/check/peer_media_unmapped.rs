//! W39: in sites-and-regions mode a peer's media address (`media-ip`, else
//! `address`) must lie in a mapped subnet, else it gets no bypass ID (unless
//! bypass for unmapped subnets is on) and no call to it bypasses.

use super::Context;
use crate::bypass::PeerPlace;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::BypassMode;

/// Reports bypass peers whose media address is in no configured subnet.
pub fn peer_media_unmapped(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    // With no network site at all, E44 (`bypass-without-network-sites`) says it once.
    if m.network.bypass_mode() != BypassMode::SitesAndRegions
        || cx.bypass.unmapped_id().is_some()
        || m.network.sites.is_empty()
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (gw, g) in m.gateways.iter() {
        let PeerPlace::Unmapped { address, span } = cx.bypass.place(gw) else {
            continue;
        };
        if !cx
            .graph
            .trunks_of_peer(gw)
            .into_iter()
            .any(|t| cx.effective(t).media_bypass)
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::PeerMediaUnmapped,
                format!("`{}` terminates media at `{address}`, which is in no network site's subnets", g.name.text),
                *span,
                "unmapped address",
            )
            .with_help("add the peer's subnet to the network site where it is, or give its media processor's address as `media-ip`"),
        );
    }
    out
}
