//! E14: at most one default trunk (gateway) per Mediation pool; it takes
//! calls from Office Communications Server 2007 R2.

use std::collections::BTreeMap;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports every default trunk after the first on a pool.
pub fn several_default_trunks(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut by_pool: BTreeMap<_, Vec<_>> = BTreeMap::new();
    for (id, t) in m.trunks.iter() {
        if t.default.is_some() {
            by_pool.entry(t.mediation.id).or_default().push(id);
        }
    }
    let mut out = Vec::new();
    for (pool, mut trunks) in by_pool {
        trunks.sort_by_key(|&t| m.trunks.get(t).span);
        let first = m.trunks.get(trunks[0]);
        for &t in &trunks[1..] {
            let t = m.trunks.get(t);
            let (Some(here), Some(there)) = (&t.default, &first.default) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    Code::SeveralDefaultTrunks,
                    format!(
                        "`{}` has a second default trunk, `{}`",
                        m.pools.get(pool).name.text,
                        t.name.text
                    ),
                    here.span,
                    "second default",
                )
                .with_secondary(
                    there.span,
                    format!("`{}` is already the default", first.name.text),
                )
                .with_help("keep `default` on one trunk per Mediation pool"),
            );
        }
    }
    out
}
