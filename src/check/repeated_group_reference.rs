//! W17: a translation that takes a group inside a quantifier gets only the
//! group's last repetition: `^9(\d*){1,5}$` with `+1206$1` turns
//! `95550100` into `+1206` (New-CsDialPlan's own example), because the
//! last repetition matched nothing.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports references to repeated groups.
pub fn repeated_group_reference(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in cx.pattern_uses() {
        let Some(rule) = u.rule else { continue };
        let Some(re) = u.regex.as_deref() else {
            continue;
        };
        let repeated = re.repeated_groups();
        if repeated.is_empty() {
            continue;
        }
        let Some(parsed) = u.translation.as_deref() else {
            continue;
        };
        for r in &parsed.references {
            let Some(n) = r.group else { continue };
            let Some(slot) = re.slot_of(n) else { continue };
            let Some(&(_, at)) = repeated.iter().find(|(s, _)| *s == slot) else {
                continue;
            };
            let written = &rule.translation.text[r.offset..r.offset + r.len];
            let rest = &u.pattern.text[at..];
            let q_len = if rest.starts_with('{') {
                rest.find('}').map_or(1, |i| i + 1)
            } else {
                1
            };
            out.push(
                Diagnostic::new(
                    Code::RepeatedGroupReference,
                    format!(
                        "`{written}` in the translation of {} takes group {n}, which repeats: only its last repetition is kept",
                        cx.owner(u)
                    ),
                    rule.translation.sub_span(r.offset, r.len),
                    "the last repetition only",
                )
                .with_secondary(u.pattern.sub_span(at, q_len), "the quantifier that repeats the group")
                .with_help("put the quantifier inside the group, as in '^9(\\d{1,5})$'"),
            );
        }
    }
    out
}
