//! The yardstick of issue 20: what a YAML-based tool pays merely to read
//! the same model, measured in the same run as topoc (these machines
//! differ by up to 2.5x, so only ratios within one run mean anything).
//!
//! The twin is the generated 1,000-site project's model — every object,
//! every value, every resolved reference — written as YAML by serde
//! (`cargo run --release --example gen -- --sites 1000 --yaml twin.yaml`
//! writes the same file). `yaml_load` reads it into a `serde_yaml::Value`;
//! the other benches run topoc's own steps on the `.topo` sources.
//! benches/README.md records each ratio against `yaml_load`.

use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::BytesCount;
use topoc::source::Sources;

fn main() {
    // As the command line does: large structures freed on threads of
    // their own.
    topoc::free_aside(true);
    divan::main();
}

const SITES: usize = 1000;

struct Twin {
    sources: Sources,
    bytes: usize,
    yaml: String,
}

fn twin() -> &'static Twin {
    static TWIN: OnceLock<Twin> = OnceLock::new();
    TWIN.get_or_init(|| {
        let mut sources = Sources::new();
        let mut bytes = 0;
        for (name, text) in topoc::generate::generate(topoc::generate::Options::sites(SITES)) {
            bytes += text.len();
            sources.add(name, text);
        }
        let yaml = topoc::yaml_twin(&sources).expect("the generated project lowers");
        eprintln!(
            "{SITES} sites: {bytes} bytes of .topo, a YAML twin of {} bytes",
            yaml.len()
        );
        Twin {
            sources,
            bytes,
            yaml,
        }
    })
}

#[divan::bench(sample_count = 5)]
fn yaml_load(bencher: Bencher) {
    let t = twin();
    bencher
        .counter(BytesCount::new(t.yaml.len()))
        .bench(|| serde_yaml::from_str::<serde_yaml::Value>(&t.yaml).expect("the twin is YAML"));
}

#[divan::bench(sample_count = 5)]
fn parse_and_lower(bencher: Bencher) {
    let t = twin();
    bencher.counter(BytesCount::new(t.bytes)).bench(|| {
        let parsed = topoc::parse(&t.sources);
        topoc::lower(&t.sources, &parsed)
    });
}

#[divan::bench(sample_count = 5)]
fn check(bencher: Bencher) {
    let t = twin();
    bencher
        .counter(BytesCount::new(t.bytes))
        .bench(|| topoc::check(&t.sources));
}

#[divan::bench(sample_count = 5)]
fn build(bencher: Bencher) {
    let t = twin();
    bencher.counter(BytesCount::new(t.bytes)).bench(|| {
        topoc::check_with(&t.sources, |report| {
            let project = report
                .clean
                .as_ref()
                .expect("the generated project checks clean");
            topoc::emit::build(&topoc::emit::Input::new(
                project,
                &t.sources,
                topoc::emit::Options::default(),
            ))
        })
    });
}
