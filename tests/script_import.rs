//! `topoc import --script` (issue: reading existing voice scripts): topoc's
//! own `deploy.ps1`, evaluated as PowerShell would run it against the
//! snapshot a published topology gives, leaves exactly the snapshot the
//! deployment model says it leaves; run again, it changes nothing; and
//! hostile scripts end quickly with a report.

#![allow(clippy::disallowed_methods)] // tests read the examples

mod common;

use std::time::{Duration, Instant};

use common::*;
use topoc::emit::snapshot::{deployed, published};
use topoc::import::script::{Report, evaluate};
use topoc::snapshot::{COLLECTIONS, Snapshot, Value};
use topoc::source::Sources;

fn projects() -> Vec<(String, Sources)> {
    [
        "examples/contoso",
        "examples/enterprise",
        "examples/small-business",
    ]
    .iter()
    .map(|dir| (dir.to_string(), load(&topo_files(&root().join(dir)))))
    .collect()
}

/// Every collection equal, object by object, property by property, but
/// for one difference: a property `want` holds as `$null` may be missing
/// from `got`.
///
/// That is the difference there is: `deployed` applies every changing call
/// `deploy.ps1` holds, so a network site without a bandwidth profile gets
/// both the `New-CsNetworkSite` of `if (-not $site)` and the
/// `Set-CsNetworkSite ... -BWPolicyProfileID $null` of the `elseif`
/// branch; PowerShell, on a system without the site, runs only the first,
/// which never names the profile. A property set to `$null` and one never
/// set read the same from Lync.
fn assert_same(name: &str, got: &Snapshot, want: &Snapshot) {
    for c in COLLECTIONS {
        let (g, w) = (got.list(c), want.list(c));
        assert_eq!(g.len(), w.len(), "{name}: collection {c}: {g:#?}\n{w:#?}");
        for (g, w) in g.iter().zip(w) {
            let same = w.iter().all(|(k, wv)| match g.get(k) {
                Some(gv) => gv == wv,
                None => *wv == Value::Null,
            }) && g.keys().all(|k| w.contains_key(k));
            assert!(same, "{name}: collection {c}:\n got {g:?}\nwant {w:?}");
        }
    }
    assert_eq!(got.topology, want.topology, "{name}");
}

fn nothing_skipped(name: &str, report: &Report) {
    assert!(report.skipped.is_empty(), "{name}: {:#?}", report.skipped);
    assert!(report.stopped.is_none(), "{name}: {:#?}", report.stopped);
}

#[test]
fn deploy_ps1_evaluated_leaves_what_the_deployment_model_says() {
    for (name, sources) in projects() {
        with_project(&sources, |input| {
            let script = topoc::emit::powershell::emit(input, "x");
            let base = published(input);
            let (want, problems) = deployed(input, &base);
            assert!(problems.is_empty(), "{name}: {problems:?}");

            let mut got = base.clone();
            let report = evaluate(&script, &mut got);
            nothing_skipped(&name, &report);
            assert!(!report.applied.is_empty(), "{name}");
            assert_same(&name, &got, &want);

            // Run again on what it left: nothing changes, nothing skipped.
            let mut again = got.clone();
            let report = evaluate(&script, &mut again);
            nothing_skipped(&format!("{name} (rerun)"), &report);
            assert_eq!(again, got, "{name}: a rerun changed the state");
        });
    }
}

#[test]
fn deploy_ps1_moves_a_network_site_back_and_leaves_what_it_does_not_declare() {
    let (_, sources) = projects().remove(0);
    with_project(&sources, |input| {
        let script = topoc::emit::powershell::emit(input, "x");
        let (mut live, _) = deployed(input, &published(input));
        // Someone moved a site to another region and added a route of
        // their own; the global usage list has one more usage.
        let sites = live.objects.get_mut("NetworkSites").unwrap();
        let site = sites
            .iter_mut()
            .find(|s| s["Identity"] == Value::text("Bellevue-Branch"))
            .expect("contoso declares Bellevue-Branch");
        site.insert("NetworkRegionID".into(), Value::text("Elsewhere"));
        site.insert("BypassID".into(), Value::text("old-id"));
        live.objects
            .get_mut("VoiceRoutes")
            .unwrap()
            .push([("Identity".to_string(), Value::text("Theirs"))].into());
        let usage = &mut live.objects.get_mut("PstnUsages").unwrap()[0];
        if let Some(Value::List(u)) = usage.get_mut("Usage") {
            u.push(Value::text("TheirUsage"));
        }

        let mut got = live.clone();
        let report = evaluate(&script, &mut got);
        nothing_skipped("contoso (moved site)", &report);
        let (want, problems) = deployed(input, &live);
        assert!(problems.is_empty(), "{problems:?}");
        assert_same("contoso (moved site)", &got, &want);
        let site = got.find("NetworkSites", "Bellevue-Branch").unwrap();
        assert_eq!(site["NetworkRegionID"], Value::text("NorthAmerica"));
        assert!(got.find("VoiceRoutes", "Theirs").is_some());
        // The `elseif` branch ran: the site was set again.
        assert!(report.applied.iter().any(
            |a| a.call.cmdlet == "Set-CsNetworkSite" && a.effect.identity == "Bellevue-Branch"
        ));
    });
}

#[test]
fn deploy_ps1_stops_at_its_preflight_before_the_topology_is_published() {
    let (_, sources) = projects().remove(0);
    with_project(&sources, |input| {
        let script = topoc::emit::powershell::emit(input, "x");
        let mut state = Snapshot::empty();
        let report = evaluate(&script, &mut state);
        let stopped = report.stopped.expect("the preflight throws");
        assert!(
            stopped
                .reason
                .contains("`throw` reached: Nothing was changed"),
            "{stopped:?}"
        );
        assert!(
            stopped
                .reason
                .contains("These trunks, sites and pools do not exist: site:")
        );
        assert!(report.applied.is_empty());
        assert_eq!(state, Snapshot::empty());
    });
}

#[test]
fn a_dial_plan_generator_script_is_read() {
    let script = r#"
# Generated by DialPlanTool 3.1 for Redmond (E.164, NANP)
Import-Module Lync
$ErrorActionPreference = "Stop"
$site = "Redmond"
$plan = "site:$site"

New-CsDialPlan -Identity site:Redmond -Description "Redmond, WA" -SimpleName Redmond
New-CsVoiceNormalizationRule -Parent $plan -Name 'Redmond 4 digit' `
    -Pattern '^(\d{4})$' -Translation '+1425555$1' -IsInternalExtension $true
New-CsVoiceNormalizationRule -Parent $plan -Name "Redmond Local" -Pattern '^(\d{7})$' -Translation "+1425`$1"
New-CsVoiceNormalizationRule -Parent $plan -Name 'NANP' -Pattern '^1?(\d{10})$' -Translation '+1$1'; New-CsVoiceNormalizationRule -Parent $plan -Name 'Intl' -Pattern '^011(\d*)$' -Translation '+$1'

Set-CsPstnUsage -Identity global -Usage @{Add="Redmond Local","Redmond LD"}
New-CsVoiceRoute -Identity "Redmond Local" -NumberPattern '^\+1425\d{7}$' -PstnUsages "Redmond Local" `
    -PstnGatewayList @{Add='PstnGateway:gw1.redmond.contoso.com'}
Set-CsVoiceRoute -Identity "Redmond Local" -Num '^\+1(425|206)\d{7}$' -Prio 1
Grant-CsDialPlan -Identity "Ken Myer" -PolicyName Redmond
Get-CsVoiceRoute | Remove-CsVoiceRoute -WhatIf
Write-Host "Done with $plan"
Remove-CsVoiceNormalizationRule -Identity "site:Redmond/Keep All"
New-CsVoiceRoute -Identity 'never reached'
"#;
    let mut state = Snapshot::empty();
    let report = evaluate(script, &mut state);
    let plan = state.find("DialPlans", "Site:Redmond").expect("the plan");
    assert_eq!(plan["Description"], Value::text("Redmond, WA"));
    assert_eq!(plan["SimpleName"], Value::text("Redmond"));
    let rules: Vec<(String, String)> = plan["NormalizationRules"]
        .items()
        .iter()
        .map(|r| match r {
            Value::Object(p) => (
                p["Name"].as_text().unwrap().to_string(),
                p["Translation"].as_text().unwrap().to_string(),
            ),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("Redmond 4 digit".to_string(), "+1425555$1".to_string()),
            ("Redmond Local".into(), "+1425$1".into()),
            ("NANP".into(), "+1$1".into()),
            ("Intl".into(), "+$1".into()),
        ]
    );
    let route = state
        .find("VoiceRoutes", "redmond local")
        .expect("the route");
    assert_eq!(route["NumberPattern"], Value::text("^\\+1(425|206)\\d{7}$"));
    assert_eq!(route["Priority"], Value::text("1"));
    assert_eq!(
        route["PstnUsages"],
        Value::List(vec![Value::text("Redmond Local")])
    );
    assert_eq!(
        state.find("PstnUsages", "global").unwrap()["Usage"],
        Value::List(vec![
            Value::text("Redmond Local"),
            Value::text("Redmond LD")
        ])
    );
    // Reported, in order: what is not evaluated, then the refused call
    // that stops the script under `$ErrorActionPreference = "Stop"`.
    let skipped: Vec<(usize, &str)> = report
        .skipped
        .iter()
        .map(|s| (s.at.line, s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped.iter().map(|s| s.0).collect::<Vec<_>>(),
        [3, 18, 19, 20],
        "{skipped:#?}"
    );
    assert!(skipped[0].1.contains("`Import-Module` is not evaluated"));
    assert!(skipped[1].1.contains("`Grant-CsDialPlan` is not evaluated"));
    assert!(skipped[2].1.contains("pipeline"));
    assert!(skipped[3].1.contains("`Write-Host` is not evaluated"));
    assert_eq!(
        report.skipped[1].text,
        "Grant-CsDialPlan -Identity \"Ken Myer\" -PolicyName Redmond"
    );
    let stopped = report.stopped.expect("the refused call stops the script");
    assert_eq!(stopped.at.line, 21);
    assert!(stopped.reason.contains("does not exist"), "{stopped:?}");
    assert!(state.find("VoiceRoutes", "never reached").is_none());
}

#[test]
fn long_chains_read_and_deep_nesting_is_refused() {
    // Long chains are flat: they read, whatever their length.
    let mut state = Snapshot::empty();
    let long = format!(
        "$d = 'a'{}\n$c = (Get-CsPstnUsage -Identity global){}\nif ($true{}) {{ New-CsVoiceRoute -Identity R -Description $d }}",
        " + 'b'".repeat(100_000),
        ".Usage".repeat(100_000),
        " -and $true".repeat(100_000)
    );
    let r = evaluate(&long, &mut state);
    assert!(r.stopped.is_none(), "{:?}", r.stopped);
    assert_eq!(
        state.find("VoiceRoutes", "R").unwrap()["Description"]
            .as_text()
            .map(str::len),
        Some(100_001)
    );
    for deep in [
        format!("$x = {}1", "-not ".repeat(100_000)),
        format!("$x = {}1", "[string]".repeat(100_000)),
        format!("{}{}", "if ($true) { ".repeat(100_000), "}".repeat(100_000)),
        format!("$x = {}1{}", "@(".repeat(100_000), ")".repeat(100_000)),
        format!("$x = {}1{}", "@{a=".repeat(100_000), "}".repeat(100_000)),
        format!("$x = \"{}\"", "$(".repeat(100_000)),
    ] {
        let r = evaluate(&deep, &mut state);
        let stopped = r.stopped.expect("refused");
        assert!(
            stopped.reason.contains("nested deeper") || stopped.reason.contains("not closed"),
            "{stopped:?}"
        );
    }
}

#[test]
fn hostile_scripts_end_quickly_with_a_report() {
    let started = Instant::now();
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    let mut state = Snapshot::empty();
    let r = evaluate(&deep, &mut state);
    assert!(r.stopped.unwrap().reason.contains("nested deeper"));

    let r = evaluate(
        "New-CsVoiceRoute -Identity 'R\nSet-CsVoiceRoute -Identity R",
        &mut state,
    );
    let stopped = r.stopped.unwrap();
    assert!(stopped.reason.contains("not closed"), "{stopped:?}");
    assert_eq!((stopped.at.line, stopped.at.column), (1, 28));
    assert!(r.applied.is_empty());

    let controls: String = (0u8..32)
        .map(char::from)
        .chain("\u{7f}\u{85}\u{2028}".chars())
        .collect();
    let r = evaluate(
        &format!("{controls}\nNew-CsVoiceRoute -Identity R{controls}"),
        &mut state,
    );
    assert!(r.applied.is_empty() || r.applied.len() == 1);
    for s in r.skipped.iter().chain(r.stopped.iter()) {
        assert!(s.text.bytes().all(|b| (0x20..0x7f).contains(&b)), "{s:?}");
    }

    let mut state = Snapshot::empty();
    let r = evaluate(
        "New-CsVoiceRoute -Identity \"R$(Remove-Item C:\\ -Recurse)\"\nNew-CsVoiceRoute -Identity ok",
        &mut state,
    );
    assert_eq!(r.skipped.len(), 1, "{r:#?}");
    assert!(r.skipped[0].reason.contains("`$(...)`"));
    assert_eq!(r.applied.len(), 1);
    assert_eq!(state.list("VoiceRoutes").len(), 1);

    // Doubling a list and a text, many statements, a long line.
    let mut big = String::from("$a = 'x','y'\n");
    big.push_str(&"$a = $a + $a\n".repeat(60));
    big.push_str(&"$s = 'abc'; $s = $s + $s\n".repeat(60));
    big.push_str(&"Write-Host 1\n".repeat(50_000));
    big.push_str(&"'a',".repeat(200_000));
    big.push_str("'a'\n");
    let r = evaluate(&big, &mut Snapshot::empty());
    assert!(r.stopped.is_some() || !r.skipped.is_empty());

    let many = "$x = 1\n".repeat(300_000);
    let r = evaluate(&many, &mut Snapshot::empty());
    assert!(r.stopped.unwrap().reason.contains("statements"));

    for text in [
        "@{",
        "$(",
        "${",
        "<#",
        "\"`",
        "'",
        "@'\n",
        "if (",
        "if ($true) {",
        "[",
        "-",
        "$",
        "`",
    ] {
        let _ = evaluate(text, &mut Snapshot::empty());
    }
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

mod arbitrary {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of PowerShell, joined at random: every reading must end,
    /// without panicking, with reports whose text is printable ASCII.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("New-CsVoiceRoute -Identity R".to_string()),
            Just("Set-CsVoiceRoute -Identity R -Prio 1".to_string()),
            Just("$x = ".to_string()),
            Just("$x".to_string()),
            Just("if (".to_string()),
            Just(") {".to_string()),
            Just("}".to_string()),
            Just(" else ".to_string()),
            Just("@(".to_string()),
            Just("@{Add=".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("'".to_string()),
            Just("\"".to_string()),
            Just("`".to_string()),
            Just("$(".to_string()),
            Just("${".to_string()),
            Just("<#".to_string()),
            Just("#>".to_string()),
            Just("#".to_string()),
            Just("\n".to_string()),
            Just("\r".to_string()),
            Just(";".to_string()),
            Just(",".to_string()),
            Just(" -not ".to_string()),
            Just(" -eq ".to_string()),
            Just(" + ".to_string()),
            Just("[char]0xD83D".to_string()),
            Just("[string]".to_string()),
            Just(".Count".to_string()),
            Just("|".to_string()),
            Just("throw".to_string()),
            Just("-".to_string()),
            Just("\u{2013}".to_string()),
            Just("\u{2019}".to_string()),
            "[ -~]{0,6}",
            any::<char>().prop_map(String::from),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        #[test]
        fn any_text_is_read_without_panic(pieces in proptest::collection::vec(piece(), 0..40)) {
            let text: String = pieces.concat();
            let mut state = Snapshot::empty();
            let r = evaluate(&text, &mut state);
            for s in r.skipped.iter().chain(r.stopped.iter()) {
                prop_assert!(s.text.bytes().all(|b| (0x20..0x7f).contains(&b)), "{:?}", s);
                prop_assert!(s.at.line >= 1 && s.at.column >= 1);
            }
        }
    }
}

/// `topoc import --script`: a deployment's scripts become a project, with
/// every statement not evaluated in the report; a script whose encoding
/// Windows PowerShell would guess is refused.
#[test]
fn the_cli_imports_scripts() {
    let dir = scratch("import-script-cli", &[]);
    let out = dir.join("built");
    let run = topoc(&[
        "build",
        "examples/small-business",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let extra = dir.join("extra.ps1");
    std::fs::write(
        &extra,
        "\u{feff}New-CsVoiceRoute -Identity 'From script' -NumberPattern '^\\+1' -PstnUsages @{Add=\"Local$1\"}\nGet-ChildItem | Remove-Item\n",
    )
    .unwrap();
    let project = dir.join("imported");
    let run = topoc(&[
        "import",
        "--script",
        out.join("deploy.ps1").to_str().unwrap(),
        "--script",
        extra.to_str().unwrap(),
        "--topology",
        out.join("topology.xml").to_str().unwrap(),
        "-o",
        project.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let report = std::fs::read_to_string(project.join("import-report.md")).unwrap();
    assert!(
        report.contains("deploy.ps1`: 34 call(s) evaluated, 0 statement(s) not evaluated"),
        "{report}"
    );
    assert!(
        report.contains("extra.ps1` line 2, column 1: not evaluated"),
        "{report}"
    );
    let routing = std::fs::read_to_string(project.join("voice-routing.topo")).unwrap();
    // `"Local$1"` is `Local`: $1 is an unset variable, as PowerShell expands it.
    assert!(routing.contains("route \"From script\""), "{routing}");
    assert!(!routing.contains("Local$1"), "{routing}");
    let ansi = dir.join("ansi.ps1");
    std::fs::write(&ansi, b"New-CsVoiceRoute -Identity 'Z\xFCrich'\n").unwrap();
    let run = topoc(&[
        "import",
        "--script",
        ansi.to_str().unwrap(),
        "-o",
        dir.join("x").to_str().unwrap(),
    ]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("ANSI code page"), "{}", run.stderr);
    assert!(!dir.join("x").exists());
}

/// A script that makes ever more objects ends with a report: applying a
/// call costs the objects it looks through, and the work is bounded.
#[test]
fn a_script_making_many_objects_ends_quickly() {
    let text: String = (0..40_000)
        .map(|i| format!("New-CsVoiceRoute -Identity R{i} -NumberPattern '^1'\nSet-CsPstnUsage -Identity global -Usage @{{Add='U{i}'}}\n"))
        .collect();
    let start = Instant::now();
    let mut state = Snapshot::empty();
    let report = evaluate(&text, &mut state);
    let stopped = report.stopped.expect("the work is bounded");
    assert!(stopped.reason.contains("more objects"), "{stopped:?}");
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    assert!(state.list("VoiceRoutes").len() > 1000);
}
