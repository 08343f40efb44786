//! A route whose trunks sit in different Topology Builder sites spreads calls
//! over sites: usually a branch gateway listed by mistake, or local breakout
//! that should be a separate route with its own usage.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports routes whose trunks are in more than one site.
pub fn route_spans_sites(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (_, r) in m.routes.iter() {
        let Some(first) = r.trunks.first() else {
            continue;
        };
        let site = m.trunks.get(first.id).site;
        let others: Vec<_> = r
            .trunks
            .iter()
            .filter(|t| m.trunks.get(t.id).site != site)
            .collect();
        if others.is_empty() {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::RouteSpansSites,
            format!("route `{}` mixes trunks of different sites", r.name.text),
            first.span,
            format!("in site `{}`", m.sites.get(site).name.text),
        );
        for t in others.iter().take(3) {
            d = d.with_secondary(
                t.span,
                format!(
                    "in site `{}`",
                    m.sites.get(m.trunks.get(t.id).site).name.text
                ),
            );
        }
        out.push(d.with_help("Lync spreads a route's calls over all its trunks; split it into one route per site with usages that order them"));
    }
    out
}
