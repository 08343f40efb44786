//! An `allow` that accepts no warning where it is written is itself a
//! warning: the warning was fixed (remove the `allow`), or the `allow` is
//! in the wrong declaration.

use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;

/// Reports the `allow`s whose `used` flag is false.
pub fn unused_allow(model: &Model, used: &[bool]) -> Vec<Diagnostic> {
    model
        .allows
        .iter()
        .zip(used)
        .filter(|(_, used)| !**used)
        .map(|(a, _)| {
            Diagnostic::new(
                Code::UnusedAllow,
                format!("`allow {}` accepts nothing here", a.code.info().name),
                a.span,
                "no such warning in this declaration",
            )
            .with_help("remove it, or move it into the declaration the warning is reported in")
        })
        .collect()
}
