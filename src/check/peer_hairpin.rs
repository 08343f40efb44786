//! W03: a call can leave on another trunk to the peer it came from
//! (LYNC-TRUNKS 4.3, shape 2), found over every number by
//! [`crate::analysis::trunks`].

use super::Context;
use crate::analysis::HopKind;
use crate::diagnostics::{Code, Diagnostic};

/// Reports each trunk configuration usage that sends calls back to their peer.
pub fn peer_hairpin(cx: &Context<'_>) -> Vec<Diagnostic> {
    super::inter_trunk_findings(cx, HopKind::PeerHairpin, |cx, f| {
        let m = cx.model;
        let ingress = m.trunks.get(f.hop.ingress);
        Diagnostic::new(
            Code::PeerHairpin,
            format!(
                "calls entering on trunk `{}` can be routed back to `{}` on trunk `{}` (route `{}`)",
                ingress.name.text,
                m.gateways.get(ingress.gateway.id).name.text,
                m.trunks.get(f.hop.egress).name.text,
                m.routes.get(f.hop.route).name.text
            ),
            f.usage_span,
            "this usage reaches another trunk to the same peer",
        )
        .with_help("narrow the route to numbers the peer does not send, or remove the usage from this trunk configuration")
    })
}
