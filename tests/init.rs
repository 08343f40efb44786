//! `topoc init`: the starter project it writes checks without a problem,
//! passes its golden tests, is in the canonical layout and builds; and it
//! never overwrites anything.

#![allow(clippy::disallowed_methods)] // tests write scratch projects

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The files of a directory, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A path under the scratch root that does not exist yet.
fn fresh(name: &str) -> PathBuf {
    let dir = scratch_root().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Runs `topoc init DIR`, which must refuse; its standard error.
fn refused(dir: &Path) -> String {
    let run = topoc(&["init", arg(dir)]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("(nothing was written)"),
        "{}",
        run.stderr
    );
    run.stderr
}

const STARTER: [&str; 4] = [
    ".pre-commit-config.yaml",
    "tests.topo",
    "topology.topo",
    "voice-routing.topo",
];

#[test]
fn the_starter_checks_clean_formats_and_builds() {
    let dir = fresh("init-starter").join("voice");
    let run = topoc(&["init", arg(&dir)]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(listing(&dir), STARTER);
    // The files are the reviewed templates, byte for byte.
    for name in STARTER {
        let template = name.trim_start_matches('.');
        assert_eq!(
            std::fs::read(dir.join(name)).unwrap(),
            std::fs::read(root().join("src/cli/init").join(template)).unwrap(),
            "{name}"
        );
    }
    // No error, warning or note (the JSON array is empty), warnings denied.
    let check = topoc(&["check", "--format", "json", "--deny", "warnings", arg(&dir)]);
    assert_eq!(
        (check.status, check.stdout.trim()),
        (0, "[]"),
        "{}",
        check.stderr
    );
    let fmt = topoc(&["fmt", "--check", arg(&dir)]);
    assert_eq!(fmt.status, 0, "{}{}", fmt.stdout, fmt.stderr);
    let out = dir.with_file_name("out");
    let build = topoc(&["build", arg(&dir), "-o", arg(&out)]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    assert!(out.join("deploy.ps1").is_file());
    // Its golden tests run with every check: a wrong expectation fails it.
    let tests = dir.join("tests.topo");
    let text = std::fs::read_to_string(&tests).unwrap();
    std::fs::write(&tests, text.replace("route Local-425", "unroutable")).unwrap();
    let check = topoc(&["check", arg(&dir)]);
    assert_eq!(check.status, 1);
    assert!(check.stderr.contains("T0801"), "{}", check.stderr);
}

#[test]
fn the_starter_uses_the_hooks_topoc_ships() {
    let yaml = |path: &Path| -> serde_yaml::Value {
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let shipped = yaml(&root().join(".pre-commit-hooks.yaml"));
    let starter = yaml(&root().join("src/cli/init/pre-commit-config.yaml"));
    let used = starter["repos"][0]["hooks"].as_sequence().unwrap();
    let shipped = shipped.as_sequence().unwrap();
    // The starter uses the checking and formatting hooks (not `topoc-diff`,
    // which needs a first commit to compare with), each as shipped.
    let ids: Vec<&str> = used.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["topoc-check", "topoc-fmt"]);
    for ours in used {
        let hook = shipped
            .iter()
            .find(|h| h["id"] == ours["id"])
            .expect("a hook topoc ships");
        for key in ["id", "name", "entry", "files", "pass_filenames"] {
            assert_eq!(hook[key], ours[key], "{key} of {:?}", hook["id"]);
        }
    }
}

#[test]
fn init_writes_into_the_current_directory_by_default() {
    let dir = scratch("init-here", &[("README.md", b"mine\n")]);
    let run = topoc_in(&dir, &["init"], Duration::from_secs(60), None).unwrap();
    assert_eq!(run.status, 0, "{}", run.stderr);
    let mut expected: Vec<&str> = STARTER.to_vec();
    expected.insert(1, "README.md");
    assert_eq!(listing(&dir), expected);
    let check = topoc_in(&dir, &["check"], Duration::from_secs(60), None).unwrap();
    assert_eq!(check.status, 0, "{}", check.stderr);
}

#[test]
fn init_refuses_a_directory_that_holds_a_project() {
    for (name, file) in [
        ("init-topo", "site.topo"),
        ("init-topo-below", "sub/site.topo"),
    ] {
        let dir = scratch(name, &[]);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join(file), "# mine\n").unwrap();
        let before = listing(&dir);
        let stderr = refused(&dir);
        assert!(
            stderr.contains(&format!("{file}` is a .topo file")),
            "{stderr}"
        );
        assert_eq!(listing(&dir), before);
    }
}

#[test]
fn init_never_overwrites_a_file_of_the_starter() {
    let dir = scratch(
        "init-overwrite",
        &[(".pre-commit-config.yaml", b"repos: []\n")],
    );
    let stderr = refused(&dir);
    assert!(
        stderr.contains(".pre-commit-config.yaml` already exists"),
        "{stderr}"
    );
    assert_eq!(listing(&dir), [".pre-commit-config.yaml"]);
    assert_eq!(
        std::fs::read(dir.join(".pre-commit-config.yaml")).unwrap(),
        b"repos: []\n"
    );
}

#[cfg(unix)]
#[test]
fn init_does_not_write_through_a_link_named_like_its_files() {
    let dir = scratch("init-link", &[]);
    let victim = dir.with_file_name("init-link-victim");
    let _ = std::fs::remove_file(&victim);
    std::os::unix::fs::symlink(&victim, dir.join("tests.topo")).unwrap();
    let stderr = refused(&dir);
    assert!(stderr.contains("tests.topo` already exists"), "{stderr}");
    assert!(!victim.exists());
    assert_eq!(listing(&dir), ["tests.topo"]);
}

#[test]
fn init_refuses_a_file_for_its_directory() {
    let dir = scratch("init-file", &[("notes.txt", b"mine\n")]);
    let stderr = refused(&dir.join("notes.txt"));
    assert!(stderr.contains("is not a directory"), "{stderr}");
    assert_eq!(std::fs::read(dir.join("notes.txt")).unwrap(), b"mine\n");
}
