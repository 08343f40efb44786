//! Diagnostics as data.
//!
//! Every stage reports problems as [`Diagnostic`] values: a stable [`Code`]
//! from the registry in [`codes`], a message, one primary [`Label`], a few
//! secondary labels and an optional help sentence. Nothing here formats a
//! report for a terminal: snippets and colours are made in `cli::render`,
//! the JSON and SARIF shapes in [`json`] and [`sarif`] (as values, not text).

pub mod codes;
pub mod json;
pub mod sarif;

pub use codes::{Code, CodeInfo, Severity};

use crate::source::Span;

/// A marked place in the source with a short text saying what is there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is wrong, or related, there ("declared again here").
    pub text: String,
}

impl Label {
    /// A label at `span`.
    pub fn new(span: Span, text: impl Into<String>) -> Label {
        Label {
            span,
            text: text.into(),
        }
    }
}

/// A concrete number that shows a finding, and the way it takes: each
/// step a label at the object that takes it (trunk, route, rule, peer).
/// JSON carries it as `witness: {number, path}`, SARIF as a code flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Witness {
    /// The number, as the first step receives it.
    pub number: String,
    /// The steps, in order.
    pub path: Vec<Label>,
}

/// One finding: what is wrong, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code; it fixes the severity.
    pub code: Code,
    /// What is wrong, lower-case, no final period, names in backticks.
    pub message: String,
    /// The locus.
    pub primary: Label,
    /// Related places (at most a few).
    pub secondary: Vec<Label>,
    /// One actionable sentence, if there is one.
    pub help: Option<String>,
    /// Longer supporting text, such as the trace of a simulated call:
    /// shown after the report, one line per line.
    pub note: Option<String>,
    /// A number that shows the finding, for whole-space analyses.
    pub witness: Option<Witness>,
}

impl Diagnostic {
    /// A diagnostic with its primary label.
    pub fn new(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            primary: Label::new(span, label),
            secondary: Vec::new(),
            help: None,
            note: None,
            witness: None,
        }
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, span: Span, text: impl Into<String>) -> Self {
        self.secondary.push(Label::new(span, text));
        self
    }

    /// Adds a secondary label when there is one.
    pub fn with_secondary_opt(mut self, label: Option<(Span, String)>) -> Self {
        if let Some((span, text)) = label {
            self.secondary.push(Label::new(span, text));
        }
        self
    }

    /// Sets the help sentence.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds supporting text (a trace, a witness).
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Adds a witness, and its way as the note shown in the terminal.
    pub fn with_witness(mut self, witness: Witness) -> Self {
        let mut note = format!("witness: '{}'", witness.number);
        for (i, step) in witness.path.iter().enumerate() {
            note.push_str(&format!("\n  {}. {}", i + 1, step.text));
        }
        self.note = Some(note);
        self.witness = Some(witness);
        self
    }

    /// Adds supporting text, if any.
    pub fn with_note_opt(mut self, note: Option<String>) -> Self {
        self.note = note;
        self
    }

    /// Sets the help sentence when there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// The severity, which belongs to the code.
    pub fn severity(&self) -> Severity {
        self.code.info().severity
    }

    /// The order diagnostics are reported in: file, offset, code.
    pub fn sort_key(&self) -> (crate::source::FileId, u32, &'static str, u32) {
        let s = self.primary.span;
        (s.file, s.start, self.code.info().id, s.end)
    }
}

/// Sorts diagnostics by file, offset and code, and drops exact duplicates
/// (the same finding reached twice through shared structure).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
    diagnostics.dedup();
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity() == Severity::Error)
}

/// Counts of errors, warnings and infos, in that order.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize, usize) {
    diagnostics
        .iter()
        .fold((0, 0, 0), |(e, w, i), d| match d.severity() {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
}

/// The closest of `candidates` to `name` (case-insensitive), if it is close
/// enough to be a plausible misspelling: the "did you mean" of unknown names.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let c = candidate.to_lowercase();
        if c == lower {
            return Some(candidate);
        }
        let distance = levenshtein(&lower, &c);
        // Allow about one edit per three characters, at least one: `gw-1`
        // for `gw1`, `Redmnod` for `Redmond`, not `Local` for `Tokyo`.
        let limit = (lower.chars().count().max(c.chars().count()) / 3).max(1);
        if distance <= limit && best.is_none_or(|(d, b)| (distance, candidate) < (d, b)) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance (insertions, deletions, substitutions, adjacent swaps).
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows are enough for the optimal-string-alignment distance.
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["gw1.redmond.contoso.com", "pbx-2", "Redmond"];
        assert_eq!(
            suggest("gw1.redmnod.contoso.com", names),
            Some("gw1.redmond.contoso.com")
        );
        assert_eq!(suggest("pbx2", names), Some("pbx-2"));
        assert_eq!(suggest("REDMOND", names), Some("Redmond"));
        assert_eq!(suggest("Tokyo", names), None);
        assert_eq!(suggest("x", ["y"]), Some("y"));
        assert_eq!(suggest("xy", ["ab"]), None);
    }

    #[test]
    fn transpositions_cost_one() {
        assert_eq!(levenshtein("redmnod", "redmond"), 1);
        assert_eq!(levenshtein("", "abc"), 3);
    }
}
