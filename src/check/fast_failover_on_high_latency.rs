//! W10: the fast failover timer drops to the next trunk (or drops the call)
//! after 10 s without progress from the peer; over a slow or high-latency
//! link it fails calls that would have connected.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports trunks to `high-latency` peers with fast failover on.
pub fn fast_failover_on_high_latency(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, t) in m.trunks.iter() {
        let g = m.gateways.get(t.gateway.id);
        let Some(slow) = g.high_latency.as_ref().filter(|s| s.value) else {
            continue;
        };
        let e = cx.effective(id);
        if !e.fast_failover {
            continue;
        }
        let target = e
            .config
            .map_or_else(|| format!("trunk:{}", t.name.text), |c| cx.scope_text(c));
        out.push(
            Diagnostic::new(
                Code::FastFailoverOnHighLatency,
                format!(
                    "trunk `{}` keeps the 10-second failover timer to a high-latency peer",
                    t.name.text
                ),
                t.name.span,
                "fast failover on",
            )
            .with_secondary(slow.span, "declared high-latency")
            .with_help(format!("add `fast-failover off` to `{target}`")),
        );
    }
    out
}
