//! W48: media bypass on wireless subnets: non-bypass calls can use
//! RTAudio, which copes better with loss; evaluate the Wi-Fi first.

use super::Context;
use crate::bypass::{Client, Verdict};
use crate::diagnostics::{Code, Diagnostic};

/// Reports wireless sites whose clients bypass through some trunk.
pub fn bypass_on_wireless(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (id, site) in m.network.sites.iter() {
        let Some(w) = site.wireless.as_ref().filter(|w| w.value) else {
            continue;
        };
        let bypassing = m
            .trunks
            .ids()
            .find(|&t| cx.bypass.decide(Client::Site(id), t).verdict == Verdict::Yes);
        let Some(t) = bypassing else { continue };
        out.push(
            Diagnostic::new(
                Code::BypassOnWireless,
                format!(
                    "wireless clients of `{}` bypass the Mediation Server (through `{}`, for one)",
                    site.name.text,
                    m.trunks.get(t).name.text
                ),
                w.span,
                "wireless",
            )
            .with_help("evaluate the Wi-Fi quality first; to keep these clients on RTAudio, move the subnets to a site of their own with a bandwidth policy"),
        );
    }
    out
}
