//! Voice routes, each with the priority topoc simulates (LYNC-TRUNKS 2.7).

use super::*;

/// The `Priority` each route is deployed with, by route id: its rank in
/// topoc's order (routes with a `priority` first, lowest first; then the
/// others by name; LANGUAGE.md section 5). Routes are written in that
/// order with consecutive priorities from 0, so Lync's order is topoc's
/// whether it keeps priorities as numbers or as list positions.
pub fn deployed_priorities(m: &Model) -> IdVec<RouteId, i32> {
    let mut out = IdVec::filled(m.routes.len(), 0);
    let order = crate::model::by_priority(m.routes.iter().map(|(id, r)| (id, &r.priority)));
    for (rank, id) in order.into_iter().enumerate() {
        out[id] = rank as i32;
    }
    out
}

pub(super) fn routes(s: &mut Script, m: &Model) {
    s.section("Voice routes (docs/lync.md 2.7)");
    if m.routes.is_empty() {
        s.comment("none declared");
        return;
    }
    let priorities = deployed_priorities(m);
    let mut order: Vec<RouteId> = m.routes.ids().collect();
    order.sort_by_key(|id| priority_of(&priorities, *id));
    for id in order {
        let r = m.routes.get(id);
        s.out.push('\n');
        let name = &r.name.text;
        s.create_if_missing(
            Command::new("Get-CsVoiceRoute").str("Identity", name),
            Command::new("New-CsVoiceRoute").str("Identity", name),
        );
        let mut c = Command::new("Set-CsVoiceRoute")
            .str("Identity", name)
            .str("NumberPattern", &r.pattern.text)
            .arg(
                "PstnUsages",
                Value::Replace(sorted(usage_names(m, r.usages.iter().map(|u| u.id)))),
            )
            .arg(
                "PstnGatewayList",
                Value::Replace(sorted(
                    r.trunks.iter().map(|t| identity::trunk(m, t.id)).collect(),
                )),
            )
            .arg(
                "Priority",
                Value::Int(i64::from(priority_of(&priorities, id))),
            )
            .bool("SuppressCallerId", r.caller_id.is_some());
        if let Some(alt) = &r.caller_id {
            c = c.str("AlternateCallerId", &alt.text);
        }
        s.command(c.declared_description(&r.description));
    }
}

pub(super) fn priority_of(priorities: &IdVec<RouteId, i32>, id: RouteId) -> i32 {
    priorities[id]
}
