//! Topology: the deployment, sites, pools, gateways and trunks.

use super::*;

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
