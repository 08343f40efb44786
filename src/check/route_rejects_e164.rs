//! W20: routes see normalized E.164 numbers (`+14255550100`), so a route
//! pattern anchored with `^` must be able to match a leading `+`. `^+...`
//! is the usual slip: the `+` repeats the anchor.

use super::{Context, Owner};
use crate::diagnostics::{Code, Diagnostic};

/// Reports anchored route patterns that cannot match a leading `+`.
pub fn route_rejects_e164(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in cx.pattern_uses() {
        let (Owner::Route(r), Some(re)) = (u.owner, u.regex.as_deref()) else {
            continue;
        };
        let (route, p) = (cx.model.routes.get(r), u.pattern);
        if !re.anchoring().0 || re.can_start_with('+') {
            continue;
        }
        let help = if p.text.starts_with("^+") {
            "`+` after `^` repeats the anchor; write `^\\+` for a literal plus".to_string()
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
