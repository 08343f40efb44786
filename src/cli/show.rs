//! `topoc show trunk NAME` and `topoc show usage NAME`: what applies to a
//! trunk and where each setting comes from, and everything that refers to
//! a usage. Text for people, `--format json` for tools.

use serde_json::{Value, json};

use crate::model::effective::Source;
use crate::model::lower::fold;
use crate::model::queries::PolicyList;
use crate::model::{Arena, Id, Model, Trunk};
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
            "trunk" => trunk(model, sources, name, args.format)?,
            _ => usage(model, sources, name, args.format)?,
        };
        write_stdout(&out)?;
        Ok(ExitStatus::Success)
    })
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

fn trunk(
    model: &Model,
    sources: &Sources,
    name: &str,
    format: ShowFormat,
) -> Result<String, Failure> {
    let (id, t) = find("trunk", &model.trunks, name, |t| &t.name.text)?;
    let rows = model.effective_rows(id);
    let config = model.trunk_config_of(id);
    let gateway = &model.gateways.get(t.gateway.id).name.text;
    let pool = &model.pools.get(t.mediation.id).name.text;
    let transport = format!("{:?}", t.transport).to_uppercase();
    let source = |s: Source| match s {
        Source::Written { config, span } => {
            ("written", Some(model.config_scope_text(config)), Some(span))
        }
        Source::Copied { config, span } => {
            ("copied", Some(model.config_scope_text(config)), Some(span))
        }
        Source::Default => ("default", None, None),
    };
    if format == ShowFormat::Json {
        let settings: Vec<Value> = rows
            .iter()
            .map(|r| {
                let (kind, from, span) = source(r.source);
                json!({
                    "setting": r.info.keyword,
                    "parameter": r.info.parameter,
                    "value": r.json,
                    "source": kind,
                    "collection": from,
                    "at": span.map(|s| position(sources, s)),
                })
            })
            .collect();
        let value = json!({
            "trunk": t.name.text,
            "root": t.root,
            "site": model.sites.get(t.site).name.text,
            "gateway": gateway,
            "transport": transport.to_lowercase(),
            "peer_port": t.peer_port.value,
            "mediation_pool": pool,
            "mediation_port": t.mediation_port.value,
            "configuration": config.map(|c| json!({
                "scope": model.config_scope_text(c),
                "at": position(sources, model.trunk_configs.get(c).scope_span),
            })),
            "settings": settings,
        });
        return Ok(super::check::to_json(&value) + "\n");
    }
    let mut out = String::new();
    out.push_str(&header(model, t, gateway, pool, &transport));
    match config {
        Some(c) => out.push_str(&format!(
            "configuration: {} ({})\n",
            model.config_scope_text(c),
            at(sources, model.trunk_configs.get(c).scope_span)
        )),
        None => out.push_str("configuration: none declared; every setting is Lync's default\n"),
    }
    out.push('\n');
    let width = rows
        .iter()
        .map(|r| r.value.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 40);
    out.push_str(&format!("{:<22} {:<width$}  source\n", "setting", "value"));
    for r in &rows {
        let origin = match r.source {
            Source::Written { span, .. } => format!("written here ({})", at(sources, span)),
            Source::Copied { config, span } => format!(
                "copied from {} ({})",
                model.config_scope_text(config),
                at(sources, span)
            ),
            Source::Default => "Lync default".to_string(),
        };
        out.push_str(&format!(
            "{:<22} {:<width$}  {origin}\n",
            r.info.keyword, r.value
        ));
    }
    Ok(out)
}

fn header(model: &Model, t: &Trunk, gateway: &str, pool: &str, transport: &str) -> String {
    format!(
        "trunk {}: {} trunk to {gateway} ({transport} port {}), site {}\nMediation pool {pool}, port {}\n",
        t.name.text,
        if t.root { "root" } else { "additional" },
        t.peer_port.value,
        model.sites.get(t.site).name.text,
        t.mediation_port.value
    )
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
