//! E23: `location-restriction` and `network-site` (EnableLocationRestriction,
//! NetworkSiteID) exist only from Skype for Business Server 2015 on (the
//! cmdlet pages' "Applicable" lists); a Lync 2013 deployment cannot take them.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Product;

/// Reports those settings written for `product lync-2013`.
pub fn setting_not_in_product(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    if m.deployment.product != Product::Lync2013 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (_, c) in m.trunk_configs.iter() {
        let written = [
            (
                "location-restriction",
                c.written.location_restriction.as_ref().map(|s| s.span),
            ),
            (
                "network-site",
                c.written.network_site.as_ref().map(|s| s.span),
            ),
        ];
        for (keyword, span) in written {
            let Some(span) = span else { continue };
            let mut d = Diagnostic::new(
                Code::SettingNotInProduct,
                format!("`{keyword}` needs `product sfb-2015`"),
                span,
                "not a setting of the Lync Server 2013 release topoc targets",
            );
            if let Some(dep) = m.deployment.span {
                d = d.with_secondary(dep, "the deployment targets `product lync-2013`");
            }
            out.push(d.with_help("remove it, or target `product sfb-2015` in `deployment`"));
        }
    }
    out
}
