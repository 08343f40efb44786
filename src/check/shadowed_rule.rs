//! W16: a normalization or translation rule an earlier rule of its list
//! always takes, found over every number by [`crate::analysis::rules`].

use super::Context;
use crate::analysis::RuleList;
use crate::diagnostics::{Code, Diagnostic};

/// Reports rules that can never fire.
pub fn shadowed_rule(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    cx.analysis()
        .shadowed_rules
        .iter()
        .filter_map(|s| {
            let (rules, list) = match s.list {
                RuleList::DialPlan(p) => {
                    let p = m.dial_plans.get(p);
                    (&p.rules, format!("dial plan `{}`", p.scope_text))
                }
                RuleList::Called(c) => (
                    &m.trunk_configs.get(c).settings.called_number.as_ref()?.value,
                    format!("the called-number rules of trunk configuration `{}`", m.config_scope_text(c)),
                ),
                RuleList::Calling(c) => (
                    &m.trunk_configs.get(c).settings.calling_number.as_ref()?.value,
                    format!("the calling-number rules of trunk configuration `{}`", m.config_scope_text(c)),
                ),
            };
            let rule = &rules[s.rule];
            let covering = &rules[s.covering];
            Some(
                Diagnostic::new(
                    Code::ShadowedRule,
                    format!(
                        "rule `{}` of {list} can never fire: rule `{}` before it matches every number it matches (for example '{}')",
                        rule.name.text, covering.name.text, s.witness.number
                    ),
                    rule.name.span,
                    "never fires",
                )
                .with_secondary(covering.name.span, "takes its numbers first")
                .with_help("move the rule above the rule that takes its numbers, narrow that rule, or remove this one")
                .with_witness(s.witness.clone()),
            )
        })
        .collect()
}
