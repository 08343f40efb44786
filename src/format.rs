//! `topoc fmt`: the canonical layout of a `.topo` file.
//!
//! Printed from the syntax tree, so the result means exactly what the input
//! meant; every comment is put back where it was (before a statement, at the
//! end of its line, after a `{`, or before a `}`). The layout:
//!
//! - two spaces of indentation per block, no tabs, no trailing spaces;
//! - one statement per line; `;` only inside one-line blocks;
//! - a block or list written on one line stays on one line (`{ a; b }`,
//!   `[a, b]`) while it fits in 100 columns and holds no comment, and one
//!   written over several lines stays that way, one statement or item per
//!   line (lists with trailing commas);
//! - at most one blank line between statements, none at a block's edges;
//! - names unquoted when they can be (`"Local"` is `Local`), strings with
//!   canonical escapes, integers in plain decimal; patterns exactly as written.
//!
//! A file keeps its line endings: one whose first line ends in `\r\n` (as
//! Windows editors write) is printed with `\r\n` throughout, any other
//! with `\n`.
//!
//! Formatting is idempotent: the output of `format` formats to itself.

use crate::source::{SourceFile, Span};
use crate::syntax::ast::{self, Arg, Key, Stmt};

/// Width a one-line block or list must fit in.
const WIDTH: usize = 100;

/// The canonical text of a file that parsed without errors.
pub fn format(src: &SourceFile, file: &ast::File) -> String {
    let mut p = Printer {
        src,
        text: src.text(),
        comments: &file.comments,
        next: 0,
        out: String::with_capacity(src.text().len() + 64),
    };
    p.block_items(&file.decls, 0, 0, src.text().len());
    // Comments after the last declaration.
    p.dangling(src.text().len(), 0, !file.decls.is_empty());
    let trimmed = p.out.trim_end().len();
    p.out.truncate(trimmed);
    if !p.out.is_empty() {
        p.out.push('\n');
    }
    if uses_crlf(src.text()) {
        p.out = p.out.replace('\n', "\r\n");
    }
    p.out
}

/// Whether a file's first line ends in `\r\n`.
fn uses_crlf(text: &str) -> bool {
    text.find('\n').is_some_and(|i| text[..i].ends_with('\r'))
}

struct Printer<'a> {
    src: &'a SourceFile,
    text: &'a str,
    comments: &'a [Span],
    next: usize,
    out: String,
}

impl<'a> Printer<'a> {
    /// A printer for trial renderings: same source, no comments, empty output.
    fn scratch(&self) -> Printer<'a> {
        Printer {
            src: self.src,
            text: self.text,
            comments: &[],
            next: 0,
            out: String::new(),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.src.line_col(offset).line
    }

    /// Whether the source between two offsets holds an empty line.
    fn blank_between(&self, from: usize, to: usize) -> bool {
        if from >= to {
            return false;
        }
        let gap = &self.text[from..to];
        let mut lines = gap.split('\n');
        // The first piece is the rest of `from`'s line, the last is the start
        // of `to`'s line; an all-blank piece in between is an empty line.
        lines.next();
        let middle: Vec<&str> = lines.collect();
        middle.len() >= 2
            && middle[..middle.len() - 1]
                .iter()
                .any(|l| l.trim().is_empty())
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    fn comment_text(&self, c: Span) -> &'a str {
        self.text[c.range()].trim_end()
    }

    /// Prints the comments that start before `before` on lines of their own.
    /// `prev_end` is where the previous element ended (for blank lines);
    /// returns the end of the last one printed.
    fn leading(&mut self, before: usize, depth: usize, mut prev_end: usize, first: bool) -> usize {
        let mut first = first;
        while let Some(&c) = self.comments.get(self.next) {
            if c.start as usize >= before {
                break;
            }
            self.next += 1;
            if !first && self.blank_between(prev_end, c.start as usize) {
                self.out.push('\n');
            }
            self.indent(depth);
            self.out.push_str(self.comment_text(c));
            self.out.push('\n');
            prev_end = c.end as usize;
            first = false;
        }
        prev_end
    }

    /// The comment on the same line as `after`, if the next comment is
    /// there and starts before `limit` (the next sibling).
    fn take_trailing(&mut self, after: usize, limit: usize) -> Option<&'a str> {
        let &c = self.comments.get(self.next)?;
        if c.start as usize >= after
            && (c.start as usize) < limit
            && self.line_of(c.start as usize) == self.line_of(after.saturating_sub(1))
        {
            self.next += 1;
            return Some(self.comment_text(c));
        }
        None
    }

    /// Prints the comment on the same line as `after`, if any (see
    /// [`Printer::take_trailing`]).
    fn trailing(&mut self, after: usize, limit: usize) {
        if let Some(c) = self.take_trailing(after, limit) {
            self.out.push(' ');
            self.out.push_str(c);
        }
    }

    /// Comments left before a block's `}` (or the end of the file).
    fn dangling(&mut self, before: usize, depth: usize, had_items: bool) {
        let mut prev_end = None;
        while let Some(&c) = self.comments.get(self.next) {
            if c.start as usize >= before {
                break;
            }
            self.next += 1;
            if let Some(p) = prev_end
                && self.blank_between(p, c.start as usize)
            {
                self.out.push('\n');
            } else if prev_end.is_none() && had_items {
                let last_end = self.last_content_end(c.start as usize);
                if self.blank_between(last_end, c.start as usize) {
                    self.out.push('\n');
                }
            }
            self.indent(depth);
            self.out.push_str(self.comment_text(c));
            self.out.push('\n');
            prev_end = Some(c.end as usize);
        }
    }

    /// The end of the last non-space text before `offset`.
    fn last_content_end(&self, offset: usize) -> usize {
        self.text[..offset].trim_end().len()
    }

    /// Prints statements one per line at `depth`, with their comments.
    /// `open` is where the enclosing block's content starts, `close` where
    /// it ends.
    ///
    /// Statements are rendered first and laid out second, so that a run of
    /// consecutive one-line statements (no blank line or comment line
    /// between) can be aligned: trailing comments start in one column, and
    /// consecutive `rule`s put their patterns and `->` in columns, the way
    /// dial plans are tabulated in the Lync docs.
    fn block_items(&mut self, stmts: &[Stmt], depth: usize, open: usize, close: usize) {
        let mut items: Vec<Item<'a>> = Vec::with_capacity(stmts.len());
        let mut prev_end = open;
        for (i, stmt) in stmts.iter().enumerate() {
            let start = stmt.span.start as usize;
            let mark = self.out.len();
            let after_comments = self.leading(start, depth, prev_end, i == 0);
            let printed_comment = after_comments != prev_end;
            if (i != 0 || printed_comment) && self.blank_between(after_comments, start) {
                self.out.push('\n');
            }
            let pre = self.out[mark..].to_string();
            self.out.truncate(mark);
            // Render in place, so one-line blocks see the real line width.
            self.indent(depth);
            let code_start = self.out.len();
            let cuts = self.stmt(stmt, depth);
            let code = &self.out[code_start..];
            let cells = if cuts.is_empty() || code.contains('\n') {
                vec![code.to_string()]
            } else {
                let mut cells = Vec::with_capacity(cuts.len() + 1);
                let mut from = 0;
                for cut in cuts {
                    cells.push(code[from..cut - code_start].to_string());
                    from = cut - code_start + 1;
                }
                cells.push(code[from..].to_string());
                cells
            };
            self.out.truncate(mark);
            let limit = stmts.get(i + 1).map_or(close, |s| s.span.start as usize);
            let trailing = self.take_trailing(stmt.span.end as usize, limit);
            items.push(Item {
                pre,
                multiline: cells[0].contains('\n'),
                cells,
                trailing,
            });
            prev_end = stmt.span.end as usize;
        }
        let indent = "  ".repeat(depth);
        let mut run_start = 0;
        while run_start < items.len() {
            // A run: one-line statements with nothing printed between them.
            let mut run_end = run_start + 1;
            if !items[run_start].multiline {
                while run_end < items.len()
                    && items[run_end].pre.is_empty()
                    && !items[run_end].multiline
                {
                    run_end += 1;
                }
            }
            let lines = align_cells(&items[run_start..run_end]);
            let comment_col = items[run_start..run_end]
                .iter()
                .zip(&lines)
                .filter(|(item, _)| item.trailing.is_some())
                .map(|(_, line)| line.chars().count())
                .max()
                .unwrap_or(0);
            for (item, line) in items[run_start..run_end].iter().zip(lines) {
                self.out.push_str(&item.pre);
                self.out.push_str(&indent);
                let width = line.chars().count();
                self.out.push_str(&line);
                if let Some(c) = item.trailing {
                    let pad = if item.multiline {
                        1
                    } else {
                        comment_col - width + 1
                    };
                    self.out.push_str(&" ".repeat(pad));
                    self.out.push_str(c);
                }
                self.out.push('\n');
            }
            run_start = run_end;
        }
    }

    /// Prints a statement (without indentation or line end). For a `rule`,
    /// returns the offsets in `out` of the spaces before its pattern and
    /// before its `->`, where columns can be aligned.
    fn stmt(&mut self, stmt: &Stmt, depth: usize) -> Vec<usize> {
        self.out.push_str(stmt.key.text());
        let quote_names = stmt.key == Key::Test;
        let mut cuts = Vec::new();
        for (i, arg) in stmt.args.iter().enumerate() {
            if stmt.key == Key::Rule && (i == 1 || i == 2) {
                cuts.push(self.out.len());
            }
            self.out.push(' ');
            self.arg(arg, depth, quote_names);
        }
        if let Some(body) = &stmt.body {
            self.out.push_str(" {");
            let open = body.span.start as usize + 1;
            let close = body.span.end as usize - 1;
            if let Some(line) = self.one_line(body, depth) {
                if body.stmts.is_empty() {
                    self.out.push('}');
                } else {
                    self.out.push(' ');
                    self.out.push_str(&line);
                    self.out.push_str(" }");
                }
                return cuts;
            }
            // A comment right after `{`.
            let first_start = body.stmts.first().map_or(close, |s| s.span.start as usize);
            self.trailing(open, first_start);
            self.out.push('\n');
            self.block_items(&body.stmts, depth + 1, open, close);
            self.dangling(close, depth + 1, !body.stmts.is_empty());
            self.indent(depth);
            self.out.push('}');
        }
        cuts
    }

    /// The one-line rendering of a block, if it was written on one line,
    /// holds no comment or multi-line block, and fits.
    fn one_line(&self, body: &ast::Body, depth: usize) -> Option<String> {
        let (start, end) = (body.span.start as usize, body.span.end as usize);
        if self.line_of(start) != self.line_of(end.saturating_sub(1)) {
            return None;
        }
        if self
            .comments
            .get(self.next)
            .is_some_and(|c| (c.start as usize) < end)
        {
            return None;
        }
        let mut sub = self.scratch();
        for (i, stmt) in body.stmts.iter().enumerate() {
            if i > 0 {
                sub.out.push_str("; ");
            }
            sub.stmt(stmt, depth);
        }
        let line = sub.out;
        let current_line = self.out.rsplit('\n').next().unwrap_or("");
        let fits = current_line.chars().count() + line.chars().count() + 3 <= WIDTH;
        (fits && !line.contains('\n')).then_some(line)
    }

    fn arg(&mut self, arg: &Arg, depth: usize, quote_names: bool) {
        match arg {
            Arg::Name(n) => {
                let text = n.text(self.src);
                self.out.push_str(&name(&text, quote_names));
            }
            Arg::Scope(s) => {
                self.out.push_str(s.kind.text());
                if let Some(n) = s.name {
                    self.out.push(':');
                    self.out.push_str(&name(&n.text(self.src), false));
                }
            }
            Arg::Int(span) => {
                let raw = &self.text[span.range()];
                match raw.parse::<i64>() {
                    Ok(v) => self.out.push_str(&v.to_string()),
                    Err(_) => self.out.push_str(raw),
                }
            }
            Arg::Str(span) => {
                let text = crate::lexical::unquote_string(&self.text[span.range()]);
                self.out.push_str(&crate::lexical::quote_string(&text));
            }
            Arg::List(list) => self.list(list, depth),
            Arg::Word(s)
            | Arg::Ports(s)
            | Arg::Pattern(s)
            | Arg::Address(s)
            | Arg::Subnet(s)
            | Arg::Keyword(s) => {
                let raw = &self.text[s.range()];
                self.out.push_str(raw);
            }
        }
    }

    fn list(&mut self, list: &ast::List, depth: usize) {
        let (start, end) = (list.span.start as usize, list.span.end as usize);
        let has_comment = self
            .comments
            .get(self.next)
            .is_some_and(|c| (c.start as usize) < end);
        let one_line = self.line_of(start) == self.line_of(end.saturating_sub(1)) && !has_comment;
        if one_line || list.items.is_empty() && !has_comment {
            let mut sub = self.scratch();
            sub.out.push('[');
            for (i, item) in list.items.iter().enumerate() {
                if i > 0 {
                    sub.out.push_str(", ");
                }
                sub.arg(item, depth, false);
            }
            sub.out.push(']');
            let current = self.out.rsplit('\n').next().unwrap_or("");
            if list.items.is_empty() || current.chars().count() + sub.out.chars().count() <= WIDTH {
                self.out.push_str(&sub.out);
                return;
            }
        }
        self.out.push('[');
        let open = start + 1;
        let first_start = list
            .items
            .first()
            .map_or(end - 1, |a| a.span().start as usize);
        self.trailing(open, first_start);
        self.out.push('\n');
        let mut prev_end = open;
        for (i, item) in list.items.iter().enumerate() {
            let item_start = item.span().start as usize;
            let after = self.leading(item_start, depth + 1, prev_end, i == 0);
            if i > 0 && self.blank_between(after, item_start) {
                self.out.push('\n');
            }
            self.indent(depth + 1);
            self.arg(item, depth + 1, false);
            self.out.push(',');
            let limit = list
                .items
                .get(i + 1)
                .map_or(end - 1, |a| a.span().start as usize);
            // A trailing comma in the source sits between the item and its comment.
            self.trailing(item.span().end as usize, limit);
            self.out.push('\n');
            prev_end = item.span().end as usize;
        }
        self.dangling(end - 1, depth + 1, !list.items.is_empty());
        self.indent(depth);
        self.out.push(']');
    }
}

/// One rendered statement of a block, before layout.
struct Item<'a> {
    /// Blank line and comment lines before it, already rendered.
    pre: String,
    /// The statement's text; a `rule` on one line is split into its name,
    /// pattern and the rest, to be aligned in columns.
    cells: Vec<String>,
    /// Whether the statement spans lines.
    multiline: bool,
    /// Its trailing comment.
    trailing: Option<&'a str>,
}

/// The lines of a run of one-line statements, with the cells of
/// consecutive rules padded to common widths.
fn align_cells(items: &[Item<'_>]) -> Vec<String> {
    let mut lines = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        let n = items[i].cells.len();
        let mut j = i + 1;
        while j < items.len() && items[j].cells.len() == n {
            j += 1;
        }
        let mut widths = vec![0; n];
        for item in &items[i..j] {
            for (w, cell) in widths.iter_mut().zip(&item.cells) {
                *w = (*w).max(cell.chars().count());
            }
        }
        for item in &items[i..j] {
            let mut line = String::new();
            for (k, cell) in item.cells.iter().enumerate() {
                if k > 0 {
                    line.push(' ');
                }
                line.push_str(cell);
                if k + 1 < n {
                    line.push_str(&" ".repeat(widths[k] - cell.chars().count()));
                }
            }
            lines.push(line);
        }
        i = j;
    }
    lines
}

/// A name as canonically written: bare when it can be, else quoted.
fn name(text: &str, quoted: bool) -> String {
    if quoted {
        crate::lexical::quote_string(text)
    } else {
        crate::lexical::written_name(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;
    use crate::syntax::parse_file;

    fn fmt(text: &str) -> String {
        let mut s = Sources::new();
        let id = s.add("t.topo", text);
        let (file, diags) = parse_file(s.get(id));
        assert!(diags.is_empty(), "{diags:?}");
        format(s.get(id), &file)
    }

    #[track_caller]
    fn check(input: &str, expected: &str) {
        let once = fmt(input);
        assert_eq!(once, expected);
        assert_eq!(fmt(&once), once, "not idempotent");
    }

    #[test]
    fn a_file_keeps_its_line_endings() {
        check(
            "# head\r\npstn-usage   Local # c\r\nroute R {\r\n  usages [Local]\r\n}\r\n",
            "# head\r\npstn-usage Local # c\r\nroute R {\r\n  usages [Local]\r\n}\r\n",
        );
        check("pstn-usage Local\r\n# c\n", "pstn-usage Local\r\n# c\r\n");
        check("pstn-usage Local\n# c\r\n", "pstn-usage Local\n# c\n");
    }

    #[test]
    fn layout_and_comments() {
        check(
            "# head\n\n\npstn-usage   \"Local\"   # local calls\nroute R {   # the route\n\tpattern '^\\+1(\\d{10})$'\n\n\n  usages [Local,]\n  # before the end\n}\n\n\n",
            "# head\n\npstn-usage Local # local calls\nroute R { # the route\n  pattern '^\\+1(\\d{10})$'\n\n  usages [Local]\n  # before the end\n}\n",
        );
    }

    #[test]
    fn one_line_blocks_stay_one_line() {
        check(
            "site A {\n  gateway g.contoso.com {\n    root-trunk {port 5067 tls;mediation m.contoso.com port 5067}\n  }\n}\n",
            "site A {\n  gateway g.contoso.com {\n    root-trunk { port 5067 tls; mediation m.contoso.com port 5067 }\n  }\n}\n",
        );
    }

    #[test]
    fn multi_line_lists_keep_comments() {
        check(
            "route R {\n  pattern 'x'\n  trunks [a.contoso.com, # first\n    b.contoso.com\n  ]\n}\n",
            "route R {\n  pattern 'x'\n  trunks [\n    a.contoso.com, # first\n    b.contoso.com,\n  ]\n}\n",
        );
    }

    #[test]
    fn test_titles_stay_quoted() {
        check(
            "test \"t\" { dial '1'; expect { unroutable } }\n",
            "test \"t\" { dial '1'; expect { unroutable } }\n",
        );
    }

    #[test]
    fn statements_on_one_line_are_split_in_multi_line_blocks() {
        check(
            "deployment {\n  product lync-2013; media-encryption required # both\n}\n",
            "deployment {\n  product lync-2013\n  media-encryption required # both\n}\n",
        );
    }
}
