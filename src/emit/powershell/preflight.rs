//! A read-only preflight: before any change, every trunk the script names
//! (in routes, trunk-scoped configurations and dial plans, and gateway
//! settings) must
//! exist in the published topology, or the script stops listing those that
//! do not. A script run before the topology is published would otherwise
//! stop halfway, with some of its changes made.

use super::*;
use crate::model::TrunkId;

pub(super) fn preflight(s: &mut Script, m: &Model) {
    s.section("Preflight (read-only): every trunk this script names must exist");
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
    let mut identities: Vec<String> = named.into_iter().map(|t| identity::trunk(m, t)).collect();
    identities.sort();
    identities.dedup();
    if identities.is_empty() {
        s.comment("the script names no trunk");
        return;
    }
    s.line("$missing = @()");
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
        quote("Nothing was changed: publish the topology first (topology-steps.md). These trunks do not exist: ")
    ));
    s.line("}");
}
