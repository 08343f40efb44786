//! W07: a route with no trunks or no usages; New-CsVoiceRoute warns on
//! creating one, and it carries no calls.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports routes with an empty trunk or usage list.
pub fn empty_route(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, r) in cx.model.routes.iter() {
        let missing = match (r.trunks.is_empty(), r.usages.is_empty()) {
            (false, false) => continue,
            (true, false) => "trunks",
            (false, true) => "usages",
            (true, true) => "trunks or usages",
        };
        out.push(
            Diagnostic::new(
                Code::EmptyRoute,
                format!("route `{}` has no {missing}", r.name.text),
                r.name.span,
                format!("no {missing}"),
            )
            .with_help("a route carries calls only with at least one usage and one trunk"),
        );
    }
    out
}
