//! The whole check on any bytes: parse, lower, every check (the bypass
//! analysis, the call simulator on the project's tests, the routing
//! analysis), and the JSON and SARIF reports must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use topoc::source::Sources;

fuzz_target!(|data: &[u8]| {
    let mut sources = Sources::new();
    sources.add_bytes("fuzz.topo", data.to_vec());
    let checked = topoc::check(&sources);
    let _ = topoc::diagnostics::json::report(&sources, &checked.diagnostics);
    let _ = topoc::diagnostics::sarif::report(&sources, &checked.diagnostics, "fuzz");
    for d in &checked.diagnostics {
        assert!(
            d.code != topoc::diagnostics::Code::InternalError,
            "internal error: {}",
            d.message
        );
    }
});
