//! Dial plans and their normalization rules, the lists replaced whole
//! (LYNC-TRUNKS 2.10).

use super::*;

pub(super) fn dial_plans(s: &mut Script, m: &Model) {
    s.section("Dial plans and normalization rules (docs/lync.md 2.10)");
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
            .declared_description(&p.description)
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
