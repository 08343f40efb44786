//! What the whole-space routing analysis could not decide, and why; and,
//! should it ever happen, a witness the call simulator disagrees with (a
//! topoc bug, reported rather than hidden).

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports each pattern or rule the analysis could not use.
pub fn analysis_indeterminate(cx: &Context<'_>) -> Vec<Diagnostic> {
    let a = cx.analysis();
    let mut out: Vec<Diagnostic> = a
        .indeterminate
        .iter()
        .map(|i| {
            Diagnostic::new(Code::AnalysisIndeterminate, i.message.clone(), i.span, "not analysed")
                .with_help("write the pattern without the construct if you can; otherwise cover these calls with golden `test` blocks")
        })
        .collect();
    out.extend(a.internal.iter().map(|(at, what)| {
        Diagnostic::new(
            Code::InternalError,
            format!("the routing analysis and the call simulator disagree: {what}"),
            *at,
            "found while analysing this",
        )
        .with_help("please report this with the input; the routing findings may be incomplete")
    }));
    out
}
