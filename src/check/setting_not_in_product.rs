//! E23: `location-restriction` and `network-site` (EnableLocationRestriction,
//! NetworkSiteID) came with location-based routing in the Lync Server 2013
//! cumulative update of February 2013 (LYNC-TRUNKS 3 and D7: the cmdlet
//! pages' "Applicable" lists omit Lync 2013, their text says February
//! 2013). A Lync 2013 project may use them; the servers need that update.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Product;

/// Notes, once per project, that those settings need the update.
pub fn setting_not_in_product(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    if m.deployment.product != Product::Lync2013 {
        return Vec::new();
    }
    let mut written = m.trunk_configs.iter().flat_map(|(_, c)| {
        [
            (
                "location-restriction",
                c.written.location_restriction.as_ref().map(|s| s.span),
            ),
            (
                "network-site",
                c.written.network_site.as_ref().map(|s| s.span),
            ),
        ]
        .into_iter()
        .filter_map(|(k, span)| Some((k, span?)))
    });
    let Some((keyword, span)) = written.next() else {
        return Vec::new();
    };
    let mut d = Diagnostic::new(
        Code::SettingNotInProduct,
        format!(
            "`{keyword}` needs the Lync Server 2013 cumulative update of February 2013 or later on every server"
        ),
        span,
        "location-based routing: February 2013 update",
    );
    for (k, span) in written {
        d = d.with_secondary(span, format!("`{k}` too"));
    }
    if let Some(dep) = m.deployment.span {
        d = d.with_secondary(dep, "the deployment targets `product lync-2013`");
    }
    vec![d.with_help(
        "servers without that update refuse EnableLocationRestriction and NetworkSiteID and deploy.ps1 stops there: check the servers' version, or target `product sfb-2015`",
    )]
}
