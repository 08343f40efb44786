//! W33: one site-scope collection shared by trunks to different kinds of
//! peer (a PSTN gateway and an ITSP SBC, say) rarely suits them all: bypass,
//! SRTP and usages differ by peer.

use std::collections::BTreeMap;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{ConfigScope, PeerKind};

fn kind_name(k: PeerKind) -> &'static str {
    match k {
        PeerKind::PstnGateway => "a PSTN gateway",
        PeerKind::IpPbx => "an IP-PBX",
        PeerKind::Itsp => "an ITSP",
        PeerKind::TdmPbx => "a TDM PBX",
    }
}

/// Reports site-scope collections applied to peers of several kinds.
pub fn site_config_mixed_peers(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, c) in m.trunk_configs.iter() {
        if !matches!(c.scope, ConfigScope::Site(_)) {
            continue;
        }
        let mut by_kind: BTreeMap<&'static str, _> = BTreeMap::new();
        for &t in cx.trunks_of_config(id) {
            let kind = m.gateways.get(m.trunks.get(t).gateway.id).kind();
            by_kind.entry(kind_name(kind)).or_insert(t);
        }
        if by_kind.len() < 2 {
            continue;
        }
        let kinds: Vec<&str> = by_kind.keys().copied().collect();
        let mut d = Diagnostic::new(
            Code::SiteConfigMixedPeers,
            format!(
                "`{}` applies to trunks to different kinds of peer: {}",
                cx.scope_text(id),
                kinds.join(", ")
            ),
            c.scope_span,
            "one collection for different kinds of peer",
        );
        for (kind, t) in by_kind.iter().take(3) {
            d = d.with_secondary(m.trunks.get(*t).name.span, format!("a trunk to {kind}"));
        }
        out.push(
            d.with_help("give the trunks whose peers differ their own `trunk-config trunk:NAME`"),
        );
    }
    out
}
