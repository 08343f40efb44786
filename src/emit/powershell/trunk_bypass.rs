//! Media bypass on trunks, after the rest is in place (LYNC-TRUNKS 7.1
//! step 8).

use super::*;

pub(super) fn trunk_bypass(s: &mut Script, collections: &[Collection]) {
    s.section("Media bypass on trunks (docs/lync.md 7.1 step 8: after the rest is in place)");
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
