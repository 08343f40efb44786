//! `verify.ps1`: every golden test of the project as read-only checks on
//! the live system, with Lync's own test cmdlets (docs/verify.md).
//!
//! One check per test, in the model's order; each expectation of the test
//! is one part of its check:
//!
//! | expectation | how it is checked live |
//! |---|---|
//! | `normalized` | `Test-CsDialPlan` on the dial plan that applies, its `TranslatedNumber` |
//! | `route`, `unroutable` | users: `Test-CsVoicePolicy` on the voice policy that applies; calls entering on a trunk: `Test-CsInterTrunkRouting` on that trunk's configuration; their `FirstMatchingRoute` |
//! | `sent` | `Test-CsTrunkConfiguration` on each egress trunk's configuration with the number as routed, its `TranslatedNumber` (without its `+` when the live configuration has `RemovePlusFromUri`) |
//! | `lync-user`, `unassigned`, `trunks`, `backup`, `calling`, `bypass` | not checkable live: the script says why |
//!
//! The dial plan and voice policy are the ones the simulation chose for the
//! caller (the build ran only because every test passed), and every object
//! a test cmdlet takes is read with `Get-Cs... -Identity 'literal'` first,
//! so the script holds no command but `Get-` and `Test-` ones. The
//! properties read are those of the examples on the Lync Server 2013
//! operations pages (the cmdlet pages name only the result types); where
//! they could be objects rather than strings, the script reads them both
//! ways (docs/verify.md says which and why).
//!
//! The script is built as `deploy.ps1` is: after a byte-order mark, printable
//! ASCII only; every value from the sources, test titles and numbers first,
//! through [`quote`], every comment through [`comment_text`]. It has no
//! functions: a call of one would be a command that is not a cmdlet. The
//! checks fill `$checks`; one loop at the end prints each with its parts,
//! then the summary line, and sets the exit code.

use super::*;
use crate::model::{CallTest, Caller, TrunkId};
use crate::simulate::{Call, Trace};

/// The number the test cmdlets report when no route matches: `<` cannot
/// be part of a route's name (T0116), so no route is ever called that.
const NO_ROUTE: &str = "<no route>";

/// Why an expectation cannot be checked live, by expectation.
mod why {
    pub const LYNC_USER: &str = "reverse number lookup matches the line URIs of users and contacts; no Lync test cmdlet runs a number through it";
    pub const UNASSIGNED: &str =
        "no Lync test cmdlet runs a number through the unassigned number table";
    pub const TRUNKS: &str =
        "Lync's test cmdlets name the route a call takes, not the trunks it would leave on";
    pub const BACKUP: &str =
        "Lync's test cmdlets report the first matching route only, not the order of failover";
    pub const CALLING: &str = "the result of Test-CsTrunkConfiguration -CallingNumber is not documented: which property holds the calling number as sent is unknown";
    pub const BYPASS: &str = "media bypass is decided for each call from the caller's network site and the trunk; no Lync cmdlet reports that decision";
    pub const NO_TRUNK: &str = "the simulated call leaves on no trunk";
}

/// One expectation of a test, as its check writes it.
enum Part {
    /// Compared with `$actual` (or `$failure`), which the lines before it set.
    Live { what: String, expected: String },
    /// Reported as not checkable live.
    Unchecked {
        what: String,
        expected: String,
        why: &'static str,
    },
}

/// The script's header: what it is for.
const ABOUT_VERIFY: &[&str] = &[
    "Run in the Lync Server Management Shell as a member of RTCUniversalServerAdmins, after",
    "deploy.ps1: each golden test of the project is one check, run against the live",
    "configuration with Lync's own test cmdlets. It only reads (every command is Get- or",
    "Test-) and prints PASS, FAIL or NOT CHECKABLE for each test, with the expected and the",
    "actual value of each expectation, then a summary line; it exits with 1 when a check",
    "failed, else 0. An expectation no cmdlet can observe (reverse number lookup, the",
    "unassigned number table, a route's trunks, failover order, the calling number as sent,",
    "media bypass) is reported as not checkable live, with the reason.",
];

/// What the checks read of each cmdlet's result (docs/verify.md).
const RESULTS: &[&str] = &[
    "The test cmdlets' pages name only their result types; the properties read here are",
    "those the Lync Server 2013 operations pages show in their example output (docs/verify.md):",
    "  Test-CsDialPlan, Test-CsTrunkConfiguration: TranslatedNumber, empty when no rule matches",
    "  (the number then goes on as it is); a 'tel:' prefix, if the value has one, is dropped.",
    "  Test-CsVoicePolicy, Test-CsInterTrunkRouting: FirstMatchingRoute, empty when no route",
    "  matches; read as the route's name, or as its Name property should it be a route object.",
];

/// Writes `verify.ps1`.
pub fn emit_verify(input: &Input<'_>, hash: &str) -> String {
    verify_with_commands(input, hash).0
}

/// [`emit_verify`], with the name of every command the script holds, in
/// order: a parser of the script must find exactly these.
pub fn verify_with_commands(input: &Input<'_>, hash: &str) -> (String, Vec<&'static str>) {
    let m = input.model;
    let analysed = input.project.analysed();
    let sim = analysed.simulator(m.tests.len());
    let mut s = Script::new(Keep::Nothing);
    s.comment(&format!(
        "verify.ps1: generated by topoc {}, configuration {hash}",
        crate::VERSION
    ));
    s.comment(&format!(
        "Target: {}. Do not edit: change the .topo sources and rebuild.",
        product_name(m.deployment.product)
    ));
    s.line("#");
    for line in ABOUT_VERIFY {
        s.comment(line);
    }
    s.line("#");
    for line in RESULTS {
        s.comment(line);
    }
    s.out.push('\n');
    s.line("$ErrorActionPreference = 'Stop'");
    s.line("$checks = @()");
    let total = m.tests.len();
    if total == 0 {
        s.out.push('\n');
        s.comment("The project has no golden tests: nothing to check.");
    }
    for (i, (_, test)) in m.tests.iter().enumerate() {
        let trace = sim.simulate(&Call::of_test(test));
        check(&mut s, input, test, &trace, (i + 1, total));
    }
    results(&mut s);
    debug_assert!(
        s.out[BOM.len_utf8()..]
            .bytes()
            .all(|b| b == b'\n' || (0x20..0x7f).contains(&b))
    );
    (s.out, s.commands)
}

/// One test's check: each expectation computed live (or said not
/// checkable), then the test appended to `$checks`.
fn check(
    s: &mut Script,
    input: &Input<'_>,
    test: &CallTest,
    trace: &Trace<'_>,
    (n, total): (usize, usize),
) {
    let m = input.model;
    let e = &test.expect;
    s.out.push('\n');
    s.comment(&format!("---- Test {n} of {total}: {}", test.title.text));
    s.line("$parts = @()");
    if let Some(number) = &e.normalized {
        normalized(s, input, test, trace);
        part(
            s,
            Part::Live {
                what: "normalized number".into(),
                expected: number.text.clone(),
            },
        );
    }
    if e.lync_user.is_some() {
        part(s, unchecked("outcome", "a Lync user", why::LYNC_USER));
    }
    if e.unassigned.is_some() {
        part(
            s,
            unchecked("outcome", "the unassigned number table", why::UNASSIGNED),
        );
    }
    if e.route.is_some() || e.unroutable.is_some() {
        route(s, input, test, trace);
        if let Some(r) = &e.route {
            let expected = m.routes.get(r.id).name.text.clone();
            part(
                s,
                Part::Live {
                    what: "route".into(),
                    expected,
                },
            );
        }
        if e.unroutable.is_some() {
            part(
                s,
                Part::Live {
                    what: "route".into(),
                    expected: NO_ROUTE.into(),
                },
            );
        }
    }
    if let Some(trunks) = &e.trunks {
        let names: Vec<String> = trunks
            .value
            .iter()
            .map(|t| m.trunks.get(t.id).name.text.clone())
            .collect();
        part(
            s,
            unchecked("trunks", &format!("[{}]", names.join(", ")), why::TRUNKS),
        );
    }
    if let Some(backup) = &e.backup {
        let names: Vec<String> = backup
            .value
            .iter()
            .map(|r| m.routes.get(r.id).name.text.clone())
            .collect();
        part(
            s,
            unchecked(
                "backup routes",
                &format!("[{}]", names.join(", ")),
                why::BACKUP,
            ),
        );
    }
    for sent in &e.sent {
        let trunks: Vec<TrunkId> = match sent.via {
            Some(t) => vec![t.id],
            None => trace.egress.iter().map(|x| x.id).collect(),
        };
        if trunks.is_empty() {
            part(
                s,
                unchecked("called number sent", &sent.number.text, why::NO_TRUNK),
            );
        }
        for t in trunks {
            called_number(s, input, t, &trace.normalized);
            part(
                s,
                Part::Live {
                    what: format!("called number sent via `{}`", m.trunks.get(t).name.text),
                    expected: sent.number.text.clone(),
                },
            );
        }
    }
    for calling in &e.calling {
        let what = match calling.via {
            Some(t) => format!("calling number sent via `{}`", m.trunks.get(t.id).name.text),
            None => "calling number sent".into(),
        };
        part(s, unchecked(&what, &calling.number.text, why::CALLING));
    }
    if let Some(bypass) = &e.bypass {
        let (on, via) = bypass.value;
        let what = match via {
            Some(t) => format!("media bypass via `{}`", m.trunks.get(t.id).name.text),
            None => "media bypass".into(),
        };
        part(
            s,
            unchecked(&what, if on { "on" } else { "off" }, why::BYPASS),
        );
    }
    s.line(&format!(
        "$checks += @{{ Title = {}; Parts = $parts }}",
        quote(&crate::lexical::escape_unsafe(&test.title.text))
    ));
}

fn unchecked(what: &str, expected: &str, why: &'static str) -> Part {
    Part::Unchecked {
        what: what.into(),
        expected: expected.into(),
        why,
    }
}

/// `$parts += @{ ... }` for one expectation.
fn part(s: &mut Script, p: Part) {
    let line = match p {
        Part::Live { what, expected } => format!(
            "$parts += @{{ What = {}; Expected = {}; Actual = $actual; Failure = $failure }}",
            quote(&what),
            quote(&expected)
        ),
        Part::Unchecked {
            what,
            expected,
            why,
        } => format!(
            "$parts += @{{ What = {}; Expected = {}; Why = {} }}",
            quote(&what),
            quote(&expected),
            quote(why)
        ),
    };
    s.line(&line);
}

/// `$actual` from `body`, run under `try`; `$failure` is the message of
/// whatever it threw (a missing object, a number the cmdlet refuses).
fn attempt(s: &mut Script, body: &[String]) {
    s.line("$actual = $null");
    s.line("$failure = $null");
    s.line("try {");
    for line in body {
        s.line(&format!("    {line}"));
    }
    s.line("} catch {");
    s.line("    $failure = $_.Exception.Message");
    s.line("}");
}

/// `$actual` as a number: the string of `$result.TranslatedNumber` without
/// a `tel:` prefix, or `unchanged` when it is empty (no rule matched, and
/// Lync goes on with the number as it is).
fn translated(unchanged: &str) -> [String; 2] {
    [
        "$actual = [string]$result.TranslatedNumber -replace '^tel:', ''".into(),
        format!("if (-not $actual) {{ $actual = {} }}", quote(unchanged)),
    ]
}

/// `normalized`: the dial plan that normalized the simulated call, tested
/// with the number its rules received (after the client removed
/// formatting characters and, with optimize-device-dialing, the external
/// access prefix: both happen before the rules, A13).
fn normalized(s: &mut Script, input: &Input<'_>, test: &CallTest, trace: &Trace<'_>) {
    let m = input.model;
    let mut number = trace
        .unformatted
        .clone()
        .unwrap_or_else(|| trace.dialled.clone());
    if let Some(prefix) = &trace.prefix_removed
        && let Some(rest) = number.strip_prefix(prefix.as_str())
    {
        number = rest.to_string();
    }
    let declared = trace.dial_plan.as_ref().and_then(|chosen| {
        m.dial_plans
            .iter()
            .find(|(_, p)| p.scope_text == chosen.name)
            .map(|(_, p)| identity::dial_plan(m, p))
    });
    let get = Command::new("Get-CsDialPlan");
    let test_plan = |s: &mut Script| {
        s.call_line(
            &Command::new("Test-CsDialPlan")
                .str("DialedNumber", &number)
                .arg("Dialplan", Value::Var("dialPlan")),
        )
    };
    let mut body = Vec::new();
    match (&test.caller, declared) {
        (_, Some(id)) => {
            body.push(format!(
                "$dialPlan = {}",
                s.call_line(&get.str("Identity", &id))
            ));
            body.push(format!("$result = {}", test_plan(s)));
        }
        // A call entering on a trunk without a declared dial plan is used
        // as received, unless the live system has a plan for that trunk.
        (Caller::Trunk { trunk, .. }, None) => {
            let id = identity::trunk_service(m, trunk.id);
            let get = get
                .str("Identity", &id)
                .arg("ErrorAction", Value::Str("SilentlyContinue".into()));
            body.push(format!("$dialPlan = {}", s.call_line(&get)));
            body.push(format!(
                "if ($dialPlan) {{ $result = {} }} else {{ $result = $null }}",
                test_plan(s)
            ));
        }
        // No dial plan is declared for the user: Lync's global one.
        (Caller::User { .. }, None) => {
            body.push(format!(
                "$dialPlan = {}",
                s.call_line(&get.str("Identity", "global"))
            ));
            body.push(format!("$result = {}", test_plan(s)));
        }
    }
    body.extend(translated(&number));
    attempt(s, &body);
}

/// `route`, `unroutable`: the first matching route of the voice policy
/// that applies to the user, or of the configuration of the trunk the
/// call enters on, for the number routing uses.
fn route(s: &mut Script, input: &Input<'_>, test: &CallTest, trace: &Trace<'_>) {
    let m = input.model;
    let mut body = Vec::new();
    match &test.caller {
        Caller::User { .. } => {
            let id = m
                .voice_policies
                .iter()
                .find(|(_, p)| p.scope_text == trace.usages_from.name)
                .map_or_else(
                    || "global".to_string(),
                    |(_, p)| identity::voice_policy(m, p).0,
                );
            let get = Command::new("Get-CsVoicePolicy").str("Identity", &id);
            body.push(format!("$voicePolicy = {}", s.call_line(&get)));
            let test = Command::new("Test-CsVoicePolicy")
                .str("TargetNumber", &trace.normalized)
                .arg("VoicePolicy", Value::Var("voicePolicy"));
            body.push(format!("$result = {}", s.call_line(&test)));
        }
        Caller::Trunk { trunk, .. } => {
            body.push(format!(
                "$trunkConfiguration = {}",
                s.call_line(&trunk_configuration(input, trunk.id))
            ));
            // The page asks for `tel:` and the E.164 number.
            let test = Command::new("Test-CsInterTrunkRouting")
                .str("TargetNumber", &format!("tel:{}", trace.normalized))
                .arg("TrunkConfiguration", Value::Var("trunkConfiguration"));
            body.push(format!("$result = {}", s.call_line(&test)));
        }
    }
    body.push("$actual = $result.FirstMatchingRoute".into());
    body.push("if ($actual.Name) { $actual = $actual.Name }".into());
    body.push("$actual = [string]$actual".into());
    body.push(format!(
        "if (-not $actual) {{ $actual = {} }}",
        quote(NO_ROUTE)
    ));
    attempt(s, &body);
}

/// `Get-CsTrunkConfiguration` of the collection that applies to trunk `t`
/// (the live global one when none is declared: A14).
fn trunk_configuration(input: &Input<'_>, t: TrunkId) -> Command {
    let m = input.model;
    let id = input.project.analysed().effective(t).config.map_or_else(
        || "global".to_string(),
        |c| identity::trunk_config(m, m.trunk_configs.get(c).scope),
    );
    Command::new("Get-CsTrunkConfiguration").str("Identity", &id)
}

/// `sent` via trunk `t`: its configuration's called-number rules on the
/// number as routed, and the `+` removed when the live configuration
/// removes it (after the rules, as the simulation does).
fn called_number(s: &mut Script, input: &Input<'_>, t: TrunkId, number: &str) {
    let mut body = vec![format!(
        "$trunkConfiguration = {}",
        s.call_line(&trunk_configuration(input, t))
    )];
    let test = Command::new("Test-CsTrunkConfiguration")
        .str("DialedNumber", number)
        .arg("TrunkConfiguration", Value::Var("trunkConfiguration"));
    body.push(format!("$result = {}", s.call_line(&test)));
    body.extend(translated(number));
    body.push(
        "if ($trunkConfiguration.RemovePlusFromUri) { $actual = $actual -replace '^\\+', '' }"
            .into(),
    );
    attempt(s, &body);
}

/// The loop that prints every check and its parts, the summary line, and
/// the exit code. A check fails when one of its parts does; it passes when
/// every part it could check passed and it checked one (or had none); else
/// nothing of it was checkable live.
fn results(s: &mut Script) {
    s.section("Results");
    for line in [
        "$passed = 0",
        "$failed = 0",
        "$unchecked = 0",
        "$liveParts = 0",
        "$allParts = 0",
        "foreach ($check in $checks) {",
        "    $bad = 0",
        "    $live = 0",
        "    foreach ($part in $check.Parts) {",
        "        if ($part.Why) { continue }",
        "        $live += 1",
        "        if ($part.Failure -or $part.Actual -ne $part.Expected) { $bad += 1 }",
        "    }",
        "    $liveParts += $live",
        "    $allParts += $check.Parts.Count",
        "    if ($bad -gt 0) {",
        "        $status = 'FAIL'",
        "        $failed += 1",
        "    } elseif ($live -gt 0 -or $check.Parts.Count -eq 0) {",
        "        $status = 'PASS'",
        "        $passed += 1",
        "    } else {",
        "        $status = 'NOT CHECKABLE'",
        "        $unchecked += 1",
        "    }",
        "    '{0}: {1} ({2} of {3} expectations checked live)' -f $status, $check.Title, $live, $check.Parts.Count",
        "    foreach ($part in $check.Parts) {",
        "        if ($part.Why) {",
        "            '    {0}: not checkable live: {1}; expected {2}' -f $part.What, $part.Why, $part.Expected",
        "        } elseif ($part.Failure) {",
        "            '    {0}: FAIL: expected {1}; the check stopped: {2}' -f $part.What, $part.Expected, $part.Failure",
        "        } elseif ($part.Actual -ne $part.Expected) {",
        "            '    {0}: FAIL: expected {1}, actual {2}' -f $part.What, $part.Expected, $part.Actual",
        "        } else {",
        "            '    {0}: pass: expected {1}, actual {2}' -f $part.What, $part.Expected, $part.Actual",
        "        }",
        "    }",
        "}",
        "'{0} passed, {1} failed, {2} not checkable live; {3} of {4} expectations checked live' -f $passed, $failed, $unchecked, $liveParts, $allParts",
        "if ($failed -gt 0) { exit 1 }",
        "exit 0",
    ] {
        s.line(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::Options;
    use crate::source::Sources;

    /// `verify.ps1` of `BASE` and `extra`.
    fn script(extra: &str) -> String {
        let mut sources = Sources::new();
        sources.add(
            "t.topo",
            format!("{}{extra}", crate::generate::hostile::BASE),
        );
        crate::check_with(&sources, |report| {
            let project = report.clean.as_ref().expect("the project is clean");
            emit_verify(&Input::new(project, &sources, Options::default()), "h")
        })
    }

    #[test]
    fn the_rules_are_tested_with_the_number_they_receive() {
        // The client removes formatting characters, then the external
        // access prefix: the plan's rules see `5550100`.
        let s = script(
            "dial-plan site:S { external-access-prefix '9'; optimize-device-dialing on; \
             rule L '^(\\d{7})$' -> '+1425$1' }
             test \"local\" { from user { home-pool fe.s.com }; dial '9 555-0100'; \
             expect { normalized '+14255550100'; unroutable } }",
        );
        assert!(
            s.contains("$dialPlan = Get-CsDialPlan -Identity 'site:S'\n"),
            "{s}"
        );
        assert!(
            s.contains("Test-CsDialPlan -DialedNumber '5550100' -Dialplan $dialPlan"),
            "{s}"
        );
        assert!(
            s.contains("Test-CsVoicePolicy -TargetNumber '+14255550100'"),
            "{s}"
        );
        assert!(s.contains("Expected = '<no route>'"), "{s}");
    }

    #[test]
    fn what_no_cmdlet_observes_is_said_to_be_not_checkable() {
        let s = script(
            "lync-numbers '^\\+1425555\\d{4}$'
             test \"user\" { dial '+14255551234'; expect { lync-user } }",
        );
        assert!(
            s.contains(&format!(
                "$parts += @{{ What = 'outcome'; Expected = 'a Lync user'; Why = {} }}",
                quote(why::LYNC_USER)
            )),
            "{s}"
        );
        let code = s.lines().filter(|l| !l.starts_with('#'));
        assert!(code.clone().all(|l| !l.contains("Test-Cs")), "{s}");
    }

    #[test]
    fn a_project_without_tests_says_so() {
        let s = script("");
        assert!(s.contains("# The project has no golden tests: nothing to check."));
        assert!(!s.contains("$checks +="));
        assert!(s.ends_with("exit 0\n"));
    }
}
