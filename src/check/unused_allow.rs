//! `allow`s: a warning or note whose primary label lies inside the
//! declaration an `allow` of its code is written in is accepted (dropped).
//! An `allow` that accepts nothing is itself a warning: the warning was
//! fixed (remove the `allow`), or the `allow` is in the wrong declaration.
//! An `allow` is judged only where its finding could be decided: one of a
//! build's finding (T0803) only by a build, one of the routing analysis
//! not while the analysis left calls undecided (T0708).

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::model::Model;

/// Drops what the `allow`s accept from `found`, marking in `used` the
/// allows that accepted something.
pub fn accept(model: &Model, found: &mut Vec<Diagnostic>, used: &mut [bool]) {
    found.retain(|d| {
        if d.severity() == Severity::Error {
            return true;
        }
        let span = d.primary.span;
        let mut accepted = false;
        for (i, a) in model.allows.iter().enumerate() {
            if a.code == d.code
                && a.scope.file == span.file
                && a.scope.start <= span.start
                && span.end <= a.scope.end
            {
                used[i] = true;
                accepted = true;
            }
        }
        !accepted
    });
}

/// Applies the `allow`s of a build's findings to them (see the module
/// docs), and reports those that accept nothing.
pub fn accept_built(model: &Model, mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // Allows of other codes were judged by `check`: count them as used.
    let mut used: Vec<bool> = model
        .allows
        .iter()
        .map(|a| !a.code.found_by_build())
        .collect();
    accept(model, &mut found, &mut used);
    let unused = unused_allow(model, &used, &found);
    found.extend(unused);
    found
}

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
