//! What can still be checked when lowering failed: the project with the
//! declarations that hold an error left out.
//!
//! One misspelt name used to hide every other mistake of a project: with
//! an error, lowering returns no model and no check runs. Here each error's
//! innermost declaration (a top-level declaration, or a pool, gateway,
//! trunk, network object or `allow` inside one) is left out and the
//! rest lowered again; what then refers to a left-out declaration is left
//! out in turn, until the rest lowers cleanly. The model of what is left
//! is complete in itself (every reference valid), so checks that judge one
//! declaration by itself and what it names can run on it
//! (`check::check_partial`); nothing that depends on the whole project
//! (routing, tests, bypass) may be concluded from it.

use super::{Model, lower};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{Sources, Span};
use crate::syntax::ast::{self, Key, Stmt};

/// Rounds of leaving out before giving up: each round leaves out at least
/// one more declaration, and chains of references are short.
const MAX_ROUNDS: usize = 16;

/// Statements inside a declaration that can be left out on their own
/// (not a rule: a dial plan without it would be judged for its other
/// rules, or for having none; the whole plan is left out instead).
fn removable_inside(key: Key) -> bool {
    matches!(
        key,
        Key::FrontendPool
            | Key::MediationPool
            | Key::Gateway
            | Key::Trunk
            | Key::EdgePool
            | Key::Region
            | Key::NetworkSite
            | Key::InterSite
            | Key::RegionLink
            | Key::RegionRoute
            | Key::BandwidthProfile
            | Key::Allow
    )
}

/// The model of the declarations of `files` that hold none of `errors`
/// (the lowering errors of the whole project) and refer to none that do;
/// `None` when an error lies outside every
/// declaration or the rest does not lower within [`MAX_ROUNDS`].
pub fn lower_partial(
    sources: &Sources,
    files: &[&ast::File],
    errors: &[Diagnostic],
) -> Option<Model> {
    let mut left_out: Vec<Span> = Vec::new();
    let mut pending: Vec<Span> = error_spans(errors);
    for _ in 0..MAX_ROUNDS {
        let before = left_out.len();
        for at in &pending {
            let decl = files
                .iter()
                .filter(|f| f.file == at.file)
                .find_map(|f| innermost(&f.decls, *at, true))?;
            // The deployment block sets the product and the encryption
            // level many checks read: without it, they would judge another
            // deployment. Nothing is checked then.
            if decl.key == Key::Deployment {
                return None;
            }
            if !left_out.contains(&decl.span) {
                left_out.push(decl.span);
            }
        }
        if left_out.len() == before {
            return None;
        }
        let rest: Vec<ast::File> = files.iter().map(|f| without(f, &left_out)).collect();
        match lower(sources, &rest.iter().collect::<Vec<_>>()) {
            (Some(model), _) => return Some(model),
            (None, diags) => pending = error_spans(&diags),
        }
    }
    None
}

fn error_spans(diags: &[Diagnostic]) -> Vec<Span> {
    diags
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| d.primary.span)
        .collect()
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end
}

/// The innermost statement of `stmts` (or below) that holds `at` and can
/// be left out; top-level statements always can.
fn innermost(stmts: &[Stmt], at: Span, top: bool) -> Option<&Stmt> {
    let stmt = stmts.iter().find(|s| contains(s.span, at))?;
    let deeper = stmt
        .body
        .as_ref()
        .and_then(|b| innermost(&b.stmts, at, false));
    deeper.or((top || removable_inside(stmt.key)).then_some(stmt))
}

/// `file` without the statements whose spans are in `left_out`.
fn without(file: &ast::File, left_out: &[Span]) -> ast::File {
    ast::File {
        file: file.file,
        decls: kept(&file.decls, left_out),
        comments: Vec::new(),
    }
}

fn kept(stmts: &[Stmt], left_out: &[Span]) -> Vec<Stmt> {
    stmts
        .iter()
        .filter(|s| !left_out.contains(&s.span))
        .map(|s| Stmt {
            key: s.key,
            key_span: s.key_span,
            args: s.args.clone(),
            body: s.body.as_ref().map(|b| ast::Body {
                stmts: kept(&b.stmts, left_out),
                span: b.span,
            }),
            span: s.span,
        })
        .collect()
}
