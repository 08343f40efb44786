//! A read-only preflight: before any change, every trunk the script names
//! (in routes, trunk-scoped configurations and dial plans, and gateway
//! settings) must
//! exist in the published topology, or the script stops listing those that
//! do not. A script run before the topology is published would otherwise
//! stop halfway, with some of its changes made.

use super::*;
use crate::model::TrunkId;

/// The Front End pools the script names as a dial plan's Registrar scope.
fn registrars(m: &Model) -> Vec<String> {
    let mut pools: Vec<String> = m
        .dial_plans
        .iter()
        .filter_map(|(_, p)| match p.scope {
            DialPlanScope::Registrar(pool) => Some(m.pools.get(pool).name.text.clone()),
            _ => None,
        })
        .collect();
    pools.sort_by_key(|p| p.to_lowercase());
    pools.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    pools
}

/// The Topology Builder sites the script names: as the scope of a trunk
/// configuration, voice policy or dial plan, and as a region's central
/// site.
fn sites(m: &Model) -> Vec<String> {
    let mut ids: Vec<crate::model::SiteId> = Vec::new();
    ids.extend(m.trunk_configs.iter().filter_map(|(_, c)| match c.scope {
        ConfigScope::Site(s) => Some(s),
        _ => None,
    }));
    ids.extend(m.voice_policies.iter().filter_map(|(_, p)| match p.scope {
        PolicyScope::Site(s) => Some(s),
        _ => None,
    }));
    ids.extend(m.dial_plans.iter().filter_map(|(_, p)| match p.scope {
        DialPlanScope::Site(s) => Some(s),
        _ => None,
    }));
    if m.network.span.is_some() {
        ids.extend(m.network.regions.iter().map(|(_, r)| r.central_site.id));
    }
    sorted(
        ids.into_iter()
            .map(|s| m.sites.get(s).name.text.clone())
            .collect(),
    )
    .into_iter()
    .fold(Vec::new(), |mut out, n| {
        if !out.iter().any(|o: &String| o.eq_ignore_ascii_case(&n)) {
            out.push(n);
        }
        out
    })
}

pub(super) fn preflight(s: &mut Script, m: &Model) {
    s.section("Preflight (read-only): every trunk, site and pool this script names must exist");
    let mut named: Vec<TrunkId> = m
        .routes
        .iter()
        .flat_map(|(_, r)| r.trunks.iter().map(|t| t.id))
        .collect();
    named.extend(m.trunk_configs.iter().filter_map(|(_, c)| match c.scope {
        ConfigScope::Trunk(t) => Some(t),
        _ => None,
    }));
    named.extend(m.dial_plans.iter().filter_map(|(_, p)| match p.scope {
        crate::model::DialPlanScope::Trunk(t) => Some(t),
        _ => None,
    }));
    named.extend(
        m.trunks
            .iter()
            .filter(|(_, t)| m.gateways.get(t.gateway.id).media_ip.is_some())
            .map(|(id, _)| id),
    );
    // Some two hundred thousand at 1,000 sites, of two thousand trunks:
    // each trunk's identity is written once.
    named.sort_unstable();
    named.dedup();
    let mut identities: Vec<String> = named.into_iter().map(|t| identity::trunk(m, t)).collect();
    identities.sort();
    identities.dedup();
    let sites = sites(m);
    let registrars = registrars(m);
    if identities.is_empty() && sites.is_empty() && registrars.is_empty() {
        s.comment("the script names no trunk, site or pool");
        return;
    }
    s.line("$missing = @()");
    for pool in &registrars {
        let service = format!("Registrar:{pool}");
        let get = Command::new("Get-CsService")
            .str("Identity", &service)
            .arg("ErrorAction", Value::Str("SilentlyContinue".into()));
        let get = s.call(&get, "");
        s.line(&format!(
            "if (-not ({get})) {{ $missing += {} }}",
            quote(&format!("service:{service}"))
        ));
    }
    // Get-CsSite takes the site's name alone (its reference says not to
    // write `site:Name`); what is missing is listed with its scope.
    for name in &sites {
        let get = Command::new("Get-CsSite")
            .str("Identity", name)
            .arg("ErrorAction", Value::Str("SilentlyContinue".into()));
        let get = s.call(&get, "");
        s.line(&format!(
            "if (-not ({get})) {{ $missing += {} }}",
            quote(&format!("site:{name}"))
        ));
    }
    for id in &identities {
        let get = Command::new("Get-CsTrunk")
            .str("Identity", id)
            .arg("ErrorAction", Value::Str("SilentlyContinue".into()));
        let get = s.call(&get, "");
        s.line(&format!(
            "if (-not ({get})) {{ $missing += {} }}",
            quote(id)
        ));
    }
    s.line("if ($missing.Count -gt 0) {");
    s.line(&format!(
        "    throw ({} + ($missing -join ', '))",
        quote("Nothing was changed: publish the topology first (topology-steps.md). These trunks, sites and pools do not exist: ")
    ));
    s.line("}");
}
