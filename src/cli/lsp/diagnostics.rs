//! topoc's diagnostics as LSP diagnostics: the same code, severity,
//! message, help and related places as `topoc check` prints. A "did you
//! mean" carries its replacement in `data`, for the quick fix
//! ([`super::actions`]).

use std::collections::BTreeMap;

use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString};
use serde_json::json;

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileId;

use super::project::Project;
use super::text::{Buffer, Encoding, Lines, uri_of};

/// Every file's diagnostics, files without any included (to clear them).
pub fn by_file(
    project: &Project,
    encoding: Encoding,
) -> BTreeMap<FileId, Vec<lsp_types::Diagnostic>> {
    let lines: Vec<Lines<'_>> = project
        .sources
        .iter()
        .map(|f| Lines::new(f.text(), encoding))
        .collect();
    let mut out: BTreeMap<FileId, Vec<lsp_types::Diagnostic>> = (0..project.paths.len())
        .map(|i| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), Vec::new()))
        .collect();
    for d in &project.checked.diagnostics {
        let file = d.primary.span.file;
        let related = d
            .secondary
            .iter()
            .filter(|l| (l.span.file.0 as usize) < project.paths.len())
            .map(|l| DiagnosticRelatedInformation {
                location: Location::new(
                    uri_of(project.path(l.span.file)),
                    lines[l.span.file.0 as usize].range(l.span.start as usize, l.span.end as usize),
                ),
                message: l.text.clone(),
            })
            .collect();
        if let Some(list) = out.get_mut(&file) {
            list.push(convert(d, &lines[file.0 as usize], related));
        }
    }
    out
}

/// The syntax diagnostics of one text parsed on its own.
pub fn syntax(text: &str, encoding: Encoding) -> Vec<lsp_types::Diagnostic> {
    let lines = Lines::new(text, encoding);
    Buffer::parse(text)
        .found
        .iter()
        .map(|d| convert(d, &lines, Vec::new()))
        .collect()
}

fn convert(
    d: &Diagnostic,
    lines: &Lines<'_>,
    related: Vec<DiagnosticRelatedInformation>,
) -> lsp_types::Diagnostic {
    let info = d.code.info();
    let mut message = d.message.clone();
    if !d.primary.text.is_empty() {
        message.push_str(&format!("\n{}", d.primary.text));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    if let Some(note) = &d.note {
        message.push_str(&format!("\n{note}"));
    }
    let fix = d
        .help
        .as_deref()
        .and_then(|h| h.strip_prefix("did you mean `"))
        .and_then(|h| h.strip_suffix("`?"))
        .filter(|s| !s.contains('`'));
    lsp_types::Diagnostic {
        range: lines.range(d.primary.span.start as usize, d.primary.span.end as usize),
        severity: Some(match d.severity() {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(info.id.to_string())),
        source: Some("topoc".into()),
        message,
        related_information: Some(related),
        data: Some(json!({
            "name": info.name,
            "severity": d.severity().as_str(),
            "replacement": fix,
        })),
        ..lsp_types::Diagnostic::default()
    }
}
