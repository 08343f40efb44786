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

mod decide;
mod ids;
mod place;
#[cfg(test)]
mod tests;

use std::net::{IpAddr, Ipv4Addr};

use crate::model::effective::ShowValue;

use crate::model::{
    BypassMode, Effective, EncryptionLevel, GatewayId, IdVec, InEffect, Model, NetworkSiteId,
    RegionId, SrtpMode, Subnet, Transport, TrunkId,
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

    /// `on`, `off` or `unknown`, as a call's trace and its golden tests say
    /// it.
    pub fn on_off(self) -> &'static str {
        match self {
            Verdict::Yes => "on",
            Verdict::No => "off",
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
    site_ids: IdVec<NetworkSiteId, BypassId>,
    places: IdVec<GatewayId, PeerPlace>,
    /// The conditions each trunk fails whatever the client, by trunk id.
    trunk_reasons: IdVec<TrunkId, Vec<Reason>>,
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
        let site_ids = ids::site_ids(model, mode);
        let places = model
            .gateways
            .ids()
            .map(|g| place::place(model, g))
            .collect();
        let mut bypass = Bypass {
            model,
            mode,
            site_ids,
            places,
            trunk_reasons: IdVec::from_vec(Vec::new()),
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

    /// Where a peer's media terminates.
    pub fn place(&self, gateway: GatewayId) -> &PeerPlace {
        &self.places[gateway]
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

    /// The configured subnets that hold `address`, most specific first,
    /// with their network sites: where a client whose own mask differs
    /// would be if Lync matched subnets by containment (it does not).
    pub fn subnets_holding(&self, address: Ipv4Addr) -> Vec<(NetworkSiteId, Subnet)> {
        let mut found: Vec<(NetworkSiteId, Subnet)> = self
            .model
            .network
            .sites
            .iter()
            .flat_map(|(id, site)| site.subnets.iter().map(move |s| (id, s.value)))
            .filter(|(_, s)| s.contains(address))
            .collect();
        found.sort_by_key(|(id, s)| (std::cmp::Reverse(s.bits), *id));
        found
    }

    /// The conditions a trunk fails whatever the client.
    pub fn trunk_reasons(&self, trunk: TrunkId) -> &[Reason] {
        &self.trunk_reasons[trunk]
    }
}
