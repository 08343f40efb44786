//! Where a peer's media is: its address and the network site whose subnet
//! holds it (LYNC-TRUNKS 5.2).

use super::*;

/// A peer's media placement: `media-ip`, else `address`, else its name
/// when it is an IPv4 address.
pub(super) fn place(model: &Model, gateway: GatewayId) -> PeerPlace {
    let g = model.gateways.get(gateway);
    let given = g
        .media_ip
        .as_ref()
        .or(g.address.as_ref())
        .map(|s| (s.value, s.span))
        .or_else(|| {
            g.name
                .text
                .parse::<IpAddr>()
                .ok()
                .map(|ip| (ip, g.name.span))
        });
    let Some((IpAddr::V4(address), span)) = given else {
        return PeerPlace::Unknown;
    };
    let mut best: Option<(NetworkSiteId, Subnet)> = None;
    for (id, site) in model.network.sites.iter() {
        for s in &site.subnets {
            if s.value.contains(address) && best.is_none_or(|(_, b)| s.value.bits > b.bits) {
                best = Some((id, s.value));
            }
        }
    }
    match best {
        Some((site, subnet)) => PeerPlace::Mapped {
            address,
            site,
            subnet,
            span,
        },
        None => PeerPlace::Unmapped { address, span },
    }
}
