//! Names that become part of a Lync identity (a site, a renamed trunk, a
//! route, a rule, a per-user policy or dial plan, a network region, site,
//! bandwidth profile or region link) follow the rule of
//! [`crate::model::identity`]: no `:` or `/`, not `global`, 1–256 letters,
//! digits, inner spaces and `- . + _ ( )`. A per-user policy named
//! `site:Spokane` would otherwise be deployed as the Spokane site's policy.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::identity;

/// Reports every name that cannot be part of an identity, and two objects
/// whose joined names give them one identity.
pub fn invalid_identity_name(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = invalid_names(cx);
    out.extend(colliding_pairs(cx));
    out
}

/// Inter-site policies and routes between regions are named `A_B` after
/// their ends; `_` is allowed in names, so sites `A_B` and `C` and sites
/// `A` and `B_C` would give two policies the identity `A_B_C`, and the
/// second would replace the first.
fn colliding_pairs(cx: &Context<'_>) -> Vec<Diagnostic> {
    let n = &cx.model.network;
    let site = |id| n.sites.get(id).name.text.as_str();
    let region = |id| n.regions.get(id).name.text.as_str();
    let policies = n.inter_sites.iter().map(|(_, p)| {
        (
            identity::pair(site(p.a.id), site(p.b.id)),
            p.span,
            "inter-site policy",
        )
    });
    let routes = n.region_routes.iter().map(|r| {
        (
            identity::pair(region(r.a.id), region(r.b.id)),
            r.span,
            "route between regions",
        )
    });
    let mut out = Vec::new();
    for list in [policies.collect::<Vec<_>>(), routes.collect()] {
        let mut seen: std::collections::HashMap<String, crate::source::Span> =
            std::collections::HashMap::new();
        for (id, span, what) in list {
            match seen.get(&crate::model::lower::fold(&id)) {
                Some(&first) => out.push(
                    Diagnostic::new(
                        Code::InvalidIdentityName,
                        format!("this {what} and another would both have the Lync identity `{id}`"),
                        span,
                        "same identity as another",
                    )
                    .with_secondary(first, "this one has it too")
                    .with_help("rename a site or region so that `A_B` names one pair only"),
                ),
                None => {
                    seen.insert(crate::model::lower::fold(&id), span);
                }
            }
        }
    }
    out
}

/// Reports every name that cannot be part of an identity.
fn invalid_names(cx: &Context<'_>) -> Vec<Diagnostic> {
    identity::names(cx.model)
        .into_iter()
        .filter_map(|(kind, name, span)| {
            let why = identity::name_problem(&name)?;
            Some(
                Diagnostic::new(
                    Code::InvalidIdentityName,
                    format!(
                        "{} name `{}` cannot be part of a Lync identity: {why}",
                        kind.noun(),
                        crate::lexical::escape_unsafe(&name)
                    ),
                    span,
                    "not a valid identity name",
                )
                .with_help(
                    "use letters, digits, inner spaces and `- . + _ ( )`, at most 256 characters; \
                     scopes are written as scopes (`site:X`), never inside a name",
                ),
            )
        })
        .collect()
}
