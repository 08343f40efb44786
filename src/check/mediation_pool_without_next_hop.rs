//! E15: a stand-alone Mediation pool names its next-hop Front End pool (a
//! Registrar), without which it cannot be defined in Topology Builder.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::PoolRole;

/// Reports stand-alone pools without `next-hop`.
pub fn mediation_pool_without_next_hop(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;

    m.pools
        .iter()
        .filter(|(_, p)| p.role == PoolRole::Mediation && p.next_hop.is_none())
        .map(|(_, p)| {
            // Suggest a Front End pool of the same site, else any.
            let front_end = m
                .pools
                .iter()
                .filter(|(_, f)| f.role == PoolRole::FrontEnd)
                .min_by_key(|(_, f)| f.site != p.site);
            let d = Diagnostic::new(
                Code::MediationPoolWithoutNextHop,
                format!("Mediation pool `{}` has no next hop", p.name.text),
                p.name.span,
                "no `next-hop`",
            );
            match front_end {
                Some((_, fe)) => d.with_help(format!("add `next-hop {}` (a Front End pool)", fe.name.text)),
                None => d.with_help(
                    "declare a Front End pool (`frontend-pool`) and name it with `next-hop`: Enterprise Voice needs a Registrar",
                ),
            }
        })
        .collect()
}
