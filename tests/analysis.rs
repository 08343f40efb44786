//! The whole-space routing analysis against brute force (issue 7, point 5).
//!
//! Random small topologies over a reduced alphabet: patterns use only the
//! characters `1`, `2`, `+`, the classes `[12]` and `\d`, and bounded
//! repetition, so every route matches numbers of at most four characters
//! and `0` stands for every other digit. For each topology every number of
//! at most five of the characters `0`, `1`, `2`, `+` (1,365 numbers) is
//! simulated from every trunk and through every voice policy and trunk
//! configuration, and the findings of the analysis must be exactly what
//! the enumeration finds:
//!
//! - a route is shadowed (W08) exactly when it is reached by some
//!   originator and is never a candidate (matched by a number routing
//!   gets to) for any of them;
//! - a trunk reflects PSTN calls (W01) exactly when some number its peer
//!   sends is routed out to a PSTN-facing peer;
//! - a trunk is on a routing loop (W04) exactly when some number entering
//!   on it comes back to it unchanged through peers that pass it back,
//!   entering no trunk twice on the way (the cycles the analysis searches).
//!
//! Topologies where the analysis reports something indeterminate are
//! skipped (and counted, so the test cannot pass by skipping everything).

mod common;

use std::collections::BTreeSet;

use topoc::analysed::Analysed;
use topoc::analysis::HopKind;
use topoc::generate::Rng;

use common::random::{numbers, topology};
use topoc::model::{InEffect, Model, RouteId, TrunkId};
use topoc::simulate::{AtPeer, Call, Compiled, Origin, Outcome, Routing, Simulator};
use topoc::source::Sources;

const ROUNDS: usize = 300;

struct Brute {
    shadowed: BTreeSet<RouteId>,
    reflecting: BTreeSet<TrunkId>,
    looping: BTreeSet<TrunkId>,
}

fn brute_force(
    m: &Model,
    sim: &Simulator<'_>,
    compiled: &Compiled<'_>,
    in_effect: &InEffect,
) -> Brute {
    let numbers = numbers();
    // Originators: the policies and the trunk configurations with usages.
    let mut originators: Vec<Vec<topoc::model::UsageId>> = m
        .voice_policies
        .iter()
        .map(|(_, p)| p.usages.iter().map(|u| u.id).collect())
        .collect();
    for (_, c) in m.trunk_configs.iter() {
        if let Some(u) = &c.settings.usages {
            originators.push(u.value.iter().map(|u| u.id).collect());
        }
    }
    let mut carried = BTreeSet::new();
    let mut candidates = BTreeSet::new();
    for o in &originators {
        for &u in o {
            carried.extend(compiled.usage_routes(u).iter().copied());
        }
        for n in &numbers {
            if let Ok(Routing::Routes(found)) = sim.route_number(o, n) {
                candidates.extend(found.iter().map(|&(r, _)| r));
            }
        }
    }
    let shadowed = carried.difference(&candidates).copied().collect();

    let faces = |t: TrunkId| m.gateways.get(m.trunks.get(t).gateway.id).faces_pstn();
    let mut reflecting = BTreeSet::new();
    let mut looping = BTreeSet::new();
    for t in m.trunks.ids() {
        if in_effect.trunk(t).usages.is_empty() {
            continue;
        }
        let g = m.trunks.get(t).gateway.id;
        for n in &numbers {
            if sim.peer_sends(g, n) != Ok(true) {
                continue;
            }
            let trace = sim.simulate(&Call {
                origin: Origin::Trunk(t),
                dialled: n.clone(),
                calling: None,
            });
            if trace.outcome == Outcome::Routed
                && faces(t)
                && trace.egress.iter().any(|e| faces(e.id))
            {
                reflecting.insert(t);
            }
            let mut path = vec![t];
            if comes_back(m, sim, t, n, t, n, &mut path) {
                looping.extend(path.iter().copied());
                looping.insert(t);
            }
        }
    }
    Brute {
        shadowed,
        reflecting,
        looping,
    }
}

/// Whether `number` entering on `at` reaches `start` again as `first`
/// through peers that pass it back, entering no trunk twice. On success
/// `path` holds the trunks of the cycle.
fn comes_back(
    m: &Model,
    sim: &Simulator<'_>,
    start: TrunkId,
    first: &str,
    at: TrunkId,
    number: &str,
    path: &mut Vec<TrunkId>,
) -> bool {
    let trace = sim.simulate(&Call {
        origin: Origin::Trunk(at),
        dialled: number.to_string(),
        calling: None,
    });
    if trace.outcome != Outcome::Routed {
        return false;
    }
    for e in &trace.egress {
        let g = m.trunks.get(e.id).gateway.id;
        if sim.at_peer(g, &e.called) != Ok(AtPeer::PassesBack) {
            continue;
        }
        for next in m.trunks.ids().filter(|&x| m.trunks.get(x).gateway.id == g) {
            if next == start && e.called == first {
                return true;
            }
            if path.contains(&next) {
                continue;
            }
            path.push(next);
            if comes_back(m, sim, start, first, next, &e.called, path) {
                return true;
            }
            path.pop();
        }
    }
    false
}

#[test]
fn the_analysis_finds_exactly_what_enumeration_finds() {
    let mut rng = Rng(20261126);
    let (mut compared, mut skipped) = (0, 0);
    let (mut loops, mut reflections, mut shadowed) = (0, 0, 0);
    for round in 0..ROUNDS {
        let text = topology(&mut rng);
        let mut sources = Sources::new();
        sources.add("t.topo", text.clone());
        let checked = topoc::check(&sources);
        let (Some(m), Some(graph)) = (checked.model, checked.graph) else {
            panic!(
                "round {round}: the generated topology does not lower:\n{text}\n{:?}",
                checked.diagnostics
            );
        };
        let analysed = Analysed::new(&m, &graph);
        let analysis = analysed.analysis();
        assert!(
            analysis.internal.is_empty(),
            "round {round}: {:?}",
            analysis.internal
        );
        if !analysis.indeterminate.is_empty() {
            skipped += 1;
            continue;
        }
        compared += 1;
        let sim = analysed.simulator(0);
        let brute = brute_force(&m, &sim, analysed.compiled(), analysed.in_effect());
        let found_shadowed: BTreeSet<RouteId> =
            analysis.shadowed_routes.iter().map(|s| s.route).collect();
        let found_reflecting: BTreeSet<TrunkId> = analysis
            .inter_trunk
            .iter()
            .filter(|f| f.kind == HopKind::Reflection)
            .map(|f| f.hop.ingress)
            .collect();
        let found_looping: BTreeSet<TrunkId> = analysis
            .loops
            .iter()
            .flat_map(|l| l.hops.iter().map(|h| h.ingress))
            .collect();
        assert_eq!(
            found_shadowed, brute.shadowed,
            "round {round}: shadowed routes\n{text}"
        );
        assert_eq!(
            found_reflecting, brute.reflecting,
            "round {round}: reflection\n{text}"
        );
        assert_eq!(found_looping, brute.looping, "round {round}: loops\n{text}");
        loops += usize::from(!found_looping.is_empty());
        reflections += usize::from(!found_reflecting.is_empty());
        shadowed += usize::from(!found_shadowed.is_empty());
    }
    eprintln!(
        "compared {compared}, skipped {skipped}; {loops} loops, {reflections} reflections, {shadowed} shadowed"
    );
    // The generator must produce every kind of finding, and the
    // comparison must not be mostly skipped.
    assert!(
        compared >= ROUNDS * 3 / 4,
        "compared {compared}, skipped {skipped}"
    );
    assert!(
        loops >= 3 && reflections >= 3 && shadowed >= 3,
        "loops {loops}, reflections {reflections}, shadowed {shadowed}"
    );
}

/// 4,000 routes of one usage without priorities, told apart only by their
/// last four digits (`^\+1425[0-9]{3}0042$`), and a catch-all `Z` of all
/// their numbers with `z_settings` added (the traps of issue 20): the
/// routes come first, by name, unless the catch-all has a priority.
fn thousands_of_routes(z_settings: &str) -> String {
    let mut text = String::from(
        "site S {\n  frontend-pool fe.s.contoso.com { servers [fe1.s.contoso.com]; mediation collocated { tls-ports 5067 } }\n  gateway g1.s.contoso.com { root-trunk { port 5067 tls; mediation fe.s.contoso.com port 5067 } }\n}\npstn-usage L\nvoice-policy global { usages [L] }\n",
    );
    text.push_str(&format!(
        "route Z {{ pattern '^\\+1425[0-9]{{7}}$'; usages [L]; trunks [g1.s.contoso.com]{z_settings} }}\n"
    ));
    for i in 0..4_000 {
        text.push_str(&format!(
            "route G{i:04} {{ pattern '^\\+1425[0-9]{{3}}{i:04}$'; usages [L]; trunks [g1.s.contoso.com] }}\n"
        ));
    }
    text
}

/// The messages of the diagnostics with `code`.
fn messages(checked: &topoc::Checked, code: topoc::diagnostics::Code) -> Vec<String> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| d.message.clone())
        .collect()
}

/// Issue 20's third trap: a catch-all with `priority 0` before 4,000
/// routes of its usage. Each route overlaps it, and each witness is
/// replayed; replayed against the whole usage, that spent the project's
/// work budget at route 3,423 and left the rest undecided. Now every pair
/// is reported and nothing is left undecided.
#[test]
fn a_catch_all_before_thousands_of_routes_is_reported_for_each() {
    use topoc::diagnostics::Code;
    let checked = common::check_text("trap.topo", thousands_of_routes("; priority 0"));
    let count = |code| messages(&checked, code).len();
    assert_eq!(count(Code::AmbiguousRouteOrder), 4_000);
    assert_eq!(count(Code::AnalysisIndeterminate), 0);
}

/// Issue 20's second trap: 4,000 routes of one usage told apart only by
/// their last four digits, and a catch-all after them. Keys of literal
/// text stopped at `+1425`, so each route was compared with every earlier
/// one, and the project's work budget was spent at route 607, leaving the
/// rest undecided; keys of symbol classes tell the routes apart. The one
/// overlap (the catch-all with the first route) is reported and nothing
/// is left undecided.
#[test]
fn routes_told_apart_by_their_last_digits_are_compared_only_where_they_meet() {
    use topoc::diagnostics::Code;
    let checked = common::check_text("trap.topo", thousands_of_routes(""));
    let found = |code| messages(&checked, code);
    let ambiguous = found(Code::AmbiguousRouteOrder);
    assert_eq!(ambiguous.len(), 1, "{ambiguous:?}");
    assert!(
        ambiguous[0].contains("`G0000`") && ambiguous[0].contains("`Z`"),
        "{ambiguous:?}"
    );
    assert_eq!(found(Code::AnalysisIndeterminate), Vec::<String>::new());
}
