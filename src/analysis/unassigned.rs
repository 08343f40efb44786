//! `lync-numbers` patterns that no range of the unassigned number table
//! meets. A number of a Lync range that no user holds is not found by
//! reverse number lookup: without an unassigned number range for it, the
//! call goes on to the routes (often out to the PSTN and back) instead of
//! an announcement or an Auto Attendant.

use super::Analysis;
use super::sets::Cx;

/// Finds them.
pub(crate) fn analyse(cx: &mut Cx<'_, '_>, out: &mut Analysis) {
    let m = cx.model;
    let ranges: Vec<_> = cx
        .compiled
        .unassigned()
        .to_vec()
        .into_iter()
        .filter_map(|(_, re)| cx.keyed_quiet(&re).ok().map(|k| k.set))
        .collect();
    for (i, re) in cx.compiled.lync_numbers().to_vec().into_iter().enumerate() {
        // A pattern outside the analysis is said undecided elsewhere; no
        // warning rests on it.
        let Some(set) = re.and_then(|re| cx.keyed_quiet(&re).ok()).map(|k| k.set) else {
            continue;
        };
        if !cx.tick(m.lync_numbers[i].span) {
            return;
        }
        let treated = ranges
            .iter()
            .any(|r| set.disjoint(r).map_or(true, |disjoint| !disjoint));
        if !treated {
            out.untreated_lync_numbers.push(i);
        }
    }
}
