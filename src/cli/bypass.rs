//! `topoc bypass`: for every client network site and trunk, whether media
//! bypasses the Mediation Server, and why not. A table for people, or
//! `--format json` (a list of pairs with `network_site`, `trunk`, `bypass`,
//! `certain` and `reasons`).

use serde_json::{Value, json};

use crate::bypass::{Decision, Reason, Verdict};
use crate::model::{Model, NetworkSiteId};
use crate::source::Sources;

use super::args::{BypassArgs, ShowFormat};
use super::show::position;
use super::{ExitStatus, Failure, Project, Terminal, report_errors, with_project, write_stdout};

/// Runs `topoc bypass`.
pub fn run(args: &BypassArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    with_project(&args.paths, terminal, |project| {
        decide(args, terminal, project)
    })
}

/// The decisions of a checked project.
fn decide(
    args: &BypassArgs,
    terminal: Terminal,
    project: &Project<'_>,
) -> Result<ExitStatus, Failure> {
    let (sources, model) = (project.sources, project.analysed.model());
    // Errors of the checks (always mode with CAC, say) do not stop the
    // analysis, but they are shown, and the run fails.
    let status = report_errors(
        project,
        terminal,
        "the decisions below are for it as written",
    );
    let analysis = project.analysed.bypass();
    let matrix = analysis.matrix();
    if args.format == ShowFormat::Json {
        let list: Vec<Value> = matrix
            .iter()
            .map(|(site, d)| decision_json(model, sources, *site, d))
            .collect();
        write_stdout(&(super::check::to_json(&list) + "\n"))?;
        return Ok(status);
    }
    if matrix.is_empty() {
        write_stdout("no network sites or no trunks: nothing to decide\n")?;
        // Still fails when the checks reported errors.
        return Ok(status);
    }
    let site_w = matrix
        .iter()
        .map(|(s, _)| model.network.sites.get(*s).name.text.chars().count())
        .max()
        .unwrap_or(0)
        .max("network site".len());
    let trunk_w = model
        .trunks
        .iter()
        .map(|(_, t)| t.name.text.chars().count())
        .max()
        .unwrap_or(0)
        .max("trunk".len());
    let mut out = format!(
        "{:<site_w$}  {:<trunk_w$}  bypass\n",
        "network site", "trunk"
    );
    for (site, d) in &matrix {
        let verdict = d.verdict.word();
        out.push_str(&format!(
            "{:<site_w$}  {:<trunk_w$}  {verdict}\n",
            model.network.sites.get(*site).name.text,
            model.trunks.get(d.trunk).name.text
        ));
        out.push_str(&reason_lines(sources, &d.reasons));
    }
    write_stdout(&out)?;
    Ok(status)
}

/// A decision as JSON, as `topoc bypass` and `topoc show trunk` print it:
/// `{network_site, trunk, bypass, certain, reasons: [{condition, message,
/// unknown, at}]}`.
pub(super) fn decision_json(
    model: &Model,
    sources: &Sources,
    site: NetworkSiteId,
    d: &Decision,
) -> Value {
    json!({
        "network_site": model.network.sites.get(site).name.text,
        "trunk": model.trunks.get(d.trunk).name.text,
        "bypass": d.bypass(),
        "certain": d.verdict != Verdict::Unknown,
        "reasons": d.reasons.iter().map(|r| json!({
            "condition": r.condition.id(),
            "message": r.message,
            "unknown": r.unknown,
            "at": r.span.map(|s| position(sources, s)),
        })).collect::<Vec<_>>(),
    })
}

/// Why a decision is not to bypass, one indented line per failing
/// condition with the place at fault, as `topoc bypass` and `topoc show
/// trunk` print it.
pub(super) fn reason_lines(sources: &Sources, reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(|r| {
            let place = r
                .span
                .map(|s| format!(" ({}:{})", sources.get(s.file).name(), sources.line_col(s)))
                .unwrap_or_default();
            format!("    {:<4} {}{place}\n", r.condition.id(), r.message)
        })
        .collect()
}
