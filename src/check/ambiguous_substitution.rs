//! W18: `$n` running into a digit or letter. .NET reads `$1a` as group 1
//! then `a`, but every digit of `$10` as one number; other tools split
//! both differently, and readers cannot tell.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::netregex::Target;

/// Reports unbraced numbered references that run into a digit or letter.
pub fn ambiguous_substitution(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in cx.pattern_uses() {
        let Some(rule) = u.rule else { continue };
        let t = &rule.translation.text;
        let Some(parsed) = u.translation.as_deref() else {
            continue;
        };
        for r in &parsed.references {
            let (Target::Number(n), false, Some(_)) = (&r.target, r.braced, r.group) else {
                continue;
            };
            let written = &t[r.offset..r.offset + r.len];
            let next = t[r.offset + r.len..].chars().next();
            let (message, help, len) = if written.len() > 2 {
                (
                    format!(
                        "`{written}` in the translation of {} is group {n}: .NET reads all the digits as one number",
                        cx.owner(u)
                    ),
                    format!(
                        "write `${{{n}}}`, or `${{{}}}{}` for group {} followed by `{}`",
                        &written[1..2],
                        &written[2..],
                        &written[1..2],
                        &written[2..]
                    ),
                    r.len,
                )
            } else if let Some(c) = next.filter(char::is_ascii_alphanumeric) {
                (
                    format!(
                        "`{written}{c}` in the translation of {}: .NET reads group {n} then `{c}`, other engines a group named `{n}{c}`",
                        cx.owner(u)
                    ),
                    format!("write `${{{n}}}{c}`"),
                    r.len + c.len_utf8(),
                )
            } else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    Code::AmbiguousSubstitution,
                    message,
                    rule.translation.sub_span(r.offset, len),
                    "ambiguous",
                )
                .with_help(help),
            );
        }
    }
    out
}
