//! The global media bypass settings, one complete object (LYNC-TRUNKS 2.11,
//! E45).

use super::*;

pub(super) fn bypass(s: &mut Script, m: &Model) {
    s.section("Global media bypass settings (docs/lync.md 2.11, E45): one complete object");
    if m.network.span.is_none() {
        s.comment("no `network` block: the bypass settings are left as they are");
        return;
    }
    let mode = m.network.bypass_mode();
    let enabled = mode != BypassMode::Off;
    let settings = Command::new("New-CsNetworkMediaBypassConfiguration")
        .bool("Enabled", enabled)
        .bool("AlwaysBypass", mode == BypassMode::Always)
        .bool(
            "EnableDefaultBypassID",
            m.network
                .default_bypass_for_unmapped
                .as_ref()
                .is_some_and(|s| s.value),
        )
        .str("InternalBypassMode", if enabled { "Any" } else { "Off" })
        .str("ExternalBypassMode", "Off")
        .bool("EnabledForAudioVideoConferences", false);
    let settings = s.call(&settings, "");
    s.line(&format!("$bypass = {settings}"));
    s.command(
        Command::new("Set-CsNetworkConfiguration")
            .str("Identity", "global")
            .arg("MediaBypassSettings", Value::Var("bypass")),
    );
}
