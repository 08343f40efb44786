//! Any bytes that check without errors build a deploy.ps1 and a
//! verify.ps1 whose command lists, as a PowerShell parser reads them, are
//! exactly the cmdlets topoc wrote, in order, in the UTF-8 reading of
//! their bytes and in the ANSI code page (cp1252) reading that Windows
//! PowerShell applies to a script without a byte-order mark: no input can
//! add, remove or alter a command (issue 13). Each script starts with a BOM
//! and is ASCII after it, and topology.xml and manifest.yaml are ASCII too.
#![no_main]

#[path = "../../tests/ps/mod.rs"]
mod ps;

use libfuzzer_sys::fuzz_target;
use topoc::emit::{self, Input, Options, powershell};
use topoc::source::Sources;

fuzz_target!(|data: &[u8]| {
    let mut sources = Sources::new();
    sources.add_bytes("main.topo", data.to_vec());
    topoc::check_with(&sources, |report| {
        let Some(project) = &report.clean else {
            return;
        };
        let input = Input::new(project, &sources, Options::default());
        for (name, (script, expected)) in [
            (
                "deploy.ps1",
                powershell::emit_with_commands(&input, "sha256:fuzz"),
            ),
            (
                "verify.ps1",
                powershell::verify_with_commands(&input, "sha256:fuzz"),
            ),
        ] {
            let bytes = script.as_bytes();
            assert!(
                bytes.starts_with(b"\xEF\xBB\xBF"),
                "{name}: no byte-order mark"
            );
            assert!(bytes[3..].is_ascii(), "{name} is not ASCII after its BOM");
            for (reading, text) in ["UTF-8", "cp1252"].iter().zip(ps::readings(bytes)) {
                let calls = ps::commands(&text)
                    .unwrap_or_else(|e| panic!("{name}, {reading}: {e}\n{script}"));
                assert_eq!(
                    ps::names(&calls),
                    expected,
                    "{name}, {reading}: the command list differs from what topoc wrote\n{script}"
                );
            }
        }
        for a in emit::build(&input).artifacts {
            if a.name != "topology-steps.md" {
                assert!(
                    a.text.trim_start_matches('\u{feff}').is_ascii(),
                    "{} is not ASCII",
                    a.name
                );
            }
        }
    });
});
