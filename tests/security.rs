//! Issue 13: nothing in a pull request can make topoc, or what it writes,
//! do harm. One regression test per hole of the issue, named after it
//! (`hole_NN_...`), each of which failed on the code before its fix; the
//! threat model and guarantees are in docs/security.md.

#![allow(clippy::disallowed_methods)] // tests read fixtures and write scratch files

mod common;
mod ps;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;

/// A small project that checks and builds: one site, one gateway, one
/// usage, a global policy.
use topoc::generate::hostile::BASE;

/// Generous limits that only a hang or a runaway allocation exceeds.
const HANG: Duration = Duration::from_secs(120);

/// A scratch project of `files` (name, text) under a fresh directory.
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(name, &[]);
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Builds `dir` into `dir/out`; the files written, or the failed run.
fn build(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Run> {
    let run = topoc_in(dir, &["build", ".", "-o", "out"], HANG, None).expect("build hangs");
    if run.status != 0 {
        return Err(run);
    }
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    Ok(out)
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files.iter().find(|(n, _)| n == name).unwrap().1
}

/// Hole 1: a route description with a character whose UTF-8 bytes are a
/// quote in cp1252 (đ is C4 91, and 0x91 is U+2018) escaped its literal
/// when Windows PowerShell read the BOM-less script in the ANSI code page.
#[test]
fn hole_01_code_page_injection_into_deploy_ps1() {
    for trigger in ['\u{111}', '\u{811}', '\u{112}', '\u{102}', '\u{11E}'] {
        let text = format!(
            "{BASE}route R {{\n  pattern '^\\+1(\\d{{10}})$'\n  usages [U]\n  trunks [gw.s.com]\n  \
             description \"Area code 509 {trigger}; Write-Host PWNED; #\"\n}}\n"
        );
        let dir = project("hole-01", &[("main.topo", &text)]);
        let files = build(&dir).unwrap_or_else(|r| panic!("{}", r.stderr));
        let script = file(&files, "deploy.ps1");
        assert!(script.starts_with(b"\xEF\xBB\xBF"), "no byte-order mark");
        assert!(
            script[3..].is_ascii(),
            "deploy.ps1 holds bytes outside ASCII ({trigger:?})"
        );
        let [utf8, cp1252] = ps::readings(script);
        let a = ps::commands(&utf8).unwrap();
        let b = ps::commands(&cp1252).unwrap();
        assert_eq!(a, b, "the two readings differ ({trigger:?})");
        assert!(!ps::names(&a).contains(&"Write-Host"));
        let description = a
            .iter()
            .filter(|c| c.name == "Set-CsVoiceRoute")
            .flat_map(|c| &c.params)
            .find(|(p, _)| p == "Description")
            .and_then(|(_, v)| ps::value(v.as_deref()?))
            .unwrap();
        assert_eq!(
            description,
            format!("Area code 509 {trigger}; Write-Host PWNED; #")
        );
    }
}

/// Hole 2: a per-user name that is a scope (`tag:"site:S"`, `tag:global`,
/// `tag:"service:Registrar:..."`) was written as that scope's identity,
/// so deploy.ps1 replaced the site's or the global policy or dial plan.
#[test]
fn hole_02_scope_prefixed_names_do_not_retarget_objects() {
    let text = format!(
        "{BASE}voice-policy tag:\"site:S\" {{ usages [U] }}\n\
         voice-policy tag:\"Global\" {{ usages [U] }}\n\
         dial-plan tag:\"service:Registrar:fe.s.com\" {{ rule A '^(\\d{{4}})$' -> '+1425555$1' }}\n\
         route \"tag:x\" {{ pattern '^\\+1(\\d{{10}})$'; usages [U]; trunks [gw.s.com] }}\n"
    );
    let checked = check_text("main.topo", text.clone());
    let lines: Vec<usize> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity() == topoc::diagnostics::Severity::Error)
        .map(|d| {
            let offset = d.primary.span.start as usize;
            text[..offset].lines().count()
        })
        .collect();
    let base = BASE.lines().count();
    for line in [base + 1, base + 2, base + 3, base + 4] {
        assert!(
            lines.contains(&line),
            "no error on line {line}: {:?}",
            checked
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        );
    }
    let dir = project("hole-02", &[("main.topo", &text)]);
    let run = build(&dir).expect_err("a project retargeting global objects must not build");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!dir.join("out").exists());
}

/// Hole 3: `topoc fmt` wrote its temporary file to a predictable name
/// beside the file; a committed symbolic link of that name made it
/// overwrite what the link points at.
#[cfg(unix)]
#[test]
fn hole_03_fmt_never_writes_through_a_planted_link() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project("hole-03", &[("x.topo", "pstn-usage    U\n")]);
    let victim = scratch_root().join("hole-03-victim");
    std::fs::write(&victim, "precious\n").unwrap();
    std::os::unix::fs::symlink(&victim, dir.join(".x.topo.topoc-fmt.tmp")).unwrap();
    std::fs::set_permissions(dir.join("x.topo"), std::fs::Permissions::from_mode(0o640)).unwrap();
    let run = topoc_in(&dir, &["fmt", "x.topo"], HANG, None).unwrap();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(
        std::fs::read_to_string(dir.join("x.topo")).unwrap(),
        "pstn-usage U\n"
    );
    let meta = std::fs::symlink_metadata(dir.join("x.topo")).unwrap();
    assert!(meta.file_type().is_file());
    assert_eq!(meta.permissions().mode() & 0o777, 0o640, "mode not kept");
    assert!(
        std::fs::symlink_metadata(dir.join(".x.topo.topoc-fmt.tmp"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // A source that is itself a link is not rewritten (that would replace
    // the link, or write through it).
    std::fs::write(&victim, "pstn-usage    V\n").unwrap();
    std::os::unix::fs::symlink(&victim, dir.join("link.topo")).unwrap();
    let run = topoc_in(&dir, &["fmt", "link.topo"], HANG, None).unwrap();
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "pstn-usage    V\n"
    );
}

/// Hole 4: a committed `.topo` link to a file outside the project was read,
/// and the report printed its lines (the CI job's secrets) in the log.
#[cfg(unix)]
#[test]
fn hole_04_links_out_of_the_project_disclose_nothing() {
    let secret = scratch_root().join("hole-04-environ");
    std::fs::write(
        &secret,
        "SECRET_TOKEN=hunter2\0HOME=/root\0PATH=/usr/bin\0".as_bytes(),
    )
    .unwrap();
    let passwd = scratch_root().join("hole-04-passwd");
    std::fs::write(&passwd, "root:x:0:0:hunter3:/root:/bin/bash\n").unwrap();
    let dir = project("hole-04", &[("main.topo", BASE)]);
    std::os::unix::fs::symlink(&secret, dir.join("env.topo")).unwrap();
    std::os::unix::fs::symlink(&passwd, dir.join("passwd.topo")).unwrap();
    for args in [
        &["check", "."][..],
        &["check", "env.topo"],
        &["check", "passwd.topo"],
        &["check", "--format", "json", "."],
        &["fmt", "--check", "."],
        &["build", ".", "-o", "out"],
    ] {
        let run = topoc_in(&dir, args, HANG, None).unwrap();
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(!all.contains("hunter2"), "{args:?} disclosed:\n{all}");
        assert!(!all.contains("hunter3"), "{args:?} disclosed:\n{all}");
        assert_eq!(run.status, 2, "{args:?}: {all}");
        assert!(all.contains("outside"), "{args:?}: {all}");
    }
    std::fs::remove_file(dir.join("env.topo")).unwrap();
    std::fs::remove_file(dir.join("passwd.topo")).unwrap();
    // A directory given through a link, however it is spelled, is a link
    // out of the project; so is a file below such a directory.
    let outside = scratch_root().join("hole-04-outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.topo"), "pstn-usage hunter4\n").unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("topology")).unwrap();
    for args in [
        &["check", "topology"][..],
        &["check", "topology/"],
        &["check", "topology/."],
        &["check", "./topology/secret.topo"],
    ] {
        let run = topoc_in(&dir, args, HANG, None).unwrap();
        let all = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(run.status, 2, "{args:?}: {all}");
        assert!(all.contains("outside"), "{args:?}: {all}");
        assert!(!all.contains("hunter4"), "{args:?}: {all}");
    }
    std::fs::remove_file(dir.join("topology")).unwrap();
    // A link into a hidden directory (where .git/config keeps a token).
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".git/config"), "token = hunter5\n").unwrap();
    std::os::unix::fs::symlink(".git/config", dir.join("config.topo")).unwrap();
    let run = topoc_in(&dir, &["check", "."], HANG, None).unwrap();
    let all = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(run.status, 2, "{all}");
    assert!(all.contains("hidden"), "{all}");
    assert!(!all.contains("hunter5"), "{all}");
    std::fs::remove_file(dir.join("config.topo")).unwrap();

    // A link that stays inside the project is read, `..` and all.
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    std::fs::write(dir.join("shared/usages.txt"), "pstn-usage V\n").unwrap();
    std::os::unix::fs::symlink("shared/usages.txt", dir.join("usages.topo")).unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("shared/more.txt"), "pstn-usage W\n").unwrap();
    std::os::unix::fs::symlink("../shared/more.txt", dir.join("sub/more.topo")).unwrap();
    let run = topoc_in(&dir, &["check", "."], HANG, None).unwrap();
    assert!(run.stderr.contains("checked 3 files"), "{}", run.stderr);

    // A file that is not topoc source shows at most the line at fault,
    // never its neighbours.
    let lines: Vec<String> = (0..9)
        .map(|i| format!("secret-{i}-{}", "x".repeat(40)))
        .collect();
    let dir = project("hole-04-excerpt", &[("main.topo", &lines.join("\n"))]);
    let run = topoc_in(&dir, &["check", "."], HANG, None).unwrap();
    assert_eq!(run.status, 1);
    for (i, line) in lines.iter().enumerate().skip(1) {
        assert!(
            !run.stderr.contains(line.as_str()),
            "line {i} shown:\n{}",
            run.stderr
        );
    }
}

/// Hole 5: a device or FIFO passed the size check (its length is 0) and
/// was read to the end: memory ran out, or the hook hung.
#[cfg(unix)]
#[test]
fn hole_05_devices_and_fifos_are_not_read() {
    let dir = project("hole-05", &[("main.topo", BASE)]);
    let fifo = dir.join("pipe.topo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let gib = Some(4 << 30);
    for args in [
        &["check", "/dev/zero"][..],
        &["check", "pipe.topo"],
        &["check", "."],
        &["fmt", "."],
    ] {
        let run = topoc_in(&dir, args, Duration::from_secs(30), gib)
            .unwrap_or_else(|| panic!("{args:?} hung"));
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    }
}

/// Hole 6: the pre-scan was quadratic in the nesting depth (200 KB of `{`
/// took 21 s); nesting now has a documented limit with its own error.
#[test]
fn hole_06_nesting_is_scanned_in_linear_time_and_limited() {
    for text in [
        "{".repeat(1 << 20),
        "{\n".repeat(200_000),
        "[".repeat(1 << 20),
    ] {
        let dir = project("hole-06", &[("main.topo", &text)]);
        let run = topoc_in(&dir, &["check", "--format", "json", "."], HANG, None)
            .expect("the scan of deep nesting hangs");
        assert_eq!(run.status, 1, "{}", run.stderr);
        assert!(
            run.stdout.contains("\"T0015\""),
            "{}",
            &run.stdout[..run.stdout.len().min(2000)]
        );
    }
}

/// Hole 7: one route pattern's automaton took 33 s and 204 MB; a pattern
/// with nested quantifiers spent the whole back-tracking budget on every
/// golden test that dials a number it does not match.
#[test]
fn hole_07_pattern_analysis_and_simulation_are_budgeted() {
    let text = format!(
        "{BASE}route R {{ pattern '^\\+(\\d{{1,100}}){{1,100}}$'; usages [U]; trunks [gw.s.com] }}\n"
    );
    let dir = project("hole-07", &[("main.topo", &text)]);
    let run = topoc_in(
        &dir,
        &["check", "--format", "json", "."],
        HANG,
        Some(2 << 30),
    )
    .expect("the analysis of one pattern hangs");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"T0708\""), "{}", run.stdout);
    assert!(run.stdout.contains("budget"), "{}", run.stdout);

    let mut text =
        format!("{BASE}route R {{ pattern '^\\+(\\d+)+$'; usages [U]; trunks [gw.s.com] }}\n");
    let ones = "1".repeat(40);
    for i in 0..200 {
        text.push_str(&format!(
            "test \"t{i}\" {{ from user {{ home-pool fe.s.com }}; dial '+{ones}#'; expect {{ unroutable }} }}\n"
        ));
    }
    let dir = project("hole-07-tests", &[("main.topo", &text)]);
    let run = topoc_in(
        &dir,
        &["check", "--format", "json", "."],
        HANG,
        Some(2 << 30),
    )
    .expect("golden tests on a backtracking pattern hang");
    assert!(
        !run.stdout.contains("\"T0802\""),
        "{}",
        &run.stdout[..run.stdout.len().min(3000)]
    );
    assert!(!run.stdout.contains("\"T0801\""));
    assert_eq!(run.status, 0, "{}", run.stderr);
}

/// Hole 8: control characters inside strings, patterns and comments
/// reached the model and deploy.ps1.
#[test]
fn hole_08_control_characters_are_refused_everywhere() {
    for c in [
        '\0', '\u{1b}', '\u{7}', '\u{7f}', '\u{9b}', '\u{85}', '\u{2028}', '\u{202e}', '\u{2066}',
    ] {
        for (template, what) in [
            (
                "route R {{ pattern '^\\+1{c}(\\d{{10}})$'; usages [U]; trunks [gw.s.com] }}",
                "pattern",
            ),
            (
                "route R {{ pattern '^\\+1(\\d{{10}})$'; usages [U]; trunks [gw.s.com]; description \"a{c}b\" }}",
                "string",
            ),
            (
                "route R {{ pattern '^\\+1(\\d{{10}})$'; usages [U]; trunks [gw.s.com] }} # a{c}b",
                "comment",
            ),
        ] {
            let line = template
                .replace("{{", "{")
                .replace("}}", "}")
                .replace("{c}", &c.to_string());
            let text = format!("{BASE}{line}\n");
            let at = text.find(c).unwrap();
            let checked = check_text("main.topo", text.clone());
            assert!(
                checked
                    .diagnostics
                    .iter()
                    .any(|d| d.code.info().id == "T0007" && d.primary.span.start as usize == at),
                "U+{:04X} in a {what} is not refused: {:?}",
                c as u32,
                checked
                    .diagnostics
                    .iter()
                    .map(|d| &d.message)
                    .collect::<Vec<_>>()
            );
        }
    }
    // A tab is whitespace, and text in a comment.
    let checked = check_text("main.topo", format!("{BASE}\tpstn-usage V # a\tb\n"));
    assert!(!checked.has_errors());
}

/// Hole 9: manifest.yaml wrote strings such as `yes`, `off`, `~` and
/// `0x10` unquoted; YAML 1.1 readers (PyYAML) read booleans, null and
/// numbers.
#[test]
fn hole_09_manifest_strings_survive_yaml_1_1_readers() {
    let names = [
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "~",
        "null",
        "true",
        "0x10",
        "1e3",
        "010",
        "0b11",
        "1_000",
        "1:20",
        ".inf",
        ".NaN",
        "2001-12-14",
        "<<",
        "=",
        "-",
        "- a",
        "a: b",
        "#x",
        "'q'",
        "\"d\"",
        "@a",
        "`b",
        "!tag",
        "&anchor",
        "*alias",
        "%dir",
        "|",
        ">",
        "[x]",
        "{y}",
        "?",
        "a #b",
    ];
    let usages: String = names
        .iter()
        .map(|n| {
            format!(
                "pstn-usage \"{}\"\n",
                n.replace('\\', "\\\\").replace('"', "\\\"")
            )
        })
        .collect();
    let list: Vec<String> = names
        .iter()
        .map(|n| format!("\"{}\"", n.replace('"', "\\\"")))
        .collect();
    let text = format!(
        "{BASE}{usages}route R {{ pattern '^\\+1(\\d{{10}})$'; usages [U, {}]; trunks [gw.s.com]; description \"yes\" }}\n",
        list.join(", ")
    );
    let dir = project("hole-09", &[("main.topo", &text)]);
    let files = build(&dir).unwrap_or_else(|r| panic!("{}", r.stderr));
    let yaml = file(&files, "manifest.yaml");
    let Some(loaded) = pyyaml(yaml) else {
        return;
    };
    let mut expected: Vec<&str> = names.to_vec();
    expected.push("U");
    expected.sort_by_key(|n| n.to_lowercase());
    let usages: Vec<serde_json::Value> = loaded["usages"].as_array().unwrap().clone();
    assert_eq!(
        usages,
        expected
            .iter()
            .map(|n| serde_json::Value::String(n.to_string()))
            .collect::<Vec<_>>()
    );
    let route = &loaded["routes"][0];
    assert_eq!(route["name"], "R");
    assert_eq!(route["usages"].as_array().unwrap().len(), names.len() + 1);
    assert!(
        route["usages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v.is_string())
    );
}

/// The document as PyYAML (a YAML 1.1 reader) loads it, as JSON; `None`
/// (with a loud note) where Python or PyYAML is missing, which CI does not
/// allow.
fn pyyaml(yaml: &[u8]) -> Option<serde_json::Value> {
    use std::io::Write;
    let script = "import sys, json, yaml\n\
                  doc = yaml.safe_load(sys.stdin.buffer.read().decode('utf-8'))\n\
                  json.dump(doc, sys.stdout, default=lambda o: {'__not_json__': repr(o)})\n";
    let child = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let missing = |why: String| {
        assert!(
            std::env::var_os("CI").is_none(),
            "PyYAML is needed under CI: {why}"
        );
        eprintln!("\n*** SKIPPED: the YAML 1.1 round trip needs python3 with PyYAML: {why} ***\n");
        None
    };
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return missing(e.to_string()),
    };
    child.stdin.take().unwrap().write_all(yaml).unwrap();
    let out = child.wait_with_output().unwrap();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        if err.contains("No module named 'yaml'") {
            return missing(err);
        }
        panic!("PyYAML cannot read the manifest: {err}");
    }
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// Hole 10: concurrent builds into one directory deleted each other's
/// temporary directories, and after a build interrupted while removing the
/// previous output, the advice ("move it back") would have replaced the
/// complete new output with a partial old one.
#[test]
fn hole_10_concurrent_and_interrupted_builds() {
    let dir = project("hole-10", &[("main.topo", BASE)]);
    let reference = build(&dir).unwrap_or_else(|r| panic!("{}", r.stderr));
    let runs: Vec<_> = (0..8)
        .map(|_| {
            let dir = dir.clone();
            std::thread::spawn(move || topoc_in(&dir, &["build", ".", "-o", "out"], HANG, None))
        })
        .collect();
    for r in runs {
        let run = r.join().unwrap().expect("a concurrent build hangs");
        assert_eq!(run.status, 0, "{}", run.stderr);
    }
    assert_eq!(build(&dir).unwrap(), reference);
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("topoc-new") || n.contains("topoc-old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Interrupted while removing the previous output: the new output is in
    // place, the old one half deleted beside it. It is only removed.
    let old = dir.join(".out.topoc-old-4242");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("deploy.ps1"), "partial").unwrap();
    let run = topoc_in(&dir, &["build", ".", "-o", "out"], HANG, None).unwrap();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!old.exists());
    assert_eq!(build(&dir).unwrap(), reference);

    // Interrupted between moving the previous output aside and moving the
    // new one in: the previous output is complete and the only copy. The
    // advice says to move it back, and following it works.
    std::fs::rename(dir.join("out"), &old).unwrap();
    let run = topoc_in(&dir, &["build", ".", "-o", "out"], HANG, None).unwrap();
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("move it back"), "{}", run.stderr);
    assert!(old.join("deploy.ps1").exists());
    std::fs::rename(&old, dir.join("out")).unwrap();
    assert_eq!(build(&dir).unwrap(), reference);
}

/// Hole 11: `-o` followed a symbolic link committed in the repository
/// (`build -> /anywhere`), so CI wrote where the link pointed.
#[cfg(unix)]
#[test]
fn hole_11_output_through_a_committed_link_is_refused() {
    let tree = project("hole-11", &[("proj/main.topo", BASE)]);
    let elsewhere = scratch_root().join("hole-11-elsewhere");
    let _ = std::fs::remove_dir_all(&elsewhere);
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, tree.join("build")).unwrap();
    for out in ["build/topoc", "build", "./build/x/y"] {
        let run = topoc_in(&tree, &["build", "proj", "-o", out], HANG, None).unwrap();
        assert_eq!(run.status, 2, "{out}: {}", run.stderr);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "{out}");
    }
    // The same place named without the link is written.
    let target = elsewhere.join("topoc");
    let run = topoc_in(
        &tree,
        &["build", "proj", "-o", target.to_str().unwrap()],
        HANG,
        None,
    )
    .unwrap();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(target.join("deploy.ps1").exists());
}

/// Hole 12: a name holding two backticks closed its code span in
/// topology-steps.md and injected bold text and links into the steps an
/// administrator follows.
#[test]
fn hole_12_names_cannot_escape_markdown_code_spans() {
    let text = r#"site S {
  frontend-pool fe.s.com { servers [fe.s.com] }
  mediation-pool med.s.com { servers [med.s.com]; next-hop fe.s.com; tls-ports 5067 }
}
branch-site "B``**bold**[link](https://evil.example)``" {
  central-site S
  gateway gw.b.com {
    kind pstn-gateway
    root-trunk { port 5067 tls; mediation med.s.com port 5067 }
  }
}
"#;
    let dir = project("hole-12", &[("main.topo", text)]);
    match build(&dir) {
        Ok(files) => {
            let md = String::from_utf8(file(&files, "topology-steps.md").to_vec()).unwrap();
            assert_markdown_inert(&md, &["bold", "evil"]);
        }
        Err(run) => {
            assert_eq!(run.status, 1, "{}", run.stderr);
            assert!(run.stderr.contains("main.topo:5:13"), "{}", run.stderr);
        }
    }
}

/// No text containing one of `words` appears in the Markdown outside a
/// code span, and nothing renders as a link, image or raw HTML.
fn assert_markdown_inert(md: &str, words: &[&str]) {
    use pulldown_cmark::{Event, Parser, Tag};
    for event in Parser::new(md) {
        match &event {
            Event::Text(t) => {
                for w in words {
                    assert!(!t.contains(w), "`{w}` outside a code span: {event:?}\n{md}");
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. })
            | Event::Html(_)
            | Event::InlineHtml(_) => panic!("{event:?} in\n{md}"),
            _ => {}
        }
    }
}

/// Hole 7, every shape: each of the worst inputs known
/// ([`topoc::generate::hostile`]) checks within the hang guard and 1 GiB,
/// ending in diagnostics, not a kill. (The benchmark `hostile` times them
/// at a megabyte each.)
#[test]
fn hole_07_the_worst_shapes_known_end() {
    use topoc::generate::hostile::{self, Shape};
    for shape in Shape::ALL {
        let files = hostile::project(shape, 30_000);
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let dir = project(&format!("hole-07-{shape:?}"), &files);
        let start = std::time::Instant::now();
        let run = topoc_in(
            &dir,
            &["check", "--format", "json", "."],
            HANG,
            Some(1 << 30),
        )
        .unwrap_or_else(|| panic!("{shape:?} hangs"));
        assert!(matches!(run.status, 0 | 1), "{shape:?}: {}", run.stderr);
        eprintln!("{shape:?}: {:?}", start.elapsed());
    }
}

// ------------------------------------------------- every field, every reading ---

/// Text that every format topoc writes treats specially somewhere: the
/// quotes and dashes PowerShell honours (typographic ones included), its
/// expansion and comment syntax; characters whose UTF-8 bytes are quotes
/// and dashes in cp1252 (U+0102 is C4 82, `‚` there; U+0111 is C4 91, `‘`;
/// U+0811 is E0 A0 91); XML markup; Markdown code spans, emphasis, links
/// and HTML; YAML indicators and the plain words YAML 1.1 reads as other
/// types; line feed and tab (the only controls a string can hold, through
/// `\n` and `\t`; every other one is refused, hole 8); and characters
/// beyond ASCII and the BMP.
const HOSTILE: &[&str] = &[
    "'",
    "\u{2018}",
    "\u{2019}",
    "\u{201A}",
    "\u{201B}",
    "\"",
    "\u{201C}",
    "\u{201D}",
    "\u{201E}",
    "`",
    "$",
    "$(x)",
    "${x}",
    "@(1)",
    ";",
    "#",
    "<#",
    "#>",
    "|",
    "&",
    "{",
    "}",
    "\u{2013}",
    "\u{2014}",
    "\u{2015}",
    "-",
    "\n",
    "\t",
    "\\",
    "\u{102}",
    "\u{104}",
    "\u{111}",
    "\u{112}",
    "\u{113}",
    "\u{114}",
    "\u{115}",
    "\u{116}",
    "\u{117}",
    "\u{811}",
    "<",
    ">",
    "&amp;",
    "&#x41;",
    "]]>",
    "<!--",
    "--",
    "``",
    "*",
    "**",
    "_",
    "[x](y)",
    "![i](j)",
    "<b>",
    ": ",
    " #",
    "- ",
    "? ",
    "[",
    "]",
    ",",
    "&a",
    "*a",
    "!t",
    "%",
    "@",
    "yes",
    "~",
    "null",
    "0x10",
    "1e3",
    "010",
    "1:20",
    "2001-12-14",
    "<<",
    "=",
    "\u{e9}",
    "\u{260e}",
    "\u{1F980}",
    "\u{a0}",
];

/// The most hostile name an identity may take (T0116 refuses the rest):
/// letters beyond ASCII, inner spaces and `- . + _ ( )`.
fn name(what: &str) -> String {
    format!("Z\u{fc}rich (\u{d6}st) - \u{c9}.{what}+_x")
}

/// The items of a PowerShell list `a, ('b' + [char]0x00E9)`: split at the
/// commas outside quotes and parentheses.
fn list_items(list: &str) -> Vec<&str> {
    let (mut items, mut start, mut depth, mut quoted) = (Vec::new(), 0, 0, false);
    for (i, c) in list.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                items.push(list[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(list[start..].trim());
    items
}

/// `text` as a .NET pattern matching it literally, written as a `.topo`
/// pattern (single-quoted, `''` for a quote).
fn literal_pattern(text: &str) -> String {
    let mut re = String::new();
    for c in text.chars() {
        match c {
            '\n' => re.push_str("\\n"),
            '\t' => re.push_str("\\t"),
            '\\' | '*' | '+' | '?' | '|' | '{' | '}' | '[' | ']' | '(' | ')' | '^' | '$' | '.'
            | '#' | ' ' => {
                re.push('\\');
                re.push(c);
            }
            c => re.push(c),
        }
    }
    re
}

/// Every string field of every file `topoc build` writes carries the
/// hostile text (free text) or the most hostile identity name, and every
/// file means the same in the UTF-8 and the cp1252 reading of its bytes:
/// deploy.ps1 has the same command list and each value rebuilds the text;
/// topology.xml and manifest.yaml are ASCII and give the names and text
/// back; topology-steps.md has the same structure in both readings, with
/// every name inside a code span.
#[test]
fn every_string_field_survives_every_reading() {
    let text = HOSTILE.join(" ");
    let s = topoc::lexical::quote_string(&text);
    let pattern = format!("^\\+1(\\d{{10}})$|^{}$", literal_pattern(&text)).replace('\'', "''");
    let translation_text = format!("+1$1{}", text.replace('$', "$$").replace(['\n', '\t'], " "));
    let translation = translation_text.replace('\'', "''");
    let n = |w: &str| topoc::lexical::quote_string(&name(w));
    let project_text = format!(
        r#"site {site} {{
  frontend-pool fe.s.com {{ servers [fe.s.com] }}
  mediation-pool med.s.com {{ servers [med.s.com]; next-hop fe.s.com; tls-ports 5067 }}
  gateway gw.s.com {{
    kind pstn-gateway
    root-trunk {{ port 5067 tls; mediation med.s.com port 5067 }}
  }}
}}
branch-site {branch} {{
  central-site {site}
  gateway gw.b.com {{
    kind pstn-gateway
    root-trunk {{ port 5067 tls; mediation med.s.com port 5067 }}
  }}
}}
pstn-usage {s}
trunk-config global {{
  description {s}
  called-number {{ rule {rule} '{pattern}' -> '{translation}' }}
}}
route {route} {{
  pattern '{pattern}'
  usages [{s}]
  trunks [gw.s.com, gw.b.com]
  description {s}
}}
voice-policy global {{ usages [{s}]; description {s} }}
voice-policy tag:{policy} {{ usages [{s}]; description {s} }}
dial-plan tag:{plan} {{
  description {s}
  simple-name Plan-1
  rule {rule} '^(\d{{4}})$' -> '+1425555$1' {{ description {s} }}
}}
network {{
  bandwidth-profile {profile} {{ audio 2000; audio-session 100; description {s} }}
  region {region} {{
    central-site {site}
    description {s}
    network-site {netsite} {{ subnets [10.1.0.0/16]; bandwidth {profile}; description {s} }}
  }}
}}
"#,
        site = n("site"),
        branch = n("branch"),
        rule = n("rule"),
        route = n("route"),
        policy = n("policy"),
        plan = n("plan"),
        profile = n("profile"),
        region = n("region"),
        netsite = n("netsite"),
    );
    let dir = project("every-field", &[("main.topo", &project_text)]);
    let files = build(&dir).unwrap_or_else(|r| panic!("{}\n{project_text}", r.stderr));
    let unpattern = pattern.replace("''", "'");

    // deploy.ps1: one command list in both readings; every value rebuilt.
    let script = file(&files, "deploy.ps1");
    assert!(script.starts_with(b"\xEF\xBB\xBF") && script[3..].is_ascii());
    let [utf8, cp1252] = ps::readings(script);
    let calls = ps::commands(&utf8).unwrap();
    assert_eq!(ps::commands(&cp1252).unwrap(), calls, "the readings differ");
    let values = |param: &str| -> Vec<String> {
        calls
            .iter()
            .flat_map(|c| &c.params)
            .filter(|(p, v)| p == param && v.as_deref() != Some("$null"))
            .flat_map(|(_, v)| {
                let v = v.as_deref().unwrap();
                let v = v
                    .strip_prefix("@{Add = ")
                    .map_or(v, |v| v.strip_suffix('}').unwrap());
                let v = v
                    .strip_prefix("@{Replace = ")
                    .map_or(v, |v| v.strip_suffix('}').unwrap());
                list_items(v)
                    .into_iter()
                    .map(|item| ps::value(item).unwrap_or_else(|| panic!("-{param} {item}")))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let descriptions = values("Description");
    // Route, two policies, dial plan, its rule, the global collection; the
    // region and the profile (created when missing, then set: twice each)
    // and the network site (created, moved, or described: three times).
    assert_eq!(
        descriptions.iter().filter(|d| **d == text).count(),
        13,
        "{descriptions:#?}"
    );
    assert!(descriptions.iter().all(|d| *d == text || d.is_empty()));
    assert_eq!(values("Usage"), std::slice::from_ref(&text));
    assert!(values("PstnUsages").iter().all(|u| *u == text));
    assert_eq!(values("NumberPattern"), std::slice::from_ref(&unpattern));
    assert!(values("Pattern").contains(&unpattern));
    assert!(values("Translation").contains(&translation_text));
    let identities = values("Identity");
    for (w, id) in [
        ("route", name("route")),
        ("policy", name("policy")),
        ("plan", name("plan")),
        ("rule", format!("global/{}", name("rule"))),
        ("plan rule", format!("{}/{}", name("plan"), name("rule"))),
        ("region", name("region")),
        ("netsite", name("netsite")),
        ("profile", name("profile")),
    ] {
        assert!(identities.contains(&id), "{w}: {id} not in {identities:#?}");
    }

    // topology.xml: ASCII, and the site's name given back.
    let xml = std::str::from_utf8(file(&files, "topology.xml")).unwrap();
    assert!(xml.is_ascii());
    let doc = roxmltree::Document::parse(xml).unwrap();
    assert!(
        doc.descendants()
            .any(|n| n.has_tag_name("Name") && n.text() == Some(name("site").as_str()))
    );

    // topology-steps.md: the same structure in both readings; names only
    // inside code spans.
    let md = file(&files, "topology-steps.md");
    let utf8 = String::from_utf8(md.to_vec()).unwrap();
    let cp1252 = ps::decode_cp1252(md);
    let shape = |text: &str| -> Vec<String> {
        pulldown_cmark::Parser::new(text)
            .map(|e| format!("{e:?}").split('(').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(shape(&utf8), shape(&cp1252));
    assert_markdown_inert(&utf8, &["rich"]);
    let codes: Vec<String> = pulldown_cmark::Parser::new(&utf8)
        .filter_map(|e| match e {
            pulldown_cmark::Event::Code(c) => Some(c.to_string()),
            _ => None,
        })
        .collect();
    assert!(codes.contains(&name("branch")), "{codes:?}");

    // owned.json: ASCII, and the route's name read back whole.
    let owned = file(&files, "owned.json");
    assert!(owned.is_ascii());
    let owned: serde_json::Value = serde_json::from_slice(owned).unwrap();
    assert_eq!(owned["objects"]["VoiceRoutes"][0], name("route").as_str());

    // manifest.yaml: ASCII, and every reader gives the text back.
    let yaml = file(&files, "manifest.yaml");
    assert!(yaml.is_ascii());
    let doc: serde_json::Value = serde_yaml::from_slice(yaml).unwrap();
    let route = &doc["routes"][0];
    assert_eq!(route["name"], name("route").as_str());
    assert_eq!(route["pattern"], unpattern.as_str());
    assert_eq!(route["usages"][0], text.as_str());
    assert_eq!(doc["usages"][0], text.as_str());
    if let Some(py) = pyyaml(yaml) {
        assert_eq!(
            py, doc,
            "PyYAML and serde_yaml read the manifest differently"
        );
    }
}

/// Hole 13: a live snapshot is as hostile as a source file. Its values
/// reach the live deploy.ps1 (the preflight's fingerprints, the identities
/// of objects to change or prune), plan.md and the terminal: none may
/// inject a command, break a literal in either reading of the script,
/// render Markdown, or drive a terminal.
#[test]
fn hole_13_live_snapshots_cannot_inject() {
    let evil = "x'; Write-Host PWNED; '\u{111}\n$(Remove-Item C:\\) `**bold**[a](https://evil.example)`\u{1b}[31m";
    let text = format!(
        "{BASE}route R {{\n  pattern '^\\+1(\\d{{10}})$'\n  usages [U]\n  trunks [gw.s.com]\n}}\n"
    );
    let dir = project("hole-13", &[("main.topo", &text)]);
    let global = |extra: serde_json::Value| {
        let mut o = serde_json::json!({ "Identity": "Global" });
        o.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        vec![o]
    };
    let snapshot = serde_json::json!({
        "format": "topoc-snapshot",
        "version": "1",
        "collected": evil,
        "topology": "",
        "PstnUsages": global(serde_json::json!({ "Usage": ["U", evil] })),
        "VoicePolicies": global(serde_json::json!({ "PstnUsages": [evil] })),
        "TrunkConfigurations": global(serde_json::json!({})),
        "DialPlans": global(serde_json::json!({})),
        "MediaConfigurations": global(serde_json::json!({})),
        "NetworkConfiguration": global(serde_json::json!({})),
        "Trunks": [{ "Identity": "PstnGateway:gw.s.com" }],
        "PstnGateways": [{ "Identity": "PstnGateway:gw.s.com" }],
        "VoiceRoutes": [
            { "Identity": "R", "NumberPattern": evil, "PstnUsages": [evil] },
            { "Identity": evil },
        ],
    });
    std::fs::write(dir.join("live.json"), snapshot.to_string()).unwrap();
    let owned = serde_json::json!({
        "format": "topoc-owned", "version": "1",
        "objects": { "VoiceRoutes": [evil] },
    });
    std::fs::write(dir.join("owned.json"), owned.to_string()).unwrap();
    let run = topoc_in(
        &dir,
        &[
            "build",
            ".",
            "-o",
            "out",
            "--live",
            "live.json",
            "--prune",
            "owned.json",
        ],
        HANG,
        None,
    )
    .expect("build hangs");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let script = std::fs::read(dir.join("out/deploy.ps1")).unwrap();
    assert!(
        script[3..].is_ascii(),
        "deploy.ps1 holds bytes outside ASCII"
    );
    let [utf8, cp1252] = ps::readings(&script);
    let a = ps::commands(&utf8).unwrap();
    assert_eq!(
        Ok(&a),
        ps::commands(&cp1252).as_ref(),
        "the two readings differ"
    );
    let names = ps::names(&a);
    assert!(
        !names.contains(&"Write-Host") && !names.contains(&"Remove-Item"),
        "{names:?}"
    );
    // The route is changed, the hostile route removed by its exact identity.
    let removed: Vec<String> = a
        .iter()
        .filter(|c| c.name == "Remove-CsVoiceRoute")
        .map(|c| ps::value(c.params[0].1.as_deref().unwrap()).unwrap())
        .collect();
    assert_eq!(removed, [evil]);
    assert!(names.contains(&"Set-CsVoiceRoute"), "{names:?}");
    let md = std::fs::read_to_string(dir.join("out/plan.md")).unwrap();
    assert_markdown_inert(&md, &["bold", "evil", "PWNED"]);
    let run =
        topoc_in(&dir, &["plan", ".", "--live", "live.json"], HANG, None).expect("plan hangs");
    assert_eq!(run.status, 3, "{}", run.stderr);
    assert!(
        !run.stdout.contains('\u{1b}') && run.stdout.contains("\\u{1b}"),
        "{}",
        run.stdout
    );
    for line in run.stdout.lines() {
        assert!(
            !line.starts_with("$(Remove-Item"),
            "a value faked a line: {line}"
        );
    }
}
