//! The network: bypass mode, bandwidth profiles, regions, sites, subnets,
//! inter-site policies, region links and routes.

use super::*;

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
