//! The spanned syntax tree of one `.topo` file.
//!
//! Every declaration and every statement inside a block is a [`Stmt`]: its
//! keyword, its arguments in source order, and an optional block. The grammar
//! fixes which statements a block holds and the shape of their arguments;
//! lowering gives them meaning. Keeping one uniform node keeps the formatter
//! exact (it prints what it was given, in canonical layout) and the lowering
//! readable (it matches on keywords and argument shapes).
//!
//! Nodes hold spans, not text: the text lives in the [`SourceFile`], and the
//! accessors here decode quoted names and patterns from it on demand.

use std::borrow::Cow;

use crate::source::{FileId, SourceFile, Span};

macro_rules! keys {
    ($($variant:ident $text:literal,)*) => {
        /// The keyword that starts a statement or declaration.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Key {
            $(#[doc = concat!("`", $text, "`")] $variant,)*
        }

        impl Key {
            /// Every keyword, in declaration order.
            pub const ALL: &'static [Key] = &[$(Key::$variant,)*];

            /// The keyword as written.
            pub fn text(self) -> &'static str {
                match self {
                    $(Key::$variant => $text,)*
                }
            }

            /// The keyword with this spelling.
            pub fn from_text(text: &str) -> Option<Key> {
                match text {
                    $($text => Some(Key::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

keys! {
    Deployment "deployment",
    Product "product",
    MediaEncryption "media-encryption",
    Site "site",
    BranchSite "branch-site",
    CentralSite "central-site",
    FrontendPool "frontend-pool",
    Servers "servers",
    Mediation "mediation",
    MediationPool "mediation-pool",
    NextHop "next-hop",
    TlsPorts "tls-ports",
    TcpPorts "tcp-ports",
    DnsLoadBalancing "dns-load-balancing",
    Gateway "gateway",
    Kind "kind",
    Address "address",
    MediaIp "media-ip",
    Ipv6 "ipv6",
    Owns "owns",
    Sends "sends",
    AcceptsClientMedia "accepts-client-media",
    AcceptsAnyServer "accepts-any-server",
    PoolLoadBalancing "pool-load-balancing",
    HighLatency "high-latency",
    E911Provider "e911-provider",
    Channels "channels",
    Provider "provider",
    Users "users",
    UsageProfile "usage-profile",
    ExpectedCalls "expected-calls",
    SimpleName "simple-name",
    RegionLink "region-link",
    RegionRoute "region-route",
    Links "links",
    BypassId "bypass-id",
    ExpectBypass "expect-bypass",
    Wireless "wireless",
    EdgePool "edge-pool",
    AvPublicIp "av-public-ip",
    PstnAccess "pstn-access",
    EarlyDialogs "early-dialogs",
    Translates "translates",
    RootTrunk "root-trunk",
    Name "name",
    Port "port",
    Default "default",
    Trunk "trunk",
    PstnUsage "pstn-usage",
    LyncNumbers "lync-numbers",
    TrunkConfig "trunk-config",
    MediaBypass "media-bypass",
    CentralizedMedia "centralized-media",
    Refer "refer",
    Refer3pcc "refer-3pcc",
    SessionTimer "session-timer",
    SignalBoost "signal-boost",
    MaxEarlyDialogs "max-early-dialogs",
    RemovePlus "remove-plus",
    RtcpActiveCalls "rtcp-active-calls",
    RtcpCallsOnHold "rtcp-calls-on-hold",
    Srtp "srtp",
    PidfLo "pidf-lo",
    MobileTrunk "mobile-trunk",
    RtpLatching "rtp-latching",
    ForwardCallHistory "forward-call-history",
    ForwardPai "forward-pai",
    FastFailover "fast-failover",
    OnlineVoice "online-voice",
    LocationRestriction "location-restriction",
    NetworkSite "network-site",
    Description "description",
    Usages "usages",
    CalledNumber "called-number",
    CallingNumber "calling-number",
    Rule "rule",
    InternalExtension "internal-extension",
    Route "route",
    Pattern "pattern",
    Trunks "trunks",
    Priority "priority",
    CallerId "caller-id",
    VoicePolicy "voice-policy",
    CallForwardingUsages "call-forwarding-usages",
    AllowCallForwarding "allow-call-forwarding",
    AllowSimulRing "allow-simul-ring",
    AllowPstnRerouting "allow-pstn-rerouting",
    PreventPstnTollBypass "prevent-pstn-toll-bypass",
    EnableCallPark "enable-call-park",
    EnableCallTransfer "enable-call-transfer",
    EnableDelegation "enable-delegation",
    EnableTeamCall "enable-team-call",
    EnableMaliciousCallTracing "enable-malicious-call-tracing",
    EnableBwPolicyOverride "enable-bw-policy-override",
    DialPlan "dial-plan",
    ExternalAccessPrefix "external-access-prefix",
    OptimizeDeviceDialing "optimize-device-dialing",
    Network "network",
    BypassMode "bypass-mode",
    CallAdmissionControl "call-admission-control",
    DefaultBypassForUnmapped "default-bypass-for-unmapped",
    BandwidthProfile "bandwidth-profile",
    Audio "audio",
    AudioSession "audio-session",
    Video "video",
    VideoSession "video-session",
    Region "region",
    Subnets "subnets",
    Bandwidth "bandwidth",
    InterSite "inter-site",
    Test "test",
    From "from",
    HomePool "home-pool",
    Policy "policy",
    Ip "ip",
    Calling "calling",
    Dial "dial",
    Expect "expect",
    Normalized "normalized",
    Sent "sent",
    LyncUser "lync-user",
    Unassigned "unassigned",
    UnassignedNumbers "unassigned-numbers",
    Range "range",
    Announcement "announcement",
    ExchangeUm "exchange-um",
    Unroutable "unroutable",
    Backup "backup",
    Bypass "bypass",
    Allow "allow",
}

/// One parsed file.
#[derive(Clone, Debug)]
pub struct File {
    /// The file this tree was parsed from.
    pub file: FileId,
    /// Top-level declarations, in source order.
    pub decls: Vec<Stmt>,
    /// Every comment (from `#` to the end of its line), in source order.
    pub comments: Vec<Span>,
}

/// A declaration or a statement in a block.
#[derive(Clone, Debug)]
pub struct Stmt {
    /// The leading keyword.
    pub key: Key,
    /// Where the keyword is.
    pub key_span: Span,
    /// The arguments after the keyword, in source order.
    pub args: Vec<Arg>,
    /// The `{ ... }` block, if the statement has one.
    pub body: Option<Body>,
    /// The whole statement, keyword to end of block or last argument.
    pub span: Span,
}

/// A `{ ... }` block.
#[derive(Clone, Debug)]
pub struct Body {
    /// Its statements, in source order.
    pub stmts: Vec<Stmt>,
    /// From `{` to `}` inclusive.
    pub span: Span,
}

/// One argument of a statement.
#[derive(Clone, Debug)]
pub enum Arg {
    /// A name, bare or double-quoted.
    Name(Name),
    /// A fixed-vocabulary word (`on`, `tls`, `pstn-gateway`).
    Word(Span),
    /// A scope (`global`, `site:Redmond`).
    Scope(Scope),
    /// A decimal integer, as written.
    Int(Span),
    /// A port or port range (`5067`, `5068..5069`), as written.
    Ports(Span),
    /// A single-quoted pattern, translation or dial string, quotes included.
    Pattern(Span),
    /// A double-quoted string (descriptions, reasons), quotes included.
    Str(Span),
    /// An IP address, as written.
    Address(Span),
    /// An IPv4 subnet in CIDR form, as written.
    Subnet(Span),
    /// A `[ ... ]` list.
    List(List),
    /// A keyword inside a statement (`from`, `port`, `collocated`, `->`).
    Keyword(Span),
}

impl Arg {
    /// The source range of the argument.
    pub fn span(&self) -> Span {
        match self {
            Arg::Name(n) => n.span,
            Arg::Scope(s) => s.span,
            Arg::List(l) => l.span,
            Arg::Word(s)
            | Arg::Int(s)
            | Arg::Ports(s)
            | Arg::Pattern(s)
            | Arg::Str(s)
            | Arg::Address(s)
            | Arg::Subnet(s)
            | Arg::Keyword(s) => *s,
        }
    }
}

/// A name as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    /// The token, quotes included when quoted.
    pub span: Span,
    /// Whether it was written in double quotes.
    pub quoted: bool,
}

impl Name {
    /// The name's text, unescaped.
    pub fn text<'a>(&self, src: &'a SourceFile) -> Cow<'a, str> {
        let raw = src.slice(self.span);
        if self.quoted {
            crate::lexical::unquote_string(raw)
        } else {
            Cow::Borrowed(raw)
        }
    }
}

/// The kind of a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScopeKind {
    /// `global`
    Global,
    /// `site:NAME`
    Site,
    /// `trunk:NAME`
    Trunk,
    /// `tag:NAME`
    Tag,
    /// `registrar:FQDN`
    Registrar,
}

impl ScopeKind {
    /// The scope prefix as written (`site`), or `global`.
    pub fn text(self) -> &'static str {
        match self {
            ScopeKind::Global => "global",
            ScopeKind::Site => "site",
            ScopeKind::Trunk => "trunk",
            ScopeKind::Tag => "tag",
            ScopeKind::Registrar => "registrar",
        }
    }
}

/// A scope as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    /// Which kind of scope.
    pub kind: ScopeKind,
    /// The name after the colon; `None` for `global`.
    pub name: Option<Name>,
    /// The whole token.
    pub span: Span,
}

/// A `[ ... ]` list.
#[derive(Clone, Debug)]
pub struct List {
    /// The items, each a [`Arg::Name`] or [`Arg::Subnet`].
    pub items: Vec<Arg>,
    /// From `[` to `]` inclusive.
    pub span: Span,
}

impl Key {
    /// Whether the statement takes `on` or `off`.
    pub fn is_switch(self) -> bool {
        use Key::*;
        matches!(
            self,
            DnsLoadBalancing
                | Ipv6
                | AcceptsClientMedia
                | AcceptsAnyServer
                | PoolLoadBalancing
                | HighLatency
                | E911Provider
                | Wireless
                | PstnAccess
                | EarlyDialogs
                | Translates
                | MediaBypass
                | CentralizedMedia
                | Refer
                | Refer3pcc
                | SessionTimer
                | SignalBoost
                | RemovePlus
                | RtcpActiveCalls
                | RtcpCallsOnHold
                | PidfLo
                | MobileTrunk
                | RtpLatching
                | ForwardCallHistory
                | ForwardPai
                | FastFailover
                | OnlineVoice
                | LocationRestriction
                | InternalExtension
                | AllowCallForwarding
                | AllowSimulRing
                | AllowPstnRerouting
                | PreventPstnTollBypass
                | EnableCallPark
                | EnableCallTransfer
                | EnableDelegation
                | EnableTeamCall
                | EnableMaliciousCallTracing
                | EnableBwPolicyOverride
                | OptimizeDeviceDialing
                | CallAdmissionControl
                | DefaultBypassForUnmapped
                | Bypass
        )
    }

    /// The words a fixed-vocabulary statement accepts, first the default
    /// where there is one. Empty for statements that take no word.
    /// `port` and `gateway` take a transport after their port number.
    pub fn vocabulary(self) -> &'static [&'static str] {
        match self {
            k if k.is_switch() => &["on", "off"],
            Key::Product => &["lync-2013", "sfb-2015"],
            Key::MediaEncryption => &["required", "supported", "not-supported"],
            Key::Kind => &["pstn-gateway", "ip-pbx", "itsp", "tdm-pbx"],
            Key::UsageProfile => &["light", "moderate", "heavy"],
            Key::Srtp => &["required", "optional", "not-supported"],
            Key::BypassMode => &["off", "always", "sites-and-regions"],
            Key::CallForwardingUsages => &["voice-policy", "internal-only"],
            Key::Port | Key::Gateway => &["tls", "tcp"],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for &k in Key::ALL {
            assert_eq!(Key::from_text(k.text()), Some(k));
        }
    }
}
