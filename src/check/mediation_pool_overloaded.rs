//! W51: a stand-alone Mediation Server handles about 1,000 concurrent
//! non-bypass calls; a pool whose declared `expected-calls` exceeds that per
//! server is undersized.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Concurrent non-bypass calls one stand-alone Mediation Server handles.
const CALLS_PER_SERVER: u32 = 1000;

/// Reports pools whose declared load exceeds their servers' capacity.
pub fn mediation_pool_overloaded(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, p) in cx.model.pools.iter() {
        let Some(calls) = &p.expected_calls else {
            continue;
        };
        let servers = p.servers.len().max(1) as u32;
        let capacity = servers.saturating_mul(CALLS_PER_SERVER);
        if calls.value <= capacity {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::MediationPoolOverloaded,
                format!(
                    "`{}` expects {} concurrent calls; its {servers} {} carry about {capacity}",
                    p.name.text,
                    calls.value,
                    if servers == 1 { "server" } else { "servers" }
                ),
                calls.span,
                "more than about 1,000 non-bypass calls per server",
            )
            .with_help(format!(
                "grow the pool to at least {} servers, or enable media bypass to take calls off it",
                calls.value.div_ceil(CALLS_PER_SERVER)
            )),
        );
    }
    out
}
