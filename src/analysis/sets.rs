//! What every part of the analysis shares: the model, the set of each
//! pattern (built once), the numbers of Lync users, ordered lists as
//! pieces, and the record of what could not be decided.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::Indeterminate;
use crate::bypass::Bypass;
use crate::dialset::map::{self, Map};
use crate::dialset::{FastMap, Set, Unsupported, of_regex};
use crate::model::{Model, NumberRule, Pattern};
use crate::netregex::Regex;
use crate::simulate::compiled::Rule;
use crate::simulate::{Compiled, Simulator};
use crate::source::Span;

/// The analysis context.
pub(crate) struct Cx<'a, 'm> {
    pub model: &'m Model,
    pub compiled: &'a Compiled<'m>,
    pub bypass: &'a Bypass<'m>,
    pub sim: &'a Simulator<'a>,
    /// By the address of the parsed pattern: `Compiled` parses each
    /// distinct text once, and outlives this context.
    cache: FastMap<usize, Result<Arc<Set>, Unsupported>>,
    /// The numbers reverse number lookup gives to Lync users; `None` when
    /// a `lync-numbers` pattern is outside the analysis.
    pub lync: Option<Arc<Set>>,
    indeterminate: Vec<Indeterminate>,
    reported: HashSet<Span>,
}

/// A piece of an ordered rule list: the numbers for which one rule is the
/// first to match (or none matches), and what happens to them.
#[derive(Clone, Debug)]
pub(crate) struct Piece {
    pub domain: Arc<Set>,
    /// The map, or why the rule has none (with its pattern's span).
    pub map: Result<Map, (Span, String)>,
    /// The rule, by index; `None` for the numbers no rule matches.
    pub rule: Option<usize>,
}

impl<'a, 'm> Cx<'a, 'm> {
    pub fn new(
        model: &'m Model,
        compiled: &'a Compiled<'m>,
        bypass: &'a Bypass<'m>,
        sim: &'a Simulator<'a>,
    ) -> Cx<'a, 'm> {
        let mut cx = Cx {
            model,
            compiled,
            bypass,
            sim,
            cache: FastMap::default(),
            lync: None,
            indeterminate: Vec::new(),
            reported: HashSet::new(),
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
        cx.lync = lync.map(Arc::new);
        cx
    }

    /// The set of a pattern, or `None` after recording why there is none.
    pub fn set(&mut self, re: &Regex, at: &Pattern, affects: &str) -> Option<Arc<Set>> {
        match self.set_quiet(re) {
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

    /// The set of a pattern, or why there is none (not recorded).
    pub fn set_quiet(&mut self, re: &Regex) -> Result<Arc<Set>, Unsupported> {
        self.cache
            .entry(re as *const Regex as usize)
            .or_insert_with(|| of_regex(re).map(Arc::new))
            .clone()
    }

    /// Records something left undecided, once per place.
    pub fn undecided(&mut self, span: Span, message: String) {
        if self.reported.insert(span) {
            self.indeterminate.push(Indeterminate { span, message });
        }
    }

    /// Records that a set built at `span` grew past the automaton limit.
    pub fn too_large(&mut self, span: Span, affects: &str) {
        self.undecided(
            span,
            format!(
                "topoc cannot decide {affects} here: {}",
                Unsupported::TooLarge.reason()
            ),
        );
    }

    pub fn take_indeterminate(&mut self) -> Vec<Indeterminate> {
        std::mem::take(&mut self.indeterminate)
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
        for (i, (rule, c)) in rules.iter().zip(compiled).enumerate() {
            let (Some(re), Some(tr)) = (&c.regex, &c.translation) else {
                continue;
            };
            let set = self.set(re, &rule.pattern, affects)?;
            let Ok(domain) = earlier.minus(&set, &re.literal_prefix(), &[]) else {
                self.too_large(rule.pattern.span, affects);
                return None;
            };
            let map = map::of_rule(re, tr).map_err(|why| {
                (
                    rule.pattern.span,
                    format!(
                        "topoc cannot follow numbers through rule `{}` '{}' -> '{}': {why}",
                        rule.name.text, rule.pattern.text, rule.translation.text
                    ),
                )
            });
            earlier.add(re.literal_prefix(), set);
            if !domain.is_empty() {
                out.push(Piece {
                    domain,
                    map,
                    rule: Some(i),
                });
            }
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
                rule: None,
            });
        }
        Some(out)
    }
}

/// The sets of earlier routes or rules, indexed by the literal text their
/// anchored patterns start with: a later pattern with prefix `p` can only
/// meet earlier ones whose prefix is a prefix of `p` or starts with `p`.
#[derive(Default)]
pub(crate) struct Earlier {
    by_prefix: BTreeMap<String, Vec<Arc<Set>>>,
}

impl Earlier {
    pub fn add(&mut self, prefix: String, set: Arc<Set>) {
        self.by_prefix.entry(prefix).or_default().push(set);
    }

    /// The sets that may meet a pattern starting with `prefix`.
    pub fn meeting(&self, prefix: &str) -> Vec<&Arc<Set>> {
        let mut out: Vec<&Arc<Set>> = Vec::new();
        for (end, _) in prefix.char_indices() {
            if let Some(v) = self.by_prefix.get(&prefix[..end]) {
                out.extend(v);
            }
        }
        // Prefix itself and longer ones starting with it.
        for (p, v) in self.by_prefix.range(prefix.to_string()..) {
            if !p.starts_with(prefix) {
                break;
            }
            out.extend(v);
        }
        out
    }

    /// The members of `set` (a pattern starting with `prefix`) in no
    /// earlier set and in none of `extra`.
    pub fn minus(
        &self,
        set: &Arc<Set>,
        prefix: &str,
        extra: &[&Set],
    ) -> Result<Arc<Set>, crate::dialset::TooLarge> {
        let mut others: Vec<&Set> = self.meeting(prefix).into_iter().map(|s| &**s).collect();
        others.extend_from_slice(extra);
        Set::minus_all(set, &others)
    }

    /// The shortest member of `set` (a pattern starting with `prefix`) in
    /// no earlier set.
    pub fn shortest_outside(
        &self,
        set: &Set,
        prefix: &str,
    ) -> Result<Option<String>, crate::dialset::TooLarge> {
        let others: Vec<&Set> = self.meeting(prefix).into_iter().map(|s| &**s).collect();
        Set::shortest_outside(set, &others)
    }

    /// The union of every set.
    pub fn all(&self) -> Result<Set, crate::dialset::TooLarge> {
        let every: Vec<&Set> = self.by_prefix.values().flatten().map(|s| &**s).collect();
        Set::union_all(&every)
    }
}
