//! Source text: files, byte spans, and line/column lookup.
//!
//! Owns the one representation of "where" used by every later stage: a
//! [`Span`] is a byte range in one [`SourceFile`] of a [`Sources`] set. This
//! module never reads the file system; the CLI reads bytes and hands them in.

use std::fmt;

/// The largest source file topoc accepts, in bytes. Spans are `u32` offsets;
/// the limit keeps them exact with a wide margin and turns an accidental
/// multi-gigabyte input into a clear error rather than an allocation failure.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Index of a file in its [`Sources`] set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range `start..end` (end exclusive) in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file the range lies in.
    pub file: FileId,
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The empty span at `offset`.
    pub fn point(file: FileId, offset: usize) -> Span {
        Span::new(file, offset, offset)
    }

    /// The byte range as `usize` offsets, for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both (which must be in the same file).
    pub fn to(self, other: Span) -> Span {
        debug_assert_eq!(self.file, other.file);
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One source file: the name it is shown under and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    id: FileId,
    name: String,
    text: String,
    line_starts: Vec<u32>,
    decode_error: Option<DecodeError>,
}

impl SourceFile {
    /// The file's id within its set.
    pub fn id(&self) -> FileId {
        self.id
    }

    /// The name diagnostics show (a path as the user gave it).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Why the file's bytes could not be taken as source text, if they
    /// could not; its text is then only good for pointing at the problem.
    pub fn decode_error(&self) -> Option<&DecodeError> {
        self.decode_error.as_ref()
    }

    /// The text a span covers. Spans always come from this file's own
    /// parse, so they lie on character boundaries.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// Line and column of a byte offset (clamped to the end of the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let mut boundary = offset;
        while !self.text.is_char_boundary(boundary) {
            boundary -= 1;
        }
        LineCol {
            line: line + 1,
            column: self.text[start..boundary].chars().count() + 1,
        }
    }

    /// Byte offset where 1-based `line` starts, if the file has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts
            .get(line.checked_sub(1)?)
            .map(|&s| s as usize)
    }

    /// The text of the 1-based line holding `offset`, without its line end.
    pub fn line_text(&self, offset: usize) -> &str {
        let lc = self.line_col(offset);
        let start = self.line_starts[lc.line - 1] as usize;
        let end = self
            .line_starts
            .get(lc.line)
            .map_or(self.text.len(), |&e| e as usize);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn line_starts(text: &str) -> Vec<u32> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i as u32 + 1),
            // A lone CR ends a line too (pest's NEWLINE accepts it).
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i as u32 + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

/// Why a file could not be taken in as source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes are not UTF-8; `offset` is the first bad byte.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The file exceeds [`MAX_FILE_BYTES`].
    TooLarge {
        /// The file's size in bytes.
        len: usize,
    },
}

/// The files of one project, in the order they were added.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// An empty set.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a file from text.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.push(name.into(), text.into(), None)
    }

    fn push(&mut self, name: String, text: String, decode_error: Option<DecodeError>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            id,
            name,
            line_starts: line_starts(&text),
            text,
            decode_error,
        });
        id
    }

    /// Adds a file known to exceed [`MAX_FILE_BYTES`] without its contents.
    pub fn add_too_large(&mut self, name: impl Into<String>, len: usize) -> FileId {
        self.push(
            name.into(),
            String::new(),
            Some(DecodeError::TooLarge { len }),
        )
    }

    /// Adds a file from raw bytes. Bytes that are not UTF-8 or a file that is
    /// too large still get a file, so a diagnostic can point into it: its
    /// text is the lossy decoding (empty when too large) and
    /// [`SourceFile::decode_error`] says why it is not parsed.
    pub fn add_bytes(&mut self, name: impl Into<String>, bytes: Vec<u8>) -> FileId {
        let name = name.into();
        if bytes.len() > MAX_FILE_BYTES {
            return self.add_too_large(name, bytes.len());
        }
        match String::from_utf8(bytes) {
            Ok(text) => self.push(name, text, None),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                self.push(name, text, Some(DecodeError::NotUtf8 { offset }))
            }
        }
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// All files, in id order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &SourceFile> {
        self.files.iter()
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the set holds no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.get(span.file).slice(span)
    }

    /// Line and column of a span's start.
    pub fn line_col(&self, span: Span) -> LineCol {
        self.get(span.file).line_col(span.start as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let mut s = Sources::new();
        let id = s.add("a.topo", "ab\n\u{e9}x y\r\nz");
        let f = s.get(id);
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        // 'x' follows a two-byte character: byte 5, column 2.
        assert_eq!(f.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(f.line_col(10), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_text(6), "\u{e9}x y");
    }

    #[test]
    fn lone_carriage_return_ends_a_line() {
        let mut s = Sources::new();
        let id = s.add("a.topo", "a\rb");
        assert_eq!(s.get(id).line_col(2), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn invalid_utf8_reports_the_first_bad_byte() {
        let mut s = Sources::new();
        let id = s.add_bytes("bad.topo", b"site X\xff {}".to_vec());
        assert_eq!(
            s.get(id).decode_error(),
            Some(&DecodeError::NotUtf8 { offset: 6 })
        );
        assert!(s.get(id).text().starts_with("site X\u{fffd}"));
    }
}
