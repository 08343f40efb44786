//! W45: BypassIDs are generated automatically; setting them by hand is
//! strongly discouraged (two objects given one ID bypass between them).

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports every `bypass-id`.
pub fn manual_bypass_id(cx: &Context<'_>) -> Vec<Diagnostic> {
    let n = &cx.model.network;
    let regions = n
        .regions
        .iter()
        .filter_map(|(_, r)| r.bypass_id.as_ref().map(|b| (&r.name.text, b)));
    let sites = n
        .sites
        .iter()
        .filter_map(|(_, s)| s.bypass_id.as_ref().map(|b| (&s.name.text, b)));
    regions
        .chain(sites)
        .map(|(name, b)| {
            Diagnostic::new(
                Code::ManualBypassId,
                format!("`{name}` sets its bypass ID by hand"),
                b.span,
                "manual BypassID",
            )
            .with_help("remove `bypass-id`: Lync generates one per region and constrained site")
        })
        .collect()
}
