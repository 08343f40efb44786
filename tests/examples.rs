//! Every project under examples/ checks without errors, and every warning
//! it shows is one its header lists as intended (`# Intended warnings: W30 ...`,
//! by LYNC-TRUNKS rule id or topoc code).

#![allow(clippy::disallowed_methods)] // tests read fixtures and write scratch files

mod common;

use common::*;

#[test]
fn every_example_checks_clean() {
    let mut projects = 0;
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        projects += 1;
        let files = topo_files(&dir);
        assert!(!files.is_empty(), "{} has no .topo files", dir.display());
        let sources = load(&files);
        let checked = topoc::check(&sources);
        assert!(
            !checked.has_errors(),
            "{} has errors:\n{}",
            dir.display(),
            render(&sources, &checked.diagnostics)
        );
        assert!(checked.model.is_some());
        // The header paragraph that starts with "Intended warnings", up to
        // the next empty comment line.
        let mut header = String::new();
        for file in sources.iter() {
            let mut inside = false;
            for line in file.text().lines().take_while(|l| l.starts_with('#')) {
                inside |= line.contains("Intended warnings");
                if inside && line.trim() == "#" {
                    break;
                }
                if inside {
                    header.push_str(line);
                    header.push('\n');
                }
            }
        }
        let listed = |info: &topoc::diagnostics::CodeInfo| {
            header.contains(info.id) || info.rules.iter().any(|r| header.contains(r))
        };
        for d in &checked.diagnostics {
            let info = d.code.info();
            assert!(
                listed(info),
                "{}: warning {} ({}) is not listed as intended in the header:\n{}",
                dir.display(),
                info.id,
                info.name,
                render(&sources, std::slice::from_ref(d))
            );
        }
        // Every warning acknowledged in source is one the header announces.
        for a in &checked.model.as_ref().unwrap().allows {
            assert!(
                listed(a.code.info()),
                "{}: `allow {}` is not announced in the header's intended warnings",
                dir.display(),
                a.code.info().name
            );
        }
    }
    assert!(projects >= 3, "expected at least three example projects");
}

/// The model as JSON without its `allow`s.
fn without_allows(model: &topoc::model::Model) -> serde_json::Value {
    let mut v = serde_json::to_value(model).unwrap();
    v.as_object_mut().unwrap().remove("allows");
    v
}

/// The example of LANGUAGE.md (the contract) is a fixture, verbatim, and
/// examples/contoso is the same project split into files, with its
/// warnings acknowledged.
#[test]
fn contoso_is_the_language_example() {
    let fixture = load(&[root().join("tests/fixtures/language/example.topo")]);
    let split = load(&topo_files(&root().join("examples/contoso")));
    let a = topoc::check(&fixture)
        .model
        .expect("the language example lowers");
    let b = topoc::check(&split).model.expect("examples/contoso lowers");
    assert_eq!(without_allows(&a), without_allows(&b));
}

/// The LANGUAGE.md example, verbatim, has no errors; its warnings are
/// snapshotted (examples/contoso acknowledges each one).
#[test]
fn the_language_example_has_no_errors() {
    let sources = load(&[root().join("tests/fixtures/language/example.topo")]);
    let checked = topoc::check(&sources);
    assert!(
        !checked.has_errors(),
        "{}",
        render(&sources, &checked.diagnostics)
    );
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("language-example", render(&sources, &checked.diagnostics));
}

/// Every example is in the canonical layout (`topoc fmt --check examples/`
/// passes): a newcomer's first `topoc fmt` must not rewrite the bundled
/// projects (issue 16, point 3).
#[test]
fn every_example_is_formatted() {
    let files = topo_files(&root().join("examples"));
    assert!(files.len() >= 10, "{} example files", files.len());
    for path in files {
        let sources = load(std::slice::from_ref(&path));
        let file = sources.get(topoc::source::FileId(0));
        let (tree, diags) = topoc::syntax::parse_file(file);
        assert!(diags.is_empty(), "{}: {diags:?}", path.display());
        assert!(
            topoc::format::format(file, &tree) == file.text(),
            "{} is not in the canonical layout: run `topoc fmt {}`",
            path.display(),
            path.display()
        );
    }
}
