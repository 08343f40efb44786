//! An `allow` that accepts no warning where it is written is itself a
//! warning: the warning was fixed (remove the `allow`), or the `allow` is
//! in the wrong declaration.

use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;

/// Reports the `allow`s whose `used` flag is false; when the warning is
/// still reported nearby, outside the `allow`'s block, points there.
pub fn unused_allow(model: &Model, used: &[bool], reported: &[Diagnostic]) -> Vec<Diagnostic> {
    model
        .allows
        .iter()
        .zip(used)
        .filter(|(_, used)| !**used)
        .map(|(a, _)| {
            let nearest = reported
                .iter()
                .filter(|d| d.code == a.code && d.primary.span.file == a.span.file)
                .min_by_key(|d| d.primary.span.start.abs_diff(a.span.start));
            Diagnostic::new(
                Code::UnusedAllow,
                format!("`allow {}` accepts nothing here", a.code.info().name),
                a.span,
                "no such warning in this declaration",
            )
            .with_secondary_opt(nearest.map(|d| {
                (
                    d.primary.span,
                    format!(
                        "a `{}` warning is reported here, outside the `allow`'s block",
                        a.code.info().name
                    ),
                )
            }))
            .with_help("remove it, or move it into the declaration the warning is reported in")
        })
        .collect()
}
