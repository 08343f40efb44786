//! Properties over generated projects (issue 8), with proptest: formatting
//! is idempotent and keeps the meaning; `check` never panics, also on
//! projects with random lines removed; `build` does not depend on the
//! order of files or declarations.

#![allow(clippy::disallowed_methods)]

use proptest::prelude::*;
use topoc::diagnostics::Code;
use topoc::emit::{self, Options};
use topoc::generate::{Rng, generate};
use topoc::source::Sources;

/// A small generated project: (file name, text).
fn project(seed: u64, sites: usize, routes: usize, rules: usize) -> Vec<(String, String)> {
    generate(topoc::generate::Options {
        sites,
        seed,
        routes_per_site: routes,
        rules_per_site: rules,
    })
}

fn sources(files: &[(String, String)]) -> Sources {
    let mut s = Sources::new();
    for (name, text) in files {
        s.add(name.clone(), text.clone());
    }
    s
}

/// The model as JSON and the diagnostics (code and message), the meaning
/// of a project.
fn meaning(files: &[(String, String)]) -> (Option<String>, Vec<(Code, String)>) {
    let checked = topoc::check(&sources(files));
    (
        checked
            .model
            .as_ref()
            .map(|m| serde_json::to_string(m).unwrap()),
        checked
            .diagnostics
            .iter()
            .map(|d| (d.code, d.message.clone()))
            .collect(),
    )
}

fn format_all(files: &[(String, String)]) -> Vec<(String, String)> {
    let s = sources(files);
    s.iter()
        .map(|file| {
            let (tree, diags) = topoc::syntax::parse_file(file);
            assert!(diags.is_empty(), "{}: {diags:?}", file.name());
            (file.name().to_string(), topoc::format::format(file, &tree))
        })
        .collect()
}

/// Each file's top-level declarations in another order, and the files in
/// another order.
fn shuffled(files: &[(String, String)], seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng(seed);
    let s = sources(files);
    let mut out: Vec<(String, String)> = s
        .iter()
        .map(|file| {
            let (tree, _) = topoc::syntax::parse_file(file);
            let mut decls: Vec<String> = tree
                .decls
                .iter()
                .map(|d| file.slice(d.span).to_string())
                .collect();
            for i in (1..decls.len()).rev() {
                decls.swap(i, rng.below(i + 1));
            }
            (file.name().to_string(), decls.join("\n\n") + "\n")
        })
        .collect();
    for i in (1..out.len()).rev() {
        out.swap(i, rng.below(i + 1));
    }
    out
}

fn build(files: &[(String, String)]) -> Vec<(&'static str, String)> {
    let s = sources(files);
    topoc::check_with(&s, |report| {
        let project = report
            .clean
            .as_ref()
            .unwrap_or_else(|| panic!("{:?}", report.diagnostics));
        emit::build(&emit::Input::new(project, &s, Options::default()))
            .artifacts
            .into_iter()
            .map(|a| (a.name, a.text))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn formatting_is_idempotent_and_keeps_the_meaning(
        seed in any::<u64>(), sites in 1usize..4, routes in 1usize..8, rules in 1usize..8,
    ) {
        let files = project(seed, sites, routes, rules);
        let once = format_all(&files);
        let twice = format_all(&once);
        prop_assert_eq!(&once, &twice);
        prop_assert_eq!(meaning(&files), meaning(&once));
    }

    #[test]
    fn check_never_panics_on_generated_projects(
        seed in any::<u64>(), sites in 1usize..4, routes in 1usize..8, rules in 1usize..8,
        cut in any::<u64>(), cuts in 0usize..6,
    ) {
        let mut files = project(seed, sites, routes, rules);
        let clean = topoc::check(&sources(&files));
        prop_assert!(!clean.has_errors(), "the generator writes clean projects");
        // Remove a few random lines: errors, never a panic or an internal error.
        let mut rng = Rng(cut);
        for _ in 0..cuts {
            let f = rng.below(files.len());
            let lines: Vec<&str> = files[f].1.lines().collect();
            let drop = rng.below(lines.len());
            let text: Vec<&str> = lines.iter().enumerate().filter(|(i, _)| *i != drop).map(|(_, l)| *l).collect();
            files[f].1 = text.join("\n");
        }
        let checked = topoc::check(&sources(&files));
        prop_assert!(checked.diagnostics.iter().all(|d| d.code != Code::InternalError));
    }

    #[test]
    fn build_does_not_depend_on_declaration_order(
        seed in any::<u64>(), sites in 1usize..4, routes in 1usize..6, order in any::<u64>(),
    ) {
        let files = project(seed, sites, routes, 3);
        let (a, b) = (build(&files), build(&shuffled(&files, order)));
        // The configuration hash covers the files: find the file that
        // differs beyond it.
        let no_hash = |t: &str| -> String {
            t.lines().filter(|l| !l.contains("sha256:")).collect::<Vec<_>>().join("\n")
        };
        for ((name, x), (_, y)) in a.iter().zip(&b) {
            let (x, y) = (no_hash(x), no_hash(y));
            let first = x.lines().zip(y.lines()).position(|(l, r)| l != r);
            prop_assert!(x == y, "{} differs at line {:?}: {:?} vs {:?}", name, first,
                first.and_then(|i| x.lines().nth(i)), first.and_then(|i| y.lines().nth(i)));
        }
        prop_assert_eq!(a, b);
    }
}
