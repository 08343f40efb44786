//! `topoc route`: simulate one call and print what happens at each step,
//! as text or, with `--format json`, as the trace's data.

use crate::bypass::Bypass;
use crate::model::{Model, PoolRole, Subnet};
use crate::simulate::{Call, Compiled, Origin, Simulator, User};

use super::args::{RouteArgs, ShowFormat};
use super::show::not_found;
use super::{CliError, ExitStatus, Failure, Terminal, load_project, report_errors, write_stdout};

/// A scope as written on the command line, compared without quotes or case.
fn same_scope(written: &str, arg: &str) -> bool {
    let norm = |s: &str| s.replace('"', "").to_lowercase();
    norm(written) == norm(arg)
}

fn resolve_user(model: &Model, args: &RouteArgs) -> Result<User, Failure> {
    let mut user = User::default();
    if let Some(name) = &args.home_pool {
        let (id, pool) = model
            .pools
            .iter()
            .find(|(_, p)| p.name.text.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                not_found(
                    "pool",
                    name,
                    model.pools.iter().map(|(_, p)| p.name.text.clone()),
                )
            })?;
        if pool.role != PoolRole::FrontEnd {
            return Err(Failure::Cli(CliError(format!(
                "`{name}` is a Mediation pool; users are homed on a Front End pool"
            ))));
        }
        user.home_pool = Some(id);
    }
    if let Some(scope) = &args.policy {
        let (id, _) = model
            .voice_policies
            .iter()
            .find(|(_, p)| same_scope(&p.scope_text, scope))
            .ok_or_else(|| {
                not_found(
                    "voice policy",
                    scope,
                    model
                        .voice_policies
                        .iter()
                        .map(|(_, p)| p.scope_text.clone()),
                )
            })?;
        user.policy = Some(id);
    }
    if let Some(scope) = &args.dial_plan {
        let (id, _) = model
            .dial_plans
            .iter()
            .find(|(_, p)| same_scope(&p.scope_text, scope))
            .ok_or_else(|| {
                not_found(
                    "dial plan",
                    scope,
                    model.dial_plans.iter().map(|(_, p)| p.scope_text.clone()),
                )
            })?;
        user.dial_plan = Some(id);
    }
    if let Some(name) = &args.network_site {
        let (id, _) = model
            .network
            .sites
            .iter()
            .find(|(_, s)| s.name.text.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                not_found(
                    "network site",
                    name,
                    model.network.sites.iter().map(|(_, s)| s.name.text.clone()),
                )
            })?;
        user.network_site = Some(id);
    }
    if let Some(ip) = &args.ip {
        let subnet: Subnet = crate::model::values::subnet(ip, false)
            .map_err(|e| Failure::Cli(CliError(format!("--ip: {e}"))))?;
        user.ip = Some(subnet);
    }
    Ok(user)
}

/// Runs `topoc route`.
pub fn run(args: &RouteArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    let Some(project) = load_project(&args.paths, terminal)? else {
        return Ok(ExitStatus::Failure);
    };
    let checked = &project.checked;
    let Some(model) = &checked.model else {
        return Ok(ExitStatus::Failure);
    };
    let origin = match &args.from_trunk {
        Some(name) => {
            let (id, _) = model
                .trunks
                .iter()
                .find(|(_, t)| t.name.text.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    not_found(
                        "trunk",
                        name,
                        model.trunks.iter().map(|(_, t)| t.name.text.clone()),
                    )
                })?;
            Origin::Trunk(id)
        }
        None => Origin::User(resolve_user(model, args)?),
    };
    // Errors elsewhere in the project do not stop the simulation, but they
    // are shown and the run fails.
    let status = report_errors(&project, terminal, "the call below is simulated as written");
    let compiled = Compiled::new(model);
    let bypass = Bypass::new(model);
    let trace = Simulator::new(model, &compiled, &bypass).simulate(&Call {
        origin,
        dialled: args.dial.clone(),
        calling: args.calling.clone(),
    });
    let out = match args.format {
        ShowFormat::Json => super::check::to_json(&trace) + "\n",
        ShowFormat::Text => trace.lines().join("\n") + "\n",
    };
    write_stdout(&out)?;
    Ok(status)
}
