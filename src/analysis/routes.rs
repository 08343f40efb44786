//! Which numbers each route wins, for every originator (LYNC-TRUNKS 4.1
//! steps 4–6, 4.4; LANGUAGE.md section 5): shadowed routes (W08) and routes
//! of one usage whose order is arbitrary on some number.
//!
//! Routing sees a number after normalization; the universe here is every
//! dial string except Lync users' numbers (reverse number lookup ends
//! routing first). For an originator's usages in order, and each usage's
//! routes in Lync's order, a route wins the numbers it matches that no
//! route before it matches.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::sets::{Cx, Earlier, PrefixIndex, comparable};
use super::{Analysis, Witness};
use crate::diagnostics::Label;
use crate::dialset::{self, Set, TooLarge, Unsupported};
use crate::model::{CallForwarding, RouteId, UsageId};
use crate::simulate::Routing;
use crate::source::Span;

/// A route no originator can choose for any number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShadowedRoute {
    /// The route.
    pub route: RouteId,
    /// What takes the witness instead: a route, or `None` for reverse
    /// number lookup.
    pub covering: Option<RouteId>,
    /// The originator the witness was replayed for, in words.
    pub originator: String,
    /// A number the route matches that goes elsewhere.
    pub witness: Witness,
}

/// Two routes of one usage, not ordered by distinct priorities, that both
/// match a number no earlier route of the usage takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguous {
    /// The usage.
    pub usage: UsageId,
    /// The route Lync's order (name) puts first.
    pub first: RouteId,
    /// The other.
    pub second: RouteId,
    /// A number both match.
    pub witness: Witness,
}

/// An originator: an ordered list of usages and who holds it.
struct Originator {
    usages: Vec<UsageId>,
    name: String,
}

/// The originators of a model: voice policies, their custom
/// call-forwarding lists, trunk configurations (the same set W05 uses).
fn originators(cx: &Cx<'_, '_>) -> Vec<Originator> {
    let m = cx.model;
    let mut out = Vec::new();
    for (_, p) in m.voice_policies.iter() {
        out.push(Originator {
            usages: p.usages.iter().map(|u| u.id).collect(),
            name: format!("voice policy `{}`", p.scope_text),
        });
        if let Some(cf) = &p.call_forwarding
            && let CallForwarding::Custom(list) = &cf.value
        {
            out.push(Originator {
                usages: list.iter().map(|u| u.id).collect(),
                name: format!(
                    "the call-forwarding usages of voice policy `{}`",
                    p.scope_text
                ),
            });
        }
    }
    for (id, c) in m.trunk_configs.iter() {
        if let Some(u) = &c.settings.usages {
            out.push(Originator {
                usages: u.value.iter().map(|u| u.id).collect(),
                name: format!("trunk configuration `{}`", m.config_scope_text(id)),
            });
        }
    }
    out
}

/// Why an originator's winners are unknown from some route on: the first
/// route whose pattern the analysis cannot use.
#[derive(Clone, Debug)]
pub(crate) struct Blocked {
    /// The pattern.
    pub span: Span,
    /// The pattern's text and why, in words.
    pub why: String,
    /// Whether later routes of the list depend on it, or it could be
    /// shadowed by earlier ones (or by Lync users' numbers).
    pub later: bool,
}

impl Blocked {
    /// Records it as undecided for `affects`.
    pub fn record(&self, cx: &mut Cx<'_, '_>, affects: &str) {
        cx.undecided(
            self.span,
            format!("{}, so topoc cannot decide {affects}", self.why),
        );
    }
}

/// One route of an ordered list.
pub(crate) struct Entry {
    pub route: RouteId,
    pub usage: UsageId,
    keys: Arc<[String]>,
    set: Arc<Set>,
    /// The numbers it wins, once asked for.
    won: Option<Result<Arc<Set>, TooLarge>>,
}

/// The routes an ordered usage list reaches, in Lync's order (usages in
/// order, each usage's routes by priority then name, each route once),
/// with the numbers each wins computed on demand: the numbers it matches
/// that no earlier route matches and that are not Lync users' numbers.
pub(crate) struct Ordered {
    pub entries: Vec<Entry>,
    /// From this entry on, the winners are unknown, and why.
    pub blocked: Option<(usize, Blocked)>,
    lync: Arc<Set>,
    index: PrefixIndex,
}

impl Ordered {
    fn new(cx: &mut Cx<'_, '_>, usages: &[UsageId]) -> Ordered {
        let m = cx.model;
        let mut seen: HashSet<RouteId> = HashSet::new();
        let order: Vec<(RouteId, UsageId)> = usages
            .iter()
            .flat_map(|&u| cx.compiled.usage_routes(u).iter().map(move |&r| (r, u)))
            .filter(|&(r, _)| seen.insert(r))
            .collect();
        let mut out = Ordered {
            entries: Vec::new(),
            blocked: None,
            lync: cx.lync.clone().unwrap_or_else(|| Arc::new(Set::empty())),
            index: PrefixIndex::default(),
        };
        if cx.lync.is_none()
            && let Some(p) = m.lync_numbers.first()
        {
            // Already recorded at the `lync-numbers` pattern.
            out.blocked = Some((
                0,
                Blocked {
                    span: p.span,
                    why: format!("`lync-numbers` '{}' is not analysed", p.text),
                    later: true,
                },
            ));
            return out;
        }
        for (i, &(r, usage)) in order.iter().enumerate() {
            // Lync refuses a route .NET rejects (E37): it matches nothing.
            let Some(re) = cx.compiled.route_arc(r) else {
                continue;
            };
            let route = m.routes.get(r);
            if !cx.tick(route.pattern.span) {
                out.blocked = Some((
                    out.entries.len(),
                    Blocked {
                        span: route.pattern.span,
                        why: "the project's work budget is spent".into(),
                        later: false,
                    },
                ));
                return out;
            }
            let keyed = match cx.keyed_quiet(&re) {
                Ok(k) => k,
                Err(u) => {
                    out.blocked = Some((
                        out.entries.len(),
                        Blocked {
                            span: route.pattern.span,
                            why: format!(
                                "'{}' is not analysed: {}",
                                route.pattern.text,
                                u.reason()
                            ),
                            // A pattern beyond topoc's limits is always
                            // named: nothing else says it is not analysed.
                            later: i + 1 < order.len()
                                || !out.entries.is_empty()
                                || !out.lync.is_empty()
                                || matches!(u, Unsupported::TooLarge(_)),
                        },
                    ));
                    break;
                }
            };
            out.index.add(&keyed.keys, out.entries.len() as u32);
            out.entries.push(Entry {
                route: r,
                usage,
                keys: keyed.keys,
                set: keyed.set,
                won: None,
            });
        }
        out
    }

    /// The numbers entry `i` wins.
    pub fn won(&mut self, i: usize) -> Result<Arc<Set>, TooLarge> {
        if let Some(w) = &self.entries[i].won {
            return w.clone();
        }
        let indexes = self.earlier(i);
        let mut earlier: Vec<&Set> = vec![&self.lync];
        earlier.extend(indexes.iter().map(|&j| &*self.entries[j].set));
        let won = Set::minus_all(&self.entries[i].set, &earlier);
        self.entries[i].won = Some(won.clone());
        won
    }

    /// Whether entry `i` wins some number (without building the set when
    /// it has not been built).
    pub fn wins_some(&mut self, i: usize) -> Result<bool, TooLarge> {
        if let Some(w) = &self.entries[i].won {
            return w.as_ref().map(|w| !w.is_empty()).map_err(|e| *e);
        }
        let indexes = self.earlier(i);
        let mut others: Vec<&Set> = vec![&self.lync];
        others.extend(indexes.iter().map(|&j| &*self.entries[j].set));
        Ok(Set::shortest_outside(&self.entries[i].set, &others)?.is_some())
    }

    /// The entries before `i` whose patterns may meet entry `i`'s.
    fn earlier(&self, i: usize) -> Vec<usize> {
        self.index
            .meeting(&self.entries[i].keys, i as u32)
            .into_iter()
            .map(|j| j as usize)
            .collect()
    }
}

/// The ordered route list of each distinct usage list, built once each.
#[derive(Default)]
pub(crate) struct Winners {
    by_list: HashMap<Vec<UsageId>, usize>,
    lists: Vec<Ordered>,
}

impl Winners {
    /// The ordered routes of a usage list.
    pub fn of(&mut self, cx: &mut Cx<'_, '_>, usages: &[UsageId]) -> &mut Ordered {
        let i = match self.by_list.get(usages) {
            Some(&i) => i,
            None => {
                self.lists.push(Ordered::new(cx, usages));
                self.by_list.insert(usages.to_vec(), self.lists.len() - 1);
                self.lists.len() - 1
            }
        };
        &mut self.lists[i]
    }
}

/// Finds shadowed routes and ambiguous route order.
pub(crate) fn analyse(cx: &mut Cx<'_, '_>, out: &mut Analysis, winners: &mut Winners) {
    shadowed(cx, out, winners);
    ambiguous(cx, out);
}

fn shadowed(cx: &mut Cx<'_, '_>, out: &mut Analysis, winners: &mut Winners) {
    let m = cx.model;
    let origins = originators(cx);
    // Per route: carried by some originator, wins somewhere, decided.
    let mut carried: Vec<Option<usize>> = vec![None; m.routes.len()];
    let mut wins = vec![false; m.routes.len()];
    let mut undecided = vec![false; m.routes.len()];
    for (i, o) in origins.iter().enumerate() {
        let reached: HashSet<RouteId> = o
            .usages
            .iter()
            .flat_map(|&u| cx.compiled.usage_routes(u).iter().copied())
            .collect();
        // Each originator's routes are walked a few times below.
        if !dialset::charge_work(reached.len() as u64) {
            if let Some(r) = reached.iter().next() {
                cx.tick(m.routes.get(*r).pattern.span);
            }
            return;
        }
        for &r in &reached {
            carried[r.0 as usize].get_or_insert(i);
        }
        let list = winners.of(cx, &o.usages);
        let decided = list
            .blocked
            .as_ref()
            .map_or(list.entries.len(), |(b, _)| *b);
        let mut too_large = None;
        for i in 0..decided {
            let r = list.entries[i].route.0 as usize;
            if wins[r] {
                continue;
            }
            if !cx.tick(m.routes.get(list.entries[i].route).pattern.span) {
                return;
            }
            match list.wins_some(i) {
                Ok(w) => wins[r] = w,
                Err(_) => {
                    undecided[r] = true;
                    too_large.get_or_insert(list.entries[i].route);
                }
            }
        }
        let blocked = list.blocked.as_ref().map(|(_, b)| b.clone());
        if let Some(r) = too_large {
            cx.too_large(m.routes.get(r).pattern.span, "whether this route can win");
        }
        if let Some(blocked) = blocked {
            if blocked.later {
                blocked.record(cx, "whether it, or the routes after it, can be chosen");
            }
            // Every route of the list from the blocked one on.
            let list = winners.of(cx, &o.usages);
            let from = list.blocked.as_ref().map_or(0, |(b, _)| *b);
            let decided: HashSet<RouteId> = list.entries[..from].iter().map(|e| e.route).collect();
            for r in reached.iter().filter(|r| !decided.contains(r)) {
                undecided[r.0 as usize] = true;
            }
        }
    }
    let Some(lync) = cx.lync.clone() else { return };
    for (r, route) in m.routes.iter() {
        let i = r.0 as usize;
        let (Some(o), false, false) = (carried[i], wins[i], undecided[i]) else {
            continue;
        };
        let Some(re) = cx.compiled.route_arc(r) else {
            continue;
        };
        let Some(set) = cx.set(&re, &route.pattern, "whether this route can win") else {
            continue;
        };
        // A number it matches, preferably one reverse number lookup leaves
        // to routing.
        let Some(number) = set
            .minus(&lync)
            .ok()
            .and_then(|s| s.shortest())
            .or_else(|| set.shortest())
        else {
            // It matches no dial string at all.
            continue;
        };
        let o = &origins[o];
        let covering = match cx.sim.route_number(&o.usages, &number) {
            Err(u) => {
                cx.undecided(
                    route.name.span,
                    format!(
                        "topoc cannot replay '{number}' for {} through the call simulator ({}), so it does not report route `{}` as never chosen",
                        o.name,
                        u.reason(),
                        route.name.text
                    ),
                );
                continue;
            }
            Ok(Routing::LyncUser) => None,
            Ok(Routing::Routes(found))
                if found.first().is_some_and(|(f, _)| *f != r)
                    && found.iter().any(|(f, _)| *f == r) =>
            {
                Some(found[0].0)
            }
            other => {
                out.disagree(route.name.span, format!(
                    "route `{}` is shadowed for {} by the analysis, but '{number}' routes as {other:?}",
                    route.name.text, o.name
                ));
                continue;
            }
        };
        let mut path = vec![Label {
            span: route.pattern.span,
            text: format!("'{number}' matches route `{}`", route.name.text),
        }];
        path.push(match covering {
            Some(c) => {
                let cr = m.routes.get(c);
                Label {
                    span: cr.name.span,
                    text: format!(
                        "but route `{}` comes first for {} and takes it",
                        cr.name.text, o.name
                    ),
                }
            }
            None => Label {
                span: lync_span(cx).unwrap_or(route.name.span),
                text: "but it is a Lync user's number: reverse number lookup ends routing".into(),
            },
        });
        out.shadowed_routes.push(ShadowedRoute {
            route: r,
            covering,
            originator: o.name.clone(),
            witness: Witness { number, path },
        });
    }
}

fn lync_span(cx: &Cx<'_, '_>) -> Option<Span> {
    cx.model.lync_numbers.first().map(|p| p.span)
}

/// The order of two routes with the same priority (or none) is arbitrary
/// (LANGUAGE.md section 5); an error when some number reaches both.
fn ambiguous(cx: &mut Cx<'_, '_>, out: &mut Analysis) {
    let m = cx.model;
    let Some(lync) = cx.lync.clone() else { return };
    'usages: for usage in m.usages.ids() {
        let order = cx.compiled.usage_routes(usage).to_vec();
        let mut before = Earlier::default();
        let mut i = 0;
        while i < order.len() {
            let key = |r: RouteId| m.routes.get(r).priority.as_ref().map(|p| p.value);
            let mut j = i;
            while j < order.len() && key(order[j]) == key(order[i]) {
                j += 1;
            }
            let group = &order[i..j];
            let mut members: Vec<(RouteId, super::sets::Keyed)> = Vec::new();
            for &r in group {
                let Some(re) = cx.compiled.route_arc(r) else {
                    continue;
                };
                let route = m.routes.get(r);
                // An undecided route leaves every later one of the usage
                // undecided; said when some order is left to decide.
                let keyed = match cx.keyed_quiet(&re) {
                    Ok(k) => k,
                    Err(u) => {
                        let ties_later = order[i..].windows(2).any(|w| key(w[0]) == key(w[1]));
                        if ties_later {
                            cx.undecided(
                                route.pattern.span,
                                format!(
                                    "'{}' is not analysed: {}, so topoc cannot decide whether the routes of usage `{}` without distinct priorities collide",
                                    route.pattern.text,
                                    u.reason(),
                                    m.usages.get(usage).name.text
                                ),
                            );
                        }
                        continue 'usages;
                    }
                };
                let set = &keyed.set;
                for (a, ak) in &members {
                    if !cx.tick(route.pattern.span) {
                        return;
                    }
                    let aset = &ak.set;
                    if !comparable(&ak.keys, &keyed.keys) {
                        continue;
                    }
                    let both = set
                        .and(aset)
                        .and_then(|both| before.minus(&Arc::new(both), &keyed.keys, &[&lync]));
                    let Ok(both) = both else {
                        cx.too_large(
                            route.pattern.span,
                            "whether this route's order is arbitrary",
                        );
                        continue;
                    };
                    let Some(number) = both.shortest() else {
                        continue;
                    };
                    // Both match, and what wins is a route of their group
                    // (several of the group may match).
                    let replayed = cx.sim.route_number(&[usage], &number);
                    if let Err(u) = replayed {
                        cx.undecided(
                            route.name.span,
                            format!(
                                "topoc cannot replay '{number}' through the call simulator ({}), so it does not report the order of routes `{}` and `{}`",
                                u.reason(),
                                m.routes.get(*a).name.text,
                                route.name.text
                            ),
                        );
                        continue;
                    }
                    match replayed {
                        Ok(Routing::Routes(found))
                            if found.iter().any(|(f, _)| f == a)
                                && found.iter().any(|(f, _)| *f == r)
                                && found.first().is_some_and(|(f, _)| key(*f) == key(r)) => {}
                        other => {
                            out.disagree(route.name.span, format!(
                                "routes `{}` and `{}` both take '{number}' first by the analysis, but it routes as {other:?}",
                                m.routes.get(*a).name.text,
                                route.name.text
                            ));
                            continue;
                        }
                    }
                    let ar = m.routes.get(*a);
                    out.ambiguous.push(Ambiguous {
                        usage,
                        first: *a,
                        second: r,
                        witness: Witness {
                            path: vec![
                                Label {
                                    span: ar.pattern.span,
                                    text: format!("'{number}' matches route `{}`", ar.name.text),
                                },
                                Label {
                                    span: route.pattern.span,
                                    text: format!("and route `{}`", route.name.text),
                                },
                            ],
                            number,
                        },
                    });
                    // One finding per route: the first route it collides with.
                    break;
                }
                members.push((r, keyed));
            }
            for (_, k) in &members {
                before.add(k);
            }
            i = j;
        }
    }
}
