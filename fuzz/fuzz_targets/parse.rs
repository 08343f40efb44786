//! The parser on any bytes: scanning, pest and the tree never panic; what
//! parses formats to text that parses again and formats to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use topoc::source::Sources;

fuzz_target!(|data: &[u8]| {
    let mut sources = Sources::new();
    let id = sources.add_bytes("fuzz.topo", data.to_vec());
    let parsed = topoc::parse(&sources);
    if !parsed.diagnostics.is_empty() {
        return;
    }
    let once = topoc::format::format(sources.get(id), &parsed.files[0]);
    let mut again = Sources::new();
    let id = again.add("fuzz.topo", once.clone());
    let reparsed = topoc::parse(&again);
    assert!(
        reparsed.diagnostics.is_empty(),
        "formatted text parses: {:?}",
        reparsed.diagnostics
    );
    let twice = topoc::format::format(again.get(id), &reparsed.files[0]);
    assert_eq!(once, twice, "formatting is idempotent");
});
