//! Finding and reading a project's files. The only place besides `fmt`
//! and `build` that touches the file system.
//!
//! `.topo` files arrive in pull requests, so nothing here trusts them
//! (docs/security.md):
//!
//! - Only regular files are read. A device, FIFO or socket, named or found,
//!   is an error: reading `/dev/zero` would never end, and opening a FIFO
//!   would block.
//! - A symbolic link is followed only when it resolves inside the place it
//!   was reached from, and not into a hidden directory (`.git/config` holds
//!   a CI job's token): the directory given on the command line for a link
//!   found below it; the current directory for a path given on the command
//!   line that passes through a link below the current directory (`env.topo`,
//!   `topology/` or `topology/x.topo` with `topology` a link). Otherwise it
//!   is an error, before anything is read: a committed
//!   `env.topo -> /proc/self/environ` must not end up in a CI log. Links to
//!   directories are not followed in a walk (no cycles). A path outside the
//!   current directory is the user's own choice, links and all.
//! - A file is read with a hard cap of [`MAX_FILE_BYTES`] + 1 bytes,
//!   whatever its metadata says.
//! - Names are shown with control and bidirectional-formatting characters
//!   escaped ([`display_name`]), so a file name cannot drive the terminal.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::source::{MAX_FILE_BYTES, Sources};

use super::CliError;

/// Every `.topo` file below each path (a file given by name is taken
/// whatever its extension), sorted and without duplicates, so the project
/// does not depend on the order paths are given in. Directories whose name
/// starts with `.` are skipped below the paths given.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let here = std::env::current_dir()
        .map_err(|e| CliError(format!("cannot read the current directory: {e}")))?;
    let mut out = Vec::new();
    for path in paths {
        let target = named(path, &here)?;
        let meta = std::fs::metadata(&target).map_err(|e| cannot_read(path, &e))?;
        if meta.is_dir() {
            let before = out.len();
            walk(path, &target, &mut out)?;
            if out.len() == before {
                return Err(CliError(format!(
                    "no `.topo` files found in `{}`",
                    display_name(path)
                )));
            }
        } else if meta.is_file() {
            out.push(path.clone());
        } else {
            return Err(not_regular(path));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// What a path named on the command line resolves to (canonical), when
/// that is allowed: a path that passes through a symbolic link at or below
/// the current directory must end inside it, and not in a hidden directory.
fn named(path: &Path, here: &Path) -> Result<PathBuf, CliError> {
    let target = path.canonicalize().map_err(|e| cannot_read(path, &e))?;
    // The path as written, made absolute, `.` and `..` taken lexically.
    let mut lexical = PathBuf::new();
    for c in here.join(path).components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            c => lexical.push(c),
        }
    }
    // Each component below the current directory, in turn: is it a link?
    let mut prefix = PathBuf::new();
    let mut through_link = false;
    for c in lexical.components() {
        prefix.push(c);
        if prefix.starts_with(here)
            && prefix != here
            && std::fs::symlink_metadata(&prefix).is_ok_and(|m| m.file_type().is_symlink())
        {
            through_link = true;
            break;
        }
    }
    if through_link {
        let root = here.canonicalize().map_err(|e| cannot_read(here, &e))?;
        inside(path, &target, &root, "the current directory")?;
    }
    Ok(target)
}

/// Refuses a link target outside `root` or in a hidden directory below it.
fn inside(path: &Path, target: &Path, root: &Path, within: &str) -> Result<(), CliError> {
    let outside = || {
        CliError(format!(
            "`{}` is a symbolic link to `{}`, outside {within}; topoc follows links only within \
             the project (name the file itself to read it)",
            display_name(path),
            display_name(target)
        ))
    };
    let below = target.strip_prefix(root).map_err(|_| outside())?;
    if below
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return Err(CliError(format!(
            "`{}` is a symbolic link into the hidden directory `{}`; topoc does not read hidden \
             files through links",
            display_name(path),
            display_name(target)
        )));
    }
    Ok(())
}

fn cannot_read(path: &Path, e: &std::io::Error) -> CliError {
    CliError(format!("cannot read `{}`: {e}", display_name(path)))
}

fn not_regular(path: &Path) -> CliError {
    CliError(format!(
        "`{}` is not a regular file (a device, FIFO or socket); topoc reads only regular files",
        display_name(path)
    ))
}

/// The metadata of what the link at `path` resolves to, when that lies
/// inside `root` (canonical) and not in a hidden directory; `within` names
/// `root` in the error.
fn followed(path: &Path, root: &Path, within: &str) -> Result<std::fs::Metadata, CliError> {
    let target = path.canonicalize().map_err(|e| {
        CliError(format!(
            "`{}` is a symbolic link that cannot be followed: {e}",
            display_name(path)
        ))
    })?;
    inside(path, &target, root, within)?;
    std::fs::metadata(&target).map_err(|e| cannot_read(path, &e))
}

fn walk(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let unreadable = |e: std::io::Error| {
        CliError(format!(
            "cannot read directory `{}`: {e}",
            display_name(dir)
        ))
    };
    let listed = match entries(dir) {
        Ok(listed) => listed,
        // A subdirectory gone since its parent was listed (another build
        // renaming its output away) holds nothing to read.
        Err(e) if dir != root && e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(unreadable(e)),
    };
    for entry in listed {
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| cannot_read(&path, &e))?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if kind.is_dir() {
            if !hidden {
                walk(&path, root, out)?;
            }
            continue;
        }
        if hidden || path.extension().is_none_or(|e| e != "topo") {
            continue;
        }
        if kind.is_symlink() {
            let target = followed(&path, root, &format!("`{}`", display_name(root)))?;
            if target.is_file() {
                out.push(path);
            } else if !target.is_dir() {
                return Err(not_regular(&path));
            }
        } else if kind.is_file() {
            out.push(path);
        } else {
            return Err(not_regular(&path));
        }
    }
    Ok(())
}

/// The entries of a directory in name order: a fixed order, so the first
/// error (or file) reported does not depend on the file system.
pub fn entries(dir: &Path) -> std::io::Result<Vec<std::fs::DirEntry>> {
    let mut entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    Ok(entries)
}

/// The name a file is shown under: the path as found, with `/` separators,
/// and every control, line break or bidirectional-formatting character
/// written as `\u{..}` ([`crate::lexical::escape_unsafe`]).
pub fn display_name(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s).replace('\\', "/");
    crate::lexical::escape_unsafe(&s).into_owned()
}

/// Reads files into a source set. A file that is not UTF-8 or too large
/// still gets an entry; parsing reports why it cannot be read.
pub fn read(paths: &[PathBuf]) -> Result<Sources, CliError> {
    let mut sources = Sources::new();
    for path in paths {
        let name = display_name(path);
        match read_capped(path)? {
            Ok(bytes) => sources.add_bytes(name, bytes),
            Err(len) => sources.add_too_large(name, len),
        };
    }
    Ok(sources)
}

/// A regular file's bytes, or `Err(size)` when it holds more than
/// [`MAX_FILE_BYTES`]; never more than that limit plus one byte is read.
pub fn read_capped(path: &Path) -> Result<Result<Vec<u8>, usize>, CliError> {
    // Checked before opening too: opening a FIFO blocks.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Err(not_regular(path));
    }
    let file = std::fs::File::open(path).map_err(|e| cannot_read(path, &e))?;
    let meta = file.metadata().map_err(|e| cannot_read(path, &e))?;
    if !meta.is_file() {
        return Err(not_regular(path));
    }
    let mut bytes = Vec::with_capacity((meta.len() as usize).min(MAX_FILE_BYTES) + 1);
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(path, &e))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Ok(Err((meta.len() as usize).max(bytes.len())));
    }
    Ok(Ok(bytes))
}
