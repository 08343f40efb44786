//! W23: `\d` is a Unicode decimal digit in .NET (Arabic-Indic `٣`,
//! full-width `３`), not only 0-9. Said once per project, at the first
//! pattern that uses it in the model's order (routes by name, then dial
//! plans, trunk configurations, `lync-numbers`, peers), which no order of
//! files or declarations changes.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::netregex::escaped;

/// Notes the first `\d` of the project.
pub fn unicode_digits(cx: &Context<'_>) -> Vec<Diagnostic> {
    let first = cx
        .pattern_uses()
        .iter()
        .filter_map(|u| {
            let text = &u.pattern.text;
            text.match_indices("\\d")
                .map(|(i, _)| i)
                .find(|&i| !escaped(text, i))
                .map(|at| (u, at))
        })
        .next();
    let Some((u, at)) = first else {
        return Vec::new();
    };
    vec![
        Diagnostic::new(
            Code::UnicodeDigits,
            "`\\d` matches any Unicode decimal digit, not only 0-9 (first use in the project)",
            u.pattern.sub_span(at, 2),
            "also matches `٣`, `３`, ...",
        )
        .with_help("where only ASCII digits may match, write `[0-9]`"),
    ]
}
