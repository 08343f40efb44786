//! Gateway settings kept outside the topology document (LYNC-TRUNKS 7.3).

use super::*;

pub(super) fn gateways(s: &mut Script, m: &Model) {
    s.section("Gateway settings kept outside the topology document (docs/lync.md 7.3)");
    let mut any = false;
    for (id, t) in m.trunks.iter() {
        let g = m.gateways.get(t.gateway.id);
        if let Some(ip) = &g.media_ip {
            any = true;
            s.command(
                Command::new("Set-CsPstnGateway")
                    .str("Identity", &identity::trunk(m, id))
                    .str("RepresentativeMediaIP", &ip.value.to_string()),
            );
        }
    }
    if !any {
        s.comment("no gateway declares a media-ip");
    }
}
