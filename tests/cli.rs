//! The `topoc` binary end to end: exit status, standard output and standard
//! error, snapshotted. Scratch projects live under Cargo's per-target
//! temporary directory and are shown as `[TMP]` in snapshots.

#![allow(clippy::disallowed_methods)] // tests read fixtures and write scratch files

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

const MISSPELT: &str = "site Redmond {
  frontend-pool fe01.redmond.contoso.com { servers [fe01a.redmond.contoso.com] }
  mediation-pool med.redmond.contoso.com { servers [med01.redmond.contoso.com]; next-hop fe01.redmond.contoso.com }
  gateway sip.itsp.example.net {
    kind itsp
    root-trunk { port 5061 tls; mediation med.redmond.contoso.com port 5067 }
  }
}
pstn-usage \"Long Distance\"
route LongDistance {
  pattern '^\\+1\\d{10}$'
  usages [\"Long Distance\"]
  trunks [sip.itsp.exmaple.net]
}
";

#[test]
fn check_the_readme_example() {
    let run = topoc(&["check", "examples/contoso"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("cli-check-contoso", run.snapshot());
}

#[test]
fn misspelt_trunk_human() {
    let dir = scratch("misspelt-human", &[("routes.topo", MISSPELT.as_bytes())]);
    let run = topoc(&["check", arg(&dir)]);
    assert_eq!(run.status, 1);
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("cli-misspelt-human", run.snapshot());
}

#[test]
fn misspelt_trunk_json_carries_line_and_column() {
    let dir = scratch("misspelt-json", &[("routes.topo", MISSPELT.as_bytes())]);
    let run = topoc(&["check", "--format", "json", arg(&dir)]);
    assert_eq!(run.status, 1);
    assert_eq!(run.stderr, "", "JSON mode prints nothing else");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let d = &v[0];
    assert_eq!(d["code"], "T0102");
    assert_eq!(d["name"], "unknown-name");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["primary"]["line"], 13);
    assert_eq!(d["primary"]["column"], 11);
    assert_eq!(d["help"], "did you mean `sip.itsp.example.net`?");
    assert_eq!(d["secondary"][0]["line"], 4);
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("cli-misspelt-json", run.snapshot());
}

#[test]
fn deny_warnings_fails_on_warnings_and_only_on_them() {
    // One warning, no errors.
    let warned = "tests/fixtures/check/T0414-lync-block-without-unassigned-range.topo";
    let run = topoc(&["check", warned]);
    assert_eq!(run.status, 0, "a warning alone passes: {}", run.stderr);
    assert!(run.stderr.contains("1 warning"), "{}", run.stderr);
    let run = topoc(&["check", "--deny", "warnings", warned]);
    assert_eq!(run.status, 1, "--deny warnings fails on it: {}", run.stderr);
    // Notes are not warnings.
    let run = topoc(&["check", "--deny", "warnings", "examples/small-business"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.contains("0 warnings, 1 note"), "{}", run.stderr);
}

#[test]
fn an_internal_only_voice_policy_is_a_warning() {
    // The cmdlets accept a voice policy without usages (issue 14, point 10).
    let run = topoc(&[
        "check",
        "tests/fixtures/check/T0403-lobby-policy-without-usages.topo",
    ]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(out.contains("policy-without-usages"), "{out}");
    assert!(out.contains("0 errors, 1 warning"), "{out}");
}

#[test]
fn no_topo_files_is_exit_2() {
    let dir = scratch("empty-dir", &[("notes.txt", b"not a topology")]);
    let run = topoc(&["check", arg(&dir)]);
    assert_eq!(run.status, 2);
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("cli-no-topo-files", run.snapshot());
}

#[test]
fn missing_path_is_exit_2() {
    let run = topoc(&["check", "no/such/dir"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.starts_with("error: cannot read `no/such/dir`"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_arguments_are_exit_2() {
    let run = topoc(&["check", "--format", "xml"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("invalid value 'xml' for '--format"),
        "{}",
        run.stderr
    );
}

#[test]
fn non_utf8_reports_the_byte_offset() {
    let dir = scratch("latin1", &[("a.topo", b"pstn-usage \"Caf\xe9\"\n")]);
    let run = topoc(&["check", "--format", "json", arg(&dir)]);
    assert_eq!(run.status, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v[0]["code"], "T0006");
    assert_eq!(v[0]["primary"]["start"], 15);
    assert!(v[0]["message"].as_str().unwrap().contains("offset 15"));
}

#[test]
fn explain_prints_the_four_sections() {
    let run = topoc(&["explain", "duplicate-declaration"]);
    assert_eq!(run.status, 0);
    for section in [
        "## What it checks",
        "## Why it matters",
        "## Example",
        "## How to fix",
    ] {
        assert!(run.stdout.contains(section), "{section} missing");
    }
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("cli-explain-T0101", run.snapshot());
    let by_code = topoc(&["explain", "t0101"]);
    assert_eq!(by_code.stdout, run.stdout);
}

#[test]
fn explain_unknown_code_suggests() {
    let run = topoc(&["explain", "unknown-nam"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("did you mean `unknown-name`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_list_names_every_code() {
    let run = topoc(&["explain", "--list"]);
    assert_eq!(run.status, 0);
    for info in topoc::diagnostics::codes::REGISTRY {
        assert!(run.stdout.contains(info.id) && run.stdout.contains(info.name));
    }
}

#[test]
fn fmt_check_lists_and_writes_nothing_then_fmt_rewrites() {
    let messy = "pstn-usage   \"Local\"\nroute R{pattern '^\\+1\\d{10}$';usages[Local]}\n";
    let dir = scratch(
        "fmt",
        &[("a.topo", messy.as_bytes()), ("b.topo", b"pstn-usage B\n")],
    );
    let check = topoc(&["fmt", "--check", arg(&dir)]);
    assert_eq!(check.status, 1);
    assert_eq!(
        check.stdout,
        "would reformat [TMP]/fmt/a.topo\n\
         --- a/[TMP]/fmt/a.topo\n\
         +++ b/[TMP]/fmt/a.topo\n\
         @@ -1,2 +1,2 @@\n\
         -pstn-usage   \"Local\"\n\
         -route R{pattern '^\\+1\\d{10}$';usages[Local]}\n\
         +pstn-usage Local\n\
         +route R { pattern '^\\+1\\d{10}$'; usages [Local] }\n"
    );
    assert_eq!(std::fs::read_to_string(dir.join("a.topo")).unwrap(), messy);
    let write = topoc(&["fmt", arg(&dir)]);
    assert_eq!(write.status, 0, "{}", write.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("a.topo")).unwrap(),
        "pstn-usage Local\nroute R { pattern '^\\+1\\d{10}$'; usages [Local] }\n"
    );
    assert_eq!(topoc(&["fmt", "--check", arg(&dir)]).status, 0);
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(leftovers.len(), 2, "no temporary files are left behind");
}

#[test]
fn fmt_keeps_windows_line_endings() {
    let canonical = "pstn-usage Local\r\nroute R { usages [Local] }\r\n";
    let messy = "pstn-usage   Local\r\nroute R { usages [Local] }\r\n";
    let dir = scratch(
        "fmt-crlf",
        &[
            ("a.topo", canonical.as_bytes()),
            ("b.topo", messy.as_bytes()),
        ],
    );
    let check = topoc(&["fmt", "--check", arg(&dir)]);
    assert_eq!(check.status, 1);
    assert!(!check.stdout.contains("a.topo"), "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("-pstn-usage   Local\\u{d}\n+pstn-usage Local\\u{d}\n"),
        "{}",
        check.stdout
    );
    assert_eq!(topoc(&["fmt", arg(&dir)]).status, 0);
    assert_eq!(
        std::fs::read_to_string(dir.join("b.topo")).unwrap(),
        canonical
    );
}

#[test]
fn fmt_skips_a_file_with_syntax_errors_and_formats_the_rest() {
    let broken = "route R {\n  pattern '^x$'\n";
    let dir = scratch(
        "fmt-broken",
        &[
            ("a.topo", broken.as_bytes()),
            ("b.topo", b"pstn-usage    B\n"),
        ],
    );
    let run = topoc(&["fmt", arg(&dir)]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("[TMP]/fmt-broken/a.topo: not formatted (syntax errors)"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(dir.join("a.topo")).unwrap(), broken);
    assert_eq!(
        std::fs::read_to_string(dir.join("b.topo")).unwrap(),
        "pstn-usage B\n"
    );
}

#[test]
fn fmt_stdin_to_stdout() {
    let run = topoc_with_stdin(&["fmt", "-"], Some("pstn-usage   \"X\"  # c\n"));
    assert_eq!(run.status, 0);
    assert_eq!(run.stdout, "pstn-usage X # c\n");
}

#[test]
fn graph_prints_dot_in_id_order() {
    let run = topoc(&["graph", "examples/contoso"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("cli-graph-contoso", run.snapshot());
}

#[test]
fn closed_stdout_exits_quietly() {
    // Enough routes that the DOT output overflows the pipe buffer.
    let mut text = String::from(
        "site S {\n  mediation-pool m.s.com { servers [m1.s.com] }\n  gateway g.s.com { root-trunk { port 5067 tls; mediation m.s.com port 5067 } }\n}\npstn-usage U\n",
    );
    for i in 0..5000 {
        text.push_str(&format!(
            "route R{i} {{ pattern '^\\+1{i}$'; usages [U]; trunks [g.s.com]; priority {i} }}\n"
        ));
    }
    let dir = scratch("big-graph", &[("a.topo", text.as_bytes())]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_topoc"))
        .args(["graph", arg(&dir)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn show_trunk_tells_where_each_setting_comes_from() {
    let run = topoc(&["show", "trunk", "PBX-2", "examples/contoso"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("copied from trunk:pbx.redmond.contoso.com")
    );
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("cli-show-trunk", run.snapshot());
    let json = topoc(&[
        "show",
        "trunk",
        "pbx-2",
        "examples/contoso",
        "--format",
        "json",
    ]);
    assert_eq!(json.status, 0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["configuration"]["scope"], "trunk:pbx-2");
    let bypass = v["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["setting"] == "media-bypass")
        .unwrap();
    assert_eq!(bypass["value"], false);
    assert_eq!(bypass["source"], "copied");
    assert_eq!(bypass["collection"], "trunk:pbx.redmond.contoso.com");
    let failover = v["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["setting"] == "fast-failover")
        .unwrap();
    assert_eq!(failover["source"], "default");
    assert_eq!(failover["value"], true);
}

/// The lines of the section of `text` that starts with a line beginning
/// with `heading`, up to the next blank line (or the end).
fn section<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|l| !l.starts_with(heading))
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn show_trunk_tells_inbound_plan_routes_inter_trunk_usages_and_bypass() {
    let run = topoc(&[
        "show",
        "trunk",
        "gw1.redmond.contoso.com",
        "examples/contoso",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = &run.stdout;
    // No `dial-plan trunk:gw1...`: A02, as the simulator assumes.
    assert!(
        out.contains(
            "inbound dial plan: none: calls entering on it are not normalized (assumed, A02)"
        ),
        "{out}"
    );
    let routes = section(out, "routes that send calls out on this trunk");
    assert_eq!(routes.len(), 2, "{out}");
    assert!(
        routes[1].starts_with("  Redmond-Local  priority 1  '^\\+1425\\d{7}$'  usages [Local]"),
        "{out}"
    );
    // Its configuration's usage PstnInbound offers the PBX route: PSTN
    // callers reach PBX numbers.
    assert_eq!(
        section(out, "inter-trunk usages")[1..],
        [
            "  usage PstnInbound:",
            "    To-Pbx  priority 0  '^\\+14255550\\d{3}$'  trunks [pbx.redmond.contoso.com, pbx-2]",
        ],
        "{out}"
    );
    // Bypass per network site, worded and laid out as `topoc bypass` does.
    let bypass = section(out, "media bypass");
    assert_eq!(bypass[1], "  Bellevue-Branch  no", "{out}");
    assert_eq!(bypass[3], "  Redmond-HQ       yes", "{out}");
    let matrix = topoc(&["bypass", "examples/contoso"]).stdout;
    assert!(bypass[2].starts_with("    B12  site `Bellevue-Branch`"));
    assert!(matrix.lines().any(|l| l == bypass[2]), "{matrix}");

    let json = topoc(&[
        "show",
        "trunk",
        "gw1.redmond.contoso.com",
        "examples/contoso",
        "--format",
        "json",
    ]);
    assert_eq!(json.status, 0, "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    // The keys of before are kept.
    assert_eq!(v["configuration"]["scope"], "trunk:gw1.redmond.contoso.com");
    assert!(v["settings"].as_array().is_some_and(|s| s.len() > 20));
    assert_eq!(v["inbound_dial_plan"], serde_json::Value::Null);
    assert_eq!(v["assumptions"][0]["id"], "A02");
    assert_eq!(v["routes"][0]["route"], "Redmond-Local");
    assert_eq!(v["routes"][0]["pattern"], "^\\+1425\\d{7}$");
    assert_eq!(v["routes"][0]["usages"], serde_json::json!(["Local"]));
    assert_eq!(v["routes"][0]["priority"], 1);
    assert_eq!(v["inter_trunk_usages"][0]["usage"], "PstnInbound");
    assert_eq!(v["inter_trunk_usages"][0]["routes"][0]["route"], "To-Pbx");
    let sites: Vec<(&str, bool)> = v["bypass"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["network_site"].as_str().unwrap(), d["bypass"] == true))
        .collect();
    assert_eq!(sites, [("Bellevue-Branch", false), ("Redmond-HQ", true)]);
    assert_eq!(v["bypass"][0]["reasons"][0]["condition"], "B12");
}

#[test]
fn show_trunk_names_its_inbound_dial_plan_and_deployed_priorities() {
    let run = topoc(&[
        "show",
        "trunk",
        "pbx.sea.fabrikam.com",
        "examples/enterprise",
    ]);
    let out = &run.stdout;
    assert_eq!(run.status, 0, "{}", run.stderr);
    let plan =
        "inbound dial plan: trunk:pbx.sea.fabrikam.com (examples/enterprise/seattle.topo:93:11)";
    assert!(out.contains(plan), "{out}");
    // Written `priority 0`, deployed after the routes deploy.ps1 puts first.
    let route = "  To-Legacy-PBX  priority 3 (written 0)  '^\\+12065556\\d{3}$'";
    assert!(out.contains(route), "{out}");
    let json = topoc(&[
        "show",
        "trunk",
        "pbx.sea.fabrikam.com",
        "examples/enterprise",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        v["inbound_dial_plan"]["scope"],
        "trunk:pbx.sea.fabrikam.com"
    );
    assert_eq!(v["assumptions"], serde_json::json!([]));
    assert_eq!(v["routes"][0]["priority"], 3);
    assert_eq!(v["routes"][0]["written_priority"], 0);
    // The same priority deploy.ps1 writes for the route.
    let dir = scratch_root().join("show-trunk-enterprise-build");
    let _ = std::fs::remove_dir_all(&dir);
    let build = topoc(&["build", "examples/enterprise", "-o", arg(&dir)]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    let script =
        String::from_utf8_lossy(&std::fs::read(dir.join("deploy.ps1")).unwrap()).into_owned();
    let call: Vec<&str> = script
        .lines()
        .skip_while(|l| !l.starts_with("Set-CsVoiceRoute -Identity 'To-Legacy-PBX'"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(call.contains(&"    -Priority 3 `"), "{call:?}");
}

#[test]
fn show_usage_lists_every_reference() {
    let run = topoc(&["show", "usage", "PbxInbound", "examples/contoso"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("cli-show-usage", run.snapshot());
    let json = topoc(&[
        "show",
        "usage",
        "pbxinbound",
        "--format",
        "json",
        "examples/contoso",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let routes: Vec<&str> = v["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["route"].as_str().unwrap())
        .collect();
    // PBX numbers have a usage of their own (Pbx), before PbxInbound.
    assert_eq!(routes, ["LongDistance"]);
    // Each PBX trunk has its own collection (pbx-2's copies the other's usages).
    assert_eq!(v["trunk_configurations"][0]["scope"], "trunk:pbx-2");
    assert_eq!(
        v["trunk_configurations"][0]["trunks"],
        serde_json::json!(["pbx-2"])
    );
    assert_eq!(
        v["trunk_configurations"][1]["trunks"],
        serde_json::json!(["pbx.redmond.contoso.com"])
    );
}

#[test]
fn show_unknown_names_suggest() {
    let run = topoc(&["show", "trunk", "pbx2", "examples/contoso"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("did you mean `pbx-2`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn bypass_on_the_language_example() {
    let run = topoc(&[
        "bypass",
        "--format",
        "json",
        "tests/fixtures/language/example.topo",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let pair = |site: &str, trunk: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|p| p["network_site"] == site && p["trunk"] == trunk)
            .unwrap_or_else(|| panic!("{site} x {trunk}"))
            .clone()
    };
    let conditions = |p: &serde_json::Value| -> Vec<String> {
        p["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["condition"].as_str().unwrap().to_string())
            .collect()
    };
    // Bellevue users bypass through the Bellevue gateway, not through Redmond's.
    assert_eq!(
        pair("Bellevue-Branch", "gw.bellevue.contoso.com")["bypass"],
        true
    );
    let across = pair("Bellevue-Branch", "gw1.redmond.contoso.com");
    assert_eq!(across["bypass"], false);
    assert_eq!(conditions(&across), ["B12"]);
    assert_eq!(
        pair("Redmond-HQ", "gw1.redmond.contoso.com")["bypass"],
        true
    );
    // The PBX and ITSP trunks never bypass, and say why.
    for site in ["Redmond-HQ", "Bellevue-Branch"] {
        for pbx in ["pbx.redmond.contoso.com", "pbx-2"] {
            let p = pair(site, pbx);
            assert_eq!(p["bypass"], false);
            assert!(conditions(&p).contains(&"B3".to_string()), "{p}");
        }
        let itsp = pair(site, "sip.itsp.example.net");
        assert_eq!(itsp["bypass"], false);
        assert!(
            conditions(&itsp).starts_with(&["B3".to_string(), "B8".to_string()]),
            "{itsp}"
        );
        assert!(itsp["reasons"][0]["at"]["line"].is_number());
    }
    let text = topoc(&["bypass", "tests/fixtures/language/example.topo"]);
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("cli-bypass-language-example", text.snapshot());
}

const EXAMPLE: &str = "tests/fixtures/language/example.topo";

#[test]
fn route_explains_a_users_call() {
    let run = topoc(&[
        "route",
        EXAMPLE,
        "--dial",
        "95550123",
        "--home-pool",
        "FE01.redmond.contoso.com",
        "--ip",
        "10.1.7.7/16",
        "--calling",
        "+14255551000",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for step in [
        "external access prefix '9' removed",
        "rule Local '^(\\d{7})$' matched -> '+14255550123'",
        "route To-Pbx priority 0 '^\\+14255550\\d{3}$' matched",
        "route: To-Pbx (usage Pbx) trunks [pbx-2, pbx.redmond.contoso.com]",
        "failover 1: Redmond-Local",
        "(network site `Redmond-HQ`, by exact subnet)",
        "bypass via pbx-2: off (B3:",
    ] {
        assert!(
            run.stdout.contains(step),
            "missing {step:?} in\n{}",
            run.stdout
        );
    }
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("cli-route-user", run.snapshot());
}

#[test]
fn route_removes_formatting_as_a_client_does_and_says_so() {
    let route = |dial: &str, ip: &str| {
        topoc(&[
            "route",
            EXAMPLE,
            "--dial",
            dial,
            "--home-pool",
            "fe01.redmond.contoso.com",
            "--ip",
            ip,
        ])
    };
    let run = route("312-555-0199", "10.1.7.7/16");
    assert_eq!(run.status, 0, "{}", run.stderr);
    for step in [
        "dialled: '312-555-0199'\nthe client removes formatting characters: '3125550199' (A13)\n",
        "normalized: '+13125550199'",
        "assumed (A13): a Lync client removes spaces, hyphens",
    ] {
        assert!(
            run.stdout.contains(step),
            "missing {step:?} in\n{}",
            run.stdout
        );
    }
    // A number that needs nothing removed says nothing about it.
    let run = route("3125550199", "10.1.7.7/16");
    assert!(!run.stdout.contains("A13"), "{}", run.stdout);
    // An address inside a configured subnet, with another mask.
    let run = route("3125550199", "10.1.7.7/24");
    assert!(
        run.stdout.contains(
            "at `10.1.7.7/24` (in no configured subnet: Lync places a client by its subnet and \
             mask exactly, and `10.1.0.0/16` of network site `Redmond-HQ` holds the address with \
             another mask; give `--ip 10.1.7.7/16` to place it there)"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn test_runs_the_golden_tests_with_a_line_each() {
    let run = topoc(&["test", EXAMPLE]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("test \"Redmond user calls a Lync user\" ... ok\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("\n5 tests passed\n"), "{}", run.stdout);
    let run = topoc(&["test", EXAMPLE, "--filter", "PBX"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.ends_with("\n3 tests passed (2 filtered out)\n"),
        "{}",
        run.stdout
    );
    let run = topoc(&["test", EXAMPLE, "--filter", "nothing like it"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("no test title contains"),
        "{}",
        run.stderr
    );
    // A failing test: FAILED, its diagnostic, and the count.
    let failing = "tests/fixtures/check/T0801-wrong-route-expected.topo";
    let run = topoc(&["test", failing]);
    assert_eq!(run.status, 1);
    assert!(
        run.stdout.contains(
            "test \"extension 0123 goes out through gw1\" ... FAILED\n\n1 test: 0 passed, 1 failed\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("T0801"), "{}", run.stderr);
    // Nothing but the tests: the fixture's other findings are not shown.
    assert!(!run.stderr.contains("T07"), "{}", run.stderr);
}

/// Issue 16, point 5: errors first, then warnings; a failed test after
/// the error that causes it, in one line without its trace.
#[test]
fn errors_come_first_and_a_failed_test_names_its_cause() {
    let run = topoc(&[
        "check",
        "tests/fixtures/check/T0801-caused-by-a-rejected-pattern.topo",
    ]);
    assert_eq!(run.status, 1);
    let at = |code: &str| {
        run.stderr
            .find(&format!("{code}\n"))
            .unwrap_or_else(|| panic!("no {code} in {}", run.stderr))
    };
    assert!(at("T0505") < at("T0801"), "{}", run.stderr);
    assert!(
        at("T0801") < at("T0409"),
        "the warning comes last: {}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("probably\n  │ because Lync rejects the pattern of route `Local`"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("simulated call:"),
        "no trace: {}",
        run.stderr
    );
}

#[test]
fn check_says_how_many_tests_passed() {
    let run = topoc(&["check", "examples/contoso"]);
    assert!(
        run.stderr
            .ends_with("checked 6 files: 0 errors, 0 warnings, 1 note; 5 tests passed\n"),
        "{}",
        run.stderr
    );
    let run = topoc(&[
        "check",
        "tests/fixtures/check/T0801-wrong-route-expected.topo",
    ]);
    assert!(
        run.stderr.contains("; 1 test: 0 passed, 1 failed\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn route_decides_bypass_where_the_callers_place_does_not_matter() {
    // Bypass is off everywhere in the small business: no network site is
    // needed to say so (issue 14, point 7).
    let run = topoc(&[
        "route",
        "examples/small-business",
        "--dial",
        "5551234",
        "--home-pool",
        "lyncse01.litwareinc.com",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "bypass via sbc.sip.northwindtelecom.net: off (B1: media bypass is off globally"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("unknown"), "{}", run.stdout);
}

#[test]
fn route_explains_a_call_entering_on_a_trunk_as_json() {
    let run = topoc(&[
        "route",
        EXAMPLE,
        "--from-trunk",
        "pbx.redmond.contoso.com",
        "--dial",
        "+12065550100",
        "--format",
        "json",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["outcome"], "routed");
    assert_eq!(v["route"]["route"], "LongDistance");
    assert_eq!(v["route"]["usage"], "PbxInbound");
    assert_eq!(v["egress"][0]["trunk"], "sip.itsp.example.net");
    assert_eq!(v["egress"][0]["called"], "12065550100");
    assert_eq!(v["egress"][0]["called_rules"][0]["rule"], "ElevenDigits");
    assert_eq!(v["usages_from"]["name"], "trunk:pbx.redmond.contoso.com");
    // Each assumption the outcome rests on, by id and text.
    let ids: Vec<&str> = v["assumptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"A03"), "{ids:?}");
    assert!(v["assumptions"][0]["text"].is_string());
    let _bound = settings().bind_to_scope();
    insta::assert_snapshot!("cli-route-trunk-json", run.snapshot());
}

#[test]
fn route_reports_unknown_names_and_conflicting_callers() {
    let run = topoc(&[
        "route",
        EXAMPLE,
        "--dial",
        "1",
        "--home-pool",
        "fe02.redmond.contoso.com",
    ]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .contains("did you mean `fe01.redmond.contoso.com`?"),
        "{}",
        run.stderr
    );
    let run = topoc(&[
        "route",
        EXAMPLE,
        "--dial",
        "1",
        "--from-trunk",
        "pbx-2",
        "--policy",
        "global",
    ]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
    let run = topoc(&["route", EXAMPLE, "--dial", "1", "--ip", "10.1.7.7"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("CIDR"), "{}", run.stderr);
}

/// A routing loop's witness in JSON (`witness: {number, path}`, each step
/// at its place) and in SARIF (a code flow with one location per step).
#[test]
fn loop_witness_in_json_and_sarif() {
    let fixture = "tests/fixtures/check/T0704-lync-pbx-migration-loop.topo";
    let run = topoc(&["check", "--format", "json", fixture]);
    assert_eq!(run.status, 0, "a warning only");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let d = v
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "T0704")
        .expect("the loop is reported");
    let w = &d["witness"];
    // In the company range, owned by neither the PBX (…0xxx) nor Lync (…1xxx).
    assert_eq!(w["number"], "+14255552000");
    let steps: Vec<(u64, &str)> = w["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["line"].as_u64().unwrap(), s["label"].as_str().unwrap()))
        .collect();
    assert_eq!(steps.len(), 6, "{steps:?}");
    assert_eq!(steps[0].0, 20, "enters on the PBX trunk");
    assert_eq!(steps[2].0, 40, "the route");
    assert_eq!(steps[4].0, 23, "the PBX's sends");
    assert!(
        steps[5].1.contains("'+14255552000' enters on trunk"),
        "and back"
    );

    let run = topoc(&["check", "--format", "sarif", fixture]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let result = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "T0704")
        .unwrap();
    let flow = &result["codeFlows"][0]["threadFlows"][0]["locations"];
    assert_eq!(flow.as_array().unwrap().len(), 6);
    assert_eq!(
        flow[2]["location"]["physicalLocation"]["region"]["startLine"],
        40
    );
    assert_eq!(result["properties"]["witness"], "+14255552000");
}

/// A diagnostic on a line of three million characters is printed without
/// a snippet (miette cannot pad past column 65,535), never a panic.
#[test]
fn a_diagnostic_on_a_huge_line_prints_plainly() {
    let text = format!(
        "pstn-usage L\nroute R {{ pattern '^{}$'; usages [L] }}\n",
        "1".repeat(3_000_000)
    );
    let dir = scratch("huge-line", &[("main.topo", text.as_bytes())]);
    let run = topoc(&["check", arg(&dir)]);
    assert_eq!(
        run.status,
        1,
        "{}",
        &run.stderr[..run.stderr.len().min(500)]
    );
    assert!(
        run.stderr
            .contains("T0517 error: topoc does not read the pattern of route `R`")
    );
    assert!(run.stderr.contains("main.topo:2:19"));
    assert!(!run.stderr.contains("panicked"));
}

/// `topoc bypass` fails when the checks report an error, also when there
/// is nothing to decide (no network sites).
#[test]
fn bypass_fails_on_check_errors_without_network_sites() {
    let run = topoc(&["bypass", "tests/fixtures/check/T0506-missing-group.topo"]);
    assert_eq!(
        run.stdout,
        "no network sites or no trunks: nothing to decide\n"
    );
    assert!(run.stderr.contains("T0506"), "{}", run.stderr);
    assert_eq!(run.status, 1);
}
