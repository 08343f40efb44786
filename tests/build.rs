//! `topoc build` against real references: every emitted script is parsed
//! with a real PowerShell grammar and every cmdlet call checked against
//! the cmdlet reference (../shared/domain/cmdlets.json, copied to
//! tests/data/cmdlets.json, with the few it leaves out in
//! tests/data/cmdlets-added.json); every topology document is parsed with a real
//! XML parser and the gateway deployment of a real Topology Builder export
//! is reproduced element for element; outputs are snapshotted, independent
//! of input order, and a failed build leaves the previous output alone.

#![allow(clippy::disallowed_methods)] // tests read fixtures and write scratch files

mod common;
mod ps;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use ps::Call;
use serde_json::Value;
use topoc::emit::{self, Artifact, Options};
use topoc::source::Sources;

fn build_sources(sources: &Sources, options: Options) -> (Vec<Artifact>, Vec<String>) {
    let out = topoc::check_with(sources, |report| {
        let project = report
            .clean
            .as_ref()
            .unwrap_or_else(|| panic!("{}", render(sources, report.diagnostics)));
        emit::build(&emit::Input::new(project, sources, options))
    });
    let diags = out
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} at {}",
                d.code.info().id,
                sources.line_col(d.primary.span)
            )
        })
        .collect();
    (out.artifacts, diags)
}

fn build_dir(dir: &Path) -> Vec<Artifact> {
    build_sources(&load(&topo_files(dir)), Options::default()).0
}

fn artifact<'a>(artifacts: &'a [Artifact], name: &str) -> &'a str {
    &artifacts.iter().find(|a| a.name == name).unwrap().text
}

/// Every example project and build fixture.
fn projects() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for parent in ["examples", "tests/fixtures/build"] {
        for entry in std::fs::read_dir(root().join(parent)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

// ------------------------------------------------------------ snapshots ---

/// Every file of every build fixture, snapshotted; the fixture's header
/// lists the build's own warnings (T08xx).
#[test]
fn build_fixtures() {
    let _bound = settings().bind_to_scope();
    for dir in projects()
        .into_iter()
        .filter(|p| p.starts_with(root().join("tests/fixtures/build")))
    {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let main = std::fs::read_to_string(dir.join("main.topo")).unwrap();
        let sources = load(&topo_files(&dir));
        let (artifacts, diags) = build_sources(&sources, Options::default());
        assert_eq!(diags, expectations(&main), "{name}: build diagnostics");
        for a in &artifacts {
            insta::assert_snapshot!(format!("build@{name}@{}", a.name), &a.text);
        }
    }
}

// ----------------------------------------------------------- PowerShell ---

struct Reference {
    cmdlets: serde_json::Map<String, Value>,
    common: Vec<String>,
}

fn reference() -> Reference {
    let read = |name: &str| -> Value {
        let text = std::fs::read_to_string(root().join("tests/data").join(name)).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let json = read("cmdlets.json");
    let mut cmdlets = json["cmdlets"].as_object().unwrap().clone();
    // Cmdlets the shared reference leaves out, from the same pages.
    for (name, info) in read("cmdlets-added.json")["cmdlets"].as_object().unwrap() {
        assert!(
            cmdlets.insert(name.clone(), info.clone()).is_none(),
            "{name} is in cmdlets.json now: remove it from cmdlets-added.json"
        );
    }
    Reference {
        cmdlets,
        common: json["common_parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect(),
    }
}

/// Every call of a script (which must parse, in both readings alike).
fn calls(script: &str) -> Vec<Call> {
    let [utf8, cp1252] = ps::readings(script.as_bytes());
    let calls = ps::commands(&utf8).unwrap_or_else(|e| panic!("{e}:\n{script}"));
    assert_eq!(
        ps::commands(&cp1252).as_ref(),
        Ok(&calls),
        "the cp1252 reading differs"
    );
    calls
}

/// Lync Server 2013 with the cumulative update of February 2013, which
/// brought location-based routing: the reference's "Applicable" lists omit
/// Lync 2013 for these parameters while their text says February 2013
/// (LYNC-TRUNKS D7), so the checker takes them from a script whose header
/// says it needs that update.
const LYNC_2013_FEB_2013: &str = "Lync Server 2013 (February 2013 update)";

/// Parameters of the February 2013 update, by cmdlet.
const FEB_2013_PARAMETERS: &[(&str, &str)] = &[
    ("New-CsTrunkConfiguration", "EnableLocationRestriction"),
    ("New-CsTrunkConfiguration", "NetworkSiteID"),
    ("Set-CsTrunkConfiguration", "EnableLocationRestriction"),
    ("Set-CsTrunkConfiguration", "NetworkSiteID"),
];

fn product_name(script: &str) -> &'static str {
    if script.contains("Target: Skype for Business Server 2015") {
        "Skype for Business Server 2015"
    } else if script.contains("cumulative update of February 2013") {
        assert!(script.contains("Target: Lync Server 2013"));
        LYNC_2013_FEB_2013
    } else {
        assert!(script.contains("Target: Lync Server 2013"));
        "Lync Server 2013"
    }
}

/// Whether a parameter applies to the product: its reference versions, or
/// the February 2013 update's parameters with that update.
fn parameter_applies(cmdlet: &str, parameter: &str, versions: &[Value], product: &str) -> bool {
    let base = if product == LYNC_2013_FEB_2013 {
        "Lync Server 2013"
    } else {
        product
    };
    versions.iter().any(|v| v == base)
        || (product == LYNC_2013_FEB_2013 && FEB_2013_PARAMETERS.contains(&(cmdlet, parameter)))
}

/// Checks one call; returns the problems found.
fn check_call(r: &Reference, call: &Call, product: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(cmdlet) = r.cmdlets.get(&call.name) else {
        return vec![format!("`{}` is not in the cmdlet reference", call.name)];
    };
    let applicable = cmdlet["applicable"].as_array().unwrap();
    let base = if product == LYNC_2013_FEB_2013 {
        "Lync Server 2013"
    } else {
        product
    };
    if !applicable.iter().any(|p| p == base) {
        problems.push(format!("`{}` does not apply to {product}", call.name));
    }
    let params = cmdlet["parameters"].as_object().unwrap();
    let mut used_sets: Option<Vec<String>> = None;
    for (p, value) in &call.params {
        if r.common.iter().any(|c| c.eq_ignore_ascii_case(p)) {
            continue;
        }
        let Some(info) = params.get(p) else {
            problems.push(format!("`{}` has no parameter `-{p}`", call.name));
            continue;
        };
        if !parameter_applies(&call.name, p, info["versions"].as_array().unwrap(), product) {
            problems.push(format!("`{} -{p}` does not apply to {product}", call.name));
        }
        let sets: Vec<String> = info["parameter_sets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        if !sets.iter().any(|s| s == "(All)") {
            used_sets = Some(match used_sets {
                None => sets,
                Some(prev) => prev.into_iter().filter(|s| sets.contains(s)).collect(),
            });
        }
        if let Some(problem) = check_value(&call.name, p, info, value.as_deref()) {
            problems.push(problem);
        }
    }
    // Exactly one parameter set fits: its required parameters are present.
    let present = |name: &str| call.params.iter().any(|(p, _)| p == name);
    let all_sets: Vec<String> = {
        let mut s: Vec<String> = params
            .values()
            .flat_map(|i| i["parameter_sets"].as_array().unwrap().clone())
            .map(|v| v.as_str().unwrap().to_string())
            .filter(|s| s != "(All)")
            .collect();
        s.sort();
        s.dedup();
        s
    };
    let candidates: Vec<String> = match used_sets {
        Some(s) => s,
        None if all_sets.is_empty() => vec!["(All)".to_string()],
        None => all_sets,
    };
    let fitting: Vec<&String> = candidates
        .iter()
        .filter(|set| {
            params.iter().all(|(name, i)| {
                let sets = i["parameter_sets"].as_array().unwrap();
                let in_set = sets.iter().any(|s| s == "(All)" || s == set.as_str());
                !(i["required"].as_bool().unwrap() && in_set) || present(name)
            })
        })
        .collect();
    if fitting.is_empty() {
        problems.push(format!("`{}`: no parameter set fits", call.name));
    }
    problems
}

fn check_value(cmdlet: &str, param: &str, info: &Value, value: Option<&str>) -> Option<String> {
    let kind = info["kind"].as_str().unwrap();
    let bad = |why: &str| Some(format!("`{cmdlet} -{param}`: {why} (got {value:?})"));
    let Some(v) = value else {
        return (kind != "switch").then(|| format!("`{cmdlet} -{param}` has no value"));
    };
    if kind == "switch" {
        // `-WhatIf:$WhatIfPreference`: the switch set from a variable.
        if v.starts_with(":$") {
            return None;
        }
        return bad("a switch takes no value");
    }
    match kind {
        "bool" => (!matches!(v, "$true" | "$false")).then(|| bad("not $true/$false"))?,
        "int32" | "int64" | "uint32" | "uint16" => {
            let Ok(n) = v.parse::<i64>() else {
                return bad("not an integer literal");
            };
            if kind.starts_with('u') && n < 0 {
                return bad("negative");
            }
            let range = &info["range"];
            if range["min"].as_i64().is_some_and(|min| n < min)
                || range["max"].as_i64().is_some_and(|max| n > max)
            {
                return bad("out of range");
            }
            None
        }
        "list" => {
            let ok = v == "$null"
                || ["@{Add = ", "@{Remove = ", "@{Replace = "]
                    .iter()
                    .any(|p| v.starts_with(p) && v.ends_with('}'));
            (!ok).then(|| bad("not a PSListModifier"))?
        }
        "object" => (!v.starts_with('$')).then(|| bad("not a variable"))?,
        _ => {
            // Strings of every kind: single-quoted, or $null to clear.
            if v == "$null" && !matches!(kind, "regex" | "replacement" | "identity") {
                return None;
            }
            let Some(s) = ps::value(v) else {
                return bad("not a string literal");
            };
            match kind {
                "enum" => {
                    let values: Vec<&str> = match info["values"].as_array() {
                        Some(vs) if !vs.is_empty() => {
                            vs.iter().map(|x| x.as_str().unwrap()).collect()
                        }
                        // BypassModeEnumType: the pages name only these two.
                        _ => vec!["Off", "Any"],
                    };
                    (!values.iter().any(|x| x.eq_ignore_ascii_case(&s)))
                        .then(|| bad("not a listed value"))?
                }
                "regex" => topoc::netregex::Regex::new(&s)
                    .is_err()
                    .then(|| bad(".NET would reject the pattern"))?,
                "guid_string" => (!is_guid(&s)).then(|| bad("not a GUID"))?,
                _ => {
                    if info["max_length"]
                        .as_u64()
                        .is_some_and(|n| s.chars().count() as u64 > n)
                    {
                        return bad("too long");
                    }
                    // The reference's "must match PATTERN" formats, whole.
                    if let Some(format) = info["format"]
                        .as_str()
                        .and_then(|f| f.strip_prefix("must match "))
                    {
                        let re = topoc::netregex::Regex::new(&format!("^(?:{format})$")).unwrap();
                        if re.is_match(&s) != Ok(true) {
                            return bad(&format!("does not match {format}"));
                        }
                    }
                    match param {
                        "Identity" => check_identity(cmdlet, &s).map(|why| bad(&why).unwrap()),
                        _ => None,
                    }
                }
            }
        }
    }
}

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The identity forms of cmdlets.md ("Identities fit a listed form").
fn check_identity(cmdlet: &str, id: &str) -> Option<String> {
    let scope_ok = |scope: &str| {
        scope == "global"
            || scope.starts_with("site:")
            || scope.starts_with("service:PstnGateway:")
            || scope.starts_with("service:Registrar:")
            || !scope.contains(':')
    };
    let noun = cmdlet.split_once('-').unwrap().1;
    let rule = noun.ends_with("Rule");
    if rule {
        let Some((scope, name)) = id.rsplit_once('/') else {
            return Some("not scope/name".into());
        };
        return (!scope_ok(scope) || name.is_empty()).then(|| "not scope/name".into());
    }
    match noun {
        "CsPstnUsage" | "CsNetworkConfiguration" | "CsMediaConfiguration" => {
            (id != "global").then(|| "must be global".into())
        }
        "CsVoiceRoute"
        | "CsUnassignedNumber"
        | "CsNetworkRegion"
        | "CsNetworkSite"
        | "CsNetworkSubnet"
        | "CsNetworkBandwidthPolicyProfile"
        | "CsNetworkInterSitePolicy"
        | "CsNetworkRegionLink"
        | "CsNetworkInterRegionRoute" => id.contains(':').then(|| "a global-relative name".into()),
        "CsService" => (!(id.starts_with("PstnGateway:") || id.starts_with("Registrar:")))
            .then(|| "PstnGateway:<name> or Registrar:<pool>".into()),
        "CsPstnGateway" | "CsTrunk" => {
            (!id.starts_with("PstnGateway:")).then(|| "PstnGateway:<name>".into())
        }
        _ if cmdlet.starts_with("New-") && id == "global" => {
            Some("global cannot be created".into())
        }
        _ => (!(scope_ok(id) || id.starts_with("tag:"))).then(|| "not a scope".into()),
    }
}

/// Every cmdlet call of every emitted script names a cmdlet of the
/// reference, uses only its parameters for the target product, with
/// values of the declared kind, and fits exactly one parameter set; and
/// `PstnGatewayList` entries name trunks of the project.
#[test]
fn scripts_follow_the_cmdlet_reference() {
    let r = reference();
    let mut checked = 0;
    for dir in projects() {
        let sources = load(&topo_files(&dir));
        let (artifacts, _) = build_sources(&sources, Options::default());
        let model = topoc::check(&sources).model.unwrap();
        let trunks: Vec<String> = model
            .trunks
            .iter()
            .map(|(_, t)| format!("PstnGateway:{}", t.name.text))
            .collect();
        let script = artifact(&artifacts, "deploy.ps1");
        let product = product_name(script);
        for call in calls(script) {
            for (p, v) in &call.params {
                if p == "PstnGatewayList" {
                    let v = v.as_deref().unwrap();
                    let list = v.trim_start_matches("@{Replace = ").trim_end_matches('}');
                    for entry in list.split(", ") {
                        let entry = ps::value(entry).unwrap();
                        assert!(trunks.contains(&entry), "{}: {entry}", dir.display());
                    }
                }
            }
            let problems = check_call(&r, &call, product);
            assert!(
                problems.is_empty(),
                "{}: deploy.ps1 line {}: {problems:#?}",
                dir.display(),
                call.line
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} calls checked");
}

/// The script of a build against a live deployment follows the reference
/// too: built against a new deployment (everything created, with every
/// property folded into one `New-`) and against one where every object
/// exists with other values (every property changed by `Set-`). The
/// preflight's own PowerShell functions are plain PowerShell.
#[test]
fn live_scripts_follow_the_cmdlet_reference() {
    use topoc::emit::snapshot::{deployed, published};
    use topoc::snapshot::Value as V;
    let r = reference();
    let mut checked = 0;
    let mut in_memory = 0;
    for dir in projects() {
        let sources = load(&topo_files(&dir));
        let scripts = topoc::check_with(&sources, |report| {
            let Some(project) = report.clean.as_ref() else {
                return Vec::new();
            };
            let input = emit::Input::new(project, &sources, Options::default());
            let fresh = published(&input);
            // Every written text value made different, so every property changes.
            let mut other = deployed(&input, &fresh).0;
            for list in other.objects.values_mut() {
                for o in list.iter_mut() {
                    for (k, v) in o.iter_mut() {
                        if let (false, V::Text(t)) = (k == "Identity", v) {
                            t.push('x');
                        }
                    }
                }
            }
            [fresh, other]
                .iter()
                .map(|live| {
                    let input = emit::Input::new(project, &sources, Options::default()).with_live(
                        emit::Live {
                            snapshot: live,
                            prune: None,
                        },
                    );
                    let out = emit::build(&input);
                    artifact(&out.artifacts, "deploy.ps1").to_string()
                })
                .collect()
        });
        for script in &scripts {
            let product = product_name(script);
            for call in calls(script) {
                if matches!(
                    call.name.as_str(),
                    "ForEach-Object"
                        | "Where-Object"
                        | "ConvertTo-TopocValue"
                        | "Get-TopocFingerprint"
                ) {
                    continue;
                }
                if call.params.iter().any(|(p, _)| p == "InMemory") {
                    assert!(
                        call.params
                            .iter()
                            .any(|(p, v)| p == "WhatIf" && v.as_deref() == Some(":$false")),
                        "{}: an in-memory rule must be made under -WhatIf too: {call:?}",
                        dir.display()
                    );
                    in_memory += 1;
                }
                let problems = check_call(&r, &call, product);
                assert!(
                    problems.is_empty(),
                    "{}: live deploy.ps1 line {}: {problems:#?}\n{script}",
                    dir.display(),
                    call.line
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} calls checked");
    assert!(in_memory > 0, "no in-memory rule checked");
}

/// The checker itself rejects what cmdlets.md says must fail.
/// Routes created without `-Priority` go last in Lync's one global route
/// list, in creation order, not in topoc's name order: deploy.ps1 must
/// state every route's priority, and the deployed order must be the order
/// the simulator tries the routes of each usage in.
#[test]
fn every_route_is_deployed_with_the_priority_topoc_simulates() {
    let mut sources = Sources::new();
    sources.add(
        "t.topo",
        r"
site Redmond {
  frontend-pool fe01.contoso.com {
    servers [fe01a.contoso.com]
    mediation collocated { tls-ports 5067 }
  }
  gateway gw1.contoso.com { root-trunk { port 5067 tls; mediation fe01.contoso.com port 5067 } }
}
pstn-usage A
pstn-usage B
route Zulu { pattern '^\+1425'; usages [A]; trunks [gw1.contoso.com] }
route Alpha { pattern '^\+1206'; usages [A]; trunks [gw1.contoso.com] }
route Mike { pattern '^\+44'; usages [A, B]; trunks [gw1.contoso.com]; priority 7 }
route Kilo { pattern '^\+33'; usages [B]; trunks [gw1.contoso.com]; priority 2 }
voice-policy global { usages [A, B] }
",
    );
    let checked = topoc::check(&sources);
    let model = checked.model.as_ref().unwrap();
    let (artifacts, _) = build_sources(&sources, Options::default());
    let mut deployed: BTreeMap<String, i64> = BTreeMap::new();
    for call in calls(artifact(&artifacts, "deploy.ps1")) {
        if call.name != "Set-CsVoiceRoute" {
            continue;
        }
        let get = |p: &str| {
            call.params
                .iter()
                .find(|(k, _)| k == p)
                .and_then(|(_, v)| v.as_deref())
        };
        let name = get("Identity").and_then(ps::value).unwrap();
        let priority = get("Priority").unwrap_or_else(|| panic!("no -Priority for {name}"));
        assert!(deployed.insert(name, priority.parse().unwrap()).is_none());
    }
    assert_eq!(deployed.len(), model.routes.len(), "{deployed:?}");
    let compiled = topoc::simulate::compiled::Compiled::new(model);
    for usage in model.usages.ids() {
        let simulated: Vec<&str> = compiled
            .usage_routes(usage)
            .iter()
            .map(|&r| model.routes.get(r).name.text.as_str())
            .collect();
        let mut by_priority = simulated.clone();
        by_priority.sort_by_key(|name| deployed[*name]);
        assert_eq!(simulated, by_priority, "{deployed:?}");
    }
    // Routes with a priority first (2, 7), then the others by name.
    assert_eq!(
        deployed,
        BTreeMap::from([
            ("Alpha".to_string(), 2),
            ("Kilo".to_string(), 0),
            ("Mike".to_string(), 1),
            ("Zulu".to_string(), 3),
        ])
    );
}

#[test]
fn the_cmdlet_checker_rejects_known_bad_calls() {
    let r = reference();
    let bad = [
        (
            "Set-CsTrunkConfiguration -Identity 'global' -EnableLocationRestriction $true",
            "Lync Server 2013",
        ),
        (
            "Set-CsTrunkConfiguration -Identity 'global' -NetworkSiteID 'x'",
            "Lync Server 2013",
        ),
        (
            "Set-CsVoicePolicy -Identity 'global' -EnableBusyOptions $true",
            "Lync Server 2013",
        ),
        (
            "New-CsTrunkConfiguration -Identity 'global'",
            "Lync Server 2013",
        ),
        (
            "Set-CsTrunkConfiguration -Identity 'global' -SRTPMode 'Sometimes'",
            "Lync Server 2013",
        ),
        (
            "Set-CsTrunkConfiguration -Identity 'global' -EnableBypass 1",
            "Lync Server 2013",
        ),
        (
            "Set-CsVoiceRoute -Identity 'R' -NumberPattern '^(\\d$'",
            "Lync Server 2013",
        ),
        (
            "Set-CsVoiceRoute -Identity 'R' -NumberPattern \"^(\\d)$\"",
            "Lync Server 2013",
        ),
        (
            "New-CsNetworkSubnet -Identity '10.0.0.0' -MaskBits 33",
            "Lync Server 2013",
        ),
        (
            "New-CsNetworkSubnet -Identity '10.0.0.0'",
            "Lync Server 2013",
        ),
        (
            "Set-CsDialPlan -Identity 'site:X' -ExternalAccessPrefix '12345'",
            "Lync Server 2013",
        ),
        (
            "Set-CsVoiceRoute -Identity 'R' -AlternateCallerId '0123'",
            "Lync Server 2013",
        ),
        ("New-CsVoiceRoute -Identity 'site:X'", "Lync Server 2013"),
        (
            "Set-CsPstnUsage -Identity 'site:X' -Usage @{Add = 'U'}",
            "Lync Server 2013",
        ),
        (
            "New-CsOutboundTranslationRule -Identity 'R' -InMemory",
            "Lync Server 2013",
        ),
        ("Remove-Item -Path 'x'", "Lync Server 2013"),
        (
            "New-CsUnassignedNumber -Identity 'U' -NumberRangeStart '+0425' -NumberRangeEnd '+0426' -ExUmAutoAttendantPhoneNumber '+1'",
            "Lync Server 2013",
        ),
        (
            "New-CsUnassignedNumber -Identity 'U' -NumberRangeStart '+1425' -NumberRangeEnd '+1426' -AnnouncementService 'ApplicationServer:fe' -ExUmAutoAttendantPhoneNumber '+1'",
            "Lync Server 2013",
        ),
        (
            "New-CsUnassignedNumber -Identity 'U' -NumberRangeStart '+1425' -NumberRangeEnd '+1426' -AnnouncementService 'ApplicationServer:fe'",
            "Lync Server 2013",
        ),
    ];
    for (line, product) in bad {
        let call = calls(line).pop().unwrap();
        assert!(
            !check_call(&r, &call, product).is_empty(),
            "accepted: {line}"
        );
    }
    let good = "Set-CsTrunkConfiguration -Identity 'global' -EnableLocationRestriction $true";
    let call = calls(good).pop().unwrap();
    for product in ["Skype for Business Server 2015", LYNC_2013_FEB_2013] {
        assert_eq!(check_call(&r, &call, product), Vec::<String>::new());
    }
    // Only the update's own parameters.
    let call = calls("Set-CsVoicePolicy -Identity 'global' -EnableBusyOptions $true")
        .pop()
        .unwrap();
    assert!(!check_call(&r, &call, LYNC_2013_FEB_2013).is_empty());
}

/// Hostile text produces exactly the expected commands, in the UTF-8 and
/// the cp1252 reading of the script alike, and every value arrives as the
/// literal text.
#[test]
fn hostile_text_stays_inert() {
    let dir = root().join("tests/fixtures/build/injection");
    let artifacts = build_dir(&dir);
    let script = artifact(&artifacts, "deploy.ps1");
    assert!(script.starts_with('\u{feff}'));
    assert!(script[3..].is_ascii());
    let calls = calls(script);
    assert_eq!(
        ps::names(&calls),
        [
            "Get-CsSite",  // preflight: the configuration's site exists
            "Get-CsTrunk", // preflight: the route's trunk exists
            "Get-CsPstnUsage",
            "Set-CsPstnUsage",
            "Set-CsPstnUsage",
            // The global collection is not declared: left as it is (A14).
            "Get-CsTrunkConfiguration",
            "New-CsTrunkConfiguration",
            "Set-CsTrunkConfiguration",
            "New-CsOutboundTranslationRule",
            "Set-CsTrunkConfiguration",
            "Get-CsVoiceRoute",
            "New-CsVoiceRoute",
            "Set-CsVoiceRoute",
            "Get-CsVoicePolicy",
            "New-CsVoicePolicy",
            "Set-CsVoicePolicy",
            "Get-CsDialPlan",
            "New-CsDialPlan",
            "New-CsVoiceNormalizationRule",
            "Set-CsDialPlan",
            // No `media-encryption` declared: the media configuration is left as it is.
        ]
    );
    let value = |cmdlet: &str, param: &str| -> Vec<String> {
        calls
            .iter()
            .filter(|c| c.name == cmdlet)
            .flat_map(|c| c.params.iter())
            .filter(|(p, _)| p == param)
            .map(|(_, v)| ps::value(v.as_deref().unwrap()).unwrap())
            .collect()
    };
    assert_eq!(
        value("Set-CsVoiceRoute", "Identity"),
        ["Zürich (LD) + Intl"]
    );
    assert_eq!(
        value("Set-CsVoiceRoute", "NumberPattern"),
        ["^\\+1(\\d{10})$|^'x‘; Write-Host PWNED; #$"]
    );
    assert_eq!(
        value("Set-CsVoiceRoute", "Description"),
        ["line one\n'); Remove-CsVoicePolicy -Identity global; ('\nÜnïcødé ☎ ’‘‚‛“”„–—"]
    );
    assert_eq!(value("New-CsVoicePolicy", "Identity"), ["Exec Users"]);
    assert_eq!(
        value("Set-CsVoicePolicy", "Description"),
        ["$env:USERNAME `n @(1) ${x} \u{811}"]
    );
    assert_eq!(value("New-CsDialPlan", "Identity"), ["Plan-Ärzte"]);
    assert_eq!(
        value("New-CsVoiceNormalizationRule", "Identity"),
        ["Plan-Ärzte/Rule ö"]
    );
    assert_eq!(
        value("New-CsVoiceNormalizationRule", "Description"),
        ["a\t\nb'c"]
    );
    assert_eq!(
        value("New-CsOutboundTranslationRule", "Translation"),
        ["$1‘; Write-Host PWNED; #"]
    );
    assert_eq!(
        value("Set-CsTrunkConfiguration", "Description"),
        ["Site ' \" ` $ ;"]
    );
    let usages: Vec<String> = calls
        .iter()
        .filter(|c| c.name == "Set-CsPstnUsage")
        .flat_map(|c| &c.params)
        .filter(|(p, _)| p == "Usage")
        .map(|(_, v)| {
            let v = v.as_deref().unwrap();
            ps::value(
                v.strip_prefix("@{Add = ")
                    .unwrap()
                    .strip_suffix('}')
                    .unwrap(),
            )
            .unwrap()
        })
        .collect();
    assert_eq!(
        usages,
        [
            "`; Remove-Item C:\\ #> \"x\" đ; Write-Host PWNED; #",
            "It's $(Remove-CsVoiceRoute -Identity x)"
        ]
    );
}

// ----------------------------------------------------------- verify.ps1 ---

/// `verify.ps1` of a project, with the commands its writer recorded.
fn verify_script(sources: &Sources) -> (String, Vec<&'static str>) {
    topoc::check_with(sources, |report| {
        let project = report
            .clean
            .as_ref()
            .unwrap_or_else(|| panic!("{}", render(sources, report.diagnostics)));
        let input = emit::Input::new(project, sources, Options::default());
        emit::powershell::verify_with_commands(&input, "sha256:test")
    })
}

/// The checks of a `verify.ps1`: for each `$checks += @{...}` of its parse
/// tree, the title it shows, decoded.
fn verify_titles(script: &str) -> Vec<String> {
    let [utf8, _] = ps::readings(script.as_bytes());
    ps::hash_additions(&utf8, "checks")
        .unwrap()
        .iter()
        .map(|entries| {
            let (_, title) = entries.iter().find(|(k, _)| k == "Title").unwrap();
            ps::value(title).unwrap_or_else(|| panic!("a title not quoted: {title}"))
        })
        .collect()
}

/// `verify.ps1` of every example and build fixture starts with a UTF-8
/// byte-order mark and is ASCII after it, parses in both readings, holds
/// only `Get-` and `Test-` commands (exactly those its writer recorded),
/// each valid against the cmdlet reference for the target, and has one
/// check per golden test, titled after it, in the model's order.
#[test]
fn verify_scripts_only_read_and_check_every_golden_test() {
    let r = reference();
    let (mut calls_checked, mut tests_seen) = (0, 0);
    for dir in projects() {
        let shown = dir.display();
        let sources = load(&topo_files(&dir));
        let (artifacts, _) = build_sources(&sources, Options::default());
        let script = artifact(&artifacts, "verify.ps1");
        assert!(
            script.starts_with('\u{feff}'),
            "{shown}: no byte-order mark"
        );
        assert!(
            script['\u{feff}'.len_utf8()..].is_ascii(),
            "{shown}: verify.ps1 holds bytes outside ASCII"
        );
        let product = product_name(script);
        let calls = calls(script);
        let (_, recorded) = verify_script(&sources);
        assert_eq!(
            ps::names(&calls),
            recorded,
            "{shown}: the commands recorded"
        );
        for call in &calls {
            let verb = call.name.split_once('-').map(|(verb, _)| verb);
            assert!(
                matches!(verb, Some("Get" | "Test")),
                "{shown}: verify.ps1 line {}: `{}` is neither a Get- nor a Test- command",
                call.line,
                call.name
            );
            let problems = check_call(&r, call, product);
            assert!(
                problems.is_empty(),
                "{shown}: verify.ps1 line {}: {problems:#?}",
                call.line
            );
            calls_checked += 1;
        }
        let model = topoc::check(&sources).model.unwrap();
        let titles: Vec<String> = model
            .tests
            .iter()
            .map(|(_, t)| topoc::lexical::escape_unsafe(&t.title.text).into_owned())
            .collect();
        assert_eq!(
            verify_titles(script),
            titles,
            "{shown}: one check per golden test"
        );
        tests_seen += titles.len();
    }
    assert!(tests_seen > 20, "only {tests_seen} golden tests seen");
    assert!(calls_checked > 50, "only {calls_checked} calls checked");
}

/// Test titles and numbers are as hostile as any text of the sources:
/// each reaches `verify.ps1` only inside a literal, the same commands in
/// both readings of its bytes, and every value arrives as the text (a
/// title with its line breaks shown as `\u{a}`, so it cannot forge a line
/// of the report).
#[test]
fn hostile_titles_and_numbers_stay_inert() {
    let titles = [
        "it's \"$(Write-Host PWNED)\" `n ``; Remove-CsVoiceRoute -Identity x #",
        "line one\nPASS: forged\tline",
        "Z\u{fc}rich \u{2018}smart\u{2019} \u{111} \u{260e} \u{1F980} ${env:PWNED}",
    ];
    let dial = "+1 (425) 555-0100'; Write-Host PWNED; #\u{2018}\u{111}`$(x)";
    let normalized: String = dial
        .chars()
        .filter(|c| !topoc::assume::FORMATTING_CHARACTERS.contains(c))
        .collect();
    let quoted = |p: &str| p.replace('\'', "''");
    let mut text = topoc::generate::hostile::BASE.to_string();
    for title in titles {
        text.push_str(&format!(
            "test {} {{\n  dial '{}'\n  expect {{ normalized '{}'; unroutable }}\n}}\n",
            topoc::lexical::quote_string(title),
            quoted(dial),
            quoted(&normalized)
        ));
    }
    let mut sources = Sources::new();
    sources.add("main.topo", text.clone());
    let (artifacts, _) = build_sources(&sources, Options::default());
    let script = artifact(&artifacts, "verify.ps1");
    assert!(script.starts_with('\u{feff}') && script[3..].is_ascii());
    let calls = calls(script);
    assert!(
        ps::names(&calls).iter().all(|n| matches!(
            *n,
            "Get-CsDialPlan" | "Test-CsDialPlan" | "Get-CsVoicePolicy" | "Test-CsVoicePolicy"
        )),
        "{:?}",
        ps::names(&calls)
    );
    let mut expected: Vec<String> = titles
        .iter()
        .map(|t| topoc::lexical::escape_unsafe(t).into_owned())
        .collect();
    expected.sort();
    let mut shown = verify_titles(script);
    shown.sort();
    assert_eq!(shown, expected);
    // What the test cmdlets are given, and what each part expects.
    let values = |param: &str| -> Vec<String> {
        calls
            .iter()
            .flat_map(|c| &c.params)
            .filter(|(p, _)| p == param)
            .map(|(_, v)| ps::value(v.as_deref().unwrap()).unwrap())
            .collect()
    };
    assert_eq!(values("DialedNumber"), [normalized.as_str(); 3]);
    assert_eq!(values("TargetNumber"), [normalized.as_str(); 3]);
    let [utf8, _] = ps::readings(script.as_bytes());
    let parts: Vec<String> = ps::hash_additions(&utf8, "parts")
        .unwrap()
        .iter()
        .flat_map(|entries| entries.iter().filter(|(k, _)| k == "Expected"))
        .map(|(_, v)| ps::value(v).unwrap())
        .collect();
    assert_eq!(parts.iter().filter(|p| **p == normalized).count(), 3);
    assert_eq!(parts.iter().filter(|p| *p == "<no route>").count(), 3);
    // The words of the hostile text appear only inside literals (or comments).
    let inert = ps::inert_ranges(&utf8);
    for word in ["PWNED", "forged", "Remove-CsVoiceRoute"] {
        let found: Vec<usize> = utf8.match_indices(word).map(|(at, _)| at).collect();
        assert!(!found.is_empty(), "{word} is not in the script");
        for at in found {
            assert!(
                inert
                    .iter()
                    .any(|r| r.start <= at && at + word.len() <= r.end),
                "`{word}` outside a literal at byte {at}"
            );
        }
    }
}

/// `verify.ps1` checks a configuration rather than being part of it: it
/// names the configuration hash of the build, and a change to a test's
/// expectations alone leaves the hash and every other file as they were.
#[test]
fn verify_ps1_is_outside_the_configuration_hash() {
    let build = |expect: &str| {
        let mut sources = Sources::new();
        sources.add(
            "main.topo",
            format!(
                "{}test \"t\" {{ dial '+14255550100'; expect {{ {expect} }} }}\n",
                topoc::generate::hostile::BASE
            ),
        );
        build_sources(&sources, Options::default()).0
    };
    let a = build("unroutable");
    let b = build("normalized '+14255550100'; unroutable");
    let hash = |text: &str| {
        let at = text.find("sha256:").unwrap();
        text[at..at + 71].to_string()
    };
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.name, y.name);
        if x.name == "verify.ps1" {
            assert_ne!(x.text, y.text);
        } else {
            assert_eq!(x.text, y.text, "{} changed", x.name);
        }
    }
    let deploy = artifact(&a, "deploy.ps1");
    assert_eq!(hash(artifact(&a, "verify.ps1")), hash(deploy));
}

// ----------------------------------------------------------------- XML ---

fn attributes(node: roxmltree::Node) -> BTreeMap<String, String> {
    node.attributes()
        .map(|a| (a.name().to_string(), a.value().to_string()))
        .collect()
}

/// A document's PSTN part with references resolved to names: per
/// PstnGateway service, its attributes, the FQDN of the cluster it is
/// installed on, the role of what it depends on and the FQDN of that
/// service's cluster, its ports and its PstnGatewayService element; per
/// MediationServer service, its ports.
fn pstn_part(xml: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let clusters: BTreeMap<(String, String), String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("Cluster"))
        .map(|c| {
            let id = c.children().find(|n| n.has_tag_name("ClusterId")).unwrap();
            (
                (
                    id.attribute("SiteId").unwrap().into(),
                    id.attribute("Number").unwrap().into(),
                ),
                c.attribute("Fqdn").unwrap().to_string(),
            )
        })
        .collect();
    let installed_on = |service: roxmltree::Node| -> String {
        let id = service
            .descendants()
            .find(|n| n.has_tag_name("InstalledOn"))
            .unwrap()
            .children()
            .find(|n| n.has_tag_name("ClusterId"))
            .unwrap();
        clusters[&(
            id.attribute("SiteId").unwrap().to_string(),
            id.attribute("Number").unwrap().to_string(),
        )]
            .clone()
    };
    let services: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("Service"))
        .collect();
    let by_id = |site: &str, role: &str, instance: &str| {
        services.iter().copied().find(|s| {
            let id = s.children().find(|n| n.has_tag_name("ServiceId")).unwrap();
            id.attribute("SiteId") == Some(site)
                && id.attribute("RoleName") == Some(role)
                && id.attribute("Instance") == Some(instance)
        })
    };
    let mut out = BTreeMap::new();
    for s in &services {
        let id = s.children().find(|n| n.has_tag_name("ServiceId")).unwrap();
        let role = id.attribute("RoleName").unwrap();
        if role != "PstnGateway" && role != "MediationServer" {
            continue;
        }
        let host = installed_on(*s);
        let mut facts = attributes(*s);
        for (i, p) in s
            .descendants()
            .filter(|n| n.has_tag_name("Port"))
            .enumerate()
        {
            assert_eq!(
                p.tag_name().namespace(),
                Some("urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008")
            );
            let a = attributes(p);
            let key = format!("port {} {} {}", a["Owner"], a["Usage"], a["Protocol"]);
            assert!(!facts.contains_key(&key), "{key} twice ({i})");
            facts.insert(key, format!("{a:?}"));
        }
        if role == "PstnGateway" {
            let dep = s
                .descendants()
                .find(|n| n.has_tag_name("Dependency"))
                .unwrap()
                .children()
                .find(|n| n.has_tag_name("ServiceId"))
                .unwrap();
            let target = by_id(
                dep.attribute("SiteId").unwrap(),
                dep.attribute("RoleName").unwrap(),
                dep.attribute("Instance").unwrap(),
            )
            .unwrap();
            facts.insert(
                "depends on".into(),
                format!(
                    "{} on {}",
                    dep.attribute("RoleName").unwrap(),
                    installed_on(target)
                ),
            );
            let gw = s
                .children()
                .find(|n| n.has_tag_name("PstnGatewayService"))
                .unwrap();
            let mut a = attributes(gw);
            assert!(is_guid(&a.remove("AlternativeBypassId").unwrap()));
            facts.insert("PstnGatewayService".into(), format!("{a:?}"));
            let cluster = doc
                .descendants()
                .find(|n| n.has_tag_name("Cluster") && n.attribute("Fqdn") == Some(&host))
                .unwrap();
            let mut c = attributes(cluster);
            c.remove("Fqdn");
            facts.insert("cluster".into(), format!("{c:?}"));
            let machine = cluster
                .children()
                .find(|n| n.has_tag_name("Machine"))
                .unwrap();
            let sides: Vec<_> = machine
                .children()
                .filter(|n| n.has_tag_name("NetInterface"))
                .map(attributes)
                .collect();
            facts.insert("interfaces".into(), format!("{sides:?}"));
        }
        out.insert(format!("{role} on {host}"), facts);
    }
    out
}

/// The real export with the one public PSTN gateway (TOPOLOGY-XML.md 6)
/// and topoc's document for the same deployment agree on the PstnGateway
/// service and the Mediation ports, element by element.
#[test]
fn the_real_gateway_deployment_is_reproduced() {
    let real = std::fs::read_to_string(
        root().join("tests/data/topology/DefaultTopology_Skype@66522ef.xml"),
    )
    .unwrap();
    let ours = build_dir(&root().join("tests/fixtures/build/ibz-sbc1"));
    let ours = artifact(&ours, "topology.xml");
    assert_eq!(pstn_part(ours), pstn_part(&real));
}

/// Every emitted topology document is well-formed XML in the topology
/// namespace, with unique cluster and service ids.
#[test]
fn every_topology_document_parses() {
    for dir in projects() {
        let artifacts = build_dir(&dir);
        let xml = artifact(&artifacts, "topology.xml");
        let doc = roxmltree::Document::parse(xml)
            .unwrap_or_else(|e| panic!("{}: {e}\n{xml}", dir.display()));
        assert_eq!(
            doc.root_element().tag_name().namespace(),
            Some("urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008")
        );
        let mut ids: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("ClusterId") && n.parent().unwrap().has_tag_name("Cluster"))
            .map(|n| format!("{:?}", attributes(n)))
            .chain(
                doc.descendants()
                    .filter(|n| {
                        n.has_tag_name("ServiceId") && n.parent().unwrap().has_tag_name("Service")
                    })
                    .map(|n| format!("{:?}", attributes(n))),
            )
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "{}: duplicate ids", dir.display());
    }
}

/// `--experimental-additional-trunks` writes each additional trunk as one
/// more PstnGateway service on its gateway's cluster, marked as inferred.
#[test]
fn additional_trunks_only_when_asked() {
    let dir = root().join("tests/fixtures/build/T0803-additional-and-branch-trunks");
    let sources = load(&topo_files(&dir));
    let (plain, warned) = build_sources(&sources, Options::default());
    let (experimental, fewer) = build_sources(
        &sources,
        Options {
            experimental_additional_trunks: true,
        },
    );
    assert_eq!(warned.len(), 2);
    assert_eq!(fewer.len(), 1, "only the branch-site trunk is left out");
    let services = |a: &[Artifact]| {
        let xml = artifact(a, "topology.xml").to_string();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        doc.descendants()
            .filter(|n| {
                n.has_tag_name("ServiceId") && n.attribute("RoleName") == Some("PstnGateway")
            })
            .count()
    };
    assert_eq!(services(&plain) + 1, services(&experimental));
    assert!(
        artifact(&experimental, "topology.xml").contains("additional trunk pbx-b: layout inferred")
    );
    assert!(artifact(&plain, "topology-steps.md").contains("**Trunk name** `pbx-b`"));
}

/// A branch site with one gateway whose root trunk goes to Redmond's pool.
fn branch(name: &str, octet: u8) -> String {
    format!(
        "branch-site {name} {{\n  central-site Redmond\n  gateway gw.{name}.contoso.com {{\n    address 10.9.{octet}.5\n    root-trunk {{ port 5067 tls; mediation med.contoso.com port 5067 }}\n  }}\n}}\n"
    )
}

/// Issue 16, point 8: `allow manual-topology-step` in a trunk's
/// declaration accepts its step (judged by `build`, never reported unused
/// by `check`), an allow with no step to accept is reported by `build`,
/// and more than three steps are one warning.
#[test]
fn manual_topology_steps_can_be_allowed_and_many_are_one_warning() {
    let main = std::fs::read_to_string(
        root().join("tests/fixtures/build/T0803-additional-and-branch-trunks/main.topo"),
    )
    .unwrap();
    let allowed = main
        .replacen(
            "  trunk pbx-b {\n",
            "  trunk pbx-b {\n    allow manual-topology-step \"added in Topology Builder\"\n",
            1,
        )
        .replacen(
            "  gateway gw.contoso.com {\n",
            "  gateway gw.contoso.com {\n    allow manual-topology-step \"nothing to accept\"\n",
            1,
        );
    let dir = scratch("manual-steps-allowed", &[("main.topo", allowed.as_bytes())]);
    let check = topoc(&["check", "--format", "json", dir.to_str().unwrap()]);
    assert!(
        !check.stdout.contains("T0115"),
        "check judges no build allow: {}",
        check.stdout
    );
    let out = dir.join("out");
    let build = topoc(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let found: serde_json::Value = serde_json::from_str(&build.stdout).unwrap();
    let codes: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes.iter().filter(|&&c| c == "T0803").count(),
        1,
        "pbx-b's step is accepted, Kirkland's is not: {codes:?}"
    );
    let unused: Vec<_> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "T0115")
        .collect();
    assert_eq!(unused.len(), 1, "{codes:?}");
    assert!(
        unused[0]["message"]
            .as_str()
            .unwrap()
            .contains("manual-topology-step")
    );
    // Five branch sites and an additional trunk: six steps, one warning.
    let many: String = std::iter::once(main.lines().skip(1).collect::<Vec<_>>().join("\n") + "\n")
        .chain((1..=5).map(|i| branch(&format!("Branch{i}"), i)))
        .collect();
    let dir = scratch("manual-steps-many", &[("main.topo", many.as_bytes())]);
    let out = dir.join("out");
    let build = topoc(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    assert_eq!(
        build.stderr.matches("[manual-topology-").count(),
        1,
        "{}",
        build.stderr
    );
    assert!(
        build
            .stderr
            .contains("7 trunks are not in topology.xml and need a manual step"),
        "{}",
        build.stderr
    );
    let steps = std::fs::read_to_string(out.join("topology-steps.md")).unwrap();
    assert!(
        steps.contains("gw.Branch5.contoso.com"),
        "every step is listed"
    );
}

// ---------------------------------------------------------- determinism ---

/// The same project with the declarations of each file reversed builds
/// byte for byte the same. (Files are read in path order whatever order
/// they are given in; `files_given_in_any_order` checks that end to end.)
#[test]
fn output_does_not_depend_on_input_order() {
    for dir in projects() {
        let files = topo_files(&dir);
        let sources = load(&files);
        let parsed = topoc::parse(&sources);
        let mut shuffled = Sources::new();
        for (i, file) in sources.iter().enumerate() {
            let text = file.text();
            let mut decls: Vec<&str> = parsed.files[i]
                .decls
                .iter()
                .map(|d| &text[d.span.start as usize..d.span.end as usize])
                .collect();
            decls.reverse();
            shuffled.add(file.name(), decls.join("\n") + "\n");
        }
        let (a, _) = build_sources(&sources, Options::default());
        let (b, _) = build_sources(&shuffled, Options::default());
        let differing: Vec<String> = a
            .iter()
            .zip(&b)
            .filter(|(x, y)| x.text != y.text)
            .map(|(x, y)| {
                let first = x
                    .text
                    .lines()
                    .zip(y.text.lines())
                    .find(|(p, q)| p != q && !p.contains("sha256:"));
                format!("{}: first difference {first:?}", x.name)
            })
            .collect();
        assert!(differing.is_empty(), "{}: {differing:#?}", dir.display());
    }
}

// ------------------------------------------------------------------ CLI ---

fn snapshot_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// deploy.ps1 changes only what the project declares (issue 17): an
/// undeclared global trunk configuration, SIP response code rules (which
/// the language cannot declare) and an undeclared media encryption level
/// are never written; and a gateway's representative media IP is set
/// before bypass is turned on for its trunks.
#[test]
fn deploy_touches_only_what_is_declared_in_a_safe_order() {
    let mut media_ip_then_bypass = 0;
    for dir in projects() {
        let script = build_dir(&dir);
        let script = artifact(&script, "deploy.ps1");
        let sources = load(&topo_files(&dir));
        let text: String = sources.iter().map(|f| f.text()).collect();
        assert!(
            !script.contains("SipResponseCodeTranslationRulesList"),
            "{}",
            dir.display()
        );
        if !text.contains("trunk-config global") {
            assert!(
                !script.contains("Set-CsTrunkConfiguration -Identity 'global'"),
                "{}: the undeclared global collection is written",
                dir.display()
            );
        }
        if !text.contains("media-encryption") {
            assert!(
                !script.contains("Set-CsMediaConfiguration"),
                "{}",
                dir.display()
            );
        }
        if let (Some(ip), Some(on)) = (
            script.find("-RepresentativeMediaIP"),
            script.find("-EnableBypass $true"),
        ) {
            assert!(
                ip < on,
                "{}: bypass is on before the media IP is set",
                dir.display()
            );
            media_ip_then_bypass += 1;
        }
    }
    assert!(
        media_ip_then_bypass > 0,
        "no project sets a media IP and bypass"
    );
}

/// The network configuration is changed object by object (issue 17):
/// never replaced whole (which drops what the project does not list, such
/// as A/V Edge /32 subnets, and makes Lync assign new bypass IDs), no
/// bypass ID but the sources' own or, for a region or constrained site
/// being created, one derived from its name, and a site's region or profile
/// is given only in the branch where it differs from the live one.
#[test]
fn the_network_is_changed_object_by_object() {
    let mut networks = 0;
    for dir in projects() {
        let artifacts = build_dir(&dir);
        let script = artifact(&artifacts, "deploy.ps1");
        let text: String = load(&topo_files(&dir)).iter().map(|f| f.text()).collect();
        for call in calls(script) {
            let params: Vec<&str> = call.params.iter().map(|(p, _)| p.as_str()).collect();
            if call.name == "Set-CsNetworkConfiguration" {
                assert!(
                    params.iter().all(|p| matches!(
                        *p,
                        "Identity" | "EnableBandwidthPolicyCheck" | "MediaBypassSettings"
                    )),
                    "{}: {params:?}",
                    dir.display()
                );
            }
            if call.name.contains("CsNetwork")
                && call.name != "New-CsNetworkMediaBypassConfiguration"
            {
                assert!(
                    !params.contains(&"InMemory"),
                    "{}: {}",
                    dir.display(),
                    call.name
                );
                // An ID is the sources' own, or the one derived from the
                // name of a region or constrained site being created (A15).
                let value = |p: &str| {
                    call.params
                        .iter()
                        .find(|(q, _)| q == p)
                        .and_then(|(_, v)| ps::value(v.as_deref()?))
                };
                if let Some(id) = value("BypassID").filter(|_| !text.contains("bypass-id")) {
                    let name = value("Identity").unwrap();
                    let kind = match call.name.as_str() {
                        "New-CsNetworkRegion" => "bypass-region",
                        "New-CsNetworkSite" => {
                            assert!(
                                params.contains(&"BWPolicyProfileID"),
                                "{}: an unconstrained site takes its region's ID",
                                dir.display()
                            );
                            "bypass-site"
                        }
                        other => panic!(
                            "{}: {other} writes a bypass ID the sources do not",
                            dir.display()
                        ),
                    };
                    assert_eq!(id, emit::stable_guid(kind, &name), "{}", dir.display());
                    assert!(params.contains(&"Force"));
                }
            }
        }
        if script.contains("New-CsNetworkSite") {
            networks += 1;
            assert!(
                script.contains("} elseif ([string]$site.NetworkRegionID -ne "),
                "{}",
                dir.display()
            );
        }
    }
    assert!(networks > 0, "no project has a network");
}

/// A dial plan scoped to a Registrar pool: the pool is checked before any
/// change, with the identity the reference gives `Get-CsService`.
#[test]
fn a_registrar_pool_is_checked_first() {
    let sources = load(&[root().join("tests/data/roundtrip/every.topo")]);
    let (artifacts, _) = build_sources(&sources, Options::default());
    let script = artifact(&artifacts, "deploy.ps1");
    let calls = calls(script);
    let r = reference();
    let at = calls
        .iter()
        .position(|c| c.name == "Get-CsService")
        .expect("the pool is checked");
    let first_change = calls
        .iter()
        .position(|c| c.name.starts_with("Set-") || c.name.starts_with("New-"))
        .unwrap();
    assert!(at < first_change);
    let service = ps::value(calls[at].params[0].1.as_deref().unwrap()).unwrap();
    assert!(service.starts_with("Registrar:"), "{service}");
    assert_eq!(
        check_call(&r, &calls[at], product_name(script)),
        Vec::<String>::new()
    );
}

/// Before any change, deploy.ps1 checks (read-only) that every trunk it
/// names exists, and stops listing those that do not (issue 17).
#[test]
fn a_read_only_preflight_comes_first() {
    let mut checked = 0;
    for dir in projects() {
        let artifacts = build_dir(&dir);
        let calls = calls(artifact(&artifacts, "deploy.ps1"));
        let first: Vec<&ps::Call> = calls
            .iter()
            .take_while(|c| {
                matches!(
                    c.name.as_str(),
                    "Get-CsTrunk" | "Get-CsSite" | "Get-CsService"
                )
            })
            .collect();
        let named = |cmdlet: &str| -> Vec<String> {
            first
                .iter()
                .filter(|c| c.name == cmdlet)
                .map(|c| ps::value(c.params[0].1.as_deref().unwrap()).unwrap())
                .collect()
        };
        let preflight = named("Get-CsTrunk");
        let sites = named("Get-CsSite");
        assert!(
            calls
                .iter()
                .skip(first.len())
                .all(|c| c.name != "Get-CsTrunk" && c.name != "Get-CsSite"),
            "{}: every trunk and site is checked first",
            dir.display()
        );
        // Get-CsSite takes the site's name alone, never `site:Name`.
        assert!(sites.iter().all(|s| !s.contains(':')), "{sites:?}");
        // Trunk-scoped dial plans and configurations name their trunk too.
        for c in &calls {
            let identity = c
                .params
                .iter()
                .find(|(p, _)| p == "Identity")
                .and_then(|(_, v)| ps::value(v.as_deref()?));
            // `site:S` (or a rule's `site:S/Name`) names a site checked first.
            if let Some(site) = identity.as_deref().and_then(|i| i.strip_prefix("site:")) {
                let site = site.split('/').next().unwrap_or(site);
                assert!(
                    sites.iter().any(|s| s == site),
                    "{}: {} site {site} is not checked first",
                    dir.display(),
                    c.name
                );
                checked += 1;
            }
            // `service:PstnGateway:T`, or a rule's `service:PstnGateway:T/Name`.
            let trunk = identity
                .as_deref()
                .and_then(|i| i.strip_prefix("service:"))
                .map(|i| i.split('/').next().unwrap_or(i));
            if let Some(trunk) = trunk {
                assert!(
                    preflight.iter().any(|t| t == trunk),
                    "{}: {} {trunk} is not checked first",
                    dir.display(),
                    c.name
                );
                checked += 1;
            }
        }
        for c in calls
            .iter()
            .filter(|c| c.name.starts_with("New-CsVoiceRoute") || c.name == "Set-CsVoiceRoute")
        {
            for (p, v) in &c.params {
                if p == "PstnGatewayList" {
                    let v = v.as_deref().unwrap();
                    let named = v.matches("PstnGateway:").count();
                    let found = preflight
                        .iter()
                        .filter(|t| v.contains(&format!("'{t}'")))
                        .count();
                    assert_eq!(named, found, "{}: {v} not all checked", dir.display());
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 0);
}

/// A root trunk's identity is its gateway's service, `PstnGateway:<FQDN>`,
/// even when the project names the root trunk (`name gw1-tls`): the
/// published topology has no service of that name (issue 17).
#[test]
fn a_named_root_trunk_is_deployed_by_its_gateways_identity() {
    let sources = load(&[root().join("tests/fixtures/check/ok-all-statements.topo")]);
    let (artifacts, _) = build_sources(&sources, Options::default());
    let script = artifact(&artifacts, "deploy.ps1");
    assert!(!script.contains("PstnGateway:gw1-tls"), "{script}");
    assert!(
        script.contains("'service:PstnGateway:gw1.redmond.contoso.com'"),
        "{script}"
    );
    assert!(
        script.contains("'PstnGateway:gw1.redmond.contoso.com'"),
        "{script}"
    );
}

/// `build` reports as `check` does: `--format json|sarif` on standard
/// output, and `--deny warnings` fails a build with warnings before
/// anything is written.
#[test]
fn build_takes_the_report_options_of_check() {
    let tmp = scratch("build-report", &[]);
    let out = tmp.join("out");
    let out_s = out.to_str().unwrap();
    let warned = "tests/fixtures/check/T0414-lync-block-without-unassigned-range.topo";
    let run = topoc(&["build", warned, "-o", out_s, "--deny", "warnings"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("1 warning"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing written"), "{}", run.stderr);
    assert!(!out.exists());
    let run = topoc(&["build", warned, "-o", out_s, "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json[0]["code"], "T0414", "{json}");
    assert!(run.stderr.starts_with("wrote "), "{}", run.stderr);
    assert!(out.join("deploy.ps1").is_file());
    let run = topoc(&["build", warned, "-o", out_s, "--format", "sarif"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "T0414", "{sarif}");
    let _ = std::fs::remove_dir_all(&tmp);
}

/// A build writes its files; a failing build afterwards leaves them
/// byte for byte as they were, and leaves nothing beside them.
#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let tmp = scratch("build-failed", &[]);
    let out = tmp.join("out");
    let out_s = out.to_str().unwrap();
    let Run {
        status: code,
        stderr: err,
        ..
    } = topoc(&["build", "examples/contoso", "-o", out_s]);
    assert_eq!(code, 0, "{err}");
    let before = snapshot_dir(&out);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        [
            "deploy.ps1",
            "manifest.yaml",
            "owned.json",
            "topology-steps.md",
            "topology.xml",
            "verify.ps1"
        ]
    );
    let broken = tmp.join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("a.topo"), "route R { usages [Nope] }\n").unwrap();
    let Run {
        status: code,
        stderr: err,
        ..
    } = topoc(&["build", broken.to_str().unwrap(), "-o", out_s]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(snapshot_dir(&out), before);
    let beside: Vec<String> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside.len(), 2, "{beside:?}");
    // Rebuilding replaces the output with identical bytes.
    let Run { status: code, .. } = topoc(&["build", "examples/contoso", "-o", out_s]);
    assert_eq!(code, 0);
    assert_eq!(snapshot_dir(&out), before);
    let _ = std::fs::remove_dir_all(&tmp);
}

/// `topoc build` reads the files of a project in path order, so giving
/// them in another order changes nothing.
#[test]
fn files_given_in_any_order() {
    let tmp = scratch("build-order", &[]);
    let mut files: Vec<String> = topo_files(&root().join("examples/contoso"))
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    let mut outputs = Vec::new();
    for (i, reverse) in [false, true].into_iter().enumerate() {
        if reverse {
            files.reverse();
        }
        let out = tmp.join(format!("out{i}"));
        let mut args = vec!["build", "-o", out.to_str().unwrap()];
        args.extend(files.iter().map(String::as_str));
        let Run {
            status: code,
            stderr: err,
            ..
        } = topoc(&args);
        assert_eq!(code, 0, "{err}");
        outputs.push(snapshot_dir(&out));
    }
    assert_eq!(outputs[0], outputs[1]);
    let _ = std::fs::remove_dir_all(&tmp);
}

/// An output given as a symbolic link, or left behind by an interrupted
/// build, is reported, not overwritten.
#[cfg(unix)]
#[test]
fn links_and_interrupted_builds_are_reported() {
    let tmp = scratch("build-link", &[]);
    let real = tmp.join("real");
    std::fs::create_dir_all(&real).unwrap();
    let link = tmp.join("out");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let Run {
        status: code,
        stderr: err,
        ..
    } = topoc(&["build", "examples/contoso", "-o", link.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let old = tmp.join(".other.topoc-old-1");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("deploy.ps1"), "previous").unwrap();
    let Run {
        status: code,
        stderr: err,
        ..
    } = topoc(&[
        "build",
        "examples/contoso",
        "-o",
        tmp.join("other").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("interrupted build"), "{err}");
    assert_eq!(std::fs::read(old.join("deploy.ps1")).unwrap(), b"previous");
    let _ = std::fs::remove_dir_all(&tmp);
}

/// An output directory holding anything else is never replaced.
#[test]
fn a_directory_with_other_files_is_not_replaced() {
    let tmp = scratch("build-foreign", &[]);
    let out = tmp.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let Run {
        status: code,
        stderr: err,
        ..
    } = topoc(&["build", "examples/contoso", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("notes.txt"), "{err}");
    assert_eq!(snapshot_dir(&out).len(), 1);
    let _ = std::fs::remove_dir_all(&tmp);
}

/// `topoc graph --format mermaid` writes a flowchart with inter-trunk
/// routing edges labelled by usage.
#[test]
fn graph_in_mermaid() {
    let run = topoc(&["graph", "examples/contoso", "--format", "mermaid"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let text = run.stdout;
    assert!(text.starts_with("flowchart LR\n"));
    assert!(text.contains("-. \"PstnInbound\" .->"), "{text}");
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("cli-graph-mermaid-contoso", text);
}

/// The bypass section of manifest.yaml, written per trunk by bypass ID,
/// says exactly what the (network site, trunk) matrix says: the sites
/// listed under `bypass` and `unknown` are the pairs with that verdict, and
/// every other pair does not bypass. Checked on every project, including
/// a generated one with regions, constrained sites and 60 trunks.
#[test]
fn the_manifest_bypass_section_is_the_matrix() {
    let mut cases: Vec<Sources> = projects().iter().map(|p| load(&topo_files(p))).collect();
    let mut generated = Sources::new();
    for (name, text) in topoc::generate::generate(topoc::generate::Options {
        routes_per_site: 3,
        rules_per_site: 3,
        ..topoc::generate::Options::sites(40)
    }) {
        generated.add(name, text);
    }
    cases.push(generated);
    let mut pairs = 0;
    for sources in &cases {
        let checked = topoc::check(sources);
        let model = checked.model.as_ref().unwrap();
        let (artifacts, _) = build_sources(sources, Options::default());
        let manifest: serde_yaml::Value =
            serde_yaml::from_str(artifact(&artifacts, "manifest.yaml")).unwrap();
        let listed = |trunk: &str, key: &str| -> Vec<String> {
            manifest["bypass"]["trunks"]
                .as_sequence()
                .unwrap()
                .iter()
                .find(|t| t["trunk"].as_str() == Some(trunk))
                .unwrap_or_else(|| panic!("trunk {trunk} in the manifest"))[key]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        };
        let bypass = topoc::bypass::Bypass::new(model, &topoc::model::InEffect::new(model));
        for (site, d) in bypass.matrix() {
            let site = &model.network.sites.get(site).name.text;
            let trunk = &model.trunks.get(d.trunk).name.text;
            let word = d.verdict.word();
            let in_yes = listed(trunk, "bypass").contains(site);
            let in_unknown = listed(trunk, "unknown").contains(site);
            assert_eq!(
                (in_yes, in_unknown),
                (word == "yes", word == "unknown"),
                "{site} x {trunk}: {word}"
            );
            pairs += 1;
        }
    }
    assert!(pairs > 1_000, "{pairs} pairs compared");
}
