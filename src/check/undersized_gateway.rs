//! W11: gateways sized below the guidance for their site's users: one PSTN
//! port per 15, 10 or 5 users for light, moderate or heavy use. Overflow
//! goes to the next, usually dearer, route. Applies to sites that declare
//! `users` (`usage-profile` defaults to moderate) whose PSTN gateways all
//! declare `channels`.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::UsageProfile;

/// Reports sites whose gateways offer fewer channels than their users need.
pub fn undersized_gateway(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (site, s) in m.sites.iter() {
        let Some(users) = &s.users else { continue };
        let gateways: Vec<_> = m
            .gateways
            .iter()
            .filter(|(_, g)| g.site == site && g.faces_pstn())
            .collect();
        if gateways.is_empty() || gateways.iter().any(|(_, g)| g.channels.is_none()) {
            continue;
        }
        let profile = s
            .usage_profile
            .as_ref()
            .map_or(UsageProfile::Moderate, |p| p.value);
        let needed = users.value.div_ceil(profile.users_per_port());
        let channels: u32 = gateways
            .iter()
            .filter_map(|(_, g)| g.channels.as_ref().map(|c| c.value))
            .sum();
        if channels >= needed {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::UndersizedGateway,
            format!(
                "site `{}` has {} users with {} PSTN use but its gateways offer {channels} channels; about {needed} are needed",
                s.name.text,
                users.value,
                match profile {
                    UsageProfile::Light => "light",
                    UsageProfile::Moderate => "moderate",
                    UsageProfile::Heavy => "heavy",
                }
            ),
            users.span,
            "more users than the gateways can carry",
        );
        for (_, g) in gateways.iter().take(3) {
            if let Some(c) = &g.channels {
                d = d.with_secondary(c.span, format!("`{}`: {} channels", g.name.text, c.value));
            }
        }
        out.push(d.with_help(
            "add channels or a gateway at the site; overflow takes the next, usually dearer, route",
        ));
    }
    out
}
