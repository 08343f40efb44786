//! The project as the editor sees it: every `.topo` file below the
//! workspace folders, read as `topoc check` reads them (the same rules on
//! links, devices and sizes, [`crate::cli::files`]), with the text of each
//! open buffer taking the place of the file on disk; and what checking it
//! gave.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::Checked;
use crate::model::lower::{Declaration, Names};
use crate::source::{FileId, Sources, Span};

use super::super::files;

/// A project read and checked.
pub struct Project {
    /// The path of each file, by file id.
    pub paths: Vec<PathBuf>,
    /// The texts.
    pub sources: Sources,
    /// What checking them gave.
    pub checked: Checked,
    /// Declarations and resolved references.
    pub names: Names,
    /// Why the folders could not be read in full (a link out of the
    /// project, a device), one message each.
    pub problems: Vec<String>,
}

impl Project {
    /// Reads and checks the project: the `.topo` files below `roots`, and
    /// every open `.topo` buffer (`open`, by path) below them or, without
    /// roots, anywhere.
    pub fn load(roots: &[PathBuf], open: &HashMap<PathBuf, String>) -> Project {
        let mut problems = Vec::new();
        let mut paths: Vec<PathBuf> = Vec::new();
        for root in roots {
            match files::collect(std::slice::from_ref(root)) {
                Ok(found) => paths.extend(found.into_iter().map(|p| canonical(&p))),
                // A folder without `.topo` files yet is no problem.
                Err(e) if e.0.starts_with("no `.topo` files") => {}
                Err(e) => problems.push(e.0),
            }
        }
        for path in open.keys() {
            let topo = path.extension().is_some_and(|e| e == "topo");
            if topo && (roots.is_empty() || roots.iter().any(|r| path.starts_with(r))) {
                paths.push(path.clone());
            }
        }
        paths.sort();
        paths.dedup();
        let mut sources = Sources::new();
        let mut kept = Vec::with_capacity(paths.len());
        for path in paths {
            let name = shown(roots, &path);
            if let Some(text) = open.get(&path) {
                sources.add(name, text.clone());
            } else {
                match files::read_capped(&path) {
                    Ok(Ok(bytes)) => {
                        sources.add_bytes(name, bytes);
                    }
                    Ok(Err(len)) => {
                        sources.add_too_large(name, len);
                    }
                    Err(e) => {
                        problems.push(e.0);
                        continue;
                    }
                }
            }
            kept.push(path);
        }
        let (checked, names) = crate::check_named(&sources);
        Project {
            paths: kept,
            sources,
            checked,
            names,
            problems,
        }
    }

    /// The file id of a path.
    pub fn file(&self, path: &Path) -> Option<FileId> {
        self.paths
            .iter()
            .position(|p| p == path)
            .map(|i| FileId(u32::try_from(i).unwrap_or(u32::MAX)))
    }

    /// The path of a file.
    pub fn path(&self, file: FileId) -> &Path {
        &self.paths[file.0 as usize]
    }

    /// The declared name whose token, or a reference to which, holds
    /// `offset` of `file`.
    pub fn name_at(&self, file: FileId, offset: usize) -> Option<&Declaration> {
        let holds = |s: &Span| touches(*s, file, offset);
        // A root trunk shares its gateway's name token: the kind decides.
        let (target, kind) = self
            .names
            .references
            .iter()
            .find(|r| holds(&r.span))
            .map(|r| (r.declaration, Some(r.kind)))
            .or_else(|| {
                self.names
                    .declared
                    .iter()
                    .find(|d| holds(&d.span))
                    .map(|d| (d.span, None))
            })?;
        self.names
            .declared
            .iter()
            .find(|d| d.span == target && kind.is_none_or(|k| k == d.kind))
    }

    /// Every reference to a declaration, in order, without repeats.
    pub fn references(&self, declaration: Span) -> Vec<Span> {
        let mut spans: Vec<Span> = self
            .names
            .references
            .iter()
            .filter(|r| r.declaration == declaration)
            .map(|r| r.span)
            .collect();
        spans.sort();
        spans.dedup();
        spans
    }

    /// The declaration's token and every reference to it: what a rename
    /// rewrites.
    pub fn occurrences(&self, d: &Declaration) -> Vec<Span> {
        let mut spans = self.references(d.span);
        if !spans.contains(&d.span) {
            spans.insert(0, d.span);
        }
        spans
    }

    /// The occurrence of `d` at `offset` of `file`.
    pub fn occurrence_at(&self, d: &Declaration, file: FileId, offset: usize) -> Option<Span> {
        self.occurrences(d)
            .into_iter()
            .find(|s| touches(*s, file, offset))
    }
}

/// Whether a span of `file` holds `offset`, its end included (a cursor
/// just after a name is on it).
fn touches(span: Span, file: FileId, offset: usize) -> bool {
    span.file == file && (span.start as usize..=span.end as usize).contains(&offset)
}

/// A path made canonical when it exists, so that the editor's paths and
/// the walk's compare equal.
pub fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The name a file is shown under: relative to the folder holding it.
fn shown(roots: &[PathBuf], path: &Path) -> String {
    let relative = roots
        .iter()
        .find_map(|r| path.strip_prefix(r).ok())
        .unwrap_or(path);
    files::display_name(relative)
}
