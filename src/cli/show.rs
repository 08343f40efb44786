//! `topoc show trunk NAME` and `topoc show usage NAME`: what applies to a
//! trunk and where each setting comes from (`show/trunk.rs`), and
//! everything that refers to a usage. Text for people, `--format json` for
//! tools.

mod trunk;

use serde_json::{Value, json};

use crate::analysed::Analysed;
use crate::model::lower::fold;
use crate::model::queries::PolicyList;
use crate::model::{Arena, Id, Model};
use crate::source::{Sources, Span};

use super::args::{ShowArgs, ShowFormat, ShowWhat};
use super::{CliError, ExitStatus, Failure, Terminal, with_project, write_stdout};

/// Runs `topoc show`.
pub fn run(args: &ShowArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    let (what, name, paths) = match &args.what {
        ShowWhat::Trunk { name, paths } => ("trunk", name, paths),
        ShowWhat::Usage { name, paths } => ("usage", name, paths),
    };
    with_project(paths, terminal, |project| {
        let (sources, model) = (project.sources, project.analysed.model());
        let out = match what {
            "trunk" => trunk::trunk(project.analysed, sources, name, args.format)?,
            _ => usage(model, sources, name, args.format)?,
        };
        write_stdout(&out)?;
        Ok(ExitStatus::Success)
    })
}

/// `topoc show trunk NAME` as text (the language server's hover).
pub(super) fn trunk_text(analysed: &Analysed<'_>, sources: &Sources, name: &str) -> Option<String> {
    trunk::trunk(analysed, sources, name, ShowFormat::Text).ok()
}

/// `topoc show usage NAME` as text (the language server's hover).
pub(super) fn usage_text(model: &Model, sources: &Sources, name: &str) -> Option<String> {
    usage(model, sources, name, ShowFormat::Text).ok()
}

/// `file:line:column` of a span.
fn at(sources: &Sources, span: Span) -> String {
    format!(
        "{}:{}",
        sources.get(span.file).name(),
        sources.line_col(span)
    )
}

/// A span as JSON: `{file, line, column}`.
pub(super) fn position(sources: &Sources, span: Span) -> Value {
    let lc = sources.line_col(span);
    json!({"file": sources.get(span.file).name(), "line": lc.line, "column": lc.column})
}

/// The object of `arena` whose `key` is `wanted`, compared as Lync
/// compares names (without case); else a failure naming the closest one.
pub(super) fn find<'m, I: Id, T>(
    what: &str,
    arena: &'m Arena<I, T>,
    wanted: &str,
    key: impl Fn(&T) -> &str,
) -> Result<(I, &'m T), Failure> {
    find_by(what, arena, wanted, key, fold)
}

/// [`find`] with the comparison key made by `norm`.
pub(super) fn find_by<'m, I: Id, T>(
    what: &str,
    arena: &'m Arena<I, T>,
    wanted: &str,
    key: impl Fn(&T) -> &str,
    norm: impl Fn(&str) -> String,
) -> Result<(I, &'m T), Failure> {
    let target = norm(wanted);
    arena
        .iter()
        .find(|(_, t)| norm(key(t)) == target)
        .ok_or_else(|| not_found(what, wanted, arena.iter().map(|(_, t)| key(t).to_string())))
}

fn not_found(what: &str, name: &str, candidates: impl Iterator<Item = String>) -> Failure {
    let names: Vec<String> = candidates.collect();
    let hint = crate::diagnostics::suggest(name, names.iter().map(String::as_str))
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    Failure::Cli(CliError(format!("no {what} named `{name}`{hint}")))
}

fn usage(
    model: &Model,
    sources: &Sources,
    name: &str,
    format: ShowFormat,
) -> Result<String, Failure> {
    let (id, u) = find("PSTN usage", &model.usages, name, |u| &u.name.text)?;
    let refs = model.usage_references(id);
    let list_name = |l: PolicyList| match l {
        PolicyList::Usages => "usages",
        PolicyList::CallForwarding => "call-forwarding-usages",
    };
    if format == ShowFormat::Json {
        let value = json!({
            "usage": u.name.text,
            "at": position(sources, u.name.span),
            "voice_policies": refs.policies.iter().map(|(p, list, pos)| {
                let p = model.voice_policies.get(*p);
                json!({"scope": p.scope_text, "list": list_name(*list), "position": pos.index, "of": pos.of, "at": position(sources, p.scope_span)})
            }).collect::<Vec<_>>(),
            "trunk_configurations": refs.trunk_configs.iter().map(|(c, pos, trunks)| {
                json!({
                    "scope": model.config_scope_text(*c),
                    "position": pos.index,
                    "of": pos.of,
                    "trunks": trunks.iter().map(|t| &model.trunks.get(*t).name.text).collect::<Vec<_>>(),
                    "at": position(sources, model.trunk_configs.get(*c).scope_span),
                })
            }).collect::<Vec<_>>(),
            "routes": refs.routes.iter().map(|r| {
                let r = model.routes.get(*r);
                json!({"route": r.name.text, "at": position(sources, r.name.span)})
            }).collect::<Vec<_>>(),
        });
        return Ok(super::check::to_json(&value) + "\n");
    }
    let mut out = format!(
        "PSTN usage {} ({})\n",
        u.name.text,
        at(sources, u.name.span)
    );
    out.push_str("\nvoice policies:\n");
    if refs.policies.is_empty() {
        out.push_str("  (none)\n");
    }
    for (p, list, pos) in &refs.policies {
        let p = model.voice_policies.get(*p);
        out.push_str(&format!(
            "  {:<28} {} {} of {}  ({})\n",
            p.scope_text,
            list_name(*list),
            pos.index,
            pos.of,
            at(sources, p.scope_span)
        ));
    }
    out.push_str("\ntrunk configurations (calls entering on their trunks):\n");
    if refs.trunk_configs.is_empty() {
        out.push_str("  (none)\n");
    }
    for (c, pos, trunks) in &refs.trunk_configs {
        let names: Vec<&str> = trunks
            .iter()
            .map(|t| model.trunks.get(*t).name.text.as_str())
            .collect();
        out.push_str(&format!(
            "  {:<28} usages {} of {}, trunks [{}]  ({})\n",
            model.config_scope_text(*c),
            pos.index,
            pos.of,
            names.join(", "),
            at(sources, model.trunk_configs.get(*c).scope_span)
        ));
    }
    out.push_str("\nroutes:\n");
    if refs.routes.is_empty() {
        out.push_str("  (none)\n");
    }
    for r in &refs.routes {
        let r = model.routes.get(*r);
        out.push_str(&format!(
            "  {:<28} ({})\n",
            r.name.text,
            at(sources, r.name.span)
        ));
    }
    Ok(out)
}
