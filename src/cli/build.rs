//! `topoc build`: check the project, then write `topology.xml`,
//! `topology-steps.md`, `deploy.ps1` and `manifest.yaml` into the output
//! directory, all or nothing.
//!
//! Nothing is written when any error remains. The files are written into a
//! fresh directory beside the output directory and renamed into place; an
//! existing output directory is moved aside first and removed only after
//! the new one is in place, so a failed or interrupted build leaves the
//! previous output as it was (at worst, for the instant between the two
//! renames, under its hidden name beside it, which the next build reports).
//! An output directory holding anything topoc did not write, or given as a
//! symbolic link, is never replaced.

use std::path::{Path, PathBuf};

use crate::diagnostics::{self, Diagnostic};
use crate::emit::{self, Artifact};

use super::args::BuildArgs;
use super::{CliError, ExitStatus, Failure, Terminal, files, render, write_stderr};

/// Runs `topoc build`.
pub fn run(args: &BuildArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    let paths = files::collect(&args.paths)?;
    let sources = files::read(&paths)?;
    let checked = crate::check(&sources);
    let handler = render::handler(terminal.color, terminal.width);
    let model = match &checked.model {
        Some(m) if !checked.has_errors() => m,
        _ => {
            write_stderr(&render::render(&sources, &checked.diagnostics, &handler));
            write_stderr(&render::summary(&checked.diagnostics, sources.len()));
            write_stderr(&format!(
                "nothing written: {} is left as it was\n",
                args.out.display()
            ));
            return Ok(ExitStatus::Failure);
        }
    };
    let output = emit::build(&emit::Input {
        model,
        sources: &sources,
        findings: &checked.diagnostics,
        options: emit::Options {
            experimental_additional_trunks: args.experimental_additional_trunks,
        },
    });
    let mut all: Vec<Diagnostic> = checked.diagnostics.clone();
    all.extend(output.diagnostics);
    diagnostics::sort(&mut all);
    write_stderr(&render::render(&sources, &all, &handler));
    write_stderr(&render::summary(&all, sources.len()));
    replace_dir(&args.out, &output.artifacts)?;
    write_stderr(&format!(
        "wrote {} to {}\n",
        output
            .artifacts
            .iter()
            .map(|a| a.name)
            .collect::<Vec<_>>()
            .join(", "),
        args.out.display()
    ));
    Ok(ExitStatus::Success)
}

fn fail(what: &str, path: &Path, e: std::io::Error) -> CliError {
    CliError(format!("cannot {what} {}: {e}", path.display()))
}

/// Puts exactly `artifacts` into `dir`, atomically as seen from `dir`.
fn replace_dir(dir: &Path, artifacts: &[Artifact]) -> Result<(), CliError> {
    let name = dir
        .file_name()
        .ok_or_else(|| {
            CliError(format!(
                "{} cannot be an output directory: name a directory such as `out`",
                dir.display()
            ))
        })?
        .to_string_lossy()
        .into_owned();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(CliError(format!(
            "{} is a symbolic link; name the directory it points to with -o",
            dir.display()
        )));
    }
    if dir.exists() {
        check_replaceable(dir, artifacts)?;
    }
    std::fs::create_dir_all(&parent).map_err(|e| fail("create", &parent, e))?;
    interrupted_before(&parent, &name, dir)?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.topoc-new-{pid}"));
    let old = parent.join(format!(".{name}.topoc-old-{pid}"));
    let written = write_all(&tmp, artifacts);
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if dir.exists() {
        std::fs::rename(dir, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&tmp);
            fail("move aside", dir, e)
        })?;
        if let Err(e) = std::fs::rename(&tmp, dir) {
            // Put the previous output back.
            let _ = std::fs::rename(&old, dir);
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(fail("move into place", dir, e));
        }
        sync_dir(&parent);
        std::fs::remove_dir_all(&old).map_err(|e| fail("remove", &old, e))?;
    } else {
        std::fs::rename(&tmp, dir).map_err(|e| {
            let _ = std::fs::remove_dir_all(&tmp);
            fail("move into place", dir, e)
        })?;
    }
    sync_dir(&parent);
    Ok(())
}

/// Makes the renames in `dir` durable (where the platform allows opening
/// a directory; elsewhere the rename is as durable as the system makes it).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A build interrupted between its two renames leaves the previous output
/// under `.NAME.topoc-old-PID`; say so rather than build over it. (A
/// leftover `.NAME.topoc-new-PID` is an unfinished new output: removed.)
fn interrupted_before(parent: &Path, name: &str, dir: &Path) -> Result<(), CliError> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&format!(".{name}.topoc-old-")) {
            return Err(CliError(format!(
                "an interrupted build left the previous output in {}; move it back to {} (or remove it), then build again",
                entry.path().display(),
                dir.display()
            )));
        }
        if file_name.starts_with(&format!(".{name}.topoc-new-")) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    Ok(())
}

/// An existing output directory may be replaced only when it is a
/// directory holding nothing but files topoc writes.
fn check_replaceable(dir: &Path, artifacts: &[Artifact]) -> Result<(), CliError> {
    if !dir.is_dir() {
        return Err(CliError(format!(
            "{} exists and is not a directory; choose another output with -o",
            dir.display()
        )));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| fail("read", dir, e))?;
    let mut foreign = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| fail("read", dir, e))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if !is_file || !artifacts.iter().any(|a| a.name == file_name) {
            foreign.push(file_name);
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    Err(CliError(format!(
        "{} holds files topoc did not write ({}); it is not replaced. Choose another output with -o, or remove them",
        dir.display(),
        foreign.join(", ")
    )))
}

fn write_all(tmp: &Path, artifacts: &[Artifact]) -> Result<(), CliError> {
    std::fs::create_dir(tmp).map_err(|e| fail("create", tmp, e))?;
    for a in artifacts {
        let path = tmp.join(a.name);
        let file = std::fs::File::create(&path).map_err(|e| fail("create", &path, e))?;
        let mut writer = std::io::BufWriter::new(&file);
        std::io::Write::write_all(&mut writer, a.text.as_bytes())
            .and_then(|()| std::io::Write::flush(&mut writer))
            .map_err(|e| fail("write", &path, e))?;
        drop(writer);
        file.sync_all().map_err(|e| fail("write", &path, e))?;
    }
    Ok(())
}
