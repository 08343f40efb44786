//! Reverse number lookup finds numbers Lync users hold, not ranges: a
//! number of a `lync-numbers` range that nobody holds goes on to the
//! routes. The unassigned number table (`unassigned-numbers`) is where
//! such calls are meant to end ("Configure the unassigned number table in
//! Lync Server 2013").

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports `lync-numbers` patterns that no unassigned number range meets.
pub fn lync_numbers_without_unassigned(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    cx.analysis()
        .untreated_lync_numbers
        .iter()
        .map(|&i| {
            let p = &m.lync_numbers[i];
            Diagnostic::new(
                Code::LyncNumbersWithoutUnassigned,
                format!(
                    "no unassigned number range meets `lync-numbers '{}'`: reverse number lookup finds only the numbers users and contacts hold, so a call to one of these that nobody holds goes on to the routes",
                    p.text
                ),
                p.span,
                "no unassigned number treatment",
            )
            .with_help("declare `unassigned-numbers NAME { range '+FIRST' '+LAST'; announcement POOL \"NAME\" }` (or `exchange-um '+N'`) for the block of numbers")
        })
        .collect()
}
