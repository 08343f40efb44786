//! Voice routing: PSTN usages, number rules, routes, the unassigned
//! number table, voice policies and dial plans.

use super::*;

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
