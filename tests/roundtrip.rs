//! The round trip of `topoc import SNAPSHOT` (docs/snapshot.md): for a
//! project P, let S be the snapshot a first deployment of P leaves
//! (`deployed(P, published(P))`); the project Q imported from S
//!
//! 1. checks without errors, and planned against S changes nothing: Q's
//!    deployment would leave S as it is;
//! 2. passes P's golden tests.
//!
//! What a snapshot cannot hold is named here, not hidden:
//!
//! - **Facts that are no deployment's**: a gateway's `kind`, `owns`,
//!   `sends`, `address`, `accepts-client-media`... , `lync-numbers` (users'
//!   numbers are not collected), a network site's `wireless` and
//!   `expect-bypass`, the `allow`s. Golden tests read them (a PBX's kind
//!   decides PSTN reflection, `lync-numbers` ends routing).
//! - **Trunks that topoc's `topology.xml` leaves out**: additional (M:N)
//!   trunks and branch sites with their gateways (T0803: no public
//!   document shows their XML form), so `S.topology` does not hold them
//!   and what names them cannot check. The import names each such trunk
//!   in its report (asserted below).
//!
//! So the golden tests, and the check of a project whose topology
//! `topology.xml` leaves incomplete, run on Q with its site files replaced
//! by P's fact declarations (its `site`, `branch-site` and `lync-numbers`
//! declarations, which are topology and facts only): everything a
//! deployment holds still comes from S alone. A project whose topology is
//! complete must also check, and plan to nothing, with Q exactly as
//! imported.

#![allow(clippy::disallowed_methods)] // reads the examples

mod common;

use common::*;
use topoc::emit::plan::plan;
use topoc::emit::snapshot::{deployed, published};
use topoc::emit::{Input, Options};
use topoc::import::Imported;
use topoc::snapshot::{Props, Snapshot, Value};
use topoc::source::Sources;

/// The canonical text of a file, as `topoc fmt` writes it.
fn formatted(name: &str, text: &str) -> String {
    let mut sources = Sources::new();
    let id = sources.add(name, text);
    let file = sources.get(id);
    let (tree, diags) = topoc::syntax::parse_file(file);
    assert!(diags.is_empty(), "{name} does not parse: {diags:?}\n{text}");
    topoc::format::format(file, &tree)
}

fn sources(files: &[(String, String)]) -> Sources {
    let mut s = Sources::new();
    for (name, text) in files {
        s.add(name.clone(), text.clone());
    }
    s
}

/// The snapshot a first deployment of the project leaves.
fn deployment(name: &str, files: &[(String, String)]) -> Snapshot {
    let p = sources(files);
    topoc::check_with(&p, |report| {
        let project = report
            .clean
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: {}", render(&p, report.diagnostics)));
        let input = Input::new(project, &p, Options::default());
        deployed(&input, &published(&input)).0
    })
}

/// `files` check without errors (golden tests included) and plan to
/// nothing against `live`.
fn assert_round_trip(what: &str, files: &[(String, String)], live: &Snapshot) {
    let q = sources(files);
    topoc::check_with(&q, |report| {
        let Some(project) = report.clean.as_ref() else {
            let all: String = files.iter().map(|(n, t)| format!("--- {n}\n{t}")).collect();
            panic!("{what}: {}\n{all}", render(&q, report.diagnostics));
        };
        let p = plan(&Input::new(project, &q, Options::default()), live, None);
        assert!(p.is_empty(), "{what}: {:#?}", p);
    });
}

/// Q exactly as imported, whose topology is what topoc's `topology.xml`
/// holds: the PSTN part alone, with no Registrar service, so a Front End
/// pool comes back as a stand-alone Mediation pool with no next hop
/// (T0210) nor DNS load balancing (T0207), on which announcements cannot
/// run (T0105) and which is no `registrar:` scope (T0103), and what names a Front End pool, a branch site or an
/// additional trunk names nothing (T0102). Those are its only errors; a
/// real `Get-CsTopology -AsXml` document holds the Registrars. Every
/// gateway's `media-ip` comes back from the snapshot.
fn as_imported(
    name: &str,
    p: &[(String, String)],
    q: &[(String, String)],
    s: &Snapshot,
    imported: &Imported,
) {
    let p_text: String = p.iter().map(|(_, t)| t.as_str()).collect();
    use topoc::diagnostics::{Code, Severity};
    let sources = sources(q);
    let checked = topoc::check(&sources);
    for d in &checked.diagnostics {
        if d.severity() != Severity::Error {
            continue;
        }
        // An unknown name is one of P's that the topology document does
        // not hold, or that the import reports it left out: never a name
        // the import made up or misspelt.
        if d.code == Code::UnknownName {
            let unknown = d.message.split('`').nth(1).unwrap_or_default();
            let of_p = p_text.contains(unknown);
            let absent = !s.topology.contains(unknown)
                || imported.report.iter().any(|l| l.contains(unknown));
            assert!(
                !unknown.is_empty() && of_p && absent,
                "{name}: {}",
                d.message
            );
            continue;
        }
        let topology = matches!(
            d.code,
            Code::MediationPoolWithoutNextHop | Code::PoolNeedsDnsLoadBalancing
        ) || (d.code == Code::InvalidValue
            && d.message.contains("announcements run on"))
            || (d.code == Code::WrongKind && d.message.contains("is a Mediation pool"));
        assert!(topology, "{name}: {:?} {}", d.code, d.message);
    }
    let sites: String = q
        .iter()
        .filter(|(n, _)| n.starts_with("site-"))
        .map(|(_, t)| t.as_str())
        .collect();
    for g in s.list("PstnGateways") {
        if let Some(ip) = g.get("RepresentativeMediaIP").and_then(Value::as_text) {
            let kept = sites.contains(&format!("media-ip {ip}"))
                || imported.report.iter().any(|l| l.contains(ip));
            assert!(kept, "{name}: {ip}");
        }
    }
}

/// The top-level declarations of a formatted file, each with the comment
/// lines before it: (keyword, text).
fn declarations(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut pending = String::new();
    for line in text.lines() {
        let starts = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if starts {
            let keyword = line.split_whitespace().next().unwrap_or_default();
            out.push((keyword.to_string(), std::mem::take(&mut pending)));
        }
        match out.last_mut() {
            Some((_, t)) if !starts && line.starts_with('#') => {
                pending.push_str(&format!("{line}\n"))
            }
            Some((_, t)) => {
                t.push_str(line);
                t.push('\n');
            }
            None => {}
        }
    }
    out
}

/// P's declarations no snapshot holds: sites (topology and peer facts),
/// `lync-numbers`, and the golden tests.
fn facts(p: &[(String, String)]) -> String {
    let mut out = String::new();
    for (name, text) in p {
        for (keyword, decl) in declarations(&formatted(name, text)) {
            if matches!(
                keyword.as_str(),
                "site" | "branch-site" | "lync-numbers" | "test"
            ) {
                out.push_str(&decl);
            }
        }
    }
    out
}

/// Q's files, formatted as the CLI writes them.
fn imported_files(i: &Imported) -> Vec<(String, String)> {
    i.files
        .iter()
        .map(|(n, t)| (n.clone(), formatted(n, t)))
        .collect()
}

/// The round trip of one project.
fn round_trip(name: &str, p: &[(String, String)]) {
    let s = deployment(name, p);
    by_script(name, p, &s);
    let imported = topoc::import::snapshot::snapshot(&s, None)
        .unwrap_or_else(|e| panic!("{name}: import failed: {e}"));
    let q = imported_files(&imported);
    // Trunks outside topology.xml are named in the report, never dropped
    // silently.
    let missing: Vec<&str> = s
        .list("Trunks")
        .iter()
        .map(|t| t["Identity"].as_text().unwrap())
        .filter(|t| {
            !imported
                .trunks
                .iter()
                .any(|k| t.eq_ignore_ascii_case(&format!("PstnGateway:{k}")))
        })
        .collect();
    for t in &missing {
        assert!(
            imported.report.iter().any(|l| l.contains(t)),
            "{name}: {t} not reported: {:#?}",
            imported.report
        );
    }
    as_imported(name, p, &q, &s, &imported);
    let mut with_facts: Vec<(String, String)> = q
        .into_iter()
        .filter(|(n, _)| !n.starts_with("site-"))
        .collect();
    with_facts.push(("facts.topo".into(), facts(p)));
    assert_round_trip(
        &format!("{name} (with P's facts and tests)"),
        &with_facts,
        &s,
    );
    // The same media bypass decisions, trunk by trunk (the IDs themselves
    // differ: P's are symbolic, Q's the ones its deployment was given).
    assert_eq!(
        bypass_decisions(&with_facts),
        bypass_decisions(p),
        "{name}: bypass decisions differ"
    );
}

/// The media bypass decisions of a project, from its manifest: the mode
/// and, per trunk, the network sites whose clients bypass and those
/// topoc cannot decide.
fn bypass_decisions(files: &[(String, String)]) -> String {
    let q = sources(files);
    topoc::check_with(&q, |report| {
        let project = report.clean.as_ref().unwrap();
        let out = topoc::emit::build(&Input::new(project, &q, Options::default()));
        let manifest = &out
            .artifacts
            .iter()
            .find(|a| a.name == "manifest.yaml")
            .unwrap()
            .text;
        let doc: serde_yaml::Value = serde_yaml::from_str(manifest).unwrap();
        let bypass = &doc["bypass"];
        let mut text = format!("mode {:?}\n", bypass["mode"]);
        if let Some(trunks) = bypass["trunks"].as_sequence() {
            for t in trunks {
                text.push_str(&format!(
                    "{:?}: bypass {:?}, unknown {:?}\n",
                    t["trunk"], t["bypass"], t["unknown"]
                ));
            }
        }
        text
    })
}

/// P's deploy.ps1, read back with topoc's PowerShell reader against the
/// deployment P's topology publishes, leaves a deployment P plans to
/// nothing against: the same round trip through `import --script`. Only
/// the preflight may go unevaluated (a Registrar pool's check reads a
/// service the reader does not model); no change is skipped.
fn by_script(name: &str, p: &[(String, String)], s: &Snapshot) {
    let p = sources(p);
    topoc::check_with(&p, |report| {
        let project = report.clean.as_ref().unwrap();
        let input = Input::new(project, &p, Options::default());
        let script = topoc::emit::powershell::emit(&input, "x");
        let mut state = published(&input);
        let r = topoc::import::script::evaluate(&script, &mut state);
        let changes = script
            .lines()
            .position(|l| l.starts_with("# ---- PSTN usages"))
            .unwrap()
            + 1;
        assert!(r.stopped.is_none(), "{name}: {:#?}", r.stopped);
        for skipped in &r.skipped {
            assert!(skipped.at.line < changes, "{name}: {skipped:#?}");
        }
        let planned = plan(&input, &state, None);
        assert!(planned.is_empty(), "{name}: {planned:#?}");
        let d = plan(&input, s, None);
        assert!(d.is_empty(), "{name}: {d:#?}");
    });
}

fn files_of(dir: &std::path::Path) -> Vec<(String, String)> {
    topo_files(dir)
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn every_example_round_trips_through_its_snapshot() {
    for dir in ["contoso", "enterprise", "small-business"] {
        round_trip(dir, &files_of(&root().join("examples").join(dir)));
    }
}

/// Every statement a snapshot holds (the examples and generated projects
/// leave some out: region links, inter-site policies, bypass IDs,
/// registrar and tag scopes, location-based routing, simple names).
#[test]
fn every_deployable_statement_round_trips_through_its_snapshot() {
    let p = files_of(&root().join("tests/data/roundtrip"));
    round_trip("every", &p);
    let imported = topoc::import::snapshot::snapshot(&deployment("every", &p), None).unwrap();
    let all: String = imported_files(&imported)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    for statement in [
        "media-encryption supported",
        "location-restriction on",
        "network-site Redmond-HQ",
        "rule NANP '^\\+(1\\d{10})$' -> '$1' {",
        "priority 2", // deploy.ps1 writes ranks: Unprioritised comes third
        "voice-policy tag:\"Common Area\" {",
        "call-forwarding-usages internal-only",
        "call-forwarding-usages [Local]",
        "dial-plan registrar:fe01.redmond.contoso.com {",
        "simple-name Redmond-Users",
        "dial-plan trunk:gw1.redmond.contoso.com {",
        "announcement fe01.redmond.contoso.com \"Number \\\"not\\\" in service\"",
        "exchange-um '+14255550199'",
        "bypass-id 3f2504e0-4f89-11d3-9a0c-0305e82c3302",
        "inter-site Redmond-HQ Bellevue-Branch {",
        "region-link Atlantic-Link NorthAmerica Europe {",
        "region-route NorthAmerica Europe {",
        "subnets [10.1.0.0/16, 10.2.0.0/24]",
        "media-ip 10.1.20.5",
    ] {
        assert!(all.contains(statement), "{statement}\n{all}");
    }
}

#[test]
fn every_clean_fixture_project_round_trips_through_its_snapshot() {
    let base = root().join("tests/fixtures/projects");
    let Ok(entries) = std::fs::read_dir(&base) else {
        return;
    };
    let mut dirs: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs.into_iter().filter(|d| d.is_dir()) {
        let files = files_of(&dir);
        if files.is_empty() || topoc::check(&sources(&files)).has_errors() {
            continue;
        }
        round_trip(&dir.display().to_string(), &files);
    }
}

#[test]
fn generated_projects_round_trip_through_their_snapshots() {
    for seed in 0..100 {
        let p = topoc::generate::generate(topoc::generate::Options {
            sites: 1 + (seed as usize % 3),
            seed,
            routes_per_site: 3,
            rules_per_site: 3,
        });
        round_trip(&format!("generated seed {seed}"), &p);
    }
}

fn object(pairs: &[(&str, Value)]) -> Props {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn hostile_names_and_descriptions_import_safely_or_are_refused() {
    let t = Value::text;
    let refused = [
        "a\u{1b}[31mred",
        "two\nlines",
        "bidi\u{202e}txt",
        "nul\u{0}",
    ];
    for bad in refused {
        let mut s = Snapshot::empty();
        s.objects
            .entry("VoiceRoutes")
            .or_default()
            .push(object(&[("Identity", t(bad)), ("NumberPattern", t("^1$"))]));
        let e = topoc::import::snapshot::snapshot(&s, None).unwrap_err();
        assert!(
            !e.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{e:?}"
        );
    }
    // Quotes and line breaks in a description, `'` in a pattern: written
    // so that they read back exactly.
    let mut s = Snapshot::empty();
    s.objects.entry("PstnUsages").or_default()[0] = object(&[
        ("Identity", t("Global")),
        ("Usage", Value::List(vec![t("O'Brien \"x\"")])),
    ]);
    s.objects.entry("VoiceRoutes").or_default().push(object(&[
        ("Identity", t("It's \"R\"")),
        ("NumberPattern", t("^1'2$")),
        ("PstnUsages", Value::List(vec![t("O'Brien \"x\"")])),
        ("Description", t("line one\nline \"two\"\t'three'")),
        ("Unknown", t("a\nb\u{1b}")),
    ]));
    let imported = topoc::import::snapshot::snapshot(&s, None).unwrap();
    let q = imported_files(&imported);
    let (_, voice) = q.iter().find(|(n, _)| n == "voice-routing.topo").unwrap();
    assert!(voice.contains(r#"route "It's \"R\"" {"#), "{voice}");
    assert!(voice.contains("pattern '^1''2$'"), "{voice}");
    assert!(
        voice.contains(r#"description "line one\nline \"two\"\t'three'""#),
        "{voice}"
    );
    assert!(
        voice.contains(r"# not expressible: Unknown = 'a\u{a}b\u{1b}'"),
        "{voice}"
    );
    assert!(
        imported
            .report
            .iter()
            .all(|l| !l.chars().any(char::is_control))
    );
    // Read back: the parser gives the same texts.
    let checked = topoc::check(&sources(&q));
    let model = checked.model.expect("the import lowers");
    let (_, r) = model.routes.iter().next().unwrap();
    assert_eq!(r.name.text, "It's \"R\"");
    assert_eq!(r.pattern.text, "^1'2$");
    assert_eq!(
        r.description.as_ref().unwrap().value,
        "line one\nline \"two\"\t'three'"
    );
}

#[test]
fn hostile_json_is_refused_or_imported_without_panic() {
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let wide = format!(
        r#"{{"format":"topoc-snapshot","version":"1","VoiceRoutes":[{{"Identity":"R","PstnUsages":[{}]}}]}}"#,
        vec!["\"u\""; 100_000].join(",")
    );
    let docs = [
        deep.clone(),
        format!(r#"{{"format":"topoc-snapshot","version":"1","VoiceRoutes":[{{"Identity":"R","Priority":{deep}}}]}}"#),
        r#"{"format":"topoc-snapshot","version":"1","VoiceRoutes":[{"Identity":"R","Priority":{"a":1},"NumberPattern":7,"PstnGatewayList":true}]}"#.to_string(),
        r#"{"format":"topoc-snapshot","version":"1","topology":"<not xml","VoiceRoutes":[]}"#.to_string(),
        r#"{"format":"topoc-snapshot","version":"1","NetworkSites":[{"Identity":"S","NetworkRegionID":{"x":[1,2]}}],"NetworkSubnets":[{"Identity":"10.0.0.0","MaskBits":"99","NetworkSiteID":"S"}]}"#.to_string(),
        wide,
    ];
    for doc in docs {
        if let Ok(s) = Snapshot::read(doc.as_bytes()) {
            let _ = topoc::import::snapshot::snapshot(&s, None);
        }
    }
}

/// `topoc import SNAPSHOT -o DIR`: the files and the report, formatted;
/// an existing directory and a hostile snapshot refused, leaving nothing.
#[test]
fn the_cli_imports_a_snapshot_into_a_new_directory() {
    let s = deployment("contoso", &files_of(&root().join("examples/contoso")));
    let dir = scratch(
        "import-snapshot-cli",
        &[("snap.json", s.to_json().as_bytes())],
    );
    let out = dir.join("project");
    let snap = dir.join("snap.json");
    let run = topoc(&[
        "import",
        snap.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for f in [
        "global.topo",
        "voice-routing.topo",
        "network.topo",
        "site-redmond.topo",
    ] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert_eq!(text, formatted(f, &text), "{f} is formatted");
    }
    let report = std::fs::read_to_string(out.join("import-report.md")).unwrap();
    assert!(report.contains("PstnGateway:pbx-2"), "{report}");
    assert!(run.stderr.contains("note: trunk `PstnGateway:pbx-2`"));
    let again = topoc(&[
        "import",
        snap.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_ne!(again.status, 0);
    assert!(again.stderr.contains("exists"), "{}", again.stderr);
    // `--topology` overrides the snapshot's own document.
    let xml = dir.join("t.xml");
    std::fs::write(&xml, "<Nope/>").unwrap();
    let other = dir.join("other");
    let run = topoc(&[
        "import",
        snap.to_str().unwrap(),
        "--topology",
        xml.to_str().unwrap(),
        "-o",
        other.to_str().unwrap(),
    ]);
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains("`Nope`"), "{}", run.stderr);
    assert!(!other.exists());
    // A hostile name is refused, escaped, and nothing is written.
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format":"topoc-snapshot","version":"1","VoiceRoutes":[{"Identity":"a\u001b[2J\nb"}]}"#,
    )
    .unwrap();
    let hostile = dir.join("hostile");
    let run = topoc(&[
        "import",
        bad.to_str().unwrap(),
        "-o",
        hostile.to_str().unwrap(),
    ]);
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains(r"a\u{1b}[2J\u{a}b"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'));
    assert!(!hostile.exists());
    let run = topoc(&["import", "-o", hostile.to_str().unwrap()]);
    assert_eq!(run.status, 2, "{}", run.stderr);
}

/// Every property of a deployed snapshot replaced by values of every
/// shape: the import refuses with a message or writes files that parse
/// (the CLI formats them, which would otherwise be an internal error).
#[test]
fn any_value_of_any_property_imports_into_files_that_parse() {
    let t = Value::text;
    let odd = [
        Value::Null,
        t(""),
        t("two words"),
        t("'\"\\ #{}[];"),
        t("-1"),
        t("99999999999"),
        Value::List(vec![t("a"), Value::Object(object(&[("Name", t("n"))]))]),
        Value::Object(object(&[("Enabled", t("True"))])),
    ];
    let base = deployment("every", &files_of(&root().join("tests/data/roundtrip")));
    let mut tried = 0;
    for &collection in topoc::snapshot::COLLECTIONS {
        for (i, o) in base.list(collection).iter().enumerate() {
            for key in o.keys().filter(|k| *k != "Identity") {
                for v in &odd {
                    let mut s = base.clone();
                    s.objects.get_mut(collection).unwrap()[i].insert(key.clone(), v.clone());
                    if let Ok(imported) = topoc::import::snapshot::snapshot(&s, None) {
                        imported_files(&imported);
                    }
                    tried += 1;
                }
            }
        }
    }
    assert!(tried > 500, "{tried}");
}
