//! W43: always-bypass mode gives every subnet one bypass ID, so bypass is
//! attempted across the constrained links the network declares.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::BypassMode;

/// Reports always mode with constrained sites or links.
pub fn always_bypass_over_constrained_links(cx: &Context<'_>) -> Vec<Diagnostic> {
    let n = &cx.model.network;
    let Some(mode) = n
        .bypass_mode
        .as_ref()
        .filter(|m| m.value == BypassMode::Always)
    else {
        return Vec::new();
    };
    let constrained = n
        .sites
        .iter()
        .find_map(|(_, s)| s.bandwidth.map(|b| b.span))
        .or_else(|| n.inter_sites.iter().next().map(|(_, i)| i.span));
    let Some(at) = constrained else {
        return Vec::new();
    };
    vec![
        Diagnostic::new(
            Code::AlwaysBypassOverConstrainedLinks,
            "always-bypass mode while the network declares constrained links",
            mode.span,
            "bypass across every link",
        )
        .with_secondary(at, "a constrained site or link")
        .with_help(
            "use `bypass-mode sites-and-regions` so constrained sites get their own bypass IDs",
        ),
    ]
}
