//! E35: a dial plan's SimpleName is non-empty, at most 256 characters,
//! unique, and uses only letters, digits, `.`, `_` and `-` (what both the
//! Control Panel and the cmdlet accept). Without `simple-name` it defaults
//! to the site name (`site:`), `Registrar_<fqdn>`, `PstnGateway_<trunk>`,
//! the tag, or `Global`.

use std::collections::HashMap;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{DialPlan, DialPlanScope, Model};

/// The SimpleName a dial plan gets.
pub(crate) fn simple_name(m: &Model, p: &DialPlan) -> String {
    if let Some(s) = &p.simple_name {
        return s.value.clone();
    }
    match &p.scope {
        DialPlanScope::Global => "Global".to_string(),
        DialPlanScope::Site(s) => m.sites.get(*s).name.text.clone(),
        DialPlanScope::Registrar(pool) => format!("Registrar_{}", m.pools.get(*pool).name.text),
        DialPlanScope::Trunk(t) => format!("PstnGateway_{}", m.trunks.get(*t).name.text),
        DialPlanScope::Tag(_) => crate::model::identity::per_user_name(&p.scope_text),
    }
}

fn problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("it is empty".into());
    }
    if name.chars().count() > 256 {
        return Some("it is longer than 256 characters".into());
    }
    name.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .map(|c| match c {
            ' ' => "it contains a space".to_string(),
            c => format!("it contains `{c}`"),
        })
}

/// Reports invalid and duplicate SimpleNames.
pub fn invalid_simple_name(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    let mut seen: HashMap<String, (String, crate::source::Span)> = HashMap::new();
    let mut plans: Vec<_> = m.dial_plans.iter().map(|(_, p)| p).collect();
    plans.sort_by_key(|p| p.span);
    for p in plans {
        let name = simple_name(m, p);
        let span = p.simple_name.as_ref().map_or(p.scope_span, |s| s.span);
        let written = p.simple_name.is_some();
        if let Some(why) = problem(&name) {
            let what = if written {
                "the SimpleName"
            } else {
                "the default SimpleName"
            };
            out.push(
                Diagnostic::new(
                    Code::InvalidSimpleName,
                    format!("{what} `{name}` of dial plan `{}` is invalid: {why}", p.scope_text),
                    span,
                    "not a valid SimpleName",
                )
                .with_help("write `simple-name NAME` with letters, digits, `.`, `_` and `-` only (at most 256)"),
            );
            continue;
        }
        match seen.get(&name.to_lowercase()) {
            Some((other, first)) => out.push(
                Diagnostic::new(
                    Code::InvalidSimpleName,
                    format!(
                        "dial plans `{other}` and `{}` both have the SimpleName `{name}`",
                        p.scope_text
                    ),
                    span,
                    "SimpleName taken",
                )
                .with_secondary(*first, "first here")
                .with_help("give one of them its own `simple-name`"),
            ),
            None => {
                seen.insert(name.to_lowercase(), (p.scope_text.clone(), span));
            }
        }
    }
    out
}
