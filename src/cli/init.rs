//! `topoc init [DIR]`: writes a small, commented starter project into DIR
//! (by default the current directory), one that checks without a problem,
//! passes its golden tests, is in the canonical layout and builds. The
//! files are kept as they are written, under `init/`, so they are reviewed
//! as `.topo` text.
//!
//! It never overwrites: a DIR that holds a `.topo` file (anywhere `topoc
//! check DIR` would read one) or any file of the starter is refused before
//! anything is written, and each file is created with `create_new`, which
//! also refuses a symbolic link put in its place meanwhile.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::args::InitArgs;
use super::files::{display_name, entries};
use super::{CliError, ExitStatus, Failure, write_stderr};

/// The starter project: each file's name and text.
const FILES: &[(&str, &str)] = &[
    ("topology.topo", include_str!("init/topology.topo")),
    (
        "voice-routing.topo",
        include_str!("init/voice-routing.topo"),
    ),
    ("tests.topo", include_str!("init/tests.topo")),
    (
        ".pre-commit-config.yaml",
        include_str!("init/pre-commit-config.yaml"),
    ),
];

/// Runs `topoc init`.
pub fn run(args: &InitArgs) -> Result<ExitStatus, Failure> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let exists = match std::fs::metadata(&dir) {
        Ok(meta) if meta.is_dir() => true,
        Ok(_) => {
            return Err(refused(format!(
                "`{}` exists and is not a directory",
                display_name(&dir)
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => {
            return Err(refused(format!(
                "cannot read `{}`: {e}",
                display_name(&dir)
            )));
        }
    };
    if exists {
        refuse_a_project(&dir)?;
    } else {
        std::fs::create_dir_all(&dir)
            .map_err(|e| refused(format!("cannot create `{}`: {e}", display_name(&dir))))?;
    }
    write_all(&dir, exists)?;
    let names: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
    let shown = display_name(&dir);
    write_stderr(&format!(
        "wrote {} to {shown}\nnext: `topoc check {shown}`, then `topoc build {shown}`\n",
        names.join(", ")
    ));
    Ok(ExitStatus::Success)
}

fn refused(message: String) -> Failure {
    Failure::Cli(CliError(format!("{message} (nothing was written)")))
}

/// Refuses a directory that holds a file of the starter (of any kind, a
/// dangling link included) or any `.topo` file the project would read.
fn refuse_a_project(dir: &Path) -> Result<(), Failure> {
    for (name, _) in FILES {
        let path = dir.join(name);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(refused(format!(
                "`{}` already exists, and topoc init never overwrites a file",
                display_name(&path)
            )));
        }
    }
    match first_topo(dir) {
        Ok(None) => Ok(()),
        Ok(Some(path)) => Err(refused(format!(
            "`{}` is a .topo file: `{}` already holds a project, and topoc init starts one only \
             in a directory without .topo files",
            display_name(&path),
            display_name(dir)
        ))),
        Err((path, e)) => Err(refused(format!(
            "cannot read directory `{}`: {e}",
            display_name(&path)
        ))),
    }
}

/// The first `.topo` file below `dir`, in name order, as `topoc check`
/// walks a project: hidden directories skipped, links to directories not
/// followed; a link or anything else named `*.topo` counts.
fn first_topo(dir: &Path) -> Result<Option<PathBuf>, (PathBuf, std::io::Error)> {
    for entry in entries(dir).map_err(|e| (dir.to_path_buf(), e))? {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let kind = entry.file_type().map_err(|e| (path.clone(), e))?;
        if kind.is_dir() {
            if !hidden && let Some(found) = first_topo(&path)? {
                return Ok(Some(found));
            }
        } else if !hidden && path.extension().is_some_and(|e| e == "topo") {
            return Ok(Some(path));
        }
    }
    Ok(None)
}

/// Creates every file of the starter, none over an existing one. On a
/// failure the files this run made are removed again (and `dir` when this
/// run made it), so a failed run leaves things as they were.
fn write_all(dir: &Path, existed: bool) -> Result<(), Failure> {
    let mut made: Vec<PathBuf> = Vec::new();
    for (name, text) in FILES {
        let path = dir.join(name);
        let written = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                made.push(path.clone());
                file.write_all(text.as_bytes())
            }
            Err(e) => Err(e),
        };
        if let Err(e) = written {
            for p in &made {
                let _ = std::fs::remove_file(p);
            }
            if !existed {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(refused(format!(
                "cannot create `{}`: {e}",
                display_name(&path)
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A link put where a starter file goes after the check (a race) is
    /// not followed, and the files made before it are removed again.
    #[cfg(unix)]
    #[test]
    fn a_link_in_the_way_is_not_followed_and_nothing_is_left() {
        let dir = std::env::temp_dir().join(format!("topoc-init-link-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim");
        std::os::unix::fs::symlink(&victim, dir.join("voice-routing.topo")).unwrap();
        assert!(write_all(&dir, true).is_err());
        assert!(!victim.exists());
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["voice-routing.topo"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
