//! The typed model of a topology: every object of LANGUAGE.md with its
//! references resolved to ids.
//!
//! [`lower`](lower::lower) builds it from the syntax trees and reports every
//! name and value error (T01xx); it returns a model only when there are none,
//! so later stages never see a dangling reference. Objects live in
//! [`Arena`]s indexed by id newtypes, in name order (scoped objects in scope
//! order), so ids and iteration order do not depend on how a project is
//! split into files or in what order things are declared. Settings
//! keep the span of the statement that set them, for diagnostics; the serde
//! form skips spans.
//!
//! The topology graph (pools, peers, trunks, routes) is in [`graph`]; its
//! petgraph types stay there.

pub mod effective;
pub mod graph;
pub mod identity;
pub mod lower;
mod number_range;
pub mod queries;
pub mod values;

use std::marker::PhantomData;
use std::net::{IpAddr, Ipv4Addr};

use serde::Serialize;

use crate::diagnostics::Code;
use crate::source::Span;

pub use effective::{Effective, InEffect, TrunkSettings};
pub use lower::lower;
pub use number_range::NumberRange;

/// A vector of objects addressed by an id newtype.
#[derive(Clone, Debug)]
pub struct Arena<I, T> {
    items: Vec<T>,
    _id: PhantomData<I>,
}

impl<I, T> Default for Arena<I, T> {
    fn default() -> Self {
        Arena {
            items: Vec::new(),
            _id: PhantomData,
        }
    }
}

/// Ids are dense `u32` indexes.
pub trait Id: Copy {
    /// The id of the `index`th object.
    fn from_index(index: usize) -> Self;
    /// The index of this id.
    fn index(self) -> usize;
}

impl<I: Id, T> Arena<I, T> {
    /// Adds an object and returns its id.
    pub fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::from_index(self.items.len() - 1)
    }

    /// The object with this id.
    pub fn get(&self, id: I) -> &T {
        &self.items[id.index()]
    }

    /// The object with this id, mutably.
    pub fn get_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }

    /// Objects with their ids, in id order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (I, &T)> + '_ {
        self.items
            .iter()
            .enumerate()
            .map(|(i, t)| (I::from_index(i), t))
    }

    /// All ids, in order.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = I> + use<I, T> {
        (0..self.items.len()).map(I::from_index)
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts the objects by a key, renumbering them; returns, for each old
    /// id's index, the new id, so references can be remapped.
    pub(crate) fn sort_by_key<K: Ord>(&mut self, mut key: impl FnMut(&T) -> K) -> Vec<I> {
        let mut order: Vec<usize> = (0..self.items.len()).collect();
        order.sort_by_key(|&i| key(&self.items[i]));
        let mut new = vec![I::from_index(0); self.items.len()];
        for (rank, &old) in order.iter().enumerate() {
            new[old] = I::from_index(rank);
        }
        let mut slots: Vec<Option<T>> = self.items.drain(..).map(Some).collect();
        self.items = order
            .into_iter()
            .filter_map(|old| slots[old].take())
            .collect();
        new
    }
}

impl<I, T: Serialize> Serialize for Arena<I, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl Id for $name {
            fn from_index(index: usize) -> Self {
                $name(index as u32)
            }
            fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// A Topology Builder site (central or branch).
    SiteId;
    /// A Front End or stand-alone Mediation pool.
    PoolId;
    /// A PSTN peer: gateway, IP-PBX or ITSP SBC.
    GatewayId;
    /// A trunk, root or additional.
    TrunkId;
    /// A PSTN usage.
    UsageId;
    /// A trunk configuration collection.
    TrunkConfigId;
    /// A voice route.
    RouteId;
    /// A range of the unassigned number table.
    UnassignedId;
    /// A voice policy.
    VoicePolicyId;
    /// A dial plan.
    DialPlanId;
    /// A network region.
    RegionId;
    /// A network site.
    NetworkSiteId;
    /// A bandwidth policy profile.
    BandwidthProfileId;
    /// An inter-site policy.
    InterSiteId;
    /// A link between network regions.
    RegionLinkId;
    /// A golden call test.
    TestId;
}

/// A declared name and where it is declared.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Ident {
    /// The name as written (unquoted, unescaped).
    pub text: String,
    /// The name's token.
    #[serde(skip)]
    pub span: Span,
}

/// A value with the span of the statement that set it.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// A resolved reference and where it is written.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(transparent)]
pub struct Ref<I> {
    /// The object referred to.
    pub id: I,
    /// The reference's token.
    #[serde(skip)]
    pub span: Span,
}

/// A single-quoted pattern, translation or dial string, exactly as written
/// (with `''` read as `'`).
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Pattern {
    /// The text between the quotes.
    pub text: String,
    /// The token, quotes included.
    #[serde(skip)]
    pub span: Span,
}

impl Pattern {
    /// The span of `len` bytes at byte `offset` of the text, inside the
    /// token: the quote and every doubled `''` before it accounted for.
    pub fn sub_span(&self, offset: usize, len: usize) -> Span {
        let offset = offset.min(self.text.len());
        let end = (offset + len).min(self.text.len());
        if !self.text.is_char_boundary(offset) || !self.text.is_char_boundary(end) {
            return self.span;
        }
        let quotes_before = self.text[..offset].matches('\'').count();
        let quotes_inside = self.text[offset..end].matches('\'').count();
        let start = self.span.start + 1 + (offset + quotes_before) as u32;
        Span {
            file: self.span.file,
            start,
            end: start + (end - offset + quotes_inside) as u32,
        }
    }
}

/// An accepted warning: `allow NAME "reason"`. It concerns the declaration
/// (or block) it is written in, and accepts that warning for everything
/// inside it.
#[derive(Clone, Debug, Serialize)]
pub struct Allow {
    /// The warning accepted.
    #[serde(serialize_with = "serialize_code")]
    pub code: Code,
    /// Why it is accepted.
    pub reason: String,
    /// The `allow` statement.
    #[serde(skip)]
    pub span: Span,
    /// The statement whose block holds the `allow`: what it covers.
    #[serde(skip)]
    pub scope: Span,
}

fn serialize_code<S: serde::Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(code.info().name)
}

/// An inclusive port range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PortRange {
    /// First port.
    pub first: u16,
    /// Last port (equal to `first` for one port).
    pub last: u16,
}

impl PortRange {
    /// Whether `port` lies in the range.
    pub fn contains(self, port: u16) -> bool {
        (self.first..=self.last).contains(&port)
    }

    /// Whether it holds more than one port.
    pub fn is_range(self) -> bool {
        self.last > self.first
    }

    /// Whether two ranges share a port.
    pub fn overlaps(self, other: PortRange) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

/// An IPv4 subnet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Subnet {
    /// The address as written (the network address for configured subnets).
    pub address: Ipv4Addr,
    /// Mask length, 1–32.
    pub bits: u8,
}

impl Subnet {
    /// The network address: `address` with the host bits cleared.
    pub fn network(self) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.address) & self.mask())
    }

    /// The mask as a 32-bit value.
    pub fn mask(self) -> u32 {
        if self.bits == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(self.bits))
        }
    }

    /// Whether `ip` lies in the subnet.
    pub fn contains(self, ip: Ipv4Addr) -> bool {
        u32::from(ip) & self.mask() == u32::from(self.network())
    }
}

impl std::fmt::Display for Subnet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.address, self.bits)
    }
}

// ----------------------------------------------------------- deployment ---

/// The target product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Product {
    /// Lync Server 2013 (the default).
    #[default]
    #[serde(rename = "lync-2013")]
    Lync2013,
    /// Skype for Business Server 2015.
    #[serde(rename = "sfb-2015")]
    Sfb2015,
}

/// The global media configuration's `EncryptionLevel` (LYNC-TRUNKS 2.12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum EncryptionLevel {
    /// `RequireEncryption` (the default).
    #[default]
    Required,
    /// `SupportEncryption`.
    Supported,
    /// `DoNotSupportEncryption`.
    NotSupported,
}

/// `deployment { ... }`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Deployment {
    /// Target product.
    pub product: Product,
    /// Global media encryption level.
    pub media_encryption: EncryptionLevel,
    /// The `media-encryption` statement, when written.
    #[serde(skip)]
    pub media_encryption_span: Option<Span>,
    /// The declaration, when there is one.
    #[serde(skip)]
    pub span: Option<Span>,
}

// ------------------------------------------------------- sites and pools ---

/// Central or branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "central-site")]
pub enum SiteKind {
    /// A central site.
    Central,
    /// A branch site and its central site.
    Branch(SiteId),
}

/// A Topology Builder site.
#[derive(Clone, Debug, Serialize)]
pub struct Site {
    /// Its name.
    pub name: Ident,
    /// Central or branch.
    #[serde(flatten)]
    pub kind: SiteKind,
    /// Enterprise Voice users at the site.
    pub users: Option<Setting<u32>>,
    /// How heavily they use the PSTN.
    pub usage_profile: Option<Setting<UsageProfile>>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

/// How heavily a site's users call the PSTN: the gateway sizing guidance
/// of LYNC-TRUNKS W11 (one PSTN port per 15, 10 or 5 users).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UsageProfile {
    /// One port per 15 users.
    Light,
    /// One port per 10 users.
    Moderate,
    /// One port per 5 users.
    Heavy,
}

impl UsageProfile {
    /// Users one PSTN port serves.
    pub fn users_per_port(self) -> u32 {
        match self {
            UsageProfile::Light => 15,
            UsageProfile::Moderate => 10,
            UsageProfile::Heavy => 5,
        }
    }
}

/// An Edge pool, declared for its A/V public addresses.
#[derive(Clone, Debug, Serialize)]
pub struct EdgePool {
    /// Pool FQDN.
    pub name: Ident,
    /// The site it is declared in.
    pub site: SiteId,
    /// Public addresses of its A/V Edge service.
    pub av_public_ips: Vec<Setting<IpAddr>>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

/// Front End or stand-alone Mediation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PoolRole {
    /// A Front End pool (a Registrar).
    FrontEnd,
    /// A stand-alone Mediation pool.
    Mediation,
}

/// The Mediation Server role of a pool: its peer-facing listening ports.
#[derive(Clone, Debug, Serialize)]
pub struct MediationRole {
    /// Collocated on a Front End pool.
    pub collocated: bool,
    /// TLS listening ports, when given.
    pub tls_ports: Option<Setting<PortRange>>,
    /// TCP listening ports; the TCP listener is off unless given.
    pub tcp_ports: Option<Setting<PortRange>>,
    /// Where the role is declared (the pool, or its `mediation collocated`).
    #[serde(skip)]
    pub span: Span,
}

impl MediationRole {
    /// Topology Builder's default TLS range for traffic from peers.
    pub const DEFAULT_TLS_PORTS: PortRange = PortRange {
        first: 5067,
        last: 5067,
    };

    /// The TLS ports in effect.
    pub fn tls_range(&self) -> PortRange {
        self.tls_ports
            .as_ref()
            .map_or(Self::DEFAULT_TLS_PORTS, |s| s.value)
    }

    /// The TCP ports in effect; `None` when the TCP listener is off.
    pub fn tcp_range(&self) -> Option<PortRange> {
        self.tcp_ports.as_ref().map(|s| s.value)
    }
}

/// A Front End or stand-alone Mediation pool.
#[derive(Clone, Debug, Serialize)]
pub struct Pool {
    /// Pool FQDN.
    pub name: Ident,
    /// Front End or Mediation.
    pub role: PoolRole,
    /// The site it is declared in.
    pub site: SiteId,
    /// Member server FQDNs.
    pub servers: Vec<Ident>,
    /// The Mediation role, for Mediation pools and Front End pools with a
    /// collocated Mediation Server.
    pub mediation: Option<MediationRole>,
    /// Next-hop Front End pool (stand-alone Mediation pools).
    pub next_hop: Option<Ref<PoolId>>,
    /// Whether DNS load balancing is declared.
    pub dns_load_balancing: Option<Setting<bool>>,
    /// Declared peak concurrent calls through the pool's media path.
    pub expected_calls: Option<Setting<u32>>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

// --------------------------------------------------- gateways and trunks ---

/// What a PSTN peer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeerKind {
    /// A PSTN gateway (the default: Topology Builder calls every peer one).
    PstnGateway,
    /// An IP-PBX.
    IpPbx,
    /// An ITSP's session border controller.
    Itsp,
    /// A TDM PBX (declared to be warned about: it needs a gateway in between).
    TdmPbx,
}

/// SIP transport of a trunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// TLS.
    Tls,
    /// TCP.
    Tcp,
}

/// A PSTN peer.
#[derive(Clone, Debug, Serialize)]
pub struct Gateway {
    /// FQDN or IP address; the root trunk's default name.
    pub name: Ident,
    /// The site it is declared in.
    pub site: SiteId,
    /// What it is (`pstn-gateway` when not given).
    pub kind: Option<Setting<PeerKind>>,
    /// Signalling IP address.
    pub address: Option<Setting<IpAddr>>,
    /// Where its media terminates (`RepresentativeMediaIP`).
    pub media_ip: Option<Setting<IpAddr>>,
    /// IP listening mode IPv6.
    pub ipv6: Option<Setting<bool>>,
    /// Numbers it terminates; none given means every number.
    pub owns: Vec<Pattern>,
    /// Numbers its calls into Lync can carry; none given means any.
    pub sends: Vec<Pattern>,
    /// Accepts media directly from Lync clients.
    pub accepts_client_media: Option<Setting<bool>>,
    /// Faces the PSTN (implied by `pstn-gateway` and `itsp`).
    pub pstn_access: Option<Setting<bool>>,
    /// Handles forked early dialogs.
    pub early_dialogs: Option<Setting<bool>>,
    /// Rewrites called and calling numbers itself (W22).
    pub translates: Option<Setting<bool>>,
    /// Does SRTP (`srtp on`) or does not (`srtp off`); unknown when not
    /// given.
    pub srtp: Option<Setting<bool>>,
    /// Spreads its traffic over every member of a Mediation pool (DNS load balancing).
    pub pool_load_balancing: Option<Setting<bool>>,
    /// Accepts traffic from any member of a Mediation pool.
    pub accepts_any_server: Option<Setting<bool>>,
    /// Sits behind a slow or high-latency link.
    pub high_latency: Option<Setting<bool>>,
    /// Is a certified E9-1-1 service provider's gateway.
    pub e911_provider: Option<Setting<bool>>,
    /// PSTN channels (ports) it offers.
    pub channels: Option<Setting<u32>>,
    /// The vendor's stated limit of early dialogs.
    pub max_early_dialogs: Option<Setting<u32>>,
    /// The ITSP whose gateway this is.
    pub provider: Option<Setting<String>>,
    /// Its root trunk, when declared.
    pub root_trunk: Option<TrunkId>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

impl Gateway {
    /// The kind in effect.
    pub fn kind(&self) -> PeerKind {
        self.kind
            .as_ref()
            .map_or(PeerKind::PstnGateway, |k| k.value)
    }

    /// Whether the gateway is named by an IP address rather than an FQDN.
    pub fn named_by_ip(&self) -> bool {
        self.name.text.parse::<IpAddr>().is_ok()
    }

    /// Whether calls entering from it come from the PSTN (LANGUAGE.md section 5).
    pub fn faces_pstn(&self) -> bool {
        matches!(self.kind(), PeerKind::PstnGateway | PeerKind::Itsp)
            || self.pstn_access.as_ref().is_some_and(|s| s.value)
    }
}

/// A trunk: a Mediation pool and port tied to a peer and port.
#[derive(Clone, Debug, Serialize)]
pub struct Trunk {
    /// Trunk name (a root trunk is named after its gateway unless renamed).
    pub name: Ident,
    /// Root trunk of its gateway, or an additional trunk.
    pub root: bool,
    /// The site it is declared in.
    pub site: SiteId,
    /// The peer.
    pub gateway: Ref<GatewayId>,
    /// The peer's listening port.
    pub peer_port: Setting<u16>,
    /// SIP transport.
    pub transport: Transport,
    /// The Mediation pool.
    pub mediation: Ref<PoolId>,
    /// The Mediation pool's port for this trunk (the span is the number's).
    pub mediation_port: Setting<u16>,
    /// Marked as its Mediation Server's default trunk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Setting<bool>>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

// ------------------------------------------------------------- usages ---

/// A PSTN usage.
#[derive(Clone, Debug, Serialize)]
pub struct Usage {
    /// The usage string.
    pub name: Ident,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

/// A normalization or translation rule.
#[derive(Clone, Debug, Serialize)]
pub struct NumberRule {
    /// Rule name (unique in its list).
    pub name: Ident,
    /// .NET regular expression.
    pub pattern: Pattern,
    /// .NET replacement.
    pub translation: Pattern,
    /// `IsInternalExtension` (normalization rules).
    pub internal_extension: Option<Setting<bool>>,
    /// Description.
    pub description: Option<Setting<String>>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

// --------------------------------------------------- trunk configuration ---

/// The scope of a trunk configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "id")]
pub enum ConfigScope {
    /// `global`
    Global,
    /// `site:X`
    Site(SiteId),
    /// `trunk:T`
    Trunk(TrunkId),
}

/// `srtp`: SRTPMode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SrtpMode {
    /// `Required` (Lync's default).
    Required,
    /// `Optional`.
    Optional,
    /// `NotSupported`.
    NotSupported,
}

/// A trunk configuration collection.
#[derive(Clone, Debug, Serialize)]
pub struct TrunkConfig {
    /// Where it applies.
    pub scope: ConfigScope,
    /// The scope's token.
    #[serde(skip)]
    pub scope_span: Span,
    /// The collection its settings are copied from, if any.
    pub from: Option<Ref<TrunkConfigId>>,
    /// The settings written in its own block.
    pub written: TrunkSettings,
    /// The settings after `from` copies: the block's, else the copied ones.
    pub settings: TrunkSettings,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

// ----------------------------------------------------- routes, policies ---

/// Where the unassigned number table sends calls to a range.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Treatment {
    /// An announcement of the Announcement application on a Front End
    /// pool's Application service (`AnnouncementService`,
    /// `AnnouncementName`); topoc does not create the announcement.
    Announcement {
        /// The pool whose Application service holds it.
        pool: Ref<PoolId>,
        /// The announcement's name (`New-CsAnnouncement -Name`).
        name: Setting<String>,
    },
    /// An Exchange UM Auto Attendant (`ExUmAutoAttendantPhoneNumber`).
    ExchangeUm(Pattern),
}

/// A range of the unassigned number table (New-CsUnassignedNumber).
#[derive(Clone, Debug, Serialize)]
pub struct UnassignedRange {
    /// Its name (`Identity`).
    pub name: Ident,
    /// The numbers.
    pub range: Setting<NumberRange>,
    /// Where calls go.
    pub treatment: Treatment,
    /// `Priority`; lower first.
    pub priority: Option<Setting<i32>>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

/// A voice route.
#[derive(Clone, Debug, Serialize)]
pub struct Route {
    /// Route name.
    pub name: Ident,
    /// `NumberPattern`.
    pub pattern: Pattern,
    /// `PstnUsages` (a set).
    pub usages: Vec<Ref<UsageId>>,
    /// `PstnGatewayList` (a set of trunks).
    pub trunks: Vec<Ref<TrunkId>>,
    /// `Priority`; lower first.
    pub priority: Option<Setting<i32>>,
    /// `SuppressCallerId` with this `AlternateCallerId`.
    pub caller_id: Option<Pattern>,
    /// `Description`.
    pub description: Option<Setting<String>>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

/// The scope of a voice policy.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "id")]
pub enum PolicyScope {
    /// `global`
    Global,
    /// `site:X`
    Site(SiteId),
    /// `tag:X` (per user)
    Tag(String),
}

/// `call-forwarding-usages`: `CallForwardingSimulRingUsageType`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallForwarding {
    /// `VoicePolicyUsage` (the default).
    VoicePolicy,
    /// `InternalOnly`.
    InternalOnly,
    /// `CustomUsage` with these usages.
    Custom(Vec<Ref<UsageId>>),
}

/// A voice policy.
#[derive(Clone, Debug, Serialize)]
pub struct VoicePolicy {
    /// Where it applies.
    pub scope: PolicyScope,
    /// The scope as written (`tag:Execs`), for messages.
    #[serde(skip)]
    pub scope_text: String,
    /// The scope's token.
    #[serde(skip)]
    pub scope_span: Span,
    /// `PstnUsages`, in order.
    pub usages: Vec<Ref<UsageId>>,
    /// Where `usages` is written.
    #[serde(skip)]
    pub usages_span: Option<Span>,
    /// `CallForwardingSimulRingUsageType` and custom usages.
    pub call_forwarding: Option<Setting<CallForwarding>>,
    /// The `on`/`off` flags that are written, by keyword.
    pub flags: Vec<(PolicyFlag, Setting<bool>)>,
    /// `Description`.
    pub description: Option<Setting<String>>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

/// The `on`/`off` flags of a voice policy (LANGUAGE.md section 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyFlag {
    /// `AllowCallForwarding`, default on.
    AllowCallForwarding,
    /// `AllowSimulRing`, default on.
    AllowSimulRing,
    /// `AllowPSTNReRouting`, default on.
    AllowPstnRerouting,
    /// `PreventPSTNTollBypass`, default off.
    PreventPstnTollBypass,
    /// `EnableCallPark`, default off.
    EnableCallPark,
    /// `EnableCallTransfer`, default on.
    EnableCallTransfer,
    /// `EnableDelegation`, default on.
    EnableDelegation,
    /// `EnableTeamCall`, default on.
    EnableTeamCall,
    /// `EnableMaliciousCallTracing`, default off.
    EnableMaliciousCallTracing,
    /// `EnableBWPolicyOverride`, default off.
    EnableBwPolicyOverride,
}

impl PolicyFlag {
    /// Every flag, in the order the emitted script writes them.
    pub const ALL: [PolicyFlag; 10] = [
        PolicyFlag::AllowCallForwarding,
        PolicyFlag::AllowSimulRing,
        PolicyFlag::AllowPstnRerouting,
        PolicyFlag::PreventPstnTollBypass,
        PolicyFlag::EnableCallPark,
        PolicyFlag::EnableCallTransfer,
        PolicyFlag::EnableDelegation,
        PolicyFlag::EnableTeamCall,
        PolicyFlag::EnableMaliciousCallTracing,
        PolicyFlag::EnableBwPolicyOverride,
    ];

    /// The `*-CsVoicePolicy` parameter.
    pub fn parameter(self) -> &'static str {
        use PolicyFlag::*;
        match self {
            AllowCallForwarding => "AllowCallForwarding",
            AllowSimulRing => "AllowSimulRing",
            AllowPstnRerouting => "AllowPSTNReRouting",
            PreventPstnTollBypass => "PreventPSTNTollBypass",
            EnableCallPark => "EnableCallPark",
            EnableCallTransfer => "EnableCallTransfer",
            EnableDelegation => "EnableDelegation",
            EnableTeamCall => "EnableTeamCall",
            EnableMaliciousCallTracing => "EnableMaliciousCallTracing",
            EnableBwPolicyOverride => "EnableBWPolicyOverride",
        }
    }

    /// Lync's default (New-CsVoicePolicy).
    pub fn default_value(self) -> bool {
        use PolicyFlag::*;
        matches!(
            self,
            AllowCallForwarding
                | AllowSimulRing
                | AllowPstnRerouting
                | EnableCallTransfer
                | EnableDelegation
                | EnableTeamCall
        )
    }
}

impl VoicePolicy {
    /// A flag's value in effect.
    pub fn flag(&self, flag: PolicyFlag) -> bool {
        self.flags
            .iter()
            .find(|(f, _)| *f == flag)
            .map_or(flag.default_value(), |(_, s)| s.value)
    }
}

// ------------------------------------------------------------ dial plans ---

/// The scope of a dial plan.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "id")]
pub enum DialPlanScope {
    /// `global`
    Global,
    /// `site:X`
    Site(SiteId),
    /// `registrar:FQDN` (a Front End pool)
    Registrar(PoolId),
    /// `trunk:T` (calls arriving on that trunk)
    Trunk(TrunkId),
    /// `tag:X` (per user)
    Tag(String),
}

/// A dial plan.
#[derive(Clone, Debug, Serialize)]
pub struct DialPlan {
    /// Where it applies.
    pub scope: DialPlanScope,
    /// The scope as written (`site:Redmond`), for messages.
    #[serde(skip)]
    pub scope_text: String,
    /// The scope's token.
    #[serde(skip)]
    pub scope_span: Span,
    /// `SimpleName`, when written.
    pub simple_name: Option<Setting<String>>,
    /// `ExternalAccessPrefix`.
    pub external_access_prefix: Option<Pattern>,
    /// `OptimizeDeviceDialing`.
    pub optimize_device_dialing: Option<Setting<bool>>,
    /// Normalization rules, in order.
    pub rules: Vec<NumberRule>,
    /// `Description`.
    pub description: Option<Setting<String>>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

// --------------------------------------------------------------- network ---

/// `bypass-mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum BypassMode {
    /// Media bypass disabled globally (the default).
    #[default]
    Off,
    /// `AlwaysBypass`.
    Always,
    /// Use network sites and regions.
    SitesAndRegions,
}

/// A bandwidth policy profile (kbps).
#[derive(Clone, Debug, Serialize)]
pub struct BandwidthProfile {
    /// Profile name.
    pub name: Ident,
    /// `AudioBWLimit`.
    pub audio: Option<Setting<u32>>,
    /// `AudioBWSessionLimit`.
    pub audio_session: Option<Setting<u32>>,
    /// `VideoBWLimit`.
    pub video: Option<Setting<u32>>,
    /// `VideoBWSessionLimit`.
    pub video_session: Option<Setting<u32>>,
    /// `Description`.
    pub description: Option<Setting<String>>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

/// A network region.
#[derive(Clone, Debug, Serialize)]
pub struct Region {
    /// Region name.
    pub name: Ident,
    /// The central site (a Topology Builder central site).
    pub central_site: Ref<SiteId>,
    /// Its network sites, in declaration order.
    pub network_sites: Vec<NetworkSiteId>,
    /// A manually set BypassID.
    pub bypass_id: Option<Setting<String>>,
    /// `Description`.
    pub description: Option<Setting<String>>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

/// A network site.
#[derive(Clone, Debug, Serialize)]
pub struct NetworkSite {
    /// Site name (`NetworkSiteID`).
    pub name: Ident,
    /// Its region.
    pub region: RegionId,
    /// Its subnets.
    pub subnets: Vec<Setting<Subnet>>,
    /// Its bandwidth policy profile.
    pub bandwidth: Option<Ref<BandwidthProfileId>>,
    /// A manually set BypassID.
    pub bypass_id: Option<Setting<String>>,
    /// Trunks its clients are expected to bypass through.
    pub expect_bypass: Vec<Ref<TrunkId>>,
    /// Whether its subnets are wireless.
    pub wireless: Option<Setting<bool>>,
    /// `Description`.
    pub description: Option<Setting<String>>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

/// An inter-site policy: a constrained direct link between two network sites.
#[derive(Clone, Debug, Serialize)]
pub struct InterSite {
    /// One end.
    pub a: Ref<NetworkSiteId>,
    /// The other end.
    pub b: Ref<NetworkSiteId>,
    /// The link's bandwidth profile.
    pub bandwidth: Ref<BandwidthProfileId>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

/// A WAN link between two regions (`New-CsNetworkRegionLink`).
#[derive(Clone, Debug, Serialize)]
pub struct RegionLink {
    /// Link name.
    pub name: Ident,
    /// One end.
    pub a: Ref<RegionId>,
    /// The other end.
    pub b: Ref<RegionId>,
    /// Its bandwidth profile.
    pub bandwidth: Ref<BandwidthProfileId>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

/// The links calls between two regions take (`New-CsNetworkInterRegionRoute`).
#[derive(Clone, Debug, Serialize)]
pub struct RegionRoute {
    /// One end.
    pub a: Ref<RegionId>,
    /// The other end.
    pub b: Ref<RegionId>,
    /// The links, in order.
    pub links: Vec<Ref<RegionLinkId>>,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

/// `network { ... }`: the global network configuration.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Network {
    /// Global media bypass mode.
    pub bypass_mode: Option<Setting<BypassMode>>,
    /// `EnableBandwidthPolicyCheck`.
    pub call_admission_control: Option<Setting<bool>>,
    /// `EnableDefaultBypassID`.
    pub default_bypass_for_unmapped: Option<Setting<bool>>,
    /// Bandwidth profiles.
    pub profiles: Arena<BandwidthProfileId, BandwidthProfile>,
    /// Regions.
    pub regions: Arena<RegionId, Region>,
    /// Network sites.
    pub sites: Arena<NetworkSiteId, NetworkSite>,
    /// Inter-site policies.
    pub inter_sites: Arena<InterSiteId, InterSite>,
    /// Links between regions.
    pub region_links: Arena<RegionLinkId, RegionLink>,
    /// Routes between regions.
    pub region_routes: Vec<RegionRoute>,
    /// The declaration, when there is one.
    #[serde(skip)]
    pub span: Option<Span>,
}

impl Network {
    /// The bypass mode in effect.
    pub fn bypass_mode(&self) -> BypassMode {
        self.bypass_mode
            .as_ref()
            .map_or(BypassMode::Off, |s| s.value)
    }
}

// ----------------------------------------------------------------- tests ---

/// Who places the call in a test.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Caller {
    /// A Lync user.
    User {
        /// Home pool (a Front End pool).
        home_pool: Option<Ref<PoolId>>,
        /// An explicit voice policy.
        policy: Option<Ref<VoicePolicyId>>,
        /// An explicit dial plan.
        dial_plan: Option<Ref<DialPlanId>>,
        /// The client's network site.
        network_site: Option<Ref<NetworkSiteId>>,
        /// The client's address with its own mask.
        ip: Option<Setting<Subnet>>,
        /// The caller's number.
        calling: Option<Pattern>,
    },
    /// A call arriving on a trunk.
    Trunk {
        /// The ingress trunk.
        trunk: Ref<TrunkId>,
        /// The calling number.
        calling: Option<Pattern>,
    },
}

/// What a test expects.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Expectations {
    /// The normalized number.
    pub normalized: Option<Pattern>,
    /// Reverse number lookup finds a Lync user.
    pub lync_user: Option<Setting<bool>>,
    /// The unassigned number table takes the call.
    pub unassigned: Option<Setting<bool>>,
    /// The winning route.
    pub route: Option<Ref<RouteId>>,
    /// The winning route's trunk set.
    pub trunks: Option<Setting<Vec<Ref<TrunkId>>>>,
    /// The routes tried next, in order.
    pub backup: Option<Setting<Vec<Ref<RouteId>>>>,
    /// The called number as sent: `sent 'N'` (every trunk of the winning
    /// route) and `sent 'N' via T` (one trunk), in order.
    pub sent: Vec<Sent>,
    /// The calling number as sent, the same way.
    pub calling: Vec<Sent>,
    /// Bypass decision, for every trunk of the winning route or one trunk.
    pub bypass: Option<Setting<(bool, Option<Ref<TrunkId>>)>>,
    /// No route matches.
    pub unroutable: Option<Setting<bool>>,
}

/// A number a test expects a trunk to send.
#[derive(Clone, Debug, Serialize)]
pub struct Sent {
    /// The number.
    pub number: Pattern,
    /// The trunk, for `via T`; else every trunk of the winning route.
    pub via: Option<Ref<TrunkId>>,
}

/// A golden call test.
#[derive(Clone, Debug, Serialize)]
pub struct CallTest {
    /// Its title.
    pub title: Ident,
    /// The caller (a user with no details when not given).
    pub caller: Caller,
    /// What is dialled.
    pub dial: Pattern,
    /// What must happen.
    pub expect: Expectations,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}

// ----------------------------------------------------------------- model ---

/// A whole topology with every reference resolved.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Model {
    /// `deployment`.
    pub deployment: Deployment,
    /// Topology Builder sites.
    pub sites: Arena<SiteId, Site>,
    /// Front End and Mediation pools.
    pub pools: Arena<PoolId, Pool>,
    /// Edge pools.
    pub edge_pools: Vec<EdgePool>,
    /// PSTN peers.
    pub gateways: Arena<GatewayId, Gateway>,
    /// Trunks.
    pub trunks: Arena<TrunkId, Trunk>,
    /// PSTN usages, in declaration order.
    pub usages: Arena<UsageId, Usage>,
    /// Patterns of Lync users' numbers.
    pub lync_numbers: Vec<Pattern>,
    /// Trunk configuration collections.
    pub trunk_configs: Arena<TrunkConfigId, TrunkConfig>,
    /// Voice routes.
    pub routes: Arena<RouteId, Route>,
    /// Ranges of the unassigned number table.
    pub unassigned: Arena<UnassignedId, UnassignedRange>,
    /// Voice policies.
    pub voice_policies: Arena<VoicePolicyId, VoicePolicy>,
    /// Dial plans.
    pub dial_plans: Arena<DialPlanId, DialPlan>,
    /// Network configuration.
    pub network: Network,
    /// Golden call tests.
    pub tests: Arena<TestId, CallTest>,
    /// Every `allow`, in source order.
    pub allows: Vec<Allow>,
}

impl Model {
    /// A trunk configuration's scope as Lync spells it: `global`,
    /// `site:Redmond`, `trunk:pbx-2`.
    pub fn config_scope_text(&self, config: TrunkConfigId) -> String {
        match self.trunk_configs.get(config).scope {
            ConfigScope::Global => "global".to_string(),
            ConfigScope::Site(s) => format!("site:{}", self.sites.get(s).name.text),
            ConfigScope::Trunk(t) => format!("trunk:{}", self.trunks.get(t).name.text),
        }
    }

    /// The ranges of the unassigned number table in the order Lync applies
    /// them to a number in several: by `priority` (lower first), ranges
    /// without one after, by name. deploy.ps1 states every range's
    /// priority, so this is also the deployed order.
    pub fn unassigned_in_order(&self) -> Vec<UnassignedId> {
        let mut order: Vec<(Option<i32>, UnassignedId)> = self
            .unassigned
            .iter()
            .map(|(id, u)| (u.priority.as_ref().map(|p| p.value), id))
            .collect();
        order.sort_by_key(|(p, id)| (p.is_none(), *p, *id));
        order.into_iter().map(|(_, id)| id).collect()
    }

    /// The trunk configuration that applies to a trunk: its own, else its
    /// site's, else global (LANGUAGE.md section 4). `None` means no
    /// collection is declared for it at all, so every setting has Lync's
    /// default (the global collection always exists in Lync).
    pub fn trunk_config_of(&self, trunk: TrunkId) -> Option<TrunkConfigId> {
        let site = self.trunks.get(trunk).site;
        let find = |scope: ConfigScope| {
            self.trunk_configs
                .iter()
                .find(|(_, c)| c.scope == scope)
                .map(|(id, _)| id)
        };
        find(ConfigScope::Trunk(trunk))
            .or_else(|| find(ConfigScope::Site(site)))
            .or_else(|| find(ConfigScope::Global))
    }

    /// [`trunk_config_of`](Model::trunk_config_of) for every trunk, by
    /// trunk id, indexing the collections by scope once.
    pub fn trunk_configs_in_effect(&self) -> Vec<Option<TrunkConfigId>> {
        let mut global = None;
        let mut by_site = vec![None; self.sites.len()];
        let mut by_trunk = vec![None; self.trunks.len()];
        for (id, c) in self.trunk_configs.iter() {
            match c.scope {
                ConfigScope::Global => global = Some(id),
                ConfigScope::Site(s) => by_site[s.0 as usize] = Some(id),
                ConfigScope::Trunk(t) => by_trunk[t.0 as usize] = Some(id),
            }
        }
        self.trunks
            .iter()
            .map(|(id, t)| {
                by_trunk[id.0 as usize]
                    .or(by_site[t.site.0 as usize])
                    .or(global)
            })
            .collect()
    }
}
