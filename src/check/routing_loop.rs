//! W04: a number that circulates forever between Lync and peers that pass
//! it back (LYNC-TRUNKS 4.3, shape 3), found over every number by
//! [`crate::analysis::trunks`].

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports each routing cycle some number goes round unchanged.
pub fn routing_loop(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    cx.analysis()
        .loops
        .iter()
        .map(|l| {
            let first = l.hops[0];
            let route = m.routes.get(first.route);
            let mut trunks: Vec<String> = l
                .hops
                .iter()
                .map(|h| format!("`{}`", m.trunks.get(h.ingress).name.text))
                .collect();
            trunks.push(trunks[0].clone());
            let peer = m.gateways.get(m.trunks.get(first.egress).gateway.id);
            Diagnostic::new(
                Code::RoutingLoop,
                format!(
                    "numbers such as '{}' loop forever: route `{}` sends them to `{}`, which passes them back (trunks {})",
                    l.witness.number,
                    route.name.text,
                    peer.name.text,
                    trunks.join(" → ")
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
            .with_witness(l.witness.clone())
        })
        .collect()
}
