//! W21: New-CsDialPlan puts a placeholder rule, `^(\d{11})$` -> `+$1`
//! (`Keep All`, `Prefix All`), into every new dial plan; left in place, it
//! prefixes `+` to any eleven digits whatever country they belong to.

use super::{Context, PatternRole};
use crate::diagnostics::{Code, Diagnostic};
use crate::simulate::compiled::{PLACEHOLDER_PATTERN, PLACEHOLDER_TRANSLATION};

/// Reports the placeholder rule.
pub fn placeholder_rule(cx: &Context<'_>) -> Vec<Diagnostic> {
    cx.pattern_uses()
        .iter()
        .filter(|u| u.role() == PatternRole::Normalization)
        .filter_map(|u| u.rule)
        .filter(|r| r.pattern.text == PLACEHOLDER_PATTERN && r.translation.text == PLACEHOLDER_TRANSLATION)
        .map(|r| {
            Diagnostic::new(
                Code::PlaceholderRule,
                format!(
                    "rule `{}` is Lync's placeholder rule: it turns any 11 digits into `+` and those digits",
                    r.name.text
                ),
                r.span,
                "the placeholder New-CsDialPlan creates",
            )
            .with_help("replace it with rules for the numbers users dial, or keep it with `allow placeholder-rule \"reason\"`")
        })
        .collect()
}
