//! Call simulation at scale: 100,000 dialled numbers against a generated
//! topology of 100 sites with 10,002 routes and 5,300 normalization rules
//! (issue #5's target: under one second and under 300 MiB on the 2-core
//! machine). Every call gets its full trace, as `topoc route` and the
//! golden tests see it.
//!
//! Run with `cargo bench --bench simulate`; figures are recorded in
//! benches/README.md.

use std::sync::LazyLock;

use divan::Bencher;
use topoc::bypass::Bypass;
use topoc::generate::{Options, Rng, generate};
use topoc::model::{InEffect, Model};
use topoc::simulate::{Call, Compiled, Origin, Outcome, Simulator, User};
use topoc::source::Sources;

fn main() {
    divan::main();
}

const SITES: usize = 100;
const CALLS: usize = 100_000;

static MODEL: LazyLock<Model> = LazyLock::new(|| {
    let mut sources = Sources::new();
    for (name, text) in generate(Options::sites(SITES)) {
        sources.add(name, text);
    }
    let checked = topoc::check(&sources);
    assert!(!checked.has_errors(), "the generated topology checks clean");
    let model = checked.model.expect("a model");
    assert_eq!(model.routes.len(), SITES * 100 + 2);
    model
});

static IN_EFFECT: LazyLock<InEffect> = LazyLock::new(|| InEffect::new(&MODEL));
static COMPILED: LazyLock<Compiled<'static>> = LazyLock::new(|| Compiled::new(&MODEL));
static BYPASS: LazyLock<Bypass<'static>> = LazyLock::new(|| Bypass::new(&MODEL, &IN_EFFECT));

/// Numbers as users of every site dial them, and calls entering on PBX
/// trunks: extensions, 7-, 10- and 11-digit numbers with and without the
/// outside-line 9, E.164 numbers, international numbers, Lync users'
/// numbers and a little junk.
static CALLS_: LazyLock<Vec<Call>> = LazyLock::new(|| {
    let m = &*MODEL;
    let find_pool = |name: &str| {
        m.pools
            .iter()
            .find(|(_, p)| p.name.text == name)
            .map(|(id, _)| id)
    };
    let find_site = |name: &str| {
        m.network
            .sites
            .iter()
            .find(|(_, s)| s.name.text == name)
            .map(|(id, _)| id)
    };
    let pbx_trunks: Vec<_> = m
        .trunks
        .iter()
        .filter(|(_, t)| t.name.text.starts_with("pbx"))
        .map(|(id, _)| id)
        .collect();
    let mut rng = Rng(2013);
    let digits = |rng: &mut Rng, n: usize| -> String {
        (0..n)
            .map(|_| char::from(b'0' + rng.below(10) as u8))
            .collect()
    };
    (0..CALLS)
        .map(|_| {
            let site = rng.below(SITES);
            let area = 200 + site % 800;
            let exchange = 200 + rng.below(100);
            let nine = if rng.chance(50) { "9" } else { "" };
            let dialled = match rng.below(100) {
                0..=29 => format!("{nine}{exchange}{}", digits(&mut rng, 4)),
                30..=44 => format!("{nine}{}{}", 200 + rng.below(700), digits(&mut rng, 7)),
                45..=59 => format!("{nine}1{}{}", 200 + rng.below(700), digits(&mut rng, 7)),
                60..=74 => format!("+1{area}{exchange}{}", digits(&mut rng, 4)),
                75..=84 => format!("+44{}", digits(&mut rng, 10)),
                85..=89 => format!("+1{area}5551{}", digits(&mut rng, 3)),
                90..=94 => format!("{nine}{}", digits(&mut rng, 3)),
                _ => "+".to_string() + &digits(&mut rng, 11),
            };
            let origin = if !pbx_trunks.is_empty() && rng.chance(5) {
                Origin::Trunk(pbx_trunks[rng.below(pbx_trunks.len())])
            } else {
                Origin::User(User {
                    home_pool: find_pool(&format!("fe01.s{site:04}.contoso.com")),
                    network_site: find_site(&format!("N{site:04}")),
                    ..User::default()
                })
            };
            Call {
                origin,
                dialled,
                calling: Some(format!("+1{area}5551{}", digits(&mut rng, 3))),
            }
        })
        .collect()
});

/// Parsing every pattern of the topology.
#[divan::bench(sample_count = 10)]
fn compile(bencher: Bencher) {
    let model = &*MODEL;
    bencher.bench(|| Compiled::new(model));
}

/// 100,000 calls, each with its full trace.
#[divan::bench(sample_count = 10)]
fn simulate_100k_calls(bencher: Bencher) {
    let (in_effect, compiled, bypass, calls) = (&*IN_EFFECT, &*COMPILED, &*BYPASS, &*CALLS_);
    // Build the route index before timing, as a long run would.
    let _ = Simulator::new(&MODEL, in_effect, compiled, bypass).simulate(&calls[0]);
    bencher.bench(|| {
        // A simulator sized for the calls, as `topoc check` makes one for
        // its golden tests.
        let sim = Simulator::for_calls(&MODEL, in_effect, compiled, bypass, calls.len());
        let mut routed = 0usize;
        for call in calls {
            if sim.simulate(call).outcome == Outcome::Routed {
                routed += 1;
            }
        }
        assert!(routed > CALLS / 2, "most calls are routed: {routed}");
        routed
    });
}
