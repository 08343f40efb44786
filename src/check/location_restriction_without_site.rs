//! W31 (interaction I10): location-based routing on a trunk
//! (`location-restriction on`) needs the network site whose rules apply.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports collections with location restriction on and no `network-site`.
pub fn location_restriction_without_site(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, c) in m.trunk_configs.iter() {
        let e = cx.config_effective(id);
        let Some(s) = c
            .settings
            .location_restriction
            .as_ref()
            .filter(|_| e.location_restriction)
        else {
            continue;
        };
        if e.network_site.is_some() {
            continue;
        }
        let (span, copied) = cx.locate(id, s.span);
        out.push(
            Diagnostic::new(
                Code::LocationRestrictionWithoutSite,
                format!("`{}` restricts by location but names no network site", cx.scope_text(id)),
                span,
                "no `network-site`",
            )
            .with_secondary_opt(copied)
            .with_help("add `network-site NAME`: the site whose location-based routing rules govern the trunk"),
        );
    }
    out
}
