//! Rules that can never fire (W16): in an ordered normalization or
//! translation list the first matching rule wins (LYNC-TRUNKS 4.4), so a
//! rule every number of which an earlier rule matches is dead.

use std::collections::HashSet;

use super::sets::{Cx, Earlier};
use super::{Analysis, Witness};
use crate::diagnostics::Label;
use crate::model::{DialPlanId, NumberRule, TrunkConfigId};
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
    let m = cx.model;
    let mut done: HashSet<Span> = HashSet::new();
    for (id, p) in m.dial_plans.iter() {
        let compiled = cx.compiled.dial_plan(id).to_vec();
        list(
            cx,
            out,
            &mut done,
            RuleList::DialPlan(id),
            &p.rules,
            &compiled,
        );
    }
    for (id, c) in m.trunk_configs.iter() {
        if let Some(rules) = &c.settings.called_number {
            let compiled = cx.compiled.called(id).to_vec();
            list(
                cx,
                out,
                &mut done,
                RuleList::Called(id),
                &rules.value,
                &compiled,
            );
        }
        if let Some(rules) = &c.settings.calling_number {
            let compiled = cx.compiled.calling(id).to_vec();
            list(
                cx,
                out,
                &mut done,
                RuleList::Calling(id),
                &rules.value,
                &compiled,
            );
        }
    }
}

fn list(
    cx: &mut Cx<'_, '_>,
    out: &mut Analysis,
    done: &mut HashSet<Span>,
    which: RuleList,
    rules: &[NumberRule],
    compiled: &[Rule],
) {
    let mut earlier = Earlier::default();
    for (k, (rule, c)) in rules.iter().zip(compiled).enumerate() {
        let (Some(re), Some(_)) = (&c.regex, &c.translation) else {
            continue;
        };
        if !cx.tick(rule.pattern.span) {
            return;
        }
        // An undecided rule leaves every later one undecided (said only
        // when there is a later one).
        let valid = |c: &Rule| c.regex.is_some() && c.translation.is_some();
        let later = compiled[k + 1..].iter().any(valid) || compiled[..k].iter().any(valid);
        let keyed = if later {
            cx.keyed(
                re,
                &rule.pattern,
                "whether it, or the rules after it, can fire",
            )
        } else {
            cx.keyed_quiet(re).ok()
        };
        let Some(keyed) = keyed else {
            return;
        };
        let Ok(fires) = earlier.shortest_outside(&keyed) else {
            cx.too_large(rule.pattern.span, "whether this rule can fire");
            return;
        };
        earlier.add(&keyed);
        // A rule that fires, or matches nothing: its shortest number is
        // looked for only when an earlier rule may take it.
        if fires.is_some() {
            continue;
        }
        let Some(number) = keyed.set.shortest() else {
            continue;
        };
        if !done.insert(rule.span) {
            continue;
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
                continue;
            }
        };
        let covering = match first {
            Some(j) if j < k && matches => j,
            other => {
                out.disagree(rule.name.span, format!(
                    "rule `{}` is shadowed by the analysis, but on '{number}' the first rule is {other:?} (its own pattern matches: {matches})",
                    rule.name.text
                ));
                continue;
            }
        };
        let cr = &rules[covering];
        out.shadowed_rules.push(ShadowedRule {
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
