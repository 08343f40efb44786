//! `topoc fmt`: rewrite files in the canonical layout, or list those that
//! would change (`--check`). A file with syntax errors is reported and left
//! alone; every file is processed before the exit status is decided.
//! Files are replaced atomically (written beside the original, then renamed).

use std::path::{Path, PathBuf};

use crate::source::Sources;

use super::args::FmtArgs;
use super::{CliError, ExitStatus, Failure, Terminal, files, render, write_stderr, write_stdout};

/// Runs `topoc fmt`.
pub fn run(args: &FmtArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    if args.paths.len() == 1 && args.paths[0] == Path::new("-") {
        return stdin(args, terminal);
    }
    let paths = files::collect(&args.paths)?;
    let sources = files::read(&paths)?;
    let handler = render::handler(terminal.color, terminal.width);
    let mut status = ExitStatus::Success;
    let mut changed = 0;
    for (path, file) in paths.iter().zip(sources.iter()) {
        let (tree, diags) = crate::syntax::parse_file(file);
        if crate::diagnostics::has_errors(&diags) {
            write_stderr(&render::render(&sources, &diags, &handler));
            write_stderr(&format!("{}: not formatted (syntax errors)\n", file.name()));
            status = ExitStatus::Failure;
            continue;
        }
        let formatted = crate::format::format(file, &tree);
        verify(file.name(), &formatted)?;
        if formatted == file.text() {
            continue;
        }
        changed += 1;
        if args.check {
            write_stdout(&format!("would reformat {}\n", file.name()))?;
            status = ExitStatus::Failure;
        } else {
            replace(path, &formatted)?;
        }
    }
    if !args.check && changed > 0 {
        write_stderr(&format!(
            "formatted {changed} file{}\n",
            if changed == 1 { "" } else { "s" }
        ));
    }
    Ok(status)
}

fn stdin(args: &FmtArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| CliError(format!("cannot read standard input: {e}")))?;
    let mut sources = Sources::new();
    let id = sources.add_bytes("<stdin>", bytes);
    let file = sources.get(id);
    let (tree, diags) = crate::syntax::parse_file(file);
    if crate::diagnostics::has_errors(&diags) {
        let handler = render::handler(terminal.color, terminal.width);
        write_stderr(&render::render(&sources, &diags, &handler));
        return Ok(ExitStatus::Failure);
    }
    let formatted = crate::format::format(file, &tree);
    verify("<stdin>", &formatted)?;
    if args.check {
        return Ok(if formatted == file.text() {
            ExitStatus::Success
        } else {
            write_stdout("would reformat <stdin>\n")?;
            ExitStatus::Failure
        });
    }
    write_stdout(&formatted)?;
    Ok(ExitStatus::Success)
}

/// Refuses output that does not parse back cleanly: a formatter bug must
/// never destroy a file.
fn verify(name: &str, formatted: &str) -> Result<(), Failure> {
    let mut check = Sources::new();
    let id = check.add(name, formatted);
    let (_, diags) = crate::syntax::parse_file(check.get(id));
    if diags.is_empty() {
        Ok(())
    } else {
        Err(CliError(format!(
            "internal error: the formatted text of `{name}` does not parse ({}); the file was left unchanged — please report this",
            diags[0].message
        ))
        .into())
    }
}

/// Replaces a file's contents atomically: a temporary file in the same
/// directory, renamed over the original.
fn replace(path: &PathBuf, text: &str) -> Result<(), Failure> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.topoc-fmt.tmp"));
    let write = || -> std::io::Result<()> {
        std::fs::write(&tmp, text)?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Failure::Cli(CliError(format!("cannot write `{}`: {e}", path.display())))
    })
}
