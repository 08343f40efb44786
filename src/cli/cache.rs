//! `topoc check --cache`: a content-addressed cache of whole runs, for a
//! pre-commit hook that checks a project where nothing changed since the
//! last run (issue 20).
//!
//! The key is a SHA-256 of everything the run's output depends on: this
//! binary (its version, path, size and modification time, so a rebuilt
//! `topoc` never answers from an older one's entries), the command line and
//! the current directory, the colour and width of the terminal, and every
//! file read, by name and content. The value is exactly what the run wrote
//! (standard output, standard error) and its exit status, so a hit replays
//! the same run byte for byte; the check itself is not consulted. An entry
//! that cannot be read, is not a regular file, or is malformed is a miss.
//!
//! Entries live in `--cache-dir`, else `$TOPOC_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/topoc`, else `$HOME/.cache/topoc`; each is written to a
//! temporary file created exclusively and renamed into place (a link in an
//! entry's place is replaced, never followed, and never read), and the
//! oldest beyond [`KEEP`] are removed.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::source::Sources;

/// Entries kept; older ones are removed when a new one is written.
const KEEP: usize = 64;

/// The largest entry read back (a run's output is far smaller).
const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;

/// What a run wrote, and how it ended.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Output {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// The exit status.
    pub status: u8,
}

/// The cache directory and the key of this run.
pub struct Cache {
    dir: PathBuf,
    key: String,
}

impl Cache {
    /// The cache for a run over `sources` with the given terminal, in
    /// `dir` or the default directory; `None` when there is no directory
    /// to use (no `HOME`).
    pub fn new(dir: Option<&Path>, sources: &Sources, color: bool, width: usize) -> Option<Cache> {
        let dir = match dir {
            Some(d) => d.to_path_buf(),
            None => default_dir()?,
        };
        let mut h = Sha256::new();
        let mut field = |bytes: &[u8]| {
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        };
        field(b"topoc check cache 1");
        field(crate::VERSION.as_bytes());
        if let Ok(exe) = std::env::current_exe() {
            field(exe.to_string_lossy().as_bytes());
            if let Ok(meta) = std::fs::metadata(&exe) {
                field(&meta.len().to_le_bytes());
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                field(&modified.to_le_bytes());
            }
        }
        for arg in std::env::args_os() {
            field(arg.as_encoded_bytes());
        }
        if let Ok(here) = std::env::current_dir() {
            field(here.as_os_str().as_encoded_bytes());
        }
        field(&[u8::from(color)]);
        field(&(width as u64).to_le_bytes());
        for file in sources.iter() {
            field(file.name().as_bytes());
            field(file.text().as_bytes());
            // The decoding error is part of what a file "says".
            field(format!("{:?}", file.decode_error()).as_bytes());
        }
        let key = hex(&h.finalize());
        Some(Cache { dir, key })
    }

    fn entry(&self) -> PathBuf {
        self.dir.join(format!("check-{}.json", self.key))
    }

    /// The output of an earlier run with the same key.
    pub fn get(&self) -> Option<Output> {
        let path = self.entry();
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > MAX_ENTRY_BYTES {
            return None;
        }
        let mut text = String::new();
        std::fs::File::open(&path)
            .ok()?
            .take(MAX_ENTRY_BYTES)
            .read_to_string(&mut text)
            .ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Records this run's output; a cache that cannot be written is no
    /// error (the run's own output is what matters).
    pub fn put(&self, output: &Output) {
        let Ok(text) = serde_json::to_string(output) else {
            return;
        };
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let temporary = self
            .dir
            .join(format!(".check-{}.{}.tmp", self.key, std::process::id()));
        // Created exclusively: a planted file or link of that name makes
        // the creation fail, and is never written through.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        match written {
            Ok(()) => {
                if std::fs::rename(&temporary, self.entry()).is_err() {
                    let _ = std::fs::remove_file(&temporary);
                    return;
                }
            }
            Err(e) => {
                if e.kind() != std::io::ErrorKind::AlreadyExists {
                    let _ = std::fs::remove_file(&temporary);
                }
                return;
            }
        }
        self.prune();
    }

    /// Removes the oldest entries beyond [`KEEP`].
    fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
            .flatten()
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.starts_with("check-") && name.ends_with(".json")
            })
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                meta.is_file().then(|| (meta.modified().ok(), e.path()))
            })
            .filter_map(|(t, p)| Some((t?, p)))
            .collect();
        if found.len() <= KEEP {
            return;
        }
        found.sort();
        for (_, path) in &found[..found.len() - KEEP] {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn default_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    var("TOPOC_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| var("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("topoc")))
        .or_else(|| var("HOME").map(|d| PathBuf::from(d).join(".cache").join("topoc")))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
