//! W08: a route that is never a candidate — every number it matches is a
//! Lync user's, so reverse number lookup ends routing first — found over
//! every number by [`crate::analysis::routes`]. A route that only ever
//! follows others is a failover route and is not reported (LYNC-TRUNKS 4.1
//! steps 4 and 6).

use super::Context;
use crate::analysis::routes::Ends;
use crate::diagnostics::{Code, Diagnostic};

/// Reports routes that no call ever reaches.
pub fn shadowed_route(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    cx.analysis()
        .shadowed_routes
        .iter()
        .map(|s| {
            let route = m.routes.get(s.route);
            let (why, help) = match s.ends {
                Ends::LyncUser => (
                    "reverse number lookup ends routing before any route",
                    "narrow `lync-numbers` to the numbers Lync users hold, or remove the route",
                ),
                Ends::Unassigned => (
                    "reverse number lookup or the unassigned number table ends routing before any route",
                    "narrow `lync-numbers` or the `unassigned-numbers` ranges, or remove the route",
                ),
            };
            Diagnostic::new(
                Code::ShadowedRoute,
                format!(
                    "route `{}` is never a candidate: every number it matches is a Lync user's or unassigned (for example '{}'), and {why}",
                    route.name.text, s.witness.number
                ),
                route.name.span,
                "never reached",
            )
            .with_help(help)
            .with_witness(s.witness.clone())
        })
        .collect()
}
