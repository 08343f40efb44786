//! The global media bypass settings, one complete object (LYNC-TRUNKS 2.11,
//! E45).

use super::*;

pub(super) fn bypass(s: &mut Script, m: &Model) {
    s.section("Global media bypass settings (docs/lync.md 2.11, E45): the live object, changed and set whole");
    if m.network.span.is_none() {
        s.comment("no `network` block: the bypass settings are left as they are");
        return;
    }
    let mode = m.network.bypass_mode();
    let enabled = mode != BypassMode::Off;
    let default_id = m
        .network
        .default_bypass_for_unmapped
        .as_ref()
        .is_some_and(|s| s.value);
    // The live object, changed in what the sources say: its BypassID (the
    // default ID Lync assigned), external bypass and conference settings
    // are kept, where a new object would get new ones on every run.
    let get = Command::new("Get-CsNetworkConfiguration").str("Identity", "global");
    let get = s.call(&get, "");
    s.line(&format!("$bypass = ({get}).MediaBypassSettings"));
    let flag = |b: bool| if b { "$true" } else { "$false" };
    s.line(&format!("$bypass.Enabled = {}", flag(enabled)));
    s.line(&format!(
        "$bypass.AlwaysBypass = {}",
        flag(mode == BypassMode::Always)
    ));
    s.line(&format!(
        "$bypass.EnableDefaultBypassID = {}",
        flag(default_id)
    ));
    s.line(&format!(
        "$bypass.InternalBypassMode = {}",
        quote(if enabled { "Any" } else { "Off" })
    ));
    s.command(
        Command::new("Set-CsNetworkConfiguration")
            .str("Identity", "global")
            .arg("MediaBypassSettings", Value::Var("bypass")),
    );
}
