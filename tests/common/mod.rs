//! Helpers shared by the test drivers.
#![allow(dead_code)] // each test binary uses a different subset
#![allow(clippy::disallowed_methods)] // tests read fixtures and write scratch files

pub mod random;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use topoc::cli::render;
use topoc::diagnostics::Diagnostic;
use topoc::source::{SourceFile, Sources};
use topoc::syntax::ast::{self, Arg, Stmt};

/// insta settings: snapshots in the top-level `snapshots/`, named
/// `stage@fixture.topo.snap`.
pub fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("../snapshots");
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path relative to the crate root, with `/` separators, for display.
pub fn relative(path: &Path) -> String {
    let root = root();
    let rel = path.strip_prefix(&root).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// Every `.topo` file below `dir`, sorted.
pub fn topo_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "topo") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Loads files into a source set under their crate-relative names.
pub fn load(paths: &[PathBuf]) -> Sources {
    let mut sources = Sources::new();
    for p in paths {
        sources.add_bytes(relative(p), std::fs::read(p).unwrap());
    }
    sources
}

/// Diagnostics as the terminal shows them, without colour, 80 columns.
pub fn render(sources: &Sources, diags: &[Diagnostic]) -> String {
    if diags.is_empty() {
        return "no diagnostics\n".to_string();
    }
    render::render(sources, diags, &render::handler(false, 80))
}

/// `# expect: T0101 at 3:7, T0102 at other.topo:9:1` lines at the top of a
/// fixture (a position in another file of a project names the file).
pub fn expectations(text: &str) -> Vec<String> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| l.strip_prefix("# expect:"))
        .flat_map(|l| l.split(',').map(|e| e.trim().to_string()))
        .filter(|e| !e.is_empty())
        .collect()
}

/// The diagnostics a check fixture is about: every error (a fixture with an
/// error it does not expect is broken, whatever its rule), the warnings of
/// its own code family (`T05` for `T0514-...`; an `ok-` fixture keeps every
/// warning, since it must have none), and the notes of its own code. A
/// warning of another family, or a note that fires on most projects (T0514
/// on `\d`), then neither fills headers nor changes snapshots when its text
/// changes: a fixture fails for its own rules.
pub fn about(path: &Path, diags: &[Diagnostic]) -> Vec<Diagnostic> {
    let named = match path.file_name().unwrap().to_string_lossy() == "main.topo" {
        true => path.parent().unwrap(),
        false => path,
    };
    let name = named.file_name().unwrap().to_string_lossy().into_owned();
    diags
        .iter()
        .filter(|d| {
            let id = d.code.info().id;
            match d.severity() {
                topoc::diagnostics::Severity::Error => true,
                topoc::diagnostics::Severity::Warning => {
                    name.starts_with("ok-") || name.starts_with(&id[..3])
                }
                topoc::diagnostics::Severity::Info => name.starts_with(&format!("{id}-")),
            }
        })
        .cloned()
        .collect()
}

/// Checks a fixture's diagnostics against its `# expect:` header: the same
/// codes at the same positions, in order. `ok-` fixtures expect nothing.
pub fn assert_expectations(path: &Path, sources: &Sources, diags: &[Diagnostic]) {
    // A project is named by its directory, a single file by itself.
    let named = match path.file_name().unwrap().to_string_lossy() == "main.topo" {
        true => path.parent().unwrap(),
        false => path,
    };
    let name = named.file_name().unwrap().to_string_lossy();
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    let expected = expectations(&text);
    // Positions in another file of the project name that file.
    let here = relative(path);
    let actual: Vec<String> = diags
        .iter()
        .map(|d| {
            let file = sources.get(d.primary.span.file).name();
            let at = sources.line_col(d.primary.span);
            match file == here {
                true => format!("{} at {at}", d.code.info().id),
                false => format!(
                    "{} at {}:{at}",
                    d.code.info().id,
                    file.rsplit('/').next().unwrap_or(file)
                ),
            }
        })
        .collect();
    if name.starts_with("ok-") {
        // No problems; notes (info), if any, are listed in the header.
        let problems: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.severity() != topoc::diagnostics::Severity::Info)
            .collect();
        assert!(
            problems.is_empty(),
            "{name} must produce no errors or warnings, got {actual:?}"
        );
        assert_eq!(actual, expected, "{name}: notes differ from its header");
    } else {
        assert!(!expected.is_empty(), "{name} has no `# expect:` header");
        assert_eq!(
            actual, expected,
            "{name}: diagnostics differ from its header"
        );
        let code = name.split('-').next().unwrap();
        assert!(
            actual.iter().any(|a| a.starts_with(code)),
            "{name} is named for {code} but does not report it"
        );
    }
}

/// A span-free dump of a syntax tree: what the file says, not how it is laid out.
pub fn dump(src: &SourceFile, file: &ast::File) -> String {
    let mut out = String::new();
    for d in &file.decls {
        dump_stmt(src, d, 0, &mut out);
    }
    out
}

fn dump_stmt(src: &SourceFile, stmt: &Stmt, depth: usize, out: &mut String) {
    out.push_str(&"  ".repeat(depth));
    out.push('(');
    out.push_str(stmt.key.text());
    for a in &stmt.args {
        out.push(' ');
        dump_arg(src, a, out);
    }
    if let Some(body) = &stmt.body {
        out.push_str(" {\n");
        for s in &body.stmts {
            dump_stmt(src, s, depth + 1, out);
        }
        out.push_str(&"  ".repeat(depth));
        out.push('}');
    }
    out.push_str(")\n");
}

fn dump_arg(src: &SourceFile, arg: &Arg, out: &mut String) {
    let raw = |s: topoc::source::Span| src.slice(s).to_string();
    match arg {
        Arg::Name(n) => out.push_str(&format!("name:{:?}", n.text(src))),
        Arg::Word(s) => out.push_str(&format!("word:{}", raw(*s))),
        Arg::Scope(s) => out.push_str(&format!(
            "scope:{}:{:?}",
            s.kind.text(),
            s.name.map(|n| n.text(src).into_owned()).unwrap_or_default()
        )),
        Arg::Int(s) => out.push_str(&format!(
            "int:{}",
            raw(*s).parse::<i64>().map_or(raw(*s), |v| v.to_string())
        )),
        Arg::Ports(s) => out.push_str(&format!("ports:{}", raw(*s))),
        Arg::Pattern(s) => out.push_str(&format!(
            "pattern:{:?}",
            topoc::lexical::unquote_pattern(&raw(*s))
        )),
        Arg::Str(s) => out.push_str(&format!(
            "str:{:?}",
            topoc::lexical::unquote_string(&raw(*s))
        )),
        Arg::Address(s) => out.push_str(&format!("addr:{}", raw(*s))),
        Arg::Subnet(s) => out.push_str(&format!("subnet:{}", raw(*s))),
        Arg::Keyword(s) => out.push_str(&format!("kw:{}", raw(*s))),
        Arg::List(l) => {
            out.push('[');
            for (i, item) in l.items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                dump_arg(src, item, out);
            }
            out.push(']');
        }
    }
}

// ----------------------------------------------------------- the binary ---

/// A run of the `topoc` binary: exit status and output, with the scratch
/// directory shown as `[TMP]`.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn snapshot(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

/// Runs `topoc` in the crate root with `NO_COLOR`.
pub fn topoc(args: &[&str]) -> Run {
    topoc_with_stdin(args, None)
}

/// [`topoc`] with text on standard input.
pub fn topoc_with_stdin(args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_topoc"));
    cmd.args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the topoc binary runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let tmp = scratch_root().to_string_lossy().into_owned();
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&tmp, "[TMP]");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: clean(&out.stdout),
        stderr: clean(&out.stderr),
    }
}

/// Runs `topoc` in `cwd` with `NO_COLOR`, killed after `limit` (a guard
/// against hangs, not a performance target): `None` when it was killed.
/// `memory` caps its address space (bytes) through `ulimit -v`.
pub fn topoc_in(
    cwd: &Path,
    args: &[&str],
    limit: std::time::Duration,
    memory: Option<u64>,
) -> Option<Run> {
    let mut cmd = match memory {
        Some(bytes) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("ulimit -v {}; exec \"$0\" \"$@\"", bytes / 1024))
                .arg(env!("CARGO_BIN_EXE_topoc"));
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_topoc")),
    };
    cmd.args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the topoc binary runs");
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let readers = (
        std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = std::io::Read::read_to_end(&mut out, &mut b);
            b
        }),
        std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = std::io::Read::read_to_end(&mut err, &mut b);
            b
        }),
    );
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let (stdout, stderr) = (readers.0.join().unwrap(), readers.1.join().unwrap());
    let status = status?;
    Some(Run {
        status: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}

/// Cargo's per-target temporary directory.
pub fn scratch_root() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

/// A fresh scratch directory with the given files.
pub fn scratch(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = scratch_root().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

/// A fresh copy of the starter project `topoc init` writes, in a scratch
/// directory; its canonical path.
pub fn starter(name: &str) -> PathBuf {
    let dir = scratch(name, &[]).join("project");
    let run = topoc(&["init", dir.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    dir.canonicalize().unwrap()
}

/// A project of one file, checked.
pub fn check_text(name: &str, text: impl Into<Vec<u8>>) -> topoc::Checked {
    let mut sources = Sources::new();
    sources.add_bytes(name, text.into());
    topoc::check(&sources)
}

/// Runs `f` on the emitter's input for the clean project of `sources`;
/// panics with the diagnostics when the project has errors.
pub fn with_project<T>(sources: &Sources, f: impl FnOnce(&topoc::emit::Input<'_>) -> T) -> T {
    topoc::check_with(sources, |report| {
        let project = report
            .clean
            .as_ref()
            .unwrap_or_else(|| panic!("{}", render(sources, report.diagnostics)));
        f(&topoc::emit::Input::new(
            project,
            sources,
            topoc::emit::Options::default(),
        ))
    })
}
