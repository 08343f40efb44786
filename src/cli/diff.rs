//! `topoc diff OLD NEW` and `topoc diff --git REV [PATHS]`: two versions
//! of a project compared by their effect on dialled numbers
//! ([`crate::diff`]), as text, JSON or Markdown on standard output.
//! Exit status: 0 when no dialled number behaves otherwise (even if the
//! text changed), 3 when some does or may, 1 when a version has errors,
//! 2 when topoc could not run.

use crate::diff;
use crate::source::Sources;

use super::args::{DiffArgs, DiffFormat};
use super::{CliError, ExitStatus, Failure, files, git, write_stdout};

/// Runs `topoc diff`.
pub fn run(args: &DiffArgs) -> Result<ExitStatus, Failure> {
    let (old, new): (Sources, Sources) = match &args.git {
        Some(rev) => (git::read(rev, &args.paths)?, read(&args.paths)?),
        None => match &args.paths[..] {
            [a, b] => (
                read(std::slice::from_ref(a))?,
                read(std::slice::from_ref(b))?,
            ),
            _ => {
                return Err(Failure::Cli(CliError(
                    "`topoc diff` takes two projects, OLD and NEW, or `--git REV` and the project's paths".into(),
                )));
            }
        },
    };
    let (d, errors) = diff::of_sources(&old, &new);
    let text = match args.format {
        DiffFormat::Text => diff::render::text(&d),
        DiffFormat::Markdown => diff::render::markdown(&d),
        DiffFormat::Json => {
            let mut t = serde_json::to_string_pretty(&d).expect("plain data serializes");
            t.push('\n');
            t
        }
    };
    write_stdout(&text)?;
    Ok(if errors {
        ExitStatus::Failure
    } else if d.behaviour_changed() && !args.exit_zero {
        ExitStatus::Changes
    } else {
        ExitStatus::Success
    })
}

fn read(paths: &[std::path::PathBuf]) -> Result<Sources, CliError> {
    files::read(&files::collect(paths)?)
}
