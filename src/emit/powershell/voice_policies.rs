//! Voice policies (LYNC-TRUNKS 2.8).

use super::*;

pub(super) fn voice_policies(s: &mut Script, m: &Model) {
    s.section("Voice policies (docs/lync.md 2.8)");
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
        s.command(c.declared_description(&p.description));
    }
}
