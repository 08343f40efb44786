//! The media configuration (LYNC-TRUNKS 2.12).

use super::*;

pub(super) fn media(s: &mut Script, m: &Model) {
    s.section("Media configuration (docs/lync.md 2.12)");
    if m.deployment.media_encryption_span.is_none() {
        s.comment("`media-encryption` is not declared: the media configuration is left as it is");
        return;
    }
    let level = match m.deployment.media_encryption {
        EncryptionLevel::Required => "RequireEncryption",
        EncryptionLevel::Supported => "SupportEncryption",
        EncryptionLevel::NotSupported => "DoNotSupportEncryption",
    };
    s.command(
        Command::new("Set-CsMediaConfiguration")
            .str("Identity", "global")
            .str("EncryptionLevel", level),
    );
}
