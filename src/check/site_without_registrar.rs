//! A site-scoped voice policy or dial plan applies to users homed on a
//! Registrar of that site; a site with no Front End pool has none, so the
//! policy or plan reaches no user (branch users are homed elsewhere: use a
//! `tag:` scope for them).

use std::collections::HashSet;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{DialPlanScope, PolicyScope, PoolRole, SiteId};
use crate::source::Span;

/// Reports site-scoped policies and dial plans of sites without a Registrar.
pub fn site_without_registrar(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let registrars: HashSet<SiteId> = m
        .pools
        .iter()
        .filter(|(_, p)| p.role == PoolRole::FrontEnd)
        .map(|(_, p)| p.site)
        .collect();
    let mut scoped: Vec<(&str, SiteId, Span)> = Vec::new();
    for (_, p) in m.voice_policies.iter() {
        if let PolicyScope::Site(s) = p.scope {
            scoped.push(("voice policy", s, p.scope_span));
        }
    }
    for (_, p) in m.dial_plans.iter() {
        if let DialPlanScope::Site(s) = p.scope {
            scoped.push(("dial plan", s, p.scope_span));
        }
    }
    scoped
        .into_iter()
        .filter(|(_, s, _)| !registrars.contains(s))
        .map(|(what, s, span)| {
            let site = m.sites.get(s);
            Diagnostic::new(
                Code::SiteWithoutRegistrar,
                format!("this {what} reaches no user: site `{}` has no Front End pool", site.name.text),
                span,
                "no Registrar in this site",
            )
            .with_secondary(site.name.span, "no `frontend-pool` here")
            .with_help(format!("users of a branch are homed on another site's pool; give them a `tag:` {what} instead"))
        })
        .collect()
}
