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
    pub fn new(
        model: &Model,
        in_effect: &InEffect,
        compiled: &Compiled<'_>,
        bypass: &Bypass<'_>,
    ) -> Analysis {
        crate::dialset::metered(sets::project_work(model), || {
            let sim = Simulator::new(model, in_effect, compiled, bypass);
            let mut cx = sets::Cx::new(model, in_effect, compiled, &sim);
            let mut out = Analysis::default();
            let mut winners = routes::Winners::default();
            rules::analyse(&mut cx, &mut out);
            routes::analyse(&mut cx, &mut out);
            trunks::analyse(&mut cx, &mut out, &mut winners);
            produced::analyse(&mut cx, &mut out);
            unassigned::analyse(&mut cx, &mut out);
            out.indeterminate = cx.take_indeterminate();
            out
        })
    }

    /// Records a witness the simulator disagrees with.
    pub(crate) fn disagree(&mut self, at: Span, what: String) {
        debug_assert!(false, "a witness the simulator disagrees with: {what}");
        self.internal.push((at, what));
    }
}
