//! Turns pest's one error per file into a diagnostic a voice engineer can
//! act on.
//!
//! pest reports the furthest position it reached and, with error detail on,
//! the tokens it would have accepted there and the rules it was inside. From
//! those and the text around the position this module picks the mistake
//! being made (a misspelt keyword, two statements on one line, a value of
//! the wrong kind, a block brace on the next line) and words it in the
//! language's terms rather than the grammar's rule names.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::ast::Key;
use super::parser::Rule;
use crate::diagnostics::{Code, Diagnostic, suggest};
use crate::source::{SourceFile, Span};

/// The diagnostic for a pest error in `src`, parsed with error detail on.
///
/// When pest stopped inside a word (a keyword rule matches `network` in
/// `network-site`, then fails on the `-`), what went wrong is the whole
/// word. `probe` parses a copy of the text with the word's first byte made
/// unmatchable, so the error lands at the word's start with the tokens that
/// could begin there.
pub(crate) fn diagnose(
    src: &SourceFile,
    err: &Error<Rule>,
    probe: impl Fn(&str) -> Option<Box<Error<Rule>>>,
) -> Diagnostic {
    let text = src.text();
    let pos = position(err, text.len());
    let bytes = text.as_bytes();
    // pest also stops at the end of a word it read only in a look-ahead
    // (`911` where a name may not be a plain number): then all it expected
    // there was for the word to go on.
    let only_continues = err.parse_attempts().is_some_and(|a| {
        let expected: Vec<String> = a.expected_tokens().iter().filter_map(token).collect();
        !expected.is_empty()
            && expected
                .iter()
                .all(|t| matches!(t.as_str(), "-" | "." | "_"))
    });
    if pos > 0
        && is_name_byte(bytes[pos - 1])
        && (bytes.get(pos).is_some_and(|&b| is_name_byte(b)) || only_continues)
    {
        let start = bytes[..pos]
            .iter()
            .rposition(|&b| !is_name_byte(b))
            .map_or(0, |p| p + 1);
        let mut probed = text.to_string();
        probed.replace_range(start..start + 1, "\u{1}");
        if let Some(e) = probe(&probed)
            && position(&e, text.len()) == start
        {
            return context(src, &e, start).diagnose();
        }
    }
    context(src, err, pos).diagnose()
}

pub(super) fn position(err: &Error<Rule>, len: usize) -> usize {
    match (err.parse_attempts(), &err.location) {
        (Some(a), _) => a.max_position,
        (None, InputLocation::Pos(p)) => *p,
        (None, InputLocation::Span((s, _))) => *s,
    }
    .min(len)
}

fn context<'a>(src: &'a SourceFile, err: &Error<Rule>, pos: usize) -> Context<'a> {
    let attempts = err.parse_attempts();
    let expected: Vec<String> = attempts
        .as_ref()
        .map(|a| {
            a.expected_tokens()
                .iter()
                .filter_map(token)
                .filter(|t| t != "BUILTIN_RULE")
                .collect()
        })
        .unwrap_or_default();
    let rules = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    Context {
        src,
        pos,
        expected,
        rules,
    }
}

/// A token pest expected, as the messages name it. pest's token type is
/// not exported; its `Display` is the token text for literals and `a..b`
/// for character ranges. The grammar writes its commonest one-character
/// tokens (`,`, `{`, a space, a line end) as ranges of one character,
/// which pest matches without a call to `memcmp` (a tenth of parsing):
/// those are their character; wider ranges say nothing a message could use.
fn token(t: &impl ToString) -> Option<String> {
    let t = t.to_string();
    let chars: Vec<char> = t.chars().collect();
    match chars[..] {
        [a, '.', '.', b] if a == b => Some(a.to_string()),
        [_, '.', '.', _] => None,
        _ => Some(t),
    }
}

struct Context<'a> {
    src: &'a SourceFile,
    pos: usize,
    expected: Vec<String>,
    rules: Vec<Rule>,
}

/// What stands at the error position.
enum Found<'a> {
    EndOfFile,
    EndOfLine,
    /// A token, with its length in bytes.
    Token(&'a str),
}

impl Found<'_> {
    fn describe(&self) -> String {
        match self {
            Found::EndOfFile => "the end of the file".to_string(),
            Found::EndOfLine => "the end of the line".to_string(),
            Found::Token(t) => format!("`{}`", shown(t)),
        }
    }
}

/// A token as a message quotes it: at most 40 characters, so a message
/// never carries more than a glimpse of a file that is not topoc source.
fn shown(token: &str) -> std::borrow::Cow<'_, str> {
    match token.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &token[..cut]).into(),
        None => token.into(),
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

impl Context<'_> {
    fn text(&self) -> &str {
        self.src.text()
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.src.id(), start, end)
    }

    fn found(&self) -> Found<'_> {
        let rest = &self.text()[self.pos..];
        let bytes = rest.as_bytes();
        match bytes.first() {
            None => Found::EndOfFile,
            Some(b'\n' | b'\r' | b'#') => Found::EndOfLine,
            Some(&b) if is_name_byte(b) => {
                let len = bytes.iter().take_while(|&&c| is_name_byte(c)).count();
                Found::Token(&rest[..len])
            }
            Some(b'\'' | b'"') => {
                // A quoted token: up to its closing quote (the scan has
                // already made sure it closes on this line).
                let q = bytes[0];
                let len = bytes[1..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(bytes.len(), |p| p + 2);
                Found::Token(&rest[..len])
            }
            Some(_) => {
                // Anything else: up to the next space, as a user would read it.
                let len = rest
                    .char_indices()
                    .find(|&(_, c)| c.is_whitespace())
                    .map_or(rest.len(), |(i, _)| i);
                let mut cut = len.min(40);
                while !rest.is_char_boundary(cut) {
                    cut -= 1;
                }
                Found::Token(&rest[..cut])
            }
        }
    }

    fn found_span(&self, found: &Found<'_>) -> Span {
        match found {
            Found::Token(t) => self.span(self.pos, self.pos + t.len()),
            _ => self.span(self.pos, self.pos),
        }
    }

    /// For `pstn-usage Long Distance`: the name the words around the
    /// error spell when they are one name with spaces (`Long Distance`).
    /// Neither word may be a keyword (`tls mediation` is two statements),
    /// and the words run to the end of the statement.
    fn spaced_name(&self, found: &str) -> Option<String> {
        let previous = self.previous_token()?;
        let plain =
            |w: &str| !w.is_empty() && w.bytes().all(is_name_byte) && !crate::syntax::is_keyword(w);
        if !plain(previous) || !plain(found) {
            return None;
        }
        let rest = &self.text()[self.pos..];
        let end = rest
            .find(['\n', '\r', ';', '#', '{', '}', '[', ']', '"', '\''])
            .unwrap_or(rest.len());
        let words: Vec<&str> = rest[..end].split_whitespace().collect();
        if !words.iter().all(|w| plain(w)) {
            return None;
        }
        Some(format!("{previous} {}", words.join(" ")))
    }

    /// The token before the error position on the same line, if any.
    fn previous_token(&self) -> Option<&str> {
        let before = &self.text()[..self.pos];
        let trimmed = before.trim_end_matches([' ', '\t']);
        if trimmed.ends_with(['\n', '\r']) || trimmed.is_empty() {
            return None;
        }
        let bytes = trimmed.as_bytes();
        let start = bytes
            .iter()
            .rposition(|&b| !is_name_byte(b))
            .map_or(0, |p| p + 1);
        if start == bytes.len() {
            // A quoted token or punctuation: take the last character.
            return trimmed.char_indices().last().map(|(i, _)| &trimmed[i..]);
        }
        Some(&trimmed[start..])
    }

    /// The keyword of the statement the error is in, for wording.
    fn statement_keyword(&self) -> Option<Key> {
        let line = self.src.line_text(self.pos);
        let line_start = self.pos - (self.src.line_col(self.pos).column - 1).min(self.pos);
        let upto = &line[..(self.pos - line_start).min(line.len())];
        let stmt = upto.rsplit([';', '{']).next().unwrap_or(upto).trim_start();
        let word: String = stmt
            .bytes()
            .take_while(|&b| is_name_byte(b))
            .map(char::from)
            .collect();
        Key::from_text(&word)
    }

    fn keywords_expected(&self) -> Vec<&str> {
        let mut kws: Vec<&str> = self
            .expected
            .iter()
            .map(String::as_str)
            .filter(|t| {
                t.len() > 1 && t.as_bytes()[0].is_ascii_lowercase() && Key::from_text(t).is_some()
            })
            .collect();
        kws.sort_unstable();
        kws.dedup();
        kws
    }

    fn expects(&self, token: &str) -> bool {
        self.expected.iter().any(|t| t == token)
    }

    fn diagnose(&self) -> Diagnostic {
        let found = self.found();
        let keywords = self.keywords_expected();
        // Only statement ends expect `;` (inside a list a newline is expected too).
        let separator = self.expects(";") || self.rules.contains(&Rule::EOI);

        if let Found::Token(word) = found
            && !keywords.is_empty()
            && word.as_bytes()[0].is_ascii_alphanumeric()
        {
            return self.unknown_keyword(word, &keywords);
        }
        if separator && let Found::Token(t) = found {
            let help = match self.spaced_name(t) {
                Some(name) => format!(
                    "a name with spaces goes in double quotes: `\"{}\"`",
                    shown(&name)
                ),
                None => "put each statement on its own line, or separate them with `;`".into(),
            };
            return Diagnostic::new(
                Code::MissingSeparator,
                format!("expected the end of the statement, found `{}`", shown(t)),
                self.found_span(&found),
                "a new statement cannot start here",
            )
            .with_help(help);
        }
        if (self.expects(",") || self.expects("]")) && !matches!(found, Found::EndOfFile) {
            if let Found::Token(",") = found {
                return Diagnostic::new(
                    Code::UnexpectedToken,
                    "expected a list item or `]`, found a second `,`",
                    self.found_span(&found),
                    "an item is missing before this comma",
                )
                .with_help("remove the extra comma");
            }
            return Diagnostic::new(
                Code::UnexpectedToken,
                format!("expected `,` or `]` in a list, found {}", found.describe()),
                self.found_span(&found),
                "a `,` is missing before this, or the list is not closed",
            )
            .with_help(
                "separate list items with commas: `[a, b]`; names with spaces go in double quotes",
            );
        }
        if self.expects("{") && matches!(found, Found::EndOfLine | Found::EndOfFile) {
            return self.missing_block(&found);
        }
        if let Some(d) = self.missing_value(&found) {
            return d;
        }
        let mut what: Vec<String> = self
            .expected
            .iter()
            .filter(|t| !matches!(t.as_str(), " " | "\t" | "\r" | "\r\n" | "#"))
            .map(|t| match t.as_str() {
                "\n" => "the end of the line".to_string(),
                t => format!("`{t}`"),
            })
            .collect();
        what.sort();
        what.dedup();
        let expected = match what.len() {
            0 => "something else".to_string(),
            1 => what[0].clone(),
            n => format!("{} or {}", what[..n - 1].join(", "), what[n - 1]),
        };
        let unexpected = Diagnostic::new(
            Code::UnexpectedToken,
            format!("expected {expected}, found {}", found.describe()),
            self.found_span(&found),
            "unexpected here",
        );
        let Found::Token(t) = found else {
            return unexpected;
        };
        if t == "from" && self.line_before().split_whitespace().next() == Some("dial-plan") {
            return Diagnostic::new(
                Code::UnexpectedToken,
                "a dial plan cannot copy another: `from` is for trunk configurations",
                self.found_span(&found),
                "dial plans have no `from`",
            )
            .with_help(
                "write this dial plan's rules in its own block (Lync keeps each dial plan's rules apart too)",
            );
        }
        match self.spaced_name(t) {
            Some(name) => unexpected.with_help(format!(
                "a name with spaces goes in double quotes: `\"{}\"`",
                shown(&name)
            )),
            None => unexpected,
        }
    }

    /// The text of the current line before the error position.
    fn line_before(&self) -> &str {
        let before = &self.text()[..self.pos];
        before
            .rfind(['\n', '\r'])
            .map_or(before, |i| &before[i + 1..])
    }

    fn unknown_keyword(&self, word: &str, keywords: &[&str]) -> Diagnostic {
        let (what, place) = match enclosing_block(self.text(), self.pos) {
            Some(block) => (
                "statement",
                format!("in {} `{block}` block", article(&block)),
            ),
            None => ("declaration", "at the top level".to_string()),
        };
        let span = self.span(self.pos, self.pos + word.len());
        let message = if Key::from_text(word).is_some() {
            format!("`{word}` does not belong {place}")
        } else {
            format!("unknown {what} `{}` {place}", shown(word))
        };
        let help = match suggest(word, keywords.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "{} accepts {}",
                if what == "declaration" {
                    "the top level"
                } else {
                    "this block"
                },
                keywords
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Diagnostic::new(
            Code::UnknownKeyword,
            message,
            span,
            format!("not a {what} here"),
        )
        .with_help(help)
    }

    fn missing_block(&self, found: &Found<'_>) -> Diagnostic {
        // Is the brace on a following line?
        let rest = &self.text()[self.pos..];
        let mut line_start = self.pos;
        let mut brace = None;
        for (i, line) in rest.split_inclusive('\n').enumerate() {
            let trimmed = line.trim_start();
            if i > 0 && !(trimmed.trim_end().is_empty() || trimmed.starts_with('#')) {
                if trimmed.starts_with('{') {
                    brace = Some(line_start + line.len() - trimmed.len());
                }
                break;
            }
            line_start += line.len();
        }
        let keyword = self
            .statement_keyword()
            .map_or("the declaration", Key::text);
        if let Some(brace) = brace {
            return Diagnostic::new(
                Code::BraceOnNextLine,
                format!("the block of `{keyword}` must start on the same line"),
                self.span(brace, brace + 1),
                "this `{` is on a new line",
            )
            .with_secondary(self.span(self.pos, self.pos), "the statement ends here")
            .with_help("move the `{` to the end of the previous line");
        }
        Diagnostic::new(
            Code::MissingValue,
            format!(
                "expected `{{` to open the block of `{keyword}`, found {}",
                found.describe()
            ),
            self.found_span(found),
            "a block is needed here",
        )
        .with_help(format!(
            "write `{keyword} ... {{` and close the block with `}}`"
        ))
    }

    fn missing_value(&self, found: &Found<'_>) -> Option<Diagnostic> {
        let value = *self.rules.iter().find(|r| value_rule(**r))?;
        let prev = self.previous_token().unwrap_or("");
        let key = Key::from_text(prev).or_else(|| self.statement_keyword());
        let noun = value_noun(value, prev, key);
        let after = match prev {
            "" => String::new(),
            "'" if noun.contains("the pattern") => String::new(),
            "'" => " after the pattern".into(),
            "\"" => " after the string".into(),
            _ => format!(" after `{}`", shown(prev)),
        };
        let mut d = Diagnostic::new(
            Code::MissingValue,
            format!("expected {noun}{after}, found {}", found.describe()),
            self.found_span(found),
            format!("{noun} belongs here"),
        );
        d = match (value, found) {
            (Rule::pattern, Found::Token(t)) if t.starts_with('"') => d.with_help(format!(
                "patterns and dial strings go in single quotes: '{}'",
                shown(t.trim_matches('"'))
            )),
            (Rule::pattern, Found::Token(t)) => d.with_help(format!(
                "patterns and dial strings go in single quotes: '{}'",
                shown(t)
            )),
            (Rule::bare_name | Rule::string, Found::Token(t))
                if t.bytes().all(|b| b.is_ascii_digit()) =>
            {
                d.with_help(format!(
                    "a name that is a plain number must be quoted: \"{}\"",
                    shown(t)
                ))
            }
            (Rule::word, _) if key.is_some_and(|k| !k.vocabulary().is_empty()) => {
                let words = key.map(Key::vocabulary).unwrap_or_default();
                d.with_help(format!(
                    "`{}` takes {}",
                    prev,
                    words
                        .iter()
                        .map(|w| format!("`{w}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ))
            }
            _ => d,
        };
        Some(d)
    }
}

/// Rules whose failure means "a value of this kind was expected".
fn value_rule(r: Rule) -> bool {
    matches!(
        r,
        Rule::int
            | Rule::port_range
            | Rule::pattern
            | Rule::bare_name
            | Rule::string
            | Rule::word
            | Rule::scope
            | Rule::scope_kind
            | Rule::global_scope
            | Rule::address
            | Rule::subnet
            | Rule::name_list
            | Rule::subnet_list
            | Rule::arrow
    )
}

fn value_noun(value: Rule, prev: &str, key: Option<Key>) -> String {
    match value {
        Rule::int if prev == "port" => "a port number".into(),
        Rule::int
            if matches!(
                key,
                Some(Key::Audio | Key::AudioSession | Key::Video | Key::VideoSession)
            ) =>
        {
            "a bandwidth in kbps".into()
        }
        Rule::int => "a number".into(),
        Rule::port_range => "a port or port range such as `5067` or `5068..5069`".into(),
        Rule::pattern => match key {
            Some(Key::Dial) => "a dial string in single quotes".into(),
            Some(Key::ExternalAccessPrefix) => "a prefix in single quotes such as '9'".into(),
            Some(Key::Normalized | Key::Sent | Key::Calling) => "a number in single quotes".into(),
            Some(Key::CallerId) => "a caller ID in single quotes".into(),
            _ if prev == "->" => "a translation in single quotes".into(),
            _ => "a pattern in single quotes".into(),
        },
        Rule::bare_name | Rule::string => match key {
            Some(Key::Site | Key::BranchSite | Key::CentralSite) => "a site name".into(),
            Some(Key::FrontendPool | Key::MediationPool | Key::NextHop | Key::HomePool) => {
                "a pool FQDN".into()
            }
            Some(Key::Mediation) => "a Mediation pool FQDN".into(),
            Some(Key::Gateway) => "a gateway FQDN or IP address".into(),
            Some(Key::Test) => "a test title in double quotes".into(),
            _ => "a name".into(),
        },
        Rule::word => match key {
            Some(k) if !k.vocabulary().is_empty() => k
                .vocabulary()
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(" or "),
            Some(Key::Allow) => "a warning name".into(),
            _ => "a value".into(),
        },
        Rule::scope | Rule::scope_kind | Rule::global_scope => {
            "a scope such as `global`, `site:NAME` or `trunk:NAME`".into()
        }
        Rule::address => "an IP address".into(),
        Rule::subnet => "a subnet such as `10.1.0.0/16`".into(),
        Rule::name_list | Rule::subnet_list => "a list in brackets such as `[a, b]`".into(),
        Rule::arrow => "`->` between the pattern and its translation".into(),
        _ => "a value".into(),
    }
}

/// The keyword (two words for `from user` and `mediation collocated`) of
/// the statement whose block holds `pos`, or `None` at the top level.
/// Scans forward with the same lexical rules as `scan`, which has already
/// checked that quotes close and braces pair up before `pos`.
fn enclosing_block(text: &str, pos: usize) -> Option<String> {
    let bytes = &text.as_bytes()[..pos];
    let mut stack: Vec<String> = Vec::new();
    let mut stmt_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q && bytes[i] != b'\n' {
                    if q == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'{' => {
                let words: Vec<&str> = text[stmt_start..i].split_whitespace().take(2).collect();
                let name = match words.as_slice() {
                    ["from" | "mediation", second, ..] => format!("{} {second}", words[0]),
                    [first, ..] => (*first).to_string(),
                    [] => String::new(),
                };
                stack.push(name);
                stmt_start = i + 1;
            }
            b'}' => {
                stack.pop();
                stmt_start = i + 1;
            }
            b';' | b'\n' | b'\r' => stmt_start = i + 1,
            _ => {}
        }
        i += 1;
    }
    stack.pop()
}

/// `a` or `an` before a keyword, as it is read aloud (`an expect`, `an
/// unassigned-numbers`, `a usages`).
fn article(word: &str) -> &'static str {
    let vowel = word.starts_with(['a', 'e', 'i', 'o']) || word.starts_with("un");
    if vowel { "an" } else { "a" }
}

#[cfg(test)]
mod tests {
    use super::article;

    #[test]
    fn keywords_read_with_their_article() {
        for (word, a) in [
            ("expect", "an"),
            ("edge-pool", "an"),
            ("unassigned-numbers", "an"),
            ("usages", "a"),
            ("site", "a"),
            ("from", "a"),
        ] {
            assert_eq!(article(word), a, "{word}");
        }
    }
}
