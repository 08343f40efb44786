//! W20: routes see normalized E.164 numbers (`+14255550100`), so a route
//! pattern anchored with `^` must be able to match a leading `+`. `^+...`
//! is the usual slip: in .NET the `+` repeats the anchor, so `^+1425...`
//! never matches a `+` number, and `^+` alone (or followed by something
//! that can match nothing) matches every number. A route matching a number
//! the project's own normalization rules produce (an emergency or service
//! number kept as dialled) is reachable by design and left alone
//! ([`crate::analysis::produced`]).

use super::{Context, Owner};
use crate::diagnostics::{Code, Diagnostic};

/// The pattern with its leading `^+` written as `^\+`.
fn literal_plus(pattern: &str) -> String {
    format!("^\\+{}", &pattern[2..])
}

/// Reports anchored route patterns that cannot match a leading `+`, and
/// `^+` patterns that take every number.
pub fn route_rejects_e164(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in cx.pattern_uses() {
        let (Owner::Route(r), Some(re)) = (u.owner, u.regex.as_deref()) else {
            continue;
        };
        let (route, p) = (cx.model.routes.get(r), u.pattern);
        let repeated_anchor = p.text.starts_with("^+");
        if repeated_anchor && re.matches_every_input() {
            out.push(
                Diagnostic::new(
                    Code::RouteRejectsE164,
                    format!(
                        "route `{}` takes every number: `^+` repeats the anchor, and what follows can match nothing",
                        route.name.text
                    ),
                    p.span,
                    "matches every number",
                )
                .with_help(format!(
                    "did you mean '{}'? `\\+` is a literal plus",
                    literal_plus(&p.text)
                )),
            );
            continue;
        }
        if !re.anchoring().0 || re.can_start_with('+') || re.matches_every_input() {
            continue;
        }
        // A number the project's own rules produce (`911` kept as
        // dialled): the route is reachable by design.
        if cx.analysis().produced.routes.contains(&r) {
            continue;
        }
        let help = if repeated_anchor {
            format!(
                "`+` after `^` repeats the anchor; did you mean '{}'? `\\+` is a literal plus",
                literal_plus(&p.text)
            )
        } else {
            "match the normalized number, as in '^\\+1425\\d{7}$', or normalize this format to E.164 in the dial plan".to_string()
        };
        out.push(
            Diagnostic::new(
                Code::RouteRejectsE164,
                format!(
                    "route `{}` cannot match a number starting with `+`, but routes see normalized E.164 numbers",
                    route.name.text
                ),
                p.span,
                "never matches `+...`",
            )
            .with_help(help),
        );
    }
    out
}
