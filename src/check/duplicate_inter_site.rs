//! E46: at most one inter-site policy per pair of network sites (either order).

use std::collections::HashMap;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports a second policy for the same pair of sites.
pub fn duplicate_inter_site(cx: &Context<'_>) -> Vec<Diagnostic> {
    let n = &cx.model.network;
    let mut policies: Vec<_> = n.inter_sites.iter().map(|(_, i)| i).collect();
    policies.sort_by_key(|i| i.span);
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for i in policies {
        let key = (i.a.id.min(i.b.id), i.a.id.max(i.b.id));
        match seen.get(&key) {
            Some(&first) => out.push(
                Diagnostic::new(
                    Code::DuplicateInterSite,
                    format!(
                        "a second inter-site policy between `{}` and `{}`",
                        n.sites.get(i.a.id).name.text,
                        n.sites.get(i.b.id).name.text
                    ),
                    i.a.span.to(i.b.span),
                    "declared again here",
                )
                .with_secondary(first, "first declared here")
                .with_help("keep one policy per pair of sites"),
            ),
            None => {
                seen.insert(key, i.a.span.to(i.b.span));
            }
        }
    }
    out
}
