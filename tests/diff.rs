//! `topoc diff` (issue 18): a project against itself, a narrowed route,
//! reformatted and reordered files, `--git`, hostile names in the
//! Markdown, and random pairs of small projects against brute force.

#![allow(clippy::disallowed_methods)] // the tests read examples and write scratch repositories

mod common;

use topoc::dialset::{Set, of_regex};
use topoc::diff::Diff;
use topoc::generate::Rng;
use topoc::netregex::Regex;
use topoc::simulate::{Call, Origin, User};
use topoc::source::Sources;

use common::random::{numbers, topology};
use common::{root, scratch, topo_files, topoc, topoc_in};

fn sources(files: &[(String, String)]) -> Sources {
    let mut s = Sources::new();
    for (name, text) in files {
        s.add(name.clone(), text.clone());
    }
    s
}

fn example(name: &str) -> Vec<(String, String)> {
    topo_files(&root().join("examples").join(name))
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// The changes of the users' calls (asserted to be there).
fn users_calls(d: &Diff) -> &topoc::diff::Originator {
    d.behaviour
        .iter()
        .find(|o| o.who.iter().any(|w| w.contains("users homed")))
        .expect("the users' calls change")
}

/// The one region where the users' calls change.
fn users_only_region(d: &Diff) -> &topoc::diff::Region {
    let user = users_calls(d);
    assert_eq!(user.changes.regions.len(), 1, "{:?}", user.changes.regions);
    &user.changes.regions[0]
}

fn compare(old: &Sources, new: &Sources) -> Diff {
    topoc::diff::of_sources(old, new).0
}

/// Two versions checked at once (`topoc diff`) share their patterns, parsed
/// and as sets, yet each finds, and stops where its work budget runs out,
/// exactly what `topoc check` of it alone does: on projects whose analysis
/// spends the budget on costly patterns both versions have (a set reused
/// from the other version is charged the work it took).
#[test]
fn versions_checked_together_find_what_each_finds_alone() {
    let project = |from: usize, changed: Option<usize>| {
        let mut t = String::from(
            "site S {\n  frontend-pool fe.s.contoso.com { servers [fe1.s.contoso.com]; mediation collocated { tls-ports 5067 } }\n  gateway g1.s.contoso.com { root-trunk { port 5067 tls; mediation fe.s.contoso.com port 5067 } }\n}\npstn-usage L\nvoice-policy global { usages [L] }\n",
        );
        for i in from..60 {
            // A subset construction of some two thousand states each.
            let width = if changed == Some(i) { 9 } else { 10 };
            t.push_str(&format!(
                "route H{i:02} {{ pattern '^\\+{}[01]*1[01]{{{width}}}$'; usages [L]; trunks [g1.s.contoso.com] }}\n",
                10 + i
            ));
        }
        sources(&[("a.topo".into(), t)])
    };
    let old = project(0, None);
    for new in [project(0, None), project(5, None), project(0, Some(3))] {
        let (a, b) = topoc::check_pair(&old, &new, |ra, rb| {
            (ra.diagnostics.to_vec(), rb.diagnostics.to_vec())
        });
        assert_eq!(a, topoc::check(&old).diagnostics);
        assert_eq!(b, topoc::check(&new).diagnostics);
        for found in [&a, &b] {
            assert!(
                found
                    .iter()
                    .any(|d| d.message.contains("spent the work budget")),
                "{found:#?}"
            );
        }
    }
}

fn set(pattern: &str) -> Set {
    of_regex(&Regex::new(pattern).unwrap()).unwrap()
}

#[test]
fn a_project_against_itself_changes_nothing() {
    for name in ["contoso", "enterprise", "small-business"] {
        let files = sources(&example(name));
        let d = compare(&files, &files);
        assert!(!d.behaviour_changed(), "{name}: {d:?}");
        assert!(d.originators > 0, "{name}: nothing compared");
        assert!(d.objects.is_empty() && d.fixed.is_empty() && d.introduced.is_empty());
    }
}

#[test]
fn reformatted_and_reordered_files_change_nothing() {
    for name in ["contoso", "enterprise", "small-business"] {
        let files = example(name);
        let mut changed: Vec<(String, String)> = files
            .iter()
            .map(|(n, t)| {
                let mut one = Sources::new();
                let id = one.add(n.clone(), t.clone());
                let parsed = topoc::syntax::parse_file(one.get(id));
                // Reformatted without a blank line between declarations,
                // and the files in the opposite order under new names.
                let text = topoc::format::format(one.get(id), &parsed.0).replace("\n\n", "\n");
                (format!("renamed-{n}"), text)
            })
            .collect();
        changed.reverse();
        let d = compare(&sources(&files), &sources(&changed));
        assert!(
            !d.behaviour_changed(),
            "{name}: {}",
            topoc::diff::render::text(&d)
        );
        assert!(d.objects.is_empty(), "{name}: {:?}", d.objects);
    }
}

#[test]
fn a_narrowed_route_loses_exactly_its_numbers_for_exactly_its_callers() {
    let old = example("contoso");
    let new: Vec<(String, String)> = old
        .iter()
        .map(|(n, t)| {
            (
                n.clone(),
                t.replace(r"pattern '^\+1\d{10}$'", r"pattern '^\+1[2-8]\d{9}$'"),
            )
        })
        .collect();
    assert_ne!(old, new, "the route to narrow is in the example");
    let d = compare(&sources(&old), &sources(&new));
    assert!(d.behaviour_changed());
    // LongDistance carries `Long Distance` (the global and Bellevue
    // policies) and `PbxInbound` (the PBX trunks' configuration); the
    // callers without either are unchanged.
    let who: Vec<String> = d.behaviour.iter().flat_map(|o| o.who.clone()).collect();
    for o in &d.behaviour {
        assert!(o.changes.undecided.is_empty(), "{:?}", o.changes.undecided);
    }
    assert!(who.iter().any(|w| w.contains("trunk `pbx-2`")), "{who:?}");
    assert!(!who.iter().any(|w| w.contains("sip.itsp")), "{who:?}");
    // A call from the PBX is not normalized: it loses exactly the numbers
    // the old pattern matched and the new one does not.
    let pbx = d
        .behaviour
        .iter()
        .find(|o| o.who.iter().any(|w| w.contains("trunk `pbx-2`")))
        .unwrap();
    let lost = set(r"^\+1\d{10}$").minus(&set(r"^\+1[2-8]\d{9}$")).unwrap();
    assert_eq!(pbx.changes.regions.len(), 1, "{:?}", pbx.changes.regions);
    let r = &pbx.changes.regions[0];
    assert!(r.exact && r.described);
    assert_eq!(r.set, lost);
    assert_eq!(r.numbers, ["+1[019] xxxxxxxxx"]);
    assert_eq!(r.what, ["route"]);
    assert_eq!(r.before.outcome, "routed");
    assert_eq!(r.after.outcome, "unroutable");
    // Every region of every caller lies in the numbers the old route
    // matched, after normalization: replayed, each witness routed over
    // LongDistance before and not after.
    for o in &d.behaviour {
        for r in &o.changes.regions {
            assert!(
                r.before
                    .route
                    .as_deref()
                    .unwrap()
                    .starts_with("LongDistance")
            );
            assert_eq!(r.after.outcome, "unroutable");
        }
    }
    // The object change names the route and its pattern.
    assert_eq!(d.objects.len(), 1, "{:?}", d.objects);
    assert_eq!(d.objects[0].identity, "LongDistance");
}

#[test]
fn changed_normalization_is_reported_where_the_number_differs() {
    let text = |translation: &str| {
        format!(
            "site S {{ frontend-pool fe.s.example.com {{ servers [fe1.s.example.com]; mediation collocated {{ tls-ports 5067 }} }}\n\
             gateway gw.example.com {{ kind pstn-gateway; root-trunk {{ port 5061 tls; mediation fe.s.example.com port 5067 }} }} }}\n\
             pstn-usage U\n\
             route R {{ pattern '^\\+\\d+$'; usages [U]; trunks [gw.example.com] }}\n\
             voice-policy global {{ usages [U] }}\n\
             dial-plan global {{ rule Ext '^(\\d{{4}})$' -> '{translation}$1' }}\n"
        )
    };
    let old = sources(&[("t.topo".into(), text("+1425555"))]);
    let new = sources(&[("t.topo".into(), text("+1425556"))]);
    let d = compare(&old, &new);
    let r = users_only_region(&d);
    assert_eq!(r.set, set(r"^\d{4}$"));
    // Routing is the same function of the normalized number in both
    // versions: the change is the number, and with it the number sent.
    assert_eq!(r.what, ["normalized"]);
    assert_ne!(r.before.sent, r.after.sent);
    assert_eq!(r.witness, "0000");
    assert_eq!(r.before.normalized, "+14255550000");
    assert_eq!(r.after.normalized, "+14255560000");
}

/// One site, one gateway, a route and the global policy, with `extra`.
fn small(route: &str, extra: &str) -> Sources {
    sources(&[(
        "t.topo".into(),
        format!(
            "site S {{ frontend-pool fe.s.example.com {{ servers [fe1.s.example.com]; mediation collocated {{ tls-ports 5067 }} }}\n\
             gateway gw.example.com {{ kind pstn-gateway; root-trunk {{ port 5061 tls; mediation fe.s.example.com port 5067 }} }} }}\n\
             pstn-usage U\n\
             route R {{ pattern '{route}'; usages [U]; trunks [gw.example.com] }}\n\
             voice-policy global {{ usages [U] }}\n{extra}"
        ),
    )])
}

/// Every per-user voice policy with every per-user dial plan is a user
/// originator: a thousand of each make a million combinations for a
/// project of a few thousand lines. Over the limit the users' calls are
/// said to be not compared (behaviour not shown unchanged) rather than
/// enumerated for minutes; the trunks are still compared.
#[test]
fn millions_of_user_originators_are_not_enumerated_but_said_not_compared() {
    let tags = |n: usize, extra: &str| {
        let mut text = String::new();
        for i in 0..n {
            text.push_str(&format!(
                "voice-policy tag:P{i} {{ usages [U] }}\n\
                 dial-plan tag:D{i} {{ rule X '^(8\\d{{3}})$' -> '+1253555$1' }}\n"
            ));
        }
        small("^\\+1\\d{10}$", &(text + extra))
    };
    let old = tags(1000, "");
    let new = tags(1000, "voice-policy tag:Extra { usages [U] }\n");
    let d = compare(&old, &new);
    assert!(
        d.not_compared
            .iter()
            .any(|n| n.contains("the calls of users") && n.contains("1003002 combinations")),
        "{:?}",
        d.not_compared
    );
    assert!(d.behaviour_changed());
    // The trunk, and only it, was compared.
    assert_eq!(d.originators, 1, "{d:?}");
    // Under the limit every combination is compared.
    let d = compare(&tags(3, ""), &tags(3, ""));
    assert!(d.not_compared.is_empty(), "{:?}", d.not_compared);
    assert_eq!(d.originators, 4 * 4 + 1);
    assert!(!d.behaviour_changed());
}

/// A per-user policy or dial plan only one version declares makes callers
/// only that version has: each pool's users with it, alone or with every
/// plan or policy of the other kind.
#[test]
fn a_per_user_policy_or_plan_of_one_version_makes_one_sided_callers() {
    let route = "^\\+1\\d{10}$";
    let policy = "voice-policy tag:P0 { usages [U] }\n";
    let plan = "dial-plan tag:D0 { rule X '^(8\\d{3})$' -> '+1253555$1' }\n";
    let d = compare(&small(route, ""), &small(route, policy));
    assert!(d.only_old.is_empty(), "{d:?}");
    assert_eq!(
        d.only_new,
        ["users homed on `fe.s.example.com` with voice policy `tag:P0`"],
        "{d:?}"
    );
    // The pool's users with neither, and the trunk, are in both.
    assert_eq!(d.originators, 2, "{d:?}");
    assert!(d.behaviour_changed());
    let d = compare(&small(route, plan), &small(route, ""));
    assert_eq!(
        d.only_old,
        ["users homed on `fe.s.example.com` with dial plan `tag:D0`"],
        "{d:?}"
    );
    assert!(d.only_new.is_empty(), "{d:?}");
    assert_eq!(d.originators, 2, "{d:?}");
}

/// A per-user policy only the new version has, with a per-user plan only
/// the old one has, is a caller of neither: not listed as removed.
#[test]
fn a_caller_neither_version_has_is_not_listed() {
    let route = "^\\+1\\d{10}$";
    let policy = "voice-policy tag:P0 { usages [U] }\n";
    let plan = "dial-plan tag:D0 { rule X '^(8\\d{3})$' -> '+1253555$1' }\n";
    let d = compare(&small(route, plan), &small(route, policy));
    assert_eq!(
        d.only_old,
        ["users homed on `fe.s.example.com` with dial plan `tag:D0`"],
        "{d:?}"
    );
    assert_eq!(
        d.only_new,
        ["users homed on `fe.s.example.com` with voice policy `tag:P0`"],
        "{d:?}"
    );
    assert_eq!(d.originators, 2, "{d:?}");
}

#[test]
fn a_rule_topoc_cannot_follow_is_sampled_and_said_so() {
    // Two parts of the number copied in another order: no splice.
    let plan = "dial-plan global { rule Swap '^(\\d)(\\d{3})$' -> '+1$2$1' }\n";
    let d = compare(&small(r"^\+1\d+$", plan), &small(r"^\+12\d+$", plan));
    let user = users_calls(&d);
    let sampled: Vec<_> = user.changes.regions.iter().filter(|r| !r.exact).collect();
    assert_eq!(sampled.len(), 1, "{:?}", user.changes.regions);
    let r = sampled[0];
    assert!(
        r.note
            .as_deref()
            .unwrap()
            .contains("not a function topoc follows")
    );
    assert_ne!(r.before, r.after);
    assert!(r.set.contains(&r.witness) && r.set.contains("1000"));
    // The rendered text says the region is not exact.
    assert!(topoc::diff::render::text(&d).contains("not compared exactly"));
}

#[test]
fn a_changed_calling_number_rule_is_found_with_a_calling_number() {
    let config = |translation: &str| {
        format!(
            "trunk-config global {{ calling-number {{ rule Plus '^\\+1(\\d{{10}})$' -> '{translation}$1' }} }}\n"
        )
    };
    let d = compare(
        &small(r"^\+\d+$", &config("")),
        &small(r"^\+\d+$", &config("1")),
    );
    let r = users_only_region(&d);
    assert_eq!(r.what, ["calling"]);
    assert_eq!(r.calling.as_deref(), Some("+10000000000"));
    assert_eq!(r.before.calling, ["gw.example.com: 0000000000"]);
    assert_eq!(r.after.calling, ["gw.example.com: 10000000000"]);
    // Written differently, the same function: no change.
    let same = compare(
        &small(r"^\+\d+$", &config("")),
        &small(
            r"^\+\d+$",
            "trunk-config global { calling-number { rule Plus '^\\+1(\\d{10})$' -> '$1'; rule Never '^\\+1(\\d{10})$' -> 'x$1' } }\n",
        ),
    );
    assert!(
        same.behaviour.iter().all(|o| o.changes.regions.is_empty()),
        "{}",
        topoc::diff::render::text(&same)
    );
}

#[test]
fn a_calling_number_change_on_the_second_trunk_of_a_route_is_found() {
    // Before, both trunks send the calling number as it is (the same
    // treatment); after, the second one rewrites it.
    let text = |config: &str| {
        sources(&[(
            "t.topo".into(),
            format!(
                "site S {{ frontend-pool fe.s.example.com {{ servers [fe1.s.example.com]; mediation collocated {{ tls-ports 5067 }} }}\n\
                 gateway a.example.com {{ kind pstn-gateway; root-trunk {{ port 5061 tls; mediation fe.s.example.com port 5067 }} }}\n\
                 gateway b.example.com {{ kind pstn-gateway; root-trunk {{ port 5062 tls; mediation fe.s.example.com port 5067 }} }} }}\n\
                 pstn-usage U\n\
                 route R {{ pattern '^\\+\\d+$'; usages [U]; trunks [a.example.com, b.example.com] }}\n\
                 voice-policy global {{ usages [U] }}\n{config}"
            ),
        )])
    };
    let d = compare(
        &text(""),
        &text(
            "trunk-config trunk:b.example.com { calling-number { rule Plus '^\\+1(\\d{10})$' -> '$1' } }\n",
        ),
    );
    let r = users_only_region(&d);
    assert_eq!(r.what, ["calling"]);
    assert_ne!(r.before.calling, r.after.calling);
}

/// The originators of a generated topology, by the name the diff uses.
fn originators(text: &str) -> Vec<(String, bool, String)> {
    let mut out = vec![(
        "users homed on `fe.s.example.com`".to_string(),
        true,
        String::new(),
    )];
    for g in 0..8 {
        let name = format!("g{g}.example.com");
        if text.contains(&format!("gateway {name} ")) {
            out.push((format!("calls entering on trunk `{name}`"), false, name));
        }
    }
    out
}

/// A second version: the same gateways, the rest drawn again (so routes,
/// rules and usages differ at random), or one route's pattern redrawn.
fn variant(rng: &mut Rng, old: &str) -> String {
    if rng.chance(50) {
        let lines: Vec<&str> = old.lines().collect();
        let routes: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].starts_with("route "))
            .collect();
        let at = routes[rng.below(routes.len())];
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let start = out[at].find("pattern '").unwrap() + "pattern '".len();
        let end = start + out[at][start..].find('\'').unwrap();
        out[at].replace_range(start..end, &common::random::pattern(rng));
        return out.join("\n") + "\n";
    }
    let gateways = old.matches("  gateway ").count();
    loop {
        let t = topology(rng);
        if t.matches("  gateway ").count() == gateways {
            return t;
        }
    }
}

/// Extra configuration for the users: sometimes a global dial plan.
fn users(rng: &mut Rng) -> String {
    let mut t = String::new();
    if rng.chance(70) {
        // Sometimes text of varying length before the group, which .NET
        // matches one way or another by backtracking.
        let optional = ["1?", "2??", "(?:1|2)?", "(?:12|2)", ""][rng.below(5)];
        let add = ["", "+", "+1"][rng.below(3)];
        t.push_str(&format!(
            "dial-plan global {{ rule N0 '^{optional}({})$' -> '{add}$1'; {}; {} }}\n",
            common::random::atoms(rng, 2),
            common::random::rule(rng, "N1"),
            common::random::rule(rng, "N2")
        ));
    }
    t
}

#[test]
fn random_pairs_no_missed_and_no_invented_differences() {
    let mut rng = Rng(20261206);
    let numbers = numbers();
    let (mut differing, mut regions, mut undecided, mut skipped) = (0usize, 0usize, 0usize, 0);
    let (mut inexact, mut regexes) = (0usize, 0usize);
    for round in 0..200 {
        let base = topology(&mut rng);
        let extra = users(&mut rng);
        let old = base.clone() + &extra;
        let changed = variant(&mut rng, &base);
        let new = if rng.chance(50) {
            changed + &extra
        } else {
            changed + &users(&mut rng)
        };
        let (a, b) = (
            sources(&[("t.topo".into(), old.clone())]),
            sources(&[("t.topo".into(), new.clone())]),
        );
        let (ca, cb) = (topoc::check(&a), topoc::check(&b));
        if ca.has_errors() || cb.has_errors() {
            // A redrawn pattern can make a route Lync refuses.
            skipped += 1;
            continue;
        }
        let d = compare(&a, &b);
        assert!(
            d.not_compared.is_empty(),
            "round {round}: {:?}",
            d.not_compared
        );
        // Every reported region's witness differs when replayed.
        for o in &d.behaviour {
            regions += o.changes.regions.len();
            undecided += o.changes.undecided.len();
            for r in &o.changes.regions {
                inexact += usize::from(!r.exact);
                assert_ne!(r.before, r.after, "round {round}: {r:?}");
                assert!(r.set.contains(&r.witness), "round {round}: {r:?}");
                // A region written as a regular expression is exactly it.
                if r.described && r.numbers[0].starts_with('^') {
                    regexes += 1;
                    assert_eq!(set(&r.numbers[0]), r.set, "round {round}: {r:?}");
                }
            }
        }
        // Every number whose outcome differs lies in a reported region.
        let (ma, ga) = (ca.model.unwrap(), ca.graph.unwrap());
        let (mb, gb) = (cb.model.unwrap(), cb.graph.unwrap());
        let (xa, xb) = (
            topoc::analysed::Analysed::new(&ma, &ga),
            topoc::analysed::Analysed::new(&mb, &gb),
        );
        let (sa, sb) = (xa.simulator(0), xb.simulator(0));
        for (who, user, trunk) in originators(&old) {
            let origin = |m: &topoc::model::Model| {
                if user {
                    let pool = m.pools.iter().next().map(|(id, _)| id);
                    Origin::User(User {
                        home_pool: pool,
                        ..User::default()
                    })
                } else {
                    let id = m
                        .trunks
                        .iter()
                        .find(|(_, t)| t.name.text == trunk)
                        .unwrap()
                        .0;
                    Origin::Trunk(id)
                }
            };
            let (oa, ob) = (origin(&ma), origin(&mb));
            let changes = d.behaviour.iter().find(|o| o.who.contains(&who));
            for n in &numbers {
                let call = |o: &Origin| Call {
                    origin: o.clone(),
                    dialled: n.clone(),
                    calling: None,
                };
                let (p, q) = (sa.simulate(&call(&oa)), sb.simulate(&call(&ob)));
                let (p, q) = (
                    topoc::diff::Observed::of_trace(&p),
                    topoc::diff::Observed::of_trace(&q),
                );
                if p == q {
                    continue;
                }
                differing += 1;
                let covered = changes.is_some_and(|c| {
                    c.changes.regions.iter().any(|r| r.set.contains(n))
                        || c.changes.undecided.iter().any(|u| u.set.contains(n))
                });
                assert!(
                    covered,
                    "round {round}: {who} dialling {n:?} differs but is in no region\n{p:?}\n{q:?}\nold:\n{old}\nnew:\n{new}\n{}",
                    topoc::diff::render::text(&d)
                );
            }
        }
    }
    eprintln!(
        "{differing} differing, {regions} regions ({inexact} not exact, {regexes} as regexes), {undecided} undecided, {skipped} skipped"
    );
    // The test compares something: differences were found and reported.
    assert!(differing > 100 && regions > 20, "{differing} {regions}");
    assert!(skipped < 10, "{skipped} rounds skipped");
    assert!(
        undecided * 5 < regions,
        "{undecided} undecided of {regions}"
    );
}

/// The text a Markdown reader shows.
fn rendered(markdown: &str) -> String {
    pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES)
        .filter_map(|e| match e {
            pulldown_cmark::Event::Text(t) => Some(t.into_string()),
            _ => None,
        })
        .collect()
}

fn in_dir(dir: &std::path::Path, args: &[&str]) -> common::Run {
    topoc_in(dir, args, std::time::Duration::from_secs(60), None).expect("topoc ends")
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(ok.status.success(), "git {args:?}: {ok:?}");
}

#[test]
fn git_compares_the_working_tree_with_a_revision() {
    let files = example("contoso");
    let owned: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let dir = scratch("diff-git", &owned);
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "start"]);
    let run = in_dir(&dir, &["diff", "--git", "HEAD"]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("behaviour unchanged"), "{}", run.stdout);
    let path = dir.join("voice-routing.topo");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace(r"'^\+1\d{10}$'", r"'^\+1[2-8]\d{9}$'")).unwrap();
    let run = in_dir(&dir, &["diff", "--git", "HEAD", "--format", "markdown"]);
    assert_eq!(run.status, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        rendered(&run.stdout).contains("+1[019] xxxxxxxxx"),
        "{}",
        run.stdout
    );
    let run = in_dir(&dir, &["diff", "--git", "HEAD", "--exit-zero"]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    // A link committed in history is not followed, even where the working
    // tree no longer has it.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", dir.join("evil.topo")).unwrap();
        git(&dir, &["add", "."]);
        git(&dir, &["commit", "-q", "-m", "link"]);
        std::fs::remove_file(dir.join("evil.topo")).unwrap();
        let run = in_dir(&dir, &["diff", "--git", "HEAD"]);
        assert_eq!(run.status, 2, "{}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        assert!(!run.stdout.contains("root:"), "{}", run.stdout);
    }
    // A revision that git would read as an option is refused.
    let run = in_dir(&dir, &["diff", "--git=--output=x", "."]);
    assert_eq!(run.status, 2, "{}{}", run.stdout, run.stderr);
    assert!(!dir.join("x").exists());
}

#[test]
fn two_directories_and_json() {
    let dir = root().join("examples/contoso");
    let d = dir.to_string_lossy();
    let run = topoc(&["diff", &d, &d, "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["behaviour"].as_array().unwrap().len(), 0);
    let run = topoc(&["diff", &d]);
    assert_eq!(run.status, 2, "one project is not a diff");
}

#[test]
fn hostile_names_stay_inside_the_markdown() {
    let usage = "\"U | <img src=x onerror=alert(1)> `x` [l](http://e)\"";
    let text = |pattern: &str| {
        small(
            pattern,
            &format!(
                "pstn-usage {usage}\n\
                 route \"R <script>|**x**\" {{ pattern '{pattern}'; usages [{usage}]; trunks [gw.example.com] }}\n\
                 voice-policy tag:Sales {{ usages [{usage}] }}\n"
            ),
        )
    };
    let d = compare(&text(r"^\+1\d+$"), &text(r"^\+12\d+$"));
    assert!(d.behaviour_changed());
    let md = topoc::diff::render::markdown(&d);
    for bad in ["<script", "<img", "|**", "](", "`x`"] {
        assert!(!md.contains(bad), "{bad:?} reached the Markdown:\n{md}");
    }
    // The names are there, shown as text.
    assert!(rendered(&md).contains("R <script>|**x**"), "{md}");
    // The table keeps its five columns on every row.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        assert_eq!(line.matches('|').count(), 6, "{line}");
    }
}

/// Pairs of versions that share some files and not others: an edited
/// route, an edited trunk, a syntax error in a shared file, files renamed
/// and reordered, a file added and one removed, and other projects.
fn version_pairs() -> Vec<(String, Sources, Sources)> {
    let edit = |files: &[(String, String)], from: &str, to: &str| {
        let out: Vec<(String, String)> = files
            .iter()
            .map(|(n, t)| (n.clone(), t.replacen(from, to, 1)))
            .collect();
        assert_ne!(files, out, "`{from}` is in the example");
        out
    };
    let contoso = example("contoso");
    let broken = edit(&contoso, "route LongDistance", "route LongDistance {");
    let mut reordered: Vec<(String, String)> = contoso
        .iter()
        .map(|(n, t)| (format!("moved-{n}"), t.clone()))
        .collect();
    reordered.reverse();
    let mut added = contoso.clone();
    added.push((
        "zz-added.topo".into(),
        "pstn-usage Extra\nroute Extra {\n  pattern '^\\+1999[0-9]{7}$'\n  usages [Extra]\n  trunks [pbx-2]\n}\n"
            .into(),
    ));
    let mut removed = contoso.clone();
    removed.retain(|(n, _)| n != "tests.topo");
    let mut pairs = vec![
        (
            "narrowed route",
            contoso.clone(),
            edit(&contoso, r"'^\+1\d{10}$'", r"'^\+1[2-8]\d{9}$'"),
        ),
        (
            "trunk port",
            contoso.clone(),
            edit(&contoso, "port 5068 tcp", "port 5069 tcp"),
        ),
        ("syntax error in both", broken.clone(), broken.clone()),
        ("syntax error made", contoso.clone(), broken.clone()),
        ("syntax error mended", broken, contoso.clone()),
        ("renamed and reordered", contoso.clone(), reordered),
        ("file added", contoso.clone(), added),
        ("file removed", contoso.clone(), removed),
    ];
    for (a, b) in [
        ("contoso", "enterprise"),
        ("enterprise", "small-business"),
        ("small-business", "contoso"),
    ] {
        pairs.push(("another project", example(a), example(b)));
    }
    pairs
        .into_iter()
        .map(|(what, a, b)| (what.to_string(), sources(&a), sources(&b)))
        .collect()
}

#[test]
fn two_versions_checked_together_are_checked_as_each_alone() {
    for (what, old, new) in version_pairs() {
        let (alone_a, alone_b) = (topoc::check(&old), topoc::check(&new));
        topoc::check_pair(&old, &new, |a, b| {
            assert_eq!(a.diagnostics, alone_a.diagnostics, "{what}: old");
            assert_eq!(b.diagnostics, alone_b.diagnostics, "{what}: new");
            assert_eq!(a.clean.is_some(), !alone_a.has_errors(), "{what}");
            assert_eq!(b.clean.is_some(), !alone_b.has_errors(), "{what}");
        });
    }
}

#[test]
fn object_changes_are_those_of_the_whole_deployments() {
    use topoc::diff::objects::{changes, compare, deployed};
    use topoc::emit::{Input, Options};
    let mut compared = 0;
    for (what, old, new) in version_pairs() {
        topoc::check_pair(&old, &new, |a, b| {
            let (Some(x), Some(y)) = (&a.clean, &b.clean) else {
                return;
            };
            let (ia, ib) = (
                Input::new(x, &old, Options::default()),
                Input::new(y, &new, Options::default()),
            );
            let whole = compare(&deployed(&ia), &deployed(&ib));
            assert_eq!(changes(&ia, &ib), whole, "{what}");
            assert!(
                what == "renamed and reordered" || what == "file removed" || !whole.is_empty(),
                "{what}: nothing to compare"
            );
            compared += 1;
        });
    }
    assert!(compared >= 8, "{compared}");
}
