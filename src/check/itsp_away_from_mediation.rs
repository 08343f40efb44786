//! E16: an ITSP SIP trunk terminates at a site with a Mediation Server: the
//! trunk's Mediation pool is in the site the trunk is defined in.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::PeerKind;

/// Reports ITSP trunks whose Mediation pool is in another site.
pub fn itsp_away_from_mediation(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    m.trunks
        .iter()
        .filter(|(_, t)| m.gateways.get(t.gateway.id).kind() == PeerKind::Itsp)
        .filter(|(_, t)| m.pools.get(t.mediation.id).site != t.site)
        .map(|(_, t)| {
            let pool = m.pools.get(t.mediation.id);
            Diagnostic::new(
                Code::ItspAwayFromMediation,
                format!(
                    "SIP trunk `{}` terminates at site `{}`, but its Mediation pool `{}` is in `{}`",
                    t.name.text,
                    m.sites.get(t.site).name.text,
                    pool.name.text,
                    m.sites.get(pool.site).name.text
                ),
                t.mediation.span,
                "Mediation pool in another site",
            )
            .with_secondary(pool.name.span, "declared in another site")
            .with_help("deploy a Mediation Server at the site where the SIP trunk terminates and use it for this trunk")
        })
        .collect()
}
