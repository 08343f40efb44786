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
    s.merge(Merge {
        var: "bypass",
        get: Command::new("Get-CsNetworkConfiguration").str("Identity", "global"),
        property: "MediaBypassSettings",
        fields: vec![
            ("Enabled", Value::Bool(enabled)),
            ("AlwaysBypass", Value::Bool(mode == BypassMode::Always)),
            ("EnableDefaultBypassID", Value::Bool(default_id)),
            (
                "InternalBypassMode",
                Value::Str(if enabled { "Any" } else { "Off" }.into()),
            ),
        ],
    });
    s.command(
        Command::new("Set-CsNetworkConfiguration")
            .str("Identity", "global")
            .arg("MediaBypassSettings", Value::Var("bypass")),
    );
}
