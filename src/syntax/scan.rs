//! A single pass over the bytes of a file before pest sees it.
//!
//! It finds what pest reports poorly or not at all: quotes left open, braces
//! and brackets that do not pair up (with the opener, not the end of the
//! file, as the locus), nesting deeper than [`MAX_NESTING`], and characters
//! no `.topo` file may hold anywhere, inside strings, patterns and comments
//! included ([`crate::lexical::is_unsafe_char`]). On the way it records every comment,
//! which the grammar skips and the formatter puts back.
//!
//! The pass understands exactly as much lexical structure as the grammar:
//! `#` starts a comment outside quotes; `"` strings take backslash escapes;
//! `'` patterns take `''` for a quote; neither spans lines. It runs in time
//! linear in the file (every byte is looked at a bounded number of times),
//! whatever the file holds.

use crate::diagnostics::{Code, Diagnostic};
use crate::lexical::is_unsafe_char;
use crate::source::{SourceFile, Span};

/// At most this many problems are reported from one file's scan: a binary
/// file renamed to `.topo` should give a few lines, not thousands.
const MAX_SCAN_ERRORS: usize = 20;

/// The deepest nesting of blocks and lists a file may have. The deepest
/// form of the language (a subnet list in a network site in a region in
/// the `network` block) nests four deep; the limit keeps every later stage,
/// some of which recurse, far from the stack's end.
pub const MAX_NESTING: usize = 32;

/// What the scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every comment, `#` to the end of its line.
    pub comments: Vec<Span>,
    /// Structural problems; when there are any, the file is not parsed.
    pub errors: Vec<Diagnostic>,
}

#[derive(Clone, Copy)]
struct Open {
    byte: u8,
    offset: usize,
    /// Indentation (in bytes) of the line the opener is on.
    indent: usize,
    /// Indentation of the first line inside the block.
    inner: Option<usize>,
    /// The first later line, inside this block, indented no deeper than the
    /// opener's line although the block's first line was indented deeper:
    /// a hint that a `}` is missing before it.
    dedent: Option<usize>,
}

/// Scans one file.
pub fn scan(src: &SourceFile) -> Scan {
    let file = src.id();
    let text = src.text();
    let bytes = text.as_bytes();
    let mut out = Scan::default();
    let mut stack: Vec<Open> = Vec::new();
    // How many `[` are open (the stack holds at most MAX_NESTING entries,
    // but a count keeps the question O(1)).
    let mut lists_open = 0usize;
    let mut line_start = true;
    // Indentation (in bytes) of the current line.
    let mut indent = 0;
    // The first block whose indentation suggests a missing `}`.
    let mut first_hint: Option<Open> = None;
    let mut i = 0;
    let push_err = |out: &mut Scan, d: Diagnostic| {
        if out.errors.len() < MAX_SCAN_ERRORS {
            out.errors.push(d);
        }
    };
    // A UTF-8 byte-order mark is allowed at the very start.
    if bytes.starts_with("\u{feff}".as_bytes()) {
        i = 3;
    }
    while i < bytes.len() {
        let b = bytes[i];
        if line_start {
            line_start = false;
            indent = bytes[i..]
                .iter()
                .take_while(|&&c| c == b' ' || c == b'\t')
                .count();
            let first = bytes.get(i + indent).copied();
            if lists_open == 0
                && !matches!(first, None | Some(b'\n' | b'\r' | b'#' | b'}' | b']'))
                && let Some(top) = stack.last_mut()
                && top.byte == b'{'
            {
                match top.inner {
                    None => top.inner = Some(indent),
                    Some(inner) if inner > top.indent && indent <= top.indent => {
                        if top.dedent.is_none() {
                            top.dedent = Some(i + indent);
                        }
                        if first_hint.is_none() {
                            first_hint = Some(*top);
                        }
                    }
                    Some(_) => {}
                }
            }
        }
        match b {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b'\r' => {
                line_start = bytes.get(i + 1) != Some(&b'\n');
                i += 1;
            }
            b'\t' | b' ' => i += 1,
            b'#' => {
                let end = line_end(bytes, i);
                out.comments.push(Span::new(file, i, end));
                unsafe_chars(src, i..end, true, &mut out);
                i = end;
            }
            b'"' | b'\'' => match quoted_end(bytes, i) {
                Ok(end) => {
                    unsafe_chars(src, i + 1..end - 1, false, &mut out);
                    i = end;
                }
                Err(end) => {
                    unsafe_chars(src, i + 1..end, false, &mut out);
                    let d = if b == b'"' {
                        Diagnostic::new(
                            Code::UnterminatedString,
                            "string is not closed on this line",
                            Span::new(file, i, end),
                            "this string has no closing `\"`",
                        )
                        .with_help("close it with `\"` before the end of the line; strings do not span lines (write `\\n` for a line break)")
                    } else {
                        Diagnostic::new(
                            Code::UnterminatedPattern,
                            "pattern is not closed on this line",
                            Span::new(file, i, end),
                            "this pattern has no closing `'`",
                        )
                        .with_help("close it with `'` before the end of the line; write a `'` inside a pattern as `''`")
                    };
                    push_err(&mut out, d);
                    i = end;
                }
            },
            b'{' | b'[' => {
                if stack.len() == MAX_NESTING {
                    // Everything after this point would only add noise.
                    push_err(&mut out, too_deep(src, &stack, i));
                    out.errors.sort_by_key(|d| d.primary.span.start);
                    return out;
                }
                if b == b'[' {
                    lists_open += 1;
                }
                stack.push(Open {
                    byte: b,
                    offset: i,
                    indent,
                    inner: None,
                    dedent: None,
                });
                i += 1;
            }
            b'}' | b']' => {
                let want = if b == b'}' { b'{' } else { b'[' };
                // A `]` forgotten before a `}` is the common case: report the
                // list and let the brace close its block.
                while let Some(top) = stack.last().copied()
                    && top.byte != want
                    && top.byte == b'['
                {
                    stack.pop();
                    lists_open -= 1;
                    push_err(&mut out, unclosed(src, top, Some(i)));
                }
                match stack.last() {
                    Some(top) if top.byte == want => {
                        if top.byte == b'[' {
                            lists_open -= 1;
                        }
                        stack.pop();
                    }
                    _ => push_err(
                        &mut out,
                        Diagnostic::new(
                            Code::UnmatchedClose,
                            format!("`{}` closes nothing", b as char),
                            Span::new(file, i, i + 1),
                            if b == b'}' {
                                "no block is open here"
                            } else {
                                "no list is open here"
                            },
                        )
                        .with_help("remove it, or look for an earlier block closed too soon"),
                    ),
                }
                i += 1;
            }
            0x00..=0x1f | 0x7f..=0xff => {
                let c = text[i..].chars().next().unwrap_or('\u{fffd}');
                if is_unsafe_char(c) {
                    push_err(&mut out, unsafe_char(src, i, c, false));
                }
                i += c.len_utf8();
            }
            _ => i += 1,
        }
    }
    // An unclosed block is reported once, at the block the indentation
    // points to when it points anywhere (the brace that remains open at the
    // end is usually an outer one whose `}` closed the inner block instead).
    // Likewise one unclosed list (the innermost) is enough.
    let (mut block_reported, mut list_reported) = (false, false);
    while let Some(top) = stack.pop() {
        if top.byte == b'{' && !block_reported {
            block_reported = true;
            push_err(&mut out, unclosed(src, first_hint.unwrap_or(top), None));
        } else if top.byte == b'[' && !list_reported {
            list_reported = true;
            push_err(&mut out, unclosed(src, top, None));
        }
    }
    out.errors.sort_by_key(|d| d.primary.span.start);
    out
}

/// Reports every unsafe character in `range` (a string's or pattern's
/// contents, or a comment). A tab is text in a comment, but inside quotes
/// it is invisible and never meant: `\t` says it.
fn unsafe_chars(src: &SourceFile, range: std::ops::Range<usize>, tab_ok: bool, out: &mut Scan) {
    let text = &src.text()[range.clone()];
    // Fast path: plain ASCII text without controls.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return;
    }
    for (at, c) in text.char_indices() {
        if is_unsafe_char(c) || (c == '\t' && !tab_ok) {
            if out.errors.len() >= MAX_SCAN_ERRORS {
                return;
            }
            out.errors.push(unsafe_char(src, range.start + at, c, true));
        }
    }
}

/// The error for an unsafe character (or a tab inside quotes) at `offset`.
fn unsafe_char(src: &SourceFile, offset: usize, c: char, quoted: bool) -> Diagnostic {
    let what = match c {
        '\0' => "NUL byte".to_string(),
        '\t' => "tab".to_string(),
        '\u{2028}' | '\u{2029}' => format!("line separator U+{:04X}", c as u32),
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            format!("bidirectional formatting character U+{:04X}", c as u32)
        }
        '\u{feff}' => "byte-order mark U+FEFF".to_string(),
        '\u{fffe}' | '\u{ffff}' => format!("noncharacter U+{:04X}", c as u32),
        _ => format!("control character U+{:04X}", c as u32),
    };
    let help = if c == '\t' {
        "write `\\t` in a string (a pattern or dial string holds no tabs)"
    } else if quoted {
        "delete it: `.topo` files are plain text, and this character could change what PowerShell, XML or a terminal makes of the text"
    } else {
        "delete it; `.topo` files are plain text"
    };
    Diagnostic::new(
        Code::InvalidCharacter,
        format!("{what} at byte offset {offset}"),
        Span::new(src.id(), offset, offset + c.len_utf8()),
        "invisible character here",
    )
    .with_help(help)
}

/// The error for an opener at `offset` beyond [`MAX_NESTING`].
fn too_deep(src: &SourceFile, stack: &[Open], offset: usize) -> Diagnostic {
    let file = src.id();
    Diagnostic::new(
        Code::NestingTooDeep,
        format!("blocks and lists nest more than {MAX_NESTING} deep"),
        Span::new(file, offset, offset + 1),
        format!("level {} opens here", MAX_NESTING + 1),
    )
    .with_secondary(
        Span::new(file, stack[0].offset, stack[0].offset + 1),
        "the outermost open block or list",
    )
    .with_help(
        "the language nests at most a few levels deep: look for a `}` or `]` missing much earlier",
    )
}

fn unclosed(src: &SourceFile, open: Open, closed_by: Option<usize>) -> Diagnostic {
    let file = src.id();
    let end = src.text().len();
    let (code, what) = if open.byte == b'{' {
        (Code::UnclosedBlock, "block")
    } else {
        (Code::UnclosedList, "list")
    };
    let d = Diagnostic::new(
        code,
        format!("unclosed `{}`", open.byte as char),
        Span::new(file, open.offset, open.offset + 1),
        format!("this {what} is never closed"),
    );
    let end_label = |d: Diagnostic| match closed_by {
        Some(at) => d.with_secondary(
            Span::new(file, at, at + 1),
            "a `}` closes the enclosing block here",
        ),
        None => d.with_secondary(Span::point(file, end), "the file ends inside the block"),
    };
    match open.dedent {
        Some(at) => {
            let line = src.line_col(at).line;
            end_label(d.with_secondary(
                Span::new(file, at, line_end(src.text().as_bytes(), at)),
                "indented like the block's first line, as if the block had ended",
            ))
            .with_help(format!(
                "add `{}` before line {line}",
                if open.byte == b'{' { '}' } else { ']' }
            ))
        }
        None => end_label(d).with_help(format!(
            "add the missing `{}`",
            if open.byte == b'{' { '}' } else { ']' }
        )),
    }
}

/// The end of the quoted token starting at `start` (a `"` string with
/// backslash escapes, or a `'` pattern with `''` for a quote): `Ok` past the
/// closing quote, or `Err` at the end of the line when it does not close.
fn quoted_end(bytes: &[u8], start: usize) -> Result<usize, usize> {
    let quote = bytes[start];
    let mut i = start + 1;
    loop {
        match bytes.get(i) {
            None | Some(b'\n' | b'\r') => return Err(i),
            Some(b'\\')
                if quote == b'"' && !matches!(bytes.get(i + 1), None | Some(b'\n' | b'\r')) =>
            {
                i += 2
            }
            Some(&c) if c == quote && quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            Some(&c) if c == quote => return Ok(i + 1),
            Some(_) => i += 1,
        }
    }
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map_or(bytes.len(), |p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;

    fn run(text: &str) -> (Vec<String>, Scan) {
        let mut s = Sources::new();
        let id = s.add("t.topo", text);
        let scan = scan(s.get(id));
        let codes = scan
            .errors
            .iter()
            .map(|d| format!("{}@{}", d.code.info().id, d.primary.span.start))
            .collect();
        (codes, scan)
    }

    #[test]
    fn comments_are_recorded_outside_quotes() {
        let (errs, scan) = run("a '#x' \"#y\" # c1\n# c2\r\nz");
        assert!(errs.is_empty());
        assert_eq!(scan.comments.len(), 2);
        assert_eq!(scan.comments[0].start, 12);
    }

    #[test]
    fn open_quotes_are_reported_at_the_quote() {
        let (errs, _) = run("x 'abc\ny \"d\\\"\n");
        assert_eq!(errs, ["T0005@2", "T0004@9"]);
    }

    #[test]
    fn doubled_quote_stays_inside_a_pattern() {
        let (errs, _) = run("p 'it''s' q");
        assert!(errs.is_empty());
    }

    #[test]
    fn unclosed_brace_points_at_the_opener_with_a_dedent_hint() {
        let text = "site A {\n  gateway g {\n    kind x\n  gateway h {\n  }\n}\n";
        let (errs, scan) = run(text);
        assert_eq!(errs, ["T0002@21"]); // the `{` of `gateway g`
        assert_eq!(
            scan.errors[0].help.as_deref(),
            Some("add `}` before line 4")
        );
    }

    #[test]
    fn stray_closer_and_forgotten_bracket() {
        let (errs, _) = run("a { }\n}\nb { x [1, 2 }\n");
        assert_eq!(errs, ["T0003@6", "T0011@14"]);
    }

    #[test]
    fn nesting_beyond_the_limit_is_one_error_at_the_opener() {
        let (errs, _) = run(&"{".repeat(10_000));
        assert_eq!(errs, [format!("T0015@{MAX_NESTING}")]);
        let (errs, _) = run(&"{\n".repeat(MAX_NESTING));
        assert_eq!(errs, [format!("T0002@{}", 2 * (MAX_NESTING - 1))]);
        let (errs, _) = run(&format!("{}{}", "[{".repeat(16), "}]".repeat(16)));
        assert!(errs.is_empty(), "{errs:?}");
    }

    #[test]
    fn control_characters() {
        let (errs, _) = run("a\0b\x07");
        assert_eq!(errs, ["T0007@1", "T0007@3"]);
    }

    #[test]
    fn unsafe_characters_inside_quotes_and_comments() {
        let (errs, _) = run("a \"x\u{1b}y\" 'p\u{9b}' # c\u{202e}d\n\"\tz\" # \t");
        assert_eq!(errs, ["T0007@4", "T0007@10", "T0007@17", "T0007@23"]);
        let (errs, _) = run("\u{feff}x \u{2028} \u{a0}\u{e9}");
        assert_eq!(errs, ["T0007@5"]);
    }
}
