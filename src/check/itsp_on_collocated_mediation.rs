//! W50: an ITSP SIP trunk on a collocated Mediation Server; stand-alone
//! Mediation pools are strongly recommended for SIP trunking (the docs
//! conflict, see LYNC-TRUNKS D5).

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::PeerKind;

/// Reports ITSP trunks whose Mediation pool is a Front End pool.
pub fn itsp_on_collocated_mediation(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    m.trunks
        .iter()
        .filter(|(_, t)| {
            m.gateways.get(t.gateway.id).kind() == PeerKind::Itsp && cx.is_front_end(t.mediation.id)
        })
        .map(|(_, t)| {
            Diagnostic::new(
                Code::ItspOnCollocatedMediation,
                format!(
                    "SIP trunk `{}` uses the Mediation Server collocated on `{}`",
                    t.name.text,
                    m.pools.get(t.mediation.id).name.text
                ),
                t.mediation.span,
                "collocated Mediation Server",
            )
            .with_help("use a stand-alone Mediation pool for the ITSP trunk")
        })
        .collect()
}
