//! W08: a route that no originator can choose for any number, found over
//! every number by [`crate::analysis::routes`].

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports routes that win no number for any originator.
pub fn shadowed_route(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    cx.analysis()
        .shadowed_routes
        .iter()
        .map(|s| {
            let route = m.routes.get(s.route);
            let (by, secondary) = match s.covering {
                Some(c) => {
                    let c = m.routes.get(c);
                    (format!("route `{}`", c.name.text), (c.name.span, "takes its numbers first".to_string()))
                }
                None => (
                    "reverse number lookup".to_string(),
                    (
                        m.lync_numbers.first().map_or(route.name.span, |p| p.span),
                        "these are Lync users' numbers".to_string(),
                    ),
                ),
            };
            Diagnostic::new(
                Code::ShadowedRoute,
                format!(
                    "route `{}` can never be chosen: every number it matches is taken earlier (for example '{}' by {by} for {})",
                    route.name.text, s.witness.number, s.originator
                ),
                route.name.span,
                "never chosen",
            )
            .with_secondary(secondary.0, secondary.1)
            .with_help("give the route a lower priority than the route that takes its numbers, put its usage first, or remove it")
            .with_witness(s.witness.clone())
        })
        .collect()
}
