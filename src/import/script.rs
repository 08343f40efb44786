//! `topoc import --script`: an existing PowerShell voice script read by
//! evaluating it, statement by statement, against a snapshot
//! ([`evaluate`]).
//!
//! Many Lync deployments were configured by scripts (dial plan generators
//! write them; topoc's own `deploy.ps1` is one). Such a script is read the
//! way Windows PowerShell 5.1 would run it, as far as it can be decided
//! without running anything:
//!
//! - Text: `#` and `<# #>` comments, backtick line continuation, `;` and
//!   line breaks between statements, single-quoted strings (`''` is a
//!   quote, nothing expands), double-quoted strings (backtick escapes,
//!   `$var` and `${var}` expanded; a variable never assigned expands to
//!   nothing, so `"+1$1"` is `+1`), the typographic quotes and dashes
//!   PowerShell takes for `'`, `"` and `-`, integers, `$true`, `$false`,
//!   `$null`, arrays (`'a','b'`, `@(...)`), hashtables (`@{Add='x'}`),
//!   `[char]0x00FC`, `[string]` and `+` concatenation (what topoc's own
//!   quoting writes). A pattern or translation in double quotes loses its
//!   `$1` as PowerShell's does (docs/lync.md 6.4).
//! - Parameters: `-Name value`, `-Name:value`, switches, and a parameter
//!   name prefix resolved against the cmdlet's parameters and the common
//!   ones (from the cmdlet reference table, every product's parameters, so
//!   a prefix ambiguous on any is reported, never guessed); values are
//!   converted as PowerShell binds them (`'20'` to a number parameter is
//!   `20`; a Boolean parameter takes `$true`, `$false` or a number only).
//! - Cmdlets: `New-`, `Set-` and `Remove-` of the objects a snapshot holds
//!   ([`crate::snapshot::apply`]) are applied to the state; their `Get-`
//!   (and `Get-CsTrunk`) read it, which is what makes the conditions of a
//!   script decidable (`New-` fails on an existing identity, so scripts
//!   check with `Get-` first: docs/lync.md 7.3); a rule cmdlet with
//!   `-InMemory` makes an object, whose priority is its place in the list
//!   it is put in; `... | Out-Null` and `[void]` run the call.
//!   Lists take `@{Add=}`, `@{Remove=}` and `@{Replace=}` (docs/lync.md
//!   7.3). The side effects Lync adds and a snapshot does not model (the
//!   placeholder rule of a new dial plan, whose name the documents do not
//!   agree on, docs/lync.md 2.10) are not invented: a script that removes
//!   that rule is refused by the state, and says so.
//! - Variables assigned from values, calls and `(Get-...).Property`;
//!   `$var.Field = value` on an object read; such a variable passed back
//!   (`-MediaBypassSettings $bypass`) changes the fields set on it, where
//!   an object made with `New-CsNetworkMediaBypassConfiguration` replaces
//!   them all (docs/lync.md 2.11).
//! - `if`/`elseif`/`else` whose condition is known from the state and the
//!   variables (`-not`, `!`, `-and`, `-or`, `-eq`, `-ne`, `-gt`, `-ge`,
//!   `-lt`, `-le` on numbers, `-contains`, `-notcontains`, `-in`, `-notin`,
//!   `-join`, `.Count`); `throw`, which stops the evaluation;
//!   `$ErrorActionPreference` and `-ErrorAction`, which decide whether an
//!   error (a refused call, a `Get-` that finds nothing) stops the script;
//!   `exit` and `return`, which end it; a `trap`, after which what follows
//!   an error is not known.
//!
//! - A script header `[CmdletBinding(SupportsShouldProcess = $true)]
//!   `param()` (topoc's deploy.ps1 has one): the script takes `-WhatIf`,
//!   and is evaluated as run without it (`$WhatIfPreference` is `$false`).
//!
//! Anything else is never evaluated and is reported with its line, column,
//! text and reason: other commands (`Grant-`, `Publish-`, `Enable-`,
//! `Invoke-Expression`, functions), pipelines, loops, script blocks,
//! splatting, `&` and `.` invocation, `$(...)` subexpressions, method
//! calls, and an `if` whose condition is not known (the whole statement).
//! A variable such a statement may assign is no longer known afterwards.
//! A script that does not parse is not evaluated at all (PowerShell runs
//! no statement of it either). Nesting depth, statement count and value
//! sizes are bounded, so a hostile script ends quickly with a report.

mod cmdlets;

use std::collections::HashMap;

use crate::snapshot::{self, Arg, Call, Effect, Props, Snapshot, Value};

/// How deep brackets, blocks and operators may nest.
const MAX_DEPTH: usize = 100;
/// How many statements a script may hold.
const MAX_STATEMENTS: usize = 200_000;
/// How many items a list, and how many UTF-16 units a text, may grow to.
const MAX_SIZE: usize = 1 << 20;
/// How long a script may be, in characters.
const MAX_CHARS: usize = 32 << 20;
/// How much of a statement's text a report shows.
const SHOWN: usize = 200;

/// A place in the script: line and column, from 1, in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
}

/// A call applied to the state.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// Where the call is.
    pub at: Location,
    /// The call, parameters in full.
    pub call: Call,
    /// What it did.
    pub effect: Effect,
}

/// A statement not evaluated (or that stopped the evaluation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Where the statement starts.
    pub at: Location,
    /// The statement's text, escaped to printable ASCII (`\n` for a line
    /// break, `<U+HHHH>` for other characters) and shortened.
    pub text: String,
    /// Why.
    pub reason: String,
}

/// What evaluating a script did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Every call applied to the state, in order.
    pub applied: Vec<Applied>,
    /// Every statement not evaluated, in order, with the reason.
    pub skipped: Vec<Skipped>,
    /// The statement that stopped the evaluation (a `throw` reached, an
    /// error under `$ErrorActionPreference = 'Stop'`, a script that does
    /// not parse), if any: nothing after it was evaluated.
    pub stopped: Option<Skipped>,
}

/// A script file's text as Windows PowerShell reads it: UTF-8 or UTF-16
/// by its byte-order mark. A file without one is read in the machine's
/// ANSI code page, which topoc cannot know: it is taken as ASCII, and
/// refused when it holds any other byte.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let utf16 = |bytes: &[u8], little: bool| {
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if little {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| "the script is not valid UTF-16".to_string())
    };
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec())
            .map_err(|_| "the script is not valid UTF-8".into());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    if bytes.is_ascii() {
        return Ok(String::from_utf8(bytes.to_vec()).expect("ASCII is UTF-8"));
    }
    Err("the script has no byte-order mark and holds bytes beyond ASCII: Windows PowerShell reads such a script in the machine's ANSI code page, which topoc cannot know. Save it as UTF-8 with a byte-order mark (or UTF-16) and import it again".into())
}

/// Evaluates the PowerShell script `text` against `state`: every `New-`,
/// `Set-` and `Remove-` call of a voice object it would make is applied to
/// `state` with [`crate::snapshot::apply`], `Get-` calls read `state`, and
/// every statement that is not evaluated is reported (see the module
/// documentation for what is). Never panics; ends quickly on any input.
///
/// ```
/// use topoc::snapshot::Snapshot;
/// let mut state = Snapshot::empty();
/// let report = topoc::import::script::evaluate(
///     "New-CsDialPlan -Identity site:Redmond\nGrant-CsDialPlan -Identity u -PolicyName Redmond",
///     &mut state,
/// );
/// assert!(state.find("DialPlans", "site:Redmond").is_some());
/// assert_eq!(report.applied.len(), 1);
/// assert_eq!(report.skipped[0].at.line, 2);
/// ```
pub fn evaluate(text: &str, state: &mut Snapshot) -> Report {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let chars: Vec<char> = text.chars().collect();
    let lines = line_starts(&chars);
    let mut report = Report::default();
    if chars.len() > MAX_CHARS {
        report.stopped = Some(Skipped {
            at: Location { line: 1, column: 1 },
            text: String::new(),
            reason: format!("the script is longer than {MAX_CHARS} characters: nothing evaluated"),
        });
        return report;
    }
    let mut parser = Parser {
        src: &chars,
        pos: 0,
        depth: 0,
        statements: 0,
        trap: false,
        should_process: false,
    };
    let script = match parser.statements(None) {
        Ok(s) => s,
        Err(f) => {
            report.stopped = Some(Skipped {
                at: locate(&lines, f.pos),
                text: shown(&chars, f.pos, (f.pos + 40).min(chars.len())),
                reason: format!(
                    "the script does not parse ({}): PowerShell runs no statement of such a script, so nothing is evaluated",
                    f.message
                ),
            });
            return report;
        }
    };
    let mut ev = Eval {
        src: &chars,
        lines,
        state,
        report,
        vars: HashMap::new(),
        all_unknown: None,
        objects: Vec::new(),
        budget: 0,
        trap: parser.trap,
        strict: false,
        should_process: parser.should_process,
    };
    let _ = ev.block(&script);
    ev.report
}

// ---------------------------------------------------------------- syntax

/// A statement, with its extent in characters.
#[derive(Debug)]
enum Stmt {
    /// `[CmdletBinding(...)] param()`: a script that takes no parameters
    /// but the common ones (`-WhatIf` among them, with
    /// `SupportsShouldProcess`).
    Header { start: usize, end: usize },
    /// Not evaluated, and why.
    Skip {
        start: usize,
        end: usize,
        reason: String,
    },
    If {
        start: usize,
        end: usize,
        clauses: Vec<(Expr, Vec<Stmt>)>,
        otherwise: Option<Vec<Stmt>>,
    },
    Throw {
        start: usize,
        end: usize,
        value: Option<Expr>,
    },
    /// `exit`, `return`, `break`, `continue` outside a loop, or a `throw`
    /// whose message is not read: the script ends here when reached.
    End {
        start: usize,
        end: usize,
        reason: String,
    },
    Assign {
        start: usize,
        end: usize,
        var: VarRef,
        fields: Vec<String>,
        add: bool,
        value: Expr,
    },
    Expr {
        start: usize,
        end: usize,
        value: Expr,
    },
}

/// A variable: its name without case and scope, and whether it is one
/// topoc cannot know (an environment variable, an automatic variable).
#[derive(Clone, Debug)]
struct VarRef {
    name: String,
    written: String,
    foreign: bool,
}

#[derive(Debug)]
enum Expr {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    /// A double-quoted string's parts.
    Expand(Vec<Part>),
    Var(VarRef),
    /// `.a.b.c`, a chain kept flat so that no length of it nests deeply.
    Member(Box<Expr>, Vec<String>),
    Cast(String, Box<Expr>),
    Not(Box<Expr>),
    /// Operators of one precedence, left to right, kept flat.
    Chain(Box<Expr>, Vec<(Op, Expr)>),
    Array(Vec<Expr>),
    SubArray(Vec<Stmt>),
    Hash(Vec<(String, Expr)>),
    Command(Command),
    /// `... | Out-Null` or `[void]...`: run, the output dropped.
    Discard(Box<Expr>),
}

#[derive(Debug)]
enum Part {
    Text(String),
    Var(VarRef),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    And,
    Or,
    Xor,
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Contains,
    NotContains,
    In,
    NotIn,
    Join,
    Add,
}

#[derive(Debug)]
struct Command {
    start: usize,
    name: String,
    elements: Vec<Element>,
}

#[derive(Debug)]
enum Element {
    /// `-Name`, or `-Name:value`.
    Param {
        name: String,
        value: Option<Expr>,
    },
    Arg(Expr),
}

/// A syntax error: nothing of the script is run.
struct Fatal {
    pos: usize,
    message: String,
}

/// Why a statement is not read: not evaluated (it is skipped), or the
/// script does not parse.
enum PErr {
    Skip(String),
    Fatal(Fatal),
}

impl From<Fatal> for PErr {
    fn from(f: Fatal) -> PErr {
        PErr::Fatal(f)
    }
}

type P<T> = Result<T, PErr>;

fn skip<T>(reason: impl Into<String>) -> P<T> {
    Err(PErr::Skip(reason.into()))
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2015}')
}

fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

fn is_newline(c: char) -> bool {
    c == '\n' || c == '\r'
}

fn is_space(c: char) -> bool {
    !is_newline(c) && c.is_whitespace()
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where a command argument written bare ends.
fn ends_bare(c: char) -> bool {
    c.is_whitespace() || matches!(c, ';' | ')' | '}' | '|' | ',' | '&')
}

const LOOPS_AND_OTHERS: &[&str] = &[
    "foreach",
    "for",
    "while",
    "do",
    "until",
    "switch",
    "function",
    "filter",
    "workflow",
    "configuration",
    "try",
    "catch",
    "finally",
    "trap",
    "return",
    "break",
    "continue",
    "exit",
    "param",
    "begin",
    "process",
    "end",
    "dynamicparam",
    "class",
    "enum",
    "using",
    "data",
    "else",
    "elseif",
    "parallel",
    "sequence",
    "inlinescript",
];

struct Parser<'a> {
    src: &'a [char],
    pos: usize,
    depth: usize,
    statements: usize,
    /// The script has a `trap`, which handles errors anywhere in it.
    trap: bool,
    /// The script declares `SupportsShouldProcess`: it takes `-WhatIf`.
    should_process: bool,
}

impl Parser<'_> {
    /// `[CmdletBinding(...)]` and an empty `param()` at `start`, when the
    /// text is that: the script's own header, which declares no parameter
    /// of its own. A `param` block with parameters is left to the
    /// statements (not evaluated: their values are not known).
    fn header(&mut self, start: usize) -> Option<Stmt> {
        let src = &self.src[start..];
        let mut i = 0;
        let word = |i: &mut usize, w: &str| -> Option<()> {
            let n = w.chars().count();
            let got: String = src.get(*i..*i + n)?.iter().collect();
            got.eq_ignore_ascii_case(w).then(|| *i += n)
        };
        let blank = |i: &mut usize, lines: bool| {
            while src
                .get(*i)
                .is_some_and(|&c| c == ' ' || c == '\t' || (lines && (c == '\n' || c == '\r')))
            {
                *i += 1;
            }
        };
        word(&mut i, "[CmdletBinding(")?;
        let inside_start = i;
        while src
            .get(i)
            .is_some_and(|&c| c != ')' && c != '\n' && i < 200)
        {
            i += 1;
        }
        let inside: String = src[inside_start..i]
            .iter()
            .collect::<String>()
            .to_ascii_lowercase();
        // Only named switches, given `$true` or nothing: no expression runs.
        let plain = inside.split(',').all(|arg| {
            let arg = arg.trim();
            let name = arg.split('=').next().unwrap_or("").trim();
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphabetic())
                && arg.split_once('=').is_none_or(|(_, v)| v.trim() == "$true")
        });
        if !plain && !inside.trim().is_empty() {
            return None;
        }
        word(&mut i, ")]")?;
        blank(&mut i, true);
        word(&mut i, "param")?;
        blank(&mut i, false);
        word(&mut i, "(")?;
        blank(&mut i, true);
        word(&mut i, ")")?;
        self.pos = start + i;
        self.should_process |= inside.contains("supportsshouldprocess");
        Some(Stmt::Header {
            start,
            end: self.pos,
        })
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.src.get(self.pos + k).copied()
    }

    fn fatal(&self, message: impl Into<String>) -> Fatal {
        Fatal {
            pos: self.pos,
            message: message.into(),
        }
    }

    fn enter(&mut self) -> Result<(), Fatal> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.fatal(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    /// Skips spaces, comments and line continuations (not line breaks).
    fn ws(&mut self) -> Result<(), Fatal> {
        loop {
            match self.peek() {
                Some(c) if is_space(c) => self.pos += 1,
                Some('`') if self.peek_at(1).is_some_and(is_newline) => {
                    self.pos += 1;
                    if self.peek() == Some('\r') && self.peek_at(1) == Some('\n') {
                        self.pos += 1;
                    }
                    self.pos += 1;
                }
                Some('#') => {
                    while self.peek().is_some_and(|c| !is_newline(c)) {
                        self.pos += 1;
                    }
                }
                Some('<') if self.peek_at(1) == Some('#') => self.block_comment()?,
                _ => return Ok(()),
            }
        }
    }

    fn block_comment(&mut self) -> Result<(), Fatal> {
        let start = self.pos;
        self.pos += 2;
        loop {
            match self.peek() {
                None => {
                    self.pos = start;
                    return Err(self.fatal("a `<#` comment is not closed"));
                }
                Some('#') if self.peek_at(1) == Some('>') => {
                    self.pos += 2;
                    return Ok(());
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Skips spaces, comments and line breaks.
    fn ws_nl(&mut self) -> Result<(), Fatal> {
        loop {
            self.ws()?;
            match self.peek() {
                Some(c) if is_newline(c) => self.pos += 1,
                _ => return Ok(()),
            }
        }
    }

    /// The word at the position, without case, when it is a keyword
    /// (letters followed by something that is not a name character).
    fn keyword(&self) -> Option<String> {
        let mut end = self.pos;
        while self.src.get(end).is_some_and(|c| c.is_ascii_alphabetic()) {
            end += 1;
        }
        if end == self.pos
            || self
                .src
                .get(end)
                .is_some_and(|&c| is_name_char(c) || c == '-')
        {
            return None;
        }
        Some(
            self.src[self.pos..end]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase(),
        )
    }

    /// Statements up to `closer` (not consumed) or the end.
    fn statements(&mut self, closer: Option<char>) -> Result<Vec<Stmt>, Fatal> {
        let mut out = Vec::new();
        loop {
            loop {
                self.ws_nl()?;
                if self.peek() == Some(';') {
                    self.pos += 1;
                } else {
                    break;
                }
            }
            match self.peek() {
                None if closer.is_none() => return Ok(out),
                None => return Err(self.fatal(format!("missing `{}`", closer.unwrap_or(')')))),
                Some(c) if Some(c) == closer => return Ok(out),
                Some(c @ (')' | '}')) => return Err(self.fatal(format!("unexpected `{c}`"))),
                _ => {}
            }
            self.statements += 1;
            if self.statements > MAX_STATEMENTS {
                return Err(self.fatal(format!("more than {MAX_STATEMENTS} statements")));
            }
            let start = self.pos;
            let depth = self.depth;
            let read = self.statement().and_then(|s| {
                self.ws()?;
                match self.peek() {
                    None | Some('\n' | '\r' | ';') => Ok(s),
                    Some(c) if Some(c) == closer => Ok(s),
                    Some(c) => skip(format!("`{c}` after the statement is not read")),
                }
            });
            self.depth = depth;
            match read {
                Ok(s) => out.push(s),
                Err(PErr::Fatal(f)) => return Err(f),
                Err(PErr::Skip(reason)) => {
                    self.pos = start;
                    let word = self.keyword().unwrap_or_default();
                    self.skip_statement()?;
                    if self.pos == start {
                        return Err(self.fatal("a statement that cannot be read"));
                    }
                    let end = self.pos;
                    out.push(match word.as_str() {
                        "throw" => Stmt::End {
                            start,
                            end,
                            reason: format!("`throw` reached (its message is not read: {reason})"),
                        },
                        "exit" | "return" | "break" | "continue" => {
                            Stmt::End { start, end, reason }
                        }
                        _ => Stmt::Skip { start, end, reason },
                    });
                }
            }
        }
    }

    /// Moves past a statement that is not evaluated: to the line break or
    /// `;` outside brackets and strings (an `else`, `catch`... on the next
    /// line continues it), or to an unmatched `)` or `}`.
    fn skip_statement(&mut self) -> Result<(), Fatal> {
        let first = self.keyword().unwrap_or_default();
        loop {
            match self.peek() {
                None => return Ok(()),
                Some(';') | Some(')') | Some('}') => return Ok(()),
                Some(c) if is_newline(c) => {
                    let save = self.pos;
                    self.ws_nl()?;
                    let next = self.keyword().unwrap_or_default();
                    let continues =
                        matches!(next.as_str(), "else" | "elseif" | "catch" | "finally")
                            || (first == "do" && matches!(next.as_str(), "while" | "until"));
                    if !continues {
                        self.pos = save;
                        return Ok(());
                    }
                }
                Some(_) => self.skip_token(0)?,
            }
        }
    }

    /// Moves past one token, string or bracketed group.
    fn skip_token(&mut self, depth: usize) -> Result<(), Fatal> {
        if depth > MAX_DEPTH {
            return Err(self.fatal(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        let c = self.peek().unwrap_or(' ');
        match c {
            '(' | '{' | '[' => {
                let close = match c {
                    '(' => ')',
                    '{' => '}',
                    _ => ']',
                };
                let open = self.pos;
                self.pos += 1;
                loop {
                    match self.peek() {
                        None => {
                            self.pos = open;
                            return Err(self.fatal(format!("`{c}` is not closed")));
                        }
                        Some(x) if x == close => {
                            self.pos += 1;
                            return Ok(());
                        }
                        Some(x @ (')' | '}' | ']')) => {
                            return Err(self.fatal(format!("`{x}` does not close `{c}`")));
                        }
                        Some(_) => self.skip_token(depth + 1)?,
                    }
                }
            }
            '#' => {
                self.ws()?;
                Ok(())
            }
            '<' if self.peek_at(1) == Some('#') => self.block_comment(),
            '`' => {
                self.pos = (self.pos + 2).min(self.src.len());
                Ok(())
            }
            '@' if self
                .peek_at(1)
                .is_some_and(|q| is_single_quote(q) || is_double_quote(q))
                && self.peek_at(2).is_some_and(is_newline) =>
            {
                self.here_string()
            }
            q if is_single_quote(q) => self.single_quoted().map(|_| ()),
            q if is_double_quote(q) => self.skip_double_quoted(depth),
            _ => {
                self.pos += 1;
                Ok(())
            }
        }
    }

    fn skip_double_quoted(&mut self, depth: usize) -> Result<(), Fatal> {
        let open = self.pos;
        self.pos += 1;
        loop {
            match self.peek() {
                None => {
                    self.pos = open;
                    return Err(self.fatal("a double-quoted string is not closed"));
                }
                Some('`') => self.pos = (self.pos + 2).min(self.src.len()),
                Some(q) if is_double_quote(q) => {
                    self.pos += 1;
                    if !self.peek().is_some_and(is_double_quote) {
                        return Ok(());
                    }
                    self.pos += 1;
                }
                Some('$') if self.peek_at(1) == Some('(') => {
                    self.pos += 1;
                    self.skip_token(depth + 1)?;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// A here-string (`@'` or `@"` to a line starting `'@` or `"@`): read
    /// past, never evaluated.
    fn here_string(&mut self) -> Result<(), Fatal> {
        let open = self.pos;
        let quote = self.peek_at(1).unwrap_or('\'');
        self.pos += 2;
        loop {
            match self.peek() {
                None => {
                    self.pos = open;
                    return Err(self.fatal("a here-string is not closed"));
                }
                Some(c) if is_newline(c) => {
                    self.pos += 1;
                    let q = self.peek();
                    let same = q.is_some_and(|q| {
                        (is_single_quote(q) && is_single_quote(quote))
                            || (is_double_quote(q) && is_double_quote(quote))
                    });
                    if same && self.peek_at(1) == Some('@') {
                        self.pos += 2;
                        return Ok(());
                    }
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// A single-quoted string: `''` is a quote, nothing else is special.
    fn single_quoted(&mut self) -> Result<String, Fatal> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => {
                    self.pos = open;
                    return Err(self.fatal("a single-quoted string is not closed"));
                }
                Some(q) if is_single_quote(q) => {
                    self.pos += 1;
                    match self.peek() {
                        Some(q2) if is_single_quote(q2) => {
                            out.push(q2);
                            self.pos += 1;
                        }
                        _ => return Ok(out),
                    }
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// A double-quoted string's parts: backtick escapes, `""`, `$name`
    /// and `${name}` expanded; a `$(...)` subexpression is not evaluated.
    fn double_quoted(&mut self) -> P<Vec<Part>> {
        let open = self.pos;
        self.pos += 1;
        let mut parts = Vec::new();
        let mut text = String::new();
        loop {
            match self.peek() {
                None => {
                    self.pos = open;
                    return Err(self.fatal("a double-quoted string is not closed").into());
                }
                Some('`') => {
                    self.pos += 1;
                    let Some(c) = self.peek() else { continue };
                    self.pos += 1;
                    text.push(match c {
                        '0' => '\0',
                        'a' => '\u{7}',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'v' => '\u{b}',
                        other => other,
                    });
                }
                Some(q) if is_double_quote(q) => {
                    self.pos += 1;
                    match self.peek() {
                        Some(q2) if is_double_quote(q2) => {
                            text.push(q2);
                            self.pos += 1;
                        }
                        _ => {
                            if !text.is_empty() {
                                parts.push(Part::Text(text));
                            }
                            return Ok(parts);
                        }
                    }
                }
                Some('$') => match self.peek_at(1) {
                    Some('(') => {
                        return skip(
                            "a `$(...)` subexpression in a double-quoted string is not evaluated",
                        );
                    }
                    Some(c) if c == '{' || is_name_char(c) || matches!(c, '$' | '?' | '^') => {
                        let v = self.variable()?;
                        if self.peek() == Some('?') || (self.peek() == Some(':') && !v.foreign) {
                            return skip(format!(
                                "`{}` followed by `{}` in a double-quoted string is not read",
                                v.written,
                                self.peek().unwrap_or(' ')
                            ));
                        }
                        if !text.is_empty() {
                            parts.push(Part::Text(std::mem::take(&mut text)));
                        }
                        parts.push(Part::Var(v));
                    }
                    _ => {
                        text.push('$');
                        self.pos += 1;
                    }
                },
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// A variable at `$`.
    fn variable(&mut self) -> P<VarRef> {
        let start = self.pos;
        self.pos += 1;
        let raw: String = match self.peek() {
            Some('{') => {
                self.pos += 1;
                let mut name = String::new();
                loop {
                    match self.peek() {
                        None => {
                            self.pos = start;
                            return Err(self.fatal("a `${` variable name is not closed").into());
                        }
                        Some('}') => {
                            self.pos += 1;
                            break;
                        }
                        Some('`') => {
                            self.pos += 1;
                            if let Some(c) = self.peek() {
                                name.push(c);
                                self.pos += 1;
                            }
                        }
                        Some(c) => {
                            name.push(c);
                            self.pos += 1;
                        }
                    }
                }
                name
            }
            Some(c @ ('$' | '?' | '^')) => {
                self.pos += 1;
                c.to_string()
            }
            Some('(') => return skip("a `$(...)` subexpression is not evaluated"),
            _ => {
                let mut name = String::new();
                while let Some(c) = self.peek() {
                    let scope = c == ':'
                        && !name.is_empty()
                        && !name.contains(':')
                        && self.peek_at(1).is_some_and(is_name_char);
                    if is_name_char(c) || scope {
                        name.push(c);
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                if name.is_empty() {
                    return skip("a `$` that names no variable");
                }
                name
            }
        };
        let written = format!("${raw}");
        let lower = raw.to_lowercase();
        let (scope, name) = match lower.split_once(':') {
            Some((s, n)) => (Some(s.to_string()), n.to_string()),
            None => (None, lower.clone()),
        };
        let foreign = match scope.as_deref() {
            None | Some("global" | "script" | "local" | "private") => {
                AUTOMATIC.contains(&name.as_str())
            }
            Some(_) => true,
        };
        Ok(VarRef {
            name,
            written,
            foreign,
        })
    }

    fn statement(&mut self) -> P<Stmt> {
        let start = self.pos;
        if let Some(header) = self.header(start) {
            return Ok(header);
        }
        if let Some(word) = self.keyword() {
            if word == "if" {
                return self.if_statement(start);
            }
            if word == "throw" {
                self.pos += 5;
                self.ws()?;
                let value = match self.peek() {
                    None | Some('\n' | '\r' | ';' | '}' | ')') => None,
                    _ => Some(self.pipeline()?),
                };
                return Ok(Stmt::Throw {
                    start,
                    end: self.pos,
                    value,
                });
            }
            if word == "trap" {
                self.trap = true;
            }
            if matches!(word.as_str(), "exit" | "return" | "break" | "continue") {
                return skip(format!("`{word}` reached: the script ends here"));
            }
            if LOOPS_AND_OTHERS.contains(&word.as_str()) {
                return skip(format!("a `{word}` statement is not evaluated"));
            }
        }
        if self.peek() == Some('$') {
            let save = self.pos;
            let var = self.variable()?;
            let mut fields = Vec::new();
            while self.peek() == Some('.') && self.peek_at(1).is_some_and(is_name_char) {
                self.pos += 1;
                fields.push(self.name());
            }
            self.ws()?;
            let op = match (self.peek(), self.peek_at(1)) {
                (Some('='), Some(c)) if c != '=' => Some(false),
                (Some('='), None) => Some(false),
                (Some('+'), Some('=')) => Some(true),
                (Some(c), Some('=')) if is_dash(c) || matches!(c, '*' | '/' | '%') => {
                    return skip("only `=` and `+=` assignments are evaluated");
                }
                _ => None,
            };
            if let Some(add) = op {
                if add && !fields.is_empty() {
                    return skip("`+=` on a property is not evaluated");
                }
                self.pos += if add { 2 } else { 1 };
                self.ws_nl()?;
                let value = self.pipeline()?;
                return Ok(Stmt::Assign {
                    start,
                    end: self.pos,
                    var,
                    fields,
                    add,
                    value,
                });
            }
            self.pos = save;
        }
        let value = self.pipeline()?;
        Ok(Stmt::Expr {
            start,
            end: self.pos,
            value,
        })
    }

    fn name(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek().filter(|&c| is_name_char(c)) {
            out.push(c);
            self.pos += 1;
        }
        out
    }

    fn if_statement(&mut self, start: usize) -> P<Stmt> {
        let mut clauses = Vec::new();
        let mut otherwise = None;
        self.pos += 2;
        loop {
            self.ws_nl()?;
            if self.peek() != Some('(') {
                return skip("`if` without a condition in parentheses");
            }
            self.pos += 1;
            self.ws_nl()?;
            let cond = self.pipeline()?;
            self.ws_nl()?;
            if self.peek() != Some(')') {
                return skip("an `if` condition that is not one pipeline");
            }
            self.pos += 1;
            let body = self.block()?;
            clauses.push((cond, body));
            let save = self.pos;
            self.ws_nl()?;
            match self.keyword().as_deref() {
                Some("elseif") => {
                    self.pos += 6;
                }
                Some("else") => {
                    self.pos += 4;
                    otherwise = Some(self.block()?);
                    break;
                }
                _ => {
                    self.pos = save;
                    break;
                }
            }
        }
        Ok(Stmt::If {
            start,
            end: self.pos,
            clauses,
            otherwise,
        })
    }

    fn block(&mut self) -> P<Vec<Stmt>> {
        self.ws_nl()?;
        if self.peek() != Some('{') {
            return skip("a statement block without `{`");
        }
        self.pos += 1;
        self.enter()?;
        let body = self.statements(Some('}'))?;
        self.depth -= 1;
        self.pos += 1;
        Ok(body)
    }

    /// A command or an expression, with no `|`.
    fn pipeline(&mut self) -> P<Expr> {
        self.enter()?;
        self.ws()?;
        let e = match self.peek() {
            Some('&') => return skip("`&` invocation is not evaluated"),
            Some('.') if self.peek_at(1).is_none_or(|c| !c.is_ascii_digit()) => {
                return skip("`.` sourcing or invocation is not evaluated");
            }
            Some(c) if c.is_alphabetic() || c == '_' || c == '\\' => Expr::Command(self.command()?),
            _ => self.expression()?,
        };
        self.ws()?;
        let e = if self.peek() == Some('|') && self.out_null()? {
            Expr::Discard(Box::new(e))
        } else {
            e
        };
        match self.peek() {
            Some('|') => return skip("a pipeline is not evaluated"),
            Some('>') => return skip("a redirection is not evaluated"),
            Some('2'..='6' | '*') if self.peek_at(1) == Some('>') => {
                return skip("a redirection is not evaluated");
            }
            _ => {}
        }
        self.depth -= 1;
        Ok(e)
    }

    /// `| Out-Null` ending the statement, consumed; else nothing moves.
    fn out_null(&mut self) -> Result<bool, Fatal> {
        let save = self.pos;
        self.pos += 1;
        self.ws()?;
        let mut word = String::new();
        while let Some(c) = self.peek().filter(|&c| is_name_char(c) || is_dash(c)) {
            word.push(if is_dash(c) { '-' } else { c });
            self.pos += 1;
        }
        self.ws()?;
        let ends = matches!(self.peek(), None | Some('\n' | '\r' | ';' | ')' | '}'));
        if word.eq_ignore_ascii_case("Out-Null") && ends {
            return Ok(true);
        }
        self.pos = save;
        Ok(false)
    }

    fn command(&mut self) -> P<Command> {
        let start = self.pos;
        let mut name = String::new();
        while let Some(c) = self.peek().filter(|&c| !ends_bare(c) && c != '(') {
            if matches!(c, '$' | '`' | '\'' | '"' | '{' | '@' | '<' | '>') {
                return skip("a command name that is not plain text");
            }
            name.push(if is_dash(c) { '-' } else { c });
            self.pos += 1;
        }
        let mut elements = Vec::new();
        loop {
            self.ws()?;
            let Some(c) = self.peek() else { break };
            match c {
                '\n' | '\r' | ';' | ')' | '}' | '|' => break,
                '>' | '<' => return skip("a redirection is not evaluated"),
                '&' => return skip("`&` in a command is not evaluated"),
                '@' if self.peek_at(1).is_some_and(is_name_char) => {
                    return skip("splatting is not evaluated");
                }
                c if is_dash(c) && self.peek_at(1).is_some_and(is_dash) => {
                    return skip("`--` and `--%` are not evaluated");
                }
                c if is_dash(c)
                    && self
                        .peek_at(1)
                        .is_some_and(|n| n.is_alphabetic() || n == '_' || n == '?') =>
                {
                    self.pos += 1;
                    let mut pname = String::new();
                    while let Some(n) = self
                        .peek()
                        .filter(|&n| is_name_char(n) || is_dash(n) || n == '?')
                    {
                        pname.push(n);
                        self.pos += 1;
                    }
                    let value = if self.peek() == Some(':') {
                        self.pos += 1;
                        self.ws()?;
                        Some(self.argument()?)
                    } else {
                        if !self.peek().is_none_or(ends_bare) {
                            return skip(format!("the parameter `-{pname}` is not read"));
                        }
                        None
                    };
                    elements.push(Element::Param { name: pname, value });
                }
                _ => elements.push(Element::Arg(self.argument()?)),
            }
        }
        Ok(Command {
            start,
            name,
            elements,
        })
    }

    /// A command argument: one value, or several joined by commas.
    fn argument(&mut self) -> P<Expr> {
        let mut items = vec![self.argument_value()?];
        loop {
            let save = self.pos;
            self.ws()?;
            if self.peek() != Some(',') {
                self.pos = save;
                break;
            }
            self.pos += 1;
            self.ws_nl()?;
            items.push(self.argument_value()?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Expr::Null)
        } else {
            Expr::Array(items)
        })
    }

    fn argument_value(&mut self) -> P<Expr> {
        let c = self.peek().unwrap_or(' ');
        let value = if is_single_quote(c) || is_double_quote(c) || matches!(c, '$' | '(' | '@') {
            self.postfix()?
        } else if c.is_ascii_digit()
            || (is_dash(c) && self.peek_at(1).is_some_and(|d| d.is_ascii_digit()))
        {
            let start = self.pos;
            let word = self.bare_word()?;
            match parse_int(&word) {
                Some(i) => Expr::Int(i),
                None if word.chars().filter(|&c| c == '.').count() >= 2
                    && word.chars().all(|c| c.is_ascii_digit() || c == '.') =>
                {
                    Expr::Str(word)
                }
                None => {
                    self.pos = start;
                    return skip(format!("the number form `{word}` is not read"));
                }
            }
        } else if matches!(c, '[' | '{' | ',' | '`') {
            return skip(format!("an argument starting with `{c}` is not read"));
        } else {
            Expr::Str(self.bare_word()?)
        };
        match self.peek() {
            Some(n) if !ends_bare(n) => skip("an argument written in several parts is not read"),
            _ => Ok(value),
        }
    }

    /// A bare word argument: text to the next space or separator.
    fn bare_word(&mut self) -> P<String> {
        let mut word = String::new();
        while let Some(c) = self.peek().filter(|&c| !ends_bare(c)) {
            if matches!(c, '$' | '`' | '(' | '{' | '<' | '>')
                || is_single_quote(c)
                || is_double_quote(c)
            {
                return skip(format!("a bare argument holding `{c}` is not read"));
            }
            word.push(c);
            self.pos += 1;
        }
        Ok(word)
    }

    fn expression(&mut self) -> P<Expr> {
        let first = self.comparison()?;
        let mut rest = Vec::new();
        loop {
            let save = self.pos;
            self.ws()?;
            let op = match self.operator().as_deref() {
                Some("and") => Op::And,
                Some("or") => Op::Or,
                Some("xor") => Op::Xor,
                _ => {
                    self.pos = save;
                    return Ok(chain(first, rest));
                }
            };
            self.ws_nl()?;
            rest.push((op, self.comparison()?));
        }
    }

    /// `-word` at the position, without case, consumed; else nothing moves.
    fn operator(&mut self) -> Option<String> {
        if !self.peek().is_some_and(is_dash) {
            return None;
        }
        let mut end = self.pos + 1;
        while self.src.get(end).is_some_and(|c| c.is_ascii_alphabetic()) {
            end += 1;
        }
        if end == self.pos + 1 || self.src.get(end).is_some_and(|&c| is_name_char(c)) {
            return None;
        }
        let word: String = self.src[self.pos + 1..end].iter().collect();
        self.pos = end;
        Some(word.to_ascii_lowercase())
    }

    fn comparison(&mut self) -> P<Expr> {
        let first = self.additive()?;
        let mut rest = Vec::new();
        loop {
            let save = self.pos;
            self.ws()?;
            let Some(word) = self.operator() else {
                self.pos = save;
                return Ok(chain(first, rest));
            };
            let bare = match word.strip_prefix('i') {
                Some(w) if !matches!(word.as_str(), "in" | "is" | "isnot") => w.to_string(),
                _ => word.clone(),
            };
            let op = match bare.as_str() {
                "eq" => Op::Eq,
                "ne" => Op::Ne,
                "gt" => Op::Gt,
                "ge" => Op::Ge,
                "lt" => Op::Lt,
                "le" => Op::Le,
                "contains" => Op::Contains,
                "notcontains" => Op::NotContains,
                "in" => Op::In,
                "notin" => Op::NotIn,
                "join" => Op::Join,
                "and" | "or" | "xor" => {
                    self.pos = save;
                    return Ok(chain(first, rest));
                }
                _ => return skip(format!("the operator `-{word}` is not evaluated")),
            };
            self.ws_nl()?;
            rest.push((op, self.additive()?));
        }
    }

    fn additive(&mut self) -> P<Expr> {
        let first = self.unary()?;
        let mut rest = Vec::new();
        loop {
            let save = self.pos;
            self.ws()?;
            match self.peek() {
                Some('+') if self.peek_at(1) != Some('=') && self.peek_at(1) != Some('+') => {
                    self.pos += 1;
                    self.ws_nl()?;
                    rest.push((Op::Add, self.unary()?));
                }
                Some('*' | '/' | '%') => return skip("arithmetic is not evaluated"),
                Some(c)
                    if is_dash(c) && !self.peek_at(1).is_some_and(|n| n.is_ascii_alphabetic()) =>
                {
                    return skip("subtraction is not evaluated");
                }
                _ => {
                    self.pos = save;
                    return Ok(chain(first, rest));
                }
            }
        }
    }

    fn unary(&mut self) -> P<Expr> {
        self.enter()?;
        self.ws()?;
        let e = match self.peek() {
            Some('!') => {
                self.pos += 1;
                Expr::Not(Box::new(self.unary()?))
            }
            Some(c) if is_dash(c) => {
                let save = self.pos;
                match self.operator().as_deref() {
                    Some("not") => Expr::Not(Box::new(self.unary()?)),
                    Some(other) => {
                        return skip(format!("the operator `-{other}` is not evaluated here"));
                    }
                    None => {
                        self.pos = save;
                        self.comma()?
                    }
                }
            }
            _ => self.comma()?,
        };
        self.depth -= 1;
        Ok(e)
    }

    fn comma(&mut self) -> P<Expr> {
        let first = self.cast()?;
        let mut items = Vec::new();
        loop {
            let save = self.pos;
            self.ws()?;
            if self.peek() != Some(',') {
                self.pos = save;
                break;
            }
            self.pos += 1;
            self.ws_nl()?;
            items.push(self.cast()?);
        }
        if items.is_empty() {
            return Ok(first);
        }
        items.insert(0, first);
        Ok(Expr::Array(items))
    }

    fn cast(&mut self) -> P<Expr> {
        if self.peek() != Some('[') {
            return self.postfix();
        }
        self.enter()?;
        self.pos += 1;
        let mut ty = String::new();
        while let Some(c) = self.peek().filter(|&c| c != ']' && !is_newline(c)) {
            ty.push(c);
            self.pos += 1;
        }
        if self.peek() != Some(']') {
            return skip("a type name that is not closed");
        }
        self.pos += 1;
        if self.peek() == Some(':') {
            return skip("static members are not evaluated");
        }
        let ty = ty.trim().to_ascii_lowercase();
        let ty = ty.strip_prefix("system.").unwrap_or(&ty).to_string();
        if !matches!(ty.as_str(), "string" | "char" | "void") {
            return skip(format!("the cast `[{ty}]` is not evaluated"));
        }
        self.ws()?;
        let inner = self.cast()?;
        self.depth -= 1;
        Ok(Expr::Cast(ty, Box::new(inner)))
    }

    fn postfix(&mut self) -> P<Expr> {
        let e = self.primary()?;
        let mut members = Vec::new();
        loop {
            match self.peek() {
                Some('.') if self.peek_at(1).is_some_and(is_name_char) => {
                    self.pos += 1;
                    let member = self.name();
                    if self.peek() == Some('(') {
                        return skip(format!("the method call `.{member}(...)` is not evaluated"));
                    }
                    members.push(member);
                }
                Some('[') => return skip("indexing is not evaluated"),
                Some(':') if self.peek_at(1) == Some(':') => {
                    return skip("static members are not evaluated");
                }
                _ if members.is_empty() => return Ok(e),
                _ => return Ok(Expr::Member(Box::new(e), members)),
            }
        }
    }

    fn primary(&mut self) -> P<Expr> {
        let Some(c) = self.peek() else {
            return skip("a value is missing");
        };
        if is_single_quote(c) {
            return Ok(Expr::Str(self.single_quoted()?));
        }
        if is_double_quote(c) {
            return Ok(Expr::Expand(self.double_quoted()?));
        }
        match c {
            '$' => {
                let v = self.variable()?;
                if !v.foreign {
                    match v.name.as_str() {
                        "true" => return Ok(Expr::Bool(true)),
                        "false" => return Ok(Expr::Bool(false)),
                        "null" => return Ok(Expr::Null),
                        _ => {}
                    }
                }
                Ok(Expr::Var(v))
            }
            '(' => {
                self.pos += 1;
                self.ws_nl()?;
                let inner = self.pipeline()?;
                self.ws_nl()?;
                if self.peek() != Some(')') {
                    return skip("parentheses holding more than one pipeline");
                }
                self.pos += 1;
                Ok(inner)
            }
            '@' => match self.peek_at(1) {
                Some('(') => {
                    self.pos += 2;
                    self.enter()?;
                    let body = self.statements(Some(')'))?;
                    self.depth -= 1;
                    self.pos += 1;
                    Ok(Expr::SubArray(body))
                }
                Some('{') => {
                    self.pos += 2;
                    self.hashtable()
                }
                Some(q) if is_single_quote(q) || is_double_quote(q) => {
                    skip("here-strings are not read")
                }
                _ => skip("`@` not followed by `(` or `{` is not read"),
            },
            '{' => skip("a script block is not evaluated"),
            c if c.is_ascii_digit()
                || (is_dash(c) && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) =>
            {
                let mut word = String::new();
                if is_dash(c) {
                    word.push('-');
                    self.pos += 1;
                }
                while let Some(d) = self
                    .peek()
                    .filter(|d| d.is_ascii_alphanumeric() || *d == '.')
                {
                    word.push(d);
                    self.pos += 1;
                }
                match parse_int(&word) {
                    Some(i) => Ok(Expr::Int(i)),
                    None => skip(format!("the number form `{word}` is not read")),
                }
            }
            _ => skip(format!("`{}` is not read here", c.escape_default())),
        }
    }

    fn hashtable(&mut self) -> P<Expr> {
        self.enter()?;
        let mut entries = Vec::new();
        loop {
            loop {
                self.ws_nl()?;
                if self.peek() == Some(';') {
                    self.pos += 1;
                } else {
                    break;
                }
            }
            match self.peek() {
                Some('}') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.fatal("a hashtable is not closed").into()),
                Some(q) if is_single_quote(q) => {
                    let key = self.single_quoted()?;
                    entries.push((key, Expr::Null));
                }
                Some(c) if is_name_char(c) => {
                    let key = self.name();
                    entries.push((key, Expr::Null));
                }
                Some(_) => return skip("a hashtable key that is not a name"),
            }
            self.ws()?;
            if self.peek() != Some('=') {
                return skip("a hashtable entry without `=`");
            }
            self.pos += 1;
            self.ws_nl()?;
            let value = self.pipeline()?;
            if let Some(last) = entries.last_mut() {
                last.1 = value;
            }
            self.ws()?;
            match self.peek() {
                Some(';' | '\n' | '\r' | '}') => {}
                _ => return skip("a hashtable entry followed by more text"),
            }
        }
        self.depth -= 1;
        Ok(Expr::Hash(entries))
    }
}

/// `first`, or `first` and the operators after it.
fn chain(first: Expr, rest: Vec<(Op, Expr)>) -> Expr {
    if rest.is_empty() {
        first
    } else {
        Expr::Chain(Box::new(first), rest)
    }
}

/// An integer as PowerShell reads one: decimal or `0x` hexadecimal, with
/// an optional sign.
fn parse_int(word: &str) -> Option<i64> {
    let (negative, digits) = match word.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, word),
    };
    let value = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        if hex.is_empty() || hex.len() > 8 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        // PowerShell reads 8 hex digits as an Int32 bit pattern.
        let v = u32::from_str_radix(hex, 16).ok()?;
        if hex.len() == 8 {
            i64::from(v as i32)
        } else {
            i64::from(v)
        }
    } else {
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let v: i64 = digits.parse().ok()?;
        if v > i64::from(i32::MAX) + 1 {
            // Beyond Int32 PowerShell makes an Int64 or a Decimal: not read.
            return None;
        }
        v
    };
    Some(if negative { -value } else { value })
}

/// Automatic and preference variables: PowerShell sets them, so a script
/// that never assigns them does not see `$null`.
const AUTOMATIC: &[&str] = &[
    "$",
    "?",
    "^",
    "_",
    "args",
    "consolefilename",
    "error",
    "event",
    "eventargs",
    "eventsubscriber",
    "executioncontext",
    "foreach",
    "home",
    "host",
    "input",
    "lastexitcode",
    "matches",
    "myinvocation",
    "nestedpromptlevel",
    "pid",
    "profile",
    "psboundparameters",
    "pscmdlet",
    "pscommandpath",
    "psculture",
    "psdebugcontext",
    "pshome",
    "psitem",
    "psscriptroot",
    "pssenderinfo",
    "psuiculture",
    "psversiontable",
    "pwd",
    "sender",
    "shellid",
    "stacktrace",
    "switch",
    "this",
    "confirmpreference",
    "debugpreference",
    "errorview",
    "formatenumerationlimit",
    "informationpreference",
    "maximumhistorycount",
    "ofs",
    "outputencoding",
    "progresspreference",
    "psdefaultparametervalues",
    "psemailserver",
    "psmoduleautoloadingpreference",
    "pssessionapplicationname",
    "pssessionconfigurationname",
    "pssessionoption",
    "verbosepreference",
    "warningpreference",
    "whatifpreference",
    "maximumaliascount",
    "maximumdrivecount",
    "maximumerrorcount",
    "maximumfunctioncount",
    "maximumvariablecount",
    "logcommandhealthevent",
    "logcommandlifecycleevent",
    "logenginehealthevent",
    "logenginelifecycleevent",
    "logproviderhealthevent",
    "logproviderlifecycleevent",
];

// ------------------------------------------------------------ evaluation

/// The .NET type a parameter or property takes, as far as reading a
/// script needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Switch,
    Bool,
    Int,
    Text,
    List,
    Object,
}

/// A value at run time.
#[derive(Clone, Debug)]
enum V {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    /// Text holding an unpaired UTF-16 surrogate (`[char]0xD83D` alone).
    Wide(Vec<u16>),
    Char(u16),
    /// Text read from the state whose .NET type is not known: usable as
    /// text, never compared.
    Opaque(String),
    List(Vec<V>),
    Hash(Vec<(String, V)>),
    /// An object of the arena.
    Obj(usize),
}

/// An object: read from the state, or made in memory.
struct Object {
    props: Props,
    /// The cmdlet whose parameters give the properties' types.
    kinds: Option<&'static str>,
    /// Where it was read from: collection, identity, property.
    origin: Option<(&'static str, String, Option<String>)>,
    /// The fields the script set on it.
    changed: Props,
    /// The state holds none of its fields (a settings object a snapshot
    /// does not collect): its fields are not known until set.
    partial: bool,
}

/// Why an evaluation did not give a value.
enum Flow {
    /// The statement is not evaluated.
    Unknown(String),
    /// The evaluation stops.
    Stop(String),
}

type R<T> = Result<T, Flow>;

fn unknown<T>(reason: impl Into<String>) -> R<T> {
    Err(Flow::Unknown(reason.into()))
}

enum Var {
    Known(V),
    Unknown(String),
}

struct Eval<'a> {
    src: &'a [char],
    lines: Vec<usize>,
    state: &'a mut Snapshot,
    report: Report,
    vars: HashMap<String, Var>,
    /// Every variable is unknown from here on (a statement not evaluated
    /// may have set any).
    all_unknown: Option<String>,
    objects: Vec<Object>,
    /// Work done so far ([`BUDGET`]).
    budget: usize,
    /// The script has a `trap`: what follows an error is not known.
    trap: bool,
    /// `Set-StrictMode` may be on: reading a variable never assigned may
    /// be an error.
    strict: bool,
    /// The script takes `-WhatIf`: the evaluation is of a run without it,
    /// where `$WhatIfPreference` is `$false`.
    should_process: bool,
}

/// How a call's errors go: `-ErrorAction`, else `$ErrorActionPreference`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OnError {
    Silent,
    Continue,
    Stop,
}

/// Work a script may make the reader do (texts built, list items made,
/// objects looked through) before the evaluation stops.
const BUDGET: usize = 64 << 20;

/// The objects and list items applying `call` looks through: every object
/// of its collection, and the items of a list it adds to or removes from.
fn apply_cost(state: &Snapshot, call: &snapshot::Call) -> usize {
    let Ok(t) = snapshot::apply::target(call) else {
        return 1;
    };
    let objects = state.list(t.collection).len();
    let target = state.find(t.collection, &t.identity);
    let items: usize = call
        .args
        .iter()
        .map(|(p, a)| match a {
            snapshot::Arg::Add(v) | snapshot::Arg::Remove(v) => {
                let held = target
                    .and_then(|o| o.get(*p))
                    .map_or(0, |l| l.items().len());
                v.len() * (held + 1)
            }
            _ => 0,
        })
        .sum();
    1 + objects + items
}

/// Common parameters every cmdlet has, and their aliases.
const COMMON: &[(&str, Kind)] = &[
    ("Debug", Kind::Switch),
    ("ErrorAction", Kind::Text),
    ("ErrorVariable", Kind::Text),
    ("InformationAction", Kind::Text),
    ("InformationVariable", Kind::Text),
    ("OutVariable", Kind::Text),
    ("OutBuffer", Kind::Int),
    ("PipelineVariable", Kind::Text),
    ("Verbose", Kind::Switch),
    ("WarningAction", Kind::Text),
    ("WarningVariable", Kind::Text),
];

const ALIASES: &[(&str, &str)] = &[
    ("ea", "ErrorAction"),
    ("ev", "ErrorVariable"),
    ("infa", "InformationAction"),
    ("iv", "InformationVariable"),
    ("ov", "OutVariable"),
    ("ob", "OutBuffer"),
    ("pv", "PipelineVariable"),
    ("vb", "Verbose"),
    ("db", "Debug"),
    ("wa", "WarningAction"),
    ("wv", "WarningVariable"),
];

/// The cmdlet table's entry for `name` (without case).
fn find_cmdlet(name: &str) -> Option<Entry> {
    cmdlets::CMDLETS
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .copied()
}

/// A cmdlet's parameters and their kinds.
type Params = &'static [(&'static str, Kind)];

/// A cmdlet, whether its parameter names are read only in full, and its
/// parameters.
type Entry = (&'static str, bool, Params);

/// The kind of property `prop` of objects whose parameters `kinds` gives.
fn prop_kind(kinds: Option<&str>, prop: &str) -> Option<Kind> {
    if prop.eq_ignore_ascii_case("Identity") {
        return Some(Kind::Text);
    }
    let (_, _, params) = find_cmdlet(kinds?)?;
    params
        .iter()
        .find(|(p, _)| p.eq_ignore_ascii_case(prop))
        .map(|(_, k)| *k)
}

/// The cmdlet that types the objects a property holds.
fn nested_kinds(prop: &str) -> Option<&'static str> {
    let p = prop.to_ascii_lowercase();
    Some(match p.as_str() {
        "mediabypasssettings" => "New-CsNetworkMediaBypassConfiguration",
        "normalizationrules" => "New-CsVoiceNormalizationRule",
        "outboundtranslationruleslist" => "New-CsOutboundTranslationRule",
        "outboundcallingnumbertranslationruleslist" => "New-CsOutboundCallingNumberTranslationRule",
        _ => return None,
    })
}

/// The cmdlet whose parameters type the objects of cmdlet noun `noun`.
fn object_kinds(noun: &str) -> Option<&'static str> {
    ["Set-", "New-"].iter().find_map(|verb| {
        let name = format!("{verb}{noun}");
        find_cmdlet(&name).map(|(n, _, _)| n)
    })
}

fn bool_text(t: &str) -> Option<bool> {
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// UTF-16 units as a value: text, or wide text when a surrogate is unpaired.
fn make_text(units: Vec<u16>) -> V {
    match String::from_utf16(&units) {
        Ok(s) => V::Str(s),
        Err(_) => V::Wide(units),
    }
}

impl Eval<'_> {
    fn skipped(&self, start: usize, end: usize, reason: String) -> Skipped {
        Skipped {
            at: locate(&self.lines, start),
            text: shown(self.src, start, end),
            reason,
        }
    }

    fn spend(&mut self, n: usize) -> R<()> {
        self.budget += n;
        if self.budget > BUDGET {
            return Err(Flow::Stop(
                "the script makes more objects, text and lists than a voice script needs: evaluation stops"
                    .into(),
            ));
        }
        Ok(())
    }

    /// Runs statements; `Err` when the evaluation stops.
    fn block(&mut self, stmts: &[Stmt]) -> Result<(), ()> {
        for s in stmts {
            self.statement(s)?;
        }
        Ok(())
    }

    fn statement(&mut self, s: &Stmt) -> Result<(), ()> {
        let (start, end) = match s {
            Stmt::Skip { start, end, .. }
            | Stmt::Header { start, end }
            | Stmt::If { start, end, .. }
            | Stmt::Throw { start, end, .. }
            | Stmt::End { start, end, .. }
            | Stmt::Assign { start, end, .. }
            | Stmt::Expr { start, end, .. } => (*start, *end),
        };
        let result = match s {
            Stmt::Header { .. } => Ok(()),
            Stmt::Skip { reason, .. } => Err(Flow::Unknown(reason.clone())),
            Stmt::End { reason, .. } => Err(Flow::Stop(reason.clone())),
            Stmt::If {
                clauses, otherwise, ..
            } => self.if_statement(clauses, otherwise.as_deref()),
            Stmt::Throw { value, .. } => {
                let message = match value {
                    None => Ok("ScriptHalted".to_string()),
                    Some(v) => self.expr(v).and_then(|v| self.text(&v)),
                };
                Err(Flow::Stop(match message {
                    Ok(m) => format!("`throw` reached: {m}"),
                    Err(Flow::Unknown(r) | Flow::Stop(r)) => {
                        format!("`throw` reached (its message is not known: {r})")
                    }
                }))
            }
            Stmt::Assign {
                var,
                fields,
                add,
                value,
                ..
            } => self.assign(var, fields, *add, value),
            Stmt::Expr { value, .. } => self.expr(value).map(|_| ()),
        };
        match result {
            Ok(()) => Ok(()),
            Err(Flow::Unknown(reason)) => {
                if let Some(stop) = self.forget(start, end) {
                    self.report.stopped = Some(self.skipped(start, end, stop));
                    return Err(());
                }
                let skipped = self.skipped(start, end, reason);
                self.report.skipped.push(skipped);
                Ok(())
            }
            // Stopped inside a block, and reported there.
            Err(Flow::Stop(reason)) if reason.is_empty() => Err(()),
            Err(Flow::Stop(reason)) => {
                let reason = if self.trap {
                    format!(
                        "{reason} (the script's `trap` may handle this: what follows is not known)"
                    )
                } else {
                    reason
                };
                self.report.stopped = Some(self.skipped(start, end, reason));
                Err(())
            }
        }
    }

    /// Inner statements stop the evaluation through `Err(())`, reported
    /// already; an unknown condition is this statement's.
    fn if_statement(&mut self, clauses: &[(Expr, Vec<Stmt>)], otherwise: Option<&[Stmt]>) -> R<()> {
        for (cond, body) in clauses {
            let holds = match self.expr(cond).and_then(|v| self.truthy(&v)) {
                Ok(b) => b,
                Err(Flow::Unknown(r)) => {
                    return unknown(format!(
                        "its condition is not known ({r}): the whole `if` is not evaluated"
                    ));
                }
                Err(stop) => return Err(stop),
            };
            if holds {
                return self.run_body(body);
            }
        }
        match otherwise {
            Some(body) => self.run_body(body),
            None => Ok(()),
        }
    }

    fn run_body(&mut self, body: &[Stmt]) -> R<()> {
        match self.block(body) {
            Ok(()) => Ok(()),
            // Reported by the inner statement; stop without a second report.
            Err(()) => Err(Flow::Stop(String::new())),
        }
    }

    /// Forgets every variable a statement not evaluated may have set;
    /// says why the evaluation must stop when it may have changed how every
    /// later call runs.
    fn forget(&mut self, start: usize, end: usize) -> Option<String> {
        let text: String = self.src[start..end].iter().collect();
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty())
            .collect();
        if words.contains(&"set-strictmode") {
            self.strict = true;
        }
        if words
            .iter()
            .any(|w| *w == "iex" || *w == "invoke-expression" || w.ends_with("-variable"))
            || lower.trim_start().starts_with(". ")
        {
            self.all_unknown.get_or_insert_with(|| {
                format!(
                    "a statement not evaluated at {} may set any variable",
                    loc_text(locate(&self.lines, start))
                )
            });
        }
        let chars: Vec<char> = text.chars().collect();
        let why = format!(
            "it may be set by the statement not evaluated at {}",
            loc_text(locate(&self.lines, start))
        );
        let mut i = 0;
        while i < chars.len() {
            if chars[i] == '-' {
                // -OutVariable name, -ov name...
                let word: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric())
                    .collect::<String>()
                    .to_lowercase();
                if word.ends_with("variable")
                    || matches!(word.as_str(), "ov" | "ev" | "wv" | "iv" | "pv")
                {
                    let mut j = i + 1 + word.chars().count();
                    while j < chars.len()
                        && (chars[j].is_whitespace()
                            || chars[j] == ':'
                            || chars[j] == '\''
                            || chars[j] == '"'
                            || chars[j] == '+')
                    {
                        j += 1;
                    }
                    let name: String = chars[j..]
                        .iter()
                        .take_while(|c| is_name_char(**c))
                        .collect::<String>()
                        .to_lowercase();
                    if !name.is_empty() {
                        self.vars.insert(name, Var::Unknown(why.clone()));
                    }
                }
                i += 1;
                continue;
            }
            if chars[i] != '$' {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            let mut name = String::new();
            if chars.get(j) == Some(&'{') {
                j += 1;
                while j < chars.len() && chars[j] != '}' {
                    name.push(chars[j]);
                    j += 1;
                }
                j += 1;
            } else {
                while j < chars.len() && (is_name_char(chars[j]) || chars[j] == ':') {
                    name.push(chars[j]);
                    j += 1;
                }
            }
            let name = name.to_lowercase();
            let name = name.rsplit(':').next().unwrap_or_default().to_string();
            // A member or index chain, then an assignment or a method call.
            let mut method = false;
            while j < chars.len() {
                match chars[j] {
                    '.' => {
                        j += 1;
                        while j < chars.len() && is_name_char(chars[j]) {
                            j += 1;
                        }
                        if chars.get(j) == Some(&'(') {
                            method = true;
                        }
                    }
                    '[' => {
                        while j < chars.len() && chars[j] != ']' {
                            j += 1;
                        }
                        j += 1;
                    }
                    _ => break,
                }
            }
            let mut k = j;
            while k < chars.len() && is_space(chars[k]) {
                k += 1;
            }
            let next: String = chars[k.min(chars.len())..].iter().take(2).collect();
            let assigned = (next.starts_with('=') && !next.starts_with("=="))
                || ["+=", "-=", "*=", "/=", "%=", "++", "--"].contains(&next.as_str());
            // `foreach ($x in ...)`
            let before: String = chars[..i]
                .iter()
                .rev()
                .skip_while(|c| c.is_whitespace())
                .take(1)
                .collect();
            let looped = before == "(" && lower.contains("foreach");
            if !name.is_empty() && (assigned || method || looped) {
                if matches!(
                    name.as_str(),
                    "whatifpreference" | "confirmpreference" | "psdefaultparametervalues"
                ) {
                    return Some(format!(
                        "a statement not evaluated may set `${name}`, which changes how every later call runs: evaluation stops"
                    ));
                }
                self.vars.insert(name, Var::Unknown(why.clone()));
            }
            i = j.max(i + 1);
        }
        None
    }

    fn assign(&mut self, var: &VarRef, fields: &[String], add: bool, value: &Expr) -> R<()> {
        if var.foreign {
            if matches!(
                var.name.as_str(),
                "whatifpreference" | "confirmpreference" | "psdefaultparametervalues"
            ) {
                return Err(Flow::Stop(format!(
                    "`{}` changes how every later call runs: evaluation stops",
                    var.written
                )));
            }
            return unknown(format!(
                "`{}` is not a variable the script owns",
                var.written
            ));
        }
        let v = self.expr(value)?;
        if !fields.is_empty() {
            return self.set_field(var, fields, v);
        }
        if var.name == "erroractionpreference" {
            let text = self.text(&v)?;
            if on_error(&text).is_none() {
                return unknown(format!(
                    "`$ErrorActionPreference = '{text}'` is not evaluated"
                ));
            }
        }
        let v = if add {
            let current = match self.vars.remove(&var.name) {
                Some(Var::Known(c)) => c,
                Some(Var::Unknown(r)) => {
                    self.vars.insert(var.name.clone(), Var::Unknown(r.clone()));
                    return unknown(format!("`{}` is not known: {r}", var.written));
                }
                None => V::Null,
            };
            match current {
                V::List(mut items) => {
                    match v {
                        V::List(more) => items.extend(more),
                        one => items.push(one),
                    }
                    self.spend(1)?;
                    if items.len() > MAX_SIZE {
                        return Err(Flow::Stop(format!(
                            "`{}` holds more than {MAX_SIZE} items: evaluation stops",
                            var.written
                        )));
                    }
                    V::List(items)
                }
                other => self.add(other, v)?,
            }
        } else {
            v
        };
        self.vars.insert(var.name.clone(), Var::Known(v));
        Ok(())
    }

    fn set_field(&mut self, var: &VarRef, fields: &[String], v: V) -> R<()> {
        if fields.len() > 1 {
            return unknown("setting a nested property is not evaluated");
        }
        let field = &fields[0];
        let V::Obj(id) = self.var(var)? else {
            return unknown(format!(
                "`{}` holds no object read from the state, so `.{field}` cannot be set",
                var.written
            ));
        };
        let o = &self.objects[id];
        let name = match o.props.keys().find(|k| k.eq_ignore_ascii_case(field)) {
            Some(k) => k.clone(),
            None => match o
                .kinds
                .and_then(find_cmdlet)
                .and_then(|(_, _, ps)| ps.iter().find(|(p, _)| p.eq_ignore_ascii_case(field)))
            {
                Some((p, _)) => p.to_string(),
                None => return unknown(format!("`{field}` is not a known property of the object")),
            },
        };
        let kind = prop_kind(o.kinds, &name).unwrap_or(Kind::Text);
        let value = self.value(&v, kind)?;
        let o = &mut self.objects[id];
        o.props.insert(name.clone(), value.clone());
        o.changed.insert(name, value);
        Ok(())
    }

    fn var(&mut self, v: &VarRef) -> R<V> {
        // A script that takes -WhatIf, evaluated as run without it.
        if v.name == "whatifpreference" && self.should_process && self.all_unknown.is_none() {
            return Ok(V::Bool(false));
        }
        if v.foreign {
            return unknown(format!(
                "`{}` is set by PowerShell or the environment, not by the script",
                v.written
            ));
        }
        if let Some(r) = &self.all_unknown {
            return unknown(format!("`{}` is not known: {r}", v.written));
        }
        match self.vars.get(&v.name) {
            Some(Var::Known(value)) => {
                let value = value.clone();
                if let V::Str(s) = &value {
                    self.spend(s.len())?;
                }
                Ok(value)
            }
            Some(Var::Unknown(r)) => unknown(format!("`{}` is not known: {r}", v.written)),
            None if v.name == "erroractionpreference" => Ok(V::Str("Continue".into())),
            None if v.name == "true" => Ok(V::Bool(true)),
            None if v.name == "false" => Ok(V::Bool(false)),
            None if v.name == "null" => Ok(V::Null),
            None if self.strict => unknown(format!(
                "`{}` is never assigned, and `Set-StrictMode` may make reading it an error",
                v.written
            )),
            // A variable never assigned is $null (and expands to nothing).
            None => Ok(V::Null),
        }
    }

    fn expr(&mut self, e: &Expr) -> R<V> {
        match e {
            Expr::Null => Ok(V::Null),
            Expr::Bool(b) => Ok(V::Bool(*b)),
            Expr::Int(i) => Ok(V::Int(*i)),
            Expr::Str(s) => {
                self.spend(s.len())?;
                Ok(V::Str(s.clone()))
            }
            Expr::Expand(parts) => {
                let mut units: Vec<u16> = Vec::new();
                for p in parts {
                    let before = units.len();
                    match p {
                        Part::Text(t) => units.extend(t.encode_utf16()),
                        Part::Var(v) => {
                            let value = self.var(v)?;
                            units.extend(self.units(&value)?);
                        }
                    }
                    self.spend(units.len() - before)?;
                    self.check_text(units.len())?;
                }
                Ok(make_text(units))
            }
            Expr::Var(v) => self.var(v),
            Expr::Member(inner, names) => {
                let mut v = self.expr(inner)?;
                for name in names {
                    v = self.member(&v, name)?;
                }
                Ok(v)
            }
            Expr::Discard(inner) => self.expr(inner).map(|_| V::Null),
            Expr::Cast(ty, inner) if ty == "void" => self.expr(inner).map(|_| V::Null),
            Expr::Cast(ty, inner) => {
                let v = self.expr(inner)?;
                if ty == "string" {
                    let units = self.units(&v)?;
                    return Ok(make_text(units));
                }
                match v {
                    V::Int(i) if (0..=0xFFFF).contains(&i) => Ok(V::Char(i as u16)),
                    V::Char(c) => Ok(V::Char(c)),
                    V::Str(s) if s.encode_utf16().count() == 1 => {
                        Ok(V::Char(s.encode_utf16().next().unwrap_or(0)))
                    }
                    _ => unknown("a `[char]` cast of something other than one character"),
                }
            }
            Expr::Not(inner) => {
                let v = self.expr(inner)?;
                Ok(V::Bool(!self.truthy(&v)?))
            }
            Expr::Chain(first, rest) => {
                let mut v = self.expr(first)?;
                for (op, r) in rest {
                    v = self.binary(*op, v, r)?;
                }
                Ok(v)
            }
            Expr::Array(items) => {
                self.spend(items.len())?;
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.expr(i)?);
                }
                Ok(V::List(out))
            }
            Expr::SubArray(stmts) => {
                let mut out = Vec::new();
                for s in stmts {
                    let Stmt::Expr { value, .. } = s else {
                        return unknown(match s {
                            Stmt::Skip { reason, .. } => {
                                format!("`@(...)` holds a statement not evaluated: {reason}")
                            }
                            _ => "`@(...)` holding statements other than values and calls".into(),
                        });
                    };
                    match self.expr(value)? {
                        V::List(items) => out.extend(items),
                        V::Null if matches!(value, Expr::Command(_)) => {}
                        other => out.push(other),
                    }
                    self.spend(1)?;
                    if out.len() > MAX_SIZE {
                        return unknown(format!("`@(...)` holding more than {MAX_SIZE} items"));
                    }
                }
                Ok(V::List(out))
            }
            Expr::Hash(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    out.push((k.clone(), self.expr(v)?));
                }
                Ok(V::Hash(out))
            }
            Expr::Command(c) => self.command(c),
        }
    }

    /// Stops on a text longer than [`MAX_SIZE`] (the work of making it is
    /// counted where it is made).
    fn check_text(&self, len: usize) -> R<()> {
        if len > MAX_SIZE {
            return Err(Flow::Stop(format!(
                "a text longer than {MAX_SIZE} characters: evaluation stops"
            )));
        }
        Ok(())
    }

    /// The value as PowerShell converts it to text, in UTF-16 units.
    fn units(&mut self, v: &V) -> R<Vec<u16>> {
        Ok(match v {
            V::Null => Vec::new(),
            V::Bool(b) => (if *b { "True" } else { "False" }).encode_utf16().collect(),
            V::Int(i) => i.to_string().encode_utf16().collect(),
            V::Str(s) | V::Opaque(s) => s.encode_utf16().collect(),
            V::Wide(u) => u.clone(),
            V::Char(c) => vec![*c],
            // Items joined with `$OFS`, a space when the script never sets it.
            V::List(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    if matches!(item, V::List(_) | V::Hash(_) | V::Obj(_)) {
                        return unknown("the text form of a list holding lists or objects");
                    }
                    if i > 0 {
                        out.push(u16::from(b' '));
                    }
                    let item = self.units(item)?;
                    self.spend(item.len() + 1)?;
                    out.extend(item);
                    self.check_text(out.len())?;
                }
                out
            }
            V::Hash(_) | V::Obj(_) => return unknown("the text form of an object is not known"),
        })
    }

    fn text(&mut self, v: &V) -> R<String> {
        let units = self.units(v)?;
        String::from_utf16(&units)
            .map_err(|_| Flow::Unknown("a text holding an unpaired UTF-16 surrogate".into()))
    }

    fn truthy(&mut self, v: &V) -> R<bool> {
        Ok(match v {
            V::Null => false,
            V::Bool(b) => *b,
            V::Int(i) => *i != 0,
            V::Str(s) => !s.is_empty(),
            V::Wide(u) => !u.is_empty(),
            V::Char(_) => return unknown("the truth of a `[char]`"),
            V::Opaque(_) => {
                return unknown("a value read from the state whose type is not known");
            }
            V::List(items) => match items.len() {
                0 => false,
                1 => self.truthy(&items[0])?,
                _ => true,
            },
            V::Hash(_) | V::Obj(_) => true,
        })
    }

    fn member(&mut self, v: &V, name: &str) -> R<V> {
        if name.eq_ignore_ascii_case("Count") || name.eq_ignore_ascii_case("Length") {
            match v {
                V::List(items) => return Ok(V::Int(items.len() as i64)),
                V::Null => return Ok(V::Int(0)),
                V::Obj(id)
                    if !self.objects[*id]
                        .props
                        .keys()
                        .any(|k| k.eq_ignore_ascii_case(name)) =>
                {
                    return Ok(V::Int(1));
                }
                V::Obj(_) => {}
                _ if name.eq_ignore_ascii_case("Count") => return Ok(V::Int(1)),
                _ => return unknown("`.Length` of a value other than a list"),
            }
        }
        match v {
            V::Null => Ok(V::Null),
            V::Obj(id) => self.property(*id, name),
            V::Hash(entries) => Ok(entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map_or(V::Null, |(_, v)| v.clone())),
            // Member enumeration: the property of each item.
            V::List(items) => {
                let mut out = Vec::new();
                for item in items {
                    match self.member(item, name)? {
                        V::Null => {}
                        V::List(more) => out.extend(more),
                        one => out.push(one),
                    }
                }
                Ok(match out.len() {
                    0 => V::Null,
                    1 => out.pop().unwrap_or(V::Null),
                    _ => V::List(out),
                })
            }
            _ => unknown(format!(
                "the member `.{name}` of a value that is not an object"
            )),
        }
    }

    fn property(&mut self, id: usize, name: &str) -> R<V> {
        let o = &self.objects[id];
        let found = o
            .props
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(k, v)| (k.clone(), v.clone()));
        let kinds = o.kinds;
        let top = match &o.origin {
            Some((c, i, None)) => Some((*c, i.clone())),
            _ => None,
        };
        match found {
            Some((k, value)) => {
                let kind = prop_kind(kinds, &k);
                let v = self.typed(&value, kind, nested_kinds(&k));
                if let (V::Obj(n), Some((c, i))) = (&v, top) {
                    self.objects[*n].origin = Some((c, i, Some(k)));
                }
                Ok(v)
            }
            None if o.partial => unknown(format!("`{name}` of the object is not in the snapshot")),
            None => {
                let canonical = kinds
                    .and_then(find_cmdlet)
                    .and_then(|(_, _, ps)| ps.iter().find(|(p, _)| p.eq_ignore_ascii_case(name)));
                match (canonical, top) {
                    // A settings object Lync always has and the snapshot
                    // does not hold: its fields are known once set.
                    (Some((p, Kind::Object)), Some((c, i))) => {
                        self.objects.push(Object {
                            props: Props::new(),
                            kinds: nested_kinds(p),
                            origin: Some((c, i, Some(p.to_string()))),
                            changed: Props::new(),
                            partial: true,
                        });
                        Ok(V::Obj(self.objects.len() - 1))
                    }
                    _ => Ok(V::Null),
                }
            }
        }
    }

    /// A snapshot value as PowerShell would see it, typed by `kind`.
    fn typed(&mut self, v: &Value, kind: Option<Kind>, nested: Option<&'static str>) -> V {
        match v {
            Value::Null => V::Null,
            Value::Text(t) => match kind {
                Some(Kind::Bool | Kind::Switch) => {
                    bool_text(t).map_or(V::Opaque(t.clone()), V::Bool)
                }
                Some(Kind::Int) => t.trim().parse().map_or(V::Opaque(t.clone()), V::Int),
                Some(Kind::Text | Kind::List) => V::Str(t.clone()),
                _ => V::Opaque(t.clone()),
            },
            Value::List(items) => {
                let item_kind = if kind == Some(Kind::List) {
                    Some(Kind::Text)
                } else {
                    None
                };
                V::List(
                    items
                        .iter()
                        .map(|i| self.typed(i, item_kind, nested))
                        .collect(),
                )
            }
            Value::Object(props) => {
                self.objects.push(Object {
                    props: props.clone(),
                    kinds: nested,
                    origin: None,
                    changed: Props::new(),
                    partial: false,
                });
                V::Obj(self.objects.len() - 1)
            }
        }
    }

    /// A value given to a parameter (or a property) of kind `kind`, as the
    /// snapshot holds it.
    fn value(&mut self, v: &V, kind: Kind) -> R<Value> {
        Ok(match (v, kind) {
            (V::Null, _) => Value::Null,
            (V::List(items), Kind::List) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.item(i)?);
                }
                Value::List(out)
            }
            (one, Kind::List) => Value::List(vec![self.item(one)?]),
            (V::Bool(b), Kind::Bool | Kind::Switch) => Value::bool(*b),
            (V::Int(i), Kind::Bool | Kind::Switch) => Value::bool(*i != 0),
            (_, Kind::Bool | Kind::Switch) => {
                return unknown(
                    "a Boolean parameter given something other than $true, $false or a number (PowerShell refuses it)",
                );
            }
            (V::Int(i), Kind::Int) => Value::text(i.to_string()),
            (V::Str(s) | V::Opaque(s), Kind::Int) => match s.trim().parse::<i64>() {
                Ok(i) => Value::text(i.to_string()),
                Err(_) => return unknown(format!("`{s}` given to a number parameter")),
            },
            (_, Kind::Int) => {
                return unknown("a number parameter given something other than a number");
            }
            (V::Obj(id), Kind::Object) => self.whole(*id)?,
            (_, Kind::Object) => {
                return unknown("an object parameter given something other than an object");
            }
            (V::List(_), Kind::Text) => return unknown("a list given to a text parameter"),
            (V::Hash(_), _) => {
                return unknown("a hashtable given to a parameter that is not a list");
            }
            (other, Kind::Text) => Value::text(self.text(other)?),
        })
    }

    fn item(&mut self, v: &V) -> R<Value> {
        match v {
            V::Obj(id) => self.whole(*id),
            V::List(_) | V::Hash(_) => unknown("a list inside a list"),
            V::Null => Ok(Value::Null),
            other => Ok(Value::text(self.text(other)?)),
        }
    }

    fn whole(&self, id: usize) -> R<Value> {
        let o = &self.objects[id];
        if o.partial {
            return unknown("an object whose fields are not all known, given whole");
        }
        Ok(Value::Object(o.props.clone()))
    }

    fn binary(&mut self, op: Op, left: V, r: &Expr) -> R<V> {
        match op {
            Op::And | Op::Or => {
                let lt = self.truthy(&left)?;
                if (op == Op::And && !lt) || (op == Op::Or && lt) {
                    return Ok(V::Bool(lt));
                }
                let right = self.expr(r)?;
                return Ok(V::Bool(self.truthy(&right)?));
            }
            _ => {}
        }
        let right = self.expr(r)?;
        match op {
            Op::Xor => {
                let (a, b) = (self.truthy(&left)?, self.truthy(&right)?);
                Ok(V::Bool(a != b))
            }
            Op::Add => self.add(left, right),
            Op::Join => {
                let sep = self.text(&right)?;
                let items = match left {
                    V::List(items) => items,
                    V::Null => Vec::new(),
                    one => vec![one],
                };
                let mut parts = Vec::with_capacity(items.len());
                for i in &items {
                    parts.push(self.text(i)?);
                }
                let joined = parts.join(&sep);
                self.spend(joined.len())?;
                self.check_text(joined.len())?;
                Ok(V::Str(joined))
            }
            Op::Eq | Op::Ne | Op::Gt | Op::Ge | Op::Lt | Op::Le => {
                if let V::List(items) = &left {
                    // A list on the left filters: the items that compare.
                    let mut out = Vec::new();
                    for i in items {
                        if self.compare(op, i, &right)? {
                            out.push(i.clone());
                        }
                    }
                    return Ok(V::List(out));
                }
                Ok(V::Bool(self.compare(op, &left, &right)?))
            }
            Op::Contains | Op::NotContains | Op::In | Op::NotIn => {
                let (list, one) = if matches!(op, Op::Contains | Op::NotContains) {
                    (left, right)
                } else {
                    (right, left)
                };
                let items = match list {
                    V::List(items) => items,
                    V::Null => Vec::new(),
                    one => vec![one],
                };
                let mut found = false;
                for i in &items {
                    if self.compare(Op::Eq, i, &one)? {
                        found = true;
                        break;
                    }
                }
                Ok(V::Bool(found == matches!(op, Op::Contains | Op::In)))
            }
            Op::And | Op::Or => unreachable!("handled above"),
        }
    }

    /// `left <op> right` for one left value, converting the right value to
    /// the left one's type as PowerShell does.
    fn compare(&mut self, op: Op, left: &V, right: &V) -> R<bool> {
        let eq = match (left, right) {
            (V::Null, V::Null) => Some(true),
            (V::Null, _) | (_, V::Null) => Some(false),
            _ => None,
        };
        if let Some(eq) = eq {
            return match op {
                Op::Eq => Ok(eq),
                Op::Ne => Ok(!eq),
                _ => unknown("ordering with $null"),
            };
        }
        let ordering = match (left, right) {
            (V::Int(a), V::Int(b)) => a.cmp(b),
            (V::Int(a), V::Str(b)) => match b.trim().parse::<i64>() {
                Ok(b) => a.cmp(&b),
                Err(_) => return unknown(format!("`{b}` compared with a number")),
            },
            (V::Bool(a), V::Bool(_) | V::Str(_) | V::Int(_)) if matches!(op, Op::Eq | Op::Ne) => {
                let b = self.truthy(right)?;
                return Ok((*a == b) == (op == Op::Eq));
            }
            (V::Str(a), V::Str(_) | V::Int(_) | V::Bool(_) | V::Char(_))
                if matches!(op, Op::Eq | Op::Ne) =>
            {
                let b = self.text(right)?;
                let eq = if a.is_ascii() && b.is_ascii() {
                    a.eq_ignore_ascii_case(&b)
                } else if a == &b {
                    true
                } else {
                    return unknown("comparing non-ASCII texts without case");
                };
                return Ok(eq == (op == Op::Eq));
            }
            (V::Opaque(_), _) | (_, V::Opaque(_)) => {
                return unknown("a value read from the state whose type is not known is compared");
            }
            (V::Str(_), _) => return unknown("ordering texts depends on the culture"),
            _ => return unknown("a comparison of values of these types"),
        };
        Ok(match op {
            Op::Eq => ordering.is_eq(),
            Op::Ne => ordering.is_ne(),
            Op::Gt => ordering.is_gt(),
            Op::Ge => ordering.is_ge(),
            Op::Lt => ordering.is_lt(),
            Op::Le => ordering.is_le(),
            _ => unreachable!("only comparisons"),
        })
    }

    fn add(&mut self, left: V, right: V) -> R<V> {
        match left {
            V::Null => Ok(right),
            V::Str(mut text) => {
                // Appended in place: a long `'a' + 'b' + ...` chain (topoc's
                // quoting of a long non-ASCII text) costs what it adds.
                let more = self.units(&right)?;
                self.spend(more.len())?;
                match String::from_utf16(&more) {
                    Ok(more) => {
                        text.push_str(&more);
                        self.check_text(text.len() / 4)?;
                        Ok(V::Str(text))
                    }
                    Err(_) => {
                        let mut units: Vec<u16> = text.encode_utf16().collect();
                        self.spend(units.len())?;
                        units.extend(more);
                        self.check_text(units.len())?;
                        Ok(make_text(units))
                    }
                }
            }
            V::Wide(mut units) => {
                let more = self.units(&right)?;
                self.spend(more.len())?;
                units.extend(more);
                self.check_text(units.len())?;
                Ok(make_text(units))
            }
            V::Int(a) => match right {
                V::Int(b) => a
                    .checked_add(b)
                    .filter(|s| i32::try_from(*s).is_ok())
                    .map(V::Int)
                    .ok_or_else(|| Flow::Unknown("a sum beyond Int32".into())),
                _ => unknown("adding a value that is not a number to a number"),
            },
            V::List(mut items) => {
                match right {
                    V::List(more) => items.extend(more),
                    one => items.push(one),
                }
                self.spend(items.len())?;
                if items.len() > MAX_SIZE {
                    return unknown(format!("a list of more than {MAX_SIZE} items"));
                }
                Ok(V::List(items))
            }
            V::Char(_) => unknown("`+` after a `[char]` adds numbers, not texts"),
            _ => unknown("`+` on values of these types"),
        }
    }

    /// Runs a command: a voice cmdlet read or applied, anything else not
    /// evaluated.
    fn command(&mut self, c: &Command) -> R<V> {
        let Some((cmdlet, exact, params)) = find_cmdlet(&c.name) else {
            return unknown(not_evaluated(&c.name));
        };
        let (verb, noun) = cmdlet.split_once('-').unwrap_or((cmdlet, ""));
        let collection = snapshot::apply::collection(noun);
        let rule = snapshot::apply::RULES
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(noun))
            .map(|&(_, parent, _)| parent);
        // Topology a script may read: trunks and sites.
        let trunk = noun == "CsTrunk" || noun == "CsSite";
        // A media bypass settings object, made in memory to be set whole.
        let settings = cmdlet == "New-CsNetworkMediaBypassConfiguration";
        if (collection.is_none() && rule.is_none() && !trunk && !settings)
            || !matches!(verb, "Get" | "New" | "Set" | "Remove")
        {
            return unknown(format!(
                "`{cmdlet}` is not evaluated: it is not a New-, Set-, Remove- or Get- cmdlet of an object topoc models"
            ));
        }
        // Bind parameters.
        let mut bound: Vec<(&'static str, Kind, V)> = Vec::new();
        let mut elements = c.elements.iter();
        while let Some(el) = elements.next() {
            let Element::Param { name, value, .. } = el else {
                return unknown(format!(
                    "a positional argument of `{cmdlet}` is not read: name its parameter"
                ));
            };
            let (pname, kind) = resolve(cmdlet, exact, params, name)?;
            if bound.iter().any(|(p, _, _)| *p == pname) {
                return unknown(format!(
                    "`-{pname}` is given twice (PowerShell refuses the call)"
                ));
            }
            let v = match (kind, value) {
                (Kind::Switch, None) => V::Bool(true),
                (Kind::Switch, Some(e)) => match self.expr(e)? {
                    V::Bool(b) => V::Bool(b),
                    _ => {
                        return unknown(format!(
                            "`-{pname}:` given something other than $true or $false"
                        ));
                    }
                },
                (_, Some(e)) => self.expr(e)?,
                (_, None) => match elements.next() {
                    Some(Element::Arg(e)) => self.expr(e)?,
                    _ => {
                        return unknown(format!(
                            "`-{pname}` has no argument (PowerShell refuses the call)"
                        ));
                    }
                },
            };
            bound.push((pname, kind, v));
        }
        let get = |p: &str| {
            bound
                .iter()
                .find(|(n, _, _)| *n == p)
                .map(|(_, _, v)| v.clone())
        };
        let flag = |p: &str| matches!(get(p), Some(V::Bool(true)));
        for p in [
            "OutVariable",
            "ErrorVariable",
            "WarningVariable",
            "InformationVariable",
            "PipelineVariable",
        ] {
            if get(p).is_some() {
                return unknown(format!("`-{p}` sets a variable: not evaluated"));
            }
        }
        if get("Instance").is_some() {
            return unknown("`-Instance` is not evaluated: name the object and its properties");
        }
        if get("Filter").is_some() {
            return unknown("`-Filter` is not evaluated");
        }
        if flag("Confirm") {
            return unknown("`-Confirm` asks before the change: whether it is made is not known");
        }
        let on_error = match get("ErrorAction") {
            Some(v) => {
                let t = self.text(&v)?;
                on_error(&t)
                    .ok_or_else(|| Flow::Unknown(format!("`-ErrorAction {t}` is not evaluated")))?
            }
            None => {
                let pref = VarRef {
                    name: "erroractionpreference".into(),
                    written: "$ErrorActionPreference".into(),
                    foreign: false,
                };
                let v = self.var(&pref)?;
                let t = self.text(&v)?;
                on_error(&t)
                    .ok_or_else(|| Flow::Unknown(format!("`$ErrorActionPreference` is `{t}`")))?
            }
        };
        let identity = match get("Identity") {
            Some(v) => Some(self.text(&v)?),
            None => None,
        };
        if settings {
            let mut props = Props::new();
            for (pname, kind, v) in &bound {
                if COMMON.iter().any(|(p, _)| p == pname) {
                    continue;
                }
                props.insert(pname.to_string(), self.value(v, *kind)?);
            }
            self.objects.push(Object {
                props,
                kinds: Some(cmdlet),
                origin: None,
                changed: Props::new(),
                partial: false,
            });
            return Ok(V::Obj(self.objects.len() - 1));
        }
        if verb == "Get" {
            return self.read(c, cmdlet, noun, collection, rule, identity, on_error);
        }
        if flag("WhatIf") {
            return unknown("`-WhatIf`: the call changes nothing");
        }
        let in_memory = flag("InMemory");
        if identity.is_none() && rule.is_none() && get("Name").is_none() {
            return unknown(format!(
                "`{cmdlet}` without `-Identity` changes the global object in Lync: not evaluated"
            ));
        }
        if in_memory && (verb != "New" || rule.is_none()) {
            return unknown(format!("`{cmdlet} -InMemory` is not evaluated"));
        }
        let mut call = Call::new(cmdlet);
        for (pname, kind, v) in &bound {
            if *kind == Kind::Switch
                || COMMON.iter().any(|(p, _)| p == pname)
                || matches!(*pname, "WhatIf" | "Confirm")
                || (in_memory && *pname == "Priority")
            {
                continue;
            }
            let arg = self.arg(pname, *kind, v, collection, identity.as_deref())?;
            call.args.push((pname, arg));
        }
        if in_memory {
            // An in-memory rule's priority is its place in the list it is
            // put in (what `deploy.ps1`'s lists and Lync's `Replace` mean).
            self.objects.push(Object {
                props: call.object(),
                kinds: Some(cmdlet),
                origin: None,
                changed: Props::new(),
                partial: false,
            });
            return Ok(V::Obj(self.objects.len() - 1));
        }
        // Applying a call looks its object up among all of its kind (and a
        // list among its items): the work grows with the state, and is
        // spent so that a script making many objects ends quickly.
        let size = apply_cost(self.state, &call);
        self.spend(size)?;
        match snapshot::apply(self.state, &call) {
            Ok(effect) => {
                self.report.applied.push(Applied {
                    at: locate(&self.lines, c.start),
                    call,
                    effect,
                });
                Ok(V::Null)
            }
            Err(e) if on_error == OnError::Stop || self.trap => Err(Flow::Stop(format!(
                "Lync refuses the call ({e}) and errors stop the script here (ErrorAction Stop)"
            ))),
            Err(e) => unknown(format!(
                "Lync refuses the call ({e}); the script goes on without it"
            )),
        }
    }

    /// A `Get-` call: the object, `$null` when missing (an error under
    /// ErrorAction Stop), or every object when no identity is given.
    #[allow(clippy::too_many_arguments)]
    fn read(
        &mut self,
        c: &Command,
        cmdlet: &str,
        noun: &str,
        collection: Option<&'static str>,
        rule: Option<&'static str>,
        identity: Option<String>,
        on_error: OnError,
    ) -> R<V> {
        let coll = match (collection, rule) {
            (Some(c), _) => c,
            (None, Some(parent)) => parent,
            (None, None) if noun == "CsSite" => "Sites",
            (None, None) => "Trunks",
        };
        // Get-CsSite takes a site's name; Lync prints its identity `Site:Name`.
        let identity = match identity {
            Some(i) if coll == "Sites" && !i.contains(':') => Some(format!("Site:{i}")),
            other => other,
        };
        let kinds = if rule.is_some() {
            object_kinds(noun).and_then(|_| find_cmdlet(&format!("New-{noun}")).map(|(n, _, _)| n))
        } else {
            object_kinds(noun)
        };
        let Some(identity) = identity else {
            if rule.is_some() {
                return unknown(format!("`{cmdlet}` without -Identity is not evaluated"));
            }
            let list: Vec<Props> = self.state.list(coll).to_vec();
            self.spend(list.len())?;
            let mut out = Vec::new();
            for props in list {
                let origin = props
                    .get("Identity")
                    .and_then(Value::as_text)
                    .map(str::to_string);
                self.objects.push(Object {
                    props,
                    kinds,
                    origin: origin.map(|i| (coll, i, None)),
                    changed: Props::new(),
                    partial: false,
                });
                out.push(V::Obj(self.objects.len() - 1));
            }
            return Ok(match out.len() {
                0 => V::Null,
                1 => out.pop().unwrap_or(V::Null),
                _ => V::List(out),
            });
        };
        let found: Option<Props> = if rule.is_some() {
            let (parent, name) = identity.rsplit_once('/').unwrap_or((&identity, ""));
            let list = snapshot::apply::RULES
                .iter()
                .find(|(n, _, _)| n.eq_ignore_ascii_case(noun))
                .map_or("", |r| r.2);
            self.state
                .find(coll, parent)
                .and_then(|o| o.get(list))
                .and_then(|rules| {
                    rules.items().into_iter().find_map(|r| match r {
                        Value::Object(p)
                            if p.get("Name")
                                .and_then(Value::as_text)
                                .is_some_and(|n| n.eq_ignore_ascii_case(name)) =>
                        {
                            Some(p.clone())
                        }
                        _ => None,
                    })
                })
        } else {
            self.spend(self.state.list(coll).len())?;
            self.state.find(coll, &identity).cloned()
        };
        match found {
            Some(props) => {
                let stored = props
                    .get("Identity")
                    .and_then(Value::as_text)
                    .unwrap_or(&identity)
                    .to_string();
                self.objects.push(Object {
                    props,
                    kinds,
                    origin: if rule.is_some() {
                        None
                    } else {
                        Some((coll, stored, None))
                    },
                    changed: Props::new(),
                    partial: false,
                });
                Ok(V::Obj(self.objects.len() - 1))
            }
            None => match on_error {
                OnError::Silent => Ok(V::Null),
                _ if self.trap => Err(Flow::Stop(format!(
                    "`{cmdlet}` finds no `{identity}`, an error"
                ))),
                OnError::Stop => Err(Flow::Stop(format!(
                    "`{cmdlet}` finds no `{identity}`, and errors stop the script here (ErrorAction Stop)"
                ))),
                OnError::Continue => {
                    let note = self.skipped(
                        c.start,
                        c.start + c.name.chars().count(),
                        format!("`{cmdlet}` finds no `{identity}`: it writes an error and gives nothing, and the script goes on"),
                    );
                    self.report.skipped.push(note);
                    Ok(V::Null)
                }
            },
        }
    }

    /// A bound parameter as a call argument.
    fn arg(
        &mut self,
        pname: &str,
        kind: Kind,
        v: &V,
        collection: Option<&'static str>,
        identity: Option<&str>,
    ) -> R<Arg> {
        match (v, kind) {
            (V::Hash(entries), Kind::List) => {
                let [(key, value)] = entries.as_slice() else {
                    return unknown(format!(
                        "`-{pname}` given a hashtable that is not exactly one of Add, Remove, Replace"
                    ));
                };
                let items = match value {
                    V::Null => None,
                    V::List(items) => Some(items.clone()),
                    one => Some(vec![one.clone()]),
                };
                let mut values = Vec::new();
                for i in items.iter().flatten() {
                    values.push(self.item(i)?);
                }
                match key.to_ascii_lowercase().as_str() {
                    "add" => Ok(Arg::Add(values)),
                    "remove" => Ok(Arg::Remove(values)),
                    "replace" if items.is_none() => Ok(Arg::Value(Value::Null)),
                    "replace" => Ok(Arg::Value(Value::List(values))),
                    _ => unknown(format!("`-{pname}` given `@{{{key}=...}}`")),
                }
            }
            (V::Obj(id), Kind::Object) => {
                let o = &self.objects[*id];
                if let (Some((c, i, Some(p))), Some(coll), Some(identity)) =
                    (&o.origin, collection, identity)
                    && *c == coll
                    && snapshot::key(coll, i) == snapshot::key(coll, identity)
                    && p.eq_ignore_ascii_case(pname)
                {
                    // The object read from this very setting and changed:
                    // the fields set on it change, the others stay.
                    return Ok(Arg::Merge(o.changed.clone()));
                }
                Ok(Arg::Value(self.whole(*id)?))
            }
            _ => Ok(Arg::Value(self.value(v, kind)?)),
        }
    }
}

fn on_error(text: &str) -> Option<OnError> {
    Some(match text.to_ascii_lowercase().as_str() {
        "silentlycontinue" | "ignore" => OnError::Silent,
        "continue" => OnError::Continue,
        "stop" => OnError::Stop,
        _ => return None,
    })
}

/// Why a command that is not a voice cmdlet topoc knows is not evaluated.
fn not_evaluated(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let why = match lower.split_once('-').map_or("", |(v, _)| v) {
        _ if lower == "invoke-expression" || lower == "iex" => "it runs text as code",
        "grant" => "it assigns a policy to users, which a snapshot does not hold",
        "publish" | "enable" | "disable" | "install" => "it changes the topology or the servers",
        "invoke" | "start" | "stop" => "it runs something",
        "import" => "it loads modules or data",
        "write" | "out" | "format" => "it only writes output",
        _ => "it is not a New-, Set-, Remove- or Get- cmdlet of an object topoc models",
    };
    format!("`{name}` is not evaluated: {why}")
}

/// A parameter name as PowerShell binds it: in full, an alias, or a
/// prefix of exactly one parameter.
fn resolve(cmdlet: &str, exact: bool, params: Params, name: &str) -> R<(&'static str, Kind)> {
    let all = || params.iter().chain(COMMON.iter());
    if let Some(&(p, k)) = all().find(|(p, _)| p.eq_ignore_ascii_case(name)) {
        return Ok((p, k));
    }
    if let Some((_, full)) = ALIASES.iter().find(|(a, _)| a.eq_ignore_ascii_case(name))
        && let Some(&(p, k)) = COMMON.iter().find(|(p, _)| p == full)
    {
        return Ok((p, k));
    }
    if exact {
        return unknown(format!(
            "the cmdlet reference table does not list the parameters of `{cmdlet}`: `-{name}` is read only when it is a parameter written in full"
        ));
    }
    let lower = name.to_ascii_lowercase();
    let matching: Vec<&(&str, Kind)> = all()
        .filter(|(p, _)| p.to_ascii_lowercase().starts_with(&lower))
        .collect();
    match matching.as_slice() {
        [one] => Ok(**one),
        [] => unknown(format!(
            "`{cmdlet}` has no parameter `-{name}` (PowerShell refuses the call)"
        )),
        many => unknown(format!(
            "`-{name}` is ambiguous for `{cmdlet}`: it may be {} (PowerShell refuses the call)",
            many.iter()
                .map(|(p, _)| format!("-{p}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

// ---------------------------------------------------------------- report

/// The index of the first character of each line.
fn line_starts(chars: &[char]) -> Vec<usize> {
    let mut starts = vec![0];
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' || (c == '\r' && chars.get(i + 1) != Some(&'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

fn locate(lines: &[usize], pos: usize) -> Location {
    let line = lines.partition_point(|&s| s <= pos).max(1);
    Location {
        line,
        column: pos - lines[line - 1] + 1,
    }
}

fn loc_text(l: Location) -> String {
    format!("line {}, column {}", l.line, l.column)
}

/// A statement's text for a report: printable ASCII, shortened.
fn shown(chars: &[char], start: usize, end: usize) -> String {
    let end = end.min(chars.len());
    let start = start.min(end);
    let mut out = String::new();
    for (n, &c) in chars[start..end].iter().enumerate() {
        if n >= SHOWN {
            out.push_str("...");
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            ' '..='~' => out.push(c),
            _ => out.push_str(&format!("<U+{:04X}>", c as u32)),
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::powershell::quote;

    fn run(script: &str) -> (Snapshot, Report) {
        let mut s = Snapshot::empty();
        let r = evaluate(script, &mut s);
        (s, r)
    }

    /// The description a route gets from `-Description <arg>`.
    fn description(arg: &str) -> Option<String> {
        let (s, r) = run(&format!("New-CsVoiceRoute -Identity R -Description {arg}"));
        assert!(r.stopped.is_none(), "{r:#?}");
        let route = s.find("VoiceRoutes", "R")?;
        route
            .get("Description")
            .and_then(Value::as_text)
            .map(str::to_string)
    }

    fn reasons(r: &Report) -> Vec<String> {
        r.skipped.iter().map(|s| s.reason.clone()).collect()
    }

    #[test]
    fn arguments_are_what_powershell_passes() {
        // An unknown variable expands to nothing.
        assert_eq!(description(r#""+1$1""#).as_deref(), Some("+1"));
        assert_eq!(description(r#"'+1$1'"#).as_deref(), Some("+1$1"));
        // A backtick escapes the dollar; two backticks are one backtick,
        // and then `$b` (never assigned) expands to nothing.
        assert_eq!(description(r#""a`$b""#).as_deref(), Some("a$b"));
        assert_eq!(description(r#""a``$b""#).as_deref(), Some("a`"));
        assert_eq!(description(r#""${1}x""#).as_deref(), Some("x"));
        assert_eq!(
            description(r#""tab`there `"q`" ""d"" $""#).as_deref(),
            Some("tab\there \"q\" \"d\" $")
        );
        assert_eq!(description("'it''s'").as_deref(), Some("it's"));
        assert_eq!(description("bare:word").as_deref(), Some("bare:word"));
        assert_eq!(description("20").as_deref(), Some("20"));
        assert_eq!(description("0x1F").as_deref(), Some("31"));
        assert_eq!(description("$true").as_deref(), Some("True"));
        // Typographic quotes are quotes to PowerShell.
        assert_eq!(
            description("\u{2018}it\u{2019}\u{2019}s\u{2019}").as_deref(),
            Some("it\u{2019}s")
        );
        assert_eq!(description("\u{201C}x\u{201D}").as_deref(), Some("x"));
        // Variables, expanded and concatenated.
        let (s, r) = run("$n = 'Red'; $m = \"${n}mond\" + '-' + 5\nNew-CsVoiceRoute -Identity $m");
        assert!(r.skipped.is_empty(), "{r:#?}");
        assert!(s.find("VoiceRoutes", "Redmond-5").is_some());
    }

    #[test]
    fn topoc_quoting_reads_back_exactly() {
        for text in [
            "plain",
            "O'Brien",
            "Z\u{fc}rich",
            "a\u{2019}b",
            "\u{111}; x'",
            "\n",
            "\u{1F4DE} call",
            "",
            "$(x) `n \"y\"",
        ] {
            assert_eq!(
                description(&quote(text)).as_deref(),
                Some(text),
                "{}",
                quote(text)
            );
        }
        // A lone surrogate cannot be a snapshot's text: reported.
        let (_, r) = run("New-CsVoiceRoute -Identity R -Description ('' + [char]0xD83D)");
        assert!(reasons(&r)[0].contains("surrogate"), "{r:#?}");
        // `[char]` first adds numbers in PowerShell: not evaluated.
        let (_, r) = run("New-CsVoiceRoute -Identity R -Description ([char]0x41 + 'b')");
        assert!(reasons(&r)[0].contains("[char]"), "{r:#?}");
    }

    #[test]
    fn parameter_names_resolve_as_powershell_binds_them() {
        let (s, r) = run(
            "New-CsVoiceRoute -Identity R\nSet-CsVoiceRoute -Identity R -Num '^1$' -prio:3 -Desc:'d' -SuppressCallerId:$true -Force",
        );
        assert!(r.skipped.is_empty(), "{r:#?}");
        let route = s.find("VoiceRoutes", "R").unwrap();
        assert_eq!(route["NumberPattern"], Value::text("^1$"));
        assert_eq!(route["Priority"], Value::text("3"));
        assert_eq!(route["Description"], Value::text("d"));
        assert_eq!(route["SuppressCallerId"], Value::text("True"));
        let call = &r.applied[1].call;
        let names: Vec<&str> = call.args.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            names,
            [
                "Identity",
                "NumberPattern",
                "Priority",
                "Description",
                "SuppressCallerId"
            ]
        );

        // Ambiguous: reported, never guessed.
        let (s, r) = run("New-CsVoiceRoute -Identity R\nSet-CsVoiceRoute -Identity R -Pstn 'x'");
        assert_eq!(r.skipped.len(), 1);
        assert_eq!(r.skipped[0].at, Location { line: 2, column: 1 });
        assert!(
            r.skipped[0].reason.contains("`-Pstn` is ambiguous for `Set-CsVoiceRoute`: it may be -PstnGatewayList, -PstnUsages"),
            "{r:#?}"
        );
        assert!(
            s.find("VoiceRoutes", "R")
                .unwrap()
                .get("PstnUsages")
                .is_none()
        );
        let (_, r) = run("Set-CsVoiceRoute -Identity R -E Stop");
        assert!(
            reasons(&r)[0].contains("-ErrorAction, -ErrorVariable"),
            "{r:#?}"
        );
        let (_, r) = run("Set-CsVoiceRoute -Identity R -Bogus 1");
        assert!(
            reasons(&r)[0].contains("has no parameter `-Bogus`"),
            "{r:#?}"
        );
        // A cmdlet the reference table lacks: full names only.
        let (s, r) = run(
            "New-CsNetworkRegion -Identity EU -CentralSite London\nSet-CsNetworkRegion -Identity EU -Desc x\nSet-CsNetworkRegion -Identity EU -description y",
        );
        assert_eq!(r.skipped.len(), 1, "{r:#?}");
        assert!(r.skipped[0].reason.contains("written in full"));
        assert_eq!(
            s.find("NetworkRegions", "eu").unwrap()["Description"],
            Value::text("y")
        );
        // Positional arguments, missing arguments, twice the same one.
        let (_, r) = run(
            "New-CsVoiceRoute R\nNew-CsVoiceRoute -Identity\nNew-CsVoiceRoute -Identity A -Identity B",
        );
        let why = reasons(&r);
        assert!(why[0].contains("positional"), "{why:?}");
        assert!(why[1].contains("no argument"), "{why:?}");
        assert!(why[2].contains("twice"), "{why:?}");
        // A Boolean parameter takes no text.
        let (_, r) = run("New-CsVoiceRoute -Identity R -SuppressCallerId 'False'");
        assert!(reasons(&r)[0].contains("Boolean"), "{r:#?}");
    }

    #[test]
    fn list_arguments_add_remove_and_replace() {
        let (s, r) = run("Set-CsPstnUsage -Identity global -Usage @{Add='x'}\n\
             Set-CsPstnUsage -Identity global -Usage @{ Add = 'y', 'z' }\n\
             Set-CsPstnUsage -Identity global -Usage @{Remove='Y'}\n\
             New-CsVoiceRoute -Identity R -PstnUsages @{Replace='a','b'}\n\
             New-CsVoiceRoute -Identity S -PstnUsages 'only'\n\
             New-CsVoiceRoute -Identity T -PstnUsages @('a'; 'b') -PstnGatewayList $null");
        assert!(r.skipped.is_empty(), "{r:#?}");
        let list = |c: &str, i: &str, p: &str| s.find(c, i).unwrap()[p].clone();
        let texts = |t: &[&str]| Value::List(t.iter().map(|x| Value::text(*x)).collect());
        assert_eq!(list("PstnUsages", "global", "Usage"), texts(&["x", "z"]));
        assert_eq!(list("VoiceRoutes", "R", "PstnUsages"), texts(&["a", "b"]));
        assert_eq!(list("VoiceRoutes", "S", "PstnUsages"), texts(&["only"]));
        assert_eq!(list("VoiceRoutes", "T", "PstnUsages"), texts(&["a", "b"]));
        assert_eq!(list("VoiceRoutes", "T", "PstnGatewayList"), Value::Null);
        assert_eq!(
            r.applied[0].call.args[1].1,
            Arg::Add(vec![Value::text("x")])
        );
        let (_, r) = run("Set-CsPstnUsage -Identity global -Usage @{Add='x'; Remove='y'}");
        assert!(reasons(&r)[0].contains("exactly one of Add, Remove, Replace"));
    }

    #[test]
    fn in_memory_rules_and_objects_read_back() {
        let (s, r) = run("New-CsDialPlan -Identity site:A\n\
             $rules = @(\n\
                 New-CsVoiceNormalizationRule -Identity 'site:A/Ext' -Priority 0 -Pattern '^(\\d{3})$' -Translation '+1425555$1' -InMemory\n\
                 New-CsVoiceNormalizationRule -Parent site:A -Name Local -Pattern '^(\\d{7})$' -Translation '+1425$1' -InMemory:$true\n\
             )\n\
             Set-CsDialPlan -Identity site:A -NormalizationRules @{Replace = $rules}\n\
             $n = (Get-CsDialPlan -Identity 'Site:A').NormalizationRules.Count\n\
             if ($n -eq 2 -and ((Get-CsDialPlan site:A -ea 0) -or $true)) { New-CsVoiceRoute -Identity Two }");
        let rules = s.find("DialPlans", "site:A").unwrap()["NormalizationRules"].clone();
        let names: Vec<String> = rules
            .items()
            .iter()
            .map(|r| match r {
                Value::Object(p) => p["Name"].as_text().unwrap().to_string(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(names, ["Ext", "Local"]);
        assert!(!rules.display().contains("Priority"));
        // The positional `site:A` inside the condition: the whole `if` is
        // not evaluated.
        assert_eq!(r.skipped.len(), 1, "{r:#?}");
        assert!(r.skipped[0].reason.contains("positional"), "{r:#?}");
        assert!(s.find("VoiceRoutes", "Two").is_none());
        let (s, r) = run("New-CsDialPlan -Identity site:A -Description d\n\
             $p = Get-CsDialPlan -Identity site:A\n\
             if ($p.Description -eq 'D' -and $p.NormalizationRules.Count -eq 0) { New-CsVoiceRoute -Identity Yes } else { New-CsVoiceRoute -Identity No }");
        assert!(r.skipped.is_empty(), "{r:#?}");
        assert!(s.find("VoiceRoutes", "Yes").is_some());
    }

    #[test]
    fn settings_objects_change_in_the_fields_set() {
        let (s, r) = run(
            "$b = (Get-CsNetworkConfiguration -Identity global).MediaBypassSettings\n\
             if ($b.BypassID -eq 'x') { }\n\
             $b.Enabled = $true\n\
             $b.internalbypassmode = 'Any'\n\
             Set-CsNetworkConfiguration -Identity global -MediaBypassSettings $b\n\
             $c = (Get-CsNetworkConfiguration -Identity global).MediaBypassSettings\n\
             if ($c.Enabled) { $c.AlwaysBypass = $false; Set-CsNetworkConfiguration -Identity Global -MediaBypassSettings $c }\n\
             $c.NoSuchField = 1",
        );
        let settings =
            s.find("NetworkConfiguration", "global").unwrap()["MediaBypassSettings"].clone();
        assert_eq!(
            settings,
            Value::Object(Props::from([
                ("AlwaysBypass".into(), Value::text("False")),
                ("Enabled".into(), Value::text("True")),
                ("InternalBypassMode".into(), Value::text("Any")),
            ]))
        );
        assert!(matches!(r.applied[0].call.args[1].1, Arg::Merge(_)));
        let why = reasons(&r);
        assert_eq!(why.len(), 2, "{why:?}");
        assert!(
            why[0].contains("`BypassID` of the object is not in the snapshot"),
            "{why:?}"
        );
        assert!(why[1].contains("not a known property"), "{why:?}");
    }

    #[test]
    fn a_settings_object_made_in_memory_replaces_them_all() {
        let (s, r) = run(
            "$old = (Get-CsNetworkConfiguration -Identity global).MediaBypassSettings\n\
             $old.ExternalBypassMode = 'Off'\n\
             Set-CsNetworkConfiguration -Identity global -MediaBypassSettings $old\n\
             $b = New-CsNetworkMediaBypassConfiguration -Enabled $true -InternalBypassMode Any -AlwaysBypass:$false\n\
             Set-CsNetworkConfiguration -Identity global -MediaBypassSettings $b",
        );
        assert!(r.skipped.is_empty(), "{r:#?}");
        assert_eq!(
            s.find("NetworkConfiguration", "global").unwrap()["MediaBypassSettings"],
            Value::Object(Props::from([
                ("AlwaysBypass".into(), Value::text("False")),
                ("Enabled".into(), Value::text("True")),
                ("InternalBypassMode".into(), Value::text("Any")),
            ]))
        );
    }

    #[test]
    fn conditions_are_decided_from_the_state_or_not_at_all() {
        let (s, r) = run("$missing = @()\n\
             if (-not (Get-CsVoiceRoute -Identity 'A' -ErrorAction SilentlyContinue)) { $missing += 'A' }\n\
             if (!(Get-CsVoicePolicy -Identity global -ErrorAction 'SilentlyContinue')) { $missing += 'global' }\n\
             $usages = (Get-CsPstnUsage -Identity 'global').Usage\n\
             if ($usages -notcontains 'Local' -and 'x' -in 'X','y') { Set-CsPstnUsage -Identity global -Usage @{Add='Local'} }\n\
             if ($missing.Count -gt 1) { throw 'no' } elseif ($missing -contains 'a') { New-CsVoiceRoute -Identity A } else { throw 'no' }\n\
             if ($env:COMPUTERNAME -eq 'x') { New-CsVoiceRoute -Identity B; $later = 1 }\n\
             New-CsVoiceRoute -Identity \"C$later\"");
        assert!(s.find("VoiceRoutes", "A").is_some());
        assert!(s.find("VoiceRoutes", "B").is_none());
        assert!(s.find("VoiceRoutes", "C").is_none());
        assert_eq!(
            s.find("PstnUsages", "global").unwrap()["Usage"],
            Value::List(vec![Value::text("Local")])
        );
        let why = reasons(&r);
        assert_eq!(why.len(), 2, "{why:?}");
        assert!(
            why[0].contains("the whole `if` is not evaluated"),
            "{why:?}"
        );
        assert!(why[0].contains("$env:COMPUTERNAME"), "{why:?}");
        assert!(why[1].contains("`$later` is not known"), "{why:?}");
        assert_eq!(r.skipped[0].at, Location { line: 7, column: 1 });
        // A `throw` reached stops everything after it.
        let (s, r) = run("if (1 -lt 2) { throw \"stop $(1)\" }\nNew-CsVoiceRoute -Identity X");
        assert!(
            r.stopped
                .unwrap()
                .reason
                .contains("its message is not read")
        );
        assert!(s.find("VoiceRoutes", "X").is_none());
        // Text ordering depends on the culture: not decided.
        let (_, r) = run("if ('a' -lt 'b') { New-CsVoiceRoute -Identity X }");
        assert!(reasons(&r)[0].contains("culture"));
    }

    #[test]
    fn errors_go_on_or_stop_as_error_action_says() {
        // Lync refuses; the default preference (Continue) goes on.
        let (s, r) =
            run("Set-CsVoiceRoute -Identity Missing -Priority 1\nNew-CsVoiceRoute -Identity After");
        assert!(reasons(&r)[0].contains("does not exist"));
        assert!(s.find("VoiceRoutes", "After").is_some());
        let (s, r) = run(
            "$ErrorActionPreference = 'Stop'\nGet-CsVoiceRoute -Identity Missing\nNew-CsVoiceRoute -Identity After",
        );
        assert_eq!(r.stopped.unwrap().at.line, 2);
        assert!(s.find("VoiceRoutes", "After").is_none());
        let (s, r) = run(
            "Get-CsVoiceRoute -Identity Missing -ErrorAction Stop; New-CsVoiceRoute -Identity After",
        );
        assert!(r.stopped.is_some());
        assert!(s.find("VoiceRoutes", "After").is_none());
        let (_, r) = run("New-CsVoiceRoute -Identity W -WhatIf");
        assert!(r.applied.is_empty());
        assert!(reasons(&r)[0].contains("WhatIf"));
        let (_, r) = run("$WhatIfPreference = $true\nNew-CsVoiceRoute -Identity W");
        assert!(r.stopped.unwrap().reason.contains("every later call"));
        assert!(r.applied.is_empty());
    }

    #[test]
    fn what_is_not_evaluated_is_reported_where_it_is() {
        let script = "<# header\n   comment #>\n\
                      Import-Module Lync # loads the cmdlets\n\
                      Grant-CsVoicePolicy -Identity 'Ken' -PolicyName Execs\n\
                      Get-CsVoiceRoute | Remove-CsVoiceRoute\n\
                      foreach ($r in 'a','b') {\n  New-CsVoiceRoute -Identity $r\n}\n\
                      function Make { New-CsVoiceRoute -Identity F }\n\
                      Make\n\
                      & 'New-CsVoiceRoute' -Identity G\n\
                      . .\\more.ps1\n\
                      $p = @{Identity = 'H'}; New-CsVoiceRoute @p\n\
                      Invoke-Expression 'New-CsVoiceRoute -Identity I'\n\
                      New-CsVoiceRoute -Identity \"J$(Remove-Item C:\\ -Recurse)\"\n\
                      try { New-CsVoiceRoute -Identity K }\n\
                      catch { }\n\
                      New-CsVoiceRoute -Identity $r\n\
                      New-CsVoiceRoute `\n    -Identity Last";
        let (s, r) = run(script);
        let at: Vec<(usize, usize)> = r.skipped.iter().map(|s| (s.at.line, s.at.column)).collect();
        assert_eq!(
            at,
            [
                (3, 1),
                (4, 1),
                (5, 1),
                (6, 1),
                (9, 1),
                (10, 1),
                (11, 1),
                (12, 1),
                (13, 25),
                (14, 1),
                (15, 1),
                (16, 1),
                (18, 1),
                (19, 1)
            ],
            "{:#?}",
            r.skipped
        );
        let why = reasons(&r);
        assert!(why[3].contains("`foreach`"), "{why:?}");
        assert!(why[6].contains("`&`"), "{why:?}");
        assert!(why[7].contains("`.` sourcing"), "{why:?}");
        assert!(why[8].contains("splatting"), "{why:?}");
        assert!(why[9].contains("runs text as code"), "{why:?}");
        assert!(why[10].contains("`$(...)`"), "{why:?}");
        assert!(why[12].contains("`$r` is not known"), "{why:?}");
        // `. .\more.ps1` may set any variable, `$ErrorActionPreference`
        // too: the last call is not evaluated either.
        assert!(
            why[13].contains("`$ErrorActionPreference` is not known"),
            "{why:?}"
        );
        assert_eq!(r.skipped[5].text, "Make");
        assert!(
            r.skipped[3]
                .text
                .starts_with("foreach ($r in 'a','b') {\\n")
        );
        assert!(s.list("VoiceRoutes").is_empty());
        let (s, r) =
            run("New-CsVoiceRoute -Identity A\nif ($true) { exit }\nNew-CsVoiceRoute -Identity B");
        assert!(r.stopped.unwrap().reason.contains("`exit` reached"));
        assert_eq!(s.list("VoiceRoutes").len(), 1);
        let (s, r) = run(
            "trap { continue }\n$ErrorActionPreference = 'Continue'\nSet-CsVoiceRoute -Identity Missing\nNew-CsVoiceRoute -Identity B",
        );
        assert!(r.stopped.unwrap().reason.contains("`trap`"));
        assert!(s.list("VoiceRoutes").is_empty());
    }

    #[test]
    fn a_script_that_does_not_parse_is_not_run() {
        for bad in [
            "New-CsVoiceRoute -Identity A\nNew-CsVoiceRoute -Identity 'B",
            "New-CsVoiceRoute -Identity A\nif ($true) { New-CsVoiceRoute -Identity B",
            "New-CsVoiceRoute -Identity A\n$x = \"abc",
            "New-CsVoiceRoute -Identity A\n<# open",
            "New-CsVoiceRoute -Identity A\n)",
        ] {
            let (s, r) = run(bad);
            assert!(r.applied.is_empty(), "{bad}");
            assert!(s.find("VoiceRoutes", "A").is_none());
            let stopped = r.stopped.expect(bad);
            assert!(stopped.reason.contains("does not parse"), "{stopped:?}");
            assert_eq!(stopped.at.line, 2, "{bad}: {stopped:?}");
        }
    }

    #[test]
    fn automatic_and_strict_variables_are_not_guessed() {
        assert_eq!(
            description(r#""$true/$false/$null""#).as_deref(),
            Some("True/False/")
        );
        let (_, r) = run("New-CsVoiceRoute -Identity \"R$PSScriptRoot\"");
        assert!(
            reasons(&r)[0].contains("`$PSScriptRoot` is set by PowerShell"),
            "{r:#?}"
        );
        let (s, r) = run(
            "Set-StrictMode -Version Latest\nNew-CsVoiceRoute -Identity \"R$1\"\nWrite-Host 'a complex plan'\n$x = 'X'\nNew-CsVoiceRoute -Identity $x",
        );
        assert!(reasons(&r)[1].contains("`Set-StrictMode`"), "{r:#?}");
        assert!(s.find("VoiceRoutes", "X").is_some(), "{r:#?}");
        let (s, r) = run(
            "Write-Host $WhatIfPreference\nNew-CsVoiceRoute -Identity A\nSet-Variable -Name x -Value 1; $global:WhatIfPreference = 1\nNew-CsVoiceRoute -Identity B",
        );
        assert!(s.find("VoiceRoutes", "A").is_some());
        assert_eq!(r.stopped.unwrap().at.line, 3);
        let (_, r) = run("Set-CsPstnUsage -Usage @{Add='x'}");
        assert!(reasons(&r)[0].contains("without `-Identity`"), "{r:#?}");
    }

    #[test]
    fn a_script_that_takes_what_if_is_evaluated_as_run_without_it() {
        let header = "# comment\n[CmdletBinding(SupportsShouldProcess = $true)]\nparam()\n";
        let (s, r) = run(&format!(
            "{header}$ErrorActionPreference = 'Stop'\nif ($WhatIfPreference) {{ throw 'no' }}\nNew-CsVoiceRoute -Identity A"
        ));
        assert!(r.skipped.is_empty() && r.stopped.is_none(), "{r:#?}");
        assert!(s.find("VoiceRoutes", "A").is_some());
        // Without the header, $WhatIfPreference is the session's: not known.
        let (_, r) = run("if ($WhatIfPreference) { throw 'no' }\nNew-CsVoiceRoute -Identity A");
        assert!(reasons(&r)[0].contains("WhatIfPreference"), "{r:#?}");
        // A header with parameters of its own is not the script's plain header.
        let (_, r) = run("[CmdletBinding()]\nparam($Pool = 'x')\nNew-CsVoiceRoute -Identity A");
        assert!(!r.skipped.is_empty(), "{r:#?}");
        let (_, r) = run(
            "[CmdletBinding(SupportsShouldProcess = $(Remove-Item C:\\))]\nparam()\nNew-CsVoiceRoute -Identity A",
        );
        assert!(!r.skipped.is_empty(), "{r:#?}");
    }

    #[test]
    fn script_files_are_read_as_windows_powershell_reads_them() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\xC3\xA9").unwrap(), "a\u{e9}");
        assert_eq!(decode(b"\xFF\xFEa\x00\xE9\x00").unwrap(), "a\u{e9}");
        assert_eq!(decode(b"\xFE\xFF\x00a\x00\xE9").unwrap(), "a\u{e9}");
        assert_eq!(decode(b"plain").unwrap(), "plain");
        assert!(decode(b"a\xC3\xA9").unwrap_err().contains("ANSI code page"));
        assert!(decode(b"\xFF\xFE\x00\xD8").is_err());
    }

    #[test]
    fn output_dropped_is_still_run() {
        let (s, r) = run(
            "New-CsVoiceRoute -Identity A | Out-Null\n[void](New-CsVoiceRoute -Identity B)\n$x = New-CsVoiceRoute -Identity C | out-null\nNew-CsVoiceRoute -Identity D | Out-Null -Verbose",
        );
        assert_eq!(s.list("VoiceRoutes").len(), 3, "{r:#?}");
        assert_eq!(r.skipped.len(), 1);
        assert!(r.skipped[0].reason.contains("pipeline"));
    }

    #[test]
    fn reports_are_printable_ascii() {
        let (_, r) = run("Grant-CsVoicePolicy -Identity \"\u{e9}\u{1b}[31m\"\r\nWrite-Host x");
        assert_eq!(
            r.skipped[0].text,
            "Grant-CsVoicePolicy -Identity \"<U+00E9><U+001B>[31m\""
        );
        assert_eq!(r.skipped[1].at, Location { line: 2, column: 1 });
        let long = format!("Write-Host '{}'", "x".repeat(1000));
        let (_, r) = run(&long);
        assert!(r.skipped[0].text.ends_with("..."));
        assert!(r.skipped[0].text.len() < 210);
    }
}
