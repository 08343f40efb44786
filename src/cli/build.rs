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
//!
//! Builds into one place take turns: each holds an exclusive lock (on Unix
//! on the output's parent directory itself) from the first look at the
//! output to the last rename, so concurrent builds never remove each other's temporary
//! directories. Under the lock, what an interrupted build left is known
//! for what it is: a hidden new directory is unfinished (removed), a
//! hidden old directory beside a complete output is a removal cut short
//! (removed), and a hidden old directory without an output is the previous
//! output and its only copy (reported, with the command to move it back).
//! Only directories holding nothing but topoc's own files are removed.
//!
//! An output directory holding anything topoc did not write is never
//! replaced, and no path is followed through a symbolic link inside the
//! current directory (a committed `build -> /anywhere` would otherwise make
//! CI write there): to write elsewhere, name the place itself with `-o`.

use std::path::{Path, PathBuf};

use crate::diagnostics::{self, Diagnostic};
use crate::emit::{self, Artifact};

use super::args::BuildArgs;
use super::{CliError, ExitStatus, Failure, Terminal, check, files, write_stderr};

/// Runs `topoc build`.
pub fn run(args: &BuildArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    let live = super::plan::Live::read(&args.live)?;
    let paths = files::collect(&args.paths)?;
    let sources = files::read(&paths)?;
    let options = emit::Options {
        experimental_additional_trunks: args.experimental_additional_trunks,
    };
    let built = crate::check_with(
        &sources,
        |report| -> Result<Option<Vec<Artifact>>, Failure> {
            let Some(project) = &report.clean else {
                let tests = report.analysed.map(|a| a.model().tests.len());
                check::report(&sources, report.diagnostics, tests, &args.report, terminal)?;
                return Ok(None);
            };
            let mut input = emit::Input::new(project, &sources, options);
            if let Some(live) = &live {
                input = input.with_live(live.as_input());
            }
            let output = emit::build(&input);
            if let Some(plan) = output.plan.as_ref().filter(|p| !p.problems.is_empty()) {
                return Err(Failure::Cli(CliError(format!(
                    "the plan against the live deployment cannot be carried out; nothing written:\n{}",
                    plan.problems
                        .iter()
                        .map(|p| format!("  {}", crate::lexical::escape_unsafe(p)))
                        .collect::<Vec<_>>()
                        .join("\n")
                ))));
            }
            let mut all: Vec<Diagnostic> = report.diagnostics.to_vec();
            let model = project.model();
            let built = crate::check::accept_built(model, output.diagnostics);
            all.extend(emit::topology::fold_manual_steps(built));
            diagnostics::sort(&mut all);
            let tests = Some(model.tests.len());
            let status = check::report(&sources, &all, tests, &args.report, terminal)?;
            Ok((status == ExitStatus::Success).then_some(output.artifacts))
        },
    )?;
    let Some(artifacts) = built else {
        write_stderr(&format!(
            "nothing written: {} is left as it was\n",
            shown(&args.out)
        ));
        return Ok(ExitStatus::Failure);
    };
    replace_dir(&args.out, &artifacts)?;
    write_stderr(&format!(
        "wrote {} to {}\n",
        artifacts
            .iter()
            .map(|a| a.name)
            .collect::<Vec<_>>()
            .join(", "),
        shown(&args.out)
    ));
    Ok(ExitStatus::Success)
}

/// A path as messages show it (see [`files::display_name`]).
fn shown(path: &Path) -> String {
    files::display_name(path)
}

/// A path as a shell command in advice writes it: single-quoted when it
/// holds anything but letters, digits and `/._-`.
fn shell_word(path: &Path) -> String {
    let text = shown(path);
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

fn fail(what: &str, path: &Path, e: std::io::Error) -> CliError {
    CliError(format!("cannot {what} {}: {e}", shown(path)))
}

/// Puts exactly `artifacts` into `dir`, atomically as seen from `dir`.
fn replace_dir(dir: &Path, artifacts: &[Artifact]) -> Result<(), CliError> {
    let name = dir
        .file_name()
        .ok_or_else(|| {
            CliError(format!(
                "{} cannot be an output directory: name a directory such as `out`",
                shown(dir)
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
            shown(dir)
        )));
    }
    no_link_inside_the_current_directory(dir)?;
    std::fs::create_dir_all(&parent).map_err(|e| fail("create", &parent, e))?;
    let _lock = lock(&parent, &name)?;
    leftovers(&parent, &name, dir, artifacts)?;
    if dir.exists() {
        check_replaceable(dir, artifacts)?;
    }
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

/// Refuses an output path that passes through a symbolic link at or below
/// the current directory. Links above it (a home directory on another
/// volume) and paths outside it are the user's own choice.
fn no_link_inside_the_current_directory(dir: &Path) -> Result<(), CliError> {
    let here = std::env::current_dir()
        .map_err(|e| CliError(format!("cannot read the current directory: {e}")))?;
    let path = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        here.join(dir)
    };
    let mut prefix = PathBuf::new();
    for component in path.components() {
        prefix.push(component);
        if !prefix.starts_with(&here) || prefix == here {
            continue;
        }
        match std::fs::symlink_metadata(&prefix) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(CliError(format!(
                    "the output path {} passes through the symbolic link {}; topoc does not write \
                     through links in the working tree. Name the real place with -o (an absolute \
                     path outside the link)",
                    shown(dir),
                    shown(prefix.strip_prefix(&here).unwrap_or(&prefix))
                )));
            }
            Ok(_) => {}
            // Nothing below a missing component exists yet.
            Err(_) => break,
        }
    }
    Ok(())
}

/// An exclusive lock on the output's parent directory, held until the
/// value is dropped; it waits for another build into the same place. On
/// Unix the directory itself is locked (`flock`), which leaves nothing
/// behind; elsewhere a directory cannot be opened as a file, so a lock file
/// `.NAME.topoc-lock` beside the output is created once and kept.
fn lock(parent: &Path, name: &str) -> Result<std::fs::File, CliError> {
    #[cfg(unix)]
    let handle = {
        let _ = name;
        std::fs::File::open(parent).map_err(|e| fail("lock", parent, e))?
    };
    #[cfg(not(unix))]
    let handle = {
        let path = parent.join(format!(".{name}.topoc-lock"));
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
            return Err(CliError(format!(
                "{} is not a regular file; remove it, then build again",
                shown(path)
            )));
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| fail("lock", &path, e))?
    };
    handle.lock().map_err(|e| fail("lock", parent, e))?;
    Ok(handle)
}

/// What interrupted builds left beside `dir`, dealt with under the lock
/// (see the module docs): unfinished new outputs and old outputs whose
/// removal was cut short are removed; a previous output left aside with
/// no output in place is reported with the command that restores it.
fn leftovers(
    parent: &Path,
    name: &str,
    dir: &Path,
    artifacts: &[Artifact],
) -> Result<(), CliError> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let (new_prefix, old_prefix) = (format!(".{name}.topoc-new-"), format!(".{name}.topoc-old-"));
    let mut old = Vec::new();
    // `.NAME.topoc-new-PID`: the prefix and a process id, nothing else
    // (another output may be named `NAME.topoc-new-x`).
    let pid_after = |name: &str, prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if pid_after(&file_name, &new_prefix) {
            remove_leftover(&entry.path(), artifacts)?;
        } else if pid_after(&file_name, &old_prefix) {
            old.push(entry.path());
        }
    }
    old.sort();
    if dir.exists() {
        // The new output is in place: these are removals cut short.
        for o in &old {
            remove_leftover(o, artifacts)?;
        }
        return Ok(());
    }
    match &old[..] {
        [] => Ok(()),
        [o] => Err(CliError(format!(
            "an interrupted build left the previous output in {} and no output in {}; move it \
             back (`mv {} {}`), then build again",
            shown(o),
            shown(dir),
            shell_word(o),
            shell_word(dir)
        ))),
        several => Err(CliError(format!(
            "interrupted builds left previous outputs in {}, and no output in {}; move the one to \
             keep back to {} and remove the others, then build again",
            several
                .iter()
                .map(|o| shown(o))
                .collect::<Vec<_>>()
                .join(", "),
            shown(dir),
            shown(dir)
        ))),
    }
}

/// Removes a directory an interrupted build left, when it holds nothing
/// but files topoc writes (a directory of that name committed with other
/// content is not topoc's to remove).
fn remove_leftover(path: &Path, artifacts: &[Artifact]) -> Result<(), CliError> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(CliError(format!(
            "{} looks like a directory an interrupted build left, but it is a symbolic link; \
             remove it, then build again",
            shown(path)
        )));
    }
    check_replaceable(path, artifacts)?;
    std::fs::remove_dir_all(path).map_err(|e| fail("remove", path, e))
}

/// Makes the renames in `dir` durable (where the platform allows opening
/// a directory; elsewhere the rename is as durable as the system makes it).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// An existing output directory may be replaced only when it is a
/// directory holding nothing but files topoc writes.
fn check_replaceable(dir: &Path, artifacts: &[Artifact]) -> Result<(), CliError> {
    if !dir.is_dir() {
        return Err(CliError(format!(
            "{} exists and is not a directory; choose another output with -o",
            shown(dir)
        )));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| fail("read", dir, e))?;
    let mut foreign = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| fail("read", dir, e))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if !is_file || !artifacts.iter().any(|a| a.name == file_name) {
            foreign.push(shown(Path::new(&file_name)));
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    Err(CliError(format!(
        "{} holds files topoc did not write ({}); it is not replaced. Choose another output with -o, or remove them",
        shown(dir),
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
