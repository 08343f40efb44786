//! `topoc collect-script`: the read-only PowerShell script that snapshots
//! a live deployment (`collect/head.ps1`, `collect/body.ps1` and the shared
//! `snapshot/value.ps1`, shipped in the binary). It
//! runs only `Get-` cmdlets and writes one JSON file (docs/snapshot.md);
//! tests/collect.rs proves it reads only, by its PowerShell parse tree.

use std::io::Write;

use super::args::CollectScriptArgs;
use super::{CliError, ExitStatus, Failure, files, write_stdout};

/// The script, as shipped: its head, the value conversion it shares with
/// deploy.ps1's preflight, and its body.
pub const SCRIPT: &str = concat!(
    include_str!("collect/head.ps1"),
    include_str!("../snapshot/value.ps1"),
    include_str!("collect/body.ps1")
);

/// Runs `topoc collect-script`.
pub fn run(args: &CollectScriptArgs) -> Result<ExitStatus, Failure> {
    let Some(path) = &args.out else {
        write_stdout(SCRIPT)?;
        return Ok(ExitStatus::Success);
    };
    let failed = |e: std::io::Error| {
        Failure::Cli(CliError(format!(
            "cannot write `{}`: {e}",
            files::display_name(path)
        )))
    };
    // A new file only: an existing file or a planted link is never written through.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(failed)?;
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(SCRIPT.as_bytes());
    file.write_all(&bytes)
        .and_then(|()| file.sync_all())
        .map_err(failed)?;
    Ok(ExitStatus::Success)
}
