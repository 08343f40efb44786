//! E37: every pattern must be one .NET's `Regex` constructor accepts. Also
//! the patterns beyond topoc's own limits (length, nesting), which it
//! refuses to read with an error of their own rather than crash.
//! topoc's parser accepts exactly what .NET does (tests/dotnet.rs), so a
//! pattern it rejects is one Lync would refuse.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::netregex::Regex;

/// A help sentence for the usual slips.
fn help_for(message: &str, pattern: &str) -> String {
    if message.contains("follows nothing") && pattern.starts_with('+') {
        "a literal plus is `\\+`".into()
    } else if message.contains("follows nothing") || message.contains("nested quantifier") {
        "escape the character for its literal meaning (`\\+`, `\\*`, `\\?`), or remove the extra quantifier".into()
    } else if message.contains("never closed") {
        "close it, or escape it (`\\(`, `\\[`) for the literal character".into()
    } else if message.contains("escape") {
        "escape only characters that need it; `\\d` is a digit, `\\+` a plus".into()
    } else if message.contains("undefined group") {
        "refer only to groups the pattern has".into()
    } else {
        "correct the pattern; `topoc route` shows how .NET reads a pattern".into()
    }
}

/// Reports patterns .NET rejects.
pub fn invalid_pattern(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in cx.pattern_uses() {
        if u.regex.is_some() {
            continue;
        }
        let Err(e) = Regex::new(&u.pattern.text) else {
            continue;
        };
        if e.limit {
            out.push(
                Diagnostic::new(
                    Code::PatternBeyondLimits,
                    format!("topoc does not read the pattern of {}: {}", cx.owner(u), e.message),
                    u.pattern.span,
                    "beyond topoc's limits",
                )
                .with_help("write the pattern shorter or flatter; a dial-string pattern rarely needs more than a few dozen characters"),
            );
            continue;
        }
        let len = u.pattern.text[e.offset..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        out.push(
            Diagnostic::new(
                Code::InvalidPattern,
                format!("Lync rejects the pattern of {}: {}", cx.owner(u), e.message),
                u.pattern.sub_span(e.offset, len),
                e.message.clone(),
            )
            .with_help(help_for(&e.message, &u.pattern.text)),
        );
    }
    out
}
