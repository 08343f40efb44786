//! What every part of the analysis shares: the model, the set of each
//! pattern (built once), the numbers of Lync users, ordered lists as
//! pieces, and the record of what could not be decided.

use std::collections::HashSet;
use std::sync::Arc;

use super::Indeterminate;
use crate::dialset::map::{self, Map};
use crate::dialset::{self, FastMap, Key, KeyIndex, Set, TooLarge, Unsupported, of_regex};
use crate::model::{InEffect, Model, NumberRule, Pattern};
use crate::netregex::Regex;
use crate::simulate::compiled::Rule;
use crate::simulate::{Compiled, Simulator};
use crate::source::Span;

/// The work ([`dialset::metered`] units) one pattern's automaton may take:
/// a few tens of milliseconds. The largest pattern of the generated
/// 1,000-site project takes under a thousandth of it; the work of every
/// pattern also counts against the project's budget.
pub const PATTERN_WORK: u64 = 10_000_000;

/// The work the whole analysis of a model may take: a base every real
/// project stays far below, and more for each pattern and rule, so that the
/// largest projects keep their headroom while a hostile one (a megabyte of
/// pathological patterns) stops within seconds.
pub fn project_work(m: &Model) -> u64 {
    const BASE: u64 = 100_000_000;
    const PER_PATTERN: u64 = 4_000;
    let rules: usize = m
        .dial_plans
        .iter()
        .map(|(_, p)| p.rules.len())
        .sum::<usize>()
        + m.trunk_configs
            .iter()
            .map(|(_, c)| {
                [&c.settings.called_number, &c.settings.calling_number]
                    .into_iter()
                    .flatten()
                    .map(|s| s.value.len())
                    .sum::<usize>()
            })
            .sum::<usize>();
    BASE + PER_PATTERN * (m.routes.len() + rules) as u64
}

/// Why an operation of the analysis stopped, in words: the project's work
/// budget is spent, or an automaton would grow past the state cap.
pub(crate) fn budget_reason() -> String {
    if dialset::work_left() == 0 {
        "topoc spent the work budget of the project's routing analysis before reaching it"
            .to_string()
    } else {
        dialset::too_large_reason(TooLarge::States)
    }
}

/// The analysis context.
pub(crate) struct Cx<'a, 'm> {
    pub model: &'m Model,
    pub compiled: &'a Compiled<'m>,
    pub in_effect: &'a InEffect,
    pub sim: &'a Simulator<'a>,
    /// By the address of the parsed pattern: `Compiled` parses each
    /// distinct text once, and outlives this context.
    cache: FastMap<usize, Result<Keyed, Unsupported>>,
    /// The numbers routing never sees: those reverse number lookup gives to
    /// Lync users, and those the unassigned number table takes (A12);
    /// `None` when a `lync-numbers` pattern is outside the analysis.
    pub lync: Option<Arc<Set>>,
    /// The sets another version's analysis computes too (`topoc diff`).
    shared: Option<&'a SharedSets>,
    indeterminate: Vec<Indeterminate>,
    reported: HashSet<Span>,
    /// Whether the note that the project's budget is spent was made: after
    /// it, nothing more is reported as undecided (everything is).
    spent: bool,
}

/// The sets of patterns computed while two versions of a project are
/// analysed at once (`topoc diff`), by pattern text, each with the work
/// it took: one version's analysis reuses what the other's computed.
///
/// A set is shared only where it was computed with the whole
/// [`PATTERN_WORK`] (not cut short by the project's budget running low),
/// which makes it a function of the text alone, and reused only where
/// computing it would have had the whole of it too; its work is charged
/// as if it were computed again. So each version's analysis finds, and
/// stops at the budget, exactly as `topoc check` of it does.
///
/// The texts come from the projects, so they are hashed with a key chosen
/// at random (std's `RandomState`), not with a fixed hash like
/// [`dialset::Fx`], under which texts can be crafted to collide by the
/// thousand and make every lookup a scan.
#[derive(Default)]
pub(crate) struct SharedSets {
    hasher: std::hash::RandomState,
    shards: [std::sync::Mutex<std::collections::HashMap<Box<str>, Computed>>; 16],
}

/// A pattern's set with its keys, or why there is none, and the work it
/// took.
type Computed = (Result<Keyed, Unsupported>, u64);

impl SharedSets {
    /// The set of `re` with its keys: shared, or computed (and shared).
    fn keyed(&self, re: &Regex) -> Result<Keyed, Unsupported> {
        use std::hash::BuildHasher;
        let text = re.as_str();
        let shard = &self.shards[(self.hasher.hash_one(text) % 16) as usize];
        let lock = || {
            shard
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let whole = dialset::work_left() >= PATTERN_WORK;
        if whole && let Some((keyed, work)) = lock().get(text).cloned() {
            dialset::charge_work(work);
            return keyed;
        }
        let (keyed, work) = computed(re);
        if whole {
            lock()
                .entry(text.into())
                .or_insert_with(|| (keyed.clone(), work));
        }
        keyed
    }
}

/// The set of `re` with its prefix keys, within [`PATTERN_WORK`], and the
/// work it took.
fn computed(re: &Regex) -> Computed {
    dialset::metered(PATTERN_WORK, || {
        let keyed = of_regex(re).map(|set| Keyed {
            keys: set.prefix_keys().into(),
            set: Arc::new(set),
        });
        (keyed, PATTERN_WORK - dialset::work_left().min(PATTERN_WORK))
    })
}

/// A set with its prefix keys ([`Set::prefix_keys`]).
#[derive(Clone, Debug)]
pub(crate) struct Keyed {
    pub set: Arc<Set>,
    pub keys: Arc<[Key]>,
}

/// A piece of an ordered rule list: the numbers for which one rule is the
/// first to match (or none matches), and what happens to them.
#[derive(Clone, Debug)]
pub(crate) struct Piece {
    pub domain: Arc<Set>,
    /// The map, or why the rule has none (with its pattern's span).
    pub map: Result<Map, (Span, String)>,
}

impl<'a, 'm> Cx<'a, 'm> {
    pub fn new(
        model: &'m Model,
        in_effect: &'a InEffect,
        compiled: &'a Compiled<'m>,
        sim: &'a Simulator<'a>,
        shared: Option<&'a SharedSets>,
    ) -> Cx<'a, 'm> {
        let mut cx = Cx {
            model,
            compiled,
            in_effect,
            sim,
            cache: FastMap::default(),
            lync: None,
            shared,
            indeterminate: Vec::new(),
            reported: HashSet::new(),
            spent: false,
        };
        let mut lync = Some(Set::empty());
        for (p, re) in model.lync_numbers.iter().zip(compiled.lync_numbers()) {
            let Some(re) = re else { continue };
            match cx.set(re, p, "reverse number lookup, and so every routing finding") {
                Some(s) => {
                    lync = lync.and_then(|l| l.or(&s).ok());
                    if lync.is_none() {
                        cx.too_large(
                            p.span,
                            "reverse number lookup, and so every routing finding",
                        );
                    }
                }
                None => lync = None,
            }
        }
        // The unassigned number table ends routing too (A12); its ranges
        // are generated patterns, always inside the analysis.
        for (id, re) in compiled.unassigned() {
            let Some(l) = lync.take() else { break };
            let range = &model.unassigned.get(*id).range;
            let at = Pattern {
                text: model.unassigned.get(*id).range.value.pattern(),
                span: range.span,
            };
            lync = match cx.set(
                re,
                &at,
                "the unassigned number table, and so every routing finding",
            ) {
                Some(s) => l.or(&s).ok(),
                None => None,
            };
        }
        cx.lync = lync.map(Arc::new);
        cx
    }

    /// The set of a pattern, or `None` after recording why there is none.
    pub fn set(&mut self, re: &Regex, at: &Pattern, affects: &str) -> Option<Arc<Set>> {
        self.keyed(re, at, affects).map(|k| k.set)
    }

    /// [`Cx::set`] with the set's prefix keys.
    pub fn keyed(&mut self, re: &Regex, at: &Pattern, affects: &str) -> Option<Keyed> {
        match self.keyed_quiet(re) {
            Ok(s) => Some(s),
            Err(why) => {
                self.undecided(
                    at.span,
                    format!(
                        "'{}' is not analysed: {}, so topoc cannot decide {affects}",
                        at.text,
                        why.reason()
                    ),
                );
                None
            }
        }
    }

    /// Whether the set of `re` is known here (computed, or taken from the
    /// other version's, before): reading it again costs no work.
    pub fn known(&self, re: &Regex) -> bool {
        matches!(self.cache.get(&(re as *const Regex as usize)), Some(Ok(_)))
    }

    /// The set of a pattern with its prefix keys, each computed once per
    /// distinct pattern, within [`PATTERN_WORK`].
    pub fn keyed_quiet(&mut self, re: &Regex) -> Result<Keyed, Unsupported> {
        let shared = self.shared;
        self.cache
            .entry(re as *const Regex as usize)
            .or_insert_with(|| match shared {
                Some(shared) => shared.keyed(re),
                None => computed(re).0,
            })
            .clone()
    }

    /// Records something left undecided, once per place. Once the
    /// project's work budget is spent, one note says so where the analysis
    /// stopped, and nothing more is recorded.
    pub fn undecided(&mut self, span: Span, message: String) {
        if self.spent {
            return;
        }
        if dialset::work_left() == 0 {
            // Said once, here, even where something else was said before.
            self.spent = true;
            self.reported.insert(span);
            self.indeterminate.push(Indeterminate {
                span,
                message: "topoc stopped the routing analysis here: it spent the work budget the \
                          project allows, so findings on this and every later object are \
                          undecided (look for a pattern that nests repetitions)"
                    .to_string(),
            });
            return;
        }
        if self.reported.insert(span) {
            self.indeterminate.push(Indeterminate { span, message });
        }
    }

    /// Charges one step of the analysis' own loops to the project's work
    /// budget; `false` once it is spent (the note made at `span`), and the
    /// caller stops.
    pub fn tick(&mut self, span: Span) -> bool {
        if dialset::charge_work(1) {
            return true;
        }
        self.undecided(span, String::new());
        false
    }

    /// Records that a set built at `span` grew past the automaton limit or
    /// the work budget.
    pub fn too_large(&mut self, span: Span, affects: &str) {
        if self.spent {
            return;
        }
        self.undecided(
            span,
            format!("topoc cannot decide {affects} here: {}", budget_reason()),
        );
    }

    /// What was left undecided, the places it was reported at, and
    /// whether the project's budget was spent.
    pub fn finish(self) -> (Vec<Indeterminate>, HashSet<Span>, bool) {
        crate::parallel::drop_aside(self.cache);
        (self.indeterminate, self.reported, self.spent)
    }

    /// An ordered rule list as pieces: for each valid rule, the numbers it
    /// is the first to match, and the numbers no rule matches (unchanged).
    /// `None` when a rule's pattern is outside the analysis (recorded).
    pub fn pieces(
        &mut self,
        rules: &[NumberRule],
        compiled: &[Rule],
        affects: &str,
    ) -> Option<Vec<Piece>> {
        let mut out = Vec::new();
        let mut earlier = Earlier::default();
        for (rule, c) in rules.iter().zip(compiled) {
            let (Some(re), Some(tr)) = (&c.regex, &c.translation) else {
                continue;
            };
            let keyed = self.keyed(re, &rule.pattern, affects)?;
            let Ok(domain) = earlier.minus(&keyed.set, &keyed.keys, &[]) else {
                self.too_large(rule.pattern.span, affects);
                return None;
            };
            earlier.add(&keyed);
            if domain.is_empty() {
                continue;
            }
            let why = match map::of_rule(re, tr) {
                Ok(map) => {
                    out.push(Piece {
                        domain,
                        map: Ok(map),
                    });
                    continue;
                }
                Err(why) => why,
            };
            // Text of varying length before the copied group: one piece
            // per way .NET matches it, each a splice.
            if let Ok(ways) = map::pieces_of_rule(re, tr) {
                for (numbers, map) in ways {
                    let Ok(part) = domain.and(&numbers) else {
                        self.too_large(rule.pattern.span, affects);
                        return None;
                    };
                    if !part.is_empty() {
                        out.push(Piece {
                            domain: Arc::new(part),
                            map: Ok(map),
                        });
                    }
                }
                continue;
            }
            out.push(Piece {
                domain,
                map: Err((
                    rule.pattern.span,
                    format!(
                        "topoc cannot follow numbers through rule `{}` '{}' -> '{}': {why}",
                        rule.name.text, rule.pattern.text, rule.translation.text
                    ),
                )),
            });
        }
        let Ok(rest) = earlier.all().map(|a| a.complement()) else {
            let span = rules.last().map(|r| r.pattern.span)?;
            self.too_large(span, affects);
            return None;
        };
        if !rest.is_empty() {
            out.push(Piece {
                domain: Arc::new(rest),
                map: Ok(Map::identity()),
            });
        }
        Some(out)
    }
}

/// The sets of earlier routes or rules of an ordered list, indexed by
/// their prefix keys.
#[derive(Default)]
pub(crate) struct Earlier {
    sets: Vec<Arc<Set>>,
    index: KeyIndex,
}

impl Earlier {
    /// Adds a set.
    pub fn add(&mut self, k: &Keyed) {
        self.index.add(&k.keys, self.sets.len() as u32);
        self.sets.push(Arc::clone(&k.set));
    }

    /// The earlier sets that may meet a set with these keys.
    fn meeting(&self, keys: &[Key]) -> Vec<&Set> {
        self.index
            .meeting(keys, u32::MAX)
            .into_iter()
            .map(|j| &*self.sets[j as usize])
            .collect()
    }

    /// The members of `set` (with `keys`) in no earlier set and in none of
    /// `extra`.
    pub fn minus(
        &self,
        set: &Arc<Set>,
        keys: &[Key],
        extra: &[&Set],
    ) -> Result<Arc<Set>, crate::dialset::TooLarge> {
        let mut others = self.meeting(keys);
        others.extend_from_slice(extra);
        Set::minus_all(set, &others)
    }

    /// The shortest member of a set in no earlier set.
    pub fn shortest_outside(&self, k: &Keyed) -> Result<Option<String>, crate::dialset::TooLarge> {
        Set::shortest_outside(&k.set, &self.meeting(&k.keys))
    }

    /// The union of every set.
    pub fn all(&self) -> Result<Set, crate::dialset::TooLarge> {
        let every: Vec<&Set> = self.sets.iter().map(|s| &**s).collect();
        Set::union_all(&every)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    /// Valid patterns `^(?#....XXXXXXXX)$` (a comment: any text but `)`)
    /// whose hashes under [`dialset::Fx`] are all equal: the second word
    /// of each is chosen to cancel its first.
    fn colliding(n: usize) -> Vec<String> {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let first =
            |a: &[u8; 4]| u64::from_le_bytes([b'^', b'(', b'?', b'#', a[0], a[1], a[2], a[3]]);
        let target =
            (first(b"aaaa").wrapping_mul(K)).rotate_left(5) ^ u64::from_le_bytes(*b"bbbbbbbb");
        let mut out = Vec::new();
        let letters = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        'search: for &a in letters {
            for &b in letters {
                for &c in letters {
                    for &d in letters {
                        let second = (first(&[a, b, c, d]).wrapping_mul(K)).rotate_left(5) ^ target;
                        let bytes = second.to_le_bytes();
                        if bytes
                            .iter()
                            .all(|&x| (0x20..0x7f).contains(&x) && x != b')')
                        {
                            let mut text = String::from("^(?#");
                            text.extend([a, b, c, d].map(char::from));
                            text.extend(bytes.map(char::from));
                            text.push_str(")$");
                            out.push(text);
                            if out.len() == n {
                                break 'search;
                            }
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn texts_crafted_to_collide_under_a_fixed_hash_spread_here() {
        let texts = colliding(64);
        assert_eq!(texts.len(), 64);
        let fx = BuildHasherDefault::<dialset::Fx>::default();
        let fixed: HashSet<u64> = texts.iter().map(|t| fx.hash_one(t.as_str())).collect();
        // The texts are valid patterns, and all one hash under `Fx`.
        assert!(texts.iter().all(|t| Regex::new(t).is_ok()));
        assert_eq!(fixed.len(), 1);
        let shared = SharedSets::default();
        let keyed: HashSet<u64> = texts
            .iter()
            .map(|t| shared.hasher.hash_one(t.as_str()))
            .collect();
        assert_eq!(keyed.len(), 64);
        let map = &shared.shards[0].lock().expect("not poisoned");
        let spread: HashSet<u64> = texts
            .iter()
            .map(|t| map.hasher().hash_one(t.as_str()))
            .collect();
        assert_eq!(spread.len(), 64);
    }
}
