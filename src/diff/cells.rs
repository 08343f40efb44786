//! One version's routing for one originator as cells: sets of dialled
//! strings on which every step of Lync's routing (LYNC-TRUNKS 4.1) does
//! the same thing — the same normalization rule, the same routes in the
//! same order, the same translation rule on each trunk of the winner — so
//! that the outcome on a cell is one symbolic description.
//!
//! Cells are built forwards: the number after each step is a function of
//! the dialled one (a [`Map`] when the rules have the usual shapes), and a
//! set of numbers at a later step becomes a set of dialled numbers by the
//! preimage of that function. Where a pattern is not one the sets compute,
//! or a rule's output cannot be followed, the cell is opaque and says why;
//! the comparison then only samples it.

use std::collections::HashMap;
use std::sync::Arc;

use crate::analysed::Analysed;
use crate::dialset::map::{Map, of_rule, pieces_of_rule};
use crate::dialset::{Set, TooLarge, of_regex};
use crate::model::{RouteId, TrunkId, UsageId};
use crate::netregex::Regex;
use crate::simulate::compiled::Rule;
use crate::simulate::{Origin, Routing, Simulator};

/// The number after some steps, as a function of the dialled number.
#[derive(Clone, Debug)]
pub struct Fun {
    /// The function, when every step has a usual shape.
    pub map: Option<Map>,
    /// The steps taken, in words: equal texts, equal functions.
    pub key: String,
}

impl Fun {
    fn identity() -> Fun {
        Fun {
            map: Some(Map::identity()),
            key: String::new(),
        }
    }

    /// Whether two functions are the same everywhere.
    pub fn same(&self, other: &Fun) -> bool {
        self.key == other.key || self.map.is_some() && self.map == other.map
    }
}

/// What routing does with the numbers of a cell, by name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// Reverse number lookup finds a Lync user.
    LyncUser,
    /// The unassigned number table takes the call.
    Unassigned,
    /// Routing the same in both versions: the number routing sees is
    /// outside every route, Lync number and unassigned range that differs
    /// between them ([`focus`]).
    AsBefore,
    /// The routes that match in Lync's order (empty: unroutable), each
    /// with its trunks. The usage a route was found under is not part of
    /// what a call does.
    Routes(Vec<(String, Vec<String>)>),
}

impl Class {
    /// The class in words.
    pub fn text(&self) -> String {
        match self {
            Class::LyncUser => "a Lync user".into(),
            Class::Unassigned => "the unassigned number table".into(),
            Class::AsBefore => "routing as before".into(),
            Class::Routes(r) if r.is_empty() => "unroutable".into(),
            Class::Routes(r) => {
                let hops: Vec<String> = r
                    .iter()
                    .map(|(route, trunks)| format!("{route} [{}]", trunks.join(", ")))
                    .collect();
                format!("route {}", hops.join(", then "))
            }
        }
    }
}

/// A cell of one version's routing.
#[derive(Clone, Debug)]
pub struct Cell {
    /// The dialled strings.
    pub set: Set,
    /// The number routing sees.
    pub normalized: Fun,
    /// What routing does.
    pub class: Class,
    /// The called number as each trunk of the winning route sends it.
    pub sent: Vec<Fun>,
    /// What decides the calling number on each trunk of the winner, in
    /// words (equal words, equal calling numbers).
    pub calling: Vec<String>,
    /// The calling-number functions of those trunks, by calling number.
    pub calling_cells: Vec<Vec<(Set, Fun)>>,
    /// Why the cell is not described exactly, when it is not.
    pub opaque: Option<String>,
}

/// Patterns as sets, shared by both versions (equal texts, equal sets).
#[derive(Default)]
pub struct Sets {
    by_text: HashMap<String, Option<Arc<Set>>>,
}

impl Sets {
    fn of(&mut self, text: &str, regex: Option<&Regex>) -> Option<Arc<Set>> {
        if let Some(s) = self.by_text.get(text) {
            return s.clone();
        }
        let set = regex.and_then(|re| {
            crate::dialset::metered(crate::analysis::PATTERN_WORK, || of_regex(re).ok())
                .map(Arc::new)
        });
        self.by_text.insert(text.to_string(), set.clone());
        set
    }
}

/// One entry of a first-match list.
#[derive(Clone)]
struct Entry {
    /// The numbers it takes; `None` when topoc does not compute them.
    set: Option<Arc<Set>>,
    /// What it does to them, when of a usual shape.
    map: Option<Map>,
    /// The entry in words.
    key: String,
}

/// A set of dialled numbers on its way through the steps.
struct Path {
    set: Set,
    fun: Fun,
    opaque: Option<String>,
}

/// An ordered list of rules as entries; an invalid rule takes nothing
/// (Lync refuses it).
///
/// A rule whose copied group has text of varying length before it
/// becomes one entry per way .NET matches that text
/// ([`pieces_of_rule`]), each a splice.
fn rule_entries(sets: &mut Sets, rules: &[(&str, &str, &Rule)]) -> Vec<Entry> {
    let mut out = Vec::new();
    for (pattern, translation, rule) in rules {
        let key = format!("'{pattern}' -> '{translation}'");
        let (Some(re), Some(tr)) = (&rule.regex, &rule.translation) else {
            out.push(Entry {
                set: Some(Arc::new(Set::empty())),
                map: None,
                key,
            });
            continue;
        };
        let set = sets.of(pattern, Some(re));
        let map = of_rule(re, tr).ok();
        if map.is_none()
            && set.is_some()
            && let Ok(pieces) = pieces_of_rule(re, tr)
        {
            for (k, (piece, map)) in pieces.into_iter().enumerate() {
                out.push(Entry {
                    set: Some(Arc::new(piece)),
                    map: Some(map),
                    key: format!("{key} (way {})", k + 1),
                });
            }
            continue;
        }
        out.push(Entry { set, map, key });
    }
    out
}

/// `+` removed from the front (a trunk configuration's `remove-plus`).
fn remove_plus() -> Entry {
    Entry {
        set: Set::all().wrap("+", "").ok().map(Arc::new),
        map: Some(Map::Splice {
            front: 1,
            back: 0,
            prefix: String::new(),
            suffix: String::new(),
        }),
        key: "remove +".into(),
    }
}

/// A first-match list with the numbers (at its step) each entry takes
/// first; the last cell, with `None`, goes through untouched;
/// `Some(Err(i))`: entry `i` and those after it are not computed.
struct FirstMatch {
    entries: Vec<Entry>,
    cells: Vec<(Set, Option<Result<usize, usize>>)>,
}

impl FirstMatch {
    fn new(entries: Vec<Entry>) -> Result<FirstMatch, TooLarge> {
        let mut cells: Vec<(Set, Option<Result<usize, usize>>)> = Vec::new();
        let mut taken = Set::empty();
        let mut unknown = None;
        for (i, e) in entries.iter().enumerate() {
            let Some(s) = &e.set else {
                unknown = Some(i);
                break;
            };
            let first = s.minus(&taken)?;
            if !first.is_empty() {
                cells.push((first, Some(Ok(i))));
            }
            taken = taken.or(s)?;
        }
        let rest = taken.complement();
        if !rest.is_empty() {
            cells.push((rest, unknown.map(Err)));
        }
        Ok(FirstMatch { entries, cells })
    }
}

/// Splits every path by which entry of a first-match list takes its
/// number. `within`, when known, holds every number the paths can have at
/// this step: cells outside it are skipped, and preimages are taken of
/// the part inside it (a smaller automaton).
fn step(paths: Vec<Path>, list: &FirstMatch, within: Option<&Set>) -> Result<Vec<Path>, TooLarge> {
    let entries = &list.entries;
    let mut cells: Vec<(Set, Option<Result<usize, usize>>)> = Vec::new();
    for (numbers, what) in &list.cells {
        match within {
            Some(w) if w.disjoint(numbers)? => {}
            Some(w) => cells.push((w.and(numbers)?, *what)),
            None => cells.push((numbers.clone(), *what)),
        }
    }
    let mut out = Vec::new();
    for p in paths {
        if p.opaque.is_some() {
            out.push(p);
            continue;
        }
        let Some(f) = p.fun.map.clone() else {
            out.push(Path {
                opaque: Some(format!(
                    "the output of {} is not a function topoc follows",
                    p.fun.key
                )),
                ..p
            });
            continue;
        };
        for (numbers, what) in &cells {
            let Some(set) = part(&p.set, &f, numbers)? else {
                continue;
            };
            let (fun, opaque) = match what {
                None => (p.fun.clone(), None),
                Some(Ok(i)) => {
                    let e = &entries[*i];
                    let map = e.map.as_ref().and_then(|m| f.then(m));
                    let key = if p.fun.key.is_empty() {
                        e.key.clone()
                    } else {
                        format!("{}, {}", p.fun.key, e.key)
                    };
                    (Fun { map, key }, None)
                }
                Some(Err(i)) => (
                    p.fun.clone(),
                    Some(format!(
                        "{} is not a pattern topoc analyses",
                        entries[*i].key
                    )),
                ),
            };
            out.push(Path { set, fun, opaque });
        }
    }
    Ok(out)
}

/// The dialled strings of `dialled` whose number after `f` is one of
/// `numbers`; `None` when there are none. A splice whose added prefix no
/// member of `numbers` starts with (a constant not among them) is ruled
/// out before the preimage, which builds an automaton.
fn part(dialled: &Set, f: &Map, numbers: &Set) -> Result<Option<Set>, TooLarge> {
    let reachable = match f {
        Map::Const(c) => numbers.contains(c),
        Map::Splice { prefix, .. } => prefix.is_empty() || !numbers.strip_prefix(prefix).is_empty(),
    };
    if !reachable {
        return Ok(None);
    }
    let set = dialled.and(&f.preimage(numbers)?)?;
    Ok((!set.is_empty()).then_some(set))
}

/// One version of the project, as the cells read it.
pub struct Version<'a> {
    /// The analysed project.
    pub analysed: &'a Analysed<'a>,
    /// Its simulator.
    pub sim: &'a Simulator<'a>,
}

/// The cells of one originator's routing in one version.
///
/// Routing is split only inside `focus` (the numbers on which the two
/// versions' routing may differ); outside it, a cell's class is
/// [`Class::AsBefore`].
pub fn cells(
    v: &Version<'_>,
    origin: &Origin,
    focus: Option<&Set>,
    sets: &mut Sets,
) -> Result<Vec<Cell>, TooLarge> {
    let setup = v.sim.setup(origin);
    let mut paths = vec![Path {
        set: Set::all(),
        fun: Fun::identity(),
        opaque: None,
    }];
    if let Some(prefix) = setup.access_prefix {
        let strip = Entry {
            set: Some(Arc::new(Set::all().wrap(prefix, "")?)),
            map: Some(Map::Splice {
                front: prefix.len(),
                back: 0,
                prefix: String::new(),
                suffix: String::new(),
            }),
            key: format!("external access prefix '{prefix}' removed"),
        };
        paths = step(paths, &FirstMatch::new(vec![strip])?, None)?;
    }
    paths = step(
        paths,
        &FirstMatch::new(rule_entries(sets, &setup.rules))?,
        None,
    )?;
    let (regions, unknown) = routing_regions(v, setup.usages, focus, sets)?;
    let mut trunks_done = TrunkCache::default();
    let mut out = Vec::new();
    for p in paths {
        let opaque = p.opaque.clone().or_else(|| unknown.clone()).or_else(|| {
            p.fun.map.is_none().then(|| {
                format!(
                    "the output of {} is not a function topoc follows",
                    p.fun.key
                )
            })
        });
        if let Some(why) = opaque {
            out.push(Cell {
                set: p.set,
                normalized: p.fun,
                class: Class::Routes(Vec::new()),
                sent: Vec::new(),
                calling: Vec::new(),
                calling_cells: Vec::new(),
                opaque: Some(why),
            });
            continue;
        }
        let f = p.fun.map.clone().unwrap_or_else(Map::identity);
        for (numbers, routing) in &regions {
            let Some(set) = part(&p.set, &f, numbers)? else {
                continue;
            };
            out.extend(egress(
                v,
                sets,
                &mut trunks_done,
                (set, numbers),
                &p.fun,
                routing.as_ref(),
            )?);
        }
    }
    Ok(out)
}

/// Numbers on which routing does one thing, each with what it does
/// (`None`: as before), and why there are none when they are not
/// computed.
type Regions = (Vec<(Set, Option<Routing>)>, Option<String>);

/// The patterns that end routing before any route, as text and compiled:
/// the Lync users' numbers, then the unassigned number ranges.
fn ends_routing(v: &Version<'_>) -> Vec<(String, Option<Arc<Regex>>)> {
    let m = v.analysed.model();
    let c = v.analysed.compiled();
    let mut out: Vec<(String, Option<Arc<Regex>>)> = m
        .lync_numbers
        .iter()
        .zip(c.lync_numbers())
        .map(|(p, re)| (p.text.clone(), re.clone()))
        .collect();
    out.extend(
        c.unassigned()
            .iter()
            .map(|(_, re)| (re.as_str().to_string(), Some(re.clone()))),
    );
    out
}

/// The numbers (as routing sees them) on which routing does one thing,
/// each with what it does, inside `focus` (everywhere when `None`); the
/// rest of the numbers are one region routed as before. Only the patterns
/// that meet the focus split it.
fn routing_regions(
    v: &Version<'_>,
    usages: &[UsageId],
    focus: Option<&Set>,
    sets: &mut Sets,
) -> Result<Regions, TooLarge> {
    let (m, c) = (v.analysed.model(), v.analysed.compiled());
    let mut patterns = ends_routing(v);
    for r in routes_in_order(v, usages) {
        if let Some(re) = c.routable(r) {
            patterns.push((m.routes.get(r).pattern.text.clone(), Some(re)));
        }
    }
    let mut regions = vec![focus.cloned().unwrap_or_else(Set::all)];
    for (text, re) in &patterns {
        // Every match starts with the literal prefix: a pattern whose
        // prefix no focused number has is skipped without its automaton.
        if let (Some(f), Some(re)) = (focus, re)
            && !re.literal_prefix().is_empty()
            && f.strip_prefix(&re.literal_prefix()).is_empty()
        {
            continue;
        }
        let Some(set) = sets.of(text, re.as_deref()) else {
            return Ok((
                Vec::new(),
                Some(format!("'{text}' is not a pattern topoc analyses")),
            ));
        };
        if focus.is_some_and(|f| f.disjoint(&set).unwrap_or(false)) {
            continue;
        }
        let mut next = Vec::with_capacity(regions.len() + 1);
        for r in regions {
            if r.disjoint(&set)? {
                next.push(r);
                continue;
            }
            let inside = r.and(&set)?;
            let outside = r.minus(&set)?;
            next.extend([inside, outside].into_iter().filter(|s| !s.is_empty()));
        }
        regions = next;
    }
    let mut out = Vec::with_capacity(regions.len() + 1);
    for r in regions {
        let Some(number) = r.shortest() else { continue };
        match v.sim.route_number(usages, &number) {
            Ok(routing) => out.push((r, Some(routing))),
            Err(u) => {
                return Ok((
                    Vec::new(),
                    Some(format!("'{number}' cannot be routed: {}", u.reason())),
                ));
            }
        }
    }
    if let Some(f) = focus {
        let rest = f.complement();
        if !rest.is_empty() {
            out.push((rest, None));
        }
    }
    Ok((out, None))
}

/// The routes of `usages`, each once, in the order Lync tries them.
fn routes_in_order(v: &Version<'_>, usages: &[UsageId]) -> Vec<RouteId> {
    let c = v.analysed.compiled();
    let mut seen: Vec<RouteId> = Vec::new();
    let mut done = std::collections::HashSet::new();
    for &u in usages {
        for &r in c.usage_routes(u) {
            if done.insert(r) {
                seen.push(r);
            }
        }
    }
    seen
}

/// A route as routing reads it, in words: name, pattern, whether Lync can
/// send calls over it, trunks and caller ID.
fn route_key(v: &Version<'_>, r: RouteId) -> String {
    let m = v.analysed.model();
    let route = m.routes.get(r);
    let trunks: Vec<&str> = route
        .trunks
        .iter()
        .map(|t| m.trunks.get(t.id).name.text.as_str())
        .collect();
    format!(
        "{:?} {:?} {} {trunks:?} {:?}",
        route.name.text,
        route.pattern.text,
        v.analysed.compiled().routable(r).is_some(),
        route.caller_id.as_ref().map(|p| &p.text)
    )
}

/// What a trunk does to the numbers it sends, in words.
fn trunk_key(v: &Version<'_>, t: TrunkId) -> String {
    let c = v.analysed.compiled();
    let eff = v.analysed.effective(t);
    let mut out = format!(
        "remove+ {} config {}",
        eff.remove_plus,
        eff.config.is_some()
    );
    if let Some(config) = eff.config {
        for (r, rule) in eff.called_number.iter().zip(c.called(config)) {
            let valid = rule.regex.is_some() && rule.translation.is_some();
            out.push_str(&format!(
                "; called {:?} {:?} {valid}",
                r.pattern.text, r.translation.text
            ));
        }
        for (r, rule) in eff.calling_number.iter().zip(c.calling(config)) {
            let valid = rule.regex.is_some() && rule.translation.is_some();
            out.push_str(&format!(
                "; calling {:?} {:?} {valid}",
                r.pattern.text, r.translation.text
            ));
        }
    }
    out
}

/// A route as [`focus`] compares it.
struct Tried {
    /// Its pattern's text and, when .NET accepts it, the compiled pattern.
    pattern: (String, Option<Arc<Regex>>),
    /// [`route_key`].
    key: String,
    /// Each trunk's name and [`trunk_key`].
    trunks: Vec<(String, String)>,
}

/// The numbers (as routing sees them) on which two versions' routing for
/// one originator may differ: the patterns of every route added, removed
/// or changed (pattern, trunks, caller ID, whether Lync can use it), of
/// every route over a trunk whose rules differ, and of the Lync numbers
/// and unassigned ranges when those differ. `None` (everywhere) when the
/// routes both versions have are tried in another order, or a pattern is
/// not one the sets compute. Outside the focus, every number is routed
/// the same way by both.
pub fn focus(
    a: (&Version<'_>, &Origin),
    b: (&Version<'_>, &Origin),
    sets: &mut Sets,
) -> Result<Option<Set>, TooLarge> {
    let side = |v: &Version<'_>, o: &Origin| {
        let setup = v.sim.setup(o);
        routes_in_order(v, setup.usages)
            .into_iter()
            .map(|r| {
                let m = v.analysed.model();
                let trunks: Vec<(String, String)> = m
                    .routes
                    .get(r)
                    .trunks
                    .iter()
                    .map(|t| (m.trunks.get(t.id).name.text.clone(), trunk_key(v, t.id)))
                    .collect();
                Tried {
                    pattern: (
                        m.routes.get(r).pattern.text.clone(),
                        v.analysed.compiled().route_arc(r),
                    ),
                    key: route_key(v, r),
                    trunks,
                }
            })
            .collect::<Vec<_>>()
    };
    let (ra, rb) = (side(a.0, a.1), side(b.0, b.1));
    let keys_a: std::collections::HashSet<&String> = ra.iter().map(|t| &t.key).collect();
    let keys_b: std::collections::HashSet<&String> = rb.iter().map(|t| &t.key).collect();
    let common_a: Vec<&String> = ra
        .iter()
        .map(|t| &t.key)
        .filter(|k| keys_b.contains(k))
        .collect();
    let common_b: Vec<&String> = rb
        .iter()
        .map(|t| &t.key)
        .filter(|k| keys_a.contains(k))
        .collect();
    if common_a != common_b {
        return Ok(None);
    }
    // Trunks whose rules differ between the versions.
    let trunk_rules = |routes: &[Tried]| {
        let mut out = std::collections::HashMap::new();
        for t in routes {
            for (name, key) in &t.trunks {
                out.insert(name.clone(), key.clone());
            }
        }
        out
    };
    let (ta, tb) = (trunk_rules(&ra), trunk_rules(&rb));
    let differs = |name: &String| ta.get(name) != tb.get(name);
    let mut regexes: Vec<(String, Option<Arc<Regex>>)> = Vec::new();
    for (routes, other) in [(&ra, &keys_b), (&rb, &keys_a)] {
        for t in routes.iter() {
            if !other.contains(&t.key) || t.trunks.iter().any(|(n, _)| differs(n)) {
                regexes.push(t.pattern.clone());
            }
        }
    }
    let numbers = |v: &Version<'_>| {
        let m = v.analysed.model();
        let lync: Vec<String> = m.lync_numbers.iter().map(|p| p.text.clone()).collect();
        let unassigned: Vec<String> = v
            .analysed
            .compiled()
            .unassigned()
            .iter()
            .map(|(id, re)| format!("{} {}", m.unassigned.get(*id).name.text, re.as_str()))
            .collect();
        (lync, unassigned)
    };
    let (na, nb) = (numbers(a.0), numbers(b.0));
    if na != nb {
        for v in [a.0, b.0] {
            regexes.extend(ends_routing(v));
        }
    }
    let mut focus = Set::empty();
    for (text, re) in regexes {
        let Some(set) = sets.of(&text, re.as_deref()) else {
            return Ok(None);
        };
        focus = focus.or(&set)?;
    }
    Ok(Some(focus))
}

/// The cells of one routing region: split further by the translation
/// rule each trunk of the winning route applies.
fn egress(
    v: &Version<'_>,
    sets: &mut Sets,
    trunks_done: &mut TrunkCache,
    (set, within): (Set, &Set),
    normalized: &Fun,
    routing: Option<&Routing>,
) -> Result<Vec<Cell>, TooLarge> {
    let m = v.analysed.model();
    let class = match routing {
        None => Class::AsBefore,
        Some(Routing::LyncUser) => Class::LyncUser,
        Some(Routing::Unassigned) => Class::Unassigned,
        Some(Routing::Routes(found)) => Class::Routes(
            found
                .iter()
                .map(|&(r, _)| {
                    let route = m.routes.get(r);
                    (
                        route.name.text.clone(),
                        route
                            .trunks
                            .iter()
                            .map(|t| m.trunks.get(t.id).name.text.clone())
                            .collect(),
                    )
                })
                .collect(),
        ),
    };
    let winner = match routing {
        Some(Routing::Routes(found)) => found.first().map(|&(r, _)| r),
        _ => None,
    };
    let trunks: Vec<TrunkId> = winner
        .map(|r| m.routes.get(r).trunks.iter().map(|t| t.id).collect())
        .unwrap_or_default();
    // Each path carries the sent functions of the trunks done so far.
    let mut partial: Vec<(Path, Vec<Fun>)> = vec![(
        Path {
            set,
            fun: normalized.clone(),
            opaque: None,
        },
        Vec::new(),
    )];
    let mut calling = Vec::new();
    let mut calling_cells = Vec::new();
    for &t in &trunks {
        let lists = trunks_done.lists(v, sets, t)?;
        // One entry per trunk, so the two versions' lists pair trunk by
        // trunk (their routes are the same, so are their trunks).
        calling_cells.push(trunks_done.calling(v, sets, t, winner)?);
        calling.push(calling_key(v, t, winner));
        let mut next = Vec::new();
        for (p, sent) in partial {
            let start = Path {
                set: p.set,
                fun: normalized.clone(),
                opaque: p.opaque,
            };
            let mut split = vec![start];
            // The first list reads the number routing saw: one of `within`.
            for (i, list) in lists.iter().enumerate() {
                split = step(split, list, (i == 0).then_some(within))?;
            }
            for q in split {
                let mut sent = sent.clone();
                sent.push(q.fun);
                next.push((
                    Path {
                        set: q.set,
                        fun: normalized.clone(),
                        opaque: q.opaque,
                    },
                    sent,
                ));
            }
        }
        partial = next;
    }
    Ok(partial
        .into_iter()
        .map(|(p, sent)| Cell {
            set: p.set,
            normalized: normalized.clone(),
            class: class.clone(),
            sent,
            calling: calling.clone(),
            calling_cells: calling_cells.clone(),
            opaque: p.opaque,
        })
        .collect())
}

/// The first-match lists a trunk applies to the called number: its
/// configuration's rules, then `remove-plus`.
fn trunk_lists(v: &Version<'_>, sets: &mut Sets, t: TrunkId) -> Result<Vec<FirstMatch>, TooLarge> {
    let c = v.analysed.compiled();
    let eff = v.analysed.effective(t);
    let mut lists = Vec::new();
    if let Some(config) = eff.config {
        let called: Vec<(&str, &str, &Rule)> = eff
            .called_number
            .iter()
            .zip(c.called(config))
            .map(|(r, c)| (r.pattern.text.as_str(), r.translation.text.as_str(), c))
            .collect();
        lists.push(FirstMatch::new(rule_entries(sets, &called))?);
    }
    if eff.remove_plus {
        lists.push(FirstMatch::new(vec![remove_plus()])?);
    }
    Ok(lists)
}

/// What decides the calling number a trunk sends for the winning route,
/// in words: equal words, equal calling numbers.
fn calling_key(v: &Version<'_>, t: TrunkId, winner: Option<RouteId>) -> String {
    let m = v.analysed.model();
    let eff = v.analysed.effective(t);
    let calling: Vec<String> = match eff.config {
        Some(_) => eff
            .calling_number
            .iter()
            .map(|r| format!("'{}' -> '{}'", r.pattern.text, r.translation.text))
            .collect(),
        None => Vec::new(),
    };
    let caller_id = winner
        .and_then(|r| m.routes.get(r).caller_id.as_ref())
        .map(|p| p.text.clone());
    format!(
        "caller ID {caller_id:?}; calling rules [{}]; remove + {}",
        calling.join(", "),
        eff.remove_plus
    )
}

/// What one version's cells compute once per trunk: its called-number
/// lists, and its calling-number cells per winning route.
#[derive(Default)]
struct TrunkCache {
    lists: HashMap<TrunkId, std::rc::Rc<Vec<FirstMatch>>>,
    calling: HashMap<(TrunkId, Option<RouteId>), CallingCells>,
}

/// The calling numbers a trunk sends, as cells of the caller's number.
type CallingCells = Vec<(Set, Fun)>;

impl TrunkCache {
    fn lists(
        &mut self,
        v: &Version<'_>,
        sets: &mut Sets,
        t: TrunkId,
    ) -> Result<std::rc::Rc<Vec<FirstMatch>>, TooLarge> {
        if let Some(l) = self.lists.get(&t) {
            return Ok(l.clone());
        }
        let l = std::rc::Rc::new(trunk_lists(v, sets, t)?);
        self.lists.insert(t, l.clone());
        Ok(l)
    }

    fn calling(
        &mut self,
        v: &Version<'_>,
        sets: &mut Sets,
        t: TrunkId,
        winner: Option<RouteId>,
    ) -> Result<CallingCells, TooLarge> {
        if let Some(c) = self.calling.get(&(t, winner)) {
            return Ok(c.clone());
        }
        let c = calling_number(v, sets, t, winner)?;
        self.calling.insert((t, winner), c.clone());
        Ok(c)
    }
}

/// The calling number a trunk sends for the winning route, as cells of
/// the caller's number (the route's replacement caller ID, then the
/// configuration's calling-number rules, then `remove-plus`, in the order
/// the simulator applies them).
fn calling_number(
    v: &Version<'_>,
    sets: &mut Sets,
    t: TrunkId,
    winner: Option<RouteId>,
) -> Result<Vec<(Set, Fun)>, TooLarge> {
    let m = v.analysed.model();
    let eff = v.analysed.effective(t);
    let mut lists: Vec<Vec<Entry>> = Vec::new();
    let caller_id = winner.and_then(|r| m.routes.get(r).caller_id.as_ref());
    let replace = caller_id.map(|p| {
        vec![Entry {
            set: Some(Arc::new(Set::all())),
            map: Some(Map::Const(p.text.clone())),
            key: format!("caller ID '{}'", p.text),
        }]
    });
    if crate::assume::CALLER_ID_BEFORE_CALLING_RULES
        && let Some(r) = &replace
    {
        lists.push(r.clone());
    }
    if let Some(config) = eff.config {
        let rules: Vec<(&str, &str, &Rule)> = eff
            .calling_number
            .iter()
            .zip(v.analysed.compiled().calling(config))
            .map(|(r, c)| (r.pattern.text.as_str(), r.translation.text.as_str(), c))
            .collect();
        lists.push(rule_entries(sets, &rules));
    }
    if !crate::assume::CALLER_ID_BEFORE_CALLING_RULES
        && let Some(r) = replace
    {
        lists.push(r);
    }
    if eff.remove_plus {
        lists.push(vec![remove_plus()]);
    }
    let mut paths = vec![Path {
        set: Set::all(),
        fun: Fun::identity(),
        opaque: None,
    }];
    for list in lists {
        paths = step(paths, &FirstMatch::new(list)?, None)?;
    }
    Ok(paths
        .into_iter()
        .map(|p| {
            let fun = match p.opaque {
                // Not followed: a function no other equals.
                Some(why) => Fun {
                    map: None,
                    key: format!("{}; {why}", p.fun.key),
                },
                None => p.fun,
            };
            (p.set, fun)
        })
        .collect())
}

/// The originator as a simulator of the other version would name it.
pub fn describe(origin: &Origin, v: &Version<'_>) -> String {
    let setup = v.sim.setup(origin);
    format!("policy {}, dial plan {}", setup.policy, setup.dial_plan)
}

/// Everything an originator's routing rests on, as a digest: equal
/// digests in two versions, equal outcomes for every number and calling
/// number. It covers the external access prefix and normalization rules,
/// every route of every usage in Lync's order with its trunks and caller
/// ID, each of those trunks' rules, and the Lync and unassigned numbers.
/// A usage's part is computed once per version, so the digests of all
/// originators cost about one pass over the project.
pub struct Fingerprints<'v> {
    v: &'v Version<'v>,
    usages: HashMap<UsageId, [u8; 32]>,
    trunks: HashMap<TrunkId, [u8; 32]>,
    numbers: [u8; 32],
}

fn digest(parts: &[&[u8]]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().into()
}

impl<'v> Fingerprints<'v> {
    /// The fingerprints of one version's originators.
    pub fn new(v: &'v Version<'v>) -> Fingerprints<'v> {
        let m = v.analysed.model();
        let mut numbers = String::new();
        for p in &m.lync_numbers {
            numbers.push_str(&format!("lync {:?}\n", p.text));
        }
        for (id, re) in v.analysed.compiled().unassigned() {
            numbers.push_str(&format!(
                "unassigned {:?} {:?}\n",
                m.unassigned.get(*id).name.text,
                re.as_str()
            ));
        }
        Fingerprints {
            v,
            usages: HashMap::new(),
            trunks: HashMap::new(),
            numbers: digest(&[numbers.as_bytes()]),
        }
    }

    fn usage(&mut self, u: UsageId) -> [u8; 32] {
        if let Some(d) = self.usages.get(&u) {
            return *d;
        }
        let v = self.v;
        let m = v.analysed.model();
        let mut text = format!("usage {:?}\n", m.usages.get(u).name.text).into_bytes();
        for &r in v.analysed.compiled().usage_routes(u) {
            text.extend_from_slice(route_key(v, r).as_bytes());
            for t in &m.routes.get(r).trunks {
                let d = *self
                    .trunks
                    .entry(t.id)
                    .or_insert_with(|| digest(&[trunk_key(v, t.id).as_bytes()]));
                text.extend_from_slice(&d);
            }
            text.push(b'\n');
        }
        let d = digest(&[&text]);
        self.usages.insert(u, d);
        d
    }

    /// The digest of one originator.
    pub fn of(&mut self, origin: &Origin) -> [u8; 32] {
        let setup = self.v.sim.setup(origin);
        let mut rules = format!("prefix {:?}\n", setup.access_prefix);
        for (pattern, translation, rule) in &setup.rules {
            let valid = rule.regex.is_some() && rule.translation.is_some();
            rules.push_str(&format!("rule {pattern:?} {translation:?} {valid}\n"));
        }
        let usages: Vec<[u8; 32]> = setup.usages.iter().map(|&u| self.usage(u)).collect();
        let mut parts: Vec<&[u8]> = vec![rules.as_bytes(), &self.numbers];
        parts.extend(usages.iter().map(|d| &d[..]));
        digest(&parts)
    }
}
