//! W01: a call entering from a PSTN-facing peer that can leave on a trunk
//! to a PSTN-facing peer (LYNC-TRUNKS 4.2, the step-10 guidance), found
//! over every number by [`crate::analysis::trunks`].

use super::Context;
use crate::analysis::HopKind;
use crate::diagnostics::{Code, Diagnostic};

/// Reports each trunk configuration usage that reflects PSTN calls.
pub fn pstn_reflection(cx: &Context<'_>) -> Vec<Diagnostic> {
    super::inter_trunk_findings(cx, HopKind::Reflection, |cx, f| {
        let m = cx.model;
        let ingress = m.trunks.get(f.hop.ingress);
        let egress = m.trunks.get(f.hop.egress);
        Diagnostic::new(
            Code::PstnReflection,
            format!(
                "PSTN calls entering on trunk `{}` can be routed back out to the PSTN through trunk `{}` (route `{}`)",
                ingress.name.text,
                egress.name.text,
                m.routes.get(f.hop.route).name.text
            ),
            f.usage_span,
            "this usage reaches a PSTN-facing trunk",
        )
        .with_help(format!(
            "remove usage `{}` from this trunk configuration or narrow the route; if the flow is intended, add `allow pstn-reflection \"reason\"` to the trunk configuration",
            m.usages.get(f.hop.usage).name.text
        ))
    })
}
