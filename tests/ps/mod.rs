//! Reading an emitted `deploy.ps1` as Windows PowerShell 5.1 would: the
//! command list of its parse tree (tree-sitter-powershell), in the UTF-8
//! reading of its bytes and in the ANSI code page reading (cp1252) that
//! Windows PowerShell applies to a script without a byte-order mark, and
//! the values of the argument forms topoc writes.
//!
//! Shared by tests/build.rs, tests/security.rs and the fuzz targets
//! (fuzz/fuzz_targets/build_script.rs includes it by path).
#![allow(dead_code)] // each includer uses a different subset

/// One command as the parse tree shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// The command name.
    pub name: String,
    /// (parameter without `-`, value text or `None` for a bare switch;
    /// `:$value` for a switch given a value, `-Switch:$value`).
    pub params: Vec<(String, Option<String>)>,
    /// 1-based line.
    pub line: usize,
}

/// The characters PowerShell's tokenizer reads as a single quote, a double
/// quote and a dash, besides the ASCII ones.
const SINGLE_QUOTES: [char; 4] = ['\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];
const DOUBLE_QUOTES: [char; 3] = ['\u{201C}', '\u{201D}', '\u{201E}'];
const DASHES: [char; 3] = ['\u{2013}', '\u{2014}', '\u{2015}'];

/// Text with PowerShell's quote and dash characters replaced by the ASCII
/// ones its tokenizer takes them for, so that a parser that knows only
/// ASCII punctuation sees what PowerShell sees.
pub fn as_tokenizer_sees(text: &str) -> String {
    text.chars()
        .map(|c| {
            if SINGLE_QUOTES.contains(&c) {
                '\''
            } else if DOUBLE_QUOTES.contains(&c) {
                '"'
            } else if DASHES.contains(&c) {
                '-'
            } else {
                c
            }
        })
        .collect()
}

/// Windows-1252: the ANSI code page of Western Windows systems. Bytes
/// 0x80–0x9F have their own characters; the five the code page leaves
/// undefined map to the C1 control of the same value, as Windows does.
pub fn decode_cp1252(bytes: &[u8]) -> String {
    const HIGH: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => char::from_u32(HIGH[(b - 0x80) as usize]).unwrap(),
            _ => b as char,
        })
        .collect()
}

/// The script as Windows PowerShell 5.1 reads it: UTF-8 after a
/// byte-order mark, else the ANSI code page.
pub fn as_windows_powershell_reads(bytes: &[u8]) -> String {
    match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => String::from_utf8_lossy(rest).into_owned(),
        None => decode_cp1252(bytes),
    }
}

/// The two readings a script must agree in: UTF-8 (the BOM removed) and
/// cp1252 (of the whole byte string, BOM included, as an editor or a
/// PowerShell that ignored the mark would read it; a leading "ï»¿" is
/// dropped), both as the tokenizer sees them.
pub fn readings(bytes: &[u8]) -> [String; 2] {
    let utf8 =
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).into_owned();
    let cp = decode_cp1252(bytes);
    let cp = cp
        .strip_prefix("\u{EF}\u{BB}\u{BF}")
        .unwrap_or(&cp)
        .to_string();
    [as_tokenizer_sees(&utf8), as_tokenizer_sees(&cp)]
}

/// The parse tree of a script.
pub fn parse(script: &str) -> tree_sitter::Tree {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_powershell::LANGUAGE.into())
        .unwrap();
    parser.parse(script, None).unwrap()
}

/// Every command of a script, in order, or why the script does not parse.
pub fn commands(script: &str) -> Result<Vec<Call>, String> {
    let tree = parse(script);
    if tree.root_node().has_error() {
        let mut at = None;
        let mut stack = vec![tree.root_node()];
        while let Some(n) = stack.pop() {
            if n.is_error() || n.is_missing() {
                at = Some(n.start_position().row + 1);
                break;
            }
            let mut c = n.walk();
            stack.extend(n.children(&mut c).filter(|c| c.has_error()));
        }
        return Err(format!("syntax error near line {}", at.unwrap_or(0)));
    }
    let text = |n: tree_sitter::Node| n.utf8_text(script.as_bytes()).unwrap().to_string();
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.kind() == "command" {
            let mut cursor = node.walk();
            let children: Vec<_> = node.named_children(&mut cursor).collect();
            let name = children
                .iter()
                .find(|c| c.kind() == "command_name")
                .map(|c| text(*c))
                .unwrap_or_default();
            let mut params = Vec::new();
            if let Some(elements) = children.iter().find(|c| c.kind() == "command_elements") {
                let mut cursor = elements.walk();
                let items: Vec<_> = elements
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() != "command_argument_sep")
                    .collect();
                let mut i = 0;
                while i < items.len() {
                    if items[i].kind() != "command_parameter" {
                        params.push((String::new(), Some(text(items[i]))));
                        i += 1;
                        continue;
                    }
                    let raw = text(items[i]);
                    let p = raw
                        .trim_start_matches('-')
                        .trim_end_matches(':')
                        .to_string();
                    let value = items
                        .get(i + 1)
                        .filter(|n| n.kind() != "command_parameter")
                        .map(|n| {
                            // `-Switch:$value` keeps its colon on the value.
                            let between = &script[items[i].end_byte()..n.start_byte()];
                            if raw.ends_with(':') || between.starts_with(':') {
                                format!(":{}", text(*n))
                            } else {
                                text(*n)
                            }
                        });
                    i += if value.is_some() { 2 } else { 1 };
                    params.push((p, value));
                }
            }
            out.push(Call {
                name,
                params,
                line: node.start_position().row + 1,
            });
        }
        let mut cursor = node.walk();
        let mut children: Vec<_> = node.children(&mut cursor).collect();
        children.reverse();
        stack.extend(children);
    }
    Ok(out)
}

/// The names of the commands, in order.
pub fn names(calls: &[Call]) -> Vec<&str> {
    calls.iter().map(|c| c.name.as_str()).collect()
}

/// The value of an argument as topoc writes one: a single-quoted literal
/// (`'it''s'`), or a parenthesised concatenation of such literals and
/// `[char]0xHHHH` code units (`('Z' + [char]0x00FC + 'rich')`). `None`
/// for any other form.
pub fn value(text: &str) -> Option<String> {
    let inner = match text.strip_prefix('(') {
        Some(rest) => rest.strip_suffix(')')?,
        None => {
            return literal(text).and_then(|units| String::from_utf16(&units).ok());
        }
    };
    let mut units: Vec<u16> = Vec::new();
    let mut rest = inner;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("[char]0x") {
            let end = after
                .find(|c: char| !c.is_ascii_hexdigit())
                .unwrap_or(after.len());
            units.push(u16::from_str_radix(&after[..end], 16).ok()?);
            rest = &after[end..];
        } else if rest.starts_with('\'') {
            let end = literal_end(rest)?;
            units.extend(literal(&rest[..end])?);
            rest = &rest[end..];
        } else {
            return None;
        }
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        rest = rest.strip_prefix('+')?;
    }
    String::from_utf16(&units).ok()
}

/// The length of the single-quoted literal at the start of `text`.
fn literal_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// A single-quoted literal's value as UTF-16, every quote character
/// PowerShell honours undoubled.
fn literal(text: &str) -> Option<Vec<u16>> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if (c == '\'' || SINGLE_QUOTES.contains(&c)) && chars.next() != Some(c) {
            return None;
        }
        out.push(c);
    }
    Some(out.encode_utf16().collect())
}

/// The hash tables a script adds to `$var` (`$var += @{ Key = value; ... }`),
/// in order: each as its entries (key, value text), read from the parse
/// tree. `Err` when the script does not parse.
pub fn hash_additions(script: &str, var: &str) -> Result<Vec<Vec<(String, String)>>, String> {
    commands(script)?;
    let tree = parse(script);
    let text = |n: tree_sitter::Node| n.utf8_text(script.as_bytes()).unwrap().to_string();
    let target = format!("${var}");
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        let children: Vec<_> = node.children(&mut cursor).collect();
        if node.kind() == "assignment_expression" {
            let left = children
                .iter()
                .find(|c| c.kind() == "left_assignment_expression");
            let op = children.iter().find(|c| c.kind() == "assignement_operator");
            if left.is_some_and(|l| text(*l).trim() == target)
                && op.is_some_and(|o| text(*o).trim() == "+=")
            {
                let mut found = vec![node];
                let mut entries = Vec::new();
                while let Some(n) = found.pop() {
                    if n.kind() == "hash_entry" {
                        let mut c = n.walk();
                        let named: Vec<_> = n.named_children(&mut c).collect();
                        let key = named.iter().find(|k| k.kind() == "key_expression");
                        let value = named.iter().find(|k| k.kind() != "key_expression");
                        if let (Some(k), Some(v)) = (key, value) {
                            entries.push((text(*k), text(*v)));
                        }
                        continue;
                    }
                    let mut c = n.walk();
                    let mut kids: Vec<_> = n.children(&mut c).collect();
                    kids.reverse();
                    found.extend(kids);
                }
                out.push(entries);
                continue;
            }
        }
        let mut children = children;
        children.reverse();
        stack.extend(children);
    }
    Ok(out)
}

/// The byte ranges of a script's string literals and comments: text from
/// the sources may appear only inside them.
pub fn inert_ranges(script: &str) -> Vec<std::ops::Range<usize>> {
    let tree = parse(script);
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if matches!(node.kind(), "string_literal" | "comment") {
            out.push(node.start_byte()..node.end_byte());
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    out
}
