//! Diagnostics for people: miette's graphical report, fed from our data.
//!
//! [`Report`] adapts one [`Diagnostic`] to `miette::Diagnostic`: the primary
//! label first, secondary labels in the same file after it, and labels in
//! other files as related reports with their own snippet. Sources are read
//! through [`FileSource`], which cuts the context window out of the file
//! with its line index instead of scanning from the top for every report.
//!
//! A report never echoes more than a bounded excerpt of a file that is not
//! topoc source (a committed link to a secret, a binary renamed `.topo`):
//! a file that is not UTF-8 or holds a character the scan refuses
//! ([`crate::lexical::is_unsafe_char`]: controls, bidirectional
//! formatting) is never shown, only located; syntax errors show the line
//! at fault alone, and only the first one per file is shown; lines longer
//! than [`MAX_SNIPPET_LINE`] are never shown.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use crate::diagnostics::{Code, Diagnostic, Label, Severity};
use crate::source::{SourceFile, Sources, Span};

/// Secondary labels at most this many lines from the primary label are
/// shown in the primary's snippet.
const NEAR_LINES: usize = 3;

/// A handler for terminal output: Unicode, coloured or not, `width` columns.
pub fn handler(color: bool, width: usize) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
}

/// Renders diagnostics, one report after another.
pub fn render(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    handler: &GraphicalReportHandler,
) -> String {
    let mut out = String::new();
    let showable: Vec<bool> = sources.iter().map(showable).collect();
    // Files whose one syntax-error snippet has been shown.
    let mut syntax_shown = vec![false; sources.len()];
    // The important thing first: errors, then warnings, then notes, each
    // in the order given (by file and place), golden tests after the rest
    // (a failed test is most often a consequence of another finding).
    let mut ordered: Vec<&Diagnostic> = diagnostics.iter().collect();
    ordered.sort_by_key(|d| {
        let test = matches!(d.code, Code::CallTestFailed | Code::CallTestUndecided);
        (d.severity(), test)
    });
    for d in ordered {
        let file = d.primary.span.file.0 as usize;
        let syntax = d.code.info().id.starts_with("T00");
        let labels_showable = std::iter::once(&d.primary)
            .chain(&d.secondary)
            .all(|l| showable[l.span.file.0 as usize]);
        if !labels_showable || (syntax && syntax_shown[file]) || on_a_very_long_line(sources, d) {
            plain(&mut out, sources, d);
        } else {
            syntax_shown[file] |= syntax;
            let report = Report::new(sources, d, !syntax);
            // Rendering into a String cannot fail except through a miette
            // bug; fall back to the plain form rather than lose it.
            if handler.render_report(&mut out, &report).is_err() {
                plain(&mut out, sources, d);
            }
        }
        if let Some(note) = &d.note {
            for line in note.lines() {
                out.push_str("  │ ");
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push('\n');
    }
    out
}

/// Lines longer than this (in bytes) are not shown as snippets: no `.topo`
/// line written by hand is that long, miette cannot pad to very long
/// columns (it panics past 65,535), and a long line of a file that is not
/// topoc source is what must not be echoed.
const MAX_SNIPPET_LINE: usize = 400;

/// Whether a file's text may appear in a report: it is UTF-8 and holds no
/// character that could drive a terminal or hide what the text says.
fn showable(file: &SourceFile) -> bool {
    let text = file.text();
    // A carriage return not ending a line would return the terminal's
    // cursor mid-line (miette prints it as text).
    let lone_cr = text
        .bytes()
        .enumerate()
        .any(|(i, b)| b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
    file.decode_error().is_none()
        && !lone_cr
        && (text
            .bytes()
            .all(|b| (0x20..0x7f).contains(&b) || matches!(b, b'\n' | b'\r' | b'\t'))
            || !text
                .chars()
                .enumerate()
                .any(|(i, c)| crate::lexical::is_unsafe_char(c) && !(i == 0 && c == '\u{feff}')))
}

/// Whether a label of the diagnostic sits on a line too long to show.
fn on_a_very_long_line(sources: &Sources, d: &Diagnostic) -> bool {
    std::iter::once(&d.primary).chain(&d.secondary).any(|l| {
        let text = sources.get(l.span.file).text().as_bytes();
        // The lines a label starts and ends on.
        [l.span.start, l.span.end].iter().any(|&offset| {
            let at = (offset as usize).min(text.len());
            let start = text[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = text[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |i| at + i);
            end - start > MAX_SNIPPET_LINE
        })
    })
}

/// A diagnostic without snippets: code, message, each place as
/// `file:line:column`, help.
fn plain(out: &mut String, sources: &Sources, d: &Diagnostic) {
    let info = d.code.info();
    out.push_str(&format!(
        "{} {}: {} [{}]\n",
        info.id,
        info.severity.as_str(),
        d.message,
        info.name
    ));
    for l in std::iter::once(&d.primary).chain(&d.secondary) {
        let file = sources.get(l.span.file);
        let at = file.line_col(l.span.start as usize);
        out.push_str(&format!(
            "  --> {}:{}:{}: {}\n",
            file.name(),
            at.line,
            at.column,
            l.text
        ));
    }
    if let Some(help) = &d.help {
        out.push_str(&format!("  help: {help}\n"));
    }
}

/// One line summing up a check.
pub fn summary(diagnostics: &[Diagnostic], files: usize, tests: Option<usize>) -> String {
    let (errors, warnings, infos) = crate::diagnostics::counts(diagnostics);
    let files = plural(files, "file");
    let tests = tests
        .filter(|&n| n > 0)
        .map(|n| {
            let failed = diagnostics
                .iter()
                .filter(|d| matches!(d.code, Code::CallTestFailed | Code::CallTestUndecided))
                .count();
            format!("; {}", tests_summary(n, failed))
        })
        .unwrap_or_default();
    if errors + warnings + infos == 0 {
        return format!("checked {files}: no problems found{tests}\n");
    }
    let mut parts = vec![plural(errors, "error"), plural(warnings, "warning")];
    if infos > 0 {
        parts.push(plural(infos, "note"));
    }
    format!("checked {files}: {}{tests}\n", parts.join(", "))
}

/// `5 tests passed`, or `5 tests: 4 passed, 1 failed`.
pub fn tests_summary(tests: usize, failed: usize) -> String {
    if failed == 0 {
        format!("{} passed", plural(tests, "test"))
    } else {
        format!(
            "{}: {} passed, {failed} failed",
            plural(tests, "test"),
            tests - failed
        )
    }
}

/// `1 file`, `2 files`.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A source file as miette reads it: with the context lines miette asks
/// for, or (`context` false) the lines of the span alone.
struct FileSource<'a> {
    file: &'a SourceFile,
    context: bool,
}

impl SourceCode for FileSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let file = self.file;
        let text = file.text();
        if span.offset() > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        if !self.context && (before > 0 || after > 0) {
            // The whole lines the span touches, and nothing else. (Asked
            // for no context, miette wants the span itself, as below.)
            let end = (span.offset() + span.len()).min(text.len());
            let first = file.line_col(span.offset()).line;
            // The line of the span's last byte (a span ending with a line
            // break does not reach into the next line).
            let last = file.line_col(end.saturating_sub(1).max(span.offset())).line;
            let start = file.line_start(first).unwrap_or(0);
            let stop = file.line_start(last + 1).map_or(text.len(), |s| s).max(end);
            let data = text[start..stop].trim_end_matches(['\n', '\r']);
            return Ok(Box::new(MietteSpanContents::new_named(
                file.name().to_string(),
                data.as_bytes(),
                SourceSpan::new(start.into(), data.len()),
                first - 1,
                0,
                last - first + 1,
            )));
        }
        // Start the window `before` lines above the span, so miette only
        // scans the lines it shows.
        let line = file.line_col(span.offset()).line - 1;
        let window_line = line.saturating_sub(before);
        let window_start = file.line_start(window_line + 1).unwrap_or(0);
        let sub = &text.as_bytes()[window_start..];
        let sub_span = SourceSpan::new((span.offset() - window_start).into(), span.len());
        let inner = sub.read_span(&sub_span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            file.name().to_string(),
            inner.data(),
            SourceSpan::new(
                (inner.span().offset() + window_start).into(),
                inner.span().len(),
            ),
            inner.line() + window_line,
            inner.column(),
            inner.line_count() + window_line,
        )))
    }
}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new((span.start as usize).into(), span.len())
}

/// One diagnostic as miette sees it.
struct Report<'a> {
    message: String,
    code: &'static str,
    severity: Severity,
    help: Option<&'a str>,
    source: FileSource<'a>,
    primary: &'a Label,
    same_file: Vec<&'a Label>,
    related: Vec<Related<'a>>,
}

impl<'a> Report<'a> {
    /// `context`: show the lines around each label.
    fn new(sources: &'a Sources, d: &'a Diagnostic, context: bool) -> Report<'a> {
        let file = d.primary.span.file;
        let info = d.code.info();
        // Labels near the primary share its snippet; others get their own,
        // after it, so the report always opens on the primary label.
        let line = |s: Span| sources.get(s.file).line_col(s.start as usize).line;
        let near = |l: &&Label| {
            l.span.file == file && line(l.span).abs_diff(line(d.primary.span)) <= NEAR_LINES
        };
        Report {
            message: format!("{} [{}]", d.message, info.name),
            code: info.id,
            severity: info.severity,
            help: d.help.as_deref(),
            source: FileSource {
                file: sources.get(file),
                context,
            },
            primary: &d.primary,
            same_file: d.secondary.iter().filter(near).collect(),
            related: d
                .secondary
                .iter()
                .filter(|l| !near(l))
                .map(|l| Related {
                    label: l,
                    source: FileSource {
                        file: sources.get(l.span.file),
                        context,
                    },
                })
                .collect(),
        }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = LabeledSpan::new_primary_with_span(
            Some(self.primary.text.clone()),
            source_span(self.primary.span),
        );
        let rest = self
            .same_file
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.text.clone()), source_span(l.span)));
        Some(Box::new(std::iter::once(primary).chain(rest)))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

/// A secondary label in another file, shown as its own snippet.
struct Related<'a> {
    label: &'a Label,
    source: FileSource<'a>,
}

impl fmt::Debug for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label.text)
    }
}

impl fmt::Display for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label.text)
    }
}

impl std::error::Error for Related<'_> {}

impl miette::Diagnostic for Related<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(
                Some(self.label.text.clone()),
                source_span(self.label.span),
            ),
        )))
    }
}
