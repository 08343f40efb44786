//! The behavioural difference of two versions for one originator: the
//! product of their cells ([`super::cells`]), and on each pair that
//! meets, the dialled strings whose outcome differs — exactly where both
//! cells are described exactly, else by sampling, said so.

use serde::Serialize;

use super::cells::{self, Cell, Fun, Sets, Version};
use crate::dialset::{KeyIndex, Set, TooLarge};
use crate::simulate::{Call, Origin, Outcome, Trace};

/// How many members of an opaque or not exactly compared set are tried.
pub const SAMPLES: usize = 64;

/// Description lines of a region before the prefix form is given up.
const DESCRIPTION_LINES: usize = 12;

/// The longest regular expression a region is described by, when it has
/// no prefix form; longer ones give way to the first numbers.
const REGEX_LENGTH: usize = 200;

/// What a call does, as a reviewer compares it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Observed {
    /// The number routing sees.
    pub normalized: String,
    /// `routed`, `unroutable`, `lync-user`, `unassigned`, `undecided`.
    pub outcome: String,
    /// The winning route and its trunks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// The routes tried next.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failover: Vec<String>,
    /// The called number as each trunk sends it (`trunk: number`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sent: Vec<String>,
    /// The calling number as each trunk sends it, when the call has one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub calling: Vec<String>,
}

impl Observed {
    /// What a simulated call did.
    pub fn of_trace(trace: &Trace<'_>) -> Observed {
        let hop =
            |h: &crate::simulate::trace::Hop<'_>| format!("{} [{}]", h.route, h.trunks.join(", "));
        Observed {
            normalized: trace.normalized.clone(),
            outcome: match trace.outcome {
                Outcome::LyncUser => "lync-user",
                Outcome::Unassigned => "unassigned",
                Outcome::Routed => "routed",
                Outcome::Unroutable => "unroutable",
                Outcome::Undecided => "undecided",
            }
            .to_string(),
            route: trace.route.as_ref().map(hop),
            failover: trace.failover.iter().map(hop).collect(),
            sent: trace
                .egress
                .iter()
                .map(|e| format!("{}: {}", e.trunk, e.called))
                .collect(),
            calling: trace
                .egress
                .iter()
                .filter_map(|e| e.calling.as_ref().map(|c| format!("{}: {c}", e.trunk)))
                .collect(),
        }
    }

    /// The result in one line.
    pub fn line(&self) -> String {
        let mut out = format!("normalized {}; {}", self.normalized, self.outcome);
        if let Some(r) = &self.route {
            out.push_str(&format!(" via {r}"));
        }
        if !self.failover.is_empty() {
            out.push_str(&format!("; then {}", self.failover.join(", then ")));
        }
        if !self.sent.is_empty() {
            out.push_str(&format!("; sent {}", self.sent.join(", ")));
        }
        if !self.calling.is_empty() {
            out.push_str(&format!("; calling {}", self.calling.join(", ")));
        }
        out
    }
}

/// Dialled strings whose outcome changed, for one originator.
#[derive(Clone, Debug, Serialize)]
pub struct Region {
    /// The numbers: a prefix and a run of any digits (`x`) per line; when
    /// they have no short description of that form, an anchored regular
    /// expression (one line starting with `^`); when that is long too, the
    /// shortest numbers.
    pub numbers: Vec<String>,
    /// Whether `numbers` describes the region exactly; when not, these are
    /// examples.
    pub described: bool,
    /// Whether every number of the region changed (else some were shown to
    /// by sampling, and the region is where to look).
    pub exact: bool,
    /// What changed: `normalized`, `route`, `sent`, `calling`.
    pub what: Vec<&'static str>,
    /// Before and after, in words of routing.
    pub was: String,
    /// After.
    pub now: String,
    /// The witness: a dialled number replayed through both versions.
    pub witness: String,
    /// The calling number the witness is replayed with, when the change is
    /// to the calling number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calling: Option<String>,
    /// Why the region is not exact, when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The witness's outcome before.
    pub before: Observed,
    /// And after.
    pub after: Observed,
    /// The dialled strings.
    #[serde(skip)]
    pub set: Set,
}

/// Numbers the comparison could not decide for one originator.
#[derive(Clone, Debug, Serialize)]
pub struct Undecided {
    /// Why.
    pub why: String,
    /// Examples of the numbers concerned.
    pub numbers: Vec<String>,
    /// The dialled strings.
    #[serde(skip)]
    pub set: Set,
}

/// The difference for one originator.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Changes {
    /// Regions that changed.
    pub regions: Vec<Region>,
    /// Numbers not decided.
    pub undecided: Vec<Undecided>,
}

/// A group of pairs of cells with the same change, before it has a
/// witness.
struct Group {
    was: String,
    now: String,
    what: Vec<&'static str>,
    calling: Option<String>,
    /// Its numbers, unioned once at the end (a union per pair would
    /// rebuild an ever larger automaton).
    sets: Vec<Set>,
    exact: bool,
}

/// Compares one originator across two versions.
pub fn compare(
    old: (&Version<'_>, &Origin),
    new: (&Version<'_>, &Origin),
    sets: &mut Sets,
) -> Result<Changes, TooLarge> {
    let focus = cells::focus(old, new, sets)?;
    let a = cells::cells(old.0, old.1, focus.as_ref(), sets)?;
    let b = cells::cells(new.0, new.1, focus.as_ref(), sets)?;
    let mut groups: Vec<Group> = Vec::new();
    let mut changes = Changes::default();
    // Two cells can meet only where their prefix keys do.
    let mut index = KeyIndex::default();
    for (j, y) in b.iter().enumerate() {
        index.add(&y.set.prefix_keys(), j as u32);
    }
    for x in &a {
        for j in index.meeting(&x.set.prefix_keys(), u32::MAX) {
            let y = &b[j as usize];
            if x.set.disjoint(&y.set)? {
                continue;
            }
            let both = x.set.and(&y.set)?;
            pair(x, y, both, old, new, &mut groups, &mut changes)?;
        }
    }
    for g in groups {
        if let Some(region) = witness(g, old, new)? {
            changes.regions.push(region);
        }
    }
    changes
        .regions
        .sort_by(|p, q| (p.witness.len(), &p.witness).cmp(&(q.witness.len(), &q.witness)));
    Ok(changes)
}

/// The change on the numbers two cells share.
fn pair(
    x: &Cell,
    y: &Cell,
    both: Set,
    old: (&Version<'_>, &Origin),
    new: (&Version<'_>, &Origin),
    groups: &mut Vec<Group>,
    changes: &mut Changes,
) -> Result<(), TooLarge> {
    if let Some(why) = x.opaque.as_ref().or(y.opaque.as_ref()) {
        sample(&both, why, old, new, groups, changes);
        return Ok(());
    }
    let (was, now) = (x.class.text(), y.class.text());
    if x.class != y.class {
        add(groups, was, now, vec!["route"], None, both, true)?;
        return Ok(());
    }
    // Same routes: the numbers may still differ.
    let mut funs: Vec<(&Fun, &Fun, &'static str)> =
        vec![(&x.normalized, &y.normalized, "normalized")];
    funs.extend(x.sent.iter().zip(&y.sent).map(|(p, q)| (p, q, "sent")));
    let mut changed = Set::empty();
    let mut what = Vec::new();
    let mut inexact = false;
    for (p, q, name) in funs {
        if p.same(q) {
            continue;
        }
        let agree = match (&p.map, &q.map) {
            (Some(f), Some(g)) => f.agreement(g).transpose()?,
            _ => None,
        };
        match agree {
            Some(agree) => {
                let differ = both.minus(&agree)?;
                if !differ.is_empty() {
                    changed = changed.or(&differ)?;
                    push_once(&mut what, name);
                }
            }
            None => {
                inexact = true;
                push_once(&mut what, name);
            }
        }
    }
    if inexact {
        sample(
            &both,
            "the two versions' rules write the number differently",
            old,
            new,
            groups,
            changes,
        );
        return Ok(());
    }
    if !changed.is_empty() {
        add(groups, was.clone(), now.clone(), what, None, changed, true)?;
    }
    if x.calling != y.calling
        && let Some(c) = calling_witness(x, y)?
    {
        add(
            groups,
            x.calling.join("; "),
            y.calling.join("; "),
            vec!["calling"],
            Some(c),
            both,
            true,
        )?;
    }
    Ok(())
}

fn push_once(what: &mut Vec<&'static str>, name: &'static str) {
    if !what.contains(&name) {
        what.push(name);
    }
}

/// Adds numbers to the group of their change.
fn add(
    groups: &mut Vec<Group>,
    was: String,
    now: String,
    what: Vec<&'static str>,
    calling: Option<String>,
    set: Set,
    exact: bool,
) -> Result<(), TooLarge> {
    if let Some(g) = groups.iter_mut().find(|g| {
        g.exact == exact && g.what == what && g.calling == calling && g.was == was && g.now == now
    }) {
        g.sets.push(set);
    } else {
        groups.push(Group {
            was,
            now,
            what,
            calling,
            sets: vec![set],
            exact,
        });
    }
    Ok(())
}

/// A calling number the two cells' trunks send differently, the shortest
/// of the first trunk whose calling-number functions differ; `None` when
/// they are the same function (rules written differently, same effect) or
/// differ only where topoc cannot compare them.
fn calling_witness(x: &Cell, y: &Cell) -> Result<Option<String>, TooLarge> {
    for (p, q) in x.calling_cells.iter().zip(&y.calling_cells) {
        for (s, f) in p {
            for (t, g) in q {
                if f.same(g) || s.disjoint(t)? {
                    continue;
                }
                let both = s.and(t)?;
                let differ = match (&f.map, &g.map) {
                    (Some(a), Some(b)) => match a.agreement(b).transpose()? {
                        Some(agree) => both.minus(&agree)?,
                        None => both,
                    },
                    _ => both,
                };
                if let Some(c) = differ.shortest() {
                    return Ok(Some(c));
                }
            }
        }
    }
    Ok(None)
}

/// Simulates a number in both versions.
fn replay(
    number: &str,
    calling: Option<&str>,
    old: (&Version<'_>, &Origin),
    new: (&Version<'_>, &Origin),
) -> (Observed, Observed) {
    let call = |o: &Origin| Call {
        origin: o.clone(),
        dialled: number.to_string(),
        calling: calling.map(str::to_string),
    };
    (
        Observed::of_trace(&old.0.sim.simulate(&call(old.1))),
        Observed::of_trace(&new.0.sim.simulate(&call(new.1))),
    )
}

/// Tries members of a set not compared exactly; those that differ form
/// an inexact region, and the rest is undecided.
fn sample(
    set: &Set,
    why: &str,
    old: (&Version<'_>, &Origin),
    new: (&Version<'_>, &Origin),
    groups: &mut Vec<Group>,
    changes: &mut Changes,
) {
    let tried = set.first_members(SAMPLES);
    let differs = tried.iter().find(|n| {
        let (p, q) = replay(n, None, old, new);
        p != q
    });
    match differs {
        // Some of the set changed, as `n` shows; which part is not known.
        Some(_) => groups.push(Group {
            was: format!("not compared exactly: {why}"),
            now: String::new(),
            what: vec!["sampled"],
            calling: None,
            sets: vec![set.clone()],
            exact: false,
        }),
        None => changes.undecided.push(Undecided {
            why: format!(
                "{why}; the first {} numbers tried are unchanged",
                tried.len()
            ),
            numbers: tried.into_iter().take(3).collect(),
            set: set.clone(),
        }),
    }
}

/// The region of a group, with its witness replayed; `None` when no
/// member differs (which for an exact group is a topoc bug).
fn witness(
    g: Group,
    old: (&Version<'_>, &Origin),
    new: (&Version<'_>, &Origin),
) -> Result<Option<Region>, TooLarge> {
    let set = Set::union_all(&g.sets.iter().collect::<Vec<_>>())?;
    let calling = g.calling.as_deref();
    let candidates = if g.exact {
        set.shortest().into_iter().collect::<Vec<_>>()
    } else {
        set.first_members(SAMPLES)
    };
    let found = candidates.into_iter().find_map(|n| {
        let (before, after) = replay(&n, calling, old, new);
        (before != after).then_some((n, before, after))
    });
    let Some((witness, before, after)) = found else {
        debug_assert!(
            !g.exact,
            "an exact region whose witness does not differ: {} -> {} ({:?}) {:?}",
            g.was,
            g.now,
            g.what,
            set.shortest().map(|n| (replay(&n, calling, old, new), n))
        );
        return Ok(None);
    };
    let (numbers, described) = match set.describe(DESCRIPTION_LINES) {
        Some(lines) => (lines, true),
        None => match set.regex(REGEX_LENGTH) {
            Some(re) => (vec![re], true),
            None => (set.first_members(3), false),
        },
    };
    let (was, now, note) = if g.exact {
        (g.was, g.now, None)
    } else {
        (before.line(), after.line(), Some(g.was))
    };
    Ok(Some(Region {
        numbers,
        described,
        exact: g.exact,
        what: g.what,
        was,
        now,
        witness,
        calling: calling.map(str::to_string),
        note,
        before,
        after,
        set,
    }))
}
