//! `manifest.yaml`: the resolved model for reviewers, in a stable shape
//! (documented in docs/manifest.md): every trunk with each setting in
//! effect and the scope it comes from, usages, routes with the priority
//! they are deployed with, voice policies with every flag, dial plans, the
//! bypass matrix, the golden tests, and the warnings and accepted warnings
//! of the checks. Lists are in name (id) order; nothing depends on file
//! or declaration order.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::Input;
use super::powershell::{deployed_priorities, sorted, usage_names};
use super::topology::Layout;
use crate::bypass::Bypass;
use crate::diagnostics::Severity;
use crate::model::effective::Source;
use crate::model::identity;
use crate::model::{CallForwarding, Model, PolicyFlag, Treatment, TrunkConfigId, TrunkId};
use crate::source::Span;

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Trunk {
    name: String,
    root: bool,
    site: String,
    gateway: String,
    kind: crate::model::PeerKind,
    port: u16,
    transport: crate::model::Transport,
    mediation: String,
    mediation_port: u16,
    /// `topology.xml`, or `topology-steps.md` when it is left to a manual step.
    defined_in: &'static str,
    configuration: Option<String>,
    settings: BTreeMap<&'static str, SettingValue>,
}

#[derive(Serialize)]
struct SettingValue {
    value: Value,
    /// `written SCOPE`, `copied from SCOPE`, or `default`.
    from: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Route {
    name: String,
    pattern: String,
    usages: Vec<String>,
    trunks: Vec<String>,
    priority: Option<i32>,
    deployed_priority: i32,
    caller_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Unassigned {
    name: String,
    first: String,
    last: String,
    /// `announcement` or `exchange-um`.
    treatment: &'static str,
    /// `ApplicationServer:POOL` for an announcement.
    announcement_service: Option<String>,
    announcement_name: Option<String>,
    exchange_um: Option<String>,
    priority: Option<i32>,
    deployed_priority: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Policy {
    scope: String,
    usages: Vec<String>,
    call_forwarding: String,
    call_forwarding_usages: Vec<String>,
    flags: BTreeMap<&'static str, bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct DialPlan {
    scope: String,
    external_access_prefix: Option<String>,
    optimize_device_dialing: bool,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Rule {
    name: String,
    pattern: String,
    translation: String,
    internal_extension: bool,
}

/// The bypass section: each network site's ID, and per trunk the sites
/// that bypass, decided once per ID (a decision depends on the client only
/// through its bypass ID, LYNC-TRUNKS 5.2).
fn bypass_section(m: &Model, analysis: &Bypass<'_>) -> BypassSection {
    let mut names: Vec<(String, crate::model::NetworkSiteId)> = m
        .network
        .sites
        .iter()
        .map(|(id, s)| (s.name.text.clone(), id))
        .collect();
    names.sort();
    // Sites by ID, in first-seen order: one site to decide for, and the
    // names of all of them.
    let mut group_of: std::collections::HashMap<&crate::bypass::BypassId, usize> =
        std::collections::HashMap::new();
    let mut groups: Vec<(crate::model::NetworkSiteId, Vec<String>)> = Vec::new();
    for (name, id) in &names {
        let g = *group_of.entry(analysis.site_id(*id)).or_insert_with(|| {
            groups.push((*id, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(name.clone());
    }
    let mut trunks: Vec<TrunkBypass> = m
        .trunks
        .iter()
        .map(|(t, trunk)| {
            let mut entry = TrunkBypass {
                trunk: trunk.name.text.clone(),
                peer_bypass_id: match analysis.place(trunk.gateway.id) {
                    crate::bypass::PeerPlace::Mapped { site, .. } => {
                        Some(id_text(m, analysis.site_id(*site)))
                    }
                    crate::bypass::PeerPlace::Unmapped { .. } => {
                        analysis.unmapped_id().map(|id| id_text(m, &id))
                    }
                    crate::bypass::PeerPlace::Unknown => None,
                },
                bypass: Vec::new(),
                unknown: Vec::new(),
                reasons: Vec::new(),
            };
            for (site, sites) in &groups {
                match analysis.verdict(crate::bypass::Client::Site(*site), t) {
                    crate::bypass::Verdict::Yes => entry.bypass.extend(sites.iter().cloned()),
                    crate::bypass::Verdict::Unknown => entry.unknown.extend(sites.iter().cloned()),
                    crate::bypass::Verdict::No => {}
                }
            }
            entry.bypass.sort();
            entry.unknown.sort();
            // The reasons but B12 (told by the IDs above) are the trunk's
            // and its peer's, the same for every client: one decision
            // gives them. Without network sites, a client outside them
            // (the peer's unknown place, B10, included).
            let client = groups.first().map_or(
                crate::bypass::Client::Unmapped(crate::model::Subnet {
                    address: std::net::Ipv4Addr::UNSPECIFIED,
                    bits: 32,
                }),
                |(site, _)| crate::bypass::Client::Site(*site),
            );
            entry.reasons = analysis
                .decide(client, t)
                .reasons
                .iter()
                .filter(|r| r.condition != crate::bypass::Condition::B12)
                .map(|r| r.summary())
                .collect();
            entry
        })
        .collect();
    trunks.sort_by(|a, b| a.trunk.cmp(&b.trunk));
    BypassSection {
        mode: m.network.bypass_mode(),
        network_sites: names
            .iter()
            .map(|(name, id)| SiteBypassId {
                network_site: name.clone(),
                bypass_id: id_text(m, analysis.site_id(*id)),
            })
            .collect(),
        trunks,
    }
}

/// A bypass ID as the manifest writes it: `region:NAME`, `site:NAME` (a
/// constrained site's own), `manual:ID`, `default` (unmapped subnets) or
/// `always`.
fn id_text(m: &Model, id: &crate::bypass::BypassId) -> String {
    use crate::bypass::BypassId;
    match id {
        BypassId::Always => "always".into(),
        BypassId::Default => "default".into(),
        BypassId::Region(r) => format!("region:{}", m.network.regions.get(*r).name.text),
        BypassId::Site(s) => format!("site:{}", m.network.sites.get(*s).name.text),
        BypassId::Manual(v) => format!("manual:{v}"),
    }
}

/// Media bypass, by bypass ID: clients decide alike within an ID, so the
/// (network site, trunk) matrix is written per trunk as the sites that
/// bypass and those topoc cannot decide; every other pair does not bypass,
/// for the trunk's `reasons` or because its site's ID is not the peer's.
/// The bypass section: the global mode, each network site's ID, and per
/// trunk the sites that bypass.
struct BypassSection {
    mode: crate::model::BypassMode,
    network_sites: Vec<SiteBypassId>,
    trunks: Vec<TrunkBypass>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct SiteBypassId {
    network_site: String,
    bypass_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct TrunkBypass {
    trunk: String,
    /// The ID of the peer's media address, when it has one.
    peer_bypass_id: Option<String>,
    /// Network sites whose clients' media bypass the Mediation Server.
    bypass: Vec<String>,
    /// Network sites for which the decision is unknown.
    unknown: Vec<String>,
    /// The failing conditions every client meets on this trunk.
    reasons: Vec<String>,
}

#[derive(Serialize)]
struct TestResult {
    title: String,
    result: &'static str,
}

#[derive(Serialize)]
struct Finding {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: String,
    file: String,
}

#[derive(Serialize)]
struct Allowed {
    code: &'static str,
    name: &'static str,
    reason: String,
    file: String,
}

/// A file's path below the directory all the project's files share
/// (`common` bytes, [`common_dir`]), so that `examples/contoso`,
/// `./examples/contoso/` and an absolute path give the same manifest.
fn file(input: &Input<'_>, common: usize, span: Span) -> String {
    input.sources.get(span.file).name()[common..].to_string()
}

/// The length of the longest directory prefix (ending in `/`) that every
/// name shares.
fn common_dir<'a>(mut names: impl Iterator<Item = &'a str>) -> usize {
    let Some(first) = names.next() else {
        return 0;
    };
    let mut len = first.rfind('/').map_or(0, |i| i + 1);
    for n in names {
        while len > 0 && !(n.len() >= len && n.as_bytes()[..len] == first.as_bytes()[..len]) {
            len = first[..len - 1].rfind('/').map_or(0, |i| i + 1);
        }
    }
    len
}

/// Where a setting's value comes from, in words.
fn source_text(m: &Model, source: Source) -> String {
    match source {
        Source::Written { config, .. } => format!("written {}", m.config_scope_text(config)),
        Source::Copied { config, .. } => format!("copied from {}", m.config_scope_text(config)),
        Source::Default => "default".to_string(),
    }
}

/// A trunk with every setting in effect and where it comes from.
fn trunk(m: &Model, layout: &Layout, id: TrunkId, config: Option<TrunkConfigId>) -> Trunk {
    let t = m.trunks.get(id);
    let settings = m
        .effective_rows(id)
        .into_iter()
        .map(|row| {
            let value = SettingValue {
                value: row.json,
                from: source_text(m, row.source),
            };
            (row.info.keyword, value)
        })
        .collect();
    let g = m.gateways.get(t.gateway.id);
    Trunk {
        name: t.name.text.clone(),
        root: t.root,
        site: m.sites.get(t.site).name.text.clone(),
        gateway: g.name.text.clone(),
        kind: g.kind(),
        port: t.peer_port.value,
        transport: t.transport,
        mediation: m.pools.get(t.mediation.id).name.text.clone(),
        mediation_port: t.mediation_port.value,
        defined_in: if layout.in_xml(id) {
            "topology.xml"
        } else {
            "topology-steps.md"
        },
        configuration: config.map(|c| m.config_scope_text(c)),
        settings,
    }
}

/// Writes `manifest.yaml`.
pub fn emit(input: &Input<'_>, layout: &Layout, hash: &str) -> String {
    let m = input.model;
    let trunks: Vec<Trunk> = m
        .trunks
        .ids()
        .zip(m.trunk_configs_in_effect())
        .map(|(id, config)| trunk(m, layout, id, config))
        .collect();
    let mut usage_list = usage_names(m, m.usages.ids());
    usage_list.sort_by_key(|n| n.to_lowercase());
    let priorities = deployed_priorities(m);
    let routes: Vec<Route> = m
        .routes
        .iter()
        .map(|(id, r)| Route {
            name: r.name.text.clone(),
            pattern: r.pattern.text.clone(),
            usages: sorted(usage_names(m, r.usages.iter().map(|u| u.id))),
            trunks: sorted(
                r.trunks
                    .iter()
                    .map(|t| m.trunks.get(t.id).name.text.clone())
                    .collect(),
            ),
            priority: r.priority.as_ref().map(|p| p.value),
            deployed_priority: priorities[id],
            caller_id: r.caller_id.as_ref().map(|c| c.text.clone()),
        })
        .collect();
    let mut unassigned: Vec<Unassigned> = m
        .unassigned_in_order()
        .into_iter()
        .enumerate()
        .map(|(rank, id)| {
            let u = m.unassigned.get(id);
            let (treatment, service, name, um) = match &u.treatment {
                Treatment::Announcement { pool, name } => (
                    "announcement",
                    Some(identity::announcement_service(m, pool.id)),
                    Some(name.value.clone()),
                    None,
                ),
                Treatment::ExchangeUm(n) => ("exchange-um", None, None, Some(n.text.clone())),
            };
            Unassigned {
                name: identity::unassigned(u),
                first: u.range.value.first.clone(),
                last: u.range.value.last.clone(),
                treatment,
                announcement_service: service,
                announcement_name: name,
                exchange_um: um,
                priority: u.priority.as_ref().map(|p| p.value),
                deployed_priority: rank,
            }
        })
        .collect();
    unassigned.sort_by_key(|u| u.name.to_lowercase());
    let voice_policies: Vec<Policy> = m
        .voice_policies
        .iter()
        .map(|(_, p)| {
            let (kind, custom) = match p.call_forwarding.as_ref().map(|s| &s.value) {
                None | Some(CallForwarding::VoicePolicy) => ("voice-policy", Vec::new()),
                Some(CallForwarding::InternalOnly) => ("internal-only", Vec::new()),
                Some(CallForwarding::Custom(list)) => {
                    ("custom", usage_names(m, list.iter().map(|u| u.id)))
                }
            };
            Policy {
                scope: p.scope_text.clone(),
                usages: usage_names(m, p.usages.iter().map(|u| u.id)),
                call_forwarding: kind.to_string(),
                call_forwarding_usages: custom,
                flags: PolicyFlag::ALL
                    .iter()
                    .map(|f| (f.parameter(), p.flag(*f)))
                    .collect(),
            }
        })
        .collect();
    let dial_plans: Vec<DialPlan> = m
        .dial_plans
        .iter()
        .map(|(_, d)| DialPlan {
            scope: d.scope_text.clone(),
            external_access_prefix: d.external_access_prefix.as_ref().map(|p| p.text.clone()),
            optimize_device_dialing: d.optimize_device_dialing.as_ref().is_some_and(|s| s.value),
            rules: d
                .rules
                .iter()
                .map(|r| Rule {
                    name: r.name.text.clone(),
                    pattern: r.pattern.text.clone(),
                    translation: r.translation.text.clone(),
                    internal_extension: r.internal_extension.as_ref().is_some_and(|s| s.value),
                })
                .collect(),
        })
        .collect();
    let bypass = bypass_section(m, input.project.analysed().bypass());
    // A build runs only when no check failed, so every test passed.
    let tests: Vec<TestResult> = m
        .tests
        .iter()
        .map(|(_, t)| TestResult {
            title: t.title.text.clone(),
            result: "passed",
        })
        .collect();
    // Files, not lines: a finding stays put when declarations move.
    let common = common_dir(input.sources.iter().map(|f| f.name()));
    let mut findings: Vec<Finding> = input
        .findings
        .iter()
        .map(|d| Finding {
            code: d.code.info().id,
            name: d.code.info().name,
            severity: match d.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            },
            message: d.message.clone(),
            file: file(input, common, d.primary.span),
        })
        .collect();
    findings.sort_by(|a, b| (&a.file, a.code, &a.message).cmp(&(&b.file, b.code, &b.message)));
    let mut allowed: Vec<Allowed> = m
        .allows
        .iter()
        .map(|a| Allowed {
            code: a.code.info().id,
            name: a.code.info().name,
            reason: a.reason.clone(),
            file: file(input, common, a.span),
        })
        .collect();
    allowed.sort_by(|a, b| (&a.file, a.code, &a.reason).cmp(&(&b.file, b.code, &b.reason)));
    // The document's fields, in the order docs/manifest.md gives; lists
    // are written an item at a time (the document is tens of megabytes at
    // a thousand sites).
    let mut doc = super::yaml::Document::after(
        "# manifest.yaml: the resolved model, generated by topoc. Shape: docs/manifest.md.\n"
            .to_string(),
    );
    doc.field("topoc", &crate::VERSION);
    doc.field("hash", &hash);
    doc.field("product", &m.deployment.product);
    doc.list("trunks", &trunks);
    doc.list("usages", &usage_list);
    doc.list("routes", &routes);
    doc.list("unassigned-numbers", &unassigned);
    doc.list("voice-policies", &voice_policies);
    doc.list("dial-plans", &dial_plans);
    doc.map("bypass", |d| {
        d.field("mode", &bypass.mode);
        d.list("network-sites", &bypass.network_sites);
        d.list("trunks", &bypass.trunks);
    });
    doc.list("tests", &tests);
    doc.list("findings", &findings);
    doc.list("allowed", &allowed);
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::common_dir;

    #[test]
    fn the_common_directory_of_a_project() {
        let len = |names: &[&str]| common_dir(names.iter().copied());
        assert_eq!(len(&["a/b/x.topo", "a/b/y.topo"]), 4);
        assert_eq!(len(&["a/b/x.topo", "a/c/y.topo"]), 2);
        assert_eq!(len(&["./a/x.topo", "./a/sub/y.topo"]), 4);
        assert_eq!(len(&["x.topo"]), 0);
        assert_eq!(len(&["/p/q/x.topo"]), 5);
        assert_eq!(len(&["ab/x.topo", "abc/y.topo"]), 0);
    }
}
