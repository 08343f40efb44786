//! Every `console` block of README.md and docs/*.md is run and its output
//! compared, as trycmd does: a line `$ topoc ARGS` runs the binary (from a
//! scratch copy of `examples/` and `tests/fixtures/`, so paths read as in
//! the docs), `$ echo $?` prints the previous exit status, and the lines
//! after a command are its standard output followed by its standard error.
//! A line `...` stands for any number of lines; trailing spaces, which
//! Markdown editors remove, are not compared.
//!
//! Projects a block needs that the repository does not hold are made by
//! HTML comments before it, which the rendered page hides:
//! `<!-- setup: copy FROM TO -->` copies a directory and
//! `<!-- setup: replace FILE "OLD" "NEW" -->` replaces the one place
//! `OLD` occurs in a copied file.

#![allow(clippy::disallowed_methods)] // reads the docs, writes scratch copies

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// One step of a document, in order.
enum Step {
    Setup(String),
    Block { at: String, lines: Vec<String> },
}

fn steps(doc: &Path) -> Vec<Step> {
    let text = std::fs::read_to_string(doc).unwrap();
    let name = doc.strip_prefix(root()).unwrap().display().to_string();
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if let Some(setup) = line
            .strip_prefix("<!-- setup: ")
            .and_then(|l| l.strip_suffix(" -->"))
        {
            out.push(Step::Setup(setup.to_string()));
        } else if line == "```console" {
            let block: Vec<String> = lines
                .by_ref()
                .map(|(_, l)| l)
                .take_while(|l| *l != "```")
                .map(str::to_string)
                .collect();
            out.push(Step::Block {
                at: format!("{name}:{}", i + 1),
                lines: block,
            });
        }
    }
    out
}

/// The words of a setup line, with `"..."` kept together.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').expect("unclosed quote in a setup line");
            out.push(quoted[..end].to_string());
            rest = quoted[end + 1..].trim_start();
        } else {
            let end = rest.find(' ').unwrap_or(rest.len());
            out.push(rest[..end].to_string());
            rest = rest[end..].trim_start();
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn setup(dir: &Path, line: &str) {
    match &words(line)[..] {
        [verb, from, to] if verb == "copy" => copy_dir(&dir.join(from), &dir.join(to)),
        [verb, file, old, new] if verb == "replace" => {
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(
                text.matches(old.as_str()).count(),
                1,
                "{file}: `{old}` must occur once"
            );
            std::fs::write(&path, text.replace(old.as_str(), new)).unwrap();
        }
        _ => panic!("unknown setup: {line}"),
    }
}

/// Whether `actual` is `expected`, where an expected line `...` stands for
/// any number of lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((e, rest)) => {
            actual.first().is_some_and(|a| a.trim_end() == e.trim_end())
                && matches(rest, &actual[1..])
        }
    }
}

/// Runs one block in `dir`; the differences, if any.
fn run_block(dir: &Path, at: &str, lines: &[String]) -> Option<String> {
    let mut status = 0;
    let mut i = 0;
    while i < lines.len() {
        let command = lines[i].strip_prefix("$ ").unwrap_or_else(|| {
            panic!(
                "{at}: a console block starts with a `$ ` command, not {:?}",
                lines[i]
            )
        });
        let expected: Vec<String> = lines[i + 1..]
            .iter()
            .take_while(|l| !l.starts_with("$ "))
            .cloned()
            .collect();
        i += 1 + expected.len();
        let output = if command == "echo $?" {
            format!("{status}\n")
        } else {
            let args: Vec<String> = command
                .strip_prefix("topoc ")
                .unwrap_or_else(|| panic!("{at}: only `topoc` and `echo $?` run: {command}"))
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = topoc_in(dir, &args, std::time::Duration::from_secs(120), None)
                .unwrap_or_else(|| panic!("{at}: `{command}` hangs"));
            status = run.status;
            format!("{}{}", run.stdout, run.stderr)
        };
        let actual: Vec<&str> = output.lines().collect();
        if !matches(&expected, &actual) {
            return Some(format!(
                "{at}: `{command}` printed\n{output}\nbut the document shows\n{}\n",
                expected.join("\n")
            ));
        }
    }
    None
}

/// README.md, then docs/*.md in name order.
fn documents() -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    docs.insert(0, root().join("README.md"));
    docs
}

#[test]
fn every_console_block_is_what_topoc_prints() {
    let mut failures = Vec::new();
    let mut blocks = 0;
    for doc in documents() {
        let steps = steps(&doc);
        // Only a document with console blocks needs the scratch copy.
        if !steps.iter().any(|s| matches!(s, Step::Block { .. })) {
            continue;
        }
        let dir = scratch_root().join(format!(
            "readme-{}",
            doc.file_stem().unwrap().to_string_lossy()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&root().join("examples"), &dir.join("examples"));
        copy_dir(&root().join("tests/fixtures"), &dir.join("tests/fixtures"));
        for step in steps {
            match step {
                Step::Setup(line) => setup(&dir, &line),
                Step::Block { at, lines } => {
                    blocks += 1;
                    failures.extend(run_block(&dir, &at, &lines));
                }
            }
        }
    }
    assert!(blocks >= 5, "only {blocks} console blocks found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn elisions_match_any_number_of_lines() {
    let e = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
    assert!(matches(&e("a\n...\nd"), &["a", "b", "c", "d"]));
    assert!(matches(&e("a\n...\nd"), &["a", "d"]));
    assert!(!matches(&e("a\n...\nd"), &["a", "b"]));
    assert!(!matches(&e("a\nb"), &["a", "c"]));
}
