//! Finding and reading a project's files. The only place besides `fmt`
//! that touches the file system.

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
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| CliError(format!("cannot read `{}`: {e}", path.display())))?;
        if meta.is_dir() {
            let before = out.len();
            walk(path, &mut out)?;
            if out.len() == before {
                return Err(CliError(format!(
                    "no `.topo` files found in `{}`",
                    path.display()
                )));
            }
        } else {
            out.push(path.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CliError(format!("cannot read directory `{}`: {e}", dir.display())))?;
    for entry in entries {
        let entry = entry
            .map_err(|e| CliError(format!("cannot read directory `{}`: {e}", dir.display())))?;
        let path = entry.path();
        // Symbolic links to directories are not followed (no cycles).
        let kind = entry
            .file_type()
            .map_err(|e| CliError(format!("cannot read `{}`: {e}", path.display())))?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if kind.is_dir() {
            if !hidden {
                walk(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "topo") && !hidden {
            out.push(path);
        }
    }
    Ok(())
}

/// The name a file is shown under: the path as found, with `/` separators.
pub fn display_name(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    s.replace('\\', "/")
}

/// Reads files into a source set. A file that is not UTF-8 or too large
/// still gets an entry; parsing reports why it cannot be read.
pub fn read(paths: &[PathBuf]) -> Result<Sources, CliError> {
    let mut sources = Sources::new();
    for path in paths {
        let name = display_name(path);
        let len = std::fs::metadata(path)
            .map_err(|e| CliError(format!("cannot read `{name}`: {e}")))?
            .len() as usize;
        if len > MAX_FILE_BYTES {
            sources.add_too_large(name, len);
            continue;
        }
        let bytes =
            std::fs::read(path).map_err(|e| CliError(format!("cannot read `{name}`: {e}")))?;
        sources.add_bytes(name, bytes);
    }
    Ok(sources)
}
