//! Media bypass: for a client (a network site, or an address) and a trunk,
//! whether media will flow between the client and the peer without the
//! Mediation Server, and if not, every condition that fails and the object
//! at fault (LYNC-TRUNKS section 5).
//!
//! [`Bypass`] computes, once per model, the settings in effect of every
//! trunk, the bypass ID of every network site (5.2), and the placement of
//! every peer; [`Bypass::decide`] then checks the conditions of 5.1 that
//! the language can express:
//!
//! | id | condition |
//! |---|---|
//! | B1 | bypass on globally (`bypass-mode always` or `sites-and-regions`) |
//! | B3 | `media-bypass on` in the trunk configuration that applies |
//! | B4 | centralized media on (interaction I1) |
//! | B5 | REFER on, or both RTCP checks off (interaction I2) |
//! | B6 | SRTP compatible with the media encryption level (5.4; TCP forces no SRTP) |
//! | B7 | the peer handles early dialogs (`early-dialogs off` fails) |
//! | B8 | the peer accepts media from clients (`accepts-client-media off` fails) |
//! | B10 | the peer's media address is known (`media-ip`, `address`, or an IP name) |
//! | B12 | the client's and the peer's bypass IDs are equal (sites-and-regions mode) |
//!
//! Client versions (B16) and conference legs (B17) are outside the model.
//! Where the docs are silent (5.2), topoc gives a site its own bypass ID
//! when it has a bandwidth profile or is an end of any inter-site policy
//! (inter-site policies describe constrained links), central sites included.
//! This module decides; the checks and the CLI report. It never touches I/O.

use std::net::{IpAddr, Ipv4Addr};

use crate::model::effective::ShowValue;

use crate::model::{
    BypassMode, Effective, EncryptionLevel, GatewayId, InEffect, Model, NetworkSiteId, RegionId,
    SrtpMode, Subnet, Transport, TrunkId,
};
use crate::source::Span;

/// A condition of LYNC-TRUNKS 5.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Condition {
    /// Global bypass on.
    B1,
    /// Bypass on in the trunk's configuration.
    B3,
    /// Centralized media on.
    B4,
    /// REFER on, or RTCP checks off.
    B5,
    /// SRTP compatible with the encryption level.
    B6,
    /// The peer handles early dialogs.
    B7,
    /// The peer accepts media from clients.
    B8,
    /// The peer's media address is known.
    B10,
    /// The client's and the peer's bypass IDs match.
    B12,
}

impl Condition {
    /// The condition's id in LYNC-TRUNKS 5.1.
    pub fn id(self) -> &'static str {
        match self {
            Condition::B1 => "B1",
            Condition::B3 => "B3",
            Condition::B4 => "B4",
            Condition::B5 => "B5",
            Condition::B6 => "B6",
            Condition::B7 => "B7",
            Condition::B8 => "B8",
            Condition::B10 => "B10",
            Condition::B12 => "B12",
        }
    }
}

/// Why a pair does not bypass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    /// The failing condition.
    pub condition: Condition,
    /// What fails, in words.
    pub message: String,
    /// The object at fault, when it is written somewhere.
    pub span: Option<Span>,
    /// Whether the condition is unknown (not known to fail).
    pub unknown: bool,
}

impl Reason {
    /// `CONDITION: message`, as reports list it.
    pub fn summary(&self) -> String {
        format!("{}: {}", self.condition.id(), self.message)
    }
}

/// The outcome for one pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Media bypasses the Mediation Server.
    Yes,
    /// Media goes through the Mediation Server.
    No,
    /// topoc cannot tell (the peer's location is unknown); nothing is known to fail.
    Unknown,
}

impl Verdict {
    /// `yes`, `no` or `unknown`, as reports print it.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Yes => "yes",
            Verdict::No => "no",
            Verdict::Unknown => "unknown",
        }
    }
}

/// The decision for a client and a trunk.
#[derive(Clone, Debug)]
pub struct Decision {
    /// The trunk.
    pub trunk: TrunkId,
    /// Bypass or not.
    pub verdict: Verdict,
    /// Every failing (or unknown) condition, in condition order.
    pub reasons: Vec<Reason>,
}

impl Decision {
    /// The decision the reasons give: `No` when one is known to fail,
    /// `Unknown` when some are unknown, `Yes` when there are none.
    fn of(trunk: TrunkId, mut reasons: Vec<Reason>) -> Decision {
        reasons.sort_by_key(|r| r.condition);
        let verdict = if reasons.iter().any(|r| !r.unknown) {
            Verdict::No
        } else if reasons.is_empty() {
            Verdict::Yes
        } else {
            Verdict::Unknown
        };
        Decision {
            trunk,
            verdict,
            reasons,
        }
    }

    /// Whether media bypasses the Mediation Server.
    pub fn bypass(&self) -> bool {
        self.verdict == Verdict::Yes
    }
}

/// The bypass ID a subnet gets (5.2). Equal IDs bypass.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BypassId {
    /// Always mode: one ID for everything.
    Always,
    /// The default ID for unmapped subnets.
    Default,
    /// A region's ID, inherited by its unconstrained sites.
    Region(RegionId),
    /// A constrained site's own ID.
    Site(NetworkSiteId),
    /// A manually set ID (compared without case).
    Manual(String),
}

/// A client of the decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Client {
    /// A client in a network site.
    Site(NetworkSiteId),
    /// A client address (with its own mask) in no configured subnet.
    Unmapped(Subnet),
}

/// Where a peer's media terminates, as far as topoc knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeerPlace {
    /// In a configured subnet of a network site.
    Mapped {
        /// The media address.
        address: Ipv4Addr,
        /// The network site.
        site: NetworkSiteId,
        /// The most specific configured subnet holding it.
        subnet: Subnet,
        /// The statement giving the address.
        span: Span,
    },
    /// In no configured subnet.
    Unmapped {
        /// The media address.
        address: Ipv4Addr,
        /// The statement giving the address.
        span: Span,
    },
    /// Unknown: the peer is given by FQDN only, or by an IPv6 address
    /// (network subnets are IPv4).
    Unknown,
}

/// The bypass analysis of a model.
pub struct Bypass<'m> {
    model: &'m Model,
    mode: BypassMode,
    site_ids: Vec<BypassId>,
    places: Vec<PeerPlace>,
    /// The conditions each trunk fails whatever the client, by trunk id.
    trunk_reasons: Vec<Vec<Reason>>,
}

/// Whether SRTP mode `srtp` is compatible with encryption level `level`
/// for bypass (LYNC-TRUNKS 5.4; `Optional` with `Required` needs the peer
/// to do SRTP, which is assumed unless the peer says `srtp off`).
pub fn srtp_compatible(srtp: SrtpMode, level: EncryptionLevel) -> bool {
    !matches!(
        (srtp, level),
        (SrtpMode::Required, EncryptionLevel::NotSupported)
            | (SrtpMode::NotSupported, EncryptionLevel::Required)
    )
}

impl<'m> Bypass<'m> {
    /// Analyses a model.
    pub fn new(model: &'m Model, in_effect: &InEffect) -> Bypass<'m> {
        let net = &model.network;
        // With call admission control on, Lync uses site and region
        // information even where always mode is written (B2; that pair is
        // an error, E43).
        let cac = net.call_admission_control.as_ref().is_some_and(|s| s.value);
        let mode = match net.bypass_mode() {
            BypassMode::Always if cac => BypassMode::SitesAndRegions,
            mode => mode,
        };
        let constrained: Vec<bool> = net
            .sites
            .iter()
            .map(|(id, s)| {
                s.bandwidth.is_some()
                    || net
                        .inter_sites
                        .iter()
                        .any(|(_, i)| i.a.id == id || i.b.id == id)
            })
            .collect();
        let site_ids = net
            .sites
            .iter()
            .map(|(id, s)| {
                if mode == BypassMode::Always {
                    return BypassId::Always;
                }
                if let Some(manual) = &s.bypass_id {
                    return BypassId::Manual(manual.value.to_lowercase());
                }
                if constrained[id.0 as usize] {
                    return BypassId::Site(id);
                }
                match &net.regions.get(s.region).bypass_id {
                    Some(manual) => BypassId::Manual(manual.value.to_lowercase()),
                    None => BypassId::Region(s.region),
                }
            })
            .collect();
        let places = model.gateways.ids().map(|g| place(model, g)).collect();
        let mut bypass = Bypass {
            model,
            mode,
            site_ids,
            places,
            trunk_reasons: Vec::new(),
        };
        bypass.trunk_reasons = model
            .trunks
            .ids()
            .map(|t| bypass.failing_for_every_client(t, in_effect.trunk(t)))
            .collect();
        bypass
    }

    /// The bypass mode in force (always mode with call admission control
    /// on counts as sites-and-regions, B2).
    pub fn mode(&self) -> BypassMode {
        self.mode
    }

    /// The bypass ID of a network site.
    pub fn site_id(&self, site: NetworkSiteId) -> &BypassId {
        &self.site_ids[site.0 as usize]
    }

    /// The ID of subnets mapped to no site, if they get one.
    pub fn unmapped_id(&self) -> Option<BypassId> {
        match self.mode {
            BypassMode::Always => Some(BypassId::Always),
            _ if self
                .model
                .network
                .default_bypass_for_unmapped
                .as_ref()
                .is_some_and(|s| s.value) =>
            {
                Some(BypassId::Default)
            }
            _ => None,
        }
    }

    /// Where a peer's media terminates.
    pub fn place(&self, gateway: GatewayId) -> &PeerPlace {
        &self.places[gateway.0 as usize]
    }

    /// The client a caller's address (with its own mask) is: the network
    /// site whose configured subnet equals the address masked with its own
    /// mask, exactly (no supernets, LYNC-TRUNKS 2.11).
    pub fn client_of(&self, address: Subnet) -> Client {
        let key = Subnet {
            address: address.network(),
            bits: address.bits,
        };
        for (id, site) in self.model.network.sites.iter() {
            if site.subnets.iter().any(|s| s.value == key) {
                return Client::Site(id);
            }
        }
        Client::Unmapped(address)
    }

    fn id_name(&self, id: &BypassId) -> String {
        let net = &self.model.network;
        match id {
            BypassId::Always => "the single ID of always mode".into(),
            BypassId::Default => "the default ID for unmapped subnets".into(),
            BypassId::Region(r) => format!("region `{}`'s ID", net.regions.get(*r).name.text),
            BypassId::Site(s) => format!(
                "the own ID of constrained site `{}`",
                net.sites.get(*s).name.text
            ),
            BypassId::Manual(v) => format!("the manual ID `{v}`"),
        }
    }

    /// The conditions a trunk fails whatever the client.
    pub fn trunk_reasons(&self, trunk: TrunkId) -> &[Reason] {
        &self.trunk_reasons[trunk.0 as usize]
    }

    /// Computes [`trunk_reasons`](Bypass::trunk_reasons), once per trunk.
    fn failing_for_every_client(&self, trunk: TrunkId, e: &Effective) -> Vec<Reason> {
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

    /// Whether a network site's own bypass ID rests only on its being an
    /// end of an inter-site policy (no bandwidth profile, no manual ID):
    /// assumption A09.
    pub fn id_from_policy_only(&self, site: NetworkSiteId) -> bool {
        let s = self.model.network.sites.get(site);
        self.site_id(site) == &BypassId::Site(site) && s.bandwidth.is_none()
    }

    /// Whether the decision for `client` and `trunk` compares a bypass ID
    /// that rests on assumption A09.
    pub fn rests_on_policy_ids(&self, client: Client, trunk: TrunkId) -> bool {
        if self.mode != BypassMode::SitesAndRegions {
            return false;
        }
        let peer = match self.place(self.model.trunks.get(trunk).gateway.id) {
            PeerPlace::Mapped { site, .. } => Some(*site),
            _ => None,
        };
        let client = match client {
            Client::Site(s) => Some(s),
            Client::Unmapped(_) => None,
        };
        [client, peer]
            .into_iter()
            .flatten()
            .any(|s| self.id_from_policy_only(s))
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

    /// Decides for a client and a trunk.
    pub fn decide(&self, client: Client, trunk: TrunkId) -> Decision {
        let m = self.model;
        let mut reasons = self.trunk_reasons(trunk).to_vec();
        if self.mode == BypassMode::SitesAndRegions {
            let g = m.gateways.get(m.trunks.get(trunk).gateway.id);
            let client_id = match client {
                Client::Site(s) => Some(self.site_id(s).clone()),
                Client::Unmapped(_) => self.unmapped_id(),
            };
            let client_name = match client {
                Client::Site(s) => format!("site `{}`", m.network.sites.get(s).name.text),
                Client::Unmapped(a) => format!("`{a}`, which is in no configured subnet,"),
            };
            let (peer_id, peer_where, peer_span) = match self.place(m.trunks.get(trunk).gateway.id)
            {
                PeerPlace::Mapped {
                    site,
                    span,
                    address,
                    ..
                } => (
                    Some(self.site_id(*site).clone()),
                    format!(
                        "`{address}` in site `{}`",
                        m.network.sites.get(*site).name.text
                    ),
                    Some(*span),
                ),
                PeerPlace::Unmapped { address, span } => (
                    self.unmapped_id(),
                    format!("`{address}`, in no configured subnet"),
                    Some(*span),
                ),
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
                    (None, String::new(), None)
                }
            };
            let known_peer = !peer_where.is_empty();
            match (client_id, peer_id) {
                (Some(c), Some(p)) if c == p => {}
                (Some(c), Some(p)) => reasons.push(Reason {
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
                (None, _) => reasons.push(Reason {
                    condition: Condition::B12,
                    message: format!("{client_name} gets no bypass ID (bypass for unmapped subnets is off)"),
                    span: m.network.span,
                    unknown: false,
                }),
                (Some(_), None) if known_peer => reasons.push(Reason {
                    condition: Condition::B12,
                    message: format!(
                        "the peer's media address {peer_where} gets no bypass ID (bypass for unmapped subnets is off)"
                    ),
                    span: peer_span,
                    unknown: false,
                }),
                (Some(_), None) => {}
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

fn level_word(l: EncryptionLevel) -> &'static str {
    match l {
        EncryptionLevel::Required => "required",
        EncryptionLevel::Supported => "supported",
        EncryptionLevel::NotSupported => "not-supported",
    }
}

/// A peer's media placement: `media-ip`, else `address`, else its name
/// when it is an IPv4 address.
fn place(model: &Model, gateway: GatewayId) -> PeerPlace {
    let g = model.gateways.get(gateway);
    let given = g
        .media_ip
        .as_ref()
        .or(g.address.as_ref())
        .map(|s| (s.value, s.span))
        .or_else(|| {
            g.name
                .text
                .parse::<IpAddr>()
                .ok()
                .map(|ip| (ip, g.name.span))
        });
    let Some((IpAddr::V4(address), span)) = given else {
        return PeerPlace::Unknown;
    };
    let mut best: Option<(NetworkSiteId, Subnet)> = None;
    for (id, site) in model.network.sites.iter() {
        for s in &site.subnets {
            if s.value.contains(address) && best.is_none_or(|(_, b)| s.value.bits > b.bits) {
                best = Some((id, s.value));
            }
        }
    }
    match best {
        Some((site, subnet)) => PeerPlace::Mapped {
            address,
            site,
            subnet,
            span,
        },
        None => PeerPlace::Unmapped { address, span },
    }
}

#[cfg(test)]
mod tests {
    //! Each test starts from a project where clients of `HQ` bypass through
    //! `gw1`, flips one condition, and watches the decision change.
    use super::*;
    use crate::source::Sources;

    const BASE: &str = r#"
deployment { media-encryption required }
site Redmond {
  frontend-pool fe.contoso.com {
    servers [fe1.contoso.com]
    mediation collocated { tls-ports 5067; tcp-ports 5068 }
  }
  gateway gw1.contoso.com {
    kind pstn-gateway
    media-ip 10.1.20.5
    root-trunk { port 5067 tls; mediation fe.contoso.com port 5067 }
  }
}
trunk-config global { media-bypass on }
network {
  bypass-mode sites-and-regions
  bandwidth-profile Wan { audio 2000 }
  region NA {
    central-site Redmond
    network-site HQ { subnets [10.1.0.0/16] }
    network-site HQ2 { subnets [10.2.0.0/16] }
    network-site Branch { subnets [10.20.0.0/24]; bandwidth Wan }
  }
  region EU {
    central-site Redmond
    network-site London { subnets [10.30.0.0/16] }
  }
}
"#;

    /// The decision for clients of `site` through `gw1` in `text`.
    fn decide(text: &str, site: &str) -> Decision {
        let mut s = Sources::new();
        s.add("t.topo", text);
        let checked = crate::check(&s);
        let m = checked
            .model
            .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
        let b = Bypass::new(&m, &InEffect::new(&m));
        let site = m
            .network
            .sites
            .iter()
            .find(|(_, n)| n.name.text == site)
            .unwrap()
            .0;
        let trunk = m.trunks.ids().next().unwrap();
        b.decide(Client::Site(site), trunk)
    }

    fn conditions(d: &Decision) -> Vec<&'static str> {
        d.reasons.iter().map(|r| r.condition.id()).collect()
    }

    fn flip(from: &str, to: &str) -> String {
        assert!(BASE.contains(from), "{from}");
        BASE.replacen(from, to, 1)
    }

    #[test]
    fn the_base_project_bypasses() {
        let d = decide(BASE, "HQ");
        assert_eq!(d.verdict, Verdict::Yes, "{:?}", d.reasons);
    }

    #[test]
    fn b1_bypass_off_globally() {
        let d = decide(
            &flip("bypass-mode sites-and-regions", "bypass-mode off"),
            "HQ",
        );
        assert_eq!((d.verdict, conditions(&d)), (Verdict::No, vec!["B1"]));
    }

    #[test]
    fn b3_bypass_off_on_the_trunk() {
        let d = decide(&flip("{ media-bypass on }", "{ media-bypass off }"), "HQ");
        assert_eq!((d.verdict, conditions(&d)), (Verdict::No, vec!["B3"]));
    }

    #[test]
    fn b4_centralized_media_off() {
        let d = decide(
            &flip(
                "{ media-bypass on }",
                "{ media-bypass on; centralized-media off }",
            ),
            "HQ",
        );
        assert_eq!(conditions(&d), ["B4"]);
    }

    #[test]
    fn b5_refer_off_needs_rtcp_off() {
        let d = decide(
            &flip("{ media-bypass on }", "{ media-bypass on; refer off }"),
            "HQ",
        );
        assert_eq!(conditions(&d), ["B5"]);
        let text = flip(
            "{ media-bypass on }",
            "{ media-bypass on; refer off; refer-3pcc on; rtcp-active-calls off; rtcp-calls-on-hold off }",
        );
        assert_eq!(decide(&text, "HQ").verdict, Verdict::Yes);
    }

    #[test]
    fn b6_srtp_against_the_encryption_level() {
        let text = flip(
            "media-encryption required",
            "media-encryption not-supported",
        );
        assert_eq!(conditions(&decide(&text, "HQ")), ["B6"]);
        let text = flip(
            "{ media-bypass on }",
            "{ media-bypass on; srtp not-supported }",
        );
        assert_eq!(conditions(&decide(&text, "HQ")), ["B6"]);
        let text = flip("{ media-bypass on }", "{ media-bypass on; srtp optional }");
        assert_eq!(decide(&text, "HQ").verdict, Verdict::Yes);
        // `optional` against required encryption needs a peer that does SRTP.
        let text = text.replace("kind pstn-gateway\n", "kind pstn-gateway\n    srtp off\n");
        assert!(text.contains("srtp off"));
        assert_eq!(conditions(&decide(&text, "HQ")), ["B6"]);
    }

    #[test]
    fn b6_tcp_forces_srtp_off() {
        let text = flip(
            "root-trunk { port 5067 tls; mediation fe.contoso.com port 5067 }",
            "root-trunk { port 5066 tcp; mediation fe.contoso.com port 5068 }",
        );
        assert_eq!(conditions(&decide(&text, "HQ")), ["B6"]);
        let text = text.replacen("media-encryption required", "media-encryption supported", 1);
        assert_eq!(decide(&text, "HQ").verdict, Verdict::Yes);
    }

    #[test]
    fn b7_peer_without_early_dialogs() {
        let d = decide(
            &flip("kind pstn-gateway", "kind pstn-gateway; early-dialogs off"),
            "HQ",
        );
        assert_eq!(conditions(&d), ["B7"]);
    }

    #[test]
    fn b8_peer_refusing_client_media() {
        let d = decide(
            &flip(
                "kind pstn-gateway",
                "kind pstn-gateway; accepts-client-media off",
            ),
            "HQ",
        );
        assert_eq!(conditions(&d), ["B8"]);
    }

    #[test]
    fn b10_peer_given_by_fqdn_only_is_unknown() {
        let d = decide(&flip("    media-ip 10.1.20.5\n", ""), "HQ");
        assert_eq!((d.verdict, conditions(&d)), (Verdict::Unknown, vec!["B10"]));
        assert!(!d.bypass());
    }

    #[test]
    fn b10_address_places_the_peer_when_there_is_no_media_ip() {
        let d = decide(&flip("media-ip 10.1.20.5", "address 10.1.20.5"), "HQ");
        assert_eq!(d.verdict, Verdict::Yes);
        // media-ip wins over address.
        let d = decide(
            &flip(
                "media-ip 10.1.20.5",
                "media-ip 10.1.20.5; address 10.20.0.9",
            ),
            "HQ",
        );
        assert_eq!(d.verdict, Verdict::Yes);
    }

    #[test]
    fn b12_constrained_site_has_its_own_id() {
        assert_eq!(conditions(&decide(BASE, "Branch")), ["B12"]);
        // ... and bypasses to a peer inside it.
        let d = decide(&flip("media-ip 10.1.20.5", "media-ip 10.20.0.5"), "Branch");
        assert_eq!(d.verdict, Verdict::Yes);
    }

    #[test]
    fn b12_unconstrained_sites_share_the_region_id() {
        assert_eq!(decide(BASE, "HQ2").verdict, Verdict::Yes);
    }

    #[test]
    fn b12_another_region_never_shares_an_id() {
        assert_eq!(conditions(&decide(BASE, "London")), ["B12"]);
    }

    #[test]
    fn b12_an_inter_site_policy_splits_the_ids() {
        let text = flip(
            "  region EU {",
            "  inter-site HQ HQ2 { bandwidth Wan }\n  region EU {",
        );
        assert_eq!(conditions(&decide(&text, "HQ2")), ["B12"]);
        // Clients and peer in the same constrained site still bypass.
        assert_eq!(decide(&text, "HQ").verdict, Verdict::Yes);
    }

    #[test]
    fn b12_unmapped_peer_gets_no_id_unless_default_bypass_is_on() {
        let text = flip("media-ip 10.1.20.5", "media-ip 192.168.1.5");
        assert_eq!(conditions(&decide(&text, "HQ")), ["B12"]);
        // The default ID is not the region's: still no bypass from HQ.
        let text = text.replacen(
            "bypass-mode sites-and-regions",
            "bypass-mode sites-and-regions; default-bypass-for-unmapped on",
            1,
        );
        assert_eq!(conditions(&decide(&text, "HQ")), ["B12"]);
        // An unmapped client shares the unmapped peer's default ID only
        // when the setting is on.
        let unmapped = |text: &str| {
            let mut s = Sources::new();
            s.add("t.topo", text);
            let m = crate::check(&s).model.unwrap();
            let b = Bypass::new(&m, &InEffect::new(&m));
            let client = Client::Unmapped(Subnet {
                address: "192.168.9.10".parse().unwrap(),
                bits: 24,
            });
            b.decide(client, m.trunks.ids().next().unwrap())
        };
        assert_eq!(unmapped(&text).verdict, Verdict::Yes);
        let off = flip("media-ip 10.1.20.5", "media-ip 192.168.1.5");
        assert_eq!(conditions(&unmapped(&off)), ["B12"]);
    }

    #[test]
    fn always_mode_bypasses_everywhere() {
        let text = flip("bypass-mode sites-and-regions", "bypass-mode always");
        assert_eq!(decide(&text, "Branch").verdict, Verdict::Yes);
        assert_eq!(decide(&text, "London").verdict, Verdict::Yes);
    }

    fn decide_anywhere(text: &str) -> Decision {
        let mut s = Sources::new();
        s.add("t.topo", text);
        let m = crate::check(&s).model.unwrap();
        let b = Bypass::new(&m, &InEffect::new(&m));
        let t = m.trunks.ids().next().unwrap();
        b.decide_anywhere(t, "no place")
    }

    #[test]
    fn a_caller_anywhere_is_decided_when_the_place_does_not_matter() {
        // Sites and regions: B12 depends on the caller.
        let d = decide_anywhere(BASE);
        assert_eq!(d.verdict, Verdict::Unknown);
        assert_eq!(conditions(&d), ["B12"]);
        // Always mode: one ID for every subnet.
        let always = flip("bypass-mode sites-and-regions", "bypass-mode always");
        assert_eq!(decide_anywhere(&always).verdict, Verdict::Yes);
        // Off globally, or off on the trunk: no wherever the caller is.
        let off = flip("bypass-mode sites-and-regions", "bypass-mode off");
        let d = decide_anywhere(&off);
        assert_eq!((d.verdict, conditions(&d)), (Verdict::No, vec!["B1"]));
        let trunk_off = flip(
            "trunk-config global { media-bypass on }",
            "trunk-config global { media-bypass off }",
        );
        let d = decide_anywhere(&trunk_off);
        assert_eq!((d.verdict, conditions(&d)), (Verdict::No, vec!["B3"]));
    }

    #[test]
    fn clients_by_address_match_subnets_exactly() {
        let mut s = Sources::new();
        s.add("t.topo", BASE);
        let m = crate::check(&s).model.unwrap();
        let b = Bypass::new(&m, &InEffect::new(&m));
        let hq = m
            .network
            .sites
            .iter()
            .find(|(_, n)| n.name.text == "HQ")
            .unwrap()
            .0;
        let at = |a: &str, bits| Subnet {
            address: a.parse().unwrap(),
            bits,
        };
        assert_eq!(b.client_of(at("10.1.4.20", 16)), Client::Site(hq));
        // A /24 client inside the configured /16 does not match it (no supernets).
        assert_eq!(
            b.client_of(at("10.1.4.20", 24)),
            Client::Unmapped(at("10.1.4.20", 24))
        );
    }
}
