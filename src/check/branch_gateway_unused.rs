//! W47: a branch site with its own gateway needs a voice policy whose
//! routes send the branch users' PSTN calls through that gateway (else the
//! gateway, and bypass at the branch, go unused).

use std::collections::HashSet;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::SiteKind;

/// Reports branch sites whose gateways no voice policy reaches.
pub fn branch_gateway_unused(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let policy_usages: HashSet<_> = m
        .voice_policies
        .iter()
        .flat_map(|(_, p)| p.usages.iter().map(|u| u.id))
        .collect();
    let reached: HashSet<_> = m
        .routes
        .iter()
        .filter(|(_, r)| r.usages.iter().any(|u| policy_usages.contains(&u.id)))
        .flat_map(|(_, r)| r.trunks.iter().map(|t| t.id))
        .collect();
    let mut out = Vec::new();
    for (site, s) in m.sites.iter() {
        if !matches!(s.kind, SiteKind::Branch(_)) {
            continue;
        }
        let trunks: Vec<_> = m.trunks.iter().filter(|(_, t)| t.site == site).collect();
        if trunks.is_empty() || trunks.iter().any(|(id, _)| reached.contains(id)) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::BranchGatewayUnused,
                format!("no voice policy routes calls through the gateways of branch site `{}`", s.name.text),
                s.name.span,
                "branch gateways unused by users",
            )
            .with_secondary(trunks[0].1.name.span, "a trunk of the branch")
            .with_help("give the branch users a `tag:` policy whose first usage has a route through the branch gateway"),
        );
    }
    out
}
