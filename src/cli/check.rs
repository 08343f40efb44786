//! `topoc check`: parse, lower and check a project; report every diagnostic.

use crate::diagnostics::{self, Severity, json, sarif};

use super::args::{CheckArgs, Deny, Format};
use super::{ExitStatus, Failure, Terminal, files, render, write_stderr, write_stdout};

/// Runs `topoc check`.
pub fn run(args: &CheckArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    let paths = files::collect(&args.paths)?;
    let sources = files::read(&paths)?;
    let checked = crate::check(&sources);
    let diags = &checked.diagnostics;
    match args.format {
        Format::Human => {
            let handler = render::handler(terminal.color, terminal.width);
            write_stderr(&render::render(&sources, diags, &handler));
            write_stderr(&render::summary(diags, sources.len()));
        }
        Format::Json => {
            let report = json::report(&sources, diags);
            write_stdout(&(to_json(&report) + "\n"))?;
        }
        Format::Sarif => {
            let report = sarif::report(&sources, diags, crate::VERSION);
            write_stdout(&(to_json(&report) + "\n"))?;
        }
    }
    let failed = diagnostics::has_errors(diags)
        || (args.deny == Some(Deny::Warnings)
            && diags.iter().any(|d| d.severity() == Severity::Warning));
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Pretty JSON; serialising our own plain data cannot fail.
pub fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
