//! E12: a stand-alone Mediation pool of more than one server requires DNS
//! load balancing: the pool FQDN must resolve to every member.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::PoolRole;

/// Reports multi-server stand-alone pools without `dns-load-balancing on`.
pub fn pool_needs_dns_load_balancing(cx: &Context<'_>) -> Vec<Diagnostic> {
    cx.model
        .pools
        .iter()
        .filter(|(_, p)| {
            p.role == PoolRole::Mediation
                && p.servers.len() > 1
                && !p.dns_load_balancing.as_ref().is_some_and(|s| s.value)
        })
        .map(|(_, p)| {
            let d = Diagnostic::new(
                Code::PoolNeedsDnsLoadBalancing,
                format!(
                    "stand-alone Mediation pool `{}` has {} servers but no DNS load balancing",
                    p.name.text,
                    p.servers.len()
                ),
                p.name.span,
                "multi-server pool",
            );
            let d = match &p.dns_load_balancing {
                Some(s) => d.with_secondary(s.span, "turned off here"),
                None => d,
            };
            d.with_help(
                "make the pool FQDN resolve to every member and declare `dns-load-balancing on`",
            )
        })
        .collect()
}
