//! Whole-space routing analysis: claims about every dial string at once
//! (LYNC-TRUNKS 4.2–4.3 and rules W01–W04, W08, W16; LANGUAGE.md section 5).
//!
//! Patterns of the regular subset become sets of dial strings
//! ([`crate::dialset`]); rules of the usual shapes become maps whose
//! preimages are again sets. On those the analysis decides:
//!
//! - [`routes`]: for every originator (voice policy, custom call-forwarding
//!   list, trunk configuration), the numbers each route wins; routes that
//!   win nothing anywhere (W08) and routes of one usage whose order is
//!   arbitrary on some number (ambiguous route order);
//! - [`rules`]: normalization and translation rules an earlier rule always
//!   takes (W16);
//! - [`produced`]: normalization rules whose output, outside E.164, a route
//!   matches (service and emergency numbers routed as dialled: W19, W20);
//! - `lync-numbers` patterns no unassigned number range meets;
//! - [`trunks`]: calls entering on a trunk that leave on a PSTN-facing trunk
//!   while entering from a PSTN-facing peer (W01), on the same trunk (W02)
//!   or another trunk to the same peer (W03), and numbers that circulate
//!   between Lync and peers that pass them back, returning to the same
//!   trunk unchanged (W04).
//!
//! Every finding carries a witness, the shortest number that shows it, and
//! the witness is replayed through [`crate::simulate::Simulator`] before it
//! is reported: a disagreement is a bug in topoc (a panic in debug builds,
//! an internal error otherwise). Where a pattern or rule is outside what
//! the analysis computes, the findings that depend on it are not guessed:
//! [`Indeterminate`] names the pattern and why.

pub mod produced;
pub mod routes;
pub mod rules;
mod sets;
pub mod trunks;
mod unassigned;

use crate::bypass::Bypass;
use crate::model::{InEffect, Model, RouteId, TrunkId, UsageId};
use crate::simulate::{Compiled, Simulator};
use crate::source::Span;

pub use produced::Produced;
pub use routes::{Ambiguous, ShadowedRoute};
pub use rules::{RuleList, ShadowedRule};
pub use sets::PATTERN_WORK;
pub(crate) use sets::SharedSets;
pub use trunks::{HopKind, InterTrunk, Loop};

pub use crate::diagnostics::Witness;

/// A pattern the analysis could not use, and what it therefore leaves
/// undecided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indeterminate {
    /// The pattern (or rule, or object).
    pub span: Span,
    /// What is left undecided and why.
    pub message: String,
}

/// One hop of a call through Lync: entering on a trunk, chosen route, and
/// the trunk it leaves on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The trunk the call enters on.
    pub ingress: TrunkId,
    /// The usage under which the route was found.
    pub usage: UsageId,
    /// The winning route.
    pub route: RouteId,
    /// The trunk the call leaves on.
    pub egress: TrunkId,
}

/// What part of the analysis found, run in a context of its own.
struct Half {
    out: Analysis,
    indeterminate: Vec<Indeterminate>,
    /// The places its undecided findings were reported at.
    reported: std::collections::HashSet<Span>,
    /// Whether it ran out of the project's work budget.
    spent: bool,
    /// The work it used.
    used: u64,
}

/// What the analysis reads: a model with its settings in effect, its
/// compiled patterns and its bypass decisions.
#[derive(Clone, Copy)]
struct On<'a, 'm> {
    model: &'m Model,
    in_effect: &'a InEffect,
    compiled: &'a Compiled<'m>,
    bypass: &'a Bypass<'m>,
    shared: Option<&'a sets::SharedSets>,
}

impl Half {
    fn run(budget: u64, on: On<'_, '_>, f: &dyn Fn(&mut sets::Cx<'_, '_>, &mut Analysis)) -> Half {
        crate::dialset::metered(budget, || {
            let sim = Simulator::new(on.model, on.in_effect, on.compiled, on.bypass);
            let mut cx = sets::Cx::new(on.model, on.in_effect, on.compiled, &sim, on.shared);
            let mut out = Analysis::default();
            f(&mut cx, &mut out);
            let (indeterminate, reported, spent) = cx.finish();
            Half {
                out,
                indeterminate,
                reported,
                spent,
                used: budget - crate::dialset::work_left().min(budget),
            }
        })
    }

    /// Every part, one after the other, in one context.
    fn sequential(budget: u64, on: On<'_, '_>) -> Analysis {
        let mut all = Half::run(budget, on, &|cx, out| {
            Analysis::rule_lists(cx, out);
            Analysis::rest(cx, out);
        });
        all.out.indeterminate = all.indeterminate;
        all.out
    }
}

/// Everything the analysis found.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// W01, W02, W03.
    pub inter_trunk: Vec<InterTrunk>,
    /// W04.
    pub loops: Vec<Loop>,
    /// Routes of one usage in arbitrary order on some number.
    pub ambiguous: Vec<Ambiguous>,
    /// W08.
    pub shadowed_routes: Vec<ShadowedRoute>,
    /// W16.
    pub shadowed_rules: Vec<ShadowedRule>,
    /// `lync-numbers` patterns (by index) that no unassigned number range
    /// meets.
    pub untreated_lync_numbers: Vec<usize>,
    /// Normalization rules and routes paired by a number outside E.164
    /// (W19 and W20 do not apply to them).
    pub produced: Produced,
    /// What could not be decided.
    pub indeterminate: Vec<Indeterminate>,
    /// Witnesses the simulator disagreed with, at the object concerned
    /// (topoc bugs; empty unless something is wrong, and a panic in debug
    /// builds).
    pub internal: Vec<(Span, String)>,
}

impl Analysis {
    /// Runs every part of the analysis on a model.
    ///
    /// The whole analysis runs within the project's work budget
    /// ([`sets::project_work`]) and each pattern's automaton within its own
    /// ([`sets::PATTERN_WORK`]): a pattern over budget is "not analysed",
    /// a project over budget stops with one note, never a hang.
    ///
    /// The rule lists (W16), with the rules they pair with routes by numbers
    /// outside E.164, are analysed on a core of their own beside the rest,
    /// each half with the whole budget and its own cache. The result
    /// is the one-after-the-other analysis': when both halves together
    /// stayed within the budget, that analysis (which spends no more, its
    /// cache being shared) would not have run out either, and nothing else
    /// depends on the order; otherwise the analysis runs again one part
    /// after the other, to stop exactly where the budget says.
    pub fn new(
        model: &Model,
        in_effect: &InEffect,
        compiled: &Compiled<'_>,
        bypass: &Bypass<'_>,
    ) -> Analysis {
        Analysis::sharing(model, in_effect, compiled, bypass, None)
    }

    /// [`Analysis::new`], reusing the sets of patterns another version's
    /// analysis computed (the findings are the same).
    pub(crate) fn sharing(
        model: &Model,
        in_effect: &InEffect,
        compiled: &Compiled<'_>,
        bypass: &Bypass<'_>,
        shared: Option<&SharedSets>,
    ) -> Analysis {
        let on = On {
            model,
            in_effect,
            compiled,
            bypass,
            shared,
        };
        Analysis::within(sets::project_work(model), on)
    }

    /// [`Analysis::new`] within `budget`.
    fn within(budget: u64, on: On<'_, '_>) -> Analysis {
        if crate::dialset::work_left() != u64::MAX {
            // Within a budget of the caller's, which only this thread holds.
            return Half::sequential(budget, on);
        }
        let half =
            |f: &(dyn Fn(&mut sets::Cx<'_, '_>, &mut Analysis) + Sync)| Half::run(budget, on, f);
        let (rules, rest) =
            crate::parallel::join(|| half(&Analysis::rule_lists), || half(&Analysis::rest));
        if rules.spent || rest.spent || rules.used.saturating_add(rest.used) >= budget {
            return Half::sequential(budget, on);
        }
        let mut out = rest.out;
        out.shadowed_rules = rules.out.shadowed_rules;
        out.produced = rules.out.produced;
        let mut internal = rules.out.internal;
        internal.append(&mut out.internal);
        out.internal = internal;
        // In the order one after the other gives, each place once.
        let mut indeterminate = rules.indeterminate;
        indeterminate.extend(
            rest.indeterminate
                .into_iter()
                .filter(|i| !rules.reported.contains(&i.span)),
        );
        out.indeterminate = indeterminate;
        out
    }

    /// The rule lists, then the rules paired with the routes by numbers
    /// outside E.164 (whose rule sets the lists have built).
    fn rule_lists(cx: &mut sets::Cx<'_, '_>, out: &mut Analysis) {
        rules::analyse(cx, out);
        produced::analyse(cx, out);
    }

    /// Every other part, in order.
    fn rest(cx: &mut sets::Cx<'_, '_>, out: &mut Analysis) {
        let mut winners = routes::Winners::default();
        routes::analyse(cx, out);
        trunks::analyse(cx, out, &mut winners);
        unassigned::analyse(cx, out);
    }

    /// Records a witness the simulator disagrees with.
    pub(crate) fn disagree(&mut self, at: Span, what: String) {
        debug_assert!(false, "a witness the simulator disagrees with: {what}");
        self.internal.push((at, what));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysed::Analysed;
    use crate::model::graph::TopologyGraph;
    use crate::source::Sources;

    /// Projects whose analysis finds something in each part: a rule an
    /// earlier one takes, routes in arbitrary order, a loop, a hairpin, a
    /// pattern outside the analysis, and a generated project of ten sites.
    fn projects() -> Vec<Sources> {
        let fixtures = [
            include_str!("../../tests/fixtures/check/T0707-catch-all-before-extensions.topo"),
            include_str!("../../tests/fixtures/check/T0705-two-routes-without-priorities.topo"),
            include_str!("../../tests/fixtures/check/T0704-lync-pbx-migration-loop.topo"),
            include_str!("../../tests/fixtures/check/T0701-gateway-reaches-itsp.topo"),
            include_str!("../../tests/fixtures/check/T0708-look-ahead-route.topo"),
        ];
        // A Lync number pattern outside the analysis, which each half
        // meets: reported once.
        let lync = fixtures[0].to_string() + "\nlync-numbers '^\\+1425(?!555)\\d{7}$'\n";
        let mut out: Vec<Sources> = fixtures
            .iter()
            .copied()
            .chain([lync.as_str()])
            .map(|text| {
                let mut s = Sources::new();
                s.add("fixture.topo", text);
                s
            })
            .collect();
        let mut generated = Sources::new();
        for (name, text) in crate::generate::generate(crate::generate::Options::sites(10)) {
            generated.add(name, text);
        }
        out.push(generated);
        out
    }

    /// The analysis of a project on two cores and one after the other,
    /// within `budget`.
    fn both_ways(sources: &Sources, budget: u64) -> (Analysis, String, String) {
        analysing(sources, |on| {
            let split = Analysis::within(budget, on);
            let one = Half::sequential(budget, on);
            let (x, y) = (format!("{split:#?}"), format!("{one:#?}"));
            (split, x, y)
        })
    }

    /// `f` of what the analysis of `sources` reads.
    fn analysing<R>(sources: &Sources, f: impl FnOnce(On<'_, '_>) -> R) -> R {
        let model = crate::lower(sources, &crate::parse(sources))
            .model
            .expect("the project lowers");
        let graph = TopologyGraph::build(&model);
        let a = Analysed::new(&model, &graph);
        f(On {
            model: &model,
            in_effect: a.in_effect(),
            compiled: a.compiled(),
            bypass: a.bypass(),
            shared: None,
        })
    }

    #[test]
    fn the_halves_on_two_cores_find_what_one_after_the_other_finds() {
        let mut found = Analysis::default();
        for sources in projects() {
            let (split, x, y) = both_ways(&sources, u64::MAX / 2);
            assert_eq!(x, y);
            found.shadowed_rules.extend(split.shadowed_rules);
            found.ambiguous.extend(split.ambiguous);
            found.loops.extend(split.loops);
            found.inter_trunk.extend(split.inter_trunk);
            found.indeterminate.extend(split.indeterminate);
        }
        assert!(!found.shadowed_rules.is_empty());
        assert!(!found.ambiguous.is_empty());
        assert!(!found.loops.is_empty());
        assert!(!found.inter_trunk.is_empty());
        assert!(!found.indeterminate.is_empty());
    }

    #[test]
    fn a_budget_spent_stops_where_one_after_the_other_stops() {
        let mut stopped = 0;
        for sources in projects() {
            for budget in [0, 2_000, 20_000, 200_000, 2_000_000] {
                let (_, x, y) = both_ways(&sources, budget);
                assert_eq!(x, y, "budget {budget}");
                stopped += usize::from(x.contains("spent the work budget"));
            }
        }
        assert!(stopped >= 6, "{stopped}");
    }

    /// Lists written from one template: three dial plans of the same
    /// patterns (translations differ; the second and third rules never
    /// fire), one with a pattern .NET rejects (another list of patterns),
    /// and trunk configurations whose rules one copies with `from` (the
    /// same written rules, reported once).
    fn templated() -> Sources {
        let mut text =
            include_str!("../../tests/fixtures/check/T0707-catch-all-before-extensions.topo")
                .to_string();
        for (tag, area) in [("A", "425"), ("B", "206"), ("C", "360")] {
            text += &format!(
                "dial-plan tag:{tag} {{\n  rule All '^(\\d+)$' -> '+{area}$1'\n  rule Ext '^(\\d{{4}})$' -> '+1{area}555$1'\n  rule Long '^(\\d{{11}})$' -> '+$1'\n}}\n"
            );
        }
        text += "dial-plan tag:D {\n  rule All '^(\\d+)$' -> '+$1'\n  rule Ext '^(\\d{4}$' -> '+1$1'\n  rule Long '^(\\d{11})$' -> '+$1'\n}\n";
        text += "trunk-config global {\n  called-number {\n    rule Pause '^\\+1(\\d{10})$' -> '$1p'\n    rule Again '^\\+1425(\\d{7})$' -> '$1'\n  }\n  calling-number {\n    rule Pause '^\\+1(\\d{10})$' -> '$1'\n    rule Again '^\\+1425(\\d{7})$' -> '425$1'\n  }\n}\n";
        text += "trunk-config site:Redmond from global\n";
        let mut s = Sources::new();
        s.add("templated.topo", &text);
        s
    }

    #[test]
    fn a_replay_that_spends_the_budget_is_undecided() {
        analysing(&templated(), |on| {
            let run = |budget: u64| Half::run(budget, on, &|cx, out| rules::analyse(cx, out));
            let used = run(u64::MAX / 2).used;
            // Every budget: some run out between the replay of a witness
            // through its list and through the rule's own pattern (a
            // disagreement panics in debug builds).
            for budget in 0..=used {
                let h = run(budget);
                assert!(
                    h.out.internal.is_empty(),
                    "budget {budget}: {:?}",
                    h.out.internal
                );
            }
        })
    }

    #[test]
    fn lists_of_one_template_find_what_walking_each_finds() {
        analysing(&templated(), |on| {
            let run = |budget: u64, reuse: bool| {
                let h = Half::run(budget, on, &|cx, out| {
                    if reuse {
                        rules::analyse(cx, out);
                    } else {
                        rules::analyse_walking_each(cx, out);
                    }
                });
                let found = h.out.shadowed_rules.len();
                let text = format!("{:#?}\n{:#?}\n{}", h.out, h.indeterminate, h.spent);
                (text, h.used, found)
            };
            let (whole, used, found) = run(u64::MAX / 2, false);
            // `Ext` in the global plan; `Ext` and `Long` in each of three
            // plans; `Long` where `Ext` is rejected; `Again` in each list of
            // the global configuration, and not again in its copy.
            assert_eq!(found, 10, "{whole}");
            assert_eq!(run(u64::MAX / 2, true), (whole, used, found));
            // Every budget up to the work the lists take, one unit apart near
            // each end and in between: the reuse stops where walking stops.
            let budgets = (0..used.min(400))
                .chain((0..400).map(|i| used * i / 400))
                .chain(used.saturating_sub(400)..=used + 1);
            let mut stopped = 0;
            for budget in budgets {
                let walked = run(budget, false);
                stopped += usize::from(walked.0.contains("spent the work budget"));
                assert_eq!(run(budget, true), walked, "budget {budget}");
            }
            assert!(stopped > 0);
        })
    }
}
