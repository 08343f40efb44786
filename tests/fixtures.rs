//! Fixture-driven tests, one per stage folder under tests/fixtures/.
//!
//! A fixture's name starts with the code it exercises, or `ok-` when it must
//! produce no error or warning; its `# expect:` header lists the codes and
//! positions it must report, in order: every error, the warnings of its own
//! code family and the notes of its own code (`common::about`). Each fixture's output is snapshotted in snapshots/.

#![allow(clippy::disallowed_methods)] // tests read fixtures and write scratch files

mod common;

use common::*;
use topoc::source::FileId;

/// Syntax: rendered diagnostics, or the tree of a file that parses.
#[test]
fn syntax() {
    let _bound = settings().bind_to_scope();
    insta::glob!("fixtures/syntax/*.topo", |path| {
        let sources = load(&[path.to_path_buf()]);
        let file = sources.get(FileId(0));
        let (tree, diags) = topoc::syntax::parse_file(file);
        assert_expectations(path, &sources, &diags);
        let out = if diags.is_empty() {
            dump(file, &tree)
        } else {
            render(&sources, &diags)
        };
        insta::assert_snapshot!("syntax", out);
    });
}

/// Check: every diagnostic of the whole pipeline, rendered.
#[test]
fn check() {
    let _bound = settings().bind_to_scope();
    insta::glob!("fixtures/check/*.topo", |path| {
        let sources = load(&[path.to_path_buf()]);
        let diags = about(path, &topoc::check(&sources).diagnostics);
        assert_expectations(path, &sources, &diags);
        insta::assert_snapshot!("check", render(&sources, &diags));
    });
}

/// Multi-file projects: each directory under fixtures/projects is one
/// project; its `main.topo` carries the `# expect:` header (positions are
/// in whichever file the diagnostic is in).
#[test]
fn projects() {
    let _bound = settings().bind_to_scope();
    insta::glob!("fixtures/projects/*/main.topo", |path| {
        let files = topo_files(path.parent().unwrap());
        let sources = load(&files);
        let diags = about(path, &topoc::check(&sources).diagnostics);
        assert_expectations(path, &sources, &diags);
        insta::assert_snapshot!("project", render(&sources, &diags));
    });
}

/// Format: the canonical text of each fixture.
#[test]
fn fmt() {
    let _bound = settings().bind_to_scope();
    insta::glob!("fixtures/fmt/*.topo", |path| {
        let sources = load(&[path.to_path_buf()]);
        let file = sources.get(FileId(0));
        let (tree, diags) = topoc::syntax::parse_file(file);
        assert!(diags.is_empty(), "{}: {diags:?}", path.display());
        insta::assert_snapshot!("fmt", topoc::format::format(file, &tree));
    });
}

/// Every fixture and example that parses formats to a fixed point, keeps
/// every comment, and keeps its meaning: the same tree (modulo layout), the
/// same diagnostics, and the same model when it lowers.
#[test]
fn fmt_is_idempotent_and_meaning_preserving() {
    let root = root();
    let mut files = topo_files(&root.join("tests/fixtures"));
    files.extend(topo_files(&root.join("examples")));
    let mut formatted_any = 0;
    for path in &files {
        let sources = load(std::slice::from_ref(path));
        let file = sources.get(FileId(0));
        let (tree, diags) = topoc::syntax::parse_file(file);
        if topoc::diagnostics::has_errors(&diags) {
            continue;
        }
        let once = topoc::format::format(file, &tree);
        let mut again = topoc::source::Sources::new();
        let id = again.add(file.name(), once.clone());
        let (tree2, diags2) = topoc::syntax::parse_file(again.get(id));
        assert!(
            diags2.is_empty(),
            "{}: formatted text does not parse: {diags2:?}",
            path.display()
        );
        assert_eq!(
            topoc::format::format(again.get(id), &tree2),
            once,
            "{}: formatting is not idempotent",
            path.display()
        );
        assert_eq!(
            dump(file, &tree),
            dump(again.get(id), &tree2),
            "{}: the tree changed",
            path.display()
        );
        let comments =
            |src: &topoc::source::SourceFile, t: &topoc::syntax::ast::File| -> Vec<String> {
                t.comments
                    .iter()
                    .map(|c| src.slice(*c).trim_end().to_string())
                    .collect()
            };
        assert_eq!(
            comments(file, &tree),
            comments(again.get(id), &tree2),
            "{}: comments changed",
            path.display()
        );
        formatted_any += 1;
    }
    assert!(
        formatted_any > 20,
        "too few files formatted: {formatted_any}"
    );
}

/// Formatting every file of a project leaves its model and diagnostics unchanged.
#[test]
fn fmt_preserves_models_of_projects() {
    let root = root();
    let mut projects: Vec<Vec<std::path::PathBuf>> = Vec::new();
    for dir in ["examples", "tests/fixtures/projects"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                projects.push(topo_files(&path));
            }
        }
    }
    for file in topo_files(&root.join("tests/fixtures/check")) {
        projects.push(vec![file]);
    }
    for files in projects {
        let sources = load(&files);
        let before = topoc::check(&sources);
        let mut formatted = topoc::source::Sources::new();
        for file in sources.iter() {
            let (tree, diags) = topoc::syntax::parse_file(file);
            let text = if topoc::diagnostics::has_errors(&diags) {
                file.text().to_string()
            } else {
                topoc::format::format(file, &tree)
            };
            formatted.add(file.name(), text);
        }
        let after = topoc::check(&formatted);
        let codes = |c: &topoc::Checked| {
            c.diagnostics
                .iter()
                .map(|d| (d.code, d.message.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&before),
            codes(&after),
            "{files:?}: diagnostics changed"
        );
        let json = |c: &topoc::Checked| c.model.as_ref().map(|m| serde_json::to_string(m).unwrap());
        assert_eq!(json(&before), json(&after), "{files:?}: model changed");
    }
}

/// Every code has a fixture named after it that reports it (the driver
/// checks that each named fixture does), except the two no input file can
/// reasonably produce: a file over 256 MiB (tests/robustness.rs feeds one
/// through `Sources::add_too_large`) and internal errors.
#[test]
fn every_code_has_a_fixture() {
    let exempt = ["T0014", "T0901"];
    let mut names: Vec<String> = Vec::new();
    for dir in ["syntax", "check"] {
        for f in topo_files(&root().join("tests/fixtures").join(dir)) {
            names.push(f.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    for dir in ["projects", "build"] {
        for entry in std::fs::read_dir(root().join("tests/fixtures").join(dir)).unwrap() {
            names.push(entry.unwrap().file_name().to_string_lossy().into_owned());
        }
    }
    let missing: Vec<&str> = topoc::diagnostics::codes::REGISTRY
        .iter()
        .filter(|c| !c.removed && !exempt.contains(&c.id))
        .filter(|c| !names.iter().any(|n| n.starts_with(c.id)))
        .map(|c| c.id)
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}
