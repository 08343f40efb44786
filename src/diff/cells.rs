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

/// Splits every path by which entry of a first-match list takes its
/// number.
fn step(paths: Vec<Path>, entries: &[Entry]) -> Result<Vec<Path>, TooLarge> {
    // The numbers (at this step) each entry takes first; the last cell,
    // with `None`, goes through untouched; `Some(Err(i))`: entry `i` and
    // those after it are not computed.
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
            let set = p.set.and(&f.preimage(numbers)?)?;
            if set.is_empty() {
                continue;
            }
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

/// One version of the project, as the cells read it.
pub struct Version<'a> {
    /// The analysed project.
    pub analysed: &'a Analysed<'a>,
    /// Its simulator.
    pub sim: &'a Simulator<'a>,
}

/// The cells of one originator's routing in one version.
pub fn cells(v: &Version<'_>, origin: &Origin, sets: &mut Sets) -> Result<Vec<Cell>, TooLarge> {
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
        paths = step(paths, &[strip])?;
    }
    paths = step(paths, &rule_entries(sets, &setup.rules))?;
    let (regions, unknown) = routing_regions(v, setup.usages, sets)?;
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
            let set = p.set.and(&f.preimage(numbers)?)?;
            if set.is_empty() {
                continue;
            }
            out.extend(egress(v, sets, set, &p.fun, routing)?);
        }
    }
    Ok(out)
}

/// Numbers on which routing does one thing, each with what it does, and
/// why there are none when they are not computed.
type Regions = (Vec<(Set, Routing)>, Option<String>);

/// The numbers (as routing sees them) on which routing does one thing,
/// each with what it does; the second value says why they are not
/// computed when a pattern is not one the sets compute.
fn routing_regions(
    v: &Version<'_>,
    usages: &[UsageId],
    sets: &mut Sets,
) -> Result<Regions, TooLarge> {
    let m = v.analysed.model();
    let c = v.analysed.compiled();
    let mut patterns: Vec<(String, Option<Arc<Regex>>)> = Vec::new();
    for (p, re) in m.lync_numbers.iter().zip(c.lync_numbers()) {
        patterns.push((p.text.clone(), re.clone()));
    }
    for (_, re) in c.unassigned() {
        patterns.push((re.as_str().to_string(), Some(re.clone())));
    }
    let mut seen: Vec<RouteId> = Vec::new();
    for &u in usages {
        for &r in c.usage_routes(u) {
            if !seen.contains(&r) {
                seen.push(r);
                if let Some(re) = c.routable(r) {
                    patterns.push((m.routes.get(r).pattern.text.clone(), Some(re)));
                }
            }
        }
    }
    let mut regions = vec![Set::all()];
    for (text, re) in &patterns {
        let Some(set) = sets.of(text, re.as_deref()) else {
            return Ok((
                Vec::new(),
                Some(format!("'{text}' is not a pattern topoc analyses")),
            ));
        };
        let mut next = Vec::with_capacity(regions.len() + 1);
        for r in regions {
            let inside = r.and(&set)?;
            let outside = r.minus(&set)?;
            next.extend([inside, outside].into_iter().filter(|s| !s.is_empty()));
        }
        regions = next;
    }
    let mut out = Vec::with_capacity(regions.len());
    for r in regions {
        let Some(number) = r.shortest() else { continue };
        match v.sim.route_number(usages, &number) {
            Ok(routing) => out.push((r, routing)),
            Err(u) => {
                return Ok((
                    Vec::new(),
                    Some(format!("'{number}' cannot be routed: {}", u.reason())),
                ));
            }
        }
    }
    Ok((out, None))
}

/// The cells of one routing region: split further by the translation
/// rule each trunk of the winning route applies.
fn egress(
    v: &Version<'_>,
    sets: &mut Sets,
    set: Set,
    normalized: &Fun,
    routing: &Routing,
) -> Result<Vec<Cell>, TooLarge> {
    let m = v.analysed.model();
    let class = match routing {
        Routing::LyncUser => Class::LyncUser,
        Routing::Unassigned => Class::Unassigned,
        Routing::Routes(found) => Class::Routes(
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
        Routing::Routes(found) => found.first().map(|&(r, _)| r),
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
        let (entries, key) = trunk_entries(v, sets, t, winner);
        if !calling.contains(&key) {
            calling_cells.push(calling_number(v, sets, t, winner)?);
        }
        calling.push(key);
        let mut next = Vec::new();
        for (p, sent) in partial {
            let start = Path {
                set: p.set,
                fun: normalized.clone(),
                opaque: p.opaque,
            };
            let mut split = vec![start];
            for list in &entries {
                split = step(split, list)?;
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

/// The first-match lists a trunk applies to the called number (its
/// configuration's rules, then `remove-plus`), and what decides its
/// calling number, in words.
fn trunk_entries(
    v: &Version<'_>,
    sets: &mut Sets,
    t: TrunkId,
    winner: Option<RouteId>,
) -> (Vec<Vec<Entry>>, String) {
    let m = v.analysed.model();
    let c = v.analysed.compiled();
    let eff = v.analysed.effective(t);
    let mut lists = Vec::new();
    let mut calling = Vec::new();
    if let Some(config) = eff.config {
        let called: Vec<(&str, &str, &Rule)> = eff
            .called_number
            .iter()
            .zip(c.called(config))
            .map(|(r, c)| (r.pattern.text.as_str(), r.translation.text.as_str(), c))
            .collect();
        lists.push(rule_entries(sets, &called));
        for r in &eff.calling_number {
            calling.push(format!("'{}' -> '{}'", r.pattern.text, r.translation.text));
        }
    }
    if eff.remove_plus {
        lists.push(vec![remove_plus()]);
    }
    let caller_id = winner
        .and_then(|r| m.routes.get(r).caller_id.as_ref())
        .map(|p| p.text.clone());
    let key = format!(
        "caller ID {caller_id:?}; calling rules [{}]; remove + {}",
        calling.join(", "),
        eff.remove_plus
    );
    (lists, key)
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
        lists.push(r.iter().map(Entry::copy).collect());
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
    for list in &lists {
        paths = step(paths, list)?;
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

impl Entry {
    fn copy(&self) -> Entry {
        Entry {
            set: self.set.clone(),
            map: self.map.clone(),
            key: self.key.clone(),
        }
    }
}

/// The originator as a simulator of the other version would name it.
pub fn describe(origin: &Origin, v: &Version<'_>) -> String {
    let setup = v.sim.setup(origin);
    format!("policy {}, dial plan {}", setup.policy, setup.dial_plan)
}

/// Everything an originator's routing rests on, in words: equal texts in
/// two versions, equal outcomes for every number and calling number (the
/// normalization rules, every route of every usage in Lync's order with
/// its trunks and caller ID, each of those trunks' rules, the Lync and
/// unassigned numbers).
pub fn fingerprint(v: &Version<'_>, origin: &Origin) -> String {
    use std::fmt::Write;
    let m = v.analysed.model();
    let c = v.analysed.compiled();
    let setup = v.sim.setup(origin);
    let mut out = String::new();
    let _ = writeln!(out, "prefix {:?}", setup.access_prefix);
    for (pattern, translation, rule) in &setup.rules {
        let valid = rule.regex.is_some() && rule.translation.is_some();
        let _ = writeln!(out, "rule {pattern:?} {translation:?} {valid}");
    }
    for p in &m.lync_numbers {
        let _ = writeln!(out, "lync {:?}", p.text);
    }
    for (id, re) in c.unassigned() {
        let _ = writeln!(
            out,
            "unassigned {:?} {:?}",
            m.unassigned.get(*id).name.text,
            re.as_str()
        );
    }
    let mut trunks: Vec<TrunkId> = Vec::new();
    for &u in setup.usages {
        let _ = writeln!(out, "usage {:?}", m.usages.get(u).name.text);
        for &r in c.usage_routes(u) {
            let route = m.routes.get(r);
            let names: Vec<&str> = route
                .trunks
                .iter()
                .map(|t| m.trunks.get(t.id).name.text.as_str())
                .collect();
            let _ = writeln!(
                out,
                "route {:?} {:?} {} {names:?} {:?}",
                route.name.text,
                route.pattern.text,
                c.route(r).is_some(),
                route.caller_id.as_ref().map(|p| &p.text)
            );
            for t in &route.trunks {
                if !trunks.contains(&t.id) {
                    trunks.push(t.id);
                }
            }
        }
    }
    for t in trunks {
        let eff = v.analysed.effective(t);
        let _ = writeln!(
            out,
            "trunk {:?} remove+ {} config {}",
            m.trunks.get(t).name.text,
            eff.remove_plus,
            eff.config.is_some()
        );
        if let Some(config) = eff.config {
            for (r, rule) in eff.called_number.iter().zip(c.called(config)) {
                let valid = rule.regex.is_some() && rule.translation.is_some();
                let _ = writeln!(
                    out,
                    " called {:?} {:?} {valid}",
                    r.pattern.text, r.translation.text
                );
            }
            for (r, rule) in eff.calling_number.iter().zip(c.calling(config)) {
                let valid = rule.regex.is_some() && rule.translation.is_some();
                let _ = writeln!(
                    out,
                    " calling {:?} {:?} {valid}",
                    r.pattern.text, r.translation.text
                );
            }
        }
    }
    out
}
