//! The parser: accepts exactly the patterns .NET's `RegexParser` accepts
//! and builds the same tree.
//!
//! Like .NET it reads the pattern as UTF-16 code units and makes two
//! passes. The first only numbers the capturing groups, so a
//! back-reference may name a group that comes later; unnamed groups are
//! numbered first, left to right, then named groups take the next free
//! numbers in order of first appearance, and `(?<5>...)` takes 5. The
//! second pass builds the tree. Behaviour worth knowing, all checked
//! against .NET by the differential test (tests/dotnet.rs):
//!
//! - a quantifier may follow an anchor (`^+1` is `^` repeated, then `1`);
//!   a `{` that does not start `{n}`, `{n,}` or `{n,m}` is a literal;
//!   a quantifier after a quantifier (`a**`, `a{2}{3}`) is an error;
//! - `\1`..`\9` must name an existing group; `\10` and up fall back to an
//!   octal escape when there is no such group;
//! - an escaped word character that means nothing (`\q`, `\_`) is an
//!   error, any other escaped character is itself;
//! - in a class, `]` first is a literal, `[a-[b]]` subtracts,
//!   `[:name:]` is skipped, and `\d` may not end a range;
//! - `(?imnsx-imnsx)` options, `(?#...)` comments, `(?x)` white space and
//!   `#` comments, `(?<name>...)`, `(?'name'...)`, balancing groups
//!   `(?<a-b>...)` and conditionals `(?(1)...|...)` all parse.

use std::collections::{BTreeSet, HashMap};

use super::ast::{Anchor, Node};
use super::class::{self, Class};

/// A pattern .NET would reject, with where the parser stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// What is wrong, in words.
    pub message: String,
    /// Byte offset in the pattern where the problem was found.
    pub offset: usize,
    /// The pattern is beyond topoc's own limits (length, nesting), not
    /// one .NET rejects.
    pub limit: bool,
}

/// A parsed pattern.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The tree.
    pub root: Node,
    /// Group numbers in increasing order; the slot of a group is its index
    /// here, so group 0 has slot 0.
    pub numbers: Vec<u32>,
    /// Group names and their numbers, in number order.
    pub names: Vec<(String, u32)>,
}

const OPT_I: u8 = 1;
const OPT_M: u8 = 2;
const OPT_N: u8 = 4;
const OPT_S: u8 = 8;
const OPT_X: u8 = 16;

/// The largest number .NET reads in a pattern (`Int32.MaxValue`); as a
/// quantifier bound it means "no limit".
const MAX_NUMBER: u32 = i32::MAX as u32;

/// Parses a pattern as .NET would with `RegexOptions.None`.
pub fn parse(pattern: &str) -> Result<Parsed, Error> {
    let mut p = Parser::new(pattern);
    p.count_captures()?;
    p.reset();
    let alternatives = p.parse_body()?;
    if p.pos < p.text.len() {
        return Err(p.error_at(p.pos, "too many `)`: this one closes no group"));
    }
    let numbers: Vec<u32> = p.numbers.iter().copied().collect();
    let mut names: Vec<(String, u32)> = p.names.iter().map(|(n, &g)| (n.clone(), g)).collect();
    names.sort_by_key(|&(_, g)| g);
    Ok(Parsed {
        root: Node::alt(alternatives),
        numbers,
        names,
    })
}

/// A quantified unit, reduced as .NET's `RegexNode` reduces loops.
///
/// .NET drops non-capturing groups and merges a loop whose body is
/// another loop of the same greediness, multiplying the bounds, unless the
/// inner loop is "too lumpy" (`(?:a{2})*` keeps its shape). The merge is
/// visible: `(?:(x)+){2}` is `(x){2,}` to .NET, which changes which
/// iteration a group keeps, and `(?>(?:\d{3,8}){1,5})` becomes
/// `(?>\d{3,40})`, which changes what the atomic group takes.
fn quantify(unit: Node, min: u32, max: u32, lazy: bool, at: usize) -> Node {
    if min == 0 && max == 0 {
        return Node::Empty;
    }
    if min == 1 && max == 1 {
        return unit;
    }
    // Bounds as .NET's Int32 arithmetic sees them: MAX_NUMBER is "no limit".
    let (mut u_min, mut u_max) = (min as i32, max as i32);
    let (mut run_min, mut run_max) = (u_min, u_max);
    let mut body = strip_groups(unit);
    while let Node::Repeat {
        node,
        min: c_min,
        max: c_max,
        lazy: c_lazy,
        ..
    } = &body
    {
        if *c_lazy != lazy {
            break;
        }
        let c_min = *c_min as i32;
        let c_max = if *c_max == u32::MAX {
            i32::MAX
        } else {
            *c_max as i32
        };
        if (u_min == 0 && c_min > 1) || c_max < c_min.wrapping_mul(2) {
            break;
        }
        u_min = if c_min > 0 {
            run_min = times(c_min, run_min);
            run_min
        } else {
            0
        };
        u_max = if c_max > 0 {
            run_max = times(c_max, run_max);
            run_max
        } else {
            0
        };
        body = (**node).clone();
    }
    if run_min == i32::MAX {
        // The minimum overflowed: .NET makes the loop match nothing at all.
        return Node::Set {
            class: Box::new(Class::default()),
            ci: false,
        };
    }
    Node::Repeat {
        node: Box::new(body),
        min: u_min as u32,
        max: if u_max == i32::MAX {
            u32::MAX
        } else {
            u_max as u32
        },
        lazy,
        at,
    }
}

/// `c * run` for positive `c`, or `i32::MAX` ("no limit") when it would
/// reach it, as .NET's `RegexNode.MakeRep` multiplies merged loop bounds.
fn times(c: i32, run: i32) -> i32 {
    if (i32::MAX - 1) / c < run {
        i32::MAX
    } else {
        c * run
    }
}

/// A node without the non-capturing groups around it.
fn strip_groups(mut node: Node) -> Node {
    while let Node::Group(inner) = node {
        node = *inner;
    }
    node
}

/// Group kinds recognised at an opening parenthesis.
enum Open {
    Capture(Option<usize>, Option<usize>),
    Group,
    Atomic,
    Look { ahead: bool, negated: bool },
    IfGroup(usize),
    IfMatch,
}

struct Parser<'p> {
    pattern: &'p str,
    text: Vec<u16>,
    /// Byte offset in `pattern` of each code unit, and of the end; empty
    /// for an ASCII pattern, where the offset is the index.
    bytes: Vec<usize>,
    pos: usize,
    opts: u8,
    saved: Vec<u8>,
    numbers: BTreeSet<u32>,
    names: HashMap<String, u32>,
    name_order: Vec<String>,
    auto_cap: u32,
    ignore_next_paren: bool,
    /// The numbering pass: escapes are read only to skip them, so a
    /// back-reference is not looked up (its group may come later).
    scan_only: bool,
}

fn is_digit(c: u16) -> bool {
    (u16::from(b'0')..=u16::from(b'9')).contains(&c)
}

/// White space `(?x)` skips: tab, line feed, form feed, carriage return, space.
fn is_x_space(c: u16) -> bool {
    matches!(c, 0x09 | 0x0A | 0x0C | 0x0D | 0x20)
}

fn hex_digit(c: u16) -> Option<u16> {
    char::from_u32(u32::from(c))
        .and_then(|ch| ch.to_digit(16))
        .map(|d| d as u16)
}

const fn u(c: u8) -> u16 {
    c as u16
}

/// `text` as UTF-16 code units, with the byte offset in `text` of each
/// unit and of the end; the offsets are left empty for ASCII text, where
/// the offset is the index (see [`byte_offset`]).
pub(super) fn utf16(text: &str) -> (Vec<u16>, Vec<usize>) {
    let mut units = Vec::with_capacity(text.len());
    let mut bytes = Vec::new();
    if text.is_ascii() {
        units.extend(text.bytes().map(u16::from));
    } else {
        bytes.reserve(text.len() + 1);
        for (at, ch) in text.char_indices() {
            let mut buf = [0u16; 2];
            for &unit in ch.encode_utf16(&mut buf).iter() {
                units.push(unit);
                bytes.push(at);
            }
        }
        bytes.push(text.len());
    }
    (units, bytes)
}

/// The byte offset of code unit `pos` (at most the length), from the
/// offsets [`utf16`] made.
pub(super) fn byte_offset(bytes: &[usize], pos: usize) -> usize {
    if bytes.is_empty() { pos } else { bytes[pos] }
}

/// Reads decimal digits from `*pos` on, advancing `*pos` past them (none
/// gives 0); `None` for more than Int32.MaxValue, as .NET rejects it.
pub(super) fn read_decimal(text: &[u16], pos: &mut usize) -> Option<u32> {
    let mut value: u32 = 0;
    while let Some(&c) = text.get(*pos).filter(|&&c| is_digit(c)) {
        let d = u32::from(c - u(b'0'));
        if value > MAX_NUMBER / 10 || (value == MAX_NUMBER / 10 && d > MAX_NUMBER % 10) {
            return None;
        }
        value = value * 10 + d;
        *pos += 1;
    }
    Some(value)
}

/// Reads a group name (word characters) from `*pos` on, advancing `*pos`
/// past it.
pub(super) fn read_capname(text: &[u16], pos: &mut usize) -> String {
    let start = *pos;
    while text.get(*pos).is_some_and(|&c| class::is_word(c)) {
        *pos += 1;
    }
    String::from_utf16_lossy(&text[start..*pos])
}

impl<'p> Parser<'p> {
    fn new(pattern: &'p str) -> Parser<'p> {
        let (text, bytes) = utf16(pattern);
        Parser {
            pattern,
            text,
            bytes,
            pos: 0,
            opts: 0,
            saved: Vec::new(),
            numbers: BTreeSet::new(),
            names: HashMap::new(),
            name_order: Vec::new(),
            auto_cap: 1,
            ignore_next_paren: false,
            scan_only: false,
        }
    }

    fn reset(&mut self) {
        self.pos = 0;
        self.opts = 0;
        self.saved.clear();
        self.auto_cap = 1;
        self.ignore_next_paren = false;
    }

    // ------------------------------------------------------------ reading ---

    fn left(&self) -> usize {
        self.text.len() - self.pos
    }

    fn peek(&self) -> Option<u16> {
        self.text.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u16> {
        self.text.get(self.pos + ahead).copied()
    }

    fn peek_is(&self, c: u8) -> bool {
        self.peek() == Some(u(c))
    }

    fn next(&mut self) -> Option<u16> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn offset(&self, pos: usize) -> usize {
        byte_offset(&self.bytes, pos.min(self.text.len()))
    }

    fn error_at(&self, pos: usize, message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            offset: self.offset(pos),
            limit: false,
        }
    }

    fn error(&self, message: impl Into<String>) -> Error {
        self.error_at(self.pos, message)
    }

    /// The text of code units `from..to`, for messages.
    fn text_of(&self, from: usize, to: usize) -> &'p str {
        &self.pattern[self.offset(from)..self.offset(to)]
    }

    fn opt(&self, o: u8) -> bool {
        self.opts & o != 0
    }

    fn is_slot(&self, n: u32) -> bool {
        self.numbers.contains(&n)
    }

    fn slot(&self, n: u32) -> usize {
        self.numbers.range(..n).count()
    }

    fn name_slot(&self, name: &str) -> Option<usize> {
        self.names.get(name).map(|&n| self.slot(n))
    }

    // ------------------------------------------------------------ helpers ---

    /// Reads decimal digits (none gives 0); more than Int32.MaxValue is an error.
    fn scan_decimal(&mut self) -> Result<u32, Error> {
        let start = self.pos;
        read_decimal(&self.text, &mut self.pos).ok_or_else(|| {
            self.error_at(
                start,
                "number too large: .NET reads numbers in patterns up to 2147483647",
            )
        })
    }

    fn scan_capname(&mut self) -> String {
        read_capname(&self.text, &mut self.pos)
    }

    /// Skips `(?#...)` comments, and under `(?x)` white space and `#` comments.
    fn scan_blank(&mut self) -> Result<(), Error> {
        loop {
            if self.opt(OPT_X) {
                while self.peek().is_some_and(is_x_space) {
                    self.pos += 1;
                }
                if self.peek_is(b'#') {
                    while self.peek().is_some_and(|c| c != u(b'\n')) {
                        self.pos += 1;
                    }
                    continue;
                }
            }
            if self.left() >= 3
                && self.peek_is(b'(')
                && self.peek_at(1) == Some(u(b'?'))
                && self.peek_at(2) == Some(u(b'#'))
            {
                let start = self.pos;
                while self.peek().is_some_and(|c| c != u(b')')) {
                    self.pos += 1;
                }
                if self.next().is_none() {
                    return Err(self.error_at(start, "comment `(?#` is never closed with `)`"));
                }
                continue;
            }
            return Ok(());
        }
    }

    /// Whether a quantifier starts here: `*`, `+`, `?`, or `{` followed by
    /// `n}`, `n,}` or `n,m}`.
    fn is_true_quantifier(&self) -> bool {
        match self.peek() {
            Some(c) if c == u(b'*') || c == u(b'+') || c == u(b'?') => true,
            Some(c) if c == u(b'{') => {
                let mut i = self.pos + 1;
                let digits = |i: &mut usize| {
                    let start = *i;
                    while self.text.get(*i).is_some_and(|&c| is_digit(c)) {
                        *i += 1;
                    }
                    *i > start
                };
                if !digits(&mut i) {
                    return false;
                }
                match self.text.get(i) {
                    Some(&c) if c == u(b'}') => true,
                    Some(&c) if c == u(b',') => {
                        i += 1;
                        digits(&mut i);
                        self.text.get(i) == Some(&u(b'}'))
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// Reads inline options `imnsx`, each on or (after `-`) off.
    fn scan_options(&mut self) {
        let mut off = false;
        while let Some(c) = self.peek() {
            let flag = match char::from_u32(u32::from(c)).map(|c| c.to_ascii_lowercase()) {
                Some('-') => {
                    off = true;
                    self.pos += 1;
                    continue;
                }
                Some('+') => {
                    off = false;
                    self.pos += 1;
                    continue;
                }
                Some('i') => OPT_I,
                Some('m') => OPT_M,
                Some('n') => OPT_N,
                Some('s') => OPT_S,
                Some('x') => OPT_X,
                _ => return,
            };
            if off {
                self.opts &= !flag;
            } else {
                self.opts |= flag;
            }
            self.pos += 1;
        }
    }

    // ---------------------------------------------------- first: numbering ---

    fn note_number(&mut self, n: u32) {
        self.numbers.insert(n);
    }

    fn note_name(&mut self, name: String) {
        if !self.names.contains_key(&name) {
            self.names.insert(name.clone(), 0);
            self.name_order.push(name);
        }
    }

    /// The first pass: finds every group number and name.
    fn count_captures(&mut self) -> Result<(), Error> {
        self.note_number(0);
        self.auto_cap = 1;
        self.scan_only = true;
        while let Some(c) = self.next() {
            if c == u(b'\\') {
                // Read the whole escape, as .NET does: `\c[` is one character.
                if self.peek().is_some() {
                    self.scan_backslash(self.pos - 1)?;
                }
            } else if c == u(b'#') {
                if self.opt(OPT_X) {
                    self.pos -= 1;
                    self.scan_blank()?;
                }
            } else if c == u(b'[') {
                self.scan_class(false, true)?;
            } else if c == u(b')') {
                if let Some(o) = self.saved.pop() {
                    self.opts = o;
                }
            } else if c == u(b'(') {
                if self.left() >= 2 && self.peek_is(b'?') && self.peek_at(1) == Some(u(b'#')) {
                    self.pos -= 1;
                    self.scan_blank()?;
                    continue;
                }
                self.saved.push(self.opts);
                if self.peek_is(b'?') {
                    self.pos += 1;
                    if self.left() > 1 && (self.peek_is(b'<') || self.peek_is(b'\'')) {
                        self.pos += 1;
                        let ch = self.peek().unwrap_or(0);
                        if ch != u(b'0') && class::is_word(ch) {
                            if (u(b'1')..=u(b'9')).contains(&ch) {
                                let n = self.scan_decimal()?;
                                self.note_number(n);
                            } else {
                                let name = self.scan_capname();
                                self.note_name(name);
                            }
                        }
                    } else {
                        self.scan_options();
                        if self.peek_is(b')') {
                            self.pos += 1;
                            self.saved.pop();
                        } else if self.peek_is(b'(') {
                            // A conditional: its condition does not capture.
                            self.ignore_next_paren = true;
                            continue;
                        }
                    }
                } else if !self.opt(OPT_N) && !self.ignore_next_paren {
                    let n = self.auto_cap;
                    self.auto_cap += 1;
                    self.note_number(n);
                }
                self.ignore_next_paren = false;
            }
        }
        self.scan_only = false;
        // Named groups take the numbers after the unnamed ones, skipping
        // numbers given explicitly.
        for name in std::mem::take(&mut self.name_order) {
            while self.is_slot(self.auto_cap) {
                self.auto_cap += 1;
            }
            let n = self.auto_cap;
            self.names.insert(name, n);
            self.note_number(n);
            self.auto_cap += 1;
        }
        Ok(())
    }

    // ------------------------------------------------------ second: tree ---

    /// Alternatives up to a `)` (not consumed) or the end.
    fn parse_body(&mut self) -> Result<Vec<Node>, Error> {
        let mut alternatives = Vec::new();
        let mut concat: Vec<Node> = Vec::new();
        let mut after_quantifier = false;
        loop {
            self.scan_blank()?;
            let Some(c) = self.peek() else { break };
            if c == u(b'|') {
                self.pos += 1;
                alternatives.push(Node::concat(std::mem::take(&mut concat)));
                after_quantifier = false;
                continue;
            }
            if c == u(b')') {
                break;
            }
            if self.is_true_quantifier() {
                let q = self.text_of(self.pos, self.pos + 1);
                return Err(self.error(if after_quantifier {
                    format!("nested quantifier `{q}`: a quantifier cannot follow another")
                } else {
                    format!("quantifier `{q}` follows nothing it could repeat")
                }));
            }
            after_quantifier = false;
            let Some(unit) = self.parse_atom()? else {
                continue;
            };
            self.scan_blank()?;
            if !self.is_true_quantifier() {
                concat.push(unit);
                continue;
            }
            let at = self.offset(self.pos);
            let (min, max) = self.scan_quantifier()?;
            self.scan_blank()?;
            let lazy = self.peek_is(b'?');
            if lazy {
                self.pos += 1;
            }
            if min > max {
                return Err(Error {
                    message: format!(
                        "quantifier `{{{min},{max}}}` has its minimum above its maximum"
                    ),
                    offset: at,
                    limit: false,
                });
            }
            after_quantifier = true;
            concat.push(quantify(unit, min, max, lazy, at));
        }
        alternatives.push(Node::concat(concat));
        Ok(alternatives)
    }

    /// Reads a quantifier known to be there.
    fn scan_quantifier(&mut self) -> Result<(u32, u32), Error> {
        let c = self.next().unwrap_or(0);
        Ok(if c == u(b'*') {
            (0, MAX_NUMBER)
        } else if c == u(b'+') {
            (1, MAX_NUMBER)
        } else if c == u(b'?') {
            (0, 1)
        } else {
            let min = self.scan_decimal()?;
            let mut max = min;
            if self.peek_is(b',') {
                self.pos += 1;
                max = if self.peek_is(b'}') {
                    MAX_NUMBER
                } else {
                    self.scan_decimal()?
                };
            }
            self.pos += 1; // `}`
            (min, max)
        })
    }

    /// One unit; `None` for an options-only group `(?i)`.
    fn parse_atom(&mut self) -> Result<Option<Node>, Error> {
        let start = self.pos;
        let c = self.next().unwrap_or(0);
        let ci = self.opt(OPT_I);
        let node = if c == u(b'[') {
            let class = self.scan_class(ci, false)?.unwrap_or_default();
            Node::Set {
                class: Box::new(class),
                ci,
            }
        } else if c == u(b'(') {
            return self.parse_group(start);
        } else if c == u(b'\\') {
            self.scan_backslash(start)?
        } else if c == u(b'^') {
            Node::Anchor(if self.opt(OPT_M) {
                Anchor::LineStart
            } else {
                Anchor::Start
            })
        } else if c == u(b'$') {
            Node::Anchor(if self.opt(OPT_M) {
                Anchor::LineEnd
            } else {
                Anchor::EndOrFinalNewline
            })
        } else if c == u(b'.') {
            if self.opt(OPT_S) {
                Node::Set {
                    class: Box::new(Class {
                        ranges: vec![(0, 0xFFFF)],
                        ..Class::default()
                    }),
                    ci,
                }
            } else {
                Node::NotChar { c: u(b'\n'), ci }
            }
        } else {
            self.char_node(c)
        };
        Ok(Some(node))
    }

    fn char_node(&self, c: u16) -> Node {
        let ci = self.opt(OPT_I);
        Node::Char {
            c: if ci { class::to_lower(c) } else { c },
            ci,
        }
    }

    /// After `(`: a group with its body and `)`, or `None` for `(?imnsx)`.
    fn parse_group(&mut self, open: usize) -> Result<Option<Node>, Error> {
        self.saved.push(self.opts);
        // One saved option set per open group: the nesting depth. The
        // parser recurses per level, so it stops at topoc's limit.
        if self.saved.len() > super::MAX_NESTING {
            return Err(Error {
                message: format!(
                    "the pattern nests groups more than {} deep, topoc's limit",
                    super::MAX_NESTING
                ),
                offset: self.offset(open),
                limit: true,
            });
        }
        let Some(kind) = self.scan_group_open(open)? else {
            // `(?i)`: the options stay in force to the end of the enclosing group.
            self.saved.pop();
            return Ok(None);
        };
        let at = self.offset(open);
        let node = match kind {
            Open::IfGroup(slot) => {
                let branches = self.parse_branches(open, 2)?;
                let mut it = branches.into_iter();
                Node::IfGroup {
                    slot,
                    yes: Box::new(it.next().unwrap_or(Node::Empty)),
                    no: Box::new(it.next().unwrap_or(Node::Empty)),
                    at,
                }
            }
            Open::IfMatch => {
                let cond_at = self.pos;
                let condition = match self.parse_atom()? {
                    Some(node) => node,
                    None => return Err(self.error_at(cond_at, "a conditional needs a condition")),
                };
                let branches = self.parse_branches(open, 2)?;
                let mut it = branches.into_iter();
                Node::IfMatch {
                    condition: Box::new(condition),
                    yes: Box::new(it.next().unwrap_or(Node::Empty)),
                    no: Box::new(it.next().unwrap_or(Node::Empty)),
                    at,
                }
            }
            _ => {
                let body = Node::alt(self.parse_branches(open, usize::MAX)?);
                match kind {
                    Open::Capture(slot, uncapture) => Node::Capture {
                        slot,
                        uncapture,
                        node: Box::new(body),
                        at,
                    },
                    Open::Group => Node::Group(Box::new(body)),
                    Open::Atomic => Node::Atomic(Box::new(body)),
                    Open::Look { ahead, negated } => Node::Look {
                        ahead,
                        negated,
                        node: Box::new(body),
                        at,
                    },
                    Open::IfGroup(_) | Open::IfMatch => unreachable!("handled above"),
                }
            }
        };
        if let Some(o) = self.saved.pop() {
            self.opts = o;
        }
        Ok(Some(node))
    }

    /// A group's alternatives and its closing `)`.
    fn parse_branches(&mut self, open: usize, most: usize) -> Result<Vec<Node>, Error> {
        let branches = self.parse_body()?;
        if self.next().is_none() {
            return Err(self.error_at(open, "this `(` is never closed with `)`"));
        }
        if branches.len() > most {
            return Err(self.error_at(
                open,
                "a conditional `(?(...)yes|no)` has at most two branches",
            ));
        }
        Ok(branches)
    }

    /// Recognises what follows `(`, as .NET's `ScanGroupOpen`.
    fn scan_group_open(&mut self, open: usize) -> Result<Option<Open>, Error> {
        let unrecognized = |p: &Self| p.error_at(open, "unrecognized group construct after `(?`");
        if !self.peek_is(b'?') || self.peek_at(1) == Some(u(b')')) {
            if self.opt(OPT_N) || self.ignore_next_paren {
                self.ignore_next_paren = false;
                return Ok(Some(Open::Group));
            }
            let n = self.auto_cap;
            self.auto_cap += 1;
            return Ok(Some(Open::Capture(Some(self.slot(n)), None)));
        }
        self.pos += 1;
        let Some(c) = self.next() else {
            return Err(unrecognized(self));
        };
        let kind = match c {
            _ if c == u(b':') => Open::Group,
            _ if c == u(b'=') => Open::Look {
                ahead: true,
                negated: false,
            },
            _ if c == u(b'!') => Open::Look {
                ahead: true,
                negated: true,
            },
            _ if c == u(b'>') => Open::Atomic,
            _ if c == u(b'<') || c == u(b'\'') => return self.scan_named_group(open, c),
            _ if c == u(b'(') => return self.scan_condition(open).map(Some),
            _ => {
                self.pos -= 1;
                self.scan_options();
                match self.next() {
                    Some(c) if c == u(b')') => return Ok(None),
                    Some(c) if c == u(b':') => Open::Group,
                    _ => return Err(unrecognized(self)),
                }
            }
        };
        Ok(Some(kind))
    }

    /// `(?<...` or `(?'...`: look-behind, named or numbered group, balancing group.
    fn scan_named_group(&mut self, open: usize, quote: u16) -> Result<Option<Open>, Error> {
        let close = if quote == u(b'\'') { u(b'\'') } else { u(b'>') };
        let unrecognized = |p: &Self| p.error_at(open, "unrecognized group construct after `(?`");
        let Some(c) = self.next() else {
            return Err(unrecognized(self));
        };
        if close == u(b'>') && (c == u(b'=') || c == u(b'!')) {
            return Ok(Some(Open::Look {
                ahead: false,
                negated: c == u(b'!'),
            }));
        }
        if close == u(b'\'') && (c == u(b'=') || c == u(b'!')) {
            return Err(unrecognized(self));
        }
        self.pos -= 1;
        let bad_name = |p: &Self| {
            p.error_at(
                open,
                "invalid group name: a name starts with a letter, digit or `_` and ends at `>`",
            )
        };
        let mut capture: Option<u32> = None;
        let mut proceed = false;
        if is_digit(c) {
            let n = self.scan_decimal()?;
            if self.is_slot(n) {
                capture = Some(n);
            }
            if self.peek().is_some_and(|c| c != close && c != u(b'-')) {
                return Err(bad_name(self));
            }
            if n == 0 {
                return Err(self.error_at(
                    open,
                    "group number 0 is the whole match; use another number",
                ));
            }
        } else if class::is_word(c) {
            let name = self.scan_capname();
            capture = self.names.get(&name).copied();
            if self.peek().is_some_and(|c| c != close && c != u(b'-')) {
                return Err(bad_name(self));
            }
        } else if c == u(b'-') {
            proceed = true;
        } else {
            return Err(bad_name(self));
        }
        let mut uncapture: Option<u32> = None;
        if (capture.is_some() || proceed) && self.peek_is(b'-') {
            self.pos += 1;
            let c = self.peek().unwrap_or(0);
            if is_digit(c) {
                let start = self.pos;
                let n = self.scan_decimal()?;
                if !self.is_slot(n) {
                    return Err(
                        self.error_at(start, format!("reference to undefined group number {n}"))
                    );
                }
                uncapture = Some(n);
            } else if class::is_word(c) {
                let start = self.pos;
                let name = self.scan_capname();
                match self.names.get(&name) {
                    Some(&n) => uncapture = Some(n),
                    None => {
                        return Err(self.error_at(
                            start,
                            format!("reference to undefined group name `{name}`"),
                        ));
                    }
                }
            } else {
                return Err(bad_name(self));
            }
            if self.peek().is_some_and(|c| c != close) {
                return Err(bad_name(self));
            }
        }
        if (capture.is_some() || uncapture.is_some()) && self.next() == Some(close) {
            return Ok(Some(Open::Capture(
                capture.map(|n| self.slot(n)),
                uncapture.map(|n| self.slot(n)),
            )));
        }
        Err(unrecognized(self))
    }

    /// `(?(`: a group test `(?(1)` / `(?(name)`, else an expression test.
    fn scan_condition(&mut self, open: usize) -> Result<Open, Error> {
        let paren = self.pos; // just after the inner `(`
        if let Some(c) = self.peek() {
            if is_digit(c) {
                let n = self.scan_decimal()?;
                if self.next() == Some(u(b')')) {
                    if self.is_slot(n) {
                        return Ok(Open::IfGroup(self.slot(n)));
                    }
                    return Err(
                        self.error_at(paren, format!("conditional tests undefined group {n}"))
                    );
                }
                return Err(self.error_at(paren, format!("malformed conditional `(?({n})`")));
            }
            if class::is_word(c) {
                let name = self.scan_capname();
                if let Some(slot) = self.name_slot(&name)
                    && self.next() == Some(u(b')'))
                {
                    return Ok(Open::IfGroup(slot));
                }
            }
        }
        self.pos = paren - 1;
        self.ignore_next_paren = true;
        if self.left() >= 3 && self.peek_at(1) == Some(u(b'?')) {
            let c2 = self.peek_at(2).unwrap_or(0);
            if c2 == u(b'#') {
                return Err(self.error_at(open, "a conditional's condition cannot be a comment"));
            }
            if c2 == u(b'\'')
                || (self.left() >= 4
                    && c2 == u(b'<')
                    && !matches!(self.peek_at(3), Some(c) if c == u(b'!') || c == u(b'=')))
            {
                return Err(
                    self.error_at(open, "a conditional's condition cannot capture or be named")
                );
            }
        }
        Ok(Open::IfMatch)
    }

    // ------------------------------------------------------------ escapes ---

    /// After `\` outside a class.
    fn scan_backslash(&mut self, at: usize) -> Result<Node, Error> {
        let Some(c) = self.peek() else {
            return Err(self.error_at(at, "the pattern ends with a lone `\\`"));
        };
        let anchor = match char::from_u32(u32::from(c)) {
            Some('b') => Some(Anchor::WordBoundary),
            Some('B') => Some(Anchor::NotWordBoundary),
            Some('A') => Some(Anchor::Start),
            Some('G') => Some(Anchor::AttemptStart),
            Some('Z') => Some(Anchor::EndOrFinalNewline),
            Some('z') => Some(Anchor::End),
            _ => None,
        };
        if let Some(anchor) = anchor {
            self.pos += 1;
            return Ok(Node::Anchor(anchor));
        }
        let ci = self.opt(OPT_I);
        if let Ok(letter @ (b'w' | b'W' | b's' | b'S' | b'd' | b'D')) = u8::try_from(c) {
            self.pos += 1;
            return Ok(Node::Set {
                class: Box::new(Class::escape(letter)),
                ci,
            });
        }
        if c == u(b'p') || c == u(b'P') {
            self.pos += 1;
            let name_at = self.pos;
            let name = self.parse_property()?;
            let mut class = Class::default();
            class
                .add_property(&name, c == u(b'P'), ci)
                .map_err(|_| self.error_at(name_at, format!("unknown property `{name}`")))?;
            if ci {
                class.add_lowercase();
            }
            return Ok(Node::Set {
                class: Box::new(class),
                ci,
            });
        }
        self.scan_basic_backslash(at)
    }

    /// Back-references and character escapes.
    fn scan_basic_backslash(&mut self, at: usize) -> Result<Node, Error> {
        let back = self.pos;
        let mut c = self.peek().unwrap_or(0);
        let mut close: Option<u16> = None;
        if c == u(b'k') {
            if self.left() >= 2 {
                self.pos += 1;
                let q = self.next().unwrap_or(0);
                if q == u(b'<') || q == u(b'\'') {
                    close = Some(if q == u(b'\'') { q } else { u(b'>') });
                }
            }
            if close.is_none() || self.left() == 0 {
                return Err(self.error_at(at, "malformed `\\k<...>` back-reference"));
            }
            c = self.peek().unwrap_or(0);
        } else if (c == u(b'<') || c == u(b'\'')) && self.left() > 1 {
            close = Some(if c == u(b'\'') { c } else { u(b'>') });
            self.pos += 1;
            c = self.peek().unwrap_or(0);
        }
        let ci = self.opt(OPT_I);
        match close {
            Some(close) if is_digit(c) => {
                let n = self.scan_decimal()?;
                if self.next() == Some(close) {
                    if self.scan_only {
                        return Ok(Node::Empty);
                    }
                    if self.is_slot(n) {
                        return Ok(Node::Backref {
                            slot: self.slot(n),
                            ci,
                            at: self.offset(at),
                        });
                    }
                    return Err(
                        self.error_at(at, format!("reference to undefined group number {n}"))
                    );
                }
            }
            Some(close) if class::is_word(c) => {
                let name = self.scan_capname();
                if self.next() == Some(close) {
                    if self.scan_only {
                        return Ok(Node::Empty);
                    }
                    if let Some(slot) = self.name_slot(&name) {
                        return Ok(Node::Backref {
                            slot,
                            ci,
                            at: self.offset(at),
                        });
                    }
                    return Err(
                        self.error_at(at, format!("reference to undefined group name `{name}`"))
                    );
                }
            }
            None if (u(b'1')..=u(b'9')).contains(&c) => {
                let n = self.scan_decimal()?;
                if self.scan_only {
                    return Ok(Node::Empty);
                }
                if self.is_slot(n) {
                    return Ok(Node::Backref {
                        slot: self.slot(n),
                        ci,
                        at: self.offset(at),
                    });
                }
                if n <= 9 {
                    return Err(
                        self.error_at(at, format!("reference to undefined group number {n}"))
                    );
                }
            }
            _ => {}
        }
        self.pos = back;
        let c = self.scan_char_escape(at)?;
        Ok(self.char_node(c))
    }

    /// A character escape after `\`: octal, `\x..`, `\u....`, `\cX`, the
    /// named controls, or a character that is not a word character.
    fn scan_char_escape(&mut self, at: usize) -> Result<u16, Error> {
        let Some(c) = self.next() else {
            return Err(self.error_at(at, "the pattern ends with a lone `\\`"));
        };
        if (u(b'0')..=u(b'7')).contains(&c) {
            self.pos -= 1;
            let mut value: u32 = 0;
            for _ in 0..3 {
                match self.peek() {
                    Some(d) if (u(b'0')..=u(b'7')).contains(&d) => {
                        value = value * 8 + u32::from(d - u(b'0'));
                        self.pos += 1;
                    }
                    _ => break,
                }
            }
            return Ok((value & 0xFF) as u16);
        }
        Ok(match char::from_u32(u32::from(c)) {
            Some('x') => self.scan_hex(2, at)?,
            Some('u') => self.scan_hex(4, at)?,
            Some('a') => 0x07,
            Some('b') => 0x08,
            Some('e') => 0x1B,
            Some('f') => 0x0C,
            Some('n') => 0x0A,
            Some('r') => 0x0D,
            Some('t') => 0x09,
            Some('v') => 0x0B,
            Some('c') => {
                let Some(x) = self.next() else {
                    return Err(self.error_at(at, "`\\c` needs a control letter after it"));
                };
                let x = if (u(b'a')..=u(b'z')).contains(&x) {
                    x - 32
                } else {
                    x
                };
                let v = x.wrapping_sub(u(b'@'));
                if v < u(b' ') {
                    v
                } else {
                    return Err(self.error_at(at, "unrecognized control character after `\\c`"));
                }
            }
            _ if class::is_word(c) => {
                return Err(self.error_at(
                    at,
                    format!("unrecognized escape `\\{}`", String::from_utf16_lossy(&[c])),
                ));
            }
            _ => c,
        })
    }

    fn scan_hex(&mut self, digits: usize, at: usize) -> Result<u16, Error> {
        let mut value: u16 = 0;
        let mut left = digits;
        if self.left() >= digits {
            while left > 0 {
                let Some(d) = self.next().and_then(hex_digit) else {
                    break;
                };
                value = value * 16 + d;
                left -= 1;
            }
        }
        if left > 0 {
            return Err(self.error_at(at, format!("this escape needs {digits} hexadecimal digits")));
        }
        Ok(value)
    }

    /// `{Name}` after `\p` or `\P`.
    fn parse_property(&mut self) -> Result<String, Error> {
        let at = self.pos;
        if self.left() < 3 {
            return Err(self.error_at(at, "incomplete `\\p{...}` property"));
        }
        if self.next() != Some(u(b'{')) {
            return Err(self.error_at(at, "`\\p` must be followed by `{Name}`"));
        }
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| class::is_word(c) || c == u(b'-'))
        {
            self.pos += 1;
        }
        let name = String::from_utf16_lossy(&self.text[start..self.pos]);
        if self.next() != Some(u(b'}')) {
            return Err(self.error_at(at, "incomplete `\\p{...}` property"));
        }
        Ok(name)
    }

    // ------------------------------------------------------------ classes ---

    /// After `[`: the class up to its `]`. With `scan_only`, only finds the
    /// end (the numbering pass), as .NET does.
    fn scan_class(&mut self, ci: bool, scan_only: bool) -> Result<Option<Class>, Error> {
        let open = self.pos.saturating_sub(1);
        let mut cc = Class::default();
        if self.peek_is(b'^') {
            self.pos += 1;
            cc.negated = true;
        }
        let mut prev: u16 = 0;
        let mut in_range = false;
        let mut first = true;
        let mut closed = false;
        while let Some(mut c) = self.next() {
            let mut translated = false;
            let escape_at = self.pos - 1;
            if c == u(b']') {
                if !first {
                    closed = true;
                    break;
                }
            } else if c == u(b'\\') && self.peek().is_some() {
                c = self.next().unwrap_or(0);
                match u8::try_from(c).ok() {
                    Some(letter @ (b'd' | b'D' | b's' | b'S' | b'w' | b'W')) => {
                        if !scan_only {
                            if in_range {
                                return Err(self.error_at(
                                    escape_at,
                                    format!("`\\{}` cannot end a character range", letter as char),
                                ));
                            }
                            cc.add_escape(letter);
                        }
                        first = false;
                        continue;
                    }
                    Some(letter @ (b'p' | b'P')) => {
                        let name_at = self.pos;
                        let name = self.parse_property()?;
                        if !scan_only {
                            if in_range {
                                return Err(self.error_at(
                                    escape_at,
                                    format!("`\\{}` cannot end a character range", letter as char),
                                ));
                            }
                            cc.add_property(&name, letter == b'P', ci).map_err(|_| {
                                self.error_at(name_at, format!("unknown property `{name}`"))
                            })?;
                        }
                        first = false;
                        continue;
                    }
                    Some(b'-') => {
                        cc.ranges.push((c, c));
                        first = false;
                        continue;
                    }
                    _ => {
                        self.pos -= 1;
                        c = self.scan_char_escape(escape_at)?;
                        translated = true;
                    }
                }
            } else if c == u(b'[') && self.peek_is(b':') && !in_range {
                // `[:name:]` is read and ignored, as in .NET.
                let save = self.pos;
                self.pos += 1;
                self.scan_capname();
                if !(self.left() >= 2
                    && self.next() == Some(u(b':'))
                    && self.next() == Some(u(b']')))
                {
                    self.pos = save;
                }
            }
            if in_range {
                in_range = false;
                if !scan_only {
                    if c == u(b'[') && !translated && !first {
                        // `[a-[...]]`: the `a`, then a subtraction.
                        cc.ranges.push((prev, prev));
                        let sub = self.scan_class(ci, false)?.unwrap_or_default();
                        cc.subtraction = Some(Box::new(sub));
                        if self.peek().is_some_and(|c| c != u(b']')) {
                            return Err(
                                self.error("a subtraction must be the last thing in a class")
                            );
                        }
                    } else {
                        if prev > c {
                            return Err(self.error_at(
                                escape_at.saturating_sub(2),
                                "character range in reverse order",
                            ));
                        }
                        cc.ranges.push((prev, c));
                    }
                }
            } else if self.left() >= 2 && self.peek_is(b'-') && self.peek_at(1) != Some(u(b']')) {
                prev = c;
                in_range = true;
                self.pos += 1;
            } else if self.left() >= 1
                && c == u(b'-')
                && !translated
                && self.peek_is(b'[')
                && !first
            {
                self.pos += 1;
                let sub = self.scan_class(ci, scan_only)?;
                if !scan_only {
                    cc.subtraction = sub.map(Box::new);
                }
                if self.peek().is_some_and(|c| c != u(b']')) {
                    return Err(self.error("a subtraction must be the last thing in a class"));
                }
            } else {
                cc.ranges.push((c, c));
            }
            first = false;
        }
        if !closed {
            return Err(self.error_at(open, "this `[` is never closed with `]`"));
        }
        if scan_only {
            return Ok(None);
        }
        if ci {
            cc.add_lowercase();
        }
        Ok(Some(cc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(p: &str) -> Parsed {
        parse(p).unwrap_or_else(|e| panic!("{p}: {}", e.message))
    }

    fn err(p: &str) -> String {
        match parse(p) {
            Ok(_) => panic!("{p} should not parse"),
            Err(e) => e.message,
        }
    }

    #[test]
    fn lync_patterns_parse() {
        for p in [
            r"^\+1(\d{10})$",
            r"^(\d{4})$",
            r"^9(\d*){1,5}$",
            r"[0-9]{10}",
            r"^(?<ext>\d{3})$",
            r"^\+1425(?!555)\d{7}$",
            r"(\+)?[1-9]\d*(;ext=[1-9]\d*)?",
            "",
        ] {
            ok(p);
        }
    }

    #[test]
    fn group_numbers_unnamed_first() {
        let p = ok(r"(a)(?<n>b)(c)");
        assert_eq!(p.numbers, vec![0, 1, 2, 3]);
        assert_eq!(p.names, vec![("n".to_string(), 3)]);
        let p = ok(r"(?<5>a)(b)(?<x>c)");
        assert_eq!(p.numbers, vec![0, 1, 2, 5]);
        assert_eq!(p.names, vec![("x".to_string(), 2)]);
    }

    #[test]
    fn quantifier_rules() {
        ok("^+1");
        ok("a{");
        ok("x{,3}");
        ok("a(?#c)*");
        assert!(err("a**").contains("nested"));
        assert!(err("a{2}{3}").contains("nested"));
        assert!(err("*a").contains("follows nothing"));
        assert!(err("(?)").contains("follows nothing"));
        assert!(err("x{2,1}").contains("minimum above"));
        assert!(err("a{99999999999}").contains("too large"));
    }

    #[test]
    fn escapes() {
        assert!(err(r"\8").contains("undefined group"));
        assert!(err(r"\q").contains("unrecognized escape"));
        assert!(err(r"\_").contains("unrecognized escape"));
        ok(r"(a)\12"); // octal: no group 12
        ok(r"\-\+\ ");
        ok(r"\x41\u0041\cA\0");
        assert!(err(r"\x4").contains("hexadecimal"));
        assert!(err("a\\").contains("lone"));
        assert!(err(r"\p{Nope}").contains("unknown property"));
        ok(r"\p{IsGreek}\P{Lu}");
    }

    #[test]
    fn classes() {
        ok("[]a]");
        ok("[a-]");
        ok("[a-z-[aeiou]]");
        ok("[[:alpha:]]");
        assert!(err("[z-a]").contains("reverse"));
        assert!(err("[]").contains("never closed"));
        assert!(err(r"[a-\d]").contains("range"));
        assert!(err("[a-z-[b]c]").contains("subtraction"));
    }

    #[test]
    fn groups() {
        ok(r"(?<name>x)\k<name>\k'name'\<name>");
        ok("(?'n'x)(?<-n>y)");
        ok("(?i)a(?-i:b)(?s-m)c");
        ok("(?(1)a|b)(x)");
        ok("(?(x)a|b)");
        assert!(err("(?<1a>x)").contains("invalid group name"));
        assert!(err("(?<0>x)").contains("group number 0"));
        assert!(err("(?r)x").contains("unrecognized"));
        assert!(err("(?(x)a|b|c)").contains("two branches"));
        assert!(err("(?(2)a)").contains("undefined group"));
        assert!(err("(a").contains("never closed"));
        assert!(err("a)").contains("too many"));
        assert!(err(r"\k<x>").contains("undefined group name"));
    }
}
