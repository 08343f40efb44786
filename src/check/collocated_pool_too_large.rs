//! E11: a Front End pool with a collocated Mediation Server has at most 12
//! servers (the Registrar pool limit).

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Most servers a Front End pool (with collocated Mediation) may have.
const MAX_SERVERS: usize = 12;

/// Reports collocated pools with more than 12 servers.
pub fn collocated_pool_too_large(cx: &Context<'_>) -> Vec<Diagnostic> {
    cx.model
        .pools
        .iter()
        .filter(|(_, p)| p.mediation.as_ref().is_some_and(|m| m.collocated) && p.servers.len() > MAX_SERVERS)
        .map(|(_, p)| {
            Diagnostic::new(
                Code::CollocatedPoolTooLarge,
                format!(
                    "`{}` has {} servers; a pool with a collocated Mediation Server has at most {MAX_SERVERS}",
                    p.name.text,
                    p.servers.len()
                ),
                p.name.span,
                "too many servers",
            )
            .with_secondary(p.servers[MAX_SERVERS].span, "the 13th server")
            .with_help("split the pool: a Front End pool (a Registrar) holds at most 12 servers")
        })
        .collect()
}
