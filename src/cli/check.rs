//! `topoc check`: parse, lower and check a project; report every diagnostic.

use crate::diagnostics::{self, Diagnostic, Severity, json, sarif};
use crate::source::Sources;

use super::args::{CheckArgs, Deny, Format, ReportArgs};
use super::{ExitStatus, Failure, Terminal, files, render, write_stderr, write_stdout};

/// Runs `topoc check`.
pub fn run(args: &CheckArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    let paths = files::collect(&args.paths)?;
    let sources = files::read(&paths)?;
    let checked = crate::check(&sources);
    let tests = checked.model.as_ref().map(|m| m.tests.len());
    report(
        &sources,
        &checked.diagnostics,
        tests,
        &args.report,
        terminal,
    )
}

/// Reports `diags` as `args` asks (people's text on standard error, JSON
/// or SARIF on standard output) and returns the status they give: failure
/// for any error, or any warning under `--deny warnings`. `tests` is how
/// many golden tests ran (`None` when the model did not lower).
pub fn report(
    sources: &Sources,
    diags: &[Diagnostic],
    tests: Option<usize>,
    args: &ReportArgs,
    terminal: Terminal,
) -> Result<ExitStatus, Failure> {
    match args.format {
        Format::Human => {
            let handler = render::handler(terminal.color, terminal.width);
            write_stderr(&render::render(sources, diags, &handler));
            write_stderr(&render::summary(diags, sources.len(), tests));
        }
        Format::Json => {
            let report = json::report(sources, diags);
            write_stdout(&(to_json(&report) + "\n"))?;
        }
        Format::Sarif => {
            let report = sarif::report(sources, diags, crate::VERSION);
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
