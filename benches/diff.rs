//! `topoc diff` at scale (issue 18's target: two 1,000-site projects that
//! differ in one site's routes compared in under two seconds, the work
//! growing with the change, not with the project).
//!
//! The projects are `topoc::generate`'s with 100 and 1,000 sites; the new
//! version narrows one local route of the middle site. `behaviour` is the
//! comparison of the two versions' calls once both are analysed (what
//! `topoc diff` adds to checking them): its figures for 100 and 1,000
//! sites show how it grows with the project. `whole` is the entire
//! command's work on 1,000 sites — both versions parsed and checked, and
//! deployed to an empty snapshot, each on its own thread, then compared —
//! for reference: it grows with the project.
//!
//! Run with `cargo bench --bench diff`; figures are recorded in
//! benches/README.md.

use std::sync::LazyLock;

use divan::Bencher;
use topoc::analysed::Analysed;
use topoc::diff::{behaviour, of_sources};
use topoc::generate::{Options, generate};
use topoc::source::Sources;

fn main() {
    divan::main();
}

/// Both versions of a generated project of `sites` sites.
fn versions(sites: usize) -> (Sources, Sources) {
    let files = generate(Options::sites(sites));
    let middle = format!("site-{:04}.topo", sites / 2);
    let (mut old, mut new) = (Sources::new(), Sources::new());
    let mut edited = false;
    for (name, text) in files {
        let changed = if name == middle {
            // The first local route's pattern, narrowed by one digit.
            let at = text.find("pattern '").expect("a route") + "pattern '".len();
            let end = at + text[at..].find('\'').unwrap();
            let pattern = &text[at..end];
            let narrowed = pattern.replacen(r"\d{4}", r"5\d{3}", 1);
            assert_ne!(pattern, narrowed, "{pattern}");
            edited = true;
            format!("{}{narrowed}{}", &text[..at], &text[end..])
        } else {
            text.clone()
        };
        old.add(name.clone(), text);
        new.add(name, changed);
    }
    assert!(edited);
    (old, new)
}

static PROJECTS: LazyLock<Vec<(Sources, Sources)>> =
    LazyLock::new(|| vec![versions(100), versions(1_000)]);

#[divan::bench(args = [0, 1], sample_count = 5)]
fn behaviour_of_calls(bencher: Bencher, size: usize) {
    let (old, new) = &PROJECTS[size];
    let (a, b) = (topoc::check(old), topoc::check(new));
    let (ma, ga) = (a.model.unwrap(), a.graph.unwrap());
    let (mb, gb) = (b.model.unwrap(), b.graph.unwrap());
    let (xa, xb) = (Analysed::new(&ma, &ga), Analysed::new(&mb, &gb));
    bencher.bench_local(|| {
        let d = behaviour(&xa, &xb);
        assert_eq!(d.behaviour.len(), 1, "one site's users change");
        assert!(d.behaviour[0].changes.regions.iter().all(|r| r.exact));
        d
    });
}

#[divan::bench(sample_count = 3)]
fn whole(bencher: Bencher) {
    let (old, new) = &PROJECTS[1];
    bencher.bench_local(|| {
        let (d, errors) = of_sources(old, new);
        assert!(!errors && d.behaviour_changed());
        d.objects.len()
    });
}
