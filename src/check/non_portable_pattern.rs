//! W24: constructs outside the regular subset (look-around,
//! back-references, atomic and balancing groups, conditionals) need a
//! .NET-exact evaluator; topoc's whole-number analyses cannot cover them,
//! and conditionals and lazy loops over empty-matching groups topoc does
//! not evaluate at all.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports the first non-regular construct of each pattern.
pub fn non_portable_pattern(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in cx.pattern_uses() {
        let Some(re) = u.regex.as_deref() else {
            continue;
        };
        let found = re.constructs();
        let Some(first) = found.first() else { continue };
        let mut whats: Vec<&str> = found.iter().map(|c| c.what).collect();
        whats.dedup();
        let unevaluated = found.iter().any(|c| c.unevaluated);
        let consequence = if unevaluated {
            "topoc cannot evaluate it, so simulations and tests through it are undecided"
        } else {
            "only a .NET-exact evaluator handles it, and whole-number analyses cannot cover it"
        };
        out.push(
            Diagnostic::new(
                Code::NonPortablePattern,
                format!("the pattern of {} uses {}: {consequence}", cx.owner(u), whats.join(", ")),
                u.pattern.sub_span(first.at, 1),
                first.what,
            )
            .with_help("express the numbers with classes and alternatives, or keep it with `allow non-portable-pattern \"reason\"`"),
        );
    }
    out
}
