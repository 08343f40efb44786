//! `topoc plan PROJECT --live SNAPSHOT`: what a build would change on a
//! live deployment ([`crate::emit::plan`]), as text, JSON or Markdown on
//! standard output. Exit status: 0 when nothing would change, 3 when
//! something would, 1 when the project has errors or a change cannot be
//! applied, 2 when topoc could not run (like Terraform's
//! `-detailed-exitcode`, with 3 because 2 already means "could not run").

use crate::emit::plan::{self, Owned, Plan};
use crate::snapshot::Snapshot;

use super::args::{LiveArgs, PlanArgs, PlanFormat};
use super::files::{display_name, read_capped};
use super::{CliError, ExitStatus, Failure, Terminal, check, files, write_stdout};

/// A snapshot and, with `--prune`, what an earlier build owned, read.
pub struct Live {
    /// The snapshot.
    pub snapshot: Snapshot,
    /// What to prune with.
    pub owned: Option<Owned>,
}

impl Live {
    /// Reads `--live` and `--prune`; `None` without `--live`.
    pub fn read(args: &LiveArgs) -> Result<Option<Live>, CliError> {
        let Some(path) = &args.live else {
            return Ok(None);
        };
        let snapshot = Snapshot::read(&bytes(path)?)
            .map_err(|e| CliError(format!("`{}`: {}", display_name(path), clean(&e))))?;
        let owned = match &args.prune {
            Some(p) => Some(
                Owned::read(&bytes(p)?)
                    .map_err(|e| CliError(format!("`{}`: {}", display_name(p), clean(&e))))?,
            ),
            None => None,
        };
        Ok(Some(Live { snapshot, owned }))
    }

    /// As the emitter takes it.
    pub fn as_input(&self) -> crate::emit::Live<'_> {
        crate::emit::Live {
            snapshot: &self.snapshot,
            prune: self.owned.as_ref(),
        }
    }
}

fn clean(text: &str) -> String {
    crate::lexical::escape_unsafe(text).into_owned()
}

fn bytes(path: &std::path::Path) -> Result<Vec<u8>, CliError> {
    read_capped(path)?.map_err(|len| {
        CliError(format!(
            "`{}` is too large ({len} bytes)",
            display_name(path)
        ))
    })
}

/// Runs `topoc plan`.
pub fn run(args: &PlanArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    let Some(live) = Live::read(&args.live)? else {
        return Err(Failure::Cli(CliError(
            "`topoc plan` needs `--live SNAPSHOT`: collect one with the script of `topoc collect-script` (docs/snapshot.md)".into(),
        )));
    };
    let paths = files::collect(&args.paths)?;
    let sources = files::read(&paths)?;
    let planned = crate::check_with(&sources, |report| -> Result<Option<Plan>, Failure> {
        let Some(project) = &report.clean else {
            let tests = report.analysed.map(|a| a.model().tests.len());
            check::report(&sources, report.diagnostics, tests, &args.report, terminal)?;
            return Ok(None);
        };
        let input = crate::emit::Input::new(project, &sources, crate::emit::Options::default())
            .with_live(live.as_input());
        Ok(Some(plan::plan(
            &input,
            &live.snapshot,
            live.owned.as_ref(),
        )))
    })?;
    let Some(p) = planned else {
        return Ok(ExitStatus::Failure);
    };
    let text = match args.plan_format {
        PlanFormat::Text => plan::text(&p, &live.snapshot),
        PlanFormat::Markdown => plan::markdown(&p, &live.snapshot, "(not built)"),
        PlanFormat::Json => {
            let mut t = serde_json::to_string_pretty(&p).expect("plain data serializes");
            t.push('\n');
            t
        }
    };
    write_stdout(&text)?;
    Ok(if !p.problems.is_empty() {
        ExitStatus::Failure
    } else if p.changes.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Changes
    })
}
