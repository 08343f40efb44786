//! Reading a project as a git revision holds it, for `topoc diff --git
//! REV`: `git ls-tree` lists the files, one `git cat-file --batch` reads
//! them, and nothing is checked out.
//!
//! The revision comes from the command line but is still handled with
//! care: one starting with `-` is refused (git would read it as an
//! option), it is resolved to a commit once, and every later command uses
//! that commit's id. The files come from the repository's history, so the
//! rules of [`super::files`] apply: only regular files, a symbolic link is
//! an error rather than followed, directories starting with `.` are
//! skipped, and no file is read beyond [`MAX_FILE_BYTES`].

use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::source::{MAX_FILE_BYTES, Sources};

use super::CliError;

/// Runs git with `args` and returns its standard output.
fn git(args: &[&str]) -> Result<Vec<u8>, CliError> {
    let out = Command::new("git")
        .args(args)
        .env("GIT_LITERAL_PATHSPECS", "1")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| CliError(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(CliError(format!(
            "`git {}` failed: {}",
            args.first().copied().unwrap_or_default(),
            crate::lexical::escape_unsafe(err.trim())
        )));
    }
    Ok(out.stdout)
}

/// The commit a revision names, as its id.
fn commit(rev: &str) -> Result<String, CliError> {
    if rev.is_empty() || rev.starts_with('-') || rev.chars().any(|c| c.is_control()) {
        return Err(CliError(format!(
            "`{}` is not a revision topoc reads: give a branch, tag or commit",
            crate::lexical::escape_unsafe(rev)
        )));
    }
    let spec = format!("{rev}^{{commit}}");
    let out = git(&["rev-parse", "--verify", "--quiet", &spec]).map_err(|_| {
        CliError(format!(
            "`{}` does not name a commit of the repository in the current directory",
            crate::lexical::escape_unsafe(rev)
        ))
    })?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// A path given on the command line as git names it from the top of the
/// repository (`prefix` is the current directory's, from `git rev-parse
/// --show-prefix`).
fn in_repository(prefix: &str, path: &Path) -> Result<String, CliError> {
    let mut parts: Vec<String> = prefix
        .split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir if !parts.is_empty() => {
                parts.pop();
            }
            _ => {
                return Err(CliError(format!(
                    "`{}`: with --git, give paths inside the repository, relative to the current directory",
                    super::files::display_name(path)
                )));
            }
        }
    }
    Ok(parts.join("/"))
}

/// The project at `rev`: every `.topo` file below each of `paths` (the
/// current directory when none), or a file named, read from the commit.
/// Files are named as [`super::files`] names them: relative to the
/// current directory.
pub fn read(rev: &str, paths: &[PathBuf]) -> Result<Sources, CliError> {
    let id = commit(rev)?;
    let prefix = String::from_utf8_lossy(&git(&["rev-parse", "--show-prefix"])?)
        .trim()
        .to_string();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut wanted = Vec::new();
    for p in paths {
        wanted.push(in_repository(&prefix, p)?);
    }
    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", id.as_str(), "--"];
    args.extend(
        wanted
            .iter()
            .map(|w| if w.is_empty() { "." } else { w.as_str() }),
    );
    let listing = git(&args)?;
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split(' ').collect();
        let [mode, _, object] = fields[..] else {
            continue;
        };
        let named = wanted.iter().any(|w| w == path);
        let below = path.ends_with(".topo")
            && wanted.iter().any(|w| {
                let rest = if w.is_empty() {
                    Some(path)
                } else {
                    path.strip_prefix(w.as_str())
                        .and_then(|r| r.strip_prefix('/'))
                };
                rest.is_some_and(|r| !r.split('/').any(|part| part.starts_with('.')))
            });
        if !named && !below {
            continue;
        }
        match mode {
            "100644" | "100755" => files.push((path.to_string(), object.to_string())),
            "120000" => {
                return Err(CliError(format!(
                    "`{}` is a symbolic link in {rev}: topoc does not follow links read from history",
                    crate::lexical::escape_unsafe(path)
                )));
            }
            _ => {}
        }
    }
    if files.is_empty() {
        return Err(CliError(format!(
            "no `.topo` files found in {} at {}",
            wanted.join(", "),
            crate::lexical::escape_unsafe(rev)
        )));
    }
    files.sort();
    let blobs = cat_files(&files)?;
    let here: Vec<&str> = prefix.split('/').filter(|p| !p.is_empty()).collect();
    let mut sources = Sources::new();
    for ((path, _), blob) in files.iter().zip(blobs) {
        let name = relative(&here, path);
        match blob {
            Ok(bytes) => sources.add_bytes(name, bytes),
            Err(len) => sources.add_too_large(name, len),
        };
    }
    Ok(sources)
}

/// A repository path as seen from the current directory (`here`, its
/// components), escaped for display.
fn relative(here: &[&str], path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    let common = here.iter().zip(&parts).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; here.len() - common];
    out.extend(&parts[common..]);
    crate::lexical::escape_unsafe(&out.join("/")).into_owned()
}

/// The contents of blobs by id, in order, with one `git cat-file --batch`;
/// `Err(size)` for a blob larger than [`MAX_FILE_BYTES`] (not read).
fn cat_files(files: &[(String, String)]) -> Result<Vec<Result<Vec<u8>, usize>>, CliError> {
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| CliError(format!("cannot run git: {e}")))?;
    let mut input = String::new();
    for (_, object) in files {
        input.push_str(object);
        input.push('\n');
    }
    let mut stdin = child.stdin.take().expect("piped");
    // Written from another thread: git answers while it reads, and a large
    // answer would fill the pipe while this one still writes.
    let writer = match std::thread::Builder::new()
        .name("topoc-git-stdin".into())
        .spawn(move || stdin.write_all(input.as_bytes()))
    {
        Ok(writer) => writer,
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(CliError(format!(
                "cannot start a thread to feed `git cat-file`: {e}"
            )));
        }
    };
    let mut out = Vec::new();
    let mut stdout = child.stdout.take().expect("piped");
    let broken = || CliError("`git cat-file` ended early".into());
    for _ in files {
        let header = read_line(&mut stdout).ok_or_else(broken)?;
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .filter(|_| header.contains(" blob "))
            .ok_or_else(broken)?;
        let keep = size <= MAX_FILE_BYTES;
        let mut bytes = Vec::with_capacity(if keep { size } else { 0 });
        let mut left = size;
        let mut buf = [0u8; 64 * 1024];
        while left > 0 {
            let n = stdout
                .read(&mut buf[..left.min(64 * 1024)])
                .map_err(|_| broken())?;
            if n == 0 {
                return Err(broken());
            }
            if keep {
                bytes.extend_from_slice(&buf[..n]);
            }
            left -= n;
        }
        // The newline after each blob.
        let mut nl = [0u8; 1];
        stdout.read_exact(&mut nl).map_err(|_| broken())?;
        out.push(if keep { Ok(bytes) } else { Err(size) });
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}

/// One line of a reader, without its newline; `None` at the end.
fn read_line(r: &mut impl Read) -> Option<String> {
    let mut line = Vec::new();
    let mut b = [0u8; 1];
    loop {
        match r.read(&mut b) {
            Ok(0) => {
                return (!line.is_empty()).then(|| String::from_utf8_lossy(&line).into_owned());
            }
            Ok(_) if b[0] == b'\n' => return Some(String::from_utf8_lossy(&line).into_owned()),
            Ok(_) => line.push(b[0]),
            Err(_) => return None,
        }
    }
}
