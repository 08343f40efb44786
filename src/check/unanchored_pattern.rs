//! W15: patterns should be anchored with `^` and `$`. Lync tests a pattern
//! with a search anywhere in the number (`Regex.IsMatch`), so an
//! unanchored route pattern routes every number that merely contains a
//! match, and how an unanchored rule rewrites the rest is undocumented.

use super::{Context, PatternRole};
use crate::diagnostics::{Code, Diagnostic};

/// Reports route, rule and `lync-numbers` patterns missing an anchor.
pub fn unanchored_pattern(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in cx.pattern_uses() {
        if u.role() == PatternRole::Peer {
            continue;
        }
        let Some(re) = u.regex.as_deref() else {
            continue;
        };
        let (start, end) = re.anchoring();
        // A route's `^+` that takes every number is T0511's, whose fix
        // (`^\+`) is the one that helps; `$` would make it match nothing.
        let repeated_anchor = u.role() == PatternRole::Route
            && u.pattern.text.starts_with("^+")
            && re.matches_every_input();
        if (start && end) || repeated_anchor {
            continue;
        }
        let p = &u.pattern.text;
        // `^*` or `^+`: the quantifier repeats the anchor, which then
        // anchors nothing; the dialled `*` or `+` was meant.
        let quantified = p
            .strip_prefix('^')
            .and_then(|rest| rest.chars().next())
            .filter(|c| !start && matches!(c, '*' | '+' | '?'));
        let missing = match (start, end) {
            (false, false) => "`^` or `$`",
            (false, true) => "`^`",
            _ => "`$`",
        };
        let consequence = match u.role() {
            PatternRole::Route => "it routes every number that contains a match anywhere",
            PatternRole::LyncNumbers => {
                "every number containing a match is taken for a Lync user's"
            }
            _ => {
                "it applies to numbers that merely contain a match, and what happens to the rest of the number is undocumented"
            }
        };
        let fixed = format!(
            "'{}{}{}'",
            if start { "" } else { "^" },
            if p.contains('|') && !(start || end) {
                format!("(?:{p})")
            } else {
                p.clone()
            },
            if end { "" } else { "$" }
        );
        let diagnostic = match quantified {
            Some(q) => {
                let rest = &p[1 + q.len_utf8()..];
                let help = match q {
                    '?' => format!("remove the `?`: '^{rest}'"),
                    _ => format!("to match a dialled `{q}`, escape it: '^\\{q}{rest}'"),
                };
                Diagnostic::new(
                    Code::UnanchoredPattern,
                    format!(
                        "the pattern of {} starts with `^{q}`: the `{q}` repeats the anchor, so `^` anchors nothing and {consequence}",
                        cx.owner(u)
                    ),
                    u.pattern.span,
                    format!("`{q}` makes the `^` optional"),
                )
                .with_help(help)
            }
            None => Diagnostic::new(
                Code::UnanchoredPattern,
                format!(
                    "the pattern of {} has no {missing}: {consequence}",
                    cx.owner(u)
                ),
                u.pattern.span,
                format!("not anchored with {missing}"),
            )
            .with_help(format!("anchor it: {fixed}")),
        };
        out.push(diagnostic);
    }
    out
}
