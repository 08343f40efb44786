//! The command-line interface: the only module that reads arguments and
//! files, writes to standard output and error, and picks colours.
//!
//! Exit status: 0 when no errors were found (warnings allowed), 1 when
//! errors were found (or warnings under `--deny warnings`, or files `fmt
//! --check` would change), 2 when topoc could not run (bad arguments, an
//! unreadable file, a failed write). A closed standard output (a pipe to
//! `head`) ends the run quietly with 0.
#![allow(clippy::disallowed_methods)] // the CLI is where file-system access lives

mod args;
mod build;
mod bypass;
mod cache;
mod check;
mod collect;
mod diff;
mod explain;
mod files;
mod fmt;
mod git;
mod graph;
mod import;
mod init;
mod lsp;
mod plan;
pub mod render;
mod route;
mod show;
mod test;
mod unified;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

pub use args::{Args, Color, Command};

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// No errors.
    Success = 0,
    /// Errors found (or warnings denied, or files to reformat).
    Failure = 1,
    /// Could not run.
    Error = 2,
    /// `topoc plan`: the live deployment would change.
    Changes = 3,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        ExitCode::from(s as u8)
    }
}

/// A reason topoc could not run, for exit status 2.
#[derive(Debug)]
pub struct CliError(pub String);

/// What a subcommand needs to know about the terminal.
#[derive(Clone, Copy, Debug)]
pub struct Terminal {
    /// Colour diagnostics.
    pub color: bool,
    /// Width to wrap diagnostics at.
    pub width: usize,
}

/// Parses the command line and runs the subcommand.
pub fn run() -> ExitCode {
    // The process ends with the command: its large structures are freed
    // on threads it does not wait for (the language server turns it off).
    crate::parallel::free_aside(true);
    run_from(std::env::args_os())
}

/// Runs the command line given as `args` (the program name first), as
/// `main` does with the process's own: for fuzzing and embedding.
pub fn run_from<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args = match Args::try_parse_from(args) {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
            let _ = e.print();
            return code.into();
        }
    };
    let terminal = Terminal {
        color: match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        },
        width: 100,
    };
    let result = match &args.command {
        Command::Check(a) => check::run(a, terminal),
        Command::Fmt(a) => fmt::run(a, terminal),
        Command::Explain(a) => explain::run(a),
        Command::Build(a) => build::run(a, terminal),
        Command::Graph(a) => graph::run(a, terminal),
        Command::Show(a) => show::run(a, terminal),
        Command::Bypass(a) => bypass::run(a, terminal),
        Command::Route(a) => route::run(a, terminal),
        Command::Test(a) => test::run(a, terminal),
        Command::Init(a) => init::run(a),
        Command::CollectScript(a) => collect::run(a),
        Command::Import(a) => import::run(a),
        Command::Plan(a) => plan::run(a, terminal),
        Command::Diff(a) => diff::run(a),
        Command::Lsp(_) => {
            // It runs on: what it no longer needs is freed in place.
            crate::parallel::free_aside(false);
            lsp::run()
        }
    };
    match result {
        Ok(status) => status.into(),
        Err(Failure::Cli(CliError(message))) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitStatus::Error.into()
        }
        // Standard output was closed early: the reader has what it wanted.
        Err(Failure::BrokenPipe) => ExitStatus::Success.into(),
    }
}

/// Why a subcommand stopped early.
#[derive(Debug)]
pub enum Failure {
    /// Could not run (exit 2).
    Cli(CliError),
    /// Standard output was closed.
    BrokenPipe,
}

impl From<CliError> for Failure {
    fn from(e: CliError) -> Failure {
        Failure::Cli(e)
    }
}

/// Writes to standard output, turning a closed pipe into [`Failure::BrokenPipe`].
pub fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::BrokenPipe),
        Err(e) => Err(Failure::Cli(CliError(format!(
            "cannot write to standard output: {e}"
        )))),
    }
}

/// A project checked, for the commands that need its model.
pub struct Project<'a> {
    /// Its files.
    pub sources: &'a crate::source::Sources,
    /// Every diagnostic of every stage.
    pub diagnostics: &'a [crate::diagnostics::Diagnostic],
    /// The analysed project the checks read (its model lowered; the checks
    /// may have found errors).
    pub analysed: &'a crate::analysed::Analysed<'a>,
}

/// Reads and checks the project at `paths`, then runs `then` on it; when
/// it has no model (syntax, name or value errors), prints the diagnostics
/// and fails instead.
pub fn with_project(
    paths: &[std::path::PathBuf],
    terminal: Terminal,
    then: impl FnOnce(&Project<'_>) -> Result<ExitStatus, Failure>,
) -> Result<ExitStatus, Failure> {
    let paths = files::collect(paths)?;
    let sources = files::read(&paths)?;
    crate::check_with(&sources, |report| {
        let Some(analysed) = report.analysed else {
            let handler = render::handler(terminal.color, terminal.width);
            write_stderr(&render::render(&sources, report.diagnostics, &handler));
            write_stderr(&render::summary(report.diagnostics, sources.len(), None));
            return Ok(ExitStatus::Failure);
        };
        then(&Project {
            sources: &sources,
            diagnostics: report.diagnostics,
            analysed,
        })
    })
}

/// For commands that analyse a project as written: shows its errors, if
/// any, says the output below is for the configuration as written, and
/// returns the status the run ends with (errors fail it).
pub fn report_errors(project: &Project<'_>, terminal: Terminal, below: &str) -> ExitStatus {
    let errors: Vec<_> = project
        .diagnostics
        .iter()
        .filter(|d| d.severity() == crate::diagnostics::Severity::Error)
        .cloned()
        .collect();
    if errors.is_empty() {
        return ExitStatus::Success;
    }
    let handler = render::handler(terminal.color, terminal.width);
    write_stderr(&render::render(project.sources, &errors, &handler));
    write_stderr(&format!("the configuration has errors; {below}\n"));
    ExitStatus::Failure
}

/// Writes to standard error; a failure there has nowhere to be reported.
pub fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
