//! E33: every dial plan has at least one normalization rule (a new plan
//! gets Lync's placeholder rule; topoc writes the rules you give).

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports dial plans without rules.
pub fn dial_plan_without_rules(cx: &Context<'_>) -> Vec<Diagnostic> {
    cx.model
        .dial_plans
        .iter()
        .filter(|(_, p)| p.rules.is_empty())
        .map(|(_, p)| {
            Diagnostic::new(
                Code::DialPlanWithoutRules,
                format!("dial plan `{}` has no normalization rules", p.scope_text),
                p.scope_span,
                "no rules",
            )
            .with_help("add at least one `rule NAME 'PATTERN' -> 'TRANSLATION'`")
        })
        .collect()
}
