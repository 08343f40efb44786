//! `topoc route`: simulate one call and print what happens at each step,
//! as text or, with `--format json`, as the trace's data.

use crate::model::lower::fold;
use crate::model::{Model, PoolRole, Subnet};
use crate::simulate::{Call, Origin, User};

use super::args::{RouteArgs, ShowFormat};
use super::show::{find, find_by};
use super::{
    CliError, ExitStatus, Failure, Project, Terminal, report_errors, with_project, write_stdout,
};

/// A scope as written on the command line, compared without quotes or case.
fn scope_key(scope: &str) -> String {
    fold(&scope.replace('"', ""))
}

fn resolve_user(model: &Model, args: &RouteArgs) -> Result<User, Failure> {
    let mut user = User::default();
    if let Some(name) = &args.home_pool {
        let (id, pool) = find("pool", &model.pools, name, |p| &p.name.text)?;
        if pool.role != PoolRole::FrontEnd {
            return Err(Failure::Cli(CliError(format!(
                "`{name}` is a Mediation pool; users are homed on a Front End pool"
            ))));
        }
        user.home_pool = Some(id);
    }
    if let Some(scope) = &args.policy {
        let policies = &model.voice_policies;
        let (id, _) = find_by(
            "voice policy",
            policies,
            scope,
            |p| &p.scope_text,
            scope_key,
        )?;
        user.policy = Some(id);
    }
    if let Some(scope) = &args.dial_plan {
        let plans = &model.dial_plans;
        let (id, _) = find_by("dial plan", plans, scope, |p| &p.scope_text, scope_key)?;
        user.dial_plan = Some(id);
    }
    if let Some(name) = &args.network_site {
        let sites = &model.network.sites;
        let (id, _) = find("network site", sites, name, |s| &s.name.text)?;
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
    with_project(&args.paths, terminal, |project| {
        simulate(args, terminal, project)
    })
}

/// Simulates the call on a checked project.
fn simulate(
    args: &RouteArgs,
    terminal: Terminal,
    project: &Project<'_>,
) -> Result<ExitStatus, Failure> {
    let model = project.analysed.model();
    let origin = match &args.from_trunk {
        Some(name) => Origin::Trunk(find("trunk", &model.trunks, name, |t| &t.name.text)?.0),
        None => Origin::User(resolve_user(model, args)?),
    };
    // Errors elsewhere in the project do not stop the simulation, but they
    // are shown and the run fails.
    let status = report_errors(project, terminal, "the call below is simulated as written");
    let trace = project.analysed.simulator(0).simulate(&Call {
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
