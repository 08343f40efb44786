//! Golden call tests (LANGUAGE.md section 7): every `test` block is
//! simulated and each expectation compared with what happens. A failed
//! expectation is an error at that expectation naming the expected and
//! the actual value, with the simulated call attached; a test that cannot
//! be evaluated (a pattern topoc does not evaluate, a bypass expectation
//! without a caller location) is an error too, never a pass.

use crate::bypass::Verdict;
use super::{Context, Owner, PatternRole};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{CallTest, Model, RouteId, TrunkId};
use crate::simulate::trace::Egress;
use crate::simulate::{Call, Outcome, Trace};
use crate::source::Span;

/// One expectation that does not hold.
struct Failure {
    span: Span,
    what: &'static str,
    expected: String,
    actual: String,
}

fn quoted(s: &str) -> String {
    format!("'{s}'")
}

fn names<I: Copy>(ids: &[I], name: impl Fn(I) -> String) -> String {
    format!(
        "[{}]",
        ids.iter().map(|&i| name(i)).collect::<Vec<_>>().join(", ")
    )
}

/// Numbers as trunks send them: `'N' via `T`, ...` (`none` where nothing is sent).
fn sent_via<'e>(
    egress: impl Iterator<Item = &'e Egress<'e>>,
    get: &dyn Fn(&Egress) -> Option<String>,
) -> String {
    egress
        .map(|x| {
            format!(
                "{} via `{}`",
                get(x).map_or("none".into(), |n| quoted(&n)),
                x.trunk
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the call did instead of reaching a route, for messages.
fn no_route(trace: &Trace) -> String {
    match trace.outcome {
        Outcome::LyncUser => "a Lync user (reverse number lookup)".into(),
        Outcome::Unassigned => "the unassigned number table".into(),
        Outcome::Unroutable => "no route (unroutable)".into(),
        Outcome::Undecided => "undecided".into(),
        Outcome::Routed => match &trace.route {
            Some(r) => format!("route `{}`", r.route),
            None => "a route".into(),
        },
    }
}

/// Why a test cannot be decided, and what would decide it.
struct Undecidable {
    why: String,
    help: &'static str,
}

/// Compares the expectations with the trace; `Err` when the test cannot be
/// decided.
fn compare(m: &Model, test: &CallTest, trace: &Trace) -> Result<Vec<Failure>, Undecidable> {
    if let Some(why) = &trace.undecided {
        return Err(Undecidable {
            why: why.to_string(),
            help: "simplify the pattern named in the trace",
        });
    }
    let e = &test.expect;
    let route_name = |r: RouteId| format!("`{}`", m.routes.get(r).name.text);
    let trunk_name = |t: TrunkId| m.trunks.get(t).name.text.clone();
    let mut out = Vec::new();
    let mut fail = |span: Span, what: &'static str, expected: String, actual: String| {
        out.push(Failure {
            span,
            what,
            expected,
            actual,
        });
    };
    if let Some(n) = &e.normalized
        && n.text != trace.normalized
    {
        fail(
            n.span,
            "normalized number",
            quoted(&n.text),
            quoted(&trace.normalized),
        );
    }
    for (expect, outcome, expected) in [
        (&e.lync_user, Outcome::LyncUser, "a Lync user"),
        (
            &e.unassigned,
            Outcome::Unassigned,
            "the unassigned number table",
        ),
        (&e.unroutable, Outcome::Unroutable, "unroutable"),
    ] {
        let Some(s) = expect else { continue };
        if s.value != (trace.outcome == outcome) {
            let actual = match &trace.route {
                Some(r) => format!("route `{}`", r.route),
                None => no_route(trace),
            };
            fail(s.span, "outcome", expected.into(), actual);
        }
    }
    if let Some(r) = &e.route {
        match &trace.route {
            Some(h) if h.id == r.id => {}
            Some(h) => fail(r.span, "route", route_name(r.id), format!("`{}`", h.route)),
            None => fail(r.span, "route", route_name(r.id), no_route(trace)),
        }
    }
    if let Some(s) = &e.trunks {
        let mut expected: Vec<TrunkId> = s.value.iter().map(|t| t.id).collect();
        expected.sort();
        expected.dedup();
        let actual: Vec<TrunkId> = trace
            .route
            .as_ref()
            .map(|h| h.trunk_ids.clone())
            .unwrap_or_default();
        if expected != actual {
            let shown = if trace.route.is_some() {
                names(&actual, trunk_name)
            } else {
                no_route(trace)
            };
            fail(s.span, "trunks", names(&expected, trunk_name), shown);
        }
    }
    if let Some(s) = &e.backup {
        let expected: Vec<RouteId> = s.value.iter().map(|r| r.id).collect();
        let actual: Vec<RouteId> = trace.failover.iter().map(|h| h.id).collect();
        if expected != actual {
            let name = |r: RouteId| m.routes.get(r).name.text.clone();
            fail(
                s.span,
                "backup routes",
                names(&expected, name),
                names(&actual, name),
            );
        }
    }
    let as_sent = |get: &dyn Fn(&Egress) -> Option<String>| -> String {
        if trace.egress.is_empty() {
            format!("nothing sent: {}", no_route(trace))
        } else {
            sent_via(trace.egress.iter(), get)
        }
    };
    // `sent` and `calling` hold for every trunk of the winning route, or
    // for the one named with `via`.
    let egress_for = |via: Option<crate::model::Ref<TrunkId>>| -> Vec<&Egress> {
        trace
            .egress
            .iter()
            .filter(|x| via.is_none_or(|v| v.id == x.id))
            .collect()
    };
    let mut numbers = |p: &crate::model::Pattern,
                       via: Option<crate::model::Ref<TrunkId>>,
                       what: &'static str,
                       get: &dyn Fn(&Egress) -> Option<String>| {
        let chosen = egress_for(via);
        if let (Some(v), true, Some(h)) = (via, chosen.is_empty(), &trace.route) {
            fail(
                v.span,
                "trunk",
                format!("`{}` among the winning route's trunks", trunk_name(v.id)),
                format!("[{}]", h.trunks.join(", ")),
            );
        } else if chosen.is_empty()
            || chosen
                .iter()
                .any(|x| get(x).as_deref() != Some(p.text.as_str()))
        {
            let shown = if chosen.is_empty() {
                as_sent(get)
            } else {
                sent_via(chosen.iter().copied(), get)
            };
            fail(p.span, what, quoted(&p.text), shown);
        }
    };
    for s in &e.sent {
        numbers(&s.number, s.via, "called number sent", &|x| {
            Some(x.called.clone())
        });
    }
    for s in &e.calling {
        numbers(&s.number, s.via, "calling number sent", &|x| {
            x.calling.clone()
        });
    }
    if let Some(s) = &e.bypass {
        let (want, via) = s.value;
        let steps: Vec<_> = match via {
            Some(t) => {
                let found: Vec<_> = trace.bypass.iter().filter(|b| b.id == t.id).collect();
                if found.is_empty() {
                    fail(
                        t.span,
                        "bypass trunk",
                        format!("`{}` among the winning route's trunks", trunk_name(t.id)),
                        match &trace.route {
                            Some(h) => format!("[{}]", h.trunks.join(", ")),
                            None => no_route(trace),
                        },
                    );
                }
                found
            }
            None => trace.bypass.iter().collect(),
        };
        if via.is_none() && steps.is_empty() {
            fail(
                s.span,
                "bypass",
                if want { "on" } else { "off" }.into(),
                no_route(trace),
            );
        }
        if let Some(unknown) = steps.iter().find(|b| b.bypass == Verdict::Unknown) {
            return Err(Undecidable {
                why: format!(
                    "bypass via `{}` depends on what is not given: {}",
                    unknown.trunk,
                    unknown.reasons.join("; ")
                ),
                help: "place the caller with `network-site` or `ip`, or give the peer a `media-ip`",
            });
        }
        let wrong: Vec<String> = steps
            .iter()
            .filter(|b| (b.bypass == Verdict::Yes) != want)
            .map(|b| {
                let why = if b.reasons.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", b.reasons.join("; "))
                };
                format!("{} via `{}`{why}", b.bypass.on_off(), b.trunk)
            })
            .collect();
        if !wrong.is_empty() {
            fail(
                s.span,
                "bypass",
                if want { "on" } else { "off" }.into(),
                wrong.join(", "),
            );
        }
    }
    out.sort_by_key(|f| f.span.start);
    Ok(out)
}

fn note(trace: &Trace) -> String {
    let mut s = String::from("simulated call:");
    for line in trace.lines() {
        s.push_str("\n  ");
        s.push_str(&line);
    }
    s
}

/// One golden test run.
pub struct TestRun {
    /// Its title.
    pub title: String,
    /// Its declaration.
    pub span: Span,
    /// Why it failed or could not be decided; `None` when it passed.
    pub failure: Option<Diagnostic>,
}

/// Runs every golden test.
pub fn call_tests(cx: &Context<'_>) -> Vec<Diagnostic> {
    run(cx, &|_| true)
        .into_iter()
        .filter_map(|r| r.failure)
        .collect()
}

/// Runs the golden tests `select` picks, in declaration order.
///
/// While a pattern the simulator could meet is one Lync rejects (T0505),
/// a failed test is most likely its consequence: it says so in one line,
/// pointing at that pattern, instead of its full trace.
pub fn run(cx: &Context<'_>, select: &dyn Fn(&CallTest) -> bool) -> Vec<TestRun> {
    let m = cx.model;
    let sim = cx.simulator(m.tests.len());
    let rejected: Vec<(Owner, String)> = cx
        .pattern_uses()
        .iter()
        .filter(|u| u.regex.is_none() && u.role() != PatternRole::Peer)
        .map(|u| (u.owner, cx.owner(u)))
        .collect();
    m.tests
        .iter()
        .filter(|(_, test)| select(test))
        .map(|(_, test)| {
            let trace = sim.simulate(&Call::of_test(test));
            let mut failure = failure(m, test, &trace);
            let met: Vec<String> = rejected
                .iter()
                .filter(|(owner, _)| met_by(m, *owner, &trace))
                .map(|(_, name)| name.clone())
                .collect();
            if let Some(d) = &mut failure
                && d.code == Code::CallTestFailed
                && !met.is_empty()
            {
                *d = caused_by(d, &met);
            }
            TestRun {
                title: test.title.text.clone(),
                span: test.span,
                failure,
            }
        })
        .collect()
}

/// Whether the simulated call met the object holding a pattern: a route of
/// a usage it tried, a rule of the dial plan that normalized it, or a rule
/// of a trunk configuration it left through.
fn met_by(m: &Model, owner: Owner, trace: &Trace) -> bool {
    match owner {
        Owner::Route(r) => m
            .routes
            .get(r)
            .usages
            .iter()
            .any(|u| trace.usages.iter().any(|s| s.usage == m.usages.get(u.id).name.text)),
        Owner::Normalization(d) => trace
            .dial_plan
            .as_ref()
            .is_some_and(|p| p.name == m.dial_plans.get(d).scope_text),
        Owner::Called(c) | Owner::Calling(c) => {
            let name = m.config_scope_text(c);
            trace.egress.iter().any(|e| e.config == name)
        }
        Owner::LyncNumbers => true,
        Owner::Owns(_) | Owner::Sends(_) => false,
    }
}

/// A failed test's diagnostic folded under the patterns Lync rejects:
/// the message and where, naming those patterns (T0505 shows each), and
/// no trace.
fn caused_by(d: &Diagnostic, rejected: &[String]) -> Diagnostic {
    const SHOWN: usize = 3;
    let mut owners: Vec<&str> = rejected.iter().take(SHOWN).map(String::as_str).collect();
    let more = rejected.len().saturating_sub(SHOWN);
    let more = match more {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let last = owners.pop().unwrap_or_default();
    let list = if owners.is_empty() {
        last.to_string()
    } else {
        format!("{}{} and {last}", owners.join(", "), if more.is_empty() { "" } else { "," })
    };
    let mut folded = Diagnostic::new(
        Code::CallTestFailed,
        format!(
            "{}, probably because Lync rejects the pattern of {list}{more}",
            d.message
        ),
        d.primary.span,
        d.primary.text.clone(),
    )
    .with_help("fix the patterns Lync rejects (T0505, reported at each) first, then run the tests again");
    // The other expectations that failed keep their labels.
    for l in &d.secondary {
        folded = folded.with_secondary(l.span, l.text.clone());
    }
    folded
}

/// The diagnostic of a test that fails or cannot be decided.
fn failure(m: &Model, test: &CallTest, trace: &Trace) -> Option<Diagnostic> {
    let title = &test.title.text;
    match compare(m, test, trace) {
        Err(Undecidable { why, help }) => Some(
            Diagnostic::new(
                Code::CallTestUndecided,
                format!("test \"{title}\" cannot be decided: {why}"),
                test.title.span,
                "undecided",
            )
            .with_help(help)
            .with_note(note(trace)),
        ),
        Ok(failures) => {
            let first = failures.first()?;
            let more = match failures.len() {
                1 => String::new(),
                2 => " (and 1 more expectation)".into(),
                n => format!(" (and {} more expectations)", n - 1),
            };
            let mut d = Diagnostic::new(
                Code::CallTestFailed,
                format!(
                    "test \"{title}\" failed: expected {} {}, got {}{more}",
                    first.what, first.expected, first.actual
                ),
                first.span,
                format!("got {}", first.actual),
            );
            for f in &failures[1..] {
                d = d.with_secondary(
                    f.span,
                    format!("expected {} {}, got {}", f.what, f.expected, f.actual),
                );
            }
            Some(
                d.with_help(
                    "if the topology is right, update the expectation; otherwise fix the topology",
                )
                .with_note(note(trace)),
            )
        }
    }
}
