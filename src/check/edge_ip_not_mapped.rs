//! W49: the public addresses of A/V Edge servers are added as /32 subnets
//! mapped to their network site.

use std::net::IpAddr;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports A/V public addresses without a /32 subnet.
pub fn edge_ip_not_mapped(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for e in &m.edge_pools {
        for ip in &e.av_public_ips {
            let IpAddr::V4(v4) = ip.value else { continue };
            let mapped = m.network.sites.iter().any(|(_, s)| {
                s.subnets
                    .iter()
                    .any(|n| n.value.bits == 32 && n.value.address == v4)
            });
            if mapped {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::EdgeIpNotMapped,
                    format!(
                        "A/V Edge address `{v4}` of `{}` is not a /32 subnet of any network site",
                        e.name.text
                    ),
                    ip.span,
                    "unmapped",
                )
                .with_help(format!(
                    "add `{v4}/32` to the subnets of the Edge pool's network site"
                )),
            );
        }
    }
    out
}
