//! E46: an inter-site policy joins two different network sites.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports inter-site policies from a site to itself.
pub fn inter_site_to_itself(cx: &Context<'_>) -> Vec<Diagnostic> {
    let n = &cx.model.network;
    n.inter_sites
        .iter()
        .filter(|(_, i)| i.a.id == i.b.id)
        .map(|(_, i)| {
            Diagnostic::new(
                Code::InterSiteToItself,
                format!(
                    "inter-site policy joins `{}` to itself",
                    n.sites.get(i.a.id).name.text
                ),
                i.b.span,
                "the same site twice",
            )
            .with_help(
                "an inter-site policy describes a link between two sites; name the other site",
            )
        })
        .collect()
}
