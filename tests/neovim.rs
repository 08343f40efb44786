//! One test in a real editor (issue 19): Neovim, headless, with its
//! built-in LSP client, opens a file of a project with an error, waits for
//! topoc's diagnostics and asks for a definition (tests/editors/neovim.lua).
//! `.ci/run` installs Neovim (Debian's `neovim`); elsewhere the test is
//! skipped with a message when `nvim` is missing, and under `CI=true` it
//! fails instead.
#![allow(clippy::disallowed_methods)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn neovim_shows_diagnostics_and_follows_a_definition() {
    if Command::new("nvim").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Neovim (`nvim`) is required under CI: .ci/run installs Debian's `neovim`"
        );
        eprintln!("skipped: Neovim (`nvim`) is not installed");
        return;
    }
    let root = common::starter("neovim");
    let dir = root.parent().unwrap().to_path_buf();
    let routing = root.join("voice-routing.topo");
    let text = std::fs::read_to_string(&routing).unwrap();
    // A misspelt usage in the route; the voice policy keeps `Local`.
    let broken = text.replacen("usages [Local]\n  trunks", "usages [Locl]\n  trunks", 1);
    assert_ne!(broken, text);
    std::fs::write(&routing, &broken).unwrap();
    let out = dir.join("out.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editors/neovim.lua");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("TOPOC_BIN", env!("CARGO_BIN_EXE_topoc"))
        .env("TOPOC_ROOT", &root)
        .env("TOPOC_FILE", &routing)
        .env("TOPOC_OUT", &out)
        .env("XDG_STATE_HOME", &dir)
        .env("XDG_DATA_HOME", &dir)
        .env("XDG_CONFIG_HOME", &dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Neovim did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let report = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(status.success(), "{status}: {report}");
    let line_of = |needle: &str| text[..text.find(needle).unwrap()].matches('\n').count() + 1;
    let usage_line = line_of("pstn-usage Local");
    let route_usages = line_of("usages [Local]\n  trunks");
    assert!(
        report.lines().any(
            |l| l.starts_with(&format!("DIAGNOSTIC {route_usages}:11 T01"))
                && l.contains("`Locl` is not declared")
        ),
        "{report}"
    );
    assert!(
        report.contains(&format!("DEFINITION {} {usage_line}:12", routing.display())),
        "{report}"
    );
}
