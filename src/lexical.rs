//! The language's lexical forms that every stage shares: double-quoted
//! strings and single-quoted patterns read and written, bare names, and
//! the characters that may never reach a file, a script or a report. A
//! leaf module, so the parser, lowering, checks, emitters and the CLI use
//! one definition without depending on each other.

use std::borrow::Cow;

/// The text of a double-quoted string token, without quotes and unescaped.
/// Unknown escapes (already reported by the parser) keep the escaped character.
pub fn unquote_string(raw: &str) -> Cow<'_, str> {
    let inner = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    Cow::Owned(out)
}

/// The text of a single-quoted pattern token, without quotes, `''` read as `'`.
pub fn unquote_pattern(raw: &str) -> Cow<'_, str> {
    let inner = raw
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(raw);
    if inner.contains("''") {
        Cow::Owned(inner.replace("''", "'"))
    } else {
        Cow::Borrowed(inner)
    }
}

/// A double-quoted string token for `text`, escaping what must be escaped.
pub fn quote_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A single-quoted pattern token for `text`: copied exactly, `'` doubled
/// (the inverse of [`unquote_pattern`]). A pattern holds no line break:
/// callers refuse one first.
pub fn quote_pattern(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A name as `.topo` text: bare when it can be, else double-quoted.
pub fn written_name(text: &str) -> String {
    if is_bare_name(text) {
        text.to_string()
    } else {
        quote_string(text)
    }
}

/// Whether `text` can be written as a bare name: `[A-Za-z0-9_][A-Za-z0-9_.-]*`
/// and not a plain number.
pub fn is_bare_name(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphanumeric() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && !text.bytes().all(|b| b.is_ascii_digit())
}

/// Characters a `.topo` file may not hold anywhere: the C0 controls other
/// than tab, line feed and carriage return; DEL and the C1 controls
/// (U+0080–U+009F, among them CSI and NEL); the line and paragraph
/// separators U+2028 and U+2029; the bidirectional formatting characters
/// (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which make text
/// read differently from what it is; a byte-order mark after the start; and
/// U+FFFE and U+FFFF, which XML forbids. Any of them could change what a
/// terminal, PowerShell, an XML or YAML reader or a reviewer sees, so they
/// never reach the model, the generated files or a report.
pub fn is_unsafe_char(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{e}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fffe}'
            | '\u{ffff}'
    )
}

/// `text` with every unsafe character ([`is_unsafe_char`]), line break and
/// tab written as `\u{..}`: how a name from the file system or from a
/// string's escapes is shown, so it can neither drive a terminal nor fake
/// a line of a report.
pub fn escape_unsafe(text: &str) -> Cow<'_, str> {
    let unsafe_here = |c: char| is_unsafe_char(c) || matches!(c, '\n' | '\r' | '\t');
    if !text.chars().any(unsafe_here) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if unsafe_here(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_patterns_unquote() {
        assert_eq!(unquote_string(r#""a \"b\" \\ c\n""#), "a \"b\" \\ c\n");
        assert_eq!(unquote_pattern("'it''s'"), "it's");
        assert_eq!(unquote_pattern(r"'^\+1(\d{10})$'"), r"^\+1(\d{10})$");
        assert_eq!(unquote_string(&quote_string("x \"y\"\t\\")), "x \"y\"\t\\");
        assert_eq!(unquote_pattern(&quote_pattern("it's")), "it's");
    }

    #[test]
    fn bare_names() {
        assert!(is_bare_name("gw1.redmond.contoso.com"));
        assert!(is_bare_name("1gw.contoso.com"));
        assert!(is_bare_name("10.1.30.10"));
        assert!(!is_bare_name("911"));
        assert!(!is_bare_name("Long Distance"));
        assert!(!is_bare_name("-x"));
        assert!(!is_bare_name(""));
    }

    #[test]
    fn unsafe_text_is_escaped_for_display() {
        assert_eq!(escape_unsafe("plain é"), "plain é");
        assert_eq!(
            escape_unsafe("a\nb\u{1b}[31m\u{202e}"),
            "a\\u{a}b\\u{1b}[31m\\u{202e}"
        );
    }
}
