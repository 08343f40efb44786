//! The decisions: the conditions of LYNC-TRUNKS 5.1 a trunk fails whatever
//! the client, and the decision for a client and a trunk.

use super::*;

impl Bypass<'_> {
    /// Computes [`trunk_reasons`](Bypass::trunk_reasons), once per trunk.
    pub(super) fn failing_for_every_client(&self, trunk: TrunkId, e: &Effective) -> Vec<Reason> {
        let m = self.model;
        let t = m.trunks.get(trunk);
        let g = m.gateways.get(t.gateway.id);
        let config = e.config.map(|c| m.trunk_configs.get(c));
        let setting_span = |f: fn(&crate::model::TrunkSettings) -> Option<Span>| {
            config.and_then(|c| f(&c.settings).or(Some(c.scope_span)))
        };
        let scope = e.config.map_or(
            "no trunk configuration (Lync's defaults)".to_string(),
            |c| format!("`{}`", m.config_scope_text(c)),
        );
        let mut out = Vec::new();
        let mut fail = |condition, message: String, span| {
            out.push(Reason {
                condition,
                message,
                span,
                unknown: false,
            })
        };
        if self.mode == BypassMode::Off {
            let span = m
                .network
                .bypass_mode
                .as_ref()
                .map(|s| s.span)
                .or(m.network.span);
            fail(
                Condition::B1,
                "media bypass is off globally (`bypass-mode off`)".into(),
                span,
            );
        }
        if !e.media_bypass {
            fail(
                Condition::B3,
                format!("`media-bypass` is off in {scope}"),
                setting_span(|s| s.media_bypass.as_ref().map(|x| x.span)),
            );
        } else {
            if !e.centralized_media {
                fail(
                    Condition::B4,
                    format!("centralized media is off in {scope}"),
                    setting_span(|s| s.centralized_media.as_ref().map(|x| x.span)),
                );
            }
            if !e.refer && (e.rtcp_active_calls || e.rtcp_calls_on_hold) {
                fail(
                    Condition::B5,
                    format!("REFER is off in {scope} but the RTCP checks are not"),
                    setting_span(|s| s.refer.as_ref().map(|x| x.span)),
                );
            }
        }
        let srtp = if t.transport == Transport::Tcp {
            SrtpMode::NotSupported
        } else {
            e.srtp
        };
        let level = m.deployment.media_encryption;
        if !srtp_compatible(srtp, level) {
            let (why, span) = match (t.transport, srtp) {
                (Transport::Tcp, _) => (
                    "the trunk uses TCP, so it cannot do SRTP".to_string(),
                    Some(t.peer_port.span),
                ),
                _ => (
                    format!("SRTP is `{}` in {scope}", srtp.show(m)),
                    setting_span(|s| s.srtp.as_ref().map(|x| x.span)),
                ),
            };
            fail(
                Condition::B6,
                format!(
                    "{why}, and clients are set to {} media encryption",
                    level_word(level)
                ),
                span.or(m.deployment.span),
            );
        }
        // `optional` with encryption required bypasses only with a peer
        // that does SRTP: assumed unless the peer says `srtp off`.
        if srtp_compatible(srtp, level)
            && srtp == SrtpMode::Optional
            && level == EncryptionLevel::Required
            && let Some(s) = g.srtp.as_ref().filter(|s| !s.value)
        {
            fail(
                Condition::B6,
                format!(
                    "peer `{}` does not do SRTP, and clients are set to required media encryption",
                    g.name.text
                ),
                Some(s.span),
            );
        }
        if let Some(s) = g.early_dialogs.as_ref().filter(|s| !s.value) {
            fail(
                Condition::B7,
                format!("peer `{}` does not handle early dialogs", g.name.text),
                Some(s.span),
            );
        }
        if let Some(s) = g.accepts_client_media.as_ref().filter(|s| !s.value) {
            fail(
                Condition::B8,
                format!(
                    "peer `{}` takes media only from the Mediation Server",
                    g.name.text
                ),
                Some(s.span),
            );
        }
        out
    }

    /// Decides for a caller whose place is not known (`why` says what is
    /// missing): what holds wherever an internal caller is. The verdict is
    /// `No` when a condition fails for every client (bypass off globally
    /// or on the trunk, ...), or when the peer gets no bypass ID at all; in
    /// always mode every subnet shares one ID (LYNC-TRUNKS 5.2, B12 always
    /// holds), so the caller's place does not matter; otherwise B12 is
    /// unknown.
    pub fn decide_anywhere(&self, trunk: TrunkId, why: &str) -> Decision {
        if self.mode != BypassMode::SitesAndRegions {
            // B12 is not checked: the client does not matter.
            return self.decide(
                Client::Unmapped(Subnet {
                    address: Ipv4Addr::UNSPECIFIED,
                    bits: 32,
                }),
                trunk,
            );
        }
        let mut reasons = self.trunk_reasons(trunk).to_vec();
        let m = self.model;
        let peer_without_id = match self.place(m.trunks.get(trunk).gateway.id) {
            PeerPlace::Unmapped { address, span } if self.unmapped_id().is_none() => Some(Reason {
                condition: Condition::B12,
                message: format!(
                    "the peer's media address `{address}`, in no configured subnet, gets no bypass ID (bypass for unmapped subnets is off)"
                ),
                span: Some(*span),
                unknown: false,
            }),
            _ => None,
        };
        match peer_without_id {
            Some(r) => reasons.push(r),
            // A condition that fails already decides it.
            None if reasons.iter().any(|r| !r.unknown) => {}
            None => reasons.push(Reason {
                condition: Condition::B12,
                message: format!("{why}, so its bypass ID is unknown"),
                span: None,
                unknown: true,
            }),
        }
        Decision::of(trunk, reasons)
    }

    /// How the client's bypass ID compares with the peer's (B12; only
    /// sites-and-regions mode compares them).
    fn ids(&self, client: Client, trunk: TrunkId) -> Ids {
        let client_id = match client {
            Client::Site(s) => Some(self.site_id(s).clone()),
            Client::Unmapped(_) => self.unmapped_id(),
        };
        let place = self.place(self.model.trunks.get(trunk).gateway.id);
        let peer_id = match place {
            PeerPlace::Mapped { site, .. } => Some(self.site_id(*site).clone()),
            PeerPlace::Unmapped { .. } => self.unmapped_id(),
            PeerPlace::Unknown => None,
        };
        match (client_id, peer_id) {
            (Some(c), Some(p)) if c == p => Ids::Equal,
            (Some(c), Some(p)) => Ids::Differ(c, p),
            (None, _) => Ids::ClientWithout,
            (Some(_), None) if !matches!(place, PeerPlace::Unknown) => Ids::PeerWithout,
            // B10 says why: the peer's place is unknown.
            (Some(_), None) => Ids::PeerUnknown,
        }
    }

    /// The verdict of [`decide`](Bypass::decide) without its reasons:
    /// what the manifest's bypass matrix asks for every site and trunk.
    pub fn verdict(&self, client: Client, trunk: TrunkId) -> Verdict {
        let reasons = self.trunk_reasons(trunk);
        if reasons.iter().any(|r| !r.unknown) {
            return Verdict::No;
        }
        let mut unknown = !reasons.is_empty();
        if self.mode == BypassMode::SitesAndRegions {
            match self.ids(client, trunk) {
                Ids::Equal => {}
                Ids::PeerUnknown => unknown = true,
                Ids::Differ(..) | Ids::ClientWithout | Ids::PeerWithout => return Verdict::No,
            }
        }
        if unknown {
            Verdict::Unknown
        } else {
            Verdict::Yes
        }
    }

    /// Decides for a client and a trunk.
    pub fn decide(&self, client: Client, trunk: TrunkId) -> Decision {
        let m = self.model;
        let mut reasons = self.trunk_reasons(trunk).to_vec();
        if self.mode == BypassMode::SitesAndRegions {
            let g = m.gateways.get(m.trunks.get(trunk).gateway.id);
            let client_name = match client {
                Client::Site(s) => format!("site `{}`", m.network.sites.get(s).name.text),
                Client::Unmapped(a) => format!("`{a}`, which is in no configured subnet,"),
            };
            let (peer_where, peer_span) = match self.place(m.trunks.get(trunk).gateway.id) {
                PeerPlace::Mapped {
                    site,
                    span,
                    address,
                    ..
                } => (
                    format!(
                        "`{address}` in site `{}`",
                        m.network.sites.get(*site).name.text
                    ),
                    Some(*span),
                ),
                PeerPlace::Unmapped { address, span } => {
                    (format!("`{address}`, in no configured subnet"), Some(*span))
                }
                PeerPlace::Unknown => {
                    let v6 = g
                        .media_ip
                        .as_ref()
                        .or(g.address.as_ref())
                        .is_some_and(|a| a.value.is_ipv6())
                        || g.name.text.parse::<IpAddr>().is_ok_and(|a| a.is_ipv6());
                    reasons.push(Reason {
                        condition: Condition::B10,
                        message: if v6 {
                            format!(
                                "the media address of `{}` is IPv6, and network subnets are IPv4: give an IPv4 `media-ip`",
                                g.name.text
                            )
                        } else {
                            format!(
                                "the media address of `{}` is unknown (FQDN only): give `media-ip` or `address`",
                                g.name.text
                            )
                        },
                        span: Some(g.name.span),
                        unknown: true,
                    });
                    (String::new(), None)
                }
            };
            match self.ids(client, trunk) {
                Ids::Equal | Ids::PeerUnknown => {}
                Ids::Differ(c, p) => reasons.push(Reason {
                    condition: Condition::B12,
                    message: format!(
                        "{client_name} has {} but the peer's media address {peer_where} has {}",
                        match (&c, client) {
                            (BypassId::Site(s), Client::Site(cs)) if *s == cs => {
                                "its own ID (the site is constrained)".to_string()
                            }
                            _ => self.id_name(&c),
                        },
                        self.id_name(&p)
                    ),
                    span: peer_span,
                    unknown: false,
                }),
                Ids::ClientWithout => reasons.push(Reason {
                    condition: Condition::B12,
                    message: format!("{client_name} gets no bypass ID (bypass for unmapped subnets is off)"),
                    span: m.network.span,
                    unknown: false,
                }),
                Ids::PeerWithout => reasons.push(Reason {
                    condition: Condition::B12,
                    message: format!(
                        "the peer's media address {peer_where} gets no bypass ID (bypass for unmapped subnets is off)"
                    ),
                    span: peer_span,
                    unknown: false,
                }),
            }
        }
        Decision::of(trunk, reasons)
    }

    /// Every (network site, trunk) pair, sites and trunks in id order.
    pub fn matrix(&self) -> Vec<(NetworkSiteId, Decision)> {
        let mut out = Vec::new();
        for site in self.model.network.sites.ids() {
            for trunk in self.model.trunks.ids() {
                out.push((site, self.decide(Client::Site(site), trunk)));
            }
        }
        out
    }
}

/// How a client's bypass ID compares with a trunk peer's (B12).
enum Ids {
    Equal,
    /// The client's, then the peer's.
    Differ(BypassId, BypassId),
    /// The client gets no ID (bypass for unmapped subnets is off).
    ClientWithout,
    /// The peer's known address gets no ID.
    PeerWithout,
    /// The peer's address is not known (B10).
    PeerUnknown,
}

fn level_word(l: EncryptionLevel) -> &'static str {
    match l {
        EncryptionLevel::Required => "required",
        EncryptionLevel::Supported => "supported",
        EncryptionLevel::NotSupported => "not-supported",
    }
}
