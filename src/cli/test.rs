//! `topoc test`: run the golden call tests of a project and nothing else,
//! one line each (`test "TITLE" ... ok` or `FAILED`), then the failures
//! as diagnostics and a summary. A project whose model does not lower
//! (syntax, name or value errors) cannot run its tests: its errors are
//! shown and the run fails. Other checks are not run (`topoc check` runs
//! them with the tests).

use crate::lexical::escape_unsafe;

use super::args::TestArgs;
use super::{ExitStatus, Failure, Terminal, files, render, write_stderr, write_stdout};

/// Runs `topoc test`.
pub fn run(args: &TestArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    let paths = files::collect(&args.paths)?;
    let sources = files::read(&paths)?;
    let handler = render::handler(terminal.color, terminal.width);
    crate::analyse_with(&sources, |diagnostics, analysed| {
        let Some(analysed) = analysed else {
            write_stderr(&render::render(&sources, diagnostics, &handler));
            write_stderr("the tests cannot run until these errors are fixed\n");
            return Ok(ExitStatus::Failure);
        };
        let total = analysed.model().tests.len();
        let runs = crate::check::tests(analysed, args.filter.as_deref());
        if runs.is_empty() {
            return Ok(match &args.filter {
                Some(f) => {
                    write_stderr(&format!(
                        "no test title contains `{}` (the project has {total})\n",
                        escape_unsafe(f)
                    ));
                    ExitStatus::Failure
                }
                None => {
                    write_stderr("the project has no tests\n");
                    ExitStatus::Success
                }
            });
        }
        let mut lines = String::new();
        for r in &runs {
            let verdict = if r.failure.is_none() { "ok" } else { "FAILED" };
            lines.push_str(&format!("test \"{}\" ... {verdict}\n", r.title));
        }
        write_stdout(&lines)?;
        let failures: Vec<_> = runs.iter().filter_map(|r| r.failure.clone()).collect();
        if !failures.is_empty() {
            write_stderr(&render::render(&sources, &failures, &handler));
        }
        let filtered = match runs.len() {
            n if n < total => format!(" ({} filtered out)", total - n),
            _ => String::new(),
        };
        write_stdout(&format!(
            "\n{}{filtered}\n",
            render::tests_summary(runs.len(), failures.len())
        ))?;
        Ok(if failures.is_empty() {
            ExitStatus::Success
        } else {
            ExitStatus::Failure
        })
    })
}
