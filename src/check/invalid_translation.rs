//! E37: a translation may refer only to groups its pattern has. .NET copies
//! a reference to a missing group literally (`$2` stays `$2`), which is
//! never what the author meant; an unclosed `${` is copied the same way.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::netregex::{Replacement, Target};

/// Reports translations with references .NET would copy literally.
pub fn invalid_translation(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in cx.pattern_uses() {
        let Some(rule) = u.rule else { continue };
        let Some(re) = u.regex.as_deref() else {
            continue;
        };
        let t = &rule.translation;
        // The compiled translation, or, where compiling failed, the error
        // (parsed again only for the translations that fail).
        let reparsed;
        let parsed: &Replacement = match u.translation.as_deref() {
            Some(p) => p,
            None => match Replacement::parse(&t.text, re) {
                Ok(p) => {
                    reparsed = p;
                    &reparsed
                }
                Err(e) => {
                    out.push(
                        Diagnostic::new(
                            Code::InvalidTranslation,
                            format!(
                                "Lync cannot apply the translation of {}: {}",
                                cx.owner(u),
                                e.message
                            ),
                            t.sub_span(e.offset, 1),
                            e.message,
                        )
                        .with_help("use a group number the pattern has"),
                    );
                    continue;
                }
            },
        };
        let groups: Vec<u32> = re.group_numbers()[1..].to_vec();
        let have = if groups.is_empty() {
            "the pattern has no groups".to_string()
        } else {
            format!(
                "the pattern's groups are {}",
                groups
                    .iter()
                    .map(|g| format!("`${g}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        for r in parsed.references.iter().filter(|r| r.group.is_none()) {
            let written = &t.text[r.offset..r.offset + r.len];
            let (message, help) = if !r.closed {
                (
                    format!(
                        "`{written}` in the translation of {} is not closed with `}}`",
                        cx.owner(u)
                    ),
                    "close the braces: `${1}`".to_string(),
                )
            } else {
                let target = match &r.target {
                    Target::Number(n) => format!("group {n}"),
                    Target::Name(n) => format!("a group named `{n}`"),
                };
                let help = match &r.target {
                    Target::Number(n) if !r.braced && *n >= 10 && re.slot_of(n / 10).is_some() => {
                        format!(
                            "`{written}` reads as group {n}; for group {} followed by `{}` write `${{{}}}{}`",
                            n / 10,
                            n % 10,
                            n / 10,
                            n % 10
                        )
                    }
                    Target::Name(_) => {
                        format!("name the group in the pattern, `(?<name>...)`; {have}")
                    }
                    Target::Number(_) => format!("refer to a group the pattern has; {have}"),
                };
                (
                    format!(
                        "`{written}` in the translation of {} refers to {target}, which the pattern lacks",
                        cx.owner(u)
                    ),
                    help,
                )
            };
            out.push(
                Diagnostic::new(
                    Code::InvalidTranslation,
                    message,
                    t.sub_span(r.offset, r.len),
                    format!(".NET copies `{written}` into the number as text"),
                )
                .with_secondary(u.pattern.span, "the pattern")
                .with_help(help),
            );
        }
    }
    out
}
