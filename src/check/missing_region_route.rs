//! E47: enabling call admission control requires a region route between
//! every pair of network regions (Set-CsNetworkConfiguration validates it).

use std::collections::HashSet;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports each pair of regions without a route while CAC is on.
pub fn missing_region_route(cx: &Context<'_>) -> Vec<Diagnostic> {
    let n = &cx.model.network;
    let Some(cac) = n.call_admission_control.as_ref().filter(|s| s.value) else {
        return Vec::new();
    };
    let routed: HashSet<_> = n
        .region_routes
        .iter()
        .map(|r| (r.a.id.min(r.b.id), r.a.id.max(r.b.id)))
        .collect();
    let mut regions: Vec<_> = n.regions.iter().collect();
    regions.sort_by_key(|(_, r)| r.span);
    let mut out = Vec::new();
    for (i, (a, ra)) in regions.iter().enumerate() {
        for (b, rb) in &regions[i + 1..] {
            if routed.contains(&((*a).min(*b), (*a).max(*b))) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::MissingRegionRoute,
                    format!(
                        "call admission control is on but regions `{}` and `{}` have no region route",
                        ra.name.text, rb.name.text
                    ),
                    cac.span,
                    "CAC on",
                )
                .with_secondary(ra.name.span, "one region")
                .with_secondary(rb.name.span, "the other")
                .with_help(format!(
                    "add `region-link NAME {} {} {{ bandwidth PROFILE }}` and `region-route {} {} {{ links [NAME] }}`",
                    ra.name.text, rb.name.text, ra.name.text, rb.name.text
                )),
            );
        }
    }
    out
}
