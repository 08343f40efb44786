//! Hover: for a trunk, its effective configuration and where each value
//! comes from (`topoc show trunk`); for a PSTN usage, everything that uses
//! it (`topoc show usage`); for any other name, what it is and where it is
//! declared; for a pattern, a number it matches and what the checks say
//! about it (the .NET caveats among them); for a diagnostic code in an
//! `allow`, or a place a diagnostic points at, `topoc explain`.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use crate::analysed::Analysed;
use crate::diagnostics::Code;
use crate::source::{FileId, Span};
use crate::syntax::ast::{self, Arg, Key, Stmt};

use super::project::Project;
use super::text::{Encoding, Lines};

/// The hover at a place.
pub fn hover(p: &Project, file: FileId, offset: usize, encoding: Encoding) -> Option<Hover> {
    let (text, span) = name_hover(p, file, offset)
        .or_else(|| token_hover(p, file, offset))
        .or_else(|| diagnostic_hover(p, file, offset))?;
    let lines = Lines::new(p.sources.get(file).text(), encoding);
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(lines.range(span.start as usize, span.end as usize)),
    })
}

/// Text shown as is, in a fenced block (no Markdown of a name can act).
fn fenced(text: &str) -> String {
    let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
    format!("{fence}text\n{}\n{fence}", text.trim_end())
}

fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

fn name_hover(p: &Project, file: FileId, offset: usize) -> Option<(String, Span)> {
    let d = p.name_at(file, offset)?;
    let here = p.occurrence_at(d, file, offset).unwrap_or(d.span);
    let shown = match (d.kind, p.checked.model.as_ref(), p.checked.graph.as_ref()) {
        ("trunk", Some(model), Some(graph)) => {
            let analysed = Analysed::new(model, graph);
            super::super::show::trunk_text(&analysed, &p.sources, &d.name)
        }
        ("PSTN usage", Some(model), _) => {
            super::super::show::usage_text(model, &p.sources, &d.name)
        }
        _ => None,
    };
    let at = p.sources.line_col(d.span);
    let mut text = fenced(&format!(
        "{} {} (declared at {}:{at})",
        d.kind,
        d.name,
        p.sources.get(d.span.file).name()
    ));
    if let Some(shown) = shown {
        text.push_str("\n\n");
        text.push_str(&fenced(&shown));
    }
    Some((text, here))
}

/// A pattern, or the code of an `allow`.
fn token_hover(p: &Project, file: FileId, offset: usize) -> Option<(String, Span)> {
    let (tree, _) = crate::syntax::parse_file(p.sources.get(file));
    let (stmt, index) = arg_at(&tree, offset)?;
    let arg = &stmt.args[index];
    match (stmt.key, arg) {
        (Key::Allow, Arg::Word(span)) => {
            let code = Code::lookup(p.sources.slice(*span))?;
            Some((code.info().markdown(), *span))
        }
        (_, Arg::Pattern(span)) if is_regex(stmt, index) => Some((pattern_hover(p, *span), *span)),
        _ => None,
    }
}

/// Whether the pattern argument at `index` is a regular expression (not a
/// translation, a dial string or a prefix).
fn is_regex(stmt: &Stmt, index: usize) -> bool {
    let next_is_arrow = stmt
        .args
        .get(index + 1)
        .is_some_and(|a| matches!(a, Arg::Keyword(_)));
    let after_arrow = index > 0 && matches!(stmt.args[index - 1], Arg::Keyword(_));
    match stmt.key {
        Key::Pattern | Key::Owns | Key::Sends | Key::LyncNumbers => true,
        Key::Rule => next_is_arrow && !after_arrow,
        _ => false,
    }
}

fn pattern_hover(p: &Project, span: Span) -> String {
    let text = crate::lexical::unquote_pattern(p.sources.slice(span));
    let mut out = Vec::new();
    match crate::netregex::Regex::new(&text) {
        Err(e) => out.push(format!("not a pattern .NET accepts: {}", e.message)),
        Ok(re) => match crate::dialset::of_regex(&re) {
            Ok(set) => match set.shortest() {
                Some(w) => out.push(format!("matches, for example: {w}")),
                None => out.push("matches no dial string".into()),
            },
            Err(e) => out.push(format!(
                "topoc cannot compute what it matches: {}",
                e.reason()
            )),
        },
    }
    for d in p.checked.diagnostics.iter().filter(|d| {
        d.primary.span.file == span.file
            && d.primary.span.start < span.end
            && span.start < d.primary.span.end.max(d.primary.span.start + 1)
    }) {
        let info = d.code.info();
        out.push(format!("{} {}: {}", info.id, info.name, d.message));
    }
    fenced(&out.join("\n"))
}

/// What `topoc explain` says of the diagnostics at a place.
fn diagnostic_hover(p: &Project, file: FileId, offset: usize) -> Option<(String, Span)> {
    let here: Vec<_> = p
        .checked
        .diagnostics
        .iter()
        .filter(|d| {
            d.primary.span.file == file
                && (d.primary.span.start as usize..=d.primary.span.end as usize).contains(&offset)
        })
        .collect();
    let span = here.first()?.primary.span;
    let mut codes: Vec<Code> = here.iter().map(|d| d.code).collect();
    codes.dedup();
    let text = codes
        .iter()
        .map(|c| c.info().markdown())
        .collect::<Vec<_>>()
        .join("\n\n---\n\n");
    Some((text, span))
}

/// The innermost statement holding `offset` in one of its arguments (an
/// item of a list counts as its list), and the argument's index.
pub fn arg_at(tree: &ast::File, offset: usize) -> Option<(&Stmt, usize)> {
    let mut stmts: &[Stmt] = &tree.decls;
    loop {
        let stmt = stmts
            .iter()
            .find(|s| (s.span.start as usize..=s.span.end as usize).contains(&offset))?;
        if let Some(i) = stmt.args.iter().position(|a| {
            let s = a.span();
            (s.start as usize..=s.end as usize).contains(&offset)
        }) {
            return Some((stmt, i));
        }
        stmts = &stmt.body.as_ref()?.stmts;
    }
}

/// The statements with a block that holds `span`, outermost first.
pub fn blocks_holding(tree: &ast::File, span: Span) -> Vec<&Stmt> {
    let mut stmts: &[Stmt] = &tree.decls;
    let mut found = Vec::new();
    while let Some(stmt) = stmts
        .iter()
        .find(|s| s.body.is_some() && s.span.start <= span.start && span.end <= s.span.end)
    {
        found.push(stmt);
        match &stmt.body {
            Some(body) => stmts = &body.stmts,
            None => break,
        }
    }
    found
}
