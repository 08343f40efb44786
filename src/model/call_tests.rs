//! Golden call tests: callers, expectations.

use super::*;

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
