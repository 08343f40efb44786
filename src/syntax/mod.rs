//! Syntax: source text to spanned trees.
//!
//! [`parse_file`] runs the [`scan`] pass, then pest, then the builder, and
//! returns the tree with every syntax diagnostic (T00xx) found on the way.
//! pest's types stay inside this module.

pub mod ast;
mod errors;
pub(crate) mod parser;
pub mod scan;

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{DecodeError, MAX_FILE_BYTES, SourceFile, Span};

/// The grammar's source, for the keywords it spells out.
const GRAMMAR: &str = include_str!("../../grammar/topo.pest");

/// Every keyword of the language: each double-quoted word in the grammar
/// that starts with a letter (`gateway`, `inter-site`, `priority`), sorted; values such as
/// `on` are not keywords.
pub fn keywords() -> &'static [&'static str] {
    static KEYWORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYWORDS.get_or_init(|| {
        let mut words: Vec<&'static str> = GRAMMAR
            .lines()
            .map(|line| line.split("//").next().unwrap_or(""))
            .flat_map(|line| line.split('"').skip(1).step_by(2))
            .filter(|w| {
                w.starts_with(|c: char| c.is_ascii_lowercase())
                    && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    })
}

/// Whether `word` is a keyword of the language ([`keywords`]).
pub fn is_keyword(word: &str) -> bool {
    keywords().binary_search(&word).is_ok()
}

/// Parses one file. On a syntax error the tree is empty and the diagnostics
/// say why; a file that parses may still carry diagnostics (bad escapes).
pub fn parse_file(src: &SourceFile) -> (ast::File, Vec<Diagnostic>) {
    if let Some(err) = src.decode_error() {
        let file = ast::File {
            file: src.id(),
            decls: Vec::new(),
            comments: Vec::new(),
        };
        return (file, vec![decode_diagnostic(src, err)]);
    }
    let scan = scan::scan(src);
    let mut diags = scan.errors;
    let mut file = ast::File {
        file: src.id(),
        decls: Vec::new(),
        comments: scan.comments,
    };
    if !diags.is_empty() {
        return (file, diags);
    }
    match parser::parse(src, &mut diags) {
        Ok(decls) => file.decls = decls,
        Err(_) => {
            // The first parse runs without pest's error detail, which costs
            // time on every input; the second, only on failure, collects the
            // expected tokens the message is built from.
            if let Err(err) = with_error_detail(|| parser::probe(src.text())) {
                diags.push(errors::diagnose(src, &err, |text| {
                    with_error_detail(|| parser::probe(text)).err()
                }));
            }
        }
    }
    (file, diags)
}

/// The keywords the grammar accepts at the end of `before` (the text of a
/// file up to a cursor, without the word being typed), sorted, for
/// completion in an editor: the words pest lists as what it would have
/// taken there. Empty when the text before cannot go on with a keyword.
pub fn expected_words(before: &str) -> Vec<String> {
    // A byte no token starts with makes pest stop exactly here and list
    // what it would have taken instead.
    let probed = format!("{before}\u{1}");
    let Err(err) = with_error_detail(|| parser::probe(&probed)) else {
        return Vec::new();
    };
    if errors::position(&err, probed.len()) != before.len() {
        return Vec::new();
    }
    let mut words: Vec<String> = err
        .parse_attempts()
        .map(|a| {
            a.expected_tokens()
                .iter()
                .map(ToString::to_string)
                .filter(|t| {
                    t.starts_with(|c: char| c.is_ascii_lowercase())
                        && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
                .collect()
        })
        .unwrap_or_default();
    words.sort_unstable();
    words.dedup();
    words
}

/// Runs `f` with pest's error detail on. The switch is process-wide, so
/// concurrent parses count its users and the last one turns it off.
fn with_error_detail<T>(f: impl FnOnce() -> T) -> T {
    static USERS: std::sync::Mutex<usize> = std::sync::Mutex::new(0);
    {
        let mut users = USERS.lock().unwrap_or_else(|e| e.into_inner());
        if *users == 0 {
            pest::set_error_detail(true);
        }
        *users += 1;
    }
    let result = f();
    let mut users = USERS.lock().unwrap_or_else(|e| e.into_inner());
    *users -= 1;
    if *users == 0 {
        pest::set_error_detail(false);
    }
    result
}

fn decode_diagnostic(src: &SourceFile, err: &DecodeError) -> Diagnostic {
    match *err {
        DecodeError::NotUtf8 { offset } => Diagnostic::new(
            Code::InvalidUtf8,
            format!("the file is not UTF-8: invalid byte at offset {offset}"),
            // The lossy text holds U+FFFD where the bad byte was.
            Span::new(src.id(), offset, (offset + 3).min(src.text().len())),
            "this byte is not UTF-8",
        )
        .with_help("save the file as UTF-8"),
        DecodeError::TooLarge { len } => Diagnostic::new(
            Code::FileTooLarge,
            format!(
                "the file holds {} bytes or more, beyond the {} MiB topoc reads",
                len.max(MAX_FILE_BYTES + 1),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            Span::point(src.id(), 0),
            "not read",
        )
        .with_help("split the topology into several files"),
    }
}

#[cfg(test)]
mod keyword_tests {
    #[test]
    fn keywords_are_the_grammars_quoted_words() {
        let k = super::keywords();
        for w in [
            "gateway",
            "inter-site",
            "route",
            "priority",
            "site",
            "global",
        ] {
            assert!(super::is_keyword(w), "{w} in {k:?}");
        }
        assert!(!super::is_keyword("Distance"));
        // `on` and `off` are values, not keywords.
        assert!(!super::is_keyword("on"));
        assert!(k.len() > 100, "{k:?}");
    }
}

#[cfg(test)]
mod expected_tests {
    use super::expected_words;

    #[test]
    fn words_at_the_top_level_and_inside_blocks() {
        let top = expected_words("");
        for w in ["site", "pstn-usage", "route", "voice-policy", "test"] {
            assert!(top.iter().any(|t| t == w), "{w} in {top:?}");
        }
        assert!(!top.iter().any(|t| t == "pattern"), "{top:?}");
        let route = expected_words("route Local {\n  ");
        for w in ["pattern", "usages", "trunks", "priority"] {
            assert!(route.iter().any(|t| t == w), "{w} in {route:?}");
        }
        assert!(!route.iter().any(|t| t == "site"), "{route:?}");
    }
}
