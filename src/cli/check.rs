//! `topoc check`: parse, lower and check a project; report every diagnostic.
//! With `--cache`, a run over the same files answers from [`super::cache`].

use crate::diagnostics::{self, Diagnostic, Severity, json, sarif};
use crate::source::Sources;

use super::args::{CheckArgs, Deny, Format, ReportArgs};
use super::cache::{Cache, Output};
use super::{ExitStatus, Failure, Terminal, files, render, write_stderr, write_stdout};

/// Runs `topoc check`.
pub fn run(args: &CheckArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    let paths = files::collect(&args.paths)?;
    let sources = files::read(&paths)?;
    let cache = args
        .cache
        .then(|| {
            Cache::new(
                args.cache_dir.as_deref(),
                &sources,
                terminal.color,
                terminal.width,
            )
        })
        .flatten();
    if let Some(hit) = cache.as_ref().and_then(Cache::get) {
        return emit(&hit);
    }
    let checked = crate::check(&sources);
    let tests = checked.model.as_ref().map(|m| m.tests.len());
    let out = rendered(
        &sources,
        &checked.diagnostics,
        tests,
        &args.report,
        terminal,
    );
    if let Some(cache) = &cache {
        cache.put(&out);
    }
    emit(&out)
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
    emit(&rendered(sources, diags, tests, args, terminal))
}

/// What [`report`] writes, and the status it returns.
fn rendered(
    sources: &Sources,
    diags: &[Diagnostic],
    tests: Option<usize>,
    args: &ReportArgs,
    terminal: Terminal,
) -> Output {
    let (mut stdout, mut stderr) = (String::new(), String::new());
    match args.format {
        Format::Human => {
            let handler = render::handler(terminal.color, terminal.width);
            stderr.push_str(&render::render(sources, diags, &handler));
            stderr.push_str(&render::summary(diags, sources.len(), tests));
        }
        Format::Json => {
            let report = json::report(sources, diags);
            stdout = to_json(&report) + "\n";
        }
        Format::Sarif => {
            let report = sarif::report(sources, diags, crate::VERSION);
            stdout = to_json(&report) + "\n";
        }
    }
    let failed = diagnostics::has_errors(diags)
        || (args.deny == Some(Deny::Warnings)
            && diags.iter().any(|d| d.severity() == Severity::Warning));
    let status = if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    };
    Output {
        stdout,
        stderr,
        status: status as u8,
    }
}

/// Writes a run's output and returns its status.
fn emit(out: &Output) -> Result<ExitStatus, Failure> {
    write_stderr(&out.stderr);
    if !out.stdout.is_empty() {
        write_stdout(&out.stdout)?;
    }
    Ok(match out.status {
        0 => ExitStatus::Success,
        1 => ExitStatus::Failure,
        3 => ExitStatus::Changes,
        _ => ExitStatus::Error,
    })
}

/// Pretty JSON; serialising our own plain data cannot fail.
pub fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
