//! Semantic checks: the rules of LYNC-TRUNKS section 9, the number rules
//! (evaluated with the .NET-exact engine) and the golden call tests.
//!
//! One file per check, each a function from a [`Context`] to diagnostics,
//! named for what is wrong (`duplicate_trunk_tuple`). [`check`] runs them
//! all on a model that lowered without errors, then applies the `allow`s:
//! a warning whose primary label lies inside the declaration an `allow` of
//! its code is written in is accepted (dropped), and an `allow` that
//! accepts nothing is itself reported (`unused-allow`). Checks never see
//! syntax; they read the [`Model`], the [`TopologyGraph`] and the settings
//! in effect for every trunk.

mod unused_allow;

use crate::analysed::Analysed;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::graph::TopologyGraph;
use std::sync::Arc;

use crate::model::{
    DialPlanId, Effective, GatewayId, IdVec, Model, NumberRule, Pattern, PoolId, PoolRole, RouteId,
    Transport, TrunkConfigId, TrunkId,
};
use crate::netregex::{Regex, Replacement};
use crate::simulate::{Compiled, Simulator};
use crate::source::Span;

/// What every check reads.
pub struct Context<'a> {
    /// The model (every reference valid).
    pub model: &'a Model,
    /// Its topology graph.
    pub graph: &'a TopologyGraph,
    /// The media bypass decisions.
    pub bypass: &'a crate::bypass::Bypass<'a>,
    /// Every pattern and translation, parsed once.
    pub compiled: &'a Compiled<'a>,
    /// The analysed project all of these come from.
    analysed: &'a Analysed<'a>,
    patterns: Vec<PatternUse<'a>>,
    /// The trunks each collection applies to, by collection id.
    trunks_by_config: IdVec<TrunkConfigId, Vec<TrunkId>>,
    /// The settings each collection puts in effect, by collection id.
    config_settings: IdVec<TrunkConfigId, Effective>,
}

/// What a pattern is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternRole {
    /// A dial plan's normalization rule.
    Normalization,
    /// A trunk configuration's called-number rule.
    CalledNumber,
    /// A trunk configuration's calling-number rule.
    CallingNumber,
    /// A voice route's `pattern`.
    Route,
    /// A `lync-numbers` pattern.
    LyncNumbers,
    /// A gateway's `owns` or `sends`.
    Peer,
}

/// The object a pattern belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// A route.
    Route(RouteId),
    /// A normalization rule of a dial plan.
    Normalization(DialPlanId),
    /// A called-number rule of a trunk configuration.
    Called(TrunkConfigId),
    /// A calling-number rule of a trunk configuration.
    Calling(TrunkConfigId),
    /// `lync-numbers`.
    LyncNumbers,
    /// A gateway's `owns`.
    Owns(GatewayId),
    /// A gateway's `sends`.
    Sends(GatewayId),
}

/// One pattern of the model, where it is written.
pub struct PatternUse<'m> {
    /// The object that holds it ([`Context::owner`] names it).
    pub owner: Owner,
    /// The pattern.
    pub pattern: &'m Pattern,
    /// The parsed pattern; `None` when .NET rejects it.
    pub regex: Option<Arc<Regex>>,
    /// The parsed translation of a rule; `None` when the pattern or the
    /// translation is invalid.
    pub translation: Option<Arc<Replacement>>,
    /// The rule, for rules (with the translation).
    pub rule: Option<&'m NumberRule>,
}

impl Owner {
    /// What a pattern of this owner is for.
    pub fn role(self) -> PatternRole {
        match self {
            Owner::Route(_) => PatternRole::Route,
            Owner::Normalization(_) => PatternRole::Normalization,
            Owner::Called(_) => PatternRole::CalledNumber,
            Owner::Calling(_) => PatternRole::CallingNumber,
            Owner::LyncNumbers => PatternRole::LyncNumbers,
            Owner::Owns(_) | Owner::Sends(_) => PatternRole::Peer,
        }
    }
}

impl PatternUse<'_> {
    /// What the pattern is for.
    pub fn role(&self) -> PatternRole {
        self.owner.role()
    }
}

impl<'a> Context<'a> {
    /// The context of an analysed project.
    pub fn new(analysed: &'a Analysed<'a>) -> Context<'a> {
        let model = analysed.model();
        let compiled = analysed.compiled();
        let patterns = collect_patterns(model, compiled);
        let mut trunks_by_config = IdVec::filled(model.trunk_configs.len(), Vec::new());
        for t in model.trunks.ids() {
            if let Some(c) = analysed.effective(t).config {
                trunks_by_config[c].push(t);
            }
        }
        let config_settings = model
            .trunk_configs
            .iter()
            .map(|(id, c)| Effective::of_config(id, &c.settings))
            .collect();
        Context {
            model,
            graph: analysed.graph(),
            bypass: analysed.bypass(),
            compiled,
            analysed,
            patterns,
            trunks_by_config,
            config_settings,
        }
    }

    /// The whole-space routing analysis (loops, reflection, hairpins,
    /// shadowing), computed once for every check that reads it.
    pub fn analysis(&self) -> &crate::analysis::Analysis {
        self.analysed.analysis()
    }

    /// A simulator over this model, sized for `calls` calls.
    pub fn simulator(&self, calls: usize) -> Simulator<'_> {
        self.analysed.simulator(calls)
    }

    /// Every pattern written in the model, in model order: routes, dial
    /// plan rules, trunk configuration rules (where written, not where
    /// copied with `from`), `lync-numbers`, `owns` and `sends`.
    pub fn pattern_uses(&self) -> &[PatternUse<'a>] {
        &self.patterns
    }

    /// The object holding a pattern, for messages: "rule `Ext` of dial plan `site:Redmond`".
    pub fn owner(&self, u: &PatternUse<'_>) -> String {
        let m = self.model;
        match u.owner {
            Owner::Route(r) => format!("route `{}`", m.routes.get(r).name.text),
            Owner::Normalization(p) => format!(
                "rule `{}` of dial plan `{}`",
                u.rule.map_or("", |r| &r.name.text),
                m.dial_plans.get(p).scope_text
            ),
            Owner::Called(c) | Owner::Calling(c) => format!(
                "{} rule `{}` of trunk configuration `{}`",
                if matches!(u.owner, Owner::Called(_)) {
                    "called-number"
                } else {
                    "calling-number"
                },
                u.rule.map_or("", |r| &r.name.text),
                self.scope_text(c)
            ),
            Owner::LyncNumbers => "`lync-numbers`".into(),
            Owner::Owns(g) => format!("`owns` of gateway `{}`", m.gateways.get(g).name.text),
            Owner::Sends(g) => format!("`sends` of gateway `{}`", m.gateways.get(g).name.text),
        }
    }

    /// The settings in effect for a trunk.
    pub fn effective(&self, trunk: TrunkId) -> &Effective {
        self.analysed.effective(trunk)
    }

    /// The trunks a trunk configuration applies to, in id order.
    pub fn trunks_of_config(&self, config: TrunkConfigId) -> &[TrunkId] {
        &self.trunks_by_config[config]
    }

    /// The settings a trunk configuration puts in effect (its own, with
    /// `from` copies, else Lync's defaults), whether or not a trunk uses it.
    pub fn config_effective(&self, config: TrunkConfigId) -> &Effective {
        &self.config_settings[config]
    }

    /// The span of a trunk's statement that gives its transport: `port N tls`
    /// in a root trunk, `gateway PEER port N tcp` in an additional trunk.
    pub fn transport_span(&self, trunk: TrunkId) -> Span {
        self.model.trunks.get(trunk).peer_port.span
    }

    /// Whether a pool has a Mediation Server with the given transport's
    /// listener on.
    pub fn listens(&self, pool: PoolId, transport: Transport) -> bool {
        let Some(m) = &self.model.pools.get(pool).mediation else {
            return false;
        };
        match transport {
            Transport::Tls => true,
            Transport::Tcp => m.tcp_range().is_some(),
        }
    }

    /// Whether a pool is a Front End pool (with its collocated Mediation Server).
    pub fn is_front_end(&self, pool: PoolId) -> bool {
        self.model.pools.get(pool).role == PoolRole::FrontEnd
    }

    /// Where to report a setting of a collection: the statement itself
    /// when the collection writes it, else the collection's scope, with a
    /// secondary label at the statement it was copied from (`from`).
    pub fn locate(&self, config: TrunkConfigId, span: Span) -> (Span, Option<(Span, String)>) {
        use crate::model::effective::Source;
        match self.model.source_of(config, span) {
            Source::Copied { config: from, .. } if from != config => (
                self.model.trunk_configs.get(config).scope_span,
                Some((span, format!("copied from `{}`", self.scope_text(from)))),
            ),
            _ => (span, None),
        }
    }

    /// The scope a trunk configuration is written at, as Lync spells it.
    pub fn scope_text(&self, config: TrunkConfigId) -> String {
        self.model.config_scope_text(config)
    }
}

/// A compiled rule, or a bare pattern.
enum RuleOrRegex<'c> {
    Rule(&'c crate::simulate::compiled::Rule),
    Regex(Option<Arc<Regex>>),
}

/// Every pattern of the model with its owner and parsed form.
fn collect_patterns<'m>(m: &'m Model, compiled: &Compiled<'m>) -> Vec<PatternUse<'m>> {
    let mut out = Vec::new();
    let mut push =
        |owner, pattern: &'m Pattern, compiled: RuleOrRegex<'_>, rule: Option<&'m NumberRule>| {
            let (regex, translation) = match compiled {
                RuleOrRegex::Rule(r) => (r.regex.clone(), r.translation.clone()),
                RuleOrRegex::Regex(r) => (r, None),
            };
            out.push(PatternUse {
                owner,
                pattern,
                regex,
                translation,
                rule,
            });
        };
    for (id, r) in m.routes.iter() {
        push(
            Owner::Route(id),
            &r.pattern,
            RuleOrRegex::Regex(compiled.route_arc(id)),
            None,
        );
    }
    for (id, p) in m.dial_plans.iter() {
        for (rule, c) in p.rules.iter().zip(compiled.dial_plan(id)) {
            push(
                Owner::Normalization(id),
                &rule.pattern,
                RuleOrRegex::Rule(c),
                Some(rule),
            );
        }
    }
    // Rules where they are written: a collection that writes a list has it
    // in effect too, so its compiled rules are the written ones.
    for (id, c) in m.trunk_configs.iter() {
        if let Some(list) = &c.written.called_number {
            for (rule, r) in list.value.iter().zip(compiled.called(id)) {
                push(
                    Owner::Called(id),
                    &rule.pattern,
                    RuleOrRegex::Rule(r),
                    Some(rule),
                );
            }
        }
        if let Some(list) = &c.written.calling_number {
            for (rule, r) in list.value.iter().zip(compiled.calling(id)) {
                push(
                    Owner::Calling(id),
                    &rule.pattern,
                    RuleOrRegex::Rule(r),
                    Some(rule),
                );
            }
        }
    }
    for (p, r) in m.lync_numbers.iter().zip(compiled.lync_numbers()) {
        push(Owner::LyncNumbers, p, RuleOrRegex::Regex(r.clone()), None);
    }
    for (id, g) in m.gateways.iter() {
        for (p, r) in g.owns.iter().zip(compiled.owns(id)) {
            push(Owner::Owns(id), p, RuleOrRegex::Regex(r.clone()), None);
        }
        for (p, r) in g.sends.iter().zip(compiled.sends(id)) {
            push(Owner::Sends(id), p, RuleOrRegex::Regex(r.clone()), None);
        }
    }
    out
}

/// The diagnostics of one kind of inter-trunk hop (W01–W03), each with its
/// witness.
fn inter_trunk_findings(
    cx: &Context<'_>,
    kind: crate::analysis::HopKind,
    diagnose: impl Fn(&Context<'_>, &crate::analysis::InterTrunk) -> Diagnostic,
) -> Vec<Diagnostic> {
    let analysis = cx.analysis();
    // A hop some routing loop takes (the same trunk in, the same route,
    // out to the same peer on any of the route's trunks) is that loop's
    // consequence: T0704 reports it, with the cycle.
    let peer = |t: crate::model::TrunkId| cx.model.trunks.get(t).gateway.id;
    let in_a_loop = |f: &crate::analysis::InterTrunk| {
        analysis.loops.iter().any(|l| {
            l.hops.iter().any(|h| {
                h.ingress == f.hop.ingress
                    && h.route == f.hop.route
                    && peer(h.egress) == peer(f.hop.egress)
            })
        })
    };
    analysis
        .inter_trunk
        .iter()
        .filter(|f| f.kind == kind && !in_a_loop(f))
        .map(|f| diagnose(cx, f).with_witness(f.witness.clone()))
        .collect()
}

/// A check: a function from the context to its findings.
type Check = fn(&Context<'_>) -> Vec<Diagnostic>;

/// Declares each check's module (`src/check/NAME.rs`, whose function
/// `NAME` is the check) and lists it in [`CHECKS`], in code order: adding a
/// check is one line here (CONTRIBUTING.md, "Adding a diagnostic").
macro_rules! checks {
    ($($name:ident),* $(,)?) => {
        $(mod $name;)*
        /// Every check, in code order, with its name.
        const CHECKS: &[(&str, Check)] = &[$((stringify!($name), $name::$name)),*];
    };
}

checks! {
    invalid_identity_name,
    duplicate_trunk_tuple,
    gateway_without_root_trunk,
    port_outside_listening_range,
    tcp_listener_off,
    tls_peer_by_ip,
    collocated_pool_too_large,
    pool_needs_dns_load_balancing,
    peer_needs_single_server_pool,
    several_default_trunks,
    mediation_pool_without_next_hop,
    itsp_away_from_mediation,
    overlapping_port_ranges,
    port_5070_for_peers,
    single_pstn_gateway,
    itsp_on_collocated_mediation,
    mediation_pool_overloaded,
    pbx_single_connection,
    itsp_gateway_not_connected,
    tdm_pbx_as_peer,
    undersized_gateway,
    tcp_transport,
    port_taken_by_front_end,
    setting_not_in_product,
    transfer_drops_bypass,
    refer_modes_both_on,
    rtcp_checks_off,
    srtp_ignored_on_tcp,
    location_restriction_without_site,
    max_early_dialogs_changed,
    site_config_mixed_peers,
    pidf_lo_off_for_e911,
    fast_failover_on_high_latency,
    inter_trunk_without_dial_plan,
    peer_trunks_differ,
    peer_without_srtp,
    duplicate_list_entry,
    invalid_alternate_caller_id,
    policy_without_usages,
    custom_forwarding_without_usages,
    description_too_long,
    unreachable_route,
    dead_usage,
    empty_route,
    no_fallback,
    caller_id_on_reroute,
    route_spans_sites,
    site_without_registrar,
    forwarding_through_itsp,
    lync_numbers_without_unassigned,
    dial_plan_without_rules,
    invalid_simple_name,
    invalid_external_access_prefix,
    optimize_without_prefix,
    invalid_pattern,
    invalid_translation,
    unanchored_pattern,
    repeated_group_reference,
    ambiguous_substitution,
    normalization_not_e164,
    route_rejects_e164,
    placeholder_rule,
    translated_twice,
    unicode_digits,
    non_portable_pattern,
    prefix_without_optimize,
    translation_drops_digits,
    inter_site_to_itself,
    duplicate_inter_site,
    missing_region_route,
    bypass_without_centralized_media,
    bypass_refer_rtcp,
    always_bypass_with_cac,
    bypass_without_network_sites,
    bypass_settings_disagree,
    bypass_to_itsp,
    bypass_to_peer_refusing_client_media,
    bypass_peer_not_qualified,
    srtp_encryption_mismatch,
    peer_media_unmapped,
    peer_location_unknown,
    supernet_subnet,
    bypass_without_bandwidth_policies,
    default_bypass_with_cac,
    always_bypass_over_constrained_links,
    manual_bypass_id,
    invalid_bypass_id,
    expected_bypass_fails,
    branch_gateway_unused,
    bypass_on_wireless,
    edge_ip_not_mapped,
    call_tests,
    pstn_reflection,
    self_hairpin,
    peer_hairpin,
    routing_loop,
    ambiguous_route_order,
    shadowed_route,
    shadowed_rule,
    analysis_indeterminate,
}

pub use call_tests::TestRun;

/// The checks that judge one declaration by itself and what it names:
/// their findings hold in any project that contains the declaration, so
/// they run on the part of a project that lowers when the rest has name
/// or value errors ([`check_partial`]). Checks that count, look for what
/// is missing, resolve the settings in effect, decide bypass, simulate or
/// analyse routing are not among them.
const LOCAL: &[&str] = &[
    "invalid_identity_name",
    "duplicate_trunk_tuple",
    "gateway_without_root_trunk",
    "port_outside_listening_range",
    "tcp_listener_off",
    "tls_peer_by_ip",
    "collocated_pool_too_large",
    "pool_needs_dns_load_balancing",
    "peer_needs_single_server_pool",
    "several_default_trunks",
    "mediation_pool_without_next_hop",
    "itsp_away_from_mediation",
    "overlapping_port_ranges",
    "port_5070_for_peers",
    "itsp_on_collocated_mediation",
    "tdm_pbx_as_peer",
    "tcp_transport",
    "port_taken_by_front_end",
    "setting_not_in_product",
    "max_early_dialogs_changed",
    "duplicate_list_entry",
    "invalid_alternate_caller_id",
    "policy_without_usages",
    "custom_forwarding_without_usages",
    "description_too_long",
    "route_spans_sites",
    "dial_plan_without_rules",
    "invalid_simple_name",
    "invalid_external_access_prefix",
    "optimize_without_prefix",
    "invalid_pattern",
    "invalid_translation",
    "unanchored_pattern",
    "repeated_group_reference",
    "ambiguous_substitution",
    "placeholder_rule",
    "unicode_digits",
    "non_portable_pattern",
    "prefix_without_optimize",
    "translation_drops_digits",
    "inter_site_to_itself",
    "duplicate_inter_site",
    "always_bypass_with_cac",
    "default_bypass_with_cac",
    "supernet_subnet",
    "manual_bypass_id",
    "invalid_bypass_id",
];

/// Runs the [`LOCAL`] checks on the part of a project that lowered without
/// the declarations holding errors, then applies its `allow`s (an `allow`
/// is not judged unused here: what it accepts may be a finding of a check
/// that did not run).
pub fn check_partial(analysed: &Analysed<'_>) -> Vec<Diagnostic> {
    let cx = Context::new(analysed);
    let mut found: Vec<Diagnostic> = CHECKS
        .iter()
        .filter(|(name, _)| LOCAL.contains(name))
        .flat_map(|(_, check)| check(&cx))
        .collect();
    let mut used = vec![true; analysed.model().allows.len()];
    unused_allow::accept(analysed.model(), &mut found, &mut used);
    found
}
pub use unused_allow::accept_built;

/// Runs the golden tests of an analysed project whose titles contain
/// `filter` (without case; all when `None`), and no other check.
pub fn tests(analysed: &Analysed<'_>, filter: Option<&str>) -> Vec<TestRun> {
    let filter = filter.map(str::to_lowercase);
    let cx = Context::new(analysed);
    call_tests::run(&cx, &|test| {
        filter
            .as_deref()
            .is_none_or(|f| test.title.text.to_lowercase().contains(f))
    })
}

/// Runs every check on an analysed project, then applies its `allow`s.
/// The result is unsorted.
pub fn check(analysed: &Analysed<'_>) -> Vec<Diagnostic> {
    let model = analysed.model();
    let cx = Context::new(analysed);
    // The routing analysis is the longest check: it starts on a thread of
    // its own while the others run on every core, in their order; a check
    // that reads it waits for it there (most come last; three sit among
    // the others: `lync_numbers_without_unassigned`, and
    // `normalization_not_e164` and `route_rejects_e164` in some branches).
    let ((), mut found) = crate::parallel::join(
        || {
            cx.analysis();
        },
        || -> Vec<Diagnostic> {
            crate::parallel::map(CHECKS.len(), |i| (CHECKS[i].1)(&cx))
                .into_iter()
                .flatten()
                .collect()
        },
    );
    // Allows not judged here count as used (see `unused_allow`).
    let undecided = found.iter().any(|d| d.code == Code::AnalysisIndeterminate);
    let mut used: Vec<bool> = model
        .allows
        .iter()
        .map(|a| a.code.found_by_build() || (undecided && a.code.found_by_analysis()))
        .collect();
    unused_allow::accept(model, &mut found, &mut used);
    let unused = unused_allow::unused_allow(model, &used, &found);
    found.extend(unused);
    found
}
