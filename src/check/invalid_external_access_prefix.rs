//! E36: the external access prefix is one to four digits (`[0-9]{1,4}`, as
//! New-CsDialPlan validates it; the Control Panel also allows `#` and `*`,
//! which the cmdlet refuses).

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Reports prefixes other than one to four ASCII digits.
pub fn invalid_external_access_prefix(cx: &Context<'_>) -> Vec<Diagnostic> {
    cx.model
        .dial_plans
        .iter()
        .filter_map(|(_, p)| p.external_access_prefix.as_ref().map(|x| (p, x)))
        .filter(|(_, x)| {
            !(1..=4).contains(&x.text.len()) || !x.text.bytes().all(|b| b.is_ascii_digit())
        })
        .map(|(p, x)| {
            Diagnostic::new(
                Code::InvalidExternalAccessPrefix,
                format!(
                    "dial plan `{}` has external access prefix `{}`; it must be 1 to 4 digits",
                    p.scope_text, x.text
                ),
                x.span,
                "not 1 to 4 digits",
            )
            .with_help("use digits only, such as '9' or '0'")
        })
        .collect()
}
