//! `topoc`: a declarative topology compiler for Lync Server 2013 Enterprise
//! Voice.
//!
//! The pipeline, each stage a module with its own input and output:
//!
//! | stage | module | input | output |
//! |---|---|---|---|
//! | parse | [`syntax`] | [`Sources`] | [`Parsed`]: one [`syntax::ast::File`] per file, T00xx |
//! | lower | [`model`] | [`Parsed`] | [`Lowered`]: a [`Model`] with ids, T01xx |
//! | graph | [`model::graph`] | [`Model`] | [`TopologyGraph`] |
//! | bypass | [`bypass`] | [`Model`] | per (client, trunk): bypass or not, with every failing condition |
//! | routing analysis | [`analysis`] (on [`dialset`]) | [`Model`], parsed patterns, bypass | loops, reflection, hairpins, shadowing, each with a witness |
//! | analysed project | [`analysed`] | [`Model`], [`TopologyGraph`] | [`Analysed`]: settings in effect, compiled patterns, bypass, analysis, built once |
//! | check | [`check`] | [`Analysed`] | T02xx–T08xx findings, `allow`s applied |
//! | emit | [`emit`] | a [`Clean`] project (no errors) | `topology.xml`, `topology-steps.md`, `deploy.ps1`, `verify.ps1`, `manifest.yaml`, `owned.json`, T08xx |
//! | format | [`format`] | [`syntax::ast::File`] | canonical text |
//!
//! Library functions take sources as values and return values: nothing
//! here reads files or writes to a terminal (that is the `cli` module's
//! job), so every stage can be tested and embedded.
//!
//! ```
//! use topoc::source::Sources;
//!
//! let mut sources = Sources::new();
//! sources.add("hq.topo", "pstn-usage Local\nroute R {\n  pattern '^\\+1\\d{10}$'\n  usages [Locl]\n}\n");
//! let checked = topoc::check(&sources);
//! let d = &checked.diagnostics[0];
//! assert_eq!(d.code.info().name, "unknown-name");
//! assert_eq!(d.help.as_deref(), Some("did you mean `Local`?"));
//! assert!(checked.model.is_none());
//! ```

#![warn(missing_docs)]

// pest is built without its `std` feature, which only adds a native stack
// probe to every rule call (the scanner bounds nesting already,
// `syntax::scan::MAX_NESTING`); the parser pest derives then names `alloc`.
extern crate alloc;

pub mod analysed;
pub mod analysis;
pub mod assume;
pub mod bypass;
pub mod check;
pub mod diagnostics;
pub mod dialset;
pub mod diff;
pub mod emit;
pub mod format;
pub mod generate;
pub mod import;
pub mod lexical;
pub mod model;
pub mod netregex;
mod parallel;
pub use parallel::free_aside;
pub mod simulate;
pub mod snapshot;
pub mod source;
pub mod syntax;

#[cfg(feature = "cli")]
pub mod cli;

use analysed::{Analysed, Clean};
use diagnostics::Diagnostic;
use model::Model;
use model::graph::TopologyGraph;
use source::Sources;
use syntax::ast;

/// The version recorded in reports and generated files.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Every file parsed. Invariant: `files[i]` is the tree of file `i` of the
/// sources (empty when it has syntax errors).
#[derive(Debug)]
pub struct Parsed {
    /// One tree per source file, in file order.
    pub files: Vec<ast::File>,
    /// Syntax diagnostics (T00xx).
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses every file of a project. Files are independent at this stage;
/// a project of many files is parsed on all available cores.
pub fn parse(sources: &Sources) -> Parsed {
    let results: Vec<(ast::File, Vec<Diagnostic>)> = parallel::map(sources.len(), |i| {
        syntax::parse_file(sources.get(source::FileId(i as u32)))
    });
    let mut files = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for (file, diags) in results {
        files.push(file);
        diagnostics.extend(diags);
    }
    Parsed { files, diagnostics }
}

/// A lowered project. Invariant: `model` is present exactly when no stage
/// so far reported an error, and then every reference in it is valid.
#[derive(Debug)]
pub struct Lowered {
    /// The model, when the project had no syntax, name or value errors.
    pub model: Option<Model>,
    /// Diagnostics of lowering (T01xx).
    pub diagnostics: Vec<Diagnostic>,
}

/// Lowers a parsed project. A project with syntax errors is not lowered:
/// its missing declarations would only produce follow-on name errors.
pub fn lower(sources: &Sources, parsed: &Parsed) -> Lowered {
    if diagnostics::has_errors(&parsed.diagnostics) {
        return Lowered {
            model: None,
            diagnostics: Vec::new(),
        };
    }
    let trees: Vec<&ast::File> = parsed.files.iter().collect();
    let (model, diagnostics) = model::lower(sources, &trees);
    Lowered { model, diagnostics }
}

/// The result of checking a project.
#[derive(Debug)]
pub struct Checked {
    /// The model, when there were no errors before the semantic checks.
    pub model: Option<Model>,
    /// The topology graph of that model.
    pub graph: Option<TopologyGraph>,
    /// Every diagnostic of every stage, sorted by file, offset and code.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        diagnostics::has_errors(&self.diagnostics)
    }
}

/// Parses, lowers and checks a project.
pub fn check(sources: &Sources) -> Checked {
    let (model, graph, diagnostics) = parse_and_lower(sources);
    let diagnostics = checked(diagnostics, analysed(&model, &graph).as_ref());
    Checked {
        model,
        graph,
        diagnostics,
    }
}

/// Checks a project like [`check`], for an editor: also every name the
/// files declare and every reference that resolved, with their places
/// (go to definition, find references, rename), even when the project has
/// errors.
pub fn check_named(sources: &Sources) -> (Checked, model::lower::Names) {
    let (model, graph, diagnostics, names) = parse_and_lower_named(sources, true);
    let diagnostics = checked(diagnostics, analysed(&model, &graph).as_ref());
    (
        Checked {
            model,
            graph,
            diagnostics,
        },
        names,
    )
}

/// The YAML twin of a project (issue 20's yardstick): its model — every
/// object, value and resolved reference — as serde writes it in YAML;
/// `None` when the project does not lower.
pub fn yaml_twin(sources: &Sources) -> Option<String> {
    let (model, _, _) = parse_and_lower(sources);
    serde_yaml::to_string(&model?).ok()
}

/// What a project checked gives a caller that goes on with it: every
/// diagnostic, and the analysed project the checks read.
pub struct Report<'a> {
    /// Every diagnostic of every stage, sorted by file, offset and code.
    pub diagnostics: &'a [Diagnostic],
    /// The analysed project, when the model lowered (the checks may still
    /// have found errors).
    pub analysed: Option<&'a Analysed<'a>>,
    /// The project when no stage found an error: what `emit::build` takes.
    pub clean: Option<Clean<'a>>,
}

impl<'a> Report<'a> {
    /// The report of a project whose diagnostics are complete and sorted
    /// and whose model, when it lowered, is `analysed`.
    fn new(diagnostics: &'a [Diagnostic], analysed: Option<&'a Analysed<'a>>) -> Report<'a> {
        Report {
            diagnostics,
            analysed,
            clean: analysed.and_then(|a| Clean::new(a, diagnostics)),
        }
    }
}

/// Parses, lowers and checks a project like [`check`], then hands `then`
/// the diagnostics and the analysed project the checks read, so that a
/// caller that goes on to emit files or simulate calls builds nothing
/// twice (the settings in effect, every compiled pattern, the bypass
/// decisions, the routing analysis).
pub fn check_with<R>(sources: &Sources, then: impl FnOnce(Report<'_>) -> R) -> R {
    analyse_with(sources, |diagnostics, analysed| {
        let diagnostics = checked(diagnostics.to_vec(), analysed);
        then(Report::new(&diagnostics, analysed))
    })
}

/// Checks two projects like [`check_with`], each on its own thread, and
/// hands `then` both reports (`topoc diff`): every pattern is compiled
/// and the routing analysis run once per project, shared by the checks
/// and by whatever `then` does with the analysed projects.
pub fn check_pair<R>(
    old: &Sources,
    new: &Sources,
    then: impl FnOnce(Report<'_>, Report<'_>) -> R,
) -> R {
    let ((ma, ga, da, _), (mb, gb, db, _)) = parse_and_lower_pair(old, new);
    // Most patterns are in both versions: each is parsed once, and its
    // set computed once.
    let models: Vec<&Model> = ma.iter().chain(&mb).collect();
    let pair = analysed::Pair::new(&models);
    let (aa, ab) = parallel::join(
        || analysed_sharing(&ma, &ga, &pair),
        || analysed_sharing(&mb, &gb, &pair),
    );
    let (da, db) = parallel::join(|| checked(da, aa.as_ref()), || checked(db, ab.as_ref()));
    let result = then(Report::new(&da, aa.as_ref()), Report::new(&db, ab.as_ref()));
    drop((aa, ab));
    // Nothing waits for two large models, or the sets, to be freed.
    parallel::drop_aside((ma, ga, mb, gb, pair));
    result
}

/// The diagnostics of parsing and lowering with the findings of the
/// checks on the analysed model added, sorted.
fn checked(mut diagnostics: Vec<Diagnostic>, analysed: Option<&Analysed<'_>>) -> Vec<Diagnostic> {
    if let Some(a) = analysed {
        diagnostics.extend(check::check(a));
    }
    diagnostics::sort(&mut diagnostics);
    diagnostics
}

/// The analysed project of a model and graph that were built.
fn analysed<'m>(
    model: &'m Option<Model>,
    graph: &'m Option<TopologyGraph>,
) -> Option<Analysed<'m>> {
    model
        .as_ref()
        .zip(graph.as_ref())
        .map(|(m, g)| Analysed::new(m, g))
}

/// [`analysed`], for one of two versions analysed at once.
fn analysed_sharing<'m>(
    model: &'m Option<Model>,
    graph: &'m Option<TopologyGraph>,
    pair: &'m analysed::Pair,
) -> Option<Analysed<'m>> {
    Some(Analysed::sharing(model.as_ref()?, graph.as_ref()?, pair))
}

/// Parses and lowers a project and analyses its model, running no check:
/// `then` gets the diagnostics of parsing and lowering (sorted) and the
/// analysed project when the model lowered. For commands that need only
/// part of what [`check_with`] does (`topoc test` runs only the tests).
pub fn analyse_with<R>(
    sources: &Sources,
    then: impl FnOnce(&[Diagnostic], Option<&Analysed<'_>>) -> R,
) -> R {
    let (model, graph, mut diagnostics) = parse_and_lower(sources);
    let analysed = analysed(&model, &graph);
    diagnostics::sort(&mut diagnostics);
    let result = then(&diagnostics, analysed.as_ref());
    drop(analysed);
    // Nothing waits for a large model to be freed.
    parallel::drop_aside((model, graph));
    result
}

/// The findings of the checks that judge one declaration at a time, on
/// the part of a project that lowers without the declarations holding
/// `errors` ([`model::lower::lower_partial`]); none already in `errors`.
fn partial_checks(
    sources: &Sources,
    files: &[&ast::File],
    errors: &[Diagnostic],
) -> Vec<Diagnostic> {
    let Some(model) = model::lower::lower_partial(sources, files, errors) else {
        return Vec::new();
    };
    let graph = TopologyGraph::build(&model);
    let mut found = check::check_partial(&Analysed::new(&model, &graph));
    found.retain(|d| {
        !errors
            .iter()
            .any(|e| e.code == d.code && e.primary.span == d.primary.span)
    });
    found
}

/// Parsing and lowering, with the graph of a model that lowered. When
/// lowering failed on names or values, the checks that judge one
/// declaration at a time still run on the declarations without errors
/// (issue 16: one typo must not hide every other mistake).
fn parse_and_lower(sources: &Sources) -> (Option<Model>, Option<TopologyGraph>, Vec<Diagnostic>) {
    let (model, graph, diagnostics, _) = parse_and_lower_named(sources, false);
    (model, graph, diagnostics)
}

/// [`parse_and_lower`], with the names declared and referred to when
/// `names` (empty otherwise). The names of a project with syntax errors
/// are those of its files that parsed (lowering is not reported then).
fn parse_and_lower_named(sources: &Sources, names: bool) -> Lowering {
    let Parsed { files, diagnostics } = parse(sources);
    let lowered = lower_trees(sources, files.iter().collect(), diagnostics, names);
    parallel::drop_aside(files);
    lowered
}

/// What parsing and lowering give: the model, its graph, the diagnostics
/// and the names declared and referred to (empty unless asked for).
type Lowering = (
    Option<Model>,
    Option<TopologyGraph>,
    Vec<Diagnostic>,
    model::lower::Names,
);

/// [`parse_and_lower_named`] of two versions of a project, each lowered
/// on its own thread: a file the same in both (at the same place, with
/// the same text) is parsed once, so a change of a few files costs the
/// new version the parsing of those files only. Its name may differ
/// (two checkouts): parsing reads only a file's place and text.
fn parse_and_lower_pair(old: &Sources, new: &Sources) -> (Lowering, Lowering) {
    let same = |i: usize| {
        let id = source::FileId(i as u32);
        let (a, b) = (old.get(id), new.get(id));
        a.decode_error().is_none() && b.decode_error().is_none() && a.text() == b.text()
    };
    let fresh: Vec<usize> = (0..new.len())
        .filter(|&i| i >= old.len() || !same(i))
        .collect();
    // The old version's files and the new one's changed ones, together on
    // every core.
    let n = old.len();
    let mut trees = parallel::map(n + fresh.len(), |j| {
        let (sources, i) = if j < n { (old, j) } else { (new, fresh[j - n]) };
        syntax::parse_file(sources.get(source::FileId(i as u32)))
    });
    let own = trees.split_off(n);
    let mut own_of = vec![None; new.len()];
    for (k, &i) in fresh.iter().enumerate() {
        own_of[i] = Some(k);
    }
    let (mut old_files, mut old_diags) = (Vec::with_capacity(n), Vec::new());
    for (file, diags) in &trees {
        old_files.push(file);
        old_diags.extend(diags.iter().cloned());
    }
    let (mut new_files, mut new_diags) = (Vec::with_capacity(new.len()), Vec::new());
    for (i, at) in own_of.into_iter().enumerate() {
        let (file, diags) = match at {
            Some(k) => &own[k],
            None => &trees[i],
        };
        new_files.push(file);
        new_diags.extend(diags.iter().cloned());
    }
    let pair = parallel::join(
        || lower_trees(old, old_files, old_diags, false),
        || lower_trees(new, new_files, new_diags, false),
    );
    parallel::drop_aside((trees, own));
    pair
}

/// The lowering half of [`parse_and_lower_named`], on parsed files
/// (`syntax`: the diagnostics of parsing them).
fn lower_trees(
    sources: &Sources,
    files: Vec<&ast::File>,
    syntax: Vec<Diagnostic>,
    names: bool,
) -> Lowering {
    let syntax_ok = !diagnostics::has_errors(&syntax);
    let (model, lowering, names) = model::lower::lower_recording(sources, &files, names);
    let mut all = syntax;
    let model = if syntax_ok {
        all.extend(lowering);
        if model.is_none() {
            let partial = partial_checks(sources, &files, &all);
            all.extend(partial);
        }
        model
    } else {
        None
    };
    let graph = model.as_ref().map(TopologyGraph::build);
    (model, graph, all, names)
}
