//! A translation that uses no group while its pattern captures varying
//! digits: `'^(\d{7})$' -> '+1425'` turns every seven-digit number into
//! `+1425`. It is the trace of `"+1425$1"` written in double quotes in
//! PowerShell, where `$1` is a variable that expands to nothing before
//! the cmdlet sees it.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::netregex::Node;
use crate::netregex::replace::Piece;

/// Whether `node` can match more than one string of a few known shapes:
/// a class, or a repetition whose count varies. `(000|112)` does not (a
/// rule may map a few fixed numbers to one on purpose); `(\d{7})` does.
fn varies(node: &Node) -> bool {
    match node {
        Node::Set { .. } | Node::NotChar { .. } => true,
        Node::Repeat { node, min, max, .. } => min != max || varies(node),
        Node::Concat(nodes) | Node::Alt(nodes) => nodes.iter().any(varies),
        Node::Capture { node, .. } | Node::Group(node) | Node::Atomic(node) => varies(node),
        _ => false,
    }
}

/// The first capture group (by position) whose match varies, as written.
fn varying_group(root: &Node, pattern: &str) -> Option<String> {
    let mut found = None;
    root.walk(&mut |n| {
        if found.is_none()
            && let Node::Capture {
                slot: Some(_),
                node,
                at,
                ..
            } = n
            && varies(node)
        {
            found = Some(*at);
        }
    });
    let at = found?;
    // The group's text: from its `(` to the matching `)`.
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in pattern[at..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(pattern[at..at + i + 1].to_string());
                }
            }
            _ => {}
        }
    }
    None
}

/// Reports rules whose translation ignores the digits their pattern captures.
pub fn translation_drops_digits(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in cx.pattern_uses() {
        let (Some(rule), Some(re), Some(parsed)) =
            (u.rule, u.regex.as_deref(), u.translation.as_deref())
        else {
            continue;
        };
        // A reference to a missing group is invalid-translation's to report.
        if parsed.pieces.iter().any(|p| !matches!(p, Piece::Text(_)))
            || parsed.references.iter().any(|r| r.group.is_none())
        {
            continue;
        }
        let Some(group) = varying_group(re.root(), &u.pattern.text) else {
            continue;
        };
        let t = &rule.translation.text;
        out.push(
            Diagnostic::new(
                Code::TranslationDropsDigits,
                format!(
                    "the translation '{t}' of {} uses no group, so the digits `{group}` captures are dropped: every number it takes becomes '{t}'",
                    cx.owner(u)
                ),
                rule.translation.span,
                "no `$1`",
            )
            .with_secondary(u.pattern.span, "captures digits")
            .with_help(format!(
                "write the group into the translation, as in '{t}$1'; written in PowerShell as \"{t}$1\" (double quotes), `$1` is a PowerShell variable that expands to nothing: use single quotes"
            )),
        );
    }
    out
}
