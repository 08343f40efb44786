//! Throughput of the front end: parse and lower a generated topology of
//! about 10 MB (issue #2's target: at least 25 MB/s for both together).
//!
//! Run with `cargo bench --bench pipeline`; figures are recorded in
//! benches/README.md.

use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use topoc::source::Sources;

fn main() {
    divan::main();
}

/// Sites of the generated project: about 17 KB each, so 590 make 10 MB.
const SITES: usize = 590;

static PROJECT: LazyLock<(Sources, usize)> = LazyLock::new(|| {
    let mut sources = Sources::new();
    let mut bytes = 0;
    for (name, text) in topoc::generate::generate(topoc::generate::Options::sites(SITES)) {
        bytes += text.len();
        sources.add(name, text);
    }
    (sources, bytes)
});

#[divan::bench(sample_count = 10)]
fn parse(bencher: Bencher) {
    let (sources, bytes) = &*PROJECT;
    bencher
        .counter(BytesCount::new(*bytes))
        .bench(|| topoc::parse(sources));
}

#[divan::bench(sample_count = 10)]
fn lower(bencher: Bencher) {
    let (sources, bytes) = &*PROJECT;
    let parsed = topoc::parse(sources);
    bencher
        .counter(BytesCount::new(*bytes))
        .bench(|| topoc::lower(sources, &parsed));
}

#[divan::bench(sample_count = 10)]
fn parse_and_lower(bencher: Bencher) {
    let (sources, bytes) = &*PROJECT;
    bencher.counter(BytesCount::new(*bytes)).bench(|| {
        let parsed = topoc::parse(sources);
        topoc::lower(sources, &parsed)
    });
}
