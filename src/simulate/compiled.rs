//! Every pattern and translation of a model, parsed once, and an index of
//! the routes of each PSTN usage by the literal prefix their patterns
//! start with.
//!
//! A pattern .NET rejects (E37) is kept as `None`: Lync would refuse to
//! create the rule or route, so simulations skip it and say so. Patterns
//! are parsed on all available cores, each distinct text once. The route
//! index is built on the first simulation, so checking a project without
//! golden tests never pays for it.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::model::{
    DialPlanId, DialPlanScope, GatewayId, IdVec, Model, NumberRule, PolicyScope, RouteId,
    TrunkConfigId, UnassignedId, UsageId, VoicePolicyId,
};
use crate::netregex::{Regex, Replacement};

/// A normalization or translation rule, ready to apply.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The pattern; `None` when .NET rejects it.
    pub regex: Option<Arc<Regex>>,
    /// The translation; `None` when the pattern or the translation is invalid.
    pub translation: Option<Arc<Replacement>>,
}

/// The pattern text of Lync's placeholder normalization rule, which
/// `New-CsDialPlan` creates in every new dial plan (LYNC-TRUNKS 2.10).
pub const PLACEHOLDER_PATTERN: &str = r"^(\d{11})$";
/// Its translation.
pub const PLACEHOLDER_TRANSLATION: &str = "+$1";

/// The routes of one usage in Lync's order, indexed by literal prefix.
#[derive(Clone, Debug, Default)]
struct UsageIndex {
    /// Routes carrying the usage: those with a priority first, lowest
    /// first, then those without, by name.
    order: Vec<RouteId>,
    /// `(prefix, position in order)` of routes whose pattern starts with
    /// `^prefix`, sorted.
    by_prefix: Vec<(String, u32)>,
    /// Positions of the other routes (no literal prefix, or invalid).
    unprefixed: Vec<u32>,
    /// The shortest and longest prefix, in bytes.
    prefix_lengths: (usize, usize),
}

/// The compiled patterns of a model.
#[derive(Debug)]
pub struct Compiled<'m> {
    model: &'m Model,
    routes: IdVec<RouteId, Option<Arc<Regex>>>,
    dial_plans: IdVec<DialPlanId, Vec<Rule>>,
    called: IdVec<TrunkConfigId, Vec<Rule>>,
    calling: IdVec<TrunkConfigId, Vec<Rule>>,
    lync_numbers: Vec<Option<Arc<Regex>>>,
    /// The unassigned number table, in the order Lync applies it.
    unassigned: Vec<(UnassignedId, Arc<Regex>)>,
    owns: IdVec<GatewayId, Vec<Option<Arc<Regex>>>>,
    sends: IdVec<GatewayId, Vec<Option<Arc<Regex>>>>,
    placeholder: Rule,
    policy_usages: IdVec<VoicePolicyId, Vec<UsageId>>,
    policies: HashMap<PolicyScope, VoicePolicyId>,
    plans: HashMap<DialPlanScope, DialPlanId>,
    usages: OnceLock<IdVec<UsageId, UsageIndex>>,
}

/// Every pattern text of a model, in the fixed order [`Compiled::with`]
/// reads them back in.
fn texts(model: &Model) -> Vec<&str> {
    let mut texts: Vec<&str> = Vec::new();
    texts.extend(model.routes.iter().map(|(_, r)| r.pattern.text.as_str()));
    for (_, p) in model.dial_plans.iter() {
        texts.extend(p.rules.iter().map(|r| r.pattern.text.as_str()));
    }
    for (_, c) in model.trunk_configs.iter() {
        texts.extend(
            rules_of(&c.settings.called_number)
                .iter()
                .map(|r| r.pattern.text.as_str()),
        );
        texts.extend(
            rules_of(&c.settings.calling_number)
                .iter()
                .map(|r| r.pattern.text.as_str()),
        );
    }
    texts.extend(model.lync_numbers.iter().map(|p| p.text.as_str()));
    for (_, g) in model.gateways.iter() {
        texts.extend(g.owns.iter().chain(&g.sends).map(|p| p.text.as_str()));
    }
    texts.push(PLACEHOLDER_PATTERN);
    texts
}

/// Patterns parsed once for several models (the two versions `topoc diff`
/// compares), by text: `None` where .NET rejects the text.
#[derive(Default)]
pub struct Patterns {
    by_text: HashMap<Box<str>, Option<Arc<Regex>>>,
}

impl Patterns {
    /// Every pattern of `models`, each distinct text parsed once, on all
    /// available cores.
    pub fn of(models: &[&Model]) -> Patterns {
        let mut distinct: Vec<&str> = models.iter().flat_map(|m| texts(m)).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let parsed = Patterns::parse(&distinct);
        Patterns {
            by_text: distinct.into_iter().map(Box::from).zip(parsed).collect(),
        }
    }

    /// The pattern of `text`: the one parsed, or parsed now.
    fn get(&self, text: &str) -> Option<Arc<Regex>> {
        match self.by_text.get(text) {
            Some(parsed) => parsed.clone(),
            None => Regex::new(text).ok().map(Arc::new),
        }
    }

    /// Parses each text, on all available cores.
    fn parse(texts: &[&str]) -> Vec<Option<Arc<Regex>>> {
        crate::parallel::map(texts.len(), |i| Regex::new(texts[i]).ok().map(Arc::new))
    }
}

fn rules_of(list: &Option<crate::model::Setting<Vec<NumberRule>>>) -> &[NumberRule] {
    list.as_ref().map_or(&[], |s| &s.value)
}

impl<'m> Compiled<'m> {
    /// Every compiled pattern and index, taken out (leaving this with
    /// none): they borrow nothing of the model, so they can be freed on
    /// another thread ([`crate::parallel::drop_aside`]), and a large
    /// project's are many small allocations (80,338 distinct patterns at
    /// 1,000 sites, each a tree).
    pub(crate) fn take_compiled(&mut self) -> impl Send + 'static {
        (
            (
                std::mem::take(&mut self.routes),
                std::mem::take(&mut self.dial_plans),
                std::mem::take(&mut self.called),
                std::mem::take(&mut self.calling),
            ),
            (
                std::mem::take(&mut self.lync_numbers),
                std::mem::take(&mut self.unassigned),
                std::mem::take(&mut self.owns),
                std::mem::take(&mut self.sends),
            ),
            (
                std::mem::take(&mut self.policy_usages),
                std::mem::take(&mut self.policies),
                std::mem::take(&mut self.plans),
                self.usages.take(),
            ),
        )
    }

    /// Parses every pattern of the model, on all available cores.
    pub fn new(model: &'m Model) -> Compiled<'m> {
        Compiled::with(model, None)
    }

    /// [`Compiled::new`], taking the patterns `parsed` has (two versions
    /// of a project share most of theirs) and parsing only the others.
    pub fn with(model: &'m Model, parsed: Option<&Patterns>) -> Compiled<'m> {
        let texts = texts(model);
        // Each distinct text is parsed once: rules copied with `from` and
        // routes with a common pattern share one parsed regex.
        let mut slot_of: HashMap<&str, usize> = HashMap::with_capacity(texts.len());
        let mut distinct: Vec<&str> = Vec::new();
        let slots: Vec<usize> = texts
            .iter()
            .map(|&t| {
                *slot_of.entry(t).or_insert_with(|| {
                    distinct.push(t);
                    distinct.len() - 1
                })
            })
            .collect();
        let parsed = match parsed {
            Some(p) => distinct.iter().map(|t| p.get(t)).collect(),
            None => Patterns::parse(&distinct),
        };
        let mut next = slots.into_iter().map(|i| parsed[i].clone());
        let mut take = |n: usize| -> Vec<Option<Arc<Regex>>> { next.by_ref().take(n).collect() };
        let rules = |list: &[NumberRule], regexes: Vec<Option<Arc<Regex>>>| -> Vec<Rule> {
            list.iter()
                .zip(regexes)
                .map(|(r, regex)| {
                    let translation = regex
                        .as_ref()
                        .and_then(|re| Replacement::parse(&r.translation.text, re).ok())
                        .map(Arc::new);
                    Rule { regex, translation }
                })
                .collect()
        };
        let routes = IdVec::from_vec(take(model.routes.len()));
        let dial_plans = model
            .dial_plans
            .iter()
            .map(|(_, p)| rules(&p.rules, take(p.rules.len())))
            .collect();
        let mut called = Vec::new();
        let mut calling = Vec::new();
        // Collections and gateways in id order.
        for (_, c) in model.trunk_configs.iter() {
            let (a, b) = (
                rules_of(&c.settings.called_number),
                rules_of(&c.settings.calling_number),
            );
            called.push(rules(a, take(a.len())));
            calling.push(rules(b, take(b.len())));
        }
        let lync_numbers = take(model.lync_numbers.len());
        let mut owns = Vec::new();
        let mut sends = Vec::new();
        for (_, g) in model.gateways.iter() {
            owns.push(take(g.owns.len()));
            sends.push(take(g.sends.len()));
        }
        let placeholder_regex = take(1).pop().flatten();
        let placeholder = Rule {
            translation: placeholder_regex
                .as_ref()
                .and_then(|re| Replacement::parse(PLACEHOLDER_TRANSLATION, re).ok())
                .map(Arc::new),
            regex: placeholder_regex,
        };
        let unassigned = model
            .unassigned_in_order()
            .into_iter()
            .filter_map(|id| {
                let re = Regex::new(&model.unassigned.get(id).range.value.pattern());
                debug_assert!(re.is_ok(), "a range's pattern is always valid");
                re.ok().map(|re| (id, Arc::new(re)))
            })
            .collect();
        Compiled {
            model,
            routes,
            dial_plans,
            lync_numbers,
            unassigned,
            placeholder,
            called: IdVec::from_vec(called),
            calling: IdVec::from_vec(calling),
            owns: IdVec::from_vec(owns),
            sends: IdVec::from_vec(sends),
            policy_usages: model
                .voice_policies
                .iter()
                .map(|(_, p)| p.usages.iter().map(|u| u.id).collect())
                .collect(),
            policies: model
                .voice_policies
                .iter()
                .map(|(id, p)| (p.scope.clone(), id))
                .collect(),
            plans: model
                .dial_plans
                .iter()
                .map(|(id, p)| (p.scope.clone(), id))
                .collect(),
            usages: OnceLock::new(),
        }
    }

    /// The voice policy at a scope, if one is declared.
    pub fn policy_at(&self, scope: &PolicyScope) -> Option<VoicePolicyId> {
        self.policies.get(scope).copied()
    }

    /// The dial plan at a scope, if one is declared.
    pub fn dial_plan_at(&self, scope: &DialPlanScope) -> Option<DialPlanId> {
        self.plans.get(scope).copied()
    }

    /// The route index of every usage, built on first use.
    fn usages(&self) -> &IdVec<UsageId, UsageIndex> {
        self.usages.get_or_init(|| {
            let model = self.model;
            let mut by_usage: IdVec<UsageId, Vec<RouteId>> =
                IdVec::filled(model.usages.len(), Vec::new());
            for (id, route) in model.routes.iter() {
                for u in &route.usages {
                    // Routes come in id order, so a usage listed twice by
                    // one route would be its list's last entry.
                    let list = &mut by_usage[u.id];
                    if list.last() != Some(&id) {
                        list.push(id);
                    }
                }
            }
            by_usage
                .into_iter()
                .map(|routes| {
                    // The order deploy.ps1 numbers them in (`by_priority`).
                    let order = crate::model::by_priority(
                        routes
                            .into_iter()
                            .map(|r| (r, &model.routes.get(r).priority)),
                    );
                    let mut index = UsageIndex::default();
                    for (rank, &r) in order.iter().enumerate() {
                        let prefix = self.routes[r]
                            .as_ref()
                            .map(|re| re.literal_prefix())
                            .unwrap_or_default();
                        if prefix.is_empty() {
                            index.unprefixed.push(rank as u32);
                        } else {
                            index.by_prefix.push((prefix, rank as u32));
                        }
                    }
                    index.by_prefix.sort_unstable();
                    index.prefix_lengths = (
                        index
                            .by_prefix
                            .iter()
                            .map(|(p, _)| p.len())
                            .min()
                            .unwrap_or(0),
                        index
                            .by_prefix
                            .iter()
                            .map(|(p, _)| p.len())
                            .max()
                            .unwrap_or(0),
                    );
                    index.order = order;
                    index
                })
                .collect()
        })
    }

    /// A gateway's `owns` patterns, in order.
    pub fn owns(&self, gateway: crate::model::GatewayId) -> &[Option<Arc<Regex>>] {
        &self.owns[gateway]
    }

    /// A gateway's `sends` patterns, in order.
    pub fn sends(&self, gateway: crate::model::GatewayId) -> &[Option<Arc<Regex>>] {
        &self.sends[gateway]
    }

    /// A route's pattern, shared.
    pub fn route_arc(&self, route: RouteId) -> Option<Arc<Regex>> {
        self.routes[route].clone()
    }

    /// A route's pattern, shared, when Lync can send a call over the
    /// route: .NET accepts the pattern (Lync refuses the route otherwise,
    /// E37) and the route has trunks (Lync skips it otherwise, W07).
    pub fn routable(&self, route: RouteId) -> Option<Arc<Regex>> {
        if self.model.routes.get(route).trunks.is_empty() {
            return None;
        }
        self.routes[route].clone()
    }

    /// A route's pattern (`None` when .NET rejects it).
    pub fn route(&self, route: RouteId) -> Option<&Regex> {
        self.routes[route].as_deref()
    }

    /// A dial plan's normalization rules, in order.
    pub fn dial_plan(&self, plan: DialPlanId) -> &[Rule] {
        &self.dial_plans[plan]
    }

    /// Lync's placeholder rule.
    pub fn placeholder(&self) -> &Rule {
        &self.placeholder
    }

    /// A trunk configuration's called-number rules, in order.
    pub fn called(&self, config: TrunkConfigId) -> &[Rule] {
        &self.called[config]
    }

    /// A trunk configuration's calling-number rules, in order.
    pub fn calling(&self, config: TrunkConfigId) -> &[Rule] {
        &self.calling[config]
    }

    /// The `lync-numbers` patterns, in model order.
    pub fn lync_numbers(&self) -> &[Option<Arc<Regex>>] {
        &self.lync_numbers
    }

    /// The ranges of the unassigned number table as patterns, in the order
    /// Lync applies them.
    pub fn unassigned(&self) -> &[(UnassignedId, Arc<Regex>)] {
        &self.unassigned
    }

    /// A voice policy's usages, in order.
    pub fn policy_usages(&self, policy: VoicePolicyId) -> &[UsageId] {
        &self.policy_usages[policy]
    }

    /// Every route carrying `usage`, in Lync's order.
    pub fn usage_routes(&self, usage: UsageId) -> &[RouteId] {
        &self.usages()[usage].order
    }

    /// The routes of `usage` that may match `number`, in Lync's order: all
    /// of them except those whose literal prefix the number lacks.
    pub fn candidates(&self, usage: UsageId, number: &str) -> Vec<RouteId> {
        let index = &self.usages()[usage];
        let mut ranks: Vec<u32> = index.unprefixed.clone();
        let (shortest, longest) = index.prefix_lengths;
        for (end, _) in number.char_indices().skip(1).chain([(number.len(), ' ')]) {
            if end < shortest || end > longest {
                continue;
            }
            let prefix = &number[..end];
            let from = index
                .by_prefix
                .partition_point(|(p, _)| p.as_str() < prefix);
            ranks.extend(
                index.by_prefix[from..]
                    .iter()
                    .take_while(|(p, _)| p == prefix)
                    .map(|&(_, r)| r),
            );
        }
        ranks.sort_unstable();
        ranks.into_iter().map(|r| index.order[r as usize]).collect()
    }
}
