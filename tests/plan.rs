//! Plans against live snapshots (issue 17): a project planned against the
//! snapshot its own deployment leaves has nothing to change; an edit shows
//! exactly what it changes; live objects the project does not mention are
//! never touched.

#![allow(clippy::disallowed_methods)] // tests read the examples

mod common;

use common::*;
use topoc::emit::plan::{Action, Plan, plan};
use topoc::emit::snapshot::{deployed, published};
use topoc::emit::{Input, Options};
use topoc::snapshot::{Props, Snapshot, Value};
use topoc::source::Sources;

/// Runs `f` on the clean project of `sources`.
fn with_project<T>(sources: &Sources, f: impl FnOnce(&Input<'_>) -> T) -> T {
    topoc::check_with(sources, |report| {
        let project = report
            .clean
            .as_ref()
            .unwrap_or_else(|| panic!("{}", render(sources, report.diagnostics)));
        f(&Input::new(project, sources, Options::default()))
    })
}

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
                "''".into(),
                "'Local calls in Redmond'".into()
            ),
        ]
    );
}

#[test]
fn live_objects_the_project_does_not_mention_are_not_managed() {
    let sources = load(&topo_files(&root().join("examples/contoso")));
    let mut live = first_deployment(&sources);
    let foreign = |id: &str| Props::from([("Identity".to_string(), Value::text(id))]);
    live.objects
        .entry("VoiceRoutes")
        .or_default()
        .push(foreign("Legacy PBX"));
    live.objects
        .entry("NetworkSubnets")
        .or_default()
        .push(foreign("192.0.2.1"));
    let p = plan_against(&sources, &live);
    assert!(p.changes.is_empty(), "{p:#?}");
    let names: Vec<&str> = p.unmanaged.iter().map(|u| u.identity.as_str()).collect();
    assert!(
        names.contains(&"Legacy PBX") && names.contains(&"192.0.2.1"),
        "{names:?}"
    );
}
