//! `topoc build` on any bytes, into a temporary directory, twice (the
//! second build replaces the first's output): never a panic, and never an
//! exit status other than success (built) or failure (errors reported).
#![no_main]

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

use libfuzzer_sys::fuzz_target;

static RUN: AtomicU64 = AtomicU64::new(0);

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!(
        "topoc-fuzz-build-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    let src = dir.join("src");
    let out = dir.join("out");
    std::fs::create_dir_all(&src).expect("a scratch directory");
    std::fs::write(src.join("main.topo"), data).expect("the input written");
    for _ in 0..2 {
        let status = topoc::cli::run_from([
            "topoc".as_ref(),
            "build".as_ref(),
            src.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--color".as_ref(),
            "never".as_ref(),
        ]);
        assert!(
            status == ExitCode::SUCCESS || status == ExitCode::from(1),
            "unexpected exit status {status:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
});
