//! W14: a deployment with a single PSTN-facing peer has no second way out
//! when that peer fails.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports the only PSTN-facing peer of a deployment.
pub fn single_pstn_gateway(cx: &Context<'_>) -> Vec<Diagnostic> {
    let pstn: Vec<_> = cx
        .model
        .gateways
        .iter()
        .filter(|(_, g)| g.faces_pstn())
        .collect();
    if pstn.len() != 1 {
        return Vec::new();
    }
    let g = pstn[0].1;
    vec![
        Diagnostic::new(
            Code::SinglePstnGateway,
            format!("`{}` is the only PSTN gateway of the deployment", g.name.text),
            g.name.span,
            "single point of failure for PSTN calls",
        )
        .with_help("add a second gateway or SIP trunk, or accept the risk with `allow single-pstn-gateway \"reason\"`"),
    ]
}
