//! Formatting (`topoc fmt` of the buffer) and quick fixes: the "did you
//! mean" of a diagnostic applied, and an `allow` for a warning added to
//! the innermost block around it that accepts one, with a reason to fill
//! in.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit};
use serde_json::Value;

use crate::source::Span;

use super::hover::blocks_holding;
use super::text::{Buffer, Encoding, Lines};

/// The reason an added `allow` carries until someone writes the real one.
const REASON: &str = "TODO: why this finding is accepted";

/// The edit that formats a buffer; `None` when it does not parse (the
/// formatter never guesses).
pub fn format(text: &str, encoding: Encoding) -> Option<Vec<TextEdit>> {
    let b = Buffer::parse(text);
    if crate::diagnostics::has_errors(&b.found) {
        return None;
    }
    let formatted = crate::format::format(b.src(), &b.tree);
    if formatted == text {
        return Some(Vec::new());
    }
    let lines = Lines::new(text, encoding);
    Some(vec![TextEdit::new(lines.range(0, text.len()), formatted)])
}

/// The quick fixes for the diagnostics the client sends with the request.
pub fn code_actions(
    uri: &Uri,
    text: &str,
    params: &Value,
    encoding: Encoding,
) -> Vec<CodeActionOrCommand> {
    let diagnostics: Vec<lsp_types::Diagnostic> = params
        .pointer("/context/diagnostics")
        .and_then(|d| serde_json::from_value(d.clone()).ok())
        .unwrap_or_default();
    let lines = Lines::new(text, encoding);
    let buffer = Buffer::parse(text);
    let mut out = Vec::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.source.as_deref() == Some("topoc"))
    {
        let data = d.data.as_ref();
        let field = |k: &str| data.and_then(|v| v.get(k)).and_then(Value::as_str);
        if let Some(r) = field("replacement") {
            let written = crate::lexical::written_name(r);
            out.push(action(
                format!("Replace with `{r}`"),
                d,
                uri,
                vec![TextEdit::new(d.range, written)],
                true,
            ));
        }
        if let (Some(name), Some("warning" | "info")) = (field("name"), field("severity"))
            && let Some(edit) = allow(&buffer, &lines, d, name)
        {
            out.push(action(
                format!("Allow `{name}` here, with a reason"),
                d,
                uri,
                vec![edit],
                false,
            ));
        }
    }
    out
}

fn action(
    title: String,
    d: &lsp_types::Diagnostic,
    uri: &Uri,
    edits: Vec<TextEdit>,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)]))),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

/// `allow NAME "reason"` as the first statement of the innermost block
/// around the diagnostic where the grammar accepts an `allow`.
fn allow(
    buffer: &Buffer,
    lines: &Lines<'_>,
    d: &lsp_types::Diagnostic,
    name: &str,
) -> Option<TextEdit> {
    let text = buffer.src().text();
    let (start, end) = (lines.offset(d.range.start), lines.offset(d.range.end));
    let span = Span::new(buffer.tree.file, start, end.max(start));
    for stmt in blocks_holding(&buffer.tree, span).into_iter().rev() {
        let body = stmt.body.as_ref()?;
        let at = body.span.start as usize + 1;
        let accepts = crate::syntax::expected_words(&format!("{}\n", &text[..at]))
            .iter()
            .any(|w| w == "allow");
        if !accepts {
            continue;
        }
        let line_start = text[..stmt.span.start as usize]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let indent: String = text[line_start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let insert = format!(
            "\n{indent}  allow {name} {}",
            crate::lexical::quote_string(REASON)
        );
        let p = lines.position(at);
        return Some(TextEdit::new(lsp_types::Range::new(p, p), insert));
    }
    None
}
