//! Rules that can never fire (W16): in an ordered normalization or
//! translation list the first matching rule wins (LYNC-TRUNKS 4.4), so a
//! rule every number of which an earlier rule matches is dead.

use std::collections::HashSet;

use super::sets::{Cx, Earlier};
use super::{Analysis, Witness};
use crate::diagnostics::Label;
use crate::dialset;
use crate::model::{DialPlanId, NumberRule, TrunkConfigId};
use crate::netregex::Regex;
use crate::simulate::compiled::Rule;
use crate::source::Span;

/// An ordered rule list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleList {
    /// A dial plan's normalization rules.
    DialPlan(DialPlanId),
    /// A trunk configuration's called-number rules.
    Called(TrunkConfigId),
    /// A trunk configuration's calling-number rules.
    Calling(TrunkConfigId),
}

/// A rule an earlier rule of its list always takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShadowedRule {
    /// The list.
    pub list: RuleList,
    /// The rule's index in the list.
    pub rule: usize,
    /// The index of the rule that takes the witness.
    pub covering: usize,
    /// A number the rule matches.
    pub witness: Witness,
}

/// Finds shadowed rules in every list, each written rule once (a list
/// copied with `from` is the same rules).
pub(crate) fn analyse(cx: &mut Cx<'_, '_>, out: &mut Analysis) {
    analyse_with(cx, out, true);
}

/// [`analyse`] with every list walked, none taken from another's walk.
#[cfg(test)]
pub(super) fn analyse_walking_each(cx: &mut Cx<'_, '_>, out: &mut Analysis) {
    analyse_with(cx, out, false);
}

/// [`analyse`], taking the walks of lists of the same patterns from one
/// another when `reuse`.
fn analyse_with(cx: &mut Cx<'_, '_>, out: &mut Analysis, reuse: bool) {
    let m = cx.model;
    let compiled = cx.compiled;
    let mut walks = Walks::default();
    let mut done: HashSet<Span> = HashSet::new();
    let mut lists = Lists {
        out,
        done: &mut done,
        walks: &mut walks,
        reuse,
    };
    for (id, p) in m.dial_plans.iter() {
        lists.list(
            cx,
            List {
                which: RuleList::DialPlan(id),
                rules: &p.rules,
                compiled: compiled.dial_plan(id),
            },
        );
    }
    for (id, c) in m.trunk_configs.iter() {
        if let Some(rules) = &c.settings.called_number {
            lists.list(
                cx,
                List {
                    which: RuleList::Called(id),
                    rules: &rules.value,
                    compiled: compiled.called(id),
                },
            );
        }
        if let Some(rules) = &c.settings.calling_number {
            lists.list(
                cx,
                List {
                    which: RuleList::Calling(id),
                    rules: &rules.value,
                    compiled: compiled.calling(id),
                },
            );
        }
    }
}

/// One ordered list: which it is, its rules as written and as compiled.
#[derive(Clone, Copy)]
struct List<'c> {
    which: RuleList,
    rules: &'c [NumberRule],
    compiled: &'c [Rule],
}

/// What the walk of a list's sets found at one valid rule: the shortest
/// number it matches when earlier rules take every number it matches
/// (`None` when it fires, or matches nothing); and the work of that
/// rule's steps (its tick and searches; not its pattern's set, nor the
/// replay).
#[derive(Clone, Debug)]
struct Step {
    taken: Option<String>,
    work: u64,
}

/// The walks of lists' sets, by the lists' patterns. A walk reads nothing
/// of a rule but its pattern's text and whether it is valid: lists written
/// from one template (a dial plan per site, the same extension patterns)
/// walk alike, and each is walked once. Only what a walk decides about
/// sets is kept; each witness is still replayed, and reported, in its own
/// list.
type Walks<'c> = std::collections::HashMap<Vec<Option<&'c str>>, std::sync::Arc<[Step]>>;

/// What finding shadowed rules list after list carries along.
struct Lists<'o, 'w, 'c> {
    out: &'o mut Analysis,
    done: &'o mut HashSet<Span>,
    walks: &'w mut Walks<'c>,
    reuse: bool,
}

impl<'c> Lists<'_, '_, 'c> {
    /// Finds shadowed rules in one list.
    ///
    /// A list whose patterns were walked before takes each rule's step
    /// from that walk, charging its work, while the rule's set is known to
    /// this analysis (so reading it again would cost nothing) and the
    /// work left covers the step: the charges and findings are then the
    /// walk's own, so the budget stops the analysis where walking would.
    /// Past the first rule where that does not hold, the list is walked.
    fn list(&mut self, cx: &mut Cx<'_, '_>, list: List<'c>) {
        let List {
            rules, compiled, ..
        } = list;
        let valid = |c: &Rule| c.regex.is_some() && c.translation.is_some();
        let key: Vec<Option<&'c str>> = compiled
            .iter()
            .map(|c| match (&c.regex, &c.translation) {
                (Some(re), Some(_)) => Some(re.as_str()),
                _ => None,
            })
            .collect();
        let known = if self.reuse {
            self.walks.get(&key).cloned()
        } else {
            None
        };
        let mut steps: Vec<Step> = Vec::new();
        // Rules taken from the walk whose sets are not yet in `earlier`.
        let mut pending: Vec<&Regex> = Vec::new();
        let mut walking = known.is_none();
        let mut earlier = Earlier::default();
        let mut v = 0;
        for (k, (rule, c)) in rules.iter().zip(compiled).enumerate() {
            let (Some(re), Some(_)) = (&c.regex, &c.translation) else {
                continue;
            };
            let taken = known
                .as_ref()
                .and_then(|walk| walk.get(v))
                .filter(|step| !walking && cx.known(re) && dialset::work_left() >= step.work);
            v += 1;
            let step = if let Some(step) = taken {
                dialset::charge_work(step.work);
                pending.push(re);
                step.clone()
            } else {
                walking = true;
                for re in pending.drain(..) {
                    if let Ok(keyed) = cx.keyed_quiet(re) {
                        earlier.add(&keyed);
                    }
                }
                let later = compiled[k + 1..].iter().any(valid) || compiled[..k].iter().any(valid);
                let Some(step) = walk(cx, &mut earlier, rule, re, later) else {
                    return;
                };
                step
            };
            if known.is_none() {
                steps.push(step.clone());
            }
            if let Some(number) = step.taken {
                self.shadowed(cx, list, k, re, number);
            }
        }
        if known.is_none() {
            self.walks.insert(key, steps.into());
        }
    }

    /// Reports rule `k`, which matches `number` and which no earlier rule
    /// leaves a number, once per written rule, after replaying `number`.
    fn shadowed(
        &mut self,
        cx: &mut Cx<'_, '_>,
        list: List<'_>,
        k: usize,
        re: &Regex,
        number: String,
    ) {
        let List {
            which,
            rules,
            compiled,
        } = list;
        let rule = &rules[k];
        if !self.done.insert(rule.span) {
            return;
        }
        // Both replays may run out of the budget: undecided, not a
        // disagreement.
        let replayed = cx
            .sim
            .first_rule(compiled, &number)
            .and_then(|first| Ok((first, cx.sim.is_match(re, &number)?)));
        let (first, matches) = match replayed {
            Ok(r) => r,
            Err(u) => {
                cx.undecided(
                    rule.name.span,
                    format!(
                        "topoc cannot replay '{number}' through the rules of this list ({}), so it does not report rule `{}` as never firing",
                        u.reason(),
                        rule.name.text
                    ),
                );
                return;
            }
        };
        let covering = match first {
            Some(j) if j < k && matches => j,
            other => {
                self.out.disagree(rule.name.span, format!(
                    "rule `{}` is shadowed by the analysis, but on '{number}' the first rule is {other:?} (its own pattern matches: {matches})",
                    rule.name.text
                ));
                return;
            }
        };
        let cr = &rules[covering];
        self.out.shadowed_rules.push(ShadowedRule {
            list: which,
            rule: k,
            covering,
            witness: Witness {
                path: vec![
                    Label {
                        span: rule.pattern.span,
                        text: format!("'{number}' matches rule `{}`", rule.name.text),
                    },
                    Label {
                        span: cr.name.span,
                        text: format!("but rule `{}` comes first and takes it", cr.name.text),
                    },
                ],
                number,
            },
        });
    }
}

/// One valid rule's step of the walk of its list's sets: its set against
/// the earlier rules' (then added to them). `None` when the walk stops
/// here (the budget spent, or a set it cannot have, said where it is);
/// `later` says whether another valid rule depends on this one's set.
fn walk(
    cx: &mut Cx<'_, '_>,
    earlier: &mut Earlier,
    rule: &NumberRule,
    re: &Regex,
    later: bool,
) -> Option<Step> {
    let start = dialset::work_left();
    if !cx.tick(rule.pattern.span) {
        return None;
    }
    // An undecided rule leaves every later one undecided (said only when
    // there is a later one).
    let before = dialset::work_left();
    let keyed = if later {
        cx.keyed(
            re,
            &rule.pattern,
            "whether it, or the rules after it, can fire",
        )
    } else {
        cx.keyed_quiet(re).ok()
    }?;
    let set_work = before - dialset::work_left().min(before);
    let Ok(fires) = earlier.shortest_outside(&keyed) else {
        cx.too_large(rule.pattern.span, "whether this rule can fire");
        return None;
    };
    earlier.add(&keyed);
    // A rule that fires, or matches nothing: its shortest number is
    // looked for only when an earlier rule may take it.
    let taken = if fires.is_some() {
        None
    } else {
        keyed.set.shortest()
    };
    Some(Step {
        taken,
        work: (start - dialset::work_left().min(start)).saturating_sub(set_work),
    })
}
