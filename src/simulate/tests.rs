//! The simulator against small projects: each step, the trace and the
//! assumptions it names.

use super::*;
use crate::source::Sources;

const BASE: &str = r"
site Redmond {
  frontend-pool fe01.contoso.com {
    servers [fe01a.contoso.com]
    mediation collocated { tls-ports 5067 }
  }
  gateway gw1.contoso.com { root-trunk { port 5067 tls; mediation fe01.contoso.com port 5067 } }
  gateway gw2.contoso.com { root-trunk { port 5067 tls; mediation fe01.contoso.com port 5067 } }
}
pstn-usage Local
pstn-usage LD
";

fn model(extra: &str) -> Model {
    let mut sources = Sources::new();
    sources.add("t.topo", format!("{BASE}{extra}"));
    let checked = crate::check(&sources);
    checked.model.expect("the project lowers")
}

/// The trace's text and data that tests look at, owned.
struct Seen {
    normalized: String,
    prefix_removed: Option<String>,
    outcome: Outcome,
    route: Option<String>,
    failover: Vec<String>,
    skipped: Vec<usize>,
    first_result: Option<&'static str>,
    dial_plan: bool,
    called: Vec<String>,
    calling: Vec<Option<String>>,
    assumptions: Vec<&'static str>,
    lines: Vec<String>,
}

fn run(m: &Model, origin: Origin, dialled: &str, calling: Option<&str>) -> Seen {
    let in_effect = InEffect::new(m);
    let compiled = Compiled::new(m);
    let bypass = Bypass::new(m, &in_effect);
    let t = Simulator::new(m, &in_effect, &compiled, &bypass).simulate(&Call {
        origin,
        dialled: dialled.into(),
        calling: calling.map(str::to_string),
    });
    Seen {
        normalized: t.normalized.clone(),
        prefix_removed: t.prefix_removed.clone(),
        outcome: t.outcome,
        route: t.route.as_ref().map(|h| h.route.to_string()),
        failover: t.failover.iter().map(|h| h.route.to_string()).collect(),
        skipped: t.usages.iter().map(|u| u.skipped).collect(),
        first_result: t
            .usages
            .first()
            .and_then(|u| u.candidates.first())
            .map(|c| c.result),
        dial_plan: t.dial_plan.is_some(),
        called: t.egress.iter().map(|e| e.called.clone()).collect(),
        calling: t.egress.iter().map(|e| e.calling.clone()).collect(),
        assumptions: t.assumptions.iter().map(|a| a.text).collect(),
        lines: t.lines(),
    }
}

fn user(m: &Model) -> Origin {
    Origin::User(User {
        home_pool: Some(m.pools.ids().next().unwrap()),
        ..User::default()
    })
}

#[test]
fn external_access_prefix_only_with_optimize() {
    let plan = |optimize: &str| {
        model(&format!(
            "dial-plan site:Redmond {{ external-access-prefix '9'; {optimize} rule L '^(\\d{{7}})$' -> '+1425$1' }}"
        ))
    };
    let m = plan("optimize-device-dialing on;");
    let t = run(&m, user(&m), "95550100", None);
    assert_eq!(t.prefix_removed.as_deref(), Some("9"));
    assert_eq!(t.normalized, "+14255550100");
    let m = plan("");
    let t = run(&m, user(&m), "95550100", None);
    assert_eq!(t.prefix_removed, None);
    assert_eq!(t.normalized, "95550100");
}

#[test]
fn reverse_number_lookup_ends_routing() {
    let m = model(
        "lync-numbers '^\\+14255551\\d{3}$'\nroute R { pattern '^\\+1\\d{10}$'; usages [Local]; trunks [gw1.contoso.com] }\nvoice-policy global { usages [Local] }",
    );
    let t = run(&m, user(&m), "+14255551234", None);
    assert_eq!(t.outcome, Outcome::LyncUser);
    assert!(t.skipped.is_empty() && t.route.is_none());
}

#[test]
fn failover_follows_usages_then_priority_and_lists_each_route_once() {
    let m = model(
            "route A { pattern '^\\+1425\\d{7}$'; usages [Local, LD]; trunks [gw1.contoso.com]; priority 2 }
             route B { pattern '^\\+1\\d{10}$'; usages [Local]; trunks [gw2.contoso.com]; priority 1 }
             route C { pattern '^\\+1\\d{10}$'; usages [LD]; trunks [gw2.contoso.com] }
             route D { pattern '^\\+44\\d+$'; usages [Local]; trunks [gw2.contoso.com]; priority 0 }
             voice-policy global { usages [Local, LD] }",
        );
    let t = run(&m, user(&m), "+14255550100", None);
    assert_eq!(t.route.as_deref(), Some("B"));
    assert_eq!(t.failover, ["A", "C"]);
    // D is never tried: its prefix `+44` is not the number's.
    assert_eq!(t.skipped[0], 1);
}

#[test]
fn calls_entering_on_a_trunk_use_its_configuration_and_dial_plan() {
    let m = model(
        "route R { pattern '^\\+1\\d{10}$'; usages [LD]; trunks [gw2.contoso.com] }
             trunk-config trunk:gw1.contoso.com { usages [LD] }",
    );
    let gw1 = m
        .trunks
        .iter()
        .find(|(_, t)| t.name.text == "gw1.contoso.com")
        .unwrap()
        .0;
    let t = run(&m, Origin::Trunk(gw1), "+12065550100", None);
    assert_eq!(t.route.as_deref(), Some("R"));
    assert!(!t.dial_plan);
    assert!(t.assumptions.iter().any(|a| a.contains("not normalized")));
}

#[test]
fn no_dial_plan_means_lyncs_placeholder_rule() {
    let m = model("");
    let t = run(&m, user(&m), "14255550100", None);
    assert_eq!(t.normalized, "+14255550100");
    assert!(
        t.assumptions
            .contains(&assume::DEFAULT_GLOBAL_DIAL_PLAN.text)
    );
    let a = assume::DEFAULT_GLOBAL_DIAL_PLAN.text;
    assert!(a.contains(compiled::PLACEHOLDER_PATTERN));
    assert!(a.contains(compiled::PLACEHOLDER_TRANSLATION));
    assert!(a.contains("Prefix All"), "the name New-CsDialPlan gives it");
    assert!(
        t.lines
            .iter()
            .any(|l| l.contains("Prefix All '^(\\d{11})$' matched")),
        "{:?}",
        t.lines
    );
}

#[test]
fn egress_rewrites_in_the_assumed_order() {
    let m = model(
            "route R { pattern '^\\+1\\d{10}$'; usages [Local]; trunks [gw1.contoso.com]; caller-id suppress '+14255550100' }
             voice-policy global { usages [Local] }
             trunk-config global {
               remove-plus on
               called-number { rule C '^\\+(1\\d{10})$' -> '+$1' }
               calling-number { rule K '^\\+1425(\\d{7})$' -> '+1425$1' }
             }",
        );
    let t = run(&m, user(&m), "+12065550100", Some("+14255559999"));
    // The translation keeps the `+`; remove-plus takes it off afterwards.
    assert_eq!(t.called, ["12065550100"]);
    // The alternate caller ID replaces the caller's number before the rules.
    assert_eq!(t.calling, [Some("14255550100".to_string())]);
    assert!(
        t.assumptions
            .iter()
            .any(|a| a.contains("caller-ID replacement comes before"))
    );
    assert!(
        t.assumptions
            .iter()
            .any(|a| a.contains("remove-plus applies after"))
    );
}

#[test]
fn routes_without_distinct_priorities_go_by_name_and_say_so() {
    let m = model(
        "route Zed { pattern '^\\+1\\d{10}$'; usages [Local]; trunks [gw1.contoso.com] }
             route Alpha { pattern '^\\+1\\d{10}$'; usages [Local]; trunks [gw2.contoso.com] }
             voice-policy global { usages [Local] }",
    );
    let t = run(&m, user(&m), "+12065550100", None);
    assert_eq!(t.route.as_deref(), Some("Alpha"));
    assert!(t.assumptions.contains(&assume::ROUTE_ORDER_IN_USAGE.text));
}

#[test]
fn the_order_inside_one_usage_is_an_assumption_whatever_the_priorities() {
    // Distinct priorities: Lync 2013 still does not guarantee the order
    // (A06); a separate usage for the fallback does.
    let one_usage = model(
            "route Specific { pattern '^\\+1425\\d{7}$'; usages [Local]; trunks [gw1.contoso.com]; priority 0 }
             route CatchAll { pattern '^\\+1\\d{10}$'; usages [Local]; trunks [gw2.contoso.com]; priority 1 }
             voice-policy global { usages [Local] }",
        );
    let t = run(&one_usage, user(&one_usage), "+14255550100", None);
    assert_eq!(t.route.as_deref(), Some("Specific"));
    assert!(t.assumptions.contains(&assume::ROUTE_ORDER_IN_USAGE.text));
    let two_usages = model(
        "pstn-usage Fallback
             route Specific { pattern '^\\+1425\\d{7}$'; usages [Local]; trunks [gw1.contoso.com] }
             route CatchAll { pattern '^\\+1\\d{10}$'; usages [Fallback]; trunks [gw2.contoso.com] }
             voice-policy global { usages [Local, Fallback] }",
    );
    let t = run(&two_usages, user(&two_usages), "+14255550100", None);
    assert_eq!(t.route.as_deref(), Some("Specific"));
    assert_eq!(t.failover, ["CatchAll"]);
    assert!(!t.assumptions.contains(&assume::ROUTE_ORDER_IN_USAGE.text));
}

#[test]
fn a_route_lync_refuses_is_skipped() {
    let m = model(
            "route Bad { pattern '^\\+1(\\d{10}$'; usages [Local]; trunks [gw1.contoso.com]; priority 0 }
             route Good { pattern '^\\+1\\d{10}$'; usages [Local]; trunks [gw2.contoso.com]; priority 1 }
             voice-policy global { usages [Local] }",
        );
    let t = run(&m, user(&m), "+12065550100", None);
    assert_eq!(t.route.as_deref(), Some("Good"));
    assert!(t.first_result.is_some_and(|r| r.contains("invalid")));
    assert!(t.lines.iter().any(|l| l.contains("route Bad")));
}

#[test]
fn the_prefix_index_finds_exactly_the_routes_a_scan_would() {
    let mut rng = crate::generate::Rng(7);
    let mut routes = String::new();
    for i in 0..300 {
        let digits: String = (0..rng.below(5))
            .map(|_| (b'0' + rng.below(3) as u8) as char)
            .collect();
        let pattern = match rng.below(4) {
            0 => format!("^\\+{digits}\\d*$"),
            1 => format!("\\+{digits}"),
            2 => format!("^(\\+{digits})\\d*$"),
            _ => format!("^\\+{digits}[0-2]*$"),
        };
        routes.push_str(&format!(
            "route R{i} {{ pattern '{pattern}'; usages [Local]; trunks [gw1.contoso.com] }}\n"
        ));
    }
    let m = model(&routes);
    let compiled = Compiled::new(&m);
    let usage = m
        .usages
        .iter()
        .find(|(_, u)| u.name.text == "Local")
        .unwrap()
        .0;
    assert_eq!(compiled.usage_routes(usage).len(), 300);
    let mut matched = 0;
    for _ in 0..500 {
        let number: String = std::iter::once('+')
            .chain((0..rng.below(7)).map(|_| (b'0' + rng.below(3) as u8) as char))
            .collect();
        let indexed: Vec<RouteId> = compiled
            .candidates(usage, &number)
            .into_iter()
            .filter(|&r| {
                compiled
                    .route(r)
                    .is_some_and(|re| re.is_match(&number).unwrap())
            })
            .collect();
        let scanned: Vec<RouteId> = compiled
            .usage_routes(usage)
            .iter()
            .copied()
            .filter(|&r| {
                compiled
                    .route(r)
                    .is_some_and(|re| re.is_match(&number).unwrap())
            })
            .collect();
        assert_eq!(indexed, scanned, "{number}");
        matched += usize::from(!scanned.is_empty());
    }
    assert!(matched > 50, "only {matched} numbers matched a route");
}
