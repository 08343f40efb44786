//! The worst inputs known (issue 13, hole 7): a megabyte of each shape of
//! `topoc::generate::hostile`, checked whole (parse, lower, every check,
//! the routing analysis and the golden tests). Target: each under 10 s and
//! 1 GiB on the reference machine, where before the budgets each ran for
//! minutes or ran out of memory. The budgets are counted in work, not
//! time, so the results do not depend on the machine; the times are in
//! benches/README.md with the peak memory of `topoc check` on the same
//! projects.
//!
//! Run with `cargo bench --bench hostile`.

use divan::Bencher;
use topoc::generate::hostile::{self, Shape};
use topoc::source::Sources;

fn main() {
    divan::main();
}

/// The size of every project.
const BYTES: usize = 1_000_000;

fn sources(shape: Shape) -> Sources {
    let mut sources = Sources::new();
    for (name, text) in hostile::project(shape, BYTES) {
        sources.add(name, text);
    }
    sources
}

#[divan::bench(
    sample_count = 3,
    args = Shape::ALL,
)]
fn check(bencher: Bencher, shape: Shape) {
    let sources = sources(shape);
    bencher.bench(|| {
        let checked = topoc::check(&sources);
        assert!(checked.model.is_some(), "{shape:?} lowers");
        checked.diagnostics.len()
    });
}
