//! W04: a number that circulates forever between Lync and peers that pass
//! it back (LYNC-TRUNKS 4.3, shape 3), found over every number by
//! [`crate::analysis::trunks`]. The hairpins a loop takes are its own
//! steps, not reported apart (`inter_trunk_findings`).

use super::Context;
use crate::analysis::trunks::Loop;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{GatewayId, RouteId};

/// Reports each route that sends numbers to a peer that passes them back,
/// once: the cycles it makes (one per way round the peer's trunks) are
/// listed in one diagnostic, with the first cycle's witness.
pub fn routing_loop(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let loops = &cx.analysis().loops;
    // The route and peer of each loop's first hop, in order of first loop.
    let mut groups: Vec<((RouteId, GatewayId), Vec<&Loop>)> = Vec::new();
    for l in loops {
        let key = (l.hops[0].route, m.trunks.get(l.hops[0].egress).gateway.id);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, ls)) => ls.push(l),
            None => groups.push((key, vec![l])),
        }
    }
    groups
        .into_iter()
        .map(|((route, peer), ls)| {
            let route = m.routes.get(route);
            let peer = m.gateways.get(peer);
            let cycle = |l: &Loop| {
                let mut trunks: Vec<String> = l
                    .hops
                    .iter()
                    .map(|h| format!("`{}`", m.trunks.get(h.ingress).name.text))
                    .collect();
                trunks.push(trunks[0].clone());
                trunks.join(" → ")
            };
            let also = match &ls[1..] {
                [] => String::new(),
                more => format!(
                    "; also {}",
                    more.iter().map(|l| cycle(l)).collect::<Vec<_>>().join(", ")
                ),
            };
            Diagnostic::new(
                Code::RoutingLoop,
                format!(
                    "numbers such as '{}' loop forever: route `{}` sends them to `{}`, which passes them back (trunks {}{also})",
                    ls[0].witness.number,
                    route.name.text,
                    peer.name.text,
                    cycle(ls[0]),
                ),
                route.name.span,
                "sends numbers the peer passes back",
            )
            .with_secondary(
                peer.sends.first().map_or(peer.name.span, |p| p.span),
                "this peer sends them back into Lync",
            )
            .with_help(format!(
                "make route `{}` match only numbers `{}` owns, or end the peer's default route somewhere other than Lync (and say so in its `owns`/`sends`)",
                route.name.text, peer.name.text
            ))
            .with_witness(ls[0].witness.clone())
        })
        .collect()
}
