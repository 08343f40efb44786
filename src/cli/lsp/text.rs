//! Places in a document as the editor counts them and as topoc does:
//! LSP positions are a line and a column in UTF-16 code units (or UTF-8
//! bytes, when both sides agree on it at `initialize`); spans are byte
//! offsets. Files, URIs and paths.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units: what every client understands.
    Utf16,
    /// Bytes of UTF-8, when the client offers it.
    Utf8,
}

/// The line starts of one text, for converting offsets and positions.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> Lines<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str, encoding: Encoding) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines {
            text,
            starts,
            encoding,
        }
    }

    /// The position of a byte offset (clamped to the text, and to the
    /// start of the character it falls in).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let before = &self.text[self.starts[line]..offset];
        let character = match self.encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(character).unwrap_or(u32::MAX),
        )
    }

    /// The range of two byte offsets.
    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The byte offset of a position; a column beyond the end of its line
    /// is the line's end, a line beyond the text is the text's end.
    pub fn offset(&self, p: Position) -> usize {
        let Some(&start) = self.starts.get(p.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(p.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let line = &self.text[start..end];
        let wanted = p.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= wanted {
                return start + i;
            }
            units += match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        end
    }
}

/// One buffer parsed on its own (syntax diagnostics, formatting, quick
/// fixes): its source, tree and syntax diagnostics.
pub struct Buffer {
    /// The buffer's text, as the one file of a source set.
    pub sources: crate::source::Sources,
    /// Its tree (empty when it has syntax errors).
    pub tree: crate::syntax::ast::File,
    /// Its syntax diagnostics.
    pub found: Vec<crate::diagnostics::Diagnostic>,
}

impl Buffer {
    /// Parses `text`.
    pub fn parse(text: &str) -> Buffer {
        let mut sources = crate::source::Sources::new();
        let id = sources.add("buffer", text.to_string());
        let (tree, found) = crate::syntax::parse_file(sources.get(id));
        Buffer {
            sources,
            tree,
            found,
        }
    }

    /// Its source file.
    pub fn src(&self) -> &crate::source::SourceFile {
        self.sources.get(self.tree.file)
    }
}

/// A declared name as the editor inserts it: [`crate::lexical::written_name`],
/// and quoted when it is also a keyword (a bare keyword is a name only
/// where the grammar expects no keyword).
pub fn inserted_name(name: &str) -> String {
    if crate::syntax::is_keyword(name) {
        crate::lexical::quote_string(name)
    } else {
        crate::lexical::written_name(name)
    }
}

/// The path of a `file:` URI, percent-decoded; `None` for other schemes.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    // Query and fragment are not part of a file's path.
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok().map(PathBuf::from)
}

/// The `file:` URI of an absolute path, every byte outside the unreserved
/// set and `/` percent-encoded.
pub fn uri_of(path: &Path) -> Uri {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&s)
        .unwrap_or_else(|_| Uri::from_str("file:///").expect("the root is a valid URI"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let text = "a\n é𝄞x\n";
        let l = Lines::new(text, Encoding::Utf16);
        let x = text.find('x').unwrap();
        assert_eq!(l.position(x), Position::new(1, 4));
        assert_eq!(l.offset(Position::new(1, 4)), x);
        assert_eq!(l.offset(Position::new(1, 99)), text.len() - 1);
        assert_eq!(l.offset(Position::new(9, 0)), text.len());
        let l8 = Lines::new(text, Encoding::Utf8);
        assert_eq!(l8.position(x), Position::new(1, 7));
        assert_eq!(l8.offset(Position::new(1, 7)), x);
        // Inside a character: its start.
        assert_eq!(l.position(x - 1), Position::new(1, 2));
    }

    #[test]
    fn file_uris_round_trip() {
        let p = Path::new("/tmp/a b/ü#1.topo");
        let u = uri_of(p);
        assert_eq!(u.as_str(), "file:///tmp/a%20b/%C3%BC%231.topo");
        assert_eq!(path_of(&u).as_deref(), Some(p));
        let other = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(path_of(&other), None);
    }
}
