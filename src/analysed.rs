//! The analysed project: a model that lowered without errors, with what
//! every later reader needs of it computed once — the settings in effect
//! for every trunk, every pattern parsed, the media bypass decisions — and
//! the whole-space routing analysis computed on first use.
//!
//! Checks, emitters, the CLI and the coming import, plan, diff and
//! language-server features borrow one [`Analysed`]; none of them builds
//! its own [`Bypass`] or [`Compiled`].

use std::sync::OnceLock;

use crate::analysis::{Analysis, SharedSets};
use crate::bypass::Bypass;
use crate::diagnostics::{self, Diagnostic};
use crate::model::graph::TopologyGraph;
use crate::model::{Effective, InEffect, Model, TrunkId};
use crate::simulate::{Compiled, Patterns, Simulator};

/// A model with its settings in effect, compiled patterns, bypass
/// decisions and (on first use) routing analysis.
pub struct Analysed<'m> {
    model: &'m Model,
    graph: &'m TopologyGraph,
    in_effect: InEffect,
    bypass: Bypass<'m>,
    compiled: Compiled<'m>,
    analysis: OnceLock<Analysis>,
    /// Sets of patterns another version's analysis computes too.
    shared: Option<&'m SharedSets>,
}

impl<'m> Analysed<'m> {
    /// Analyses a model that lowered without errors, and its graph.
    pub fn new(model: &'m Model, graph: &'m TopologyGraph) -> Analysed<'m> {
        Analysed::with(model, graph, None)
    }

    /// [`Analysed::new`] for one of two versions analysed at once, sharing
    /// the patterns both have, parsed and as sets.
    pub(crate) fn sharing(
        model: &'m Model,
        graph: &'m TopologyGraph,
        pair: &'m Pair,
    ) -> Analysed<'m> {
        Analysed::with(model, graph, Some(pair))
    }

    fn with(model: &'m Model, graph: &'m TopologyGraph, pair: Option<&'m Pair>) -> Analysed<'m> {
        let in_effect = InEffect::new(model);
        let bypass = Bypass::new(model, &in_effect);
        Analysed {
            model,
            graph,
            bypass,
            in_effect,
            compiled: Compiled::with(model, pair.map(|p| &p.patterns)),
            analysis: OnceLock::new(),
            shared: pair.map(|p| &p.sets),
        }
    }

    /// The model.
    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// Its topology graph.
    pub fn graph(&self) -> &'m TopologyGraph {
        self.graph
    }

    /// The settings in effect for every trunk.
    pub fn in_effect(&self) -> &InEffect {
        &self.in_effect
    }

    /// The settings in effect for a trunk.
    pub fn effective(&self, trunk: TrunkId) -> &Effective {
        self.in_effect.trunk(trunk)
    }

    /// The media bypass decisions.
    pub fn bypass(&self) -> &Bypass<'m> {
        &self.bypass
    }

    /// Every pattern and translation, parsed once.
    pub fn compiled(&self) -> &Compiled<'m> {
        &self.compiled
    }

    /// The whole-space routing analysis (loops, reflection, hairpins,
    /// shadowing), computed on first use and then shared.
    pub fn analysis(&self) -> &Analysis {
        self.analysis.get_or_init(|| {
            Analysis::sharing(
                self.model,
                &self.in_effect,
                &self.compiled,
                &self.bypass,
                self.shared,
            )
        })
    }

    /// A simulator over this project, sized for `calls` calls.
    pub fn simulator(&self, calls: usize) -> Simulator<'_> {
        Simulator::for_calls(
            self.model,
            &self.in_effect,
            &self.compiled,
            &self.bypass,
            calls,
        )
    }
}

impl Drop for Analysed<'_> {
    /// The routing analysis (sets and witnesses for every route and rule
    /// of a large project), the compiled patterns and the settings in
    /// effect are freed on a thread of their own.
    fn drop(&mut self) {
        crate::parallel::drop_aside((
            self.analysis.take(),
            self.compiled.take_compiled(),
            std::mem::take(&mut self.in_effect),
        ));
    }
}

/// What two versions of a project analysed at once share (`topoc diff`):
/// their patterns, parsed once and, as the analyses compute them, as sets.
pub(crate) struct Pair {
    patterns: Patterns,
    sets: SharedSets,
}

impl Pair {
    /// For the models of two versions (either may have none).
    pub fn new(models: &[&Model]) -> Pair {
        Pair {
            patterns: Patterns::of(models),
            sets: SharedSets::default(),
        }
    }
}

/// An analysed project in which no stage found an error, with its findings
/// (warnings and notes): the only input `emit::build` takes. It is made
/// only by [`crate::check_with`], from the diagnostics of every stage.
pub struct Clean<'a> {
    analysed: &'a Analysed<'a>,
    findings: &'a [Diagnostic],
}

impl<'a> Clean<'a> {
    /// `analysed` with every diagnostic of every stage, when none is an
    /// error.
    pub(crate) fn new(analysed: &'a Analysed<'a>, all: &'a [Diagnostic]) -> Option<Clean<'a>> {
        (!diagnostics::has_errors(all)).then_some(Clean {
            analysed,
            findings: all,
        })
    }

    /// The analysed project.
    pub fn analysed(&self) -> &'a Analysed<'a> {
        self.analysed
    }

    /// Its model.
    pub fn model(&self) -> &'a Model {
        self.analysed.model()
    }

    /// The warnings and notes of every stage.
    pub fn findings(&self) -> &'a [Diagnostic] {
        self.findings
    }
}
