//! The stages depend one way (STYLE.md): every top-level module of src/
//! uses only modules of a lower layer, and no check uses another check.
//! Test code (`#[cfg(test)]` onwards) and comments are not counted: a unit
//! test may run the whole pipeline.

#![allow(clippy::disallowed_methods)] // reads the sources

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::root;

/// Each module's layer: a module may use only modules of lower layers.
const LAYERS: &[(&str, u32)] = &[
    // Leaves: no stage of their own.
    ("source", 0),
    ("lexical", 0),
    ("parallel", 0),
    ("assume", 0),
    ("netregex", 0),
    ("generate", 0),
    ("snapshot", 0),
    ("diagnostics", 1),
    ("dialset", 1),
    ("import", 1),
    ("syntax", 2),
    ("model", 3),
    ("format", 3),
    ("bypass", 4),
    ("simulate", 5),
    ("analysis", 6),
    ("analysed", 7),
    ("check", 8),
    ("emit", 8),
    ("diff", 9),
    ("cli", 10),
];

/// Items of the crate root any module may name: constants, no code.
const ROOT_CONSTANTS: &[&str] = &["VERSION"];

/// The crate root (lib.rs) assembles the stages below this layer; only the
/// modules above it (the CLI) may use the root's other items.
const ROOT_LAYER: u32 = 8;

fn layer(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The code of a file without its tests and comments (a `tests.rs` file
/// is a test module as a whole).
fn code(path: &Path) -> String {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| l.split(" // ").next().unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The identifiers after each `prefix` (`crate::X`, and every name of a
/// `crate::{X, Y::...}` group).
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices(prefix) {
        let rest = &code[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let name = ident(item.trim());
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn stages_depend_one_way() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for path in &files {
        let rel = path.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str();
        let module = first.to_string_lossy().trim_end_matches(".rs").to_string();
        if matches!(module.as_str(), "lib" | "main") {
            continue; // the root assembles the stages
        }
        let Some(own) = layer(&module) else {
            problems.push(format!(
                "src/{}: module `{module}` has no layer in LAYERS",
                rel.display()
            ));
            continue;
        };
        for used in names_after(&code(path), "crate::") {
            if used == module || ROOT_CONSTANTS.contains(&used.as_str()) {
                continue;
            }
            match layer(&used) {
                Some(l) if l < own => {}
                Some(_) => problems.push(format!(
                    "src/{}: `{module}` uses `{used}`, which is not below it",
                    rel.display()
                )),
                None if own > ROOT_LAYER => {}
                None => problems.push(format!(
                    "src/{}: `{module}` uses `crate::{used}`, an item of the crate root",
                    rel.display()
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// One file per check, and a check stands alone: it uses the model, the
/// analysis and the context, never another check's file.
#[test]
fn checks_do_not_use_each_other() {
    let dir = root().join("src/check");
    let stems: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|s| s != "mod")
        .collect();
    let mut problems = Vec::new();
    for stem in &stems {
        let code = code(&dir.join(format!("{stem}.rs")));
        for used in names_after(&code, "super::") {
            if stems.contains(&used) {
                problems.push(format!("src/check/{stem}.rs uses the check `{used}`"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The test can fail: it sees a use of a higher layer.
#[test]
fn the_direction_check_sees_an_upward_use() {
    let used = names_after(
        "use crate::{check::Context, model};\nlet x = crate::emit::build(y);",
        "crate::",
    );
    assert_eq!(
        used.into_iter().collect::<Vec<_>>(),
        ["check", "emit", "model"]
    );
    assert!(layer("check").unwrap() > layer("model").unwrap());
}

/// Every file of src/check is one check, registered once in `checks!`
/// (src/check/mod.rs) and named after the diagnostic it reports
/// (`call_tests` reports `call-test-failed` and `call-test-undecided`;
/// `unused_allow` runs after the `allow`s are applied).
#[test]
fn every_check_is_registered_and_named_after_its_code() {
    let dir = root().join("src/check");
    let mod_rs = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
    let start = mod_rs.find("checks! {").expect("the checks! list") + "checks! {".len();
    let end = start + mod_rs[start..].find('}').unwrap();
    let listed: Vec<&str> = mod_rs[start..end]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let unique: BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(unique.len(), listed.len(), "a check listed twice");
    let files: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|s| s != "mod" && s != "unused_allow")
        .collect();
    let listed_names: BTreeSet<String> = unique.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        files, listed_names,
        "files in src/check vs the checks! list"
    );
    let codes: Vec<&str> = topoc::diagnostics::codes::REGISTRY
        .iter()
        .map(|c| c.name)
        .collect();
    for stem in files.iter().chain(["unused_allow".to_string()].iter()) {
        let name = stem.replace('_', "-");
        let named = match stem.as_str() {
            "call_tests" => codes.iter().any(|c| c.starts_with("call-test-")),
            _ => codes.contains(&name.as_str()),
        };
        assert!(named, "src/check/{stem}.rs is named after no diagnostic");
    }
}
