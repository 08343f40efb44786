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

use super::sets::Cx;
use super::{Analysis, Witness};
use crate::diagnostics::Label;
use crate::dialset::{Key, KeyIndex, Set, TooLarge, Unsupported};
use crate::model::{CallForwarding, IdVec, RouteId, UsageId};
use crate::simulate::Routing;
use crate::source::Span;

/// A route that is never a candidate: every number it matches is a Lync
/// user's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShadowedRoute {
    /// The route.
    pub route: RouteId,
    /// What ends routing for the witness.
    pub ends: Ends,
    /// The originator the witness was replayed for, in words.
    pub originator: String,
    /// A number the route matches, which reverse number lookup takes.
    pub witness: Witness,
}

/// What ends routing before any route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ends {
    /// Reverse number lookup finds a Lync user.
    LyncUser,
    /// The unassigned number table takes the number (A12).
    Unassigned,
}

/// Two routes of one usage that both match a number (not a Lync user's):
/// Lync 2013 does not guarantee which it tries first (A06).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguous {
    /// The usage.
    pub usage: UsageId,
    /// The route topoc's order (priority, then name) puts first.
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
    keys: Arc<[Key]>,
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
    index: KeyIndex,
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
            index: KeyIndex::default(),
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
                },
            ));
            return out;
        }
        for &(r, usage) in &order {
            let Some(re) = cx.compiled.routable(r) else {
                continue;
            };
            let route = m.routes.get(r);
            if !cx.tick(route.pattern.span) {
                out.blocked = Some((
                    out.entries.len(),
                    Blocked {
                        span: route.pattern.span,
                        why: "the project's work budget is spent".into(),
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

/// Finds routes that are never a candidate and routes of one usage that
/// overlap.
pub(crate) fn analyse(cx: &mut Cx<'_, '_>, out: &mut Analysis) {
    shadowed(cx, out);
    ambiguous(cx, out);
}

/// Routes that are never a candidate: carried by some originator, but
/// every number they match is a Lync user's, so reverse number lookup ends
/// routing before any route is looked at. A route that only ever follows
/// others is a failover route, not dead (LYNC-TRUNKS 4.1 steps 4 and 6),
/// and is not reported; two routes of one usage that overlap are
/// [`ambiguous`].
fn shadowed(cx: &mut Cx<'_, '_>, out: &mut Analysis) {
    let m = cx.model;
    let origins = originators(cx);
    let mut carried: IdVec<RouteId, Option<usize>> = IdVec::filled(m.routes.len(), None);
    for (i, o) in origins.iter().enumerate() {
        for &u in &o.usages {
            for &r in cx.compiled.usage_routes(u) {
                carried[r].get_or_insert(i);
            }
        }
    }
    let Some(lync) = cx.lync.clone() else { return };
    for (r, route) in m.routes.iter() {
        let Some(o) = carried[r] else {
            continue;
        };
        if !cx.tick(route.pattern.span) {
            return;
        }
        let Some(re) = cx.compiled.routable(r) else {
            continue;
        };
        // A construct outside the analysis is W24's to report; a pattern
        // beyond topoc's limits or budget is named here.
        let set = match cx.keyed_quiet(&re) {
            Ok(k) => k.set,
            Err(Unsupported::TooLarge(_)) => {
                cx.set(
                    &re,
                    &route.pattern,
                    "whether this route is ever a candidate",
                );
                continue;
            }
            Err(Unsupported::Construct(_)) => continue,
        };
        // A number outside the Lync users' is found by a search of the
        // product that stops at the first (most routes have one at once);
        // the difference itself is never built.
        let outside = match Set::shortest_outside(&set, &[&lync]) {
            Ok(o) => o,
            Err(_) => {
                cx.too_large(route.pattern.span, "whether this route is ever a candidate");
                continue;
            }
        };
        // It matches some number that routing gets to, or no dial string
        // at all (said by the number rules). Its shortest number is looked
        // for only now: most routes have one outside.
        if outside.is_some() {
            continue;
        }
        let Some(number) = set.shortest() else {
            continue;
        };
        let o = &origins[o];
        let ends = match cx.sim.route_number(&o.usages, &number) {
            Err(u) => {
                cx.undecided(
                    route.name.span,
                    format!(
                        "topoc cannot replay '{number}' for {} through the call simulator ({}), so it does not report route `{}` as never a candidate",
                        o.name,
                        u.reason(),
                        route.name.text
                    ),
                );
                continue;
            }
            Ok(Routing::LyncUser) => Ends::LyncUser,
            Ok(Routing::Unassigned) => Ends::Unassigned,
            other => {
                out.disagree(route.name.span, format!(
                    "route `{}` matches only numbers routing never sees by the analysis, but '{number}' routes as {other:?}",
                    route.name.text
                ));
                continue;
            }
        };
        let (span, text) = match ends {
            Ends::LyncUser => (
                lync_span(cx),
                "but it is a Lync user's number: reverse number lookup ends routing",
            ),
            Ends::Unassigned => (
                m.unassigned
                    .iter()
                    .find(|(_, u)| u.range.value.contains(&number))
                    .map(|(_, u)| u.range.span),
                "but it is an unassigned number: the unassigned number table ends routing",
            ),
        };
        let path = vec![
            Label {
                span: route.pattern.span,
                text: format!("'{number}' matches route `{}`", route.name.text),
            },
            Label {
                span: span.unwrap_or(route.name.span),
                text: text.into(),
            },
        ];
        out.shadowed_routes.push(ShadowedRoute {
            route: r,
            ends,
            originator: o.name.clone(),
            witness: Witness { number, path },
        });
    }
}

fn lync_span(cx: &Cx<'_, '_>) -> Option<Span> {
    cx.model.lync_numbers.first().map(|p| p.span)
}

/// Lync 2013 does not guarantee the order of the routes of one usage
/// (A06: it was seen to try a catch-all before a more specific route with
/// a better priority), so two routes of one usage that can both match a
/// number (not a Lync user's) leave it to chance which is tried first:
/// one finding per route, with the first earlier route it meets.
fn ambiguous(cx: &mut Cx<'_, '_>, out: &mut Analysis) {
    let m = cx.model;
    let Some(lync) = cx.lync.clone() else { return };
    // One finding per route, in the first usage where it overlaps.
    let mut reported: IdVec<RouteId, bool> = IdVec::filled(m.routes.len(), false);
    'usages: for usage in m.usages.ids() {
        let order = cx.compiled.usage_routes(usage).to_vec();
        let mut members: Vec<(RouteId, super::sets::Keyed)> = Vec::new();
        let mut index = KeyIndex::default();
        for (i, &r) in order.iter().enumerate() {
            let Some(re) = cx.compiled.routable(r) else {
                continue;
            };
            let route = m.routes.get(r);
            // An undecided route leaves every later one of the usage
            // undecided; said when there is a later one.
            let keyed = match cx.keyed_quiet(&re) {
                Ok(k) => k,
                Err(u) => {
                    if i + 1 < order.len() {
                        cx.undecided(
                            route.pattern.span,
                            format!(
                                "'{}' is not analysed: {}, so topoc cannot decide whether the routes of usage `{}` overlap",
                                route.pattern.text,
                                u.reason(),
                                m.usages.get(usage).name.text
                            ),
                        );
                    }
                    continue 'usages;
                }
            };
            for j in index.meeting(&keyed.keys, members.len() as u32) {
                if reported[r] {
                    break;
                }
                if !cx.tick(route.pattern.span) {
                    return;
                }
                let (a, ak) = &members[j as usize];
                let both = keyed.set.and(&ak.set).and_then(|both| both.minus(&lync));
                let Ok(both) = both else {
                    cx.too_large(
                        route.pattern.span,
                        "whether this route overlaps another of its usage",
                    );
                    continue;
                };
                let Some(number) = both.shortest() else {
                    continue;
                };
                // Both are candidates for the number (the other routes of
                // the usage do not matter to that).
                let replayed = cx.sim.route_number_among(&[usage], &number, &[*a, r]);
                if let Err(u) = replayed {
                    cx.undecided(
                        route.name.span,
                        format!(
                            "topoc cannot replay '{number}' through the call simulator ({}), so it does not report whether routes `{}` and `{}` overlap",
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
                            && found.iter().any(|(f, _)| *f == r) => {}
                    other => {
                        out.disagree(route.name.span, format!(
                            "routes `{}` and `{}` both match '{number}' by the analysis, but it routes as {other:?}",
                            m.routes.get(*a).name.text,
                            route.name.text
                        ));
                        continue;
                    }
                }
                let ar = m.routes.get(*a);
                reported[r] = true;
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
                // One finding per route: the first route it meets.
                break;
            }
            index.add(&keyed.keys, members.len() as u32);
            members.push((r, keyed));
        }
    }
}
