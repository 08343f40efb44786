//! W02: a call can leave on the trunk it entered on (LYNC-TRUNKS 4.3,
//! shape 1), found over every number by [`crate::analysis::trunks`].

use super::Context;
use crate::analysis::HopKind;
use crate::diagnostics::{Code, Diagnostic};

/// Reports each trunk configuration usage that sends calls back where they came from.
pub fn self_hairpin(cx: &Context<'_>) -> Vec<Diagnostic> {
    super::inter_trunk_findings(cx, HopKind::SelfHairpin, |cx, f| {
        let m = cx.model;
        Diagnostic::new(
            Code::SelfHairpin,
            format!(
                "calls entering on trunk `{}` can be routed back out on the same trunk (route `{}`)",
                m.trunks.get(f.hop.ingress).name.text,
                m.routes.get(f.hop.route).name.text
            ),
            f.usage_span,
            "this usage reaches the ingress trunk",
        )
        .with_help("narrow the route to numbers the peer does not send, or remove the usage from this trunk configuration")
    })
}
