//! W13: a trunk whose collection routes incoming calls (inter-trunk routing)
//! has no service-scope dial plan (`dial-plan trunk:T`); which plan, if any,
//! normalizes those calls is undocumented (LYNC-TRUNKS Q1).

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::DialPlanScope;

/// Reports trunks with inter-trunk usages and no trunk-scope dial plan.
pub fn inter_trunk_without_dial_plan(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, t) in m.trunks.iter() {
        let e = cx.effective(id);
        let planned = cx
            .compiled
            .dial_plan_at(&DialPlanScope::Trunk(id))
            .is_some();
        if e.usages.is_empty() || planned {
            continue;
        }
        let Some(config) = e.config else { continue };
        let mut d = Diagnostic::new(
            Code::InterTrunkWithoutDialPlan,
            format!(
                "calls entering on trunk `{}` are routed, but no dial plan normalizes them",
                t.name.text
            ),
            t.name.span,
            "no `dial-plan trunk:` for this trunk",
        );
        if let Some(u) = &m.trunk_configs.get(config).settings.usages {
            d = d.with_secondary(u.span, "usages for calls entering on the trunk");
        }
        out.push(d.with_help(format!(
            "add `dial-plan trunk:{} {{ ... }}` with the rules that turn the peer's numbers into E.164",
            t.name.text
        )));
    }
    out
}
