//! E32, E36, E39: descriptions have cmdlet limits: 1,040 characters for a
//! voice policy, 512 for a dial plan and for a normalization rule. .NET
//! counts UTF-16 code units.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Setting;

fn check(d: &Option<Setting<String>>, limit: usize, what: &str, out: &mut Vec<Diagnostic>) {
    let Some(d) = d else { return };
    let len = d.value.encode_utf16().count();
    if len > limit {
        out.push(
            Diagnostic::new(
                Code::DescriptionTooLong,
                format!("{what} description has {len} characters; at most {limit} are allowed"),
                d.span,
                "too long",
            )
            .with_help(format!("shorten it to {limit} characters")),
        );
    }
}

/// Reports descriptions over their limit.
pub fn description_too_long(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let mut out = Vec::new();
    for (_, p) in m.voice_policies.iter() {
        check(&p.description, 1040, "the voice policy's", &mut out);
    }
    for (_, p) in m.dial_plans.iter() {
        check(&p.description, 512, "the dial plan's", &mut out);
        for r in &p.rules {
            check(&r.description, 512, "the normalization rule's", &mut out);
        }
    }
    out
}
