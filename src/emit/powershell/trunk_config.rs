//! Trunk configurations, their translation rules and media bypass on
//! trunks.

use super::*;

pub(super) fn srtp(mode: SrtpMode) -> &'static str {
    match mode {
        SrtpMode::Required => "Required",
        SrtpMode::Optional => "Optional",
        SrtpMode::NotSupported => "NotSupported",
    }
}

/// Whether deploy.ps1 writes the location-based routing parameters of
/// trunk configurations: always for Skype for Business Server 2015; for
/// Lync Server 2013 only when the project writes them, since servers
/// without the February 2013 update refuse them (T0301).
pub(super) fn location_routing(m: &Model) -> bool {
    m.deployment.product == Product::Sfb2015
        || m.trunk_configs.iter().any(|(_, c)| {
            c.written.location_restriction.is_some() || c.written.network_site.is_some()
        })
}

/// Every setting of a collection except media bypass and the rule lists,
/// as `Set-CsTrunkConfiguration` parameters.
pub(super) fn config_parameters(c: Command, m: &Model, e: &Effective) -> Command {
    let mut c = c
        .bool("ConcentratedTopology", e.centralized_media)
        .bool("EnableReferSupport", e.refer)
        .bool("Enable3pccRefer", e.refer_3pcc)
        .bool("EnableSessionTimer", e.session_timer)
        .bool("EnableSignalBoost", e.signal_boost)
        .arg(
            "MaxEarlyDialogs",
            Value::Int(i64::from(e.max_early_dialogs)),
        )
        .bool("RemovePlusFromUri", e.remove_plus)
        .bool("RTCPActiveCalls", e.rtcp_active_calls)
        .bool("RTCPCallsOnHold", e.rtcp_calls_on_hold)
        .str("SRTPMode", srtp(e.srtp))
        .bool("EnablePIDFLOSupport", e.pidf_lo)
        .bool("EnableMobileTrunkSupport", e.mobile_trunk)
        .bool("EnableRTPLatching", e.rtp_latching)
        .bool("ForwardCallHistory", e.forward_call_history)
        .bool("ForwardPAI", e.forward_pai)
        .bool("EnableFastFailoverTimer", e.fast_failover)
        .bool("EnableOnlineVoice", e.online_voice);
    if location_routing(m) {
        c = c
            .bool("EnableLocationRestriction", e.location_restriction)
            .arg(
                "NetworkSiteID",
                e.network_site.map_or(Value::Null, |id| {
                    Value::Str(m.network.sites.get(id).name.text.clone())
                }),
            );
    }
    c.str("Description", &e.description)
        .arg(
            "PstnUsages",
            Value::Replace(usage_names(m, e.usages.iter().copied())),
        )
        // Not modelled: cleared, so the collection holds only what topoc says.
        .arg("SipResponseCodeTranslationRulesList", Value::Null)
}

/// A trunk configuration collection to deploy.
pub(super) struct Collection {
    /// Its identity.
    identity: String,
    /// How the sources name it (`global (not declared)` for the implicit one).
    label: String,
    scope: ConfigScope,
    settings: Effective,
}

/// Every collection to deploy: those declared, and the global one at
/// Lync's defaults when it is not declared (LANGUAGE.md section 4: a trunk
/// without a collection has Lync's defaults, so the global collection
/// must hold them whatever it held before).
pub(super) fn collections(m: &Model) -> Vec<Collection> {
    let mut out: Vec<Collection> = m
        .trunk_configs
        .iter()
        .map(|(id, c)| Collection {
            identity: identity::trunk_config(m, c.scope),
            label: format!("trunk-config {}", m.config_scope_text(id)),
            scope: c.scope,
            settings: Effective::of_config(id, &c.settings),
        })
        .collect();
    if !out.iter().any(|c| c.scope == ConfigScope::Global) {
        out.insert(
            0,
            Collection {
                identity: "global".into(),
                label: "global collection (not declared: Lync's defaults)".into(),
                scope: ConfigScope::Global,
                settings: Effective::defaults(),
            },
        );
    }
    out
}

pub(super) fn trunk_configurations(s: &mut Script, m: &Model, collections: &[Collection]) {
    s.section("Trunk configurations (LYNC-TRUNKS 2.5, 3): every parameter written");
    for c in collections {
        s.out.push('\n');
        s.comment(&c.label);
        if c.scope != ConfigScope::Global {
            s.create_if_missing(
                Command::new("Get-CsTrunkConfiguration").str("Identity", &c.identity),
                Command::new("New-CsTrunkConfiguration").str("Identity", &c.identity),
            );
        }
        let mut set = Command::new("Set-CsTrunkConfiguration").str("Identity", &c.identity);
        // Bypass is turned on last (7.1 step 8), but turned off first: a
        // collection that had it on would otherwise refuse settings that
        // exclude it (centralized media or REFER off, I1/I2).
        if !c.settings.media_bypass {
            set = set.bool("EnableBypass", false);
        }
        s.command(config_parameters(set, m, &c.settings));
    }
}

/// In-memory rule objects of a list.
pub(super) fn rule_objects(
    cmdlet: &'static str,
    parent: &str,
    rules: &[NumberRule],
    internal_extension: bool,
) -> Vec<Command> {
    rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut c = Command::new(cmdlet)
                .str("Identity", &identity::rule(parent, &r.name.text))
                .arg("Priority", Value::Int(i as i64))
                .str("Pattern", &r.pattern.text)
                .str("Translation", &r.translation.text);
            if internal_extension {
                c = c.bool(
                    "IsInternalExtension",
                    r.internal_extension.as_ref().is_some_and(|s| s.value),
                );
            }
            c.description(&r.description)
        })
        .collect()
}

pub(super) fn translation_rules(s: &mut Script, collections: &[Collection]) {
    s.section("Translation rules (LYNC-TRUNKS 2.9): each collection's lists replaced whole");
    for c in collections {
        let e = &c.settings;
        s.out.push('\n');
        s.comment(&format!(
            "{}: {} called-number, {} calling-number rule(s)",
            c.label,
            e.called_number.len(),
            e.calling_number.len()
        ));
        let called = s.objects(
            "called",
            rule_objects(
                "New-CsOutboundTranslationRule",
                &c.identity,
                &e.called_number,
                false,
            ),
        );
        let calling = s.objects(
            "calling",
            rule_objects(
                "New-CsOutboundCallingNumberTranslationRule",
                &c.identity,
                &e.calling_number,
                false,
            ),
        );
        s.command(
            Command::new("Set-CsTrunkConfiguration")
                .str("Identity", &c.identity)
                .arg("OutboundTranslationRulesList", called)
                .arg("OutboundCallingNumberTranslationRulesList", calling),
        );
    }
}

pub(super) fn trunk_bypass(s: &mut Script, collections: &[Collection]) {
    s.section("Media bypass on trunks (LYNC-TRUNKS 7.1 step 8: after the rest is in place)");
    let on: Vec<&Collection> = collections
        .iter()
        .filter(|c| c.settings.media_bypass)
        .collect();
    if on.is_empty() {
        s.comment("no collection turns media bypass on");
    }
    for c in on {
        s.command(
            Command::new("Set-CsTrunkConfiguration")
                .str("Identity", &c.identity)
                .bool("EnableBypass", true),
        );
    }
}
