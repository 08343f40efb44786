//! The SARIF output validates against the official SARIF 2.1.0 schema
//! (tests/data/sarif-schema-2.1.0.json, see tests/data/README.md).

#![allow(clippy::disallowed_methods)] // tests read fixtures and write scratch files

mod common;

use common::*;
use serde_json::Value;

/// Validates `log` against the bundled schema; one line per violation.
fn schema_errors(log: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    // In memory: no file or network access.
    compiler.add_resource("urn:sarif-2.1.0", schema).unwrap();
    let index = compiler
        .compile("urn:sarif-2.1.0", &mut schemas)
        .expect("the SARIF schema compiles");
    let mut out = Vec::new();
    if let Err(e) = schemas.validate(log, index) {
        leaves(&e, &mut out);
    }
    out
}

fn leaves(e: &boon::ValidationError, out: &mut Vec<String>) {
    if e.causes.is_empty() {
        out.push(format!("{}: {}", e.instance_location, e.kind));
    }
    e.causes.iter().for_each(|c| leaves(c, out));
}

/// Every check fixture (each a project with diagnostics of many codes,
/// secondary labels and help) and a clean example produce valid SARIF.
#[test]
fn sarif_output_validates_against_the_schema() {
    let mut projects: Vec<Vec<std::path::PathBuf>> =
        topo_files(&root().join("tests/fixtures/check"))
            .into_iter()
            .chain(topo_files(&root().join("tests/fixtures/syntax")))
            .map(|f| vec![f])
            .collect();
    projects.push(topo_files(&root().join("examples/contoso")));
    let mut results = 0;
    for files in projects {
        let sources = load(&files);
        let checked = topoc::check(&sources);
        let log = topoc::diagnostics::sarif::report(&sources, &checked.diagnostics, topoc::VERSION);
        let errors = schema_errors(&log);
        assert!(
            errors.is_empty(),
            "{files:?}: invalid SARIF:\n{}",
            errors.join("\n")
        );
        results += log["runs"][0]["results"].as_array().unwrap().len();
    }
    assert!(
        results > 30,
        "the fixtures should exercise many results, got {results}"
    );
}

/// The schema check is not vacuous: a broken log is rejected.
#[test]
fn the_schema_rejects_a_broken_log() {
    let sources = load(&[root().join("tests/fixtures/check/T0102-misspelt-trunk-in-route.topo")]);
    let checked = topoc::check(&sources);
    let mut log = topoc::diagnostics::sarif::report(&sources, &checked.diagnostics, topoc::VERSION);
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!schema_errors(&log).is_empty());
}

/// Results carry the rule, the level and the primary location's line and column.
#[test]
fn sarif_results_carry_positions() {
    let sources = load(&[root().join("tests/fixtures/check/T0102-misspelt-trunk-in-route.topo")]);
    let checked = topoc::check(&sources);
    let log = topoc::diagnostics::sarif::report(&sources, &checked.diagnostics, topoc::VERSION);
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "T0102")
        .expect("a T0102 result");
    assert_eq!(result["level"], "error");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 17);
    assert_eq!(region["startColumn"], 11);
    let rule =
        &log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "T0102");
    assert_eq!(rule["name"], "unknown-name");
}

/// A region's offsets are bytes, named as such: on a line with non-ASCII
/// text before the mistake, `byteOffset`/`byteLength` cut exactly the
/// misspelt name out of the file's bytes, and `startColumn` counts code
/// points (issue 16, point 9).
#[test]
fn sarif_offsets_are_bytes_and_columns_are_code_points() {
    let text = "pstn-usage Local # Zürich, Genève\nroute R { description \"Zürich\"; pattern '^\\+41$'; usages [Locl] }\n";
    let mut sources = topoc::source::Sources::new();
    sources.add("u.topo", text);
    let checked = topoc::check(&sources);
    let log = topoc::diagnostics::sarif::report(&sources, &checked.diagnostics, topoc::VERSION);
    assert!(schema_errors(&log).is_empty(), "{:?}", schema_errors(&log));
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "T0102");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert!(region.get("charOffset").is_none(), "{region}");
    let start = region["byteOffset"].as_u64().unwrap() as usize;
    let len = region["byteLength"].as_u64().unwrap() as usize;
    assert_eq!(&text.as_bytes()[start..start + len], b"Locl");
    let line = text.lines().nth(1).unwrap();
    let before = &line[..line.find("Locl").unwrap()];
    assert!(
        before.len() > before.chars().count(),
        "non-ASCII text before the name"
    );
    assert_eq!(region["startColumn"], (before.chars().count() + 1) as u64);
}
