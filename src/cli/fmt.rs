//! `topoc fmt`: rewrite files in the canonical layout, or list those that
//! would change and show how (`--check` prints a unified diff). A file with syntax errors is reported and left
//! alone; every file is processed before the exit status is decided.
//! Files are replaced atomically: written to a new temporary file beside
//! the original (an unpredictable name, created exclusively, so a planted
//! link or file of that name is never written through), given the
//! original's permissions, then renamed over it. A source that is itself a
//! symbolic link is not rewritten.

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
            write_stdout(&super::unified::unified(
                file.name(),
                file.text(),
                &formatted,
            ))?;
            status = ExitStatus::Failure;
        } else if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            write_stderr(&format!(
                "error: `{}` is a symbolic link and was not rewritten; format the file it points to\n",
                file.name()
            ));
            status = ExitStatus::Error;
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
    // The same cap as for files: standard input may be endless.
    std::io::stdin()
        .take(crate::source::MAX_FILE_BYTES as u64 + 1)
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
            write_stdout(&super::unified::unified("<stdin>", file.text(), &formatted))?;
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

/// Replaces a file's contents atomically: a new temporary file in the
/// same directory, renamed over the original.
fn replace(path: &Path, text: &str) -> Result<(), Failure> {
    let failed = |e: std::io::Error| {
        Failure::Cli(CliError(format!(
            "cannot write `{}`: {e}",
            files::display_name(path)
        )))
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let permissions = std::fs::metadata(path).map_err(failed)?.permissions();
    let (tmp, mut file) = create_new_beside(dir, &name).map_err(failed)?;
    let written = std::io::Write::write_all(&mut file, text.as_bytes())
        .and_then(|()| file.set_permissions(permissions))
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            std::fs::rename(&tmp, path)
        });
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        failed(e)
    })
}

/// A new file `.NAME.RANDOM.topoc-fmt.tmp` in `dir`, created exclusively:
/// whatever already has that name (a planted link above all) makes the
/// creation fail instead of being opened, and another name is tried.
fn create_new_beside(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    use std::hash::BuildHasher;
    let state = std::collections::hash_map::RandomState::new();
    let mut last = None;
    for attempt in 0u32..16 {
        let token = state.hash_one((std::process::id(), attempt, std::time::SystemTime::now()));
        let tmp = dir.join(format!(".{name}.{token:016x}.topoc-fmt.tmp"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}
