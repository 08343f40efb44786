//! PSTN usages, voice routes, the unassigned number table, voice policies
//! and dial plans.

use super::*;

/// The usages, by name (the global list is a set; declaration order
/// would make the script depend on file order).
pub(crate) fn usage_names(m: &Model, ids: impl IntoIterator<Item = UsageId>) -> Vec<String> {
    ids.into_iter()
        .map(|u| m.usages.get(u).name.text.clone())
        .collect()
}

pub(super) fn usages(s: &mut Script, m: &Model) {
    s.section("PSTN usages (LYNC-TRUNKS 2.6): one global list, added to");
    let mut names = usage_names(m, m.usages.ids());
    names.sort_by_key(|n| n.to_lowercase());
    if names.is_empty() {
        s.comment("none declared");
        return;
    }
    let get = Command::new("Get-CsPstnUsage").str("Identity", "global");
    let get = s.call(&get, "");
    s.line(&format!("$usages = ({get}).Usage"));
    for n in names {
        // `@{Add = 'X'}` keeps the other usages; `-notcontains` compares
        // without case, as Lync does.
        let add = Command::new("Set-CsPstnUsage")
            .str("Identity", "global")
            .arg("Usage", Value::Add(n.clone()));
        let add = s.call(&add, "");
        s.line(&format!(
            "if ($usages -notcontains {}) {{ {add} }}",
            quote(&n)
        ));
    }
}

/// The `Priority` each route is deployed with, by route id: its rank in
/// topoc's order (routes with a `priority` first, lowest first; then the
/// others by name; LANGUAGE.md section 5). Routes are written in that
/// order with consecutive priorities from 0, so Lync's order is topoc's
/// whether it keeps priorities as numbers or as list positions.
pub fn deployed_priorities(m: &Model) -> IdVec<RouteId, i32> {
    let mut order: Vec<(Option<i32>, RouteId)> = m
        .routes
        .iter()
        .map(|(id, r)| (r.priority.as_ref().map(|p| p.value), id))
        .collect();
    // `None` after every `Some`, then by id (name order).
    order.sort_by_key(|(p, id)| (p.is_none(), *p, *id));
    let mut out = IdVec::filled(m.routes.len(), 0);
    for (rank, (_, id)) in order.into_iter().enumerate() {
        out[id] = rank as i32;
    }
    out
}

pub(super) fn routes(s: &mut Script, m: &Model) {
    s.section("Voice routes (LYNC-TRUNKS 2.7)");
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
        s.command(c.description(&r.description));
    }
}

/// The unassigned number table: each range created when missing, then set
/// whole, with every range's `-Priority` stated (its rank in
/// [`Model::unassigned_in_order`]), so Lync applies them in the simulated
/// order. Announcements and Auto Attendant contacts are not created here.
pub(super) fn unassigned_numbers(s: &mut Script, m: &Model) {
    s.section("Unassigned number table");
    if m.unassigned.is_empty() {
        s.comment("none declared");
        return;
    }
    s.comment("The announcements and Exchange UM Auto Attendants named here must exist already.");
    for (rank, id) in m.unassigned_in_order().into_iter().enumerate() {
        let u = m.unassigned.get(id);
        let name = identity::unassigned(u);
        let whole = |c: Command| {
            let c = c
                .str("NumberRangeStart", &u.range.value.first)
                .str("NumberRangeEnd", &u.range.value.last);
            match &u.treatment {
                Treatment::Announcement { pool, name } => c
                    .str(
                        "AnnouncementService",
                        &identity::announcement_service(m, pool.id),
                    )
                    .str("AnnouncementName", &name.value),
                Treatment::ExchangeUm(n) => c.str("ExUmAutoAttendantPhoneNumber", &n.text),
            }
        };
        s.out.push('\n');
        s.create_if_missing(
            Command::new("Get-CsUnassignedNumber").str("Identity", &name),
            whole(Command::new("New-CsUnassignedNumber").str("Identity", &name)),
        );
        s.command(
            whole(Command::new("Set-CsUnassignedNumber").str("Identity", &name))
                .arg("Priority", Value::Int(rank as i64)),
        );
    }
}

/// A set written in a fixed order (names compare without case).
pub fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)));
    names
}

pub(super) fn priority_of(priorities: &IdVec<RouteId, i32>, id: RouteId) -> i32 {
    priorities[id]
}

pub(super) fn voice_policies(s: &mut Script, m: &Model) {
    s.section("Voice policies (LYNC-TRUNKS 2.8)");
    if m.voice_policies.is_empty() {
        s.comment("none declared");
        return;
    }
    for (_, p) in m.voice_policies.iter() {
        s.out.push('\n');
        let (get, set) = identity::voice_policy(m, p);
        if p.scope != PolicyScope::Global {
            s.create_if_missing(
                Command::new("Get-CsVoicePolicy").str("Identity", &get),
                Command::new("New-CsVoicePolicy").str("Identity", &set),
            );
        }
        let mut c = Command::new("Set-CsVoicePolicy").str("Identity", &set).arg(
            "PstnUsages",
            Value::Replace(usage_names(m, p.usages.iter().map(|u| u.id))),
        );
        for flag in PolicyFlag::ALL {
            c = c.bool(flag.parameter(), p.flag(flag));
        }
        let (kind, custom) = match p.call_forwarding.as_ref().map(|s| &s.value) {
            None | Some(CallForwarding::VoicePolicy) => ("VoicePolicyUsage", Vec::new()),
            Some(CallForwarding::InternalOnly) => ("InternalOnly", Vec::new()),
            Some(CallForwarding::Custom(list)) => {
                ("CustomUsage", usage_names(m, list.iter().map(|u| u.id)))
            }
        };
        c = c.str("CallForwardingSimulRingUsageType", kind).arg(
            "CustomCallForwardingSimulRingUsages",
            Value::Replace(custom),
        );
        s.command(c.description(&p.description));
    }
}

pub(super) fn dial_plans(s: &mut Script, m: &Model) {
    s.section("Dial plans and normalization rules (LYNC-TRUNKS 2.10)");
    if m.dial_plans.is_empty() {
        s.comment("none declared");
        return;
    }
    for (_, p) in m.dial_plans.iter() {
        s.out.push('\n');
        let id = identity::dial_plan(m, p);
        if p.scope != DialPlanScope::Global {
            s.create_if_missing(
                Command::new("Get-CsDialPlan").str("Identity", &id),
                Command::new("New-CsDialPlan").str("Identity", &id),
            );
        }
        // Replacing the list removes the placeholder rule a new plan gets.
        let rules = s.objects(
            "rules",
            rule_objects("New-CsVoiceNormalizationRule", &id, &p.rules, true),
        );
        let mut c = Command::new("Set-CsDialPlan")
            .str("Identity", &id)
            .description(&p.description)
            .arg(
                "ExternalAccessPrefix",
                p.external_access_prefix
                    .as_ref()
                    .map_or(Value::Null, |x| Value::Str(x.text.clone())),
            )
            .bool(
                "OptimizeDeviceDialing",
                p.optimize_device_dialing.as_ref().is_some_and(|s| s.value),
            );
        if let Some(name) = &p.simple_name {
            c = c.str("SimpleName", &name.value);
        }
        s.command(c.arg("NormalizationRules", rules));
    }
}
