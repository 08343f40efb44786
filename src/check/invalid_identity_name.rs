//! Names that become part of a Lync identity (a site, a renamed trunk, a
//! route, a rule, a per-user policy or dial plan, a network region, site,
//! bandwidth profile or region link) follow the rule of
//! [`crate::model::identity`]: no `:` or `/`, not `global`, 1–256 letters,
//! digits, inner spaces and `- . + _ ( )`. A per-user policy named
//! `site:Spokane` would otherwise be deployed as the Spokane site's policy.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::identity;

/// A name as a message shows it: control characters (from `\n` or `\t`
/// escapes) written as escapes.
fn shown(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().collect()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Reports every name that cannot be part of an identity.
pub fn invalid_identity_name(cx: &Context<'_>) -> Vec<Diagnostic> {
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
                        shown(&name)
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
