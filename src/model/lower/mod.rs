//! Lowering: syntax trees to the typed [`Model`], with every name and value
//! error (T01xx).
//!
//! Two passes. The first walks every file and registers each named object
//! (sites, pools, servers, gateways, trunks, usages, routes, network objects,
//! tests), reporting duplicates; names are global across files and compare
//! case-insensitively. The second builds the objects in dependency order and
//! resolves references, reporting unknown names (with the closest existing
//! name) and names of the wrong kind (with the other declaration).
//!
//! One file per part of the language, each an `impl Lowerer` block:
//! `declare` (pass 1 and the canonical ids), `topology` (deployment,
//! sites, pools, gateways, trunks, usages), `network`, `trunk_config`,
//! `voice` (routes, the unassigned number table, voice policies, dial
//! plans), `call_tests`, and `literals` (`allow`s and literal values).
//! This file holds the lowerer's state, names and the pass-2 order.
//!
//! The AST stops here: nothing after lowering sees a syntax node. A model is
//! returned only when lowering found no error, so later stages can rely on
//! every reference being valid.

mod call_tests;
mod declare;
mod literals;
mod network;
mod partial;
mod topology;
mod trunk_config;
mod voice;

pub use partial::lower_partial;

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::values;
use super::*;
use crate::diagnostics::{Code, Diagnostic, Severity, suggest};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::syntax::ast::{self, Arg, Key, ScopeKind, Stmt};

/// Lowers parsed files into a model. Returns the model only when no error
/// was found; the diagnostics are every T01xx finding, unsorted.
pub fn lower(sources: &Sources, files: &[&ast::File]) -> (Option<Model>, Vec<Diagnostic>) {
    let (model, diags, _) = lower_recording(sources, files, false);
    (model, diags)
}

/// [`lower`], with every name the files declare and every reference that
/// resolved, whether or not lowering found errors elsewhere: what an
/// editor needs for go-to-definition, references and rename.
pub fn lower_named(
    sources: &Sources,
    files: &[&ast::File],
) -> (Option<Model>, Vec<Diagnostic>, Names) {
    lower_recording(sources, files, true)
}

/// [`lower_named`] when `names`, otherwise [`lower`] (the names empty).
pub(crate) fn lower_recording(
    sources: &Sources,
    files: &[&ast::File],
    names: bool,
) -> (Option<Model>, Vec<Diagnostic>, Names) {
    let Lowerer {
        diags,
        model,
        names_found,
        names,
        ..
    } = run(sources, files, names);
    let names_found = names_found.unwrap_or_default();
    // Every name declared, folded and as written: some 20 ms to free at
    // 1,000 sites.
    crate::parallel::drop_aside(names);
    if diags.iter().any(|d| d.severity() == Severity::Error) {
        (None, diags, names_found)
    } else {
        (Some(model), diags, names_found)
    }
}

/// A declared name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// What it names (`trunk`, `PSTN usage`).
    pub kind: &'static str,
    /// The name, unescaped.
    pub name: String,
    /// The name's token in its declaration.
    pub span: Span,
}

/// A reference to a declared name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    /// What it names, as [`Declaration::kind`].
    pub kind: &'static str,
    /// The reference's token.
    pub span: Span,
    /// The declared name's token.
    pub declaration: Span,
}

/// Declarations and references, in the order lowering met them.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// Every name declared once (a duplicate is an error, not a declaration).
    pub declared: Vec<Declaration>,
    /// Every reference that resolved to a declaration of the right kind.
    pub references: Vec<Reference>,
}

/// Both passes over every file; the declarations and references recorded
/// for an editor when `names` (a command that only checks or builds has
/// no use for some 300,000 of them at 1,000 sites).
fn run<'a>(sources: &'a Sources, files: &[&'a ast::File], names: bool) -> Lowerer<'a> {
    let mut l = Lowerer::new(sources, names);
    l.reserve(files);
    for file in files {
        for decl in &file.decls {
            l.declare(file.file, decl);
        }
    }
    l.canonicalize();
    l.build();
    for file in files {
        for decl in &file.decls {
            l.collect_allows(decl);
        }
    }
    l.model.allows.sort_by_key(|a| a.span);
    l
}

/// The kinds of named object; each has its own namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Site,
    Pool,
    Server,
    Gateway,
    Trunk,
    Usage,
    Route,
    Region,
    NetworkSite,
    BandwidthProfile,
    RegionLink,
    Subnet,
    EdgePool,
    Test,
    Unassigned,
}

impl Kind {
    /// How many kinds there are: the last one's number, plus one
    /// (`Unassigned` stays the last variant; [`Table`] is indexed by kind).
    const COUNT: usize = Kind::Unassigned as usize + 1;

    fn noun(self) -> &'static str {
        match self {
            Kind::Site => "site",
            Kind::Pool => "pool",
            Kind::Server => "server",
            Kind::Gateway => "gateway",
            Kind::Trunk => "trunk",
            Kind::Usage => "PSTN usage",
            Kind::Route => "route",
            Kind::Region => "network region",
            Kind::NetworkSite => "network site",
            Kind::BandwidthProfile => "bandwidth profile",
            Kind::RegionLink => "region link",
            Kind::EdgePool => "Edge pool",
            Kind::Subnet => "subnet",
            Kind::Test => "test",
            Kind::Unassigned => "unassigned number range",
        }
    }
}

/// The kinds searched, in order, when a reference names something of
/// another kind.
const OTHER_KINDS: [Kind; 11] = [
    Kind::Trunk,
    Kind::Gateway,
    Kind::Usage,
    Kind::Route,
    Kind::Site,
    Kind::Pool,
    Kind::Region,
    Kind::NetworkSite,
    Kind::BandwidthProfile,
    Kind::RegionLink,
    Kind::Server,
];

#[derive(Clone, Copy)]
struct Declared {
    index: u32,
    span: Span,
}

/// Objects registered in the first pass, built in the second.
#[derive(Default)]
struct Pending<'a> {
    sites: Vec<(&'a Stmt, FileId)>,
    pools: Vec<(&'a Stmt, FileId, SiteId)>,
    gateways: Vec<(&'a Stmt, FileId, SiteId, Option<TrunkId>)>,
    trunks: Vec<PendingTrunk<'a>>,
    usages: Vec<(&'a Stmt, FileId)>,
    routes: Vec<(&'a Stmt, FileId)>,
    unassigned: Vec<(&'a Stmt, FileId)>,
    profiles: Vec<(&'a Stmt, FileId)>,
    regions: Vec<(&'a Stmt, FileId)>,
    network_sites: Vec<(&'a Stmt, FileId, RegionId)>,
    inter_sites: Vec<(&'a Stmt, FileId)>,
    region_links: Vec<&'a Stmt>,
    region_routes: Vec<&'a Stmt>,
    network: Vec<(&'a Stmt, FileId)>,
    deployment: Vec<(&'a Stmt, FileId)>,
    trunk_configs: Vec<(&'a Stmt, FileId)>,
    voice_policies: Vec<(&'a Stmt, FileId)>,
    dial_plans: Vec<(&'a Stmt, FileId)>,
    tests: Vec<(&'a Stmt, FileId)>,
}

impl<'a> Pending<'a> {
    /// The lists whose objects are numbered in name order
    /// ([`Lowerer::canonicalize`]), with their kinds; servers, subnets and
    /// Edge pools keep their ids.
    fn named(&mut self) -> [(Kind, &mut dyn Reorder); 12] {
        [
            (Kind::Site, &mut self.sites),
            (Kind::Pool, &mut self.pools),
            (Kind::Gateway, &mut self.gateways),
            (Kind::Trunk, &mut self.trunks),
            (Kind::Usage, &mut self.usages),
            (Kind::Route, &mut self.routes),
            (Kind::Unassigned, &mut self.unassigned),
            (Kind::BandwidthProfile, &mut self.profiles),
            (Kind::Region, &mut self.regions),
            (Kind::NetworkSite, &mut self.network_sites),
            (Kind::Test, &mut self.tests),
            (Kind::RegionLink, &mut self.region_links),
        ]
    }
}

/// A list of pending declarations, put in a new order.
trait Reorder {
    fn len(&self) -> usize;
    /// Moves item `i` to place `new[i]` (`new` is a permutation).
    fn reorder(&mut self, new: &[u32]);
}

impl<T> Reorder for Vec<T> {
    fn len(&self) -> usize {
        Vec::len(self)
    }

    fn reorder(&mut self, new: &[u32]) {
        let mut slots: Vec<Option<T>> = self.drain(..).map(Some).collect();
        let mut order: Vec<usize> = (0..slots.len()).collect();
        order.sort_unstable_by_key(|&old| new[old]);
        self.extend(order.into_iter().filter_map(|old| slots[old].take()));
    }
}

struct PendingTrunk<'a> {
    stmt: &'a Stmt,
    site: SiteId,
    /// The gateway a root trunk belongs to.
    root_of: Option<(GatewayId, &'a Stmt)>,
}

/// Voice policies, dial plans and the tags that declare them, by scope;
/// each the first of its scope (a second is an error reported elsewhere).
#[derive(Default)]
struct Scoped {
    /// The token of each tag declared, by kind (`voice policy`, `dial
    /// plan`) and folded name (only where names are recorded: the tags
    /// are what tests' references to them resolve to, for an editor).
    tags: HashMap<(&'static str, String), Span>,
    /// Filled once every policy and dial plan is built, before the tests.
    policies: HashMap<PolicyScope, VoicePolicyId>,
    dial_plans: HashMap<DialPlanScope, DialPlanId>,
}

struct Lowerer<'a> {
    sources: &'a Sources,
    diags: Vec<Diagnostic>,
    names: Table,
    /// Declarations and resolved references, for editors; `None` when
    /// the caller does not want them.
    names_found: Option<Names>,
    /// The objects tests refer to by scope, indexed: a project may hold
    /// tens of thousands of tests, and a search of every declaration per
    /// test made lowering quadratic.
    scoped: Scoped,
    pending: Pending<'a>,
    model: Model,
}

impl<'a> Lowerer<'a> {
    /// A lowerer with nothing declared yet; `names`: whether it records
    /// declarations and references for an editor.
    fn new(sources: &'a Sources, names: bool) -> Lowerer<'a> {
        Lowerer {
            sources,
            diags: Vec::new(),
            names: Table::default(),
            names_found: names.then(Names::default),
            scoped: Scoped::default(),
            pending: Pending::default(),
            model: Model::default(),
        }
    }
}

/// Case-insensitive key, as Lync compares identities.
pub fn fold(name: &str) -> String {
    folded(name).into_owned()
}

/// [`fold`], borrowing a name that is its own key (lower-case ASCII, as
/// most are).
fn folded(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.is_ascii() {
        name.to_lowercase().into()
    } else if name.bytes().any(|b| b.is_ascii_uppercase()) {
        name.to_ascii_lowercase().into()
    } else {
        name.into()
    }
}

/// Every declared name, by kind (each kind is a namespace of its own):
/// folded for lookups, and as written for suggestions.
struct Table {
    folded: [HashMap<String, Declared>; Kind::COUNT],
    written: [Vec<(String, Span)>; Kind::COUNT],
}

impl Default for Table {
    fn default() -> Table {
        Table {
            folded: std::array::from_fn(|_| HashMap::new()),
            written: std::array::from_fn(|_| Vec::new()),
        }
    }
}

impl Table {
    /// Room for `n` more names of `kind`.
    fn reserve(&mut self, kind: Kind, n: usize) {
        self.folded[kind as usize].reserve(n);
        self.written[kind as usize].reserve(n);
    }

    /// The names of `kind`, folded.
    fn of(&self, kind: Kind) -> &HashMap<String, Declared> {
        &self.folded[kind as usize]
    }

    /// The names of `kind` as written.
    fn written(&self, kind: Kind) -> &[(String, Span)] {
        &self.written[kind as usize]
    }
}

/// Statements a block may hold more than once.
fn repeatable(key: Key) -> bool {
    matches!(
        key,
        Key::Rule
            | Key::Owns
            | Key::Sends
            | Key::Allow
            | Key::FrontendPool
            | Key::MediationPool
            | Key::Gateway
            | Key::Trunk
            | Key::BandwidthProfile
            | Key::Region
            | Key::NetworkSite
            | Key::InterSite
            | Key::RegionLink
            | Key::RegionRoute
            | Key::EdgePool
            | Key::AvPublicIp
    )
}

impl<'a> Lowerer<'a> {
    fn src(&self, file: FileId) -> &'a SourceFile {
        self.sources.get(file)
    }

    fn text(&self, span: Span) -> &'a str {
        self.sources.slice(span)
    }

    fn name_text(&self, name: &ast::Name) -> String {
        name.text(self.src(name.span.file)).into_owned()
    }

    fn ident(&self, name: &ast::Name) -> Ident {
        Ident {
            text: self.name_text(name),
            span: name.span,
        }
    }

    fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Reports a statement whose shape the grammar should have ruled out.
    fn internal(&mut self, stmt: &Stmt) {
        self.error(Diagnostic::new(
            Code::InternalError,
            format!("unexpected shape of a `{}` statement", stmt.key.text()),
            stmt.span,
            "topoc did not expect this here",
        ));
    }

    // ------------------------------------------------------------ names ---

    /// Registers a name; reports a duplicate and returns `None` when taken.
    fn register(&mut self, kind: Kind, ident: &Ident, index: usize, what: &str) -> Option<u32> {
        let key = fold(&ident.text);
        match self.names.folded[kind as usize].entry(key) {
            Entry::Occupied(first) => {
                let first = *first.get();
                let mut d = Diagnostic::new(
                    Code::DuplicateDeclaration,
                    format!("{} `{}` is declared twice", what, ident.text),
                    ident.span,
                    "declared again here",
                )
                .with_secondary(first.span, "first declared here");
                d = d.with_help(if kind == Kind::Trunk {
                    "trunk names are unique across the topology, and a root trunk takes its gateway's name unless `name` is given; rename one of them"
                } else {
                    "names are unique across all files and compare case-insensitively; remove or rename one of them"
                });
                self.error(d);
                None
            }
            Entry::Vacant(v) => {
                v.insert(Declared {
                    index: index as u32,
                    span: ident.span,
                });
                self.names.written[kind as usize].push((ident.text.clone(), ident.span));
                if let Some(found) = &mut self.names_found {
                    found.declared.push(Declaration {
                        kind: kind.noun(),
                        name: ident.text.clone(),
                        span: ident.span,
                    });
                }
                Some(index as u32)
            }
        }
    }

    /// Records the tag of a voice policy or dial plan declared at
    /// `tag:NAME` as a declared name (tests refer to it), when names are
    /// recorded.
    fn declare_tag(&mut self, kind: &'static str, scope: &ast::Scope) {
        if self.names_found.is_none() {
            return;
        }
        if let (ScopeKind::Tag, Some(name)) = (scope.kind, scope.name) {
            let name_text = self.name_text(&name);
            self.scoped
                .tags
                .entry((kind, fold(&name_text)))
                .or_insert(name.span);
            if let Some(found) = &mut self.names_found {
                found.declared.push(Declaration {
                    kind,
                    name: name_text,
                    span: name.span,
                });
            }
        }
    }

    /// Records a reference to the voice policy or dial plan at `tag:NAME`,
    /// when names are recorded.
    fn refer_to_tag(&mut self, kind: &'static str, scope: &ast::Scope) {
        if self.names_found.is_none() {
            return;
        }
        let (ScopeKind::Tag, Some(name)) = (scope.kind, scope.name) else {
            return;
        };
        let text = fold(&self.name_text(&name));
        if let Some(&declaration) = self.scoped.tags.get(&(kind, text)) {
            self.referred(kind, name.span, declaration);
        }
    }

    /// Records a reference that resolved, when references are recorded.
    fn referred(&mut self, kind: &'static str, span: Span, declaration: Span) {
        if let Some(found) = &mut self.names_found {
            found.references.push(Reference {
                kind,
                span,
                declaration,
            });
        }
    }

    fn lookup(&self, kind: Kind, text: &str) -> Option<Declared> {
        self.names.of(kind).get(folded(text).as_ref()).copied()
    }

    /// Resolves a reference to an object of `kind`, reporting unknown names
    /// and names of another kind.
    fn resolve(&mut self, kind: Kind, name: &ast::Name) -> Option<u32> {
        let text = self.name_text(name);
        if let Some(d) = self.lookup(kind, &text) {
            self.referred(kind.noun(), name.span, d.span);
            return Some(d.index);
        }
        for other in OTHER_KINDS {
            if other == kind {
                continue;
            }
            if let Some(found) = self.lookup(other, &text) {
                let mut d = Diagnostic::new(
                    Code::WrongKind,
                    format!("`{text}` is a {}, not a {}", other.noun(), kind.noun()),
                    name.span,
                    format!("a {} is expected here", kind.noun()),
                )
                .with_secondary(found.span, format!("declared as a {} here", other.noun()));
                if kind == Kind::Trunk && other == Kind::Gateway {
                    d = match self.root_trunk_name(GatewayId(found.index)) {
                        Some(root) => d.with_help(format!(
                            "routes and scopes name trunks; the root trunk of this gateway is named `{root}`"
                        )),
                        None => d.with_help("this gateway has no root trunk to route to"),
                    };
                }
                self.error(d);
                return None;
            }
        }
        let candidates = self.names.written(kind);
        let best = suggest(&text, candidates.iter().map(|(n, _)| n.as_str()))
            .and_then(|s| candidates.iter().find(|(n, _)| n == s))
            .cloned();
        let mut d = Diagnostic::new(
            Code::UnknownName,
            format!("{} `{text}` is not declared", kind.noun()),
            name.span,
            format!("no {} has this name", kind.noun()),
        );
        d = match best {
            Some((s, span)) => d
                .with_secondary(span, format!("`{s}` is declared here"))
                .with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("declare the {} or correct the name", kind.noun())),
        };
        self.error(d);
        None
    }

    fn root_trunk_name(&self, gw: GatewayId) -> Option<String> {
        let trunk = self.pending.gateways.get(gw.index())?.3?;
        let pending = self.pending.trunks.get(trunk.index())?;
        let (_, gw_stmt) = pending.root_of?;
        let own = root_trunk_name(pending.stmt);
        Some(match own {
            Some(n) => self.name_text(&n),
            None => gw_stmt
                .args
                .first()
                .and_then(as_name)
                .map(|n| self.name_text(&n))?,
        })
    }

    // ---------------------------------------------------------- pass 2 ---

    fn build(&mut self) {
        self.build_deployment();
        self.build_sites();
        self.build_pools();
        self.build_gateways_and_trunks();
        self.build_usages();
        self.build_network();
        self.build_trunk_configs();
        self.build_routes();
        self.build_unassigned();
        self.build_voice_policies();
        self.build_dial_plans();
        self.build_tests();
        self.model.edge_pools.sort_by_key(|e| fold(&e.name.text));
    }

    /// Checks a block's statements for settings given twice.
    fn check_duplicates(&mut self, stmts: &[Stmt]) {
        // By key: there are only so many keys. By key and trunk, for
        // `sent 'N' via T`, which may be written once per trunk.
        let mut seen: Vec<(Key, Span)> = Vec::new();
        let mut seen_via: HashMap<(Key, String), Span> = HashMap::new();
        for stmt in stmts {
            if repeatable(stmt.key) {
                continue;
            }
            let first = match (stmt.key, stmt.args.get(2)) {
                (Key::Sent | Key::Calling, Some(Arg::Name(n))) => {
                    match seen_via.entry((stmt.key, fold(&self.name_text(n)))) {
                        Entry::Occupied(first) => Some(*first.get()),
                        Entry::Vacant(v) => {
                            v.insert(stmt.key_span);
                            None
                        }
                    }
                }
                _ => match seen.iter().find(|(k, _)| *k == stmt.key) {
                    Some(&(_, first)) => Some(first),
                    None => {
                        seen.push((stmt.key, stmt.key_span));
                        None
                    }
                },
            };
            if let Some(first) = first {
                let d = Diagnostic::new(
                    Code::DuplicateSetting,
                    format!("`{}` is set twice in this block", stmt.key.text()),
                    stmt.key_span,
                    "set again here",
                )
                .with_secondary(first, "first set here")
                .with_help("keep one of the two statements");
                self.error(d);
            }
        }
    }

    fn require(&mut self, present: bool, what: &str, owner: &Stmt, help: &str) -> bool {
        if !present {
            self.error(
                Diagnostic::new(
                    Code::MissingSetting,
                    format!("`{}` needs {what}", owner.key.text()),
                    owner.key_span,
                    format!("{what} is missing in this block"),
                )
                .with_help(help.to_string()),
            );
        }
        present
    }
}

fn policy_flag(key: Key) -> Option<PolicyFlag> {
    Some(match key {
        Key::AllowCallForwarding => PolicyFlag::AllowCallForwarding,
        Key::AllowSimulRing => PolicyFlag::AllowSimulRing,
        Key::AllowPstnRerouting => PolicyFlag::AllowPstnRerouting,
        Key::PreventPstnTollBypass => PolicyFlag::PreventPstnTollBypass,
        Key::EnableCallPark => PolicyFlag::EnableCallPark,
        Key::EnableCallTransfer => PolicyFlag::EnableCallTransfer,
        Key::EnableDelegation => PolicyFlag::EnableDelegation,
        Key::EnableTeamCall => PolicyFlag::EnableTeamCall,
        Key::EnableMaliciousCallTracing => PolicyFlag::EnableMaliciousCallTracing,
        Key::EnableBwPolicyOverride => PolicyFlag::EnableBwPolicyOverride,
        _ => return None,
    })
}

/// A statement's block, or nothing.
fn body(stmt: &Stmt) -> &[Stmt] {
    stmt.body.as_ref().map_or(&[], |b| b.stmts.as_slice())
}

fn as_name(arg: &Arg) -> Option<ast::Name> {
    match arg {
        Arg::Name(n) => Some(*n),
        _ => None,
    }
}

/// The names of a statement's list argument.
fn list_names(stmt: &Stmt) -> Vec<ast::Name> {
    list_items(stmt).iter().filter_map(as_name).collect()
}

fn list_items(stmt: &Stmt) -> &[Arg] {
    stmt.args
        .iter()
        .find_map(|a| match a {
            Arg::List(l) => Some(l.items.as_slice()),
            _ => None,
        })
        .unwrap_or(&[])
}

/// The `name` given in a root-trunk block.
fn root_trunk_name(root_trunk: &Stmt) -> Option<ast::Name> {
    body(root_trunk)
        .iter()
        .find(|s| s.key == Key::Name)
        .and_then(|s| s.args.first())
        .and_then(as_name)
}

/// Text as a message quotes it: at most 40 characters.
fn shown_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
        None => text.into(),
    }
}
