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
        let header: String = sources
            .iter()
            .flat_map(|f| f.text().lines().take_while(|l| l.starts_with('#')))
            .filter(|l| l.contains("Intended warnings:"))
            .collect();
        for d in &checked.diagnostics {
            let info = d.code.info();
            let listed = header.contains(info.id) || info.rules.iter().any(|r| header.contains(r));
            assert!(
                listed,
                "{}: warning {} ({}) is not listed as intended in the header:\n{}",
                dir.display(),
                info.id,
                info.name,
                render(&sources, std::slice::from_ref(d))
            );
        }
    }
    assert!(projects >= 3, "expected at least three example projects");
}

/// The example of LANGUAGE.md (the contract) is a fixture, verbatim, and
/// examples/contoso is the same project split into files.
#[test]
fn contoso_is_the_language_example() {
    let fixture = load(&[root().join("tests/fixtures/check/ok-language-example.topo")]);
    let split = load(&topo_files(&root().join("examples/contoso")));
    let a = topoc::check(&fixture)
        .model
        .expect("the language example lowers");
    let b = topoc::check(&split).model.expect("examples/contoso lowers");
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}
