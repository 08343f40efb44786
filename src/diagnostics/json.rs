//! The JSON form of diagnostics (`topoc check --format json`).
//!
//! The shape is ours and stable: fields may be added, never renamed. Offsets
//! are 0-based bytes with the end exclusive; lines and columns are 1-based,
//! columns counted in characters. This module builds values; the CLI prints.

use serde::Serialize;

use super::{Diagnostic, Label};
use crate::source::Sources;

/// One diagnostic as it appears in the JSON array.
#[derive(Clone, Debug, Serialize)]
pub struct JsonDiagnostic {
    /// `T` and four digits.
    pub code: &'static str,
    /// The code's kebab-case name.
    pub name: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// What is wrong.
    pub message: String,
    /// The file's name as given on the command line.
    pub file: String,
    /// The locus.
    pub primary: JsonLabel,
    /// Related places, each in the file named by its own `file`.
    pub secondary: Vec<JsonLabel>,
    /// How to fix it, or null.
    pub help: Option<String>,
    /// Supporting text such as the trace of a simulated call; absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A number that shows the finding and the way it takes; absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<JsonWitness>,
}

/// A witness: the number, and each step at its place.
#[derive(Clone, Debug, Serialize)]
pub struct JsonWitness {
    /// The number.
    pub number: String,
    /// The steps, in order (each a label: file, position, text).
    pub path: Vec<JsonLabel>,
}

/// A label with its position.
#[derive(Clone, Debug, Serialize)]
pub struct JsonLabel {
    /// The file the label is in.
    pub file: String,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
    /// 1-based line of `end`.
    pub end_line: usize,
    /// 1-based column of `end`, in characters.
    pub end_column: usize,
    /// What the label says.
    pub label: String,
}

fn label(sources: &Sources, l: &Label) -> JsonLabel {
    let file = sources.get(l.span.file);
    let start = file.line_col(l.span.start as usize);
    let end = file.line_col(l.span.end as usize);
    JsonLabel {
        file: file.name().to_string(),
        start: l.span.start,
        end: l.span.end,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        label: l.text.clone(),
    }
}

/// The JSON form of one diagnostic.
pub fn diagnostic(sources: &Sources, d: &Diagnostic) -> JsonDiagnostic {
    let info = d.code.info();
    JsonDiagnostic {
        code: info.id,
        name: info.name,
        severity: info.severity.as_str(),
        message: d.message.clone(),
        file: sources.get(d.primary.span.file).name().to_string(),
        primary: label(sources, &d.primary),
        secondary: d.secondary.iter().map(|l| label(sources, l)).collect(),
        help: d.help.clone(),
        note: d.note.clone(),
        witness: d.witness.as_ref().map(|w| JsonWitness {
            number: w.number.clone(),
            path: w.path.iter().map(|l| label(sources, l)).collect(),
        }),
    }
}

/// The JSON array for a whole report.
pub fn report(sources: &Sources, diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic> {
    diagnostics.iter().map(|d| diagnostic(sources, d)).collect()
}
