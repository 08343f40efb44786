//! W54: a TDM PBX cannot talk SIP to a Mediation Server; it always needs a
//! PSTN gateway in between.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::PeerKind;

/// Reports peers declared as `kind tdm-pbx`.
pub fn tdm_pbx_as_peer(cx: &Context<'_>) -> Vec<Diagnostic> {
    cx.model
        .gateways
        .iter()
        .filter(|(_, g)| g.kind() == PeerKind::TdmPbx)
        .map(|(_, g)| {
            let span = g.kind.as_ref().map_or(g.name.span, |k| k.span);
            Diagnostic::new(
                Code::TdmPbxAsPeer,
                format!("TDM PBX `{}` is attached directly to a Mediation Server", g.name.text),
                span,
                "a TDM PBX needs a gateway",
            )
            .with_help("put a PSTN gateway between the TDM PBX and Lync, and declare the gateway as the peer")
        })
        .collect()
}
