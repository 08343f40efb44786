//! Go to definition, find references and rename, for every declared name
//! (sites, pools, servers, gateways, trunks, usages, routes, network
//! regions and sites, bandwidth profiles, tests) across the files of the
//! project: from the names lowering declared and the references it
//! resolved ([`crate::model::lower::Names`]), so the editor follows a name
//! exactly where topoc does.

use std::collections::HashMap;

use lsp_types::{Location, PrepareRenameResponse, TextEdit, Uri, WorkspaceEdit};

use crate::source::{FileId, Span};

use super::project::Project;
use super::text::{Encoding, Lines, uri_of};

fn location(p: &Project, span: Span, encoding: Encoding) -> Location {
    let lines = Lines::new(p.sources.get(span.file).text(), encoding);
    Location::new(
        uri_of(p.path(span.file)),
        lines.range(span.start as usize, span.end as usize),
    )
}

/// Where the name at the cursor is declared.
pub fn definition(
    p: &Project,
    file: FileId,
    offset: usize,
    encoding: Encoding,
) -> Option<Location> {
    let d = p.name_at(file, offset)?;
    Some(location(p, d.span, encoding))
}

/// Every reference to the name at the cursor, and its declaration first
/// when asked for.
pub fn references(
    p: &Project,
    file: FileId,
    offset: usize,
    with_declaration: bool,
    encoding: Encoding,
) -> Vec<Location> {
    let Some(d) = p.name_at(file, offset) else {
        return Vec::new();
    };
    let mut spans = p.references(d.span);
    if with_declaration {
        spans.insert(0, d.span);
    }
    spans
        .into_iter()
        .map(|s| location(p, s, encoding))
        .collect()
}

/// The name under the cursor, when it can be renamed.
pub fn prepare_rename(
    p: &Project,
    file: FileId,
    offset: usize,
    encoding: Encoding,
) -> Option<PrepareRenameResponse> {
    let d = p.name_at(file, offset)?;
    let at = p.occurrence_at(d, file, offset)?;
    let lines = Lines::new(p.sources.get(file).text(), encoding);
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: lines.range(at.start as usize, at.end as usize),
        placeholder: d.name.clone(),
    })
}

/// The edits that rename the name at the cursor everywhere: its
/// declaration and every reference, written bare or in double quotes as
/// the new name needs. Refused when the new name is empty, not a name
/// topoc accepts, or taken by another declaration of the same kind.
// lsp-types keys `WorkspaceEdit` by `Uri`, whose lazily parsed parts do
// not enter its hash or equality.
#[allow(clippy::mutable_key_type)]
pub fn rename(
    p: &Project,
    file: FileId,
    offset: usize,
    new_name: &str,
    encoding: Encoding,
) -> Result<WorkspaceEdit, String> {
    let Some(d) = p.name_at(file, offset) else {
        return Err("there is no declared name here".into());
    };
    if new_name.trim().is_empty() || new_name.chars().any(crate::lexical::is_unsafe_char) {
        return Err(format!(
            "`{}` cannot be a name: it is empty or holds control or bidirectional characters",
            crate::lexical::escape_unsafe(new_name)
        ));
    }
    let folded = crate::model::lower::fold(new_name);
    if let Some(other) = p.names.declared.iter().find(|o| {
        o.kind == d.kind && o.span != d.span && crate::model::lower::fold(&o.name) == folded
    }) {
        let at = p.sources.line_col(other.span);
        return Err(format!(
            "a {} named `{}` is already declared ({}:{at})",
            other.kind,
            other.name,
            p.sources.get(other.span.file).name()
        ));
    }
    let written = super::text::inserted_name(new_name);
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for span in p.occurrences(d) {
        let l = location(p, span, encoding);
        changes
            .entry(l.uri)
            .or_default()
            .push(TextEdit::new(l.range, written.clone()));
    }
    Ok(WorkspaceEdit::new(changes))
}
