//! W40: bypass matches a client's subnet exactly (its address masked with
//! its own mask); a configured subnet that contains other configured
//! subnets is a supernet that clients in the smaller ones never match.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports configured subnets that strictly contain another one.
pub fn supernet_subnet(cx: &Context<'_>) -> Vec<Diagnostic> {
    let sites = &cx.model.network.sites;
    let all: Vec<_> = sites
        .iter()
        .flat_map(|(id, s)| s.subnets.iter().map(move |n| (id, n)))
        .collect();
    let mut out = Vec::new();
    for (site, wide) in &all {
        let inner = all
            .iter()
            .find(|(_, n)| n.value.bits > wide.value.bits && wide.value.contains(n.value.address));
        let Some((inner_site, n)) = inner else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::SupernetSubnet,
                format!(
                    "subnet `{}` of `{}` contains `{}` of `{}`",
                    wide.value,
                    sites.get(*site).name.text,
                    n.value,
                    sites.get(*inner_site).name.text
                ),
                wide.span,
                "a supernet",
            )
            .with_secondary(n.span, "inside it")
            .with_help("bypass needs each client subnet listed exactly as clients use it; list the real subnets instead of the supernet"),
        );
    }
    out
}
