//! Plans against live snapshots (issue 17): a project planned against the
//! snapshot its own deployment leaves has nothing to change; an edit shows
//! exactly what it changes; live objects the project does not mention are
//! never touched.

#![allow(clippy::disallowed_methods)] // tests read the examples

mod common;
mod ps;

use common::*;
use topoc::emit::plan::{Action, Plan, plan};
use topoc::emit::snapshot::{deployed, published};
use topoc::emit::{Input, Live, Options};
use topoc::snapshot::{Props, Snapshot, Value};
use topoc::source::Sources;

/// The snapshot a first deployment of the project leaves on a new system.
fn first_deployment(sources: &Sources) -> Snapshot {
    with_project(sources, |input| {
        let (s, problems) = deployed(input, &published(input));
        assert!(problems.is_empty(), "{problems:?}");
        s
    })
}

fn plan_against(sources: &Sources, live: &Snapshot) -> Plan {
    with_project(sources, |input| plan(input, live, None))
}

fn projects() -> Vec<(String, Sources)> {
    let mut out = Vec::new();
    for dir in [
        "examples/contoso",
        "examples/enterprise",
        "examples/small-business",
    ] {
        out.push((dir.to_string(), load(&topo_files(&root().join(dir)))));
    }
    out
}

#[test]
fn a_project_planned_against_its_own_deployment_changes_nothing() {
    for (name, sources) in projects() {
        let live = first_deployment(&sources);
        let p = plan_against(&sources, &live);
        assert!(p.is_empty(), "{name}: {p:#?}");
        // Read back from its JSON text, as `topoc plan --live` reads it.
        let live = Snapshot::read(live.to_json().as_bytes()).unwrap();
        assert!(plan_against(&sources, &live).is_empty(), "{name}");
        // A new system gets everything.
        let fresh = with_project(&sources, published);
        let p = plan_against(&sources, &fresh);
        assert!(
            p.changes.iter().any(|c| c.action == Action::Create),
            "{name}"
        );
        assert!(p.problems.is_empty(), "{name}: {:?}", p.problems);
    }
}

#[test]
fn an_edited_route_changes_exactly_its_changed_properties() {
    let dir = root().join("examples/contoso");
    let sources = load(&topo_files(&dir));
    let live = first_deployment(&sources);
    let mut edited = Sources::new();
    for path in topo_files(&dir) {
        let mut t = std::fs::read_to_string(&path).unwrap();
        if path.ends_with("voice-routing.topo") {
            let before = "pattern '^\\+1425\\d{7}$'\n  usages [Local]";
            assert!(
                t.contains(before),
                "the Redmond-Local route is as this test expects"
            );
            t = t.replacen(before, "pattern '^\\+1425(\\d{7})$'\n  usages [Local]\n  description \"Local calls in Redmond\"", 1);
        }
        edited.add(relative(&path), t);
    }
    let p = plan_against(&edited, &live);
    assert!(p.problems.is_empty() && p.unmanaged.is_empty(), "{p:#?}");
    let [change] = &p.changes[..] else {
        panic!("one change expected: {p:#?}")
    };
    assert_eq!(
        (change.action, change.collection),
        (Action::Change, "VoiceRoutes")
    );
    assert_eq!(change.identity, "Redmond-Local");
    let props: Vec<(&str, String, String)> = change
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.live.display(), p.desired.display()))
        .collect();
    assert_eq!(
        props,
        [
            (
                "NumberPattern",
                r"'^\+1425\d{7}$'".into(),
                r"'^\+1425(\d{7})$'".into()
            ),
            (
                "Description",
                "(none)".into(),
                "'Local calls in Redmond'".into()
            ),
        ]
    );
}

#[test]
fn live_objects_the_project_does_not_mention_are_not_managed() {
    let sources = load(&topo_files(&root().join("examples/contoso")));
    let mut live = first_deployment(&sources);
    foreign(&mut live, "VoiceRoutes", "Legacy PBX");
    foreign(&mut live, "NetworkSubnets", "192.0.2.1");
    let p = plan_against(&sources, &live);
    assert!(p.changes.is_empty(), "{p:#?}");
    let names: Vec<&str> = p.unmanaged.iter().map(|u| u.identity.as_str()).collect();
    assert!(
        names.contains(&"Legacy PBX") && names.contains(&"192.0.2.1"),
        "{names:?}"
    );
}

/// Adds an object the project does not mention to the live snapshot.
fn foreign(live: &mut Snapshot, collection: &'static str, identity: &str) {
    live.objects
        .entry(collection)
        .or_default()
        .push(Props::from([(
            "Identity".to_string(),
            Value::text(identity),
        )]));
}

/// The contoso example's first deployment, then changed by hand on the
/// live system: a route edited, a voice policy removed, and objects the
/// project does not mention added (a route, a subnet, a site's location
/// policy).
fn drifted(sources: &Sources) -> Snapshot {
    let mut live = first_deployment(sources);
    live.collected = "2026-12-01T08:00:00Z".into();
    let route = live
        .objects
        .get_mut("VoiceRoutes")
        .unwrap()
        .iter_mut()
        .find(|r| r["Identity"] == Value::text("Redmond-Local"))
        .unwrap();
    route.insert("NumberPattern".into(), Value::text(r"^\+1425\d{6}$"));
    route.insert(
        "PstnUsages".into(),
        Value::List(vec![Value::text("Local"), Value::text("Old")]),
    );
    live.objects
        .get_mut("VoicePolicies")
        .unwrap()
        .retain(|p| p["Identity"] != Value::text("Tag:Bellevue"));
    foreign(&mut live, "VoiceRoutes", "Legacy PBX");
    foreign(&mut live, "NetworkSubnets", "192.0.2.1");
    for site in live.objects.get_mut("NetworkSites").unwrap() {
        site.insert("LocationPolicy".into(), Value::text("Tag:Redmond-E911"));
    }
    live
}

/// The live script of a build of `sources` against `live`.
fn live_script(sources: &Sources, live: &Snapshot) -> String {
    topoc::check_with(sources, |report| {
        let project = report.clean.as_ref().unwrap();
        let input = Input::new(project, sources, Options::default()).with_live(Live {
            snapshot: live,
            prune: None,
        });
        let out = topoc::emit::build(&input);
        out.artifacts
            .into_iter()
            .find(|a| a.name == "deploy.ps1")
            .unwrap()
            .text
    })
}

/// Every object a script changes: (cmdlet, identity), `-InMemory` rule
/// objects left out.
fn changed(script: &str) -> Vec<(String, String)> {
    ps::commands(script)
        .unwrap()
        .into_iter()
        .filter(|c| {
            ["New-", "Set-", "Remove-"]
                .iter()
                .any(|v| c.name.starts_with(v))
        })
        .filter(|c| !c.params.iter().any(|(p, _)| p == "InMemory"))
        .map(|c| {
            let id = c
                .params
                .iter()
                .find(|(p, _)| p == "Identity")
                .and_then(|(_, v)| v.as_deref())
                .and_then(ps::value)
                .unwrap_or_default();
            (c.name, id)
        })
        .collect()
}

#[test]
fn the_live_script_changes_only_what_the_plan_changes() {
    let sources = load(&topo_files(&root().join("examples/contoso")));
    let live = drifted(&sources);
    let p = plan_against(&sources, &live);
    let planned: Vec<(Action, &str, &str)> = p
        .changes
        .iter()
        .map(|c| (c.action, c.collection, c.identity.as_str()))
        .collect();
    assert_eq!(
        planned,
        [
            (Action::Change, "VoiceRoutes", "Redmond-Local"),
            (Action::Create, "VoicePolicies", "Tag:Bellevue"),
        ]
    );
    let script = live_script(&sources, &live);
    let touched = changed(&script);
    assert_eq!(
        touched,
        [
            ("Set-CsVoiceRoute".to_string(), "Redmond-Local".to_string()),
            ("New-CsVoicePolicy".to_string(), "Bellevue".to_string()),
        ],
        "{script}"
    );
    // Only the changed properties, each command with -WhatIf passed on.
    let calls = ps::commands(&script).unwrap();
    let set = calls.iter().find(|c| c.name == "Set-CsVoiceRoute").unwrap();
    let params: Vec<&str> = set.params.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        params,
        ["Identity", "NumberPattern", "PstnUsages", "WhatIf"]
    );
    for c in calls
        .iter()
        .filter(|c| c.name.starts_with("New-") || c.name.starts_with("Set-"))
    {
        assert!(
            c.params
                .iter()
                .any(|(p, v)| p == "WhatIf" && v.as_deref() == Some(":$WhatIfPreference")),
            "{c:?}"
        );
    }
    // The preflight re-reads both objects before any change.
    let first_change = script.find("Set-CsVoiceRoute").unwrap();
    for get in [
        "Get-CsVoiceRoute -Identity 'Redmond-Local'",
        "Get-CsVoicePolicy -Identity 'Bellevue'",
    ] {
        assert!(script[..first_change].contains(get), "{get}");
    }
    assert!(script[..first_change].contains(&format!(
        "-cne '{}'",
        Value::List(vec![Value::text("Local"), Value::text("Old")]).fingerprint()
    )));
    // The objects the project does not mention appear nowhere.
    for foreign in ["Legacy PBX", "192.0.2.1", "LocationPolicy"] {
        assert!(!script.contains(foreign), "{foreign}");
    }
}

#[test]
fn a_second_build_against_what_the_first_left_changes_nothing() {
    for (name, sources) in projects() {
        for live in [
            with_project(&sources, published),
            drifted_or_first(&name, &sources),
        ] {
            let after = with_project(&sources, |input| {
                let (after, problems) = deployed(input, &live);
                assert!(problems.is_empty(), "{name}: {problems:?}");
                after
            });
            let p = plan_against(&sources, &after);
            assert!(p.is_empty(), "{name}: {p:#?}");
            let script = live_script(&sources, &after);
            assert_eq!(changed(&script), [], "{name}: {script}");
        }
    }
}

fn drifted_or_first(name: &str, sources: &Sources) -> Snapshot {
    if name.ends_with("contoso") {
        drifted(sources)
    } else {
        first_deployment(sources)
    }
}

#[test]
fn prune_removes_only_what_an_earlier_build_owned() {
    let sources = load(&topo_files(&root().join("examples/contoso")));
    let mut live = drifted(&sources);
    let mut owned = with_project(&sources, |input| topoc::emit::plan::owned(input, "h"));
    owned
        .objects
        .entry("VoiceRoutes".into())
        .or_default()
        .push("Retired-Route".into());
    foreign(&mut live, "VoiceRoutes", "Retired-Route");
    let without = plan_against(&sources, &live);
    assert!(without.changes.iter().all(|c| c.action != Action::Remove));
    let with = with_project(&sources, |input| plan(input, &live, Some(&owned)));
    let removed: Vec<&str> = with
        .changes
        .iter()
        .filter(|c| c.action == Action::Remove)
        .map(|c| c.identity.as_str())
        .collect();
    assert_eq!(removed, ["Retired-Route"]);
    assert!(with.unmanaged.iter().any(|u| u.identity == "Legacy PBX"));
}

#[test]
fn plan_on_the_command_line() {
    let dir = scratch("plan-cli", &[]);
    let sources = load(&topo_files(&root().join("examples/contoso")));
    let same = dir.join("same.json");
    let drift = dir.join("drift.json");
    std::fs::write(&same, first_deployment(&sources).to_json()).unwrap();
    std::fs::write(&drift, drifted(&sources).to_json()).unwrap();
    let run = topoc(&["plan", "examples/contoso", "--live", same.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.snapshot());
    assert_eq!(
        run.stdout,
        "No changes: the live deployment is what the project declares.\n"
    );
    let run = topoc(&[
        "plan",
        "examples/contoso",
        "--live",
        drift.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 3, "{}", run.snapshot());
    assert!(
        run.stdout.contains(
            "~ VoiceRoutes Redmond-Local\n    NumberPattern: '^\\+1425\\d{6}$' -> '^\\+1425\\d{7}$'"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Not managed"), "{}", run.stdout);
    let run = topoc(&[
        "plan",
        "examples/contoso",
        "--live",
        drift.to_str().unwrap(),
        "--plan-format",
        "json",
    ]);
    assert_eq!(run.status, 3);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json["changes"][0]["properties"][0]["desired"],
        r"^\+1425\d{7}$"
    );
    let run = topoc(&["plan", "examples/contoso"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("--live SNAPSHOT"), "{}", run.stderr);
    // A deployment without the objects the script sets (no global usage
    // list, no gateway for a media IP): the plan cannot be carried out.
    let empty = dir.join("empty.json");
    std::fs::write(&empty, r#"{"format": "topoc-snapshot", "version": "1"}"#).unwrap();
    let run = topoc(&[
        "plan",
        "examples/contoso",
        "--live",
        empty.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 1, "{}", run.snapshot());
    assert!(
        run.stdout
            .contains("Cannot be applied:\n  ! `Set-CsPstnUsage`: `global` does not exist"),
        "{}",
        run.stdout
    );
    let out = dir.join("out");
    let run = topoc(&[
        "build",
        "examples/contoso",
        "--live",
        empty.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 2, "{}", run.snapshot());
    assert!(
        run.stderr
            .contains("cannot be carried out; nothing written"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"format\": \"topoc-snapshot\", \"version\": \"9\"}").unwrap();
    let run = topoc(&["plan", "examples/contoso", "--live", bad.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("version 9"), "{}", run.stderr);
}

/// examples/contoso-live.json, the snapshot the README plans against, is
/// the drifted contoso deployment of these tests (`UPDATE_DOCS=1`
/// rewrites it).
#[test]
fn the_bundled_snapshot_is_current() {
    let sources = load(&topo_files(&root().join("examples/contoso")));
    let want = drifted(&sources).to_json();
    let path = root().join("examples/contoso-live.json");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "examples/contoso-live.json is stale: run UPDATE_DOCS=1 cargo test --test plan"
    );
}

/// Pruning the network a project no longer declares removes each object
/// before what it names (subnets, then sites, then regions, then
/// profiles), and refuses to remove what an object left behind still names.
#[test]
fn prune_removes_dependents_first_and_never_what_is_still_named() {
    let dir = root().join("examples/contoso");
    let sources = load(&topo_files(&dir));
    let live = first_deployment(&sources);
    let owned = with_project(&sources, |input| topoc::emit::plan::owned(input, "h"));
    let mut without = Sources::new();
    for path in topo_files(&dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        if path.ends_with("network.topo") {
            continue;
        }
        // The tests name network sites; without a network they cannot.
        if path.ends_with("tests.topo") {
            continue;
        }
        without.add(relative(&path), text);
    }
    let p = with_project(&without, |input| plan(input, &live, Some(&owned)));
    assert!(p.problems.is_empty(), "{:#?}", p.problems);
    let order: Vec<&str> = p
        .changes
        .iter()
        .filter(|c| c.action == Action::Remove)
        .map(|c| c.collection)
        .collect();
    let at = |c: &str| {
        order
            .iter()
            .position(|x| *x == c)
            .unwrap_or_else(|| panic!("{c}: {order:?}"))
    };
    assert!(at("NetworkSubnets") < at("NetworkSites"), "{order:?}");
    assert!(at("NetworkSites") < at("NetworkRegions"), "{order:?}");
    assert!(
        at("NetworkRegions") < at("BandwidthPolicyProfiles"),
        "{order:?}"
    );
    // A subnet the project never owned still names its site: the site stays.
    let mut live = live;
    let site = live.list("NetworkSites")[0]["Identity"]
        .as_text()
        .unwrap()
        .to_string();
    live.objects
        .entry("NetworkSubnets")
        .or_default()
        .push(Props::from([
            ("Identity".to_string(), Value::text("198.51.100.0")),
            ("NetworkSiteID".to_string(), Value::text(&site)),
        ]));
    let p = with_project(&without, |input| plan(input, &live, Some(&owned)));
    assert!(
        p.problems.iter().any(|e| e.contains(&format!(
            "NetworkSites {site}` cannot be removed: `NetworkSubnets 198.51.100.0` names it"
        ))),
        "{:#?}",
        p.problems
    );
}

/// A gateway's media IP is set on each of its trunks, an additional trunk
/// included, which the deployment has as a trunk and not as one of the
/// gateways `Get-CsService -PstnGateway` lists.
#[test]
fn a_media_ip_reaches_every_trunk_of_its_gateway() {
    let dir = root().join("examples/contoso");
    let mut sources = Sources::new();
    for path in topo_files(&dir) {
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.ends_with("redmond.topo") {
            text = text.replacen(
                "    address 10.1.30.10\n",
                "    address 10.1.30.10\n    media-ip 10.1.30.10\n",
                1,
            );
        }
        sources.add(relative(&path), text);
    }
    let fresh = with_project(&sources, published);
    assert!(fresh.find("PstnGateways", "PstnGateway:pbx-2").is_none());
    let p = plan_against(&sources, &fresh);
    assert!(p.problems.is_empty(), "{:#?}", p.problems);
    let set: Vec<&str> = p
        .changes
        .iter()
        .filter(|c| c.collection == "PstnGateways")
        .map(|c| c.identity.as_str())
        .collect();
    assert!(
        set.iter()
            .any(|i| i.eq_ignore_ascii_case("Service:PstnGateway:pbx-2")
                || i.eq_ignore_ascii_case("PstnGateway:pbx-2")),
        "{set:?}"
    );
    assert!(
        p.changes
            .iter()
            .filter(|c| c.collection == "PstnGateways")
            .all(|c| c.action == Action::Change),
        "{p:#?}"
    );
    let after = with_project(&sources, |input| deployed(input, &fresh).0);
    assert!(plan_against(&sources, &after).is_empty());
    let script = live_script(&sources, &fresh);
    assert!(
        script.contains("Set-CsPstnGateway -Identity 'PstnGateway:pbx-2'"),
        "{script}"
    );
}

/// The live script itself, read back with topoc's PowerShell reader
/// against the snapshot it was planned for, leaves a deployment that plans
/// to nothing: the script makes the whole plan and only it.
#[test]
fn the_live_script_run_on_its_snapshot_leaves_nothing_to_change() {
    let sources = load(&topo_files(&root().join("examples/contoso")));
    for live in [drifted(&sources), with_project(&sources, published)] {
        let script = live_script(&sources, &live);
        let mut state = live.clone();
        let report = topoc::import::script::evaluate(&script, &mut state);
        // Only the preflight, whose fingerprint functions the reader does
        // not run, is not evaluated; every change is, and nothing stops.
        let changes = script
            .lines()
            .position(|l| l.starts_with("# ---- Changes"))
            .unwrap()
            + 1;
        assert!(report.stopped.is_none(), "{:#?}", report.stopped);
        for s in &report.skipped {
            assert!(s.at.line < changes, "{s:#?}");
        }
        assert!(!report.applied.is_empty());
        let p = plan_against(&sources, &state);
        assert!(p.is_empty(), "{p:#?}");
    }
}

/// The objects `deploy.ps1` changes, as the build keeps them for
/// `owned.json` (only each change's target), are those of its full calls.
#[test]
fn the_targets_kept_for_owned_json_are_those_of_the_calls() {
    for name in ["contoso", "enterprise", "small-business"] {
        let sources = load(&topo_files(&root().join("examples").join(name)));
        let (targets, from_calls) = with_project(&sources, |input| {
            let from_calls: Vec<(String, String)> = topoc::emit::powershell::calls(input)
                .iter()
                .filter_map(|c| topoc::snapshot::apply::target(c).ok())
                .map(|e| (e.collection.to_string(), e.identity))
                .collect();
            let targets: Vec<(String, String)> = topoc::emit::powershell::targets(input)
                .into_iter()
                .map(|e| (e.collection.to_string(), e.identity))
                .collect();
            (targets, from_calls)
        });
        assert!(targets.len() > 10, "{name}: {targets:?}");
        assert_eq!(targets, from_calls, "{name}");
    }
}
