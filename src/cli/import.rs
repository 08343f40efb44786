//! `topoc import --topology FILE -o DIR`: a live deployment's topology
//! document as a new project ([`crate::import`]). The files are formatted
//! (and so proved to parse) before anything is written; `DIR` must not
//! exist, and every file is created new, so nothing is ever overwritten.
//! What was left out or assumed is printed and kept in `import-report.md`.

use std::io::Write;
use std::path::Path;

use crate::source::Sources;

use super::args::ImportArgs;
use super::files::{display_name, read_capped};
use super::{CliError, ExitStatus, Failure, write_stderr};

/// Runs `topoc import`.
pub fn run(args: &ImportArgs) -> Result<ExitStatus, Failure> {
    let shown = display_name(&args.topology);
    let bytes = read_capped(&args.topology)?
        .map_err(|len| CliError(format!("`{shown}` is too large ({len} bytes)")))?;
    let imported =
        crate::import::topology(&bytes).map_err(|e| CliError(format!("`{shown}`: {e}")))?;
    let mut files = Vec::new();
    for (name, text) in &imported.files {
        files.push((name.clone(), formatted(name, text)?));
    }
    let mut report = format!(
        "# Import report\n\nImported from `{shown}` by topoc {}.\n\n",
        crate::VERSION
    );
    if imported.report.is_empty() {
        report.push_str("Nothing was left out.\n");
    }
    for line in &imported.report {
        report.push_str(&format!("- {line}\n"));
    }
    files.push(("import-report.md".into(), report));
    write_new_dir(&args.out, &files)?;
    for line in &imported.report {
        write_stderr(&format!("note: {line}\n"));
    }
    let out = display_name(&args.out);
    write_stderr(&format!(
        "wrote {} file(s) to {out}\nnext: `topoc check {out}`\n",
        files.len()
    ));
    Ok(ExitStatus::Success)
}

/// The canonical text of a generated file; an import that does not parse
/// is a topoc bug, reported rather than written.
fn formatted(name: &str, text: &str) -> Result<String, CliError> {
    let mut sources = Sources::new();
    let id = sources.add(name, text);
    let file = sources.get(id);
    let (tree, diags) = crate::syntax::parse_file(file);
    if let Some(d) = diags.first() {
        return Err(CliError(format!(
            "internal error: the imported `{name}` does not parse ({}); nothing was written — please report this",
            d.message
        )));
    }
    Ok(crate::format::format(file, &tree))
}

/// Creates `dir` (which must not exist) and the files in it.
fn write_new_dir(dir: &Path, files: &[(String, String)]) -> Result<(), CliError> {
    let shown = display_name(dir);
    if std::fs::symlink_metadata(dir).is_ok() {
        return Err(CliError(format!(
            "`{shown}` exists; import writes a new directory: name one that does not exist"
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| CliError(format!("cannot create `{shown}`: {e}")))?;
    for (name, text) in files {
        let path = dir.join(name);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| CliError(format!("cannot create `{}`: {e}", display_name(&path))))?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| CliError(format!("cannot write `{}`: {e}", display_name(&path))))?;
    }
    Ok(())
}
