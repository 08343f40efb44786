//! The whole-space routing analysis at scale (issue 7's target: a generated
//! topology with about 1,000 trunks, 10,000 routes and PBX peers with
//! `owns`/`sends` under two seconds on the 2-core machine, and no worse than
//! linear growth in routes for a fixed number of trunks).
//!
//! 590 sites give 1,303 trunks (gateways, PBXs with two trunks each and their
//! `owns`/`sends`, ITSPs at hubs); the local routes per site are 17, 34 and 68,
//! for about 10,000, 20,000 and 40,000 routes. Patterns are parsed and the
//! bypass settings computed once, outside the measurement, as `topoc check`
//! does before any check runs.
//!
//! Run with `cargo bench --bench analysis`; figures are recorded in
//! benches/README.md.

use std::sync::LazyLock;

use divan::Bencher;
use topoc::analysis::Analysis;
use topoc::bypass::Bypass;
use topoc::generate::{Options, generate};
use topoc::model::{InEffect, Model};
use topoc::simulate::Compiled;
use topoc::source::Sources;

fn main() {
    divan::main();
}

const SITES: usize = 590;

fn model(routes_per_site: usize) -> Model {
    let mut sources = Sources::new();
    for (name, text) in generate(Options {
        routes_per_site,
        ..Options::sites(SITES)
    }) {
        sources.add(name, text);
    }
    let checked = topoc::check(&sources);
    assert!(!checked.has_errors(), "the generated topology checks clean");
    let model = checked.model.expect("a model");
    assert!(model.trunks.len() >= 1_000, "{} trunks", model.trunks.len());
    model
}

static MODELS: LazyLock<Vec<Model>> = LazyLock::new(|| [17, 34, 68].map(model).into());

#[divan::bench(args = [0, 1, 2], sample_count = 5)]
fn analysis(bencher: Bencher, size: usize) {
    let m = &MODELS[size];
    let in_effect = InEffect::new(m);
    let compiled = Compiled::new(m);
    let bypass = Bypass::new(m, &in_effect);
    bencher.bench_local(|| {
        let a = Analysis::new(m, &in_effect, &compiled, &bypass);
        assert!(a.internal.is_empty());
        a
    });
}

/// 4,000 routes in one usage whose patterns share only `+1` as literal
/// text (`^\+1(206|425)555\d{4}$`): an index by literal prefix compares
/// each with every earlier one (5.8 s at 4,000 routes, quadratic); the
/// prefix keys of the automata (`+1206`, `+1425`) keep it linear.
#[divan::bench(sample_count = 5)]
fn shared_literal_prefix(bencher: Bencher) {
    static MODEL: LazyLock<Model> = LazyLock::new(|| {
        let mut t = String::from(SITE);
        for i in 0..4_000 {
            let (a, b) = (200 + i % 800, 200 + i / 800);
            t.push_str(&format!(
                "route R{i} {{ pattern '^\\+1({a:03}|{b:03}){:03}\\d{{4}}$'; usages [L]; trunks [g1.s.contoso.com]; priority {i} }}\n",
                i % 1000
            ));
        }
        lowered(t)
    });
    analyse(bencher, &MODEL);
}

/// A site with a Front End pool and two gateways, a usage `L` and a global
/// voice policy granting it: the frame of the cases below.
const SITE: &str = "site S {\n  frontend-pool fe.s.contoso.com { servers [fe1.s.contoso.com]; mediation collocated { tls-ports 5067 } }\n  gateway g1.s.contoso.com { root-trunk { port 5067 tls; mediation fe.s.contoso.com port 5067 } }\n  gateway g2.s.contoso.com { root-trunk { port 5068 tls; mediation fe.s.contoso.com port 5067 } }\n}\npstn-usage L\nvoice-policy global { usages [L] }\n";

fn lowered(text: String) -> Model {
    let mut sources = Sources::new();
    sources.add("case.topo", text);
    topoc::check(&sources).model.expect("a model")
}

fn analyse(bencher: Bencher, m: &Model) {
    let in_effect = InEffect::new(m);
    let compiled = Compiled::new(m);
    let bypass = Bypass::new(m, &in_effect);
    bencher.bench_local(|| Analysis::new(m, &in_effect, &compiled, &bypass));
}

/// Issue 20's first trap: a pattern whose automaton is a chain of 19,001
/// states (`^[0-9]{19000}[0-9]?$`). Moore's refinement is quadratic on
/// chains (7.9 s); Hopcroft's algorithm, used above 16 states, is not.
#[divan::bench(sample_count = 5)]
fn long_chain(bencher: Bencher) {
    static MODEL: LazyLock<Model> = LazyLock::new(|| {
        lowered(format!(
            "{SITE}route Long {{ pattern '^[0-9]{{19000}}[0-9]?$'; usages [L]; trunks [g1.s.contoso.com] }}\n"
        ))
    });
    analyse(bencher, &MODEL);
}

/// Issue 20's second trap: 4,000 routes of one usage without priorities,
/// sharing the prefix `+1425` and told apart only by their last four
/// digits (`^\+1425[0-9]{3}0042$`), and a catch-all after them. Keys of
/// literal text stopped at `+1425`, so each route was compared with every
/// earlier one (quadratic: the project's work budget ran out at route
/// 607); keys of symbol classes (`+1425[0-9][0-9][0-9]0042`) tell them
/// apart.
#[divan::bench(sample_count = 3)]
fn same_prefix_distinct_suffix(bencher: Bencher) {
    static MODEL: LazyLock<Model> = LazyLock::new(|| {
        let mut t = String::from(SITE);
        for i in 0..4_000 {
            t.push_str(&format!(
                "route G{i:04} {{ pattern '^\\+1425[0-9]{{3}}{i:04}$'; usages [L]; trunks [g1.s.contoso.com] }}\n"
            ));
        }
        t.push_str(
            "route Z { pattern '^\\+1425[0-9]{7}$'; usages [L]; trunks [g2.s.contoso.com] }\n",
        );
        lowered(t)
    });
    analyse(bencher, &MODEL);
}

/// The same 4,000 routes with the catch-all *first* (`priority 0`, the
/// others without one): every route overlaps the catch-all, and each of the
/// 4,000 witnesses is replayed through the simulator. Replayed against the
/// whole usage that was quadratic (2 s, and the project's work budget spent
/// at route 3,423); replayed against the two routes in question it is
/// linear.
#[divan::bench(sample_count = 3)]
fn catch_all_first(bencher: Bencher) {
    static MODEL: LazyLock<Model> = LazyLock::new(|| {
        let mut t = String::from(SITE);
        t.push_str(
            "route Z { pattern '^\\+1425[0-9]{7}$'; usages [L]; trunks [g2.s.contoso.com]; priority 0 }\n",
        );
        for i in 0..4_000 {
            t.push_str(&format!(
                "route G{i:04} {{ pattern '^\\+1425[0-9]{{3}}{i:04}$'; usages [L]; trunks [g1.s.contoso.com] }}\n"
            ));
        }
        lowered(t)
    });
    analyse(bencher, &MODEL);
}
