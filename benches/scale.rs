//! Every step at 10, 100 and 1,000 generated sites (issue 8): parse, lower,
//! the checks (all of them, the routing analysis included), media bypass,
//! the routing analysis alone, and build (emitting the four files). A
//! 1,000-site project is about 17 MB of source, 1,000 Mediation pools,
//! 2,200 trunks, 100,000 routes and 50,000 normalization rules.
//!
//! Run with `cargo bench --bench scale`; the table in benches/README.md
//! records the medians, the ratios between sizes, and the peak memory of
//! `topoc check` and `topoc build` at each size.

use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::BytesCount;
use topoc::analysed::Analysed;
use topoc::analysis::Analysis;
use topoc::bypass::Bypass;
use topoc::model::graph::TopologyGraph;
use topoc::model::{InEffect, Model};
use topoc::simulate::Compiled;
use topoc::source::Sources;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [10, 100, 1000];

struct Project {
    sources: Sources,
    bytes: usize,
    model: Model,
    graph: TopologyGraph,
}

fn project(sites: usize) -> &'static Project {
    static PROJECTS: [OnceLock<Project>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = SIZES
        .iter()
        .position(|&s| s == sites)
        .expect("a benchmarked size");
    PROJECTS[i].get_or_init(|| {
        let mut sources = Sources::new();
        let mut bytes = 0;
        for (name, text) in topoc::generate::generate(topoc::generate::Options::sites(sites)) {
            bytes += text.len();
            sources.add(name, text);
        }
        let parsed = topoc::parse(&sources);
        let model = topoc::lower(&sources, &parsed)
            .model
            .expect("the generated project lowers");
        let graph = TopologyGraph::build(&model);
        Project {
            sources,
            bytes,
            model,
            graph,
        }
    })
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn parse(bencher: Bencher, sites: usize) {
    let p = project(sites);
    bencher
        .counter(BytesCount::new(p.bytes))
        .bench(|| topoc::parse(&p.sources));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn lower(bencher: Bencher, sites: usize) {
    let p = project(sites);
    let parsed = topoc::parse(&p.sources);
    bencher
        .counter(BytesCount::new(p.bytes))
        .bench(|| topoc::lower(&p.sources, &parsed));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn checks(bencher: Bencher, sites: usize) {
    let p = project(sites);
    bencher.bench(|| {
        let found = topoc::check::check(&Analysed::new(&p.model, &p.graph));
        assert!(!topoc::diagnostics::has_errors(&found), "checks clean");
        found
    });
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn bypass(bencher: Bencher, sites: usize) {
    let p = project(sites);
    bencher.bench(|| {
        let b = Bypass::new(&p.model, &InEffect::new(&p.model));
        // What the checks and the manifest ask: one decision per trunk for
        // a client of every network site of the trunk's region.
        let mut yes = 0;
        for t in p.model.trunks.ids() {
            for s in p.model.network.sites.ids().take(25) {
                yes += usize::from(b.decide(topoc::bypass::Client::Site(s), t).bypass());
            }
        }
        yes
    });
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn analysis(bencher: Bencher, sites: usize) {
    let p = project(sites);
    let in_effect = InEffect::new(&p.model);
    let compiled = Compiled::new(&p.model);
    let bypass = Bypass::new(&p.model, &in_effect);
    bencher.bench_local(|| Analysis::new(&p.model, &in_effect, &compiled, &bypass));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn build(bencher: Bencher, sites: usize) {
    let p = project(sites);
    topoc::check_with(&p.sources, |report| {
        let project = report
            .clean
            .as_ref()
            .expect("the generated project checks clean");
        bencher.bench(|| {
            topoc::emit::build(&topoc::emit::Input::new(
                project,
                &p.sources,
                topoc::emit::Options::default(),
            ))
        });
    });
}
