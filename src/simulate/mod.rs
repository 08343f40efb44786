//! Call simulation: what happens to one dialled number, step by step
//! (LYNC-TRUNKS section 4, LANGUAGE.md sections 5 and 6).
//!
//! For a Lync user: the effective voice policy and dial plan (named by the
//! caller, else the home pool's, else its site's, else global), the
//! external access prefix, first-match normalization, reverse number
//! lookup against `lync-numbers`, then the policy's usages in order: the
//! routes of each usage whose pattern matches, lowest priority first. The
//! first match wins; the other matches, of that usage and then of later
//! ones, are the failover sequence. On each trunk of the winning route,
//! the trunk configuration that applies rewrites the called and calling
//! numbers, and media bypass is decided for the caller's network site.
//! For a call entering on a trunk: that trunk's `dial-plan trunk:T` and its
//! configuration's usages instead.
//!
//! Patterns are evaluated with [`crate::netregex`], exactly as .NET does.
//! Where the documentation leaves a choice open, the choice is a constant
//! in [`assume`] and the trace names it.

pub mod compiled;
mod egress;
pub mod evaluate;
#[cfg(test)]
mod tests;
pub mod trace;

use crate::bypass::{Bypass, Client, PeerPlace};
use crate::model::{
    BypassMode, CallTest, Caller, DialPlanId, DialPlanScope, GatewayId, InEffect, Model,
    NetworkSiteId, NumberRule, PolicyScope, PoolId, RouteId, Subnet, Treatment, TrunkId,
    UnassignedId, UsageId, VoicePolicyId,
};
use crate::netregex::{Regex, Replacement, Undecided};

pub use compiled::{Compiled, Patterns};
pub use trace::{Outcome, Trace};

use evaluate::Evaluator;
use trace::{BypassStep, Candidate, Chosen, Egress, Hop, RuleTry, UsageStep};

pub use crate::assume;
use crate::assume::Assumption;

/// Who places a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A Lync user.
    User(User),
    /// A call entering Lync on a trunk.
    Trunk(TrunkId),
}

/// A Lync user placing a call; every field optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct User {
    /// Home pool (a Front End pool).
    pub home_pool: Option<PoolId>,
    /// A voice policy named explicitly.
    pub policy: Option<VoicePolicyId>,
    /// A dial plan named explicitly.
    pub dial_plan: Option<DialPlanId>,
    /// The client's network site.
    pub network_site: Option<NetworkSiteId>,
    /// The client's address with its own mask.
    pub ip: Option<Subnet>,
}

/// A call to simulate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// The caller.
    pub origin: Origin,
    /// What is dialled.
    pub dialled: String,
    /// The caller's number, if given.
    pub calling: Option<String>,
}

impl Call {
    /// The call a golden test describes.
    pub fn of_test(test: &CallTest) -> Call {
        match &test.caller {
            Caller::User {
                home_pool,
                policy,
                dial_plan,
                network_site,
                ip,
                calling,
            } => Call {
                origin: Origin::User(User {
                    home_pool: home_pool.map(|r| r.id),
                    policy: policy.map(|r| r.id),
                    dial_plan: dial_plan.map(|r| r.id),
                    network_site: network_site.map(|r| r.id),
                    ip: ip.as_ref().map(|s| s.value),
                }),
                dialled: test.dial.text.clone(),
                calling: calling.as_ref().map(|p| p.text.clone()),
            },
            Caller::Trunk { trunk, calling } => Call {
                origin: Origin::Trunk(trunk.id),
                dialled: test.dial.text.clone(),
                calling: calling.as_ref().map(|p| p.text.clone()),
            },
        }
    }
}

/// Where the rules that normalize a number come from.
#[derive(Clone, Copy)]
enum Plan {
    Declared(DialPlanId),
    /// No dial plan declared anywhere that applies: Lync's global plan
    /// with its placeholder rule.
    LyncDefault,
    /// A call entering on a trunk with no `dial-plan trunk:T`.
    None,
}

/// What a peer does with a call Lync delivers to it (LANGUAGE.md
/// section 5), for the number as it receives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtPeer {
    /// It owns the number (a peer without `owns` owns every number).
    Terminates,
    /// It does not own the number and its `sends` carries it: the call
    /// comes back into Lync on a trunk to the peer.
    PassesBack,
    /// Neither: the call fails there.
    Rejects,
}

/// Where the routing step of a call ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Routing {
    /// Reverse number lookup found a Lync user.
    LyncUser,
    /// The unassigned number table took the number (A12).
    Unassigned,
    /// The matching routes in Lync's order (first wins; may be empty).
    Routes(Vec<(RouteId, UsageId)>),
}

/// What a caller's calls start from ([`Simulator::setup`]).
pub struct Setup<'a> {
    /// The usages, in order.
    pub usages: &'a [UsageId],
    /// The voice policy (or trunk configuration) the usages come from, by
    /// name.
    pub policy: String,
    /// The dial plan, by name (`none` for a trunk without one).
    pub dial_plan: String,
    /// The external access prefix removed before normalization.
    pub access_prefix: Option<&'a str>,
    /// The normalization rules: pattern text, translation text, compiled.
    pub rules: Vec<(&'a str, &'a str, &'a compiled::Rule)>,
}

/// The simulator of one model: compiled patterns and the bypass analysis.
pub struct Simulator<'a> {
    model: &'a Model,
    in_effect: &'a InEffect,
    compiled: &'a Compiled<'a>,
    bypass: &'a Bypass<'a>,
    /// Evaluates every pattern this simulator tries, within its budgets.
    eval: Evaluator,
}

/// A rule as a simulation reads it: its name and pattern text, and the
/// compiled form.
struct RuleRef<'a> {
    name: &'a str,
    pattern: &'a str,
    translation: &'a str,
    compiled: &'a compiled::Rule,
}

/// The result of trying an ordered list of rules.
struct Applied<'a> {
    tries: Vec<RuleTry<'a>>,
    output: Option<String>,
    undecided: Option<&'static str>,
}

/// Back-tracking steps a simulator may take in all, beyond which its
/// evaluations are undecided: a base for a few calls ([`Simulator::new`]),
/// and an allowance per call for a simulator sized for many
/// ([`Simulator::for_calls`]). An ordinary call takes a few thousand.
pub mod budget {
    /// Steps of every simulator, whatever its calls.
    pub const BASE_STEPS: u64 = 100_000_000;
    /// Steps added per call a simulator is sized for.
    pub const STEPS_PER_CALL: u64 = 40_000;
}

impl<'a> Simulator<'a> {
    /// A simulator over a model's compiled patterns and bypass analysis,
    /// for a few calls ([`budget::BASE_STEPS`]).
    pub fn new(
        model: &'a Model,
        in_effect: &'a InEffect,
        compiled: &'a Compiled<'a>,
        bypass: &'a Bypass<'a>,
    ) -> Simulator<'a> {
        Simulator::for_calls(model, in_effect, compiled, bypass, 0)
    }

    /// A simulator sized for `calls` calls: its back-tracking allowance
    /// grows with them ([`budget::STEPS_PER_CALL`]), so that thousands of
    /// golden tests are all decided while a megabyte of tests dialling a
    /// pathological pattern still ends within seconds.
    pub fn for_calls(
        model: &'a Model,
        in_effect: &'a InEffect,
        compiled: &'a Compiled<'a>,
        bypass: &'a Bypass<'a>,
        calls: usize,
    ) -> Simulator<'a> {
        Simulator {
            model,
            in_effect,
            compiled,
            bypass,
            eval: Evaluator::new(budget::BASE_STEPS + budget::STEPS_PER_CALL * calls as u64),
        }
    }

    fn rules(&self, rules: &'a [NumberRule], compiled: &'a [compiled::Rule]) -> Vec<RuleRef<'a>> {
        rules
            .iter()
            .zip(compiled)
            .map(|(r, c)| RuleRef {
                name: &r.name.text,
                pattern: &r.pattern.text,
                translation: &r.translation.text,
                compiled: c,
            })
            .collect()
    }

    /// What the first steps of a caller's calls rest on: the usages, the
    /// external access prefix removed before normalization, and the
    /// normalization rules in order (pattern text, translation text,
    /// compiled), as [`Simulator::simulate`] applies them.
    pub fn setup(&self, origin: &Origin) -> Setup<'a> {
        let call = Call {
            origin: origin.clone(),
            dialled: String::new(),
            calling: None,
        };
        let (trace, usages, plan) = self.start(&call);
        let dial_plan = match plan {
            Plan::Declared(id) => self.model.dial_plans.get(id).scope_text.clone(),
            Plan::LyncDefault => "global (Lync's default)".to_string(),
            Plan::None => "none".to_string(),
        };
        let (access_prefix, rules) = self.plan_rules(plan);
        let rules = rules
            .into_iter()
            .map(|r| (r.pattern, r.translation, r.compiled))
            .collect();
        Setup {
            usages,
            policy: trace.usages_from.name,
            dial_plan,
            access_prefix,
            rules,
        }
    }

    /// Simulates a call: the caller's usages and dial plan, then Lync's
    /// steps in order (LYNC-TRUNKS 4.1), each recorded in the trace; the
    /// first step that cannot be decided ends it as undecided.
    pub fn simulate(&self, call: &Call) -> Trace<'a> {
        let mut assumptions: Vec<&'static Assumption> = Vec::new();
        let (mut trace, usages, plan) = self.start(call);
        let undecided = self
            .steps(call, usages, plan, &mut trace, &mut assumptions)
            .err();
        finish(trace, assumptions, undecided)
    }

    /// Steps 1–7; `Err` is why one cannot be decided.
    fn steps(
        &self,
        call: &Call,
        usages: &'a [UsageId],
        plan: Plan,
        trace: &mut Trace<'a>,
        assumptions: &mut Vec<&'static Assumption>,
    ) -> Result<(), &'static str> {
        if let Origin::Trunk(t) = call.origin
            && self.in_effect.trunk(t).config.is_none()
        {
            assumptions.push(&assume::UNDECLARED_GLOBAL_TRUNK_CONFIGURATION);
        }
        let number = self.normalize(call, plan, trace, assumptions)?;
        if self.ends_before_routes(&number, trace, assumptions)? {
            return Ok(());
        }
        let found = self.select_routes(usages, &number, trace)?;
        let Some(&(winner, usage)) = found.first() else {
            return Ok(());
        };
        trace.outcome = Outcome::Routed;
        trace.route = Some(self.hop(winner, usage));
        trace.failover = found[1..].iter().map(|&(r, u)| self.hop(r, u)).collect();
        if order_in_usage_matters(&found) {
            assumptions.push(&assume::ROUTE_ORDER_IN_USAGE);
        }
        if self.model.routes.get(winner).trunks.len() > 1 {
            assumptions.push(&assume::TRUNKS_OF_A_ROUTE);
        }
        self.send(call, winner, &number, trace, assumptions)
    }

    /// Who calls: the usages (voice policy or the ingress trunk's
    /// configuration) and the dial plan that apply, and the empty trace.
    fn start(&self, call: &Call) -> (Trace<'a>, &'a [UsageId], Plan) {
        let m = self.model;
        let (caller, usages_from, usages, plan): (String, Chosen, &'a [UsageId], Plan) = match &call
            .origin
        {
            Origin::User(u) => {
                let (chosen, usages) = self.user_policy(u);
                (
                    self.describe_user(u),
                    chosen,
                    usages,
                    self.user_dial_plan(u),
                )
            }
            Origin::Trunk(t) => {
                let trunk = m.trunks.get(*t);
                let eff = self.in_effect.trunk(*t);
                let chosen = Chosen {
                    name: eff
                        .config
                        .map_or_else(|| "Lync defaults".to_string(), |c| m.config_scope_text(c)),
                    why: match eff.config {
                        Some(_) => {
                            "the trunk configuration that applies to the ingress trunk".into()
                        }
                        None => "no trunk configuration is declared: no usages".into(),
                    },
                };
                let plan = self
                    .compiled
                    .dial_plan_at(&DialPlanScope::Trunk(*t))
                    .map_or(Plan::None, Plan::Declared);
                let peer = &m.gateways.get(trunk.gateway.id).name.text;
                let caller = if *peer == trunk.name.text {
                    format!("a call entering on trunk `{peer}`")
                } else {
                    format!(
                        "a call entering on trunk `{}` from peer `{peer}`",
                        trunk.name.text
                    )
                };
                (caller, chosen, &eff.usages[..], plan)
            }
        };
        let trace = Trace {
            caller,
            dialled: call.dialled.clone(),
            calling: call.calling.clone(),
            usages_from,
            unformatted: None,
            dial_plan: None,
            prefix_removed: None,
            normalization: Vec::new(),
            normalized: call.dialled.clone(),
            lync_user: None,
            if_unheld: None,
            unassigned: None,
            usages: Vec::new(),
            route: None,
            failover: Vec::new(),
            egress: Vec::new(),
            bypass: Vec::new(),
            outcome: Outcome::Unroutable,
            undecided: None,
            assumptions: Vec::new(),
        };
        (trace, usages, plan)
    }

    /// The dial plan's external access prefix, when it is removed (the plan
    /// optimizes device dialing), and its normalization rules in order:
    /// the one place that says which apply ([`Simulator::simulate`] and
    /// [`Simulator::setup`] both read it).
    fn plan_rules(&self, plan: Plan) -> (Option<&'a str>, Vec<RuleRef<'a>>) {
        match plan {
            Plan::Declared(id) => {
                let p = self.model.dial_plans.get(id);
                let optimize = p.optimize_device_dialing.as_ref().is_some_and(|o| o.value);
                let prefix = p
                    .external_access_prefix
                    .as_ref()
                    .filter(|_| optimize)
                    .map(|x| x.text.as_str());
                (prefix, self.rules(&p.rules, self.compiled.dial_plan(id)))
            }
            Plan::LyncDefault => (
                None,
                vec![RuleRef {
                    name: "Prefix All",
                    pattern: compiled::PLACEHOLDER_PATTERN,
                    translation: compiled::PLACEHOLDER_TRANSLATION,
                    compiled: self.compiled.placeholder(),
                }],
            ),
            Plan::None => (None, Vec::new()),
        }
    }

    /// Steps 1–2: the external access prefix and the normalization rules;
    /// the number routing sees.
    fn normalize(
        &self,
        call: &Call,
        plan: Plan,
        trace: &mut Trace<'a>,
        assumptions: &mut Vec<&'static Assumption>,
    ) -> Result<String, &'static str> {
        let m = self.model;
        let mut number = call.dialled.clone();
        if matches!(call.origin, Origin::User(_)) && number.contains(assume::FORMATTING_CHARACTERS)
        {
            number.retain(|c| !assume::FORMATTING_CHARACTERS.contains(&c));
            trace.unformatted = Some(number.clone());
            assumptions.push(&assume::CLIENT_STRIPS_FORMATTING);
        }
        match plan {
            Plan::Declared(id) => {
                let p = m.dial_plans.get(id);
                trace.dial_plan = Some(Chosen {
                    name: p.scope_text.clone(),
                    why: self.plan_why(&call.origin, &p.scope),
                });
            }
            Plan::LyncDefault => {
                trace.dial_plan = Some(Chosen {
                    name: "global (Lync's default)".into(),
                    why: "no dial plan is declared for this caller".into(),
                });
                assumptions.push(&assume::DEFAULT_GLOBAL_DIAL_PLAN);
            }
            Plan::None => assumptions.push(&assume::TRUNK_WITHOUT_DIAL_PLAN),
        }
        let (prefix, rules) = self.plan_rules(plan);
        if let Some(rest) = prefix.and_then(|p| number.strip_prefix(p)) {
            trace.prefix_removed = prefix.map(str::to_string);
            number = rest.to_string();
        }
        let applied = apply_rules(&self.eval, &rules, &number);
        trace.normalization = applied.tries;
        if let Some(why) = applied.undecided {
            return Err(why);
        }
        if let Some(out) = applied.output {
            push_once(assumptions, assume::rule_output());
            number = out;
        }
        trace.normalized = number.clone();
        Ok(number)
    }

    /// Step 3: reverse number lookup, then the unassigned number table
    /// (A12); whether either ends routing.
    fn ends_before_routes(
        &self,
        number: &str,
        trace: &mut Trace<'a>,
        assumptions: &mut Vec<&'static Assumption>,
    ) -> Result<bool, &'static str> {
        if let Some(i) = self.lync_user(number).map_err(|u| u.reason())? {
            trace.lync_user = Some(self.model.lync_numbers[i].text.clone());
            trace.if_unheld = self
                .unassigned(number)
                .map(|id| self.describe_unassigned(id));
            if trace.if_unheld.is_some() {
                assumptions.push(&assume::UNASSIGNED_BEFORE_ROUTES);
            }
            trace.outcome = Outcome::LyncUser;
            return Ok(true);
        }
        if let Some(id) = self.unassigned(number) {
            trace.unassigned = Some(self.describe_unassigned(id));
            trace.outcome = Outcome::Unassigned;
            assumptions.push(&assume::UNASSIGNED_BEFORE_ROUTES);
            return Ok(true);
        }
        Ok(false)
    }

    /// Steps 4–6: each usage in order with the routes it offers; the routes
    /// that match and have trunks, each once, in the order Lync tries them.
    fn select_routes(
        &self,
        usages: &[UsageId],
        number: &str,
        trace: &mut Trace<'a>,
    ) -> Result<Vec<(RouteId, UsageId)>, &'static str> {
        let m = self.model;
        let mut found: Vec<(RouteId, UsageId)> = Vec::new();
        for &usage in usages {
            let candidates = self.compiled.candidates(usage, number);
            let mut step = UsageStep {
                usage: &m.usages.get(usage).name.text,
                candidates: Vec::with_capacity(candidates.len()),
                skipped: self.compiled.usage_routes(usage).len() - candidates.len(),
            };
            for r in candidates {
                let route = m.routes.get(r);
                let result = match self
                    .compiled
                    .route(r)
                    .map(|re| self.eval.is_match(re, number))
                {
                    None => "invalid: Lync refuses this route",
                    Some(Ok(true)) if route.trunks.is_empty() => {
                        "matched, but it has no trunks: skipped"
                    }
                    Some(Ok(true)) => {
                        if !found.iter().any(|(f, _)| *f == r) {
                            found.push((r, usage));
                        }
                        "matched"
                    }
                    Some(Ok(false)) => "no match",
                    Some(Err(u)) => {
                        step.candidates.push(candidate(route, "undecided"));
                        trace.usages.push(step);
                        return Err(u.reason());
                    }
                };
                step.candidates.push(candidate(route, result));
            }
            trace.usages.push(step);
        }
        Ok(found)
    }

    /// Step 7: the called and calling numbers as each trunk of the winning
    /// route sends them, and media bypass on it.
    fn send(
        &self,
        call: &Call,
        winner: RouteId,
        number: &str,
        trace: &mut Trace<'a>,
        assumptions: &mut Vec<&'static Assumption>,
    ) -> Result<(), &'static str> {
        let trunks = trace
            .route
            .as_ref()
            .map(|h| h.trunk_ids.clone())
            .unwrap_or_default();
        let client = self.client(&call.origin);
        for &t in &trunks {
            let e = self.egress(t, winner, number, call.calling.as_deref(), assumptions)?;
            trace.egress.push(e);
            trace.bypass.push(self.bypass_step(&client, t, assumptions));
        }
        Ok(())
    }

    /// Steps 3–6 alone for a number as routing sees it (after
    /// normalization): reverse number lookup, then the routes of `usages`
    /// that match and have trunks, in the order [`Simulator::simulate`] tries
    /// them (Lync cannot send a call over a route without trunks: it skips it).
    pub fn route_number(&self, usages: &[UsageId], number: &str) -> Result<Routing, Undecided> {
        self.route_number_by(usages, number, |usage| {
            self.compiled.candidates(usage, number)
        })
    }

    /// [`Simulator::route_number`] asked only about `among`, routes given
    /// in Lync's order (the order of the result): the same steps, with only
    /// those routes (of those in `usages`) matched against the number. It
    /// tells whether two routes are both candidates for a number without
    /// matching every other route of their usage (the routing analysis
    /// replays its witness of two overlapping routes so, which is linear
    /// in the usage's routes where the whole step is quadratic).
    pub fn route_number_among(
        &self,
        usages: &[UsageId],
        number: &str,
        among: &[RouteId],
    ) -> Result<Routing, Undecided> {
        self.route_number_by(usages, number, |usage| {
            among
                .iter()
                .copied()
                .filter(|&r| {
                    self.model
                        .routes
                        .get(r)
                        .usages
                        .iter()
                        .any(|u| u.id == usage)
                })
                .collect()
        })
    }

    /// Steps 3–6 with the routes of each usage that `candidates` gives.
    fn route_number_by(
        &self,
        usages: &[UsageId],
        number: &str,
        candidates: impl Fn(UsageId) -> Vec<RouteId>,
    ) -> Result<Routing, Undecided> {
        if self.lync_user(number)?.is_some() {
            return Ok(Routing::LyncUser);
        }
        if self.unassigned(number).is_some() {
            return Ok(Routing::Unassigned);
        }
        let mut found: Vec<(RouteId, UsageId)> = Vec::new();
        for &usage in usages {
            for r in candidates(usage) {
                if let Some(re) = self.compiled.routable(r)
                    && self.eval.is_match(&re, number)?
                    && !found.iter().any(|(f, _)| *f == r)
                {
                    found.push((r, usage));
                }
            }
        }
        Ok(Routing::Routes(found))
    }

    /// Reverse number lookup: the index of the first `lync-numbers` pattern
    /// that matches, if any (patterns .NET rejects are skipped).
    fn lync_user(&self, number: &str) -> Result<Option<usize>, Undecided> {
        for (i, re) in self.compiled.lync_numbers().iter().enumerate() {
            if let Some(re) = re
                && self.eval.is_match(re, number)?
            {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    /// The range of the unassigned number table that takes `number`, if
    /// any: the first in Lync's order (generated patterns, always decided).
    fn unassigned(&self, number: &str) -> Option<UnassignedId> {
        self.compiled
            .unassigned()
            .iter()
            .find(|(id, _)| self.model.unassigned.get(*id).range.value.contains(number))
            .map(|(id, _)| *id)
    }

    /// A range and where it sends calls, for the trace.
    fn describe_unassigned(&self, id: UnassignedId) -> String {
        let m = self.model;
        let u = m.unassigned.get(id);
        let to = match &u.treatment {
            Treatment::Announcement { pool, name } => format!(
                "announcement \"{}\" of `{}`",
                name.value,
                m.pools.get(pool.id).name.text
            ),
            Treatment::ExchangeUm(n) => format!("Exchange UM Auto Attendant '{}'", n.text),
        };
        format!(
            "range `{}` ('{}' to '{}'): {to}",
            u.name.text, u.range.value.first, u.range.value.last
        )
    }

    /// What peer `gateway` does with a call for `number` as it receives it.
    pub fn at_peer(&self, gateway: GatewayId, number: &str) -> Result<AtPeer, Undecided> {
        let g = self.model.gateways.get(gateway);
        if g.owns.is_empty() || any_match(&self.eval, self.compiled.owns(gateway), number)? {
            return Ok(AtPeer::Terminates);
        }
        // Not owned: `sends` alone decides.
        Ok(
            if g.sends.is_empty() || any_match(&self.eval, self.compiled.sends(gateway), number)? {
                AtPeer::PassesBack
            } else {
                AtPeer::Rejects
            },
        )
    }

    /// Whether peer `gateway` can place a call into Lync for `number`: its
    /// `sends` carries it (any number without `sends`) and, when it
    /// declares `owns`, it does not own it (a peer reaches its own numbers
    /// itself).
    pub fn peer_sends(&self, gateway: GatewayId, number: &str) -> Result<bool, Undecided> {
        let g = self.model.gateways.get(gateway);
        let sends =
            g.sends.is_empty() || any_match(&self.eval, self.compiled.sends(gateway), number)?;
        let owned =
            !g.owns.is_empty() && any_match(&self.eval, self.compiled.owns(gateway), number)?;
        Ok(sends && !owned)
    }

    fn hop(&self, route: RouteId, usage: UsageId) -> Hop<'a> {
        let m = self.model;
        let r = m.routes.get(route);
        let mut ids: Vec<TrunkId> = r.trunks.iter().map(|t| t.id).collect();
        ids.sort();
        ids.dedup();
        Hop {
            route: &r.name.text,
            usage: &m.usages.get(usage).name.text,
            trunks: ids
                .iter()
                .map(|&t| m.trunks.get(t).name.text.as_str())
                .collect(),
            id: route,
            trunk_ids: ids,
        }
    }

    /// The caller, in words: home pool, network site or address.
    fn describe_user(&self, u: &User) -> String {
        let m = self.model;
        let mut s = "a Lync user".to_string();
        if let Some(p) = u.home_pool {
            s.push_str(&format!(" homed on `{}`", m.pools.get(p).name.text));
        }
        if let Some(site) = u.network_site {
            s.push_str(&format!(
                " in network site `{}`",
                m.network.sites.get(site).name.text
            ));
        }
        if let Some(ip) = u.ip {
            match self.bypass.client_of(ip) {
                Client::Site(site) => s.push_str(&format!(
                    " at `{ip}` (network site `{}`, by exact subnet)",
                    m.network.sites.get(site).name.text
                )),
                Client::Unmapped(_) => {
                    s.push_str(&format!(" at `{ip}` (in no configured subnet"));
                    let holding = self.bypass.subnets_holding(ip.address);
                    if let Some((site, subnet)) = holding.first() {
                        s.push_str(&format!(
                            ": Lync places a client by its subnet and mask exactly, and `{subnet}` of network site `{}` holds the address with another mask; give `--ip {}/{}` to place it there",
                            m.network.sites.get(*site).name.text,
                            ip.address,
                            subnet.bits
                        ));
                    }
                    s.push(')');
                }
            }
        }
        s
    }

    /// The voice policy that applies to a user, and its usages.
    fn user_policy(&self, u: &User) -> (Chosen, &'a [UsageId]) {
        let m = self.model;
        let find = |scope: &PolicyScope| self.compiled.policy_at(scope);
        let site = u.home_pool.map(|p| m.pools.get(p).site);
        let (id, why) = if let Some(p) = u.policy {
            (Some(p), "named by the caller")
        } else if let Some(p) = site.and_then(|s| find(&PolicyScope::Site(s))) {
            (Some(p), "the voice policy of the home pool's site")
        } else if let Some(p) = find(&PolicyScope::Global) {
            (Some(p), "the global voice policy")
        } else {
            (None, "")
        };
        match id {
            Some(id) => {
                let p = m.voice_policies.get(id);
                (
                    Chosen {
                        name: p.scope_text.clone(),
                        why: why.into(),
                    },
                    self.compiled.policy_usages(id),
                )
            }
            None => (
                Chosen {
                    name: "global (Lync's default)".into(),
                    why: "no voice policy is declared for this caller; Lync's default global policy has no usages"
                        .into(),
                },
                &[],
            ),
        }
    }

    /// The dial plan that applies to a user.
    fn user_dial_plan(&self, u: &User) -> Plan {
        let m = self.model;
        if let Some(p) = u.dial_plan {
            return Plan::Declared(p);
        }
        let find = |scope: DialPlanScope| self.compiled.dial_plan_at(&scope);
        let registrar = u.home_pool.and_then(|p| find(DialPlanScope::Registrar(p)));
        let site = u
            .home_pool
            .and_then(|p| find(DialPlanScope::Site(m.pools.get(p).site)));
        registrar
            .or(site)
            .or_else(|| find(DialPlanScope::Global))
            .map_or(Plan::LyncDefault, Plan::Declared)
    }

    fn plan_why(&self, origin: &Origin, scope: &DialPlanScope) -> String {
        match (origin, scope) {
            (Origin::Trunk(_), _) => "the dial plan of calls arriving on this trunk".into(),
            (Origin::User(u), _) if u.dial_plan.is_some() => "named by the caller".into(),
            (_, DialPlanScope::Registrar(_)) => "the dial plan of the home pool".into(),
            (_, DialPlanScope::Site(_)) => "the dial plan of the home pool's site".into(),
            _ => "the global dial plan".into(),
        }
    }
}

/// Whether the outcome depends on the order of routes inside one usage:
/// two matching routes carry the same usage, so the winner or the failover
/// sequence rests on an order Lync 2013 does not guarantee (A06).
fn order_in_usage_matters(found: &[(RouteId, UsageId)]) -> bool {
    found
        .iter()
        .enumerate()
        .any(|(i, (_, u))| found[i + 1..].iter().any(|(_, v)| v == u))
}

/// Whether any valid pattern of a list matches.
fn any_match(
    eval: &Evaluator,
    patterns: &[Option<std::sync::Arc<Regex>>],
    number: &str,
) -> Result<bool, Undecided> {
    for re in patterns.iter().flatten() {
        if eval.is_match(re, number)? {
            return Ok(true);
        }
    }
    Ok(false)
}

impl Simulator<'_> {
    /// The index of the first valid rule of an ordered list whose pattern
    /// matches `number` (rules Lync refuses are skipped, as in a simulation).
    pub fn first_rule(
        &self,
        rules: &[compiled::Rule],
        number: &str,
    ) -> Result<Option<usize>, Undecided> {
        for (i, r) in rules.iter().enumerate() {
            if let (Some(re), Some(_)) = (&r.regex, &r.translation)
                && self.eval.is_match(re, number)?
            {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    /// `Regex.IsMatch` as this simulator evaluates it (within its budgets).
    pub fn is_match(&self, re: &Regex, number: &str) -> Result<bool, Undecided> {
        self.eval.is_match(re, number)
    }

    /// One rule's output for a number as a simulation forms it (A03), or
    /// `None` when its pattern does not match.
    pub fn rule_output(
        &self,
        re: &Regex,
        translation: &Replacement,
        number: &str,
    ) -> Result<Option<String>, Undecided> {
        output(&self.eval, re, translation, number)
    }
}

fn push_once(assumptions: &mut Vec<&'static Assumption>, a: &'static Assumption) {
    if !assumptions.contains(&a) {
        assumptions.push(a);
    }
}

fn candidate<'a>(route: &'a crate::model::Route, result: &'static str) -> Candidate<'a> {
    Candidate {
        route: &route.name.text,
        priority: route.priority.as_ref().map(|p| p.value),
        pattern: &route.pattern.text,
        result,
    }
}

/// Applies an ordered rule list: the first rule whose pattern matches.
fn apply_rules<'a>(eval: &Evaluator, rules: &[RuleRef<'a>], number: &str) -> Applied<'a> {
    let mut tries = Vec::with_capacity(rules.len());
    for rule in rules {
        let mut t = RuleTry {
            rule: rule.name,
            pattern: rule.pattern,
            result: "no match",
            output: None,
        };
        let (Some(re), Some(tr)) = (&rule.compiled.regex, &rule.compiled.translation) else {
            t.result = "invalid: Lync refuses this rule";
            tries.push(t);
            continue;
        };
        match output(eval, re, tr, number) {
            Ok(Some(out)) => {
                t.result = "matched";
                t.output = Some(out.clone());
                tries.push(t);
                return Applied {
                    tries,
                    output: Some(out),
                    undecided: None,
                };
            }
            Ok(None) => tries.push(t),
            Err(u) => {
                t.result = "undecided";
                tries.push(t);
                return Applied {
                    tries,
                    output: None,
                    undecided: Some(u.reason()),
                };
            }
        }
    }
    Applied {
        tries,
        output: None,
        undecided: None,
    }
}

/// One rule's output for a number, or `None` when its pattern does not match.
fn output(
    eval: &Evaluator,
    re: &Regex,
    translation: &Replacement,
    number: &str,
) -> Result<Option<String>, Undecided> {
    match assume::RULE_OUTPUT {
        assume::RuleOutput::MatchResult => eval.translate(re, translation, number),
        assume::RuleOutput::Replace => eval.replace(re, translation, number),
    }
}

fn finish<'a>(
    mut trace: Trace<'a>,
    assumptions: Vec<&'static Assumption>,
    undecided: Option<&'static str>,
) -> Trace<'a> {
    if let Some(why) = undecided {
        trace.outcome = Outcome::Undecided;
        trace.undecided = Some(why);
    }
    trace.assumptions = assumptions;
    trace
}
