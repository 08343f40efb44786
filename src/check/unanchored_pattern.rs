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
        let p = &u.pattern.text;
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
        out.push(
            Diagnostic::new(
                Code::UnanchoredPattern,
                format!(
                    "the pattern of {} has no {missing}: {consequence}",
                    cx.owner(u)
                ),
                u.pattern.span,
                format!("not anchored with {missing}"),
            )
            .with_help(format!("anchor it: {fixed}")),
        );
    }
    out
}
