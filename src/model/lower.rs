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
//! The AST stops here: nothing after lowering sees a syntax node. A model is
//! returned only when lowering found no error, so later stages can rely on
//! every reference being valid.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::values;
use super::*;
use crate::diagnostics::{Code, Diagnostic, Severity, suggest};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::syntax::ast::{self, Arg, Key, ScopeKind, Stmt};

/// Lowers parsed files into a model. Returns the model only when no error
/// was found; the diagnostics are every T01xx finding, unsorted.
pub fn lower(sources: &Sources, files: &[ast::File]) -> (Option<Model>, Vec<Diagnostic>) {
    let mut l = Lowerer {
        sources,
        diags: Vec::new(),
        names: HashMap::new(),
        listed: HashMap::new(),
        pending: Pending::default(),
        model: Model::default(),
    };
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
    let Lowerer { diags, model, .. } = l;
    if diags.iter().any(|d| d.severity() == Severity::Error) {
        (None, diags)
    } else {
        (Some(model), diags)
    }
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

struct PendingTrunk<'a> {
    stmt: &'a Stmt,
    site: SiteId,
    /// The gateway a root trunk belongs to.
    root_of: Option<(GatewayId, &'a Stmt)>,
}

struct Lowerer<'a> {
    sources: &'a Sources,
    diags: Vec<Diagnostic>,
    names: HashMap<(Kind, String), Declared>,
    /// Names of each kind as written, for suggestions.
    listed: HashMap<Kind, Vec<(String, Span)>>,
    pending: Pending<'a>,
    model: Model,
}

/// Case-insensitive key, as Lync compares identities.
pub fn fold(name: &str) -> String {
    if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        name.to_lowercase()
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
        let key = (kind, fold(&ident.text));
        match self.names.entry(key) {
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
                self.listed
                    .entry(kind)
                    .or_default()
                    .push((ident.text.clone(), ident.span));
                Some(index as u32)
            }
        }
    }

    fn lookup(&self, kind: Kind, text: &str) -> Option<Declared> {
        self.names.get(&(kind, fold(text))).copied()
    }

    /// Resolves a reference to an object of `kind`, reporting unknown names
    /// and names of another kind.
    fn resolve(&mut self, kind: Kind, name: &ast::Name) -> Option<u32> {
        let text = self.name_text(name);
        if let Some(d) = self.lookup(kind, &text) {
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
        let candidates = self.listed.get(&kind).map(Vec::as_slice).unwrap_or(&[]);
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

    // ---------------------------------------------------------- pass 1 ---

    fn declare(&mut self, file: FileId, decl: &'a Stmt) {
        match decl.key {
            Key::Site | Key::BranchSite => self.declare_site(file, decl),
            Key::PstnUsage => {
                if self.declare_named(Kind::Usage, decl, self.pending.usages.len()) {
                    self.pending.usages.push((decl, file));
                }
            }
            Key::Route => {
                if self.declare_named(Kind::Route, decl, self.pending.routes.len()) {
                    self.pending.routes.push((decl, file));
                }
            }
            Key::UnassignedNumbers => {
                if self.declare_named(Kind::Unassigned, decl, self.pending.unassigned.len()) {
                    self.pending.unassigned.push((decl, file));
                }
            }
            Key::Test => {
                if self.declare_named(Kind::Test, decl, self.pending.tests.len()) {
                    self.pending.tests.push((decl, file));
                }
            }
            Key::Network => {
                if self.once_per_project(self.pending.network.first().map(|d| d.0), decl, "network")
                {
                    self.pending.network.push((decl, file));
                    self.declare_network(file, decl);
                }
            }
            Key::Deployment => {
                if self.once_per_project(
                    self.pending.deployment.first().map(|d| d.0),
                    decl,
                    "deployment",
                ) {
                    self.pending.deployment.push((decl, file));
                }
            }
            Key::LyncNumbers => {
                if let Some(p) = decl.args.first().and_then(|a| self.pattern(a)) {
                    self.model.lync_numbers.push(p);
                }
            }
            Key::TrunkConfig => self.pending.trunk_configs.push((decl, file)),
            Key::VoicePolicy => self.pending.voice_policies.push((decl, file)),
            Key::DialPlan => self.pending.dial_plans.push((decl, file)),
            _ => self.internal(decl),
        }
    }

    fn once_per_project(&mut self, first: Option<&Stmt>, decl: &Stmt, what: &str) -> bool {
        if let Some(first) = first {
            self.error(
                Diagnostic::new(
                    Code::DuplicateDeclaration,
                    format!("`{what}` is declared twice"),
                    decl.key_span,
                    "declared again here",
                )
                .with_secondary(first.key_span, "first declared here")
                .with_help(format!("a project has one `{what}` block; merge the two")),
            );
            return false;
        }
        true
    }

    /// Registers the name a declaration starts with; whether it is new
    /// (a taken or missing name is reported).
    fn declare_named(&mut self, kind: Kind, stmt: &Stmt, index: usize) -> bool {
        self.first_ident(stmt)
            .is_some_and(|ident| self.register(kind, &ident, index, kind.noun()).is_some())
    }

    fn first_ident(&mut self, stmt: &Stmt) -> Option<Ident> {
        match stmt.args.first() {
            Some(Arg::Name(n)) => Some(self.ident(n)),
            _ => {
                self.internal(stmt);
                None
            }
        }
    }

    fn declare_site(&mut self, file: FileId, decl: &'a Stmt) {
        let Some(ident) = self.first_ident(decl) else {
            return;
        };
        let what = if decl.key == Key::Site {
            "site"
        } else {
            "branch site"
        };
        let Some(index) = self.register(Kind::Site, &ident, self.pending.sites.len(), what) else {
            return;
        };
        let site = SiteId(index);
        self.pending.sites.push((decl, file));
        for stmt in body(decl) {
            match stmt.key {
                Key::FrontendPool | Key::MediationPool => {
                    let Some(ident) = self.first_ident(stmt) else {
                        continue;
                    };
                    if self
                        .register(Kind::Pool, &ident, self.pending.pools.len(), "pool")
                        .is_some()
                    {
                        self.pending.pools.push((stmt, file, site));
                    }
                }
                Key::Gateway => self.declare_gateway(file, site, stmt),
                Key::Trunk => {
                    let Some(ident) = self.first_ident(stmt) else {
                        continue;
                    };
                    if self
                        .register(Kind::Trunk, &ident, self.pending.trunks.len(), "trunk")
                        .is_some()
                    {
                        self.pending.trunks.push(PendingTrunk {
                            stmt,
                            site,
                            root_of: None,
                        });
                    }
                }
                _ => {}
            }
        }
    }

    fn declare_gateway(&mut self, file: FileId, site: SiteId, stmt: &'a Stmt) {
        let Some(ident) = self.first_ident(stmt) else {
            return;
        };
        let Some(index) = self.register(
            Kind::Gateway,
            &ident,
            self.pending.gateways.len(),
            "gateway",
        ) else {
            return;
        };
        let gateway = GatewayId(index);
        // The first root-trunk block is the root trunk; a second one is
        // reported as a duplicate setting when the gateway is built.
        let mut root = None;
        if let Some(rt) = body(stmt).iter().find(|s| s.key == Key::RootTrunk) {
            let trunk_ident = match root_trunk_name(rt) {
                Some(n) => self.ident(&n),
                None => ident.clone(),
            };
            if self
                .register(
                    Kind::Trunk,
                    &trunk_ident,
                    self.pending.trunks.len(),
                    "trunk",
                )
                .is_some()
            {
                root = Some(TrunkId(self.pending.trunks.len() as u32));
                self.pending.trunks.push(PendingTrunk {
                    stmt: rt,
                    site,
                    root_of: Some((gateway, stmt)),
                });
            }
        }
        self.pending.gateways.push((stmt, file, site, root));
    }

    fn declare_network(&mut self, file: FileId, decl: &'a Stmt) {
        for stmt in body(decl) {
            match stmt.key {
                Key::BandwidthProfile => {
                    let index = self.pending.profiles.len();
                    if self.declare_named(Kind::BandwidthProfile, stmt, index) {
                        self.pending.profiles.push((stmt, file));
                    }
                }
                Key::Region => {
                    let Some(ident) = self.first_ident(stmt) else {
                        continue;
                    };
                    let Some(index) = self.register(
                        Kind::Region,
                        &ident,
                        self.pending.regions.len(),
                        "network region",
                    ) else {
                        continue;
                    };
                    self.pending.regions.push((stmt, file));
                    for inner in body(stmt) {
                        let at = self.pending.network_sites.len();
                        if inner.key == Key::NetworkSite
                            && self.declare_named(Kind::NetworkSite, inner, at)
                        {
                            self.pending
                                .network_sites
                                .push((inner, file, RegionId(index)));
                        }
                    }
                }
                Key::InterSite => self.pending.inter_sites.push((stmt, file)),
                Key::RegionLink => {
                    let index = self.pending.region_links.len();
                    if self.declare_named(Kind::RegionLink, stmt, index) {
                        self.pending.region_links.push(stmt);
                    }
                }
                Key::RegionRoute => self.pending.region_routes.push(stmt),
                _ => {}
            }
        }
    }

    // ------------------------------------------------------ canonical ids ---

    /// Renumbers every named object in name order (case-insensitive), so
    /// ids, and everything computed from them, do not depend on how the
    /// project is split into files or in what order things are declared.
    fn canonicalize(&mut self) {
        let perm =
            |names: &HashMap<(Kind, String), Declared>, kind: Kind, len: usize| -> Vec<u32> {
                let mut keyed: Vec<(&str, u32)> = names
                    .iter()
                    .filter(|((k, _), _)| *k == kind)
                    .map(|((_, n), d)| (n.as_str(), d.index))
                    .collect();
                keyed.sort_unstable();
                let mut new = vec![0u32; len];
                for (rank, (_, old)) in keyed.into_iter().enumerate() {
                    new[old as usize] = rank as u32;
                }
                new
            };
        let p = &self.pending;
        let sites = perm(&self.names, Kind::Site, p.sites.len());
        let pools = perm(&self.names, Kind::Pool, p.pools.len());
        let gateways = perm(&self.names, Kind::Gateway, p.gateways.len());
        let trunks = perm(&self.names, Kind::Trunk, p.trunks.len());
        let usages = perm(&self.names, Kind::Usage, p.usages.len());
        let routes = perm(&self.names, Kind::Route, p.routes.len());
        let unassigned = perm(&self.names, Kind::Unassigned, p.unassigned.len());
        let profiles = perm(&self.names, Kind::BandwidthProfile, p.profiles.len());
        let regions = perm(&self.names, Kind::Region, p.regions.len());
        let network_sites = perm(&self.names, Kind::NetworkSite, p.network_sites.len());
        let tests = perm(&self.names, Kind::Test, p.tests.len());
        let region_links = perm(&self.names, Kind::RegionLink, p.region_links.len());
        for ((kind, _), d) in self.names.iter_mut() {
            let table = match kind {
                Kind::Site => &sites,
                Kind::Pool => &pools,
                Kind::Gateway => &gateways,
                Kind::Trunk => &trunks,
                Kind::Usage => &usages,
                Kind::Route => &routes,
                Kind::Unassigned => &unassigned,
                Kind::BandwidthProfile => &profiles,
                Kind::Region => &regions,
                Kind::NetworkSite => &network_sites,
                Kind::Test => &tests,
                Kind::RegionLink => &region_links,
                Kind::Server | Kind::Subnet | Kind::EdgePool => continue,
            };
            d.index = table[d.index as usize];
        }
        fn reorder<T>(items: &mut Vec<T>, new: &[u32]) {
            let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
            let mut order: Vec<usize> = (0..slots.len()).collect();
            order.sort_unstable_by_key(|&old| new[old]);
            items.extend(order.into_iter().filter_map(|old| slots[old].take()));
        }
        let p = &mut self.pending;
        for pool in &mut p.pools {
            pool.2 = SiteId(sites[pool.2.index()]);
        }
        for gw in &mut p.gateways {
            gw.2 = SiteId(sites[gw.2.index()]);
            gw.3 = gw.3.map(|t| TrunkId(trunks[t.index()]));
        }
        for t in &mut p.trunks {
            t.site = SiteId(sites[t.site.index()]);
            t.root_of = t.root_of.map(|(g, s)| (GatewayId(gateways[g.index()]), s));
        }
        for ns in &mut p.network_sites {
            ns.2 = RegionId(regions[ns.2.index()]);
        }
        reorder(&mut p.sites, &sites);
        reorder(&mut p.pools, &pools);
        reorder(&mut p.gateways, &gateways);
        reorder(&mut p.trunks, &trunks);
        reorder(&mut p.usages, &usages);
        reorder(&mut p.routes, &routes);
        reorder(&mut p.unassigned, &unassigned);
        reorder(&mut p.profiles, &profiles);
        reorder(&mut p.regions, &regions);
        reorder(&mut p.network_sites, &network_sites);
        reorder(&mut p.tests, &tests);
        reorder(&mut p.region_links, &region_links);
        self.model.lync_numbers.sort_by(|a, b| a.text.cmp(&b.text));
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
        let mut seen: HashMap<(Key, String), Span> = HashMap::new();
        for stmt in stmts {
            if repeatable(stmt.key) {
                continue;
            }
            // `sent 'N' via T` may be written once per trunk.
            let via = match (stmt.key, stmt.args.get(2)) {
                (Key::Sent | Key::Calling, Some(Arg::Name(n))) => fold(&self.name_text(n)),
                _ => String::new(),
            };
            match seen.entry((stmt.key, via)) {
                Entry::Occupied(first) => {
                    let d = Diagnostic::new(
                        Code::DuplicateSetting,
                        format!("`{}` is set twice in this block", stmt.key.text()),
                        stmt.key_span,
                        "set again here",
                    )
                    .with_secondary(*first.get(), "first set here")
                    .with_help("keep one of the two statements");
                    self.error(d);
                }
                Entry::Vacant(v) => {
                    v.insert(stmt.key_span);
                }
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

    fn build_deployment(&mut self) {
        let Some(&(decl, _)) = self.pending.deployment.first() else {
            return;
        };
        let stmts = body(decl);
        self.check_duplicates(stmts);
        self.model.deployment.span = Some(decl.key_span);
        for stmt in stmts {
            match stmt.key {
                Key::Product => {
                    if let Some(p) = self.word(
                        stmt,
                        &[
                            ("lync-2013", Product::Lync2013),
                            ("sfb-2015", Product::Sfb2015),
                        ],
                    ) {
                        self.model.deployment.product = p.value;
                    }
                }
                Key::MediaEncryption => {
                    if let Some(e) = self.word(
                        stmt,
                        &[
                            ("required", EncryptionLevel::Required),
                            ("supported", EncryptionLevel::Supported),
                            ("not-supported", EncryptionLevel::NotSupported),
                        ],
                    ) {
                        self.model.deployment.media_encryption = e.value;
                        self.model.deployment.media_encryption_span = Some(e.span);
                    }
                }
                Key::Allow => {}
                _ => self.internal(stmt),
            }
        }
    }

    fn build_sites(&mut self) {
        for i in 0..self.pending.sites.len() {
            let (decl, _) = self.pending.sites[i];
            let Some(name) = self.first_ident(decl) else {
                continue;
            };
            let stmts = body(decl);
            self.check_duplicates(stmts);
            let mut central = None;
            let mut users = None;
            let mut usage_profile = None;
            for stmt in stmts {
                match stmt.key {
                    Key::CentralSite => {
                        if let Some(n) = stmt.args.first().and_then(as_name) {
                            central = self.resolve(Kind::Site, &n).map(|id| (SiteId(id), n));
                        }
                    }
                    Key::Users => users = self.count(stmt, "a number of users"),
                    Key::EdgePool => self.edge_pool(stmt, SiteId(i as u32)),
                    Key::UsageProfile => {
                        usage_profile = self.word(
                            stmt,
                            &[
                                ("light", UsageProfile::Light),
                                ("moderate", UsageProfile::Moderate),
                                ("heavy", UsageProfile::Heavy),
                            ],
                        )
                    }
                    _ => {}
                }
            }
            let kind = if decl.key == Key::Site {
                SiteKind::Central
            } else {
                if !self.require(
                    stmts.iter().any(|s| s.key == Key::CentralSite),
                    "a `central-site`",
                    decl,
                    "add `central-site NAME` naming the central site this branch belongs to",
                ) {
                    self.model.sites.push(Site {
                        name,
                        kind: SiteKind::Central,
                        users,
                        usage_profile,
                        span: decl.span,
                    });
                    continue;
                }
                match central {
                    Some((id, n)) => {
                        let target = &self.pending.sites[id.index()].0;
                        if target.key == Key::BranchSite {
                            let d = Diagnostic::new(
                                Code::WrongKind,
                                format!(
                                    "`{}` is a branch site, not a central site",
                                    self.name_text(&n)
                                ),
                                n.span,
                                "a central site is expected here",
                            )
                            .with_secondary(target.key_span, "declared as a branch site here")
                            .with_help(
                                "a branch site belongs to a central site (`site NAME { ... }`)",
                            );
                            self.error(d);
                        }
                        SiteKind::Branch(id)
                    }
                    None => SiteKind::Central,
                }
            };
            self.model.sites.push(Site {
                name,
                kind,
                users,
                usage_profile,
                span: decl.span,
            });
        }
    }

    fn edge_pool(&mut self, stmt: &Stmt, site: SiteId) {
        let Some(name) = self.first_ident(stmt) else {
            return;
        };
        self.fqdn(&name, "Edge pool");
        if self
            .register(Kind::EdgePool, &name, 0, "Edge pool")
            .is_none()
        {
            return;
        }
        let inner = body(stmt);
        let mut av_public_ips = Vec::new();
        for s in inner {
            if s.key == Key::AvPublicIp {
                av_public_ips.extend(self.address(s));
            }
        }
        self.model.edge_pools.push(EdgePool {
            name,
            site,
            av_public_ips,
            span: stmt.span,
        });
    }

    fn build_pools(&mut self) {
        // Server names are unique across pools; report duplicates in source order.
        let mut servers: Vec<ast::Name> = self
            .pending
            .pools
            .iter()
            .flat_map(|(decl, _, _)| body(decl).iter().filter(|s| s.key == Key::Servers))
            .flat_map(list_names)
            .collect();
        servers.sort_by_key(|n| n.span);
        let mut unique_servers = std::collections::HashSet::new();
        for n in servers {
            let ident = self.ident(&n);
            self.fqdn(&ident, "server");
            if self.register(Kind::Server, &ident, 0, "server").is_some() {
                unique_servers.insert(n.span);
            }
        }
        for i in 0..self.pending.pools.len() {
            let (decl, _, site) = self.pending.pools[i];
            let Some(name) = self.first_ident(decl) else {
                continue;
            };
            self.fqdn(&name, "pool");
            let stmts = body(decl);
            self.check_duplicates(stmts);
            let role = if decl.key == Key::FrontendPool {
                PoolRole::FrontEnd
            } else {
                PoolRole::Mediation
            };
            let mut pool = Pool {
                name,
                role,
                site,
                servers: Vec::new(),
                mediation: (role == PoolRole::Mediation).then_some(MediationRole {
                    collocated: false,
                    tls_ports: None,
                    tcp_ports: None,
                    span: decl.key_span,
                }),
                next_hop: None,
                dns_load_balancing: None,
                expected_calls: None,
                span: decl.span,
            };
            for stmt in stmts {
                match stmt.key {
                    Key::Servers => {
                        for n in list_names(stmt) {
                            if unique_servers.contains(&n.span) {
                                pool.servers.push(self.ident(&n));
                            }
                        }
                    }
                    Key::Mediation => {
                        let ports = body(stmt);
                        self.check_duplicates(ports);
                        let mut m = MediationRole {
                            collocated: true,
                            tls_ports: None,
                            tcp_ports: None,
                            span: stmt.span,
                        };
                        for p in ports {
                            self.ports(p, &mut m);
                        }
                        pool.mediation = Some(m);
                    }
                    Key::TlsPorts | Key::TcpPorts => {
                        if let Some(m) = pool.mediation.as_mut() {
                            self.ports(stmt, m);
                        }
                    }
                    Key::Allow => {}
                    Key::NextHop => {
                        if let Some(n) = stmt.args.first().and_then(as_name)
                            && let Some(id) = self.resolve(Kind::Pool, &n)
                        {
                            let target = self.pending.pools[id as usize].0;
                            if target.key != Key::FrontendPool {
                                let d = Diagnostic::new(
                                    Code::WrongKind,
                                    format!("`{}` is a Mediation pool, not a Front End pool", self.name_text(&n)),
                                    n.span,
                                    "a Front End pool is expected here",
                                )
                                .with_secondary(target.key_span, "declared as a Mediation pool here")
                                .with_help("the next hop of a Mediation pool is a Front End pool (its Registrar)");
                                self.error(d);
                            }
                            pool.next_hop = Some(Ref {
                                id: PoolId(id),
                                span: n.span,
                            });
                        }
                    }
                    Key::DnsLoadBalancing => pool.dns_load_balancing = self.switch(stmt),
                    Key::ExpectedCalls => {
                        pool.expected_calls = self.count(stmt, "a number of concurrent calls")
                    }
                    _ => self.internal(stmt),
                }
            }
            self.model.pools.push(pool);
        }
    }

    /// `tls-ports`, `tcp-ports` and `allow` inside a Mediation role.
    fn ports(&mut self, stmt: &Stmt, m: &mut MediationRole) {
        match (stmt.key, stmt.args.first()) {
            (Key::TlsPorts | Key::TcpPorts, Some(Arg::Ports(span))) => {
                let text = self.text(*span);
                match values::port_range(text) {
                    Ok(r) => {
                        let s = Some(Setting {
                            value: r,
                            span: stmt.span,
                        });
                        if stmt.key == Key::TlsPorts {
                            m.tls_ports = s;
                        } else {
                            m.tcp_ports = s;
                        }
                    }
                    Err(why) => self.error(
                        Diagnostic::new(Code::InvalidPort, why, *span, "not a valid port range")
                            .with_help("ports are 1 to 65535; a range is written `5068..5069`"),
                    ),
                }
            }
            (Key::Allow, _) => {}
            _ => self.internal(stmt),
        }
    }

    fn build_gateways_and_trunks(&mut self) {
        for i in 0..self.pending.gateways.len() {
            let (decl, _, site, root) = self.pending.gateways[i];
            let Some(name) = self.first_ident(decl) else {
                continue;
            };
            if name.text.parse::<std::net::IpAddr>().is_err() {
                self.fqdn(&name, "gateway");
            }
            let stmts = body(decl);
            self.check_duplicates(stmts);
            let mut g = Gateway {
                name,
                site,
                kind: None,
                address: None,
                media_ip: None,
                ipv6: None,
                owns: Vec::new(),
                sends: Vec::new(),
                accepts_client_media: None,
                pstn_access: None,
                early_dialogs: None,
                translates: None,
                srtp: None,
                pool_load_balancing: None,
                accepts_any_server: None,
                high_latency: None,
                e911_provider: None,
                channels: None,
                max_early_dialogs: None,
                provider: None,
                root_trunk: root,
                span: decl.span,
            };
            for stmt in stmts {
                match stmt.key {
                    Key::Kind => {
                        g.kind = self.word(
                            stmt,
                            &[
                                ("pstn-gateway", PeerKind::PstnGateway),
                                ("ip-pbx", PeerKind::IpPbx),
                                ("itsp", PeerKind::Itsp),
                                ("tdm-pbx", PeerKind::TdmPbx),
                            ],
                        )
                    }
                    Key::Address => g.address = self.address(stmt),
                    Key::MediaIp => g.media_ip = self.address(stmt),
                    Key::Ipv6 => g.ipv6 = self.switch(stmt),
                    Key::Owns => g
                        .owns
                        .extend(stmt.args.first().and_then(|a| self.pattern(a))),
                    Key::Sends => g
                        .sends
                        .extend(stmt.args.first().and_then(|a| self.pattern(a))),
                    Key::AcceptsClientMedia => g.accepts_client_media = self.switch(stmt),
                    Key::PstnAccess => g.pstn_access = self.switch(stmt),
                    Key::EarlyDialogs => g.early_dialogs = self.switch(stmt),
                    Key::Translates => g.translates = self.switch(stmt),
                    Key::Srtp => g.srtp = self.switch(stmt),
                    Key::PoolLoadBalancing => g.pool_load_balancing = self.switch(stmt),
                    Key::AcceptsAnyServer => g.accepts_any_server = self.switch(stmt),
                    Key::HighLatency => g.high_latency = self.switch(stmt),
                    Key::E911Provider => g.e911_provider = self.switch(stmt),
                    Key::Channels => g.channels = self.count(stmt, "a number of channels"),
                    Key::MaxEarlyDialogs => {
                        g.max_early_dialogs = self.count(stmt, "a number of early dialogs")
                    }
                    Key::Provider => {
                        g.provider = stmt.args.first().and_then(as_name).map(|n| Setting {
                            value: self.name_text(&n),
                            span: stmt.span,
                        })
                    }
                    Key::RootTrunk => {}
                    Key::Allow => {}
                    _ => self.internal(stmt),
                }
            }
            self.model.gateways.push(g);
        }
        let mut trunks = Vec::with_capacity(self.pending.trunks.len());
        for i in 0..self.pending.trunks.len() {
            trunks.push(self.build_trunk(i));
        }
        for t in trunks.into_iter().flatten() {
            self.model.trunks.push(t);
        }
    }

    fn build_trunk(&mut self, i: usize) -> Option<Trunk> {
        let PendingTrunk {
            stmt: decl,
            site,
            root_of,
            ..
        } = self.pending.trunks[i];
        let stmts = body(decl);
        self.check_duplicates(stmts);
        let name = match root_of {
            Some((_, gw_stmt)) => match root_trunk_name(decl) {
                Some(n) => self.ident(&n),
                None => self.first_ident(gw_stmt)?,
            },
            None => self.first_ident(decl)?,
        };
        let mut gateway = root_of.map(|(g, gw_stmt)| Ref {
            id: g,
            span: gw_stmt.args.first().map_or(gw_stmt.key_span, Arg::span),
        });
        let mut peer = None;
        let mut mediation = None;
        let mut default = None;
        let mut ok = true;
        for stmt in stmts {
            match (stmt.key, stmt.args.as_slice()) {
                (Key::Name, _) => {}
                (Key::Port, [Arg::Int(port), Arg::Word(transport)]) => {
                    peer = self.peer_port(*port, *transport, stmt);
                    ok &= peer.is_some();
                }
                (
                    Key::Gateway,
                    [
                        Arg::Name(g),
                        Arg::Keyword(_),
                        Arg::Int(port),
                        Arg::Word(transport),
                    ],
                ) => {
                    gateway = self.resolve(Kind::Gateway, g).map(|id| Ref {
                        id: GatewayId(id),
                        span: g.span,
                    });
                    ok &= gateway.is_some();
                    peer = self.peer_port(*port, *transport, stmt);
                    ok &= peer.is_some();
                }
                (Key::Mediation, [Arg::Name(pool), Arg::Keyword(_), Arg::Int(port)]) => {
                    let pool_ref = self.mediation_pool(pool);
                    // The Mediation port's locus is the number itself.
                    let port = self.port_value(*port, stmt).map(|p| Setting {
                        value: p.value,
                        span: *port,
                    });
                    ok &= pool_ref.is_some() && port.is_some();
                    mediation = pool_ref.zip(port);
                }
                (Key::Default, _) => {
                    default = Some(Setting {
                        value: true,
                        span: stmt.span,
                    })
                }
                (Key::Allow, _) => {}
                _ => self.internal(stmt),
            }
        }
        let help_port = "add `port 5067 tls` (the peer's listening port and the SIP transport)";
        let help_med =
            "add `mediation POOL port N` naming the Mediation pool and its port for this trunk";
        if root_of.is_none() {
            ok &= self.require(
                stmts.iter().any(|s| s.key == Key::Gateway),
                "a `gateway` (the peer, its port and transport)",
                decl,
                "add `gateway PEER port 5067 tls`",
            );
        } else {
            ok &= self.require(
                stmts.iter().any(|s| s.key == Key::Port),
                "a `port`",
                decl,
                help_port,
            );
        }
        ok &= self.require(
            stmts.iter().any(|s| s.key == Key::Mediation),
            "a `mediation` pool and port",
            decl,
            help_med,
        );
        if !ok {
            return None;
        }
        let ((peer_port, transport), (mediation, mediation_port), gateway) =
            (peer?, mediation?, gateway?);
        Some(Trunk {
            name,
            root: root_of.is_some(),
            site,
            gateway,
            peer_port,
            transport,
            mediation,
            mediation_port,
            default,
            span: decl.span,
        })
    }

    fn port_value(&mut self, span: Span, stmt: &Stmt) -> Option<Setting<u16>> {
        match values::port(self.text(span)) {
            Ok(p) => Some(Setting {
                value: p,
                span: stmt.span,
            }),
            Err(why) => {
                self.error(
                    Diagnostic::new(Code::InvalidPort, why, span, "not a valid port").with_help(
                        "ports are 1 to 65535; peers usually listen on 5067 (TLS) or 5066 (TCP)",
                    ),
                );
                None
            }
        }
    }

    fn peer_port(
        &mut self,
        port: Span,
        transport: Span,
        stmt: &Stmt,
    ) -> Option<(Setting<u16>, Transport)> {
        let port = self.port_value(port, stmt);
        let t = self.word_at(
            transport,
            stmt.key,
            &[("tls", Transport::Tls), ("tcp", Transport::Tcp)],
            "a SIP transport",
        );
        port.zip(t)
    }

    /// Resolves the Mediation pool of a trunk: a stand-alone Mediation pool
    /// or a Front End pool with a collocated Mediation Server.
    fn mediation_pool(&mut self, name: &ast::Name) -> Option<Ref<PoolId>> {
        let id = PoolId(self.resolve(Kind::Pool, name)?);
        let pool = self.model.pools.get(id);
        if pool.mediation.is_none() {
            let d = Diagnostic::new(
                Code::WrongKind,
                format!("`{}` has no Mediation Server", pool.name.text),
                name.span,
                "a Mediation pool is expected here",
            )
            .with_secondary(pool.name.span, "a Front End pool without `mediation collocated`")
            .with_help("add `mediation collocated { tls-ports 5067 }` to the Front End pool, or name a Mediation pool");
            self.error(d);
            return None;
        }
        Some(Ref {
            id,
            span: name.span,
        })
    }

    fn build_usages(&mut self) {
        for i in 0..self.pending.usages.len() {
            let (decl, _) = self.pending.usages[i];
            let Some(name) = self.first_ident(decl) else {
                continue;
            };
            self.model.usages.push(Usage {
                name,
                span: decl.span,
            });
        }
    }

    fn build_network(&mut self) {
        let Some(&(decl, _)) = self.pending.network.first() else {
            return;
        };
        let stmts = body(decl);
        self.check_duplicates(stmts);
        self.model.network.span = Some(decl.key_span);
        for stmt in stmts {
            match stmt.key {
                Key::BypassMode => {
                    self.model.network.bypass_mode = self.word(
                        stmt,
                        &[
                            ("off", BypassMode::Off),
                            ("always", BypassMode::Always),
                            ("sites-and-regions", BypassMode::SitesAndRegions),
                        ],
                    )
                }
                Key::CallAdmissionControl => {
                    self.model.network.call_admission_control = self.switch(stmt)
                }
                Key::DefaultBypassForUnmapped => {
                    self.model.network.default_bypass_for_unmapped = self.switch(stmt)
                }
                Key::Allow => {}
                Key::BandwidthProfile
                | Key::Region
                | Key::InterSite
                | Key::RegionLink
                | Key::RegionRoute => {}
                _ => self.internal(stmt),
            }
        }
        for i in 0..self.pending.profiles.len() {
            let (stmt, _) = self.pending.profiles[i];
            let Some(name) = self.first_ident(stmt) else {
                continue;
            };
            let inner = body(stmt);
            self.check_duplicates(inner);
            let mut p = BandwidthProfile {
                name,
                audio: None,
                audio_session: None,
                video: None,
                video_session: None,
                description: None,
                span: stmt.span,
            };
            for s in inner {
                match s.key {
                    Key::Audio => p.audio = self.kbps(s),
                    Key::AudioSession => p.audio_session = self.kbps(s),
                    Key::Video => p.video = self.kbps(s),
                    Key::VideoSession => p.video_session = self.kbps(s),
                    Key::Description => p.description = self.description(s),
                    Key::Allow => {}
                    _ => self.internal(s),
                }
            }
            self.model.network.profiles.push(p);
        }
        for i in 0..self.pending.regions.len() {
            let (stmt, _) = self.pending.regions[i];
            let Some(name) = self.first_ident(stmt) else {
                continue;
            };
            let inner = body(stmt);
            self.check_duplicates(inner);
            let mut central = None;
            let mut description = None;
            let mut bypass_id = None;
            for s in inner {
                match s.key {
                    Key::BypassId => bypass_id = self.word_setting(s),
                    Key::CentralSite => {
                        if let Some(n) = s.args.first().and_then(as_name)
                            && let Some(id) = self.resolve(Kind::Site, &n)
                        {
                            let site = self.model.sites.get(SiteId(id));
                            if let SiteKind::Branch(_) = site.kind {
                                let d = Diagnostic::new(
                                    Code::WrongKind,
                                    format!("`{}` is a branch site, not a central site", site.name.text),
                                    n.span,
                                    "a central site is expected here",
                                )
                                .with_secondary(site.name.span, "declared as a branch site here")
                                .with_help("a region's central site runs its bandwidth policy service; name a central site (E40)");
                                self.error(d);
                            }
                            central = Some(Ref {
                                id: SiteId(id),
                                span: n.span,
                            });
                        }
                    }
                    Key::Description => description = self.description(s),
                    Key::Allow => {}
                    Key::NetworkSite => {}
                    _ => self.internal(s),
                }
            }
            let has_central = inner.iter().any(|s| s.key == Key::CentralSite);
            self.require(
                has_central,
                "a `central-site`",
                stmt,
                "add `central-site SITE` naming the Topology Builder central site of the region",
            );
            let central = central.unwrap_or(Ref {
                id: SiteId(u32::MAX),
                span: stmt.key_span,
            });
            self.model.network.regions.push(Region {
                name,
                central_site: central,
                network_sites: Vec::new(),
                bypass_id,
                description,
                span: stmt.span,
            });
        }
        // Subnets are read, and their duplicates reported, in source order,
        // so "first declared" means first in the files.
        let mut subnet_spans: Vec<Span> = self
            .pending
            .network_sites
            .iter()
            .flat_map(|(stmt, _, _)| body(stmt).iter().filter(|s| s.key == Key::Subnets))
            .flat_map(|s| list_items(s).iter())
            .filter_map(|a| match a {
                Arg::Subnet(span) => Some(*span),
                _ => None,
            })
            .collect();
        subnet_spans.sort();
        let mut subnets: HashMap<Span, Subnet> = HashMap::new();
        for span in subnet_spans {
            if let Some(subnet) = self.subnet(span, true) {
                let key = Ident {
                    text: subnet.to_string(),
                    span,
                };
                if self.register(Kind::Subnet, &key, 0, "subnet").is_some() {
                    subnets.insert(span, subnet);
                }
            }
        }
        for i in 0..self.pending.network_sites.len() {
            let (stmt, _, region) = self.pending.network_sites[i];
            let Some(name) = self.first_ident(stmt) else {
                continue;
            };
            let inner = body(stmt);
            self.check_duplicates(inner);
            let mut ns = NetworkSite {
                name,
                region,
                subnets: Vec::new(),
                bandwidth: None,
                bypass_id: None,
                expect_bypass: Vec::new(),
                wireless: None,
                description: None,
                span: stmt.span,
            };
            for s in inner {
                match s.key {
                    Key::Subnets => {
                        for item in list_items(s) {
                            if let Arg::Subnet(span) = item
                                && let Some(&subnet) = subnets.get(span)
                            {
                                ns.subnets.push(Setting {
                                    value: subnet,
                                    span: *span,
                                });
                            }
                        }
                    }
                    Key::Bandwidth => ns.bandwidth = self.profile_ref(s),
                    Key::BypassId => ns.bypass_id = self.word_setting(s),
                    Key::ExpectBypass => ns.expect_bypass = self.trunk_list(s),
                    Key::Wireless => ns.wireless = self.switch(s),
                    Key::Description => ns.description = self.description(s),
                    Key::Allow => {}
                    _ => self.internal(s),
                }
            }
            let id = self.model.network.sites.push(ns);
            if region.index() < self.model.network.regions.len() {
                self.model
                    .network
                    .regions
                    .get_mut(region)
                    .network_sites
                    .push(id);
            }
        }
        for i in 0..self.pending.inter_sites.len() {
            let (stmt, _) = self.pending.inter_sites[i];
            let inner = body(stmt);
            self.check_duplicates(inner);
            let (Some(Arg::Name(a)), Some(Arg::Name(b))) = (stmt.args.first(), stmt.args.get(1))
            else {
                self.internal(stmt);
                continue;
            };
            let a = self.resolve(Kind::NetworkSite, a).map(|id| Ref {
                id: NetworkSiteId(id),
                span: a.span,
            });
            let b = self.resolve(Kind::NetworkSite, b).map(|id| Ref {
                id: NetworkSiteId(id),
                span: b.span,
            });
            let mut bandwidth = None;
            for s in inner {
                match s.key {
                    Key::Bandwidth => bandwidth = self.profile_ref(s),
                    Key::Allow => {}
                    _ => self.internal(s),
                }
            }
            let has_bw = inner.iter().any(|s| s.key == Key::Bandwidth);
            self.require(
                has_bw,
                "a `bandwidth` profile",
                stmt,
                "add `bandwidth PROFILE`: an inter-site policy describes a constrained link (E46)",
            );
            if let (Some(a), Some(b), Some(bandwidth)) = (a, b, bandwidth) {
                self.model.network.inter_sites.push(InterSite {
                    a,
                    b,
                    bandwidth,
                    span: stmt.span,
                });
            }
        }
        self.model
            .network
            .inter_sites
            .sort_by_key(|i| (i.a.id, i.b.id));
        self.build_region_links();
    }

    fn region_ref(&mut self, name: &ast::Name) -> Option<Ref<RegionId>> {
        self.resolve(Kind::Region, name).map(|id| Ref {
            id: RegionId(id),
            span: name.span,
        })
    }

    /// `region-link` and `region-route` (the links between regions that
    /// call admission control needs, E47).
    fn build_region_links(&mut self) {
        for i in 0..self.pending.region_links.len() {
            let stmt = self.pending.region_links[i];
            let [Arg::Name(name), Arg::Name(a), Arg::Name(b)] = stmt.args.as_slice() else {
                self.internal(stmt);
                continue;
            };
            let name = self.ident(name);
            let (a, b) = (self.region_ref(a), self.region_ref(b));
            let inner = body(stmt);
            self.check_duplicates(inner);
            let bandwidth = inner
                .iter()
                .find(|s| s.key == Key::Bandwidth)
                .and_then(|s| self.profile_ref(s));
            self.require(
                inner.iter().any(|s| s.key == Key::Bandwidth),
                "a `bandwidth` profile",
                stmt,
                "add `bandwidth PROFILE`: a region link has a bandwidth policy",
            );
            if let (Some(a), Some(b), Some(bandwidth)) = (a, b, bandwidth) {
                self.model.network.region_links.push(RegionLink {
                    name,
                    a,
                    b,
                    bandwidth,
                    span: stmt.span,
                });
            }
        }
        for i in 0..self.pending.region_routes.len() {
            let stmt = self.pending.region_routes[i];
            let [Arg::Name(a), Arg::Name(b)] = stmt.args.as_slice() else {
                self.internal(stmt);
                continue;
            };
            let (a, b) = (self.region_ref(a), self.region_ref(b));
            let inner = body(stmt);
            self.check_duplicates(inner);
            let mut links = Vec::new();
            for s in inner.iter().filter(|s| s.key == Key::Links) {
                for n in list_names(s) {
                    if let Some(id) = self.resolve(Kind::RegionLink, &n) {
                        links.push(Ref {
                            id: RegionLinkId(id),
                            span: n.span,
                        });
                    }
                }
            }
            self.require(
                inner.iter().any(|s| s.key == Key::Links),
                "`links`",
                stmt,
                "add `links [LINK, ...]`: the region links calls between the two regions take",
            );
            if let (Some(a), Some(b)) = (a, b) {
                self.model.network.region_routes.push(RegionRoute {
                    a,
                    b,
                    links,
                    span: stmt.span,
                });
            }
        }
        self.model
            .network
            .region_routes
            .sort_by_key(|r| (r.a.id, r.b.id));
    }

    fn profile_ref(&mut self, stmt: &Stmt) -> Option<Ref<BandwidthProfileId>> {
        let n = stmt.args.first().and_then(as_name)?;
        let id = self.resolve(Kind::BandwidthProfile, &n)?;
        Some(Ref {
            id: BandwidthProfileId(id),
            span: n.span,
        })
    }

    /// A non-negative count (users, channels, calls) that fits a UInt32.
    fn count(&mut self, stmt: &Stmt, what: &str) -> Option<Setting<u32>> {
        self.int(stmt, 0, i64::from(u32::MAX), what)
            .map(|s| Setting {
                value: s.value as u32,
                span: s.span,
            })
    }

    /// A statement's word argument as text (a GUID, say).
    fn word_setting(&mut self, stmt: &Stmt) -> Option<Setting<String>> {
        match stmt.args.first() {
            Some(Arg::Word(span)) => Some(Setting {
                value: self.text(*span).to_string(),
                span: stmt.span,
            }),
            _ => {
                self.internal(stmt);
                None
            }
        }
    }

    fn kbps(&mut self, stmt: &Stmt) -> Option<Setting<u32>> {
        self.int(stmt, 0, i64::from(u32::MAX), "a bandwidth in kbps")
            .map(|s| Setting {
                value: s.value as u32,
                span: s.span,
            })
    }

    // ------------------------------------------------ trunk configuration ---

    fn config_scope(&mut self, scope: &ast::Scope, what: &str) -> Option<ConfigScope> {
        match scope.kind {
            ScopeKind::Global => Some(ConfigScope::Global),
            ScopeKind::Site => {
                let n = scope.name?;
                self.resolve(Kind::Site, &n)
                    .map(|id| ConfigScope::Site(SiteId(id)))
            }
            ScopeKind::Trunk => {
                let n = scope.name?;
                self.resolve(Kind::Trunk, &n)
                    .map(|id| ConfigScope::Trunk(TrunkId(id)))
            }
            ScopeKind::Tag | ScopeKind::Registrar => {
                self.invalid_scope(scope, what, "`global`, `site:NAME` or `trunk:NAME`");
                None
            }
        }
    }

    /// Records that a scope has its object; reports a second one there.
    fn claim_scope<K: std::hash::Hash + Eq>(
        &mut self,
        seen: &mut HashMap<K, Span>,
        key: K,
        span: Span,
        what: &str,
        one: &str,
    ) -> bool {
        match seen.entry(key) {
            Entry::Occupied(first) => {
                let d = Diagnostic::new(
                    Code::DuplicateDeclaration,
                    format!("two {what} at `{}`", self.text(span)),
                    span,
                    "declared again here",
                )
                .with_secondary(*first.get(), "first declared here")
                .with_help(format!("a scope has {one}; merge the two"));
                self.error(d);
                false
            }
            Entry::Vacant(v) => {
                v.insert(span);
                true
            }
        }
    }

    fn invalid_scope(&mut self, scope: &ast::Scope, what: &str, allowed: &str) {
        self.error(
            Diagnostic::new(
                Code::InvalidScope,
                format!("{what} cannot have a `{}:` scope", scope.kind.text()),
                scope.span,
                "not a scope this declaration can have",
            )
            .with_help(format!("{what} is scoped {allowed}")),
        );
    }

    fn build_trunk_configs(&mut self) {
        let mut by_scope: HashMap<ConfigScope, Span> = HashMap::new();
        let mut ids_by_scope: HashMap<ConfigScope, TrunkConfigId> = HashMap::new();
        let mut froms: Vec<Option<(ast::Scope, Span)>> = Vec::new();
        for i in 0..self.pending.trunk_configs.len() {
            let (decl, _) = self.pending.trunk_configs[i];
            let Some(Arg::Scope(scope)) = decl.args.first() else {
                self.internal(decl);
                continue;
            };
            let Some(cs) = self.config_scope(scope, "a trunk configuration") else {
                continue;
            };
            let from = match decl.args.get(2) {
                Some(Arg::Scope(f)) => Some((*f, decl.args[1].span())),
                _ => None,
            };
            let stmts = body(decl);
            self.check_duplicates(stmts);
            let mut written = TrunkSettings::default();
            for stmt in stmts {
                self.trunk_setting(stmt, &mut written);
            }
            if !self.claim_scope(
                &mut by_scope,
                cs,
                scope.span,
                "trunk configurations",
                "one trunk configuration (E18)",
            ) {
                continue;
            }
            ids_by_scope.insert(cs, TrunkConfigId(self.model.trunk_configs.len() as u32));
            froms.push(from);
            self.model.trunk_configs.push(TrunkConfig {
                scope: cs,
                scope_span: scope.span,
                from: None,
                written: written.clone(),
                settings: written,
                span: decl.span,
            });
        }
        // Resolve `from` copies.
        for (i, from) in froms.iter().enumerate() {
            let Some((scope, _)) = from else {
                continue;
            };
            let Some(cs) = self.config_scope(scope, "a trunk configuration") else {
                continue;
            };
            match ids_by_scope.get(&cs) {
                Some(&target) => {
                    self.model
                        .trunk_configs
                        .get_mut(TrunkConfigId(i as u32))
                        .from = Some(Ref {
                        id: target,
                        span: scope.span,
                    })
                }
                None => {
                    let d = Diagnostic::new(
                        Code::UnknownName,
                        format!(
                            "no trunk configuration is declared at `{}`",
                            self.text(scope.span)
                        ),
                        scope.span,
                        "nothing to copy from",
                    )
                    .with_help("declare the trunk configuration it copies, or remove `from`");
                    self.error(d);
                }
            }
        }
        // Apply them, following chains and reporting cycles.
        let n = self.model.trunk_configs.len();
        let mut state = vec![0u8; n]; // 0 new, 1 in progress, 2 done
        for start in 0..n {
            self.resolve_from(start, &mut state);
        }
        // Canonical order: global, then sites, then trunks (each by id).
        let remap = self.model.trunk_configs.sort_by_key(|c| c.scope);
        for id in self.model.trunk_configs.ids().collect::<Vec<_>>() {
            let cfg = self.model.trunk_configs.get_mut(id);
            if let Some(f) = cfg.from.as_mut() {
                f.id = remap[f.id.index()];
            }
        }
    }

    fn resolve_from(&mut self, i: usize, state: &mut [u8]) {
        // Iterative over the chain: each configuration copies from at most one.
        let mut chain = Vec::new();
        let mut cur = i;
        loop {
            match state[cur] {
                2 => break,
                1 => {
                    // A cycle: report once, at the configuration that closes it.
                    let cfg = self.model.trunk_configs.get(TrunkConfigId(cur as u32));
                    let span = cfg.from.map_or(cfg.scope_span, |f| f.span);
                    let mut d = Diagnostic::new(
                        Code::FromCycle,
                        "trunk configurations copy from each other in a circle",
                        span,
                        "this copy closes the circle",
                    )
                    .with_help("let one of them state its settings instead of copying");
                    for &j in chain.iter().filter(|&&j| j != cur).take(3) {
                        let c = self.model.trunk_configs.get(TrunkConfigId(j as u32));
                        if let Some(f) = c.from {
                            d = d.with_secondary(f.span, "copies from here");
                        }
                    }
                    self.error(d);
                    for &j in &chain {
                        state[j] = 2;
                    }
                    return;
                }
                _ => {}
            }
            state[cur] = 1;
            chain.push(cur);
            match self.model.trunk_configs.get(TrunkConfigId(cur as u32)).from {
                Some(f) => cur = f.id.index(),
                None => break,
            }
        }
        // Apply from the end of the chain back to its start.
        for &j in chain.iter().rev() {
            let cfg = self.model.trunk_configs.get(TrunkConfigId(j as u32));
            if let Some(f) = cfg.from {
                let base = self.model.trunk_configs.get(f.id).settings.clone();
                let merged = cfg.written.overlay(&base);
                self.model
                    .trunk_configs
                    .get_mut(TrunkConfigId(j as u32))
                    .settings = merged;
            }
            state[j] = 2;
        }
    }

    fn trunk_setting(&mut self, stmt: &Stmt, s: &mut TrunkSettings) {
        let slot = match stmt.key {
            Key::MediaBypass => &mut s.media_bypass,
            Key::CentralizedMedia => &mut s.centralized_media,
            Key::Refer => &mut s.refer,
            Key::Refer3pcc => &mut s.refer_3pcc,
            Key::SessionTimer => &mut s.session_timer,
            Key::SignalBoost => &mut s.signal_boost,
            Key::RemovePlus => &mut s.remove_plus,
            Key::RtcpActiveCalls => &mut s.rtcp_active_calls,
            Key::RtcpCallsOnHold => &mut s.rtcp_calls_on_hold,
            Key::PidfLo => &mut s.pidf_lo,
            Key::MobileTrunk => &mut s.mobile_trunk,
            Key::RtpLatching => &mut s.rtp_latching,
            Key::ForwardCallHistory => &mut s.forward_call_history,
            Key::ForwardPai => &mut s.forward_pai,
            Key::FastFailover => &mut s.fast_failover,
            Key::OnlineVoice => &mut s.online_voice,
            Key::LocationRestriction => &mut s.location_restriction,
            Key::MaxEarlyDialogs => {
                s.max_early_dialogs =
                    self.int(stmt, 0, i64::from(u32::MAX), "a UInt32")
                        .map(|v| Setting {
                            value: v.value as u32,
                            span: v.span,
                        });
                return;
            }
            Key::Srtp => {
                s.srtp = self.word(
                    stmt,
                    &[
                        ("required", SrtpMode::Required),
                        ("optional", SrtpMode::Optional),
                        ("not-supported", SrtpMode::NotSupported),
                    ],
                );
                return;
            }
            Key::Usages => {
                s.usages = Some(Setting {
                    value: self.usage_list(stmt),
                    span: stmt.span,
                });
                return;
            }
            Key::CalledNumber | Key::CallingNumber => {
                let rules = Some(Setting {
                    value: self.rules(body(stmt), "translation rule"),
                    span: stmt.span,
                });
                if stmt.key == Key::CalledNumber {
                    s.called_number = rules;
                } else {
                    s.calling_number = rules;
                }
                return;
            }
            Key::NetworkSite => {
                if let Some(n) = stmt.args.first().and_then(as_name) {
                    s.network_site = self.resolve(Kind::NetworkSite, &n).map(|id| Setting {
                        value: NetworkSiteId(id),
                        span: stmt.span,
                    });
                }
                return;
            }
            Key::Description => {
                s.description = self.description(stmt);
                return;
            }
            Key::Allow => return,
            _ => {
                self.internal(stmt);
                return;
            }
        };
        *slot = self.switch(stmt);
    }

    /// Ordered normalization or translation rules, with unique names.
    fn rules(&mut self, stmts: &[Stmt], what: &str) -> Vec<NumberRule> {
        let mut names: HashMap<String, Span> = HashMap::new();
        let mut out = Vec::new();
        for stmt in stmts {
            if stmt.key != Key::Rule {
                // The owner's other statements (and `allow`s) are its own.
                continue;
            }
            let [
                Arg::Name(n),
                Arg::Pattern(p),
                Arg::Keyword(_),
                Arg::Pattern(t),
            ] = stmt.args.as_slice()
            else {
                self.internal(stmt);
                continue;
            };
            let name = self.ident(n);
            match names.entry(fold(&name.text)) {
                Entry::Occupied(first) => {
                    let d = Diagnostic::new(
                        Code::DuplicateDeclaration,
                        format!("{what} `{}` is declared twice in this list", name.text),
                        name.span,
                        "declared again here",
                    )
                    .with_secondary(*first.get(), "first declared here")
                    .with_help("rule names are unique within their list (E38); rename one");
                    self.error(d);
                    continue;
                }
                Entry::Vacant(v) => {
                    v.insert(name.span);
                }
            }
            let inner = body(stmt);
            self.check_duplicates(inner);
            let mut rule = NumberRule {
                name,
                pattern: self.pattern_at(*p),
                translation: self.pattern_at(*t),
                internal_extension: None,
                description: None,
                span: stmt.span,
            };
            for s in inner {
                match s.key {
                    Key::InternalExtension => rule.internal_extension = self.switch(s),
                    Key::Description => rule.description = self.description(s),
                    Key::Allow => {}
                    _ => self.internal(s),
                }
            }
            out.push(rule);
        }
        out
    }

    fn usage_list(&mut self, stmt: &Stmt) -> Vec<Ref<UsageId>> {
        list_names(stmt)
            .into_iter()
            .filter_map(|n| {
                self.resolve(Kind::Usage, &n).map(|id| Ref {
                    id: UsageId(id),
                    span: n.span,
                })
            })
            .collect()
    }

    fn trunk_list(&mut self, stmt: &Stmt) -> Vec<Ref<TrunkId>> {
        list_names(stmt)
            .into_iter()
            .filter_map(|n| {
                self.resolve(Kind::Trunk, &n).map(|id| Ref {
                    id: TrunkId(id),
                    span: n.span,
                })
            })
            .collect()
    }

    fn route_list(&mut self, stmt: &Stmt) -> Vec<Ref<RouteId>> {
        list_names(stmt)
            .into_iter()
            .filter_map(|n| {
                self.resolve(Kind::Route, &n).map(|id| Ref {
                    id: RouteId(id),
                    span: n.span,
                })
            })
            .collect()
    }

    // ------------------------------------------------- routes, policies ---

    fn build_routes(&mut self) {
        for i in 0..self.pending.routes.len() {
            let (decl, _) = self.pending.routes[i];
            let Some(name) = self.first_ident(decl) else {
                continue;
            };
            let stmts = body(decl);
            self.check_duplicates(stmts);
            let mut pattern = None;
            let mut usages = Vec::new();
            let mut trunks = Vec::new();
            let mut priority = None;
            let mut caller_id = None;
            let mut description = None;
            for stmt in stmts {
                match stmt.key {
                    Key::Pattern => pattern = stmt.args.first().and_then(|a| self.pattern(a)),
                    Key::Usages => usages = self.usage_list(stmt),
                    Key::Trunks => trunks = self.trunk_list(stmt),
                    Key::Priority => {
                        priority = self
                            .int(stmt, i64::from(i32::MIN), i64::from(i32::MAX), "an Int32")
                            .map(|s| Setting {
                                value: s.value as i32,
                                span: s.span,
                            })
                    }
                    Key::CallerId => caller_id = stmt.args.last().and_then(|a| self.pattern(a)),
                    Key::Description => description = self.description(stmt),
                    Key::Allow => {}
                    _ => self.internal(stmt),
                }
            }
            self.require(
                pattern.is_some() || stmts.iter().any(|s| s.key == Key::Pattern),
                "a `pattern`",
                decl,
                "add `pattern '^...$'`: the numbers the route carries (Lync's unanchored default `[0-9]{10}` is never what is meant)",
            );
            let Some(pattern) = pattern else {
                continue;
            };
            self.model.routes.push(Route {
                name,
                pattern,
                usages,
                trunks,
                priority,
                caller_id,
                description,
                span: decl.span,
            });
        }
    }

    fn build_unassigned(&mut self) {
        for i in 0..self.pending.unassigned.len() {
            let (decl, _) = self.pending.unassigned[i];
            let Some(name) = self.first_ident(decl) else {
                continue;
            };
            let stmts = body(decl);
            self.check_duplicates(stmts);
            let mut range = None;
            let mut treatments = Vec::new();
            let mut priority = None;
            let mut ok = true;
            for stmt in stmts {
                match stmt.key {
                    Key::Range => {
                        range = self.number_range(stmt);
                        ok &= range.is_some();
                    }
                    Key::Announcement => {
                        let t = self.announcement(stmt);
                        ok &= t.is_some();
                        treatments.extend(t.map(|t| (t, stmt)));
                    }
                    Key::ExchangeUm => {
                        let t = stmt
                            .args
                            .first()
                            .and_then(|a| self.pattern(a))
                            .and_then(|p| {
                                self.e164(&p.text, p.span, "an Exchange UM Auto Attendant number")
                                    .then_some(Treatment::ExchangeUm(p))
                            });
                        ok &= t.is_some();
                        treatments.extend(t.map(|t| (t, stmt)));
                    }
                    Key::Priority => {
                        priority = self
                            .int(stmt, i64::from(i32::MIN), i64::from(i32::MAX), "an Int32")
                            .map(|s| Setting {
                                value: s.value as i32,
                                span: s.span,
                            })
                    }
                    Key::Allow => {}
                    _ => self.internal(stmt),
                }
            }
            let has_range = self.require(
                !ok || stmts.iter().any(|s| s.key == Key::Range),
                "a `range`",
                decl,
                "add `range '+FIRST' '+LAST'`: the first and last number of the range",
            );
            let has_treatment = self.require(
                !ok || !treatments.is_empty(),
                "an `announcement` or `exchange-um`",
                decl,
                "say where calls to the range go: `announcement POOL \"NAME\"` (an existing announcement) or `exchange-um '+N'` (an Auto Attendant)",
            );
            if let [(_, first), (_, second), ..] = treatments.as_slice() {
                // The same statement twice is a duplicate setting, reported above.
                if first.key == second.key {
                    continue;
                }
                self.error(
                    Diagnostic::new(
                        Code::DuplicateSetting,
                        "a range of the unassigned number table has one treatment: an announcement or an Exchange UM Auto Attendant",
                        second.key_span,
                        "a second treatment",
                    )
                    .with_secondary(first.key_span, "first given here")
                    .with_help("keep one of the two; New-CsUnassignedNumber takes either"),
                );
                continue;
            }
            let (Some(range), Some((treatment, _)), true, true) =
                (range, treatments.pop(), has_range, has_treatment)
            else {
                continue;
            };
            self.model.unassigned.push(UnassignedRange {
                name,
                range,
                treatment,
                priority,
                span: decl.span,
            });
        }
    }

    /// Whether `text` is an E.164 number: `+`, then 1 to 17 digits, the
    /// first not 0 (New-CsUnassignedNumber's `[1-9]\d{0,17}` with the
    /// length its text gives); reports it when not.
    fn e164(&mut self, text: &str, span: Span, what: &str) -> bool {
        let ok = text.strip_prefix('+').is_some_and(|d| {
            (1..=17).contains(&d.len())
                && d.bytes().all(|b| b.is_ascii_digit())
                && !d.starts_with('0')
        });
        if !ok {
            self.error(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("'{}' is not {what} in E.164 form", shown_text(text)),
                    span,
                    "not `+` and 1 to 17 digits, the first not 0",
                )
                .with_help("write the number as routing sees it: `+`, the country code (never 0) and the rest, up to 17 digits in all: '+14255550100'"),
            );
        }
        ok
    }

    /// `range 'FIRST' 'LAST'`.
    fn number_range(&mut self, stmt: &Stmt) -> Option<Setting<NumberRange>> {
        let [Some(first), Some(last)] =
            [0, 1].map(|i| stmt.args.get(i).and_then(|a| self.pattern(a)))
        else {
            self.internal(stmt);
            return None;
        };
        let ends_ok = self.e164(&first.text, first.span, "the first number")
            & self.e164(&last.text, last.span, "the last number");
        if !ends_ok {
            return None;
        }
        if first.text.len() != last.text.len() || first.text > last.text {
            let why = if first.text.len() != last.text.len() {
                "the first and last number have different lengths"
            } else {
                "the last number is below the first"
            };
            self.error(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("'{}' to '{}' is not a range: {why}", first.text, last.text),
                    last.span,
                    "not a range",
                )
                .with_secondary(first.span, "the first number")
                .with_help("give the first and the last number of one block of numbers, of one length, first <= last; split a block that spans lengths into two ranges"),
            );
            return None;
        }
        Some(Setting {
            value: NumberRange {
                first: first.text,
                last: last.text,
            },
            span: stmt.span,
        })
    }

    /// `announcement POOL "NAME"`: the pool must be a Front End pool, whose
    /// Application service runs the Announcement application.
    fn announcement(&mut self, stmt: &Stmt) -> Option<Treatment> {
        let (Some(pool), Some(name)) = (
            stmt.args.first().and_then(as_name),
            stmt.args.get(1).and_then(as_name),
        ) else {
            self.internal(stmt);
            return None;
        };
        let id = PoolId(self.resolve(Kind::Pool, &pool)?);
        let role = self.pending.pools[id.index()].0.key;
        if role != Key::FrontendPool {
            self.error(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!(
                        "`{}` is a Mediation pool; announcements run on a Front End pool's Application service",
                        self.name_text(&pool)
                    ),
                    pool.span,
                    "not a Front End pool",
                )
                .with_help("name the Front End pool whose Application service holds the announcement (New-CsAnnouncement -Identity ApplicationServer:POOL)"),
            );
            return None;
        }
        Some(Treatment::Announcement {
            pool: Ref {
                id,
                span: pool.span,
            },
            name: Setting {
                value: self.name_text(&name),
                span: name.span,
            },
        })
    }

    fn build_voice_policies(&mut self) {
        let mut by_scope: HashMap<PolicyScope, Span> = HashMap::new();
        for i in 0..self.pending.voice_policies.len() {
            let (decl, _) = self.pending.voice_policies[i];
            let Some(Arg::Scope(scope)) = decl.args.first() else {
                self.internal(decl);
                continue;
            };
            let ps = match scope.kind {
                ScopeKind::Global => Some(PolicyScope::Global),
                ScopeKind::Site => scope
                    .name
                    .and_then(|n| self.resolve(Kind::Site, &n))
                    .map(|id| PolicyScope::Site(SiteId(id))),
                ScopeKind::Tag => scope
                    .name
                    .map(|n| PolicyScope::Tag(fold(&self.name_text(&n)))),
                ScopeKind::Trunk | ScopeKind::Registrar => {
                    self.invalid_scope(
                        scope,
                        "a voice policy",
                        "`global`, `site:NAME` or `tag:NAME` (there is no pool scope)",
                    );
                    None
                }
            };
            let Some(ps) = ps else {
                continue;
            };
            if !self.claim_scope(
                &mut by_scope,
                ps.clone(),
                scope.span,
                "voice policies",
                "one voice policy",
            ) {
                continue;
            }
            let stmts = body(decl);
            self.check_duplicates(stmts);
            let mut p = VoicePolicy {
                scope: ps,
                scope_text: self.text(scope.span).to_string(),
                scope_span: scope.span,
                usages: Vec::new(),
                usages_span: None,
                call_forwarding: None,
                flags: Vec::new(),
                description: None,
                span: decl.span,
            };
            for stmt in stmts {
                if let Some(flag) = policy_flag(stmt.key) {
                    if let Some(v) = self.switch(stmt) {
                        p.flags.push((flag, v));
                    }
                    continue;
                }
                match stmt.key {
                    Key::Usages => {
                        p.usages = self.usage_list(stmt);
                        p.usages_span = Some(stmt.span);
                    }
                    Key::CallForwardingUsages => {
                        let value = match stmt.args.first() {
                            Some(Arg::List(_)) => {
                                Some(CallForwarding::Custom(self.usage_list(stmt)))
                            }
                            Some(Arg::Word(w)) => self
                                .word_at(
                                    *w,
                                    stmt.key,
                                    &[("voice-policy", 0u8), ("internal-only", 1)],
                                    "a call-forwarding usage type",
                                )
                                .map(|v| {
                                    if v == 0 {
                                        CallForwarding::VoicePolicy
                                    } else {
                                        CallForwarding::InternalOnly
                                    }
                                }),
                            _ => {
                                self.internal(stmt);
                                None
                            }
                        };
                        p.call_forwarding = value.map(|v| Setting {
                            value: v,
                            span: stmt.span,
                        });
                    }
                    Key::Description => p.description = self.description(stmt),
                    Key::Allow => {}
                    _ => self.internal(stmt),
                }
            }
            self.model.voice_policies.push(p);
        }
        self.model.voice_policies.sort_by_key(|p| p.scope.clone());
    }

    fn build_dial_plans(&mut self) {
        let mut by_scope: HashMap<DialPlanScope, Span> = HashMap::new();
        for i in 0..self.pending.dial_plans.len() {
            let (decl, _) = self.pending.dial_plans[i];
            let Some(Arg::Scope(scope)) = decl.args.first() else {
                self.internal(decl);
                continue;
            };
            let Some(ds) = self.dial_plan_scope(scope) else {
                continue;
            };
            if !self.claim_scope(
                &mut by_scope,
                ds.clone(),
                scope.span,
                "dial plans",
                "one dial plan (E34)",
            ) {
                continue;
            }
            let stmts = body(decl);
            self.check_duplicates(stmts);
            let mut plan = DialPlan {
                scope: ds,
                scope_text: self.text(scope.span).to_string(),
                scope_span: scope.span,
                simple_name: None,
                external_access_prefix: None,
                optimize_device_dialing: None,
                rules: self.rules(stmts, "normalization rule"),
                description: None,
                span: decl.span,
            };
            for stmt in stmts {
                match stmt.key {
                    Key::ExternalAccessPrefix => {
                        plan.external_access_prefix =
                            stmt.args.first().and_then(|a| self.pattern(a))
                    }
                    Key::OptimizeDeviceDialing => plan.optimize_device_dialing = self.switch(stmt),
                    Key::SimpleName => {
                        plan.simple_name = stmt.args.first().and_then(as_name).map(|n| Setting {
                            value: self.name_text(&n),
                            span: stmt.span,
                        })
                    }
                    Key::Description => plan.description = self.description(stmt),
                    Key::Allow => {}
                    Key::Rule => {}
                    _ => self.internal(stmt),
                }
            }
            self.model.dial_plans.push(plan);
        }
        self.model.dial_plans.sort_by_key(|p| p.scope.clone());
    }

    fn dial_plan_scope(&mut self, scope: &ast::Scope) -> Option<DialPlanScope> {
        match scope.kind {
            ScopeKind::Global => Some(DialPlanScope::Global),
            ScopeKind::Site => {
                let n = scope.name?;
                self.resolve(Kind::Site, &n)
                    .map(|id| DialPlanScope::Site(SiteId(id)))
            }
            ScopeKind::Trunk => {
                let n = scope.name?;
                self.resolve(Kind::Trunk, &n)
                    .map(|id| DialPlanScope::Trunk(TrunkId(id)))
            }
            ScopeKind::Registrar => {
                let n = scope.name?;
                let id = PoolId(self.resolve(Kind::Pool, &n)?);
                let pool = self.model.pools.get(id);
                if pool.role != PoolRole::FrontEnd {
                    let d = Diagnostic::new(
                        Code::WrongKind,
                        format!("`{}` is a Mediation pool, not a Registrar", pool.name.text),
                        n.span,
                        "a Front End pool is expected here",
                    )
                    .with_secondary(pool.name.span, "declared as a Mediation pool here")
                    .with_help("a `registrar:` dial plan applies to the users of a Front End pool");
                    self.error(d);
                    return None;
                }
                Some(DialPlanScope::Registrar(id))
            }
            ScopeKind::Tag => scope
                .name
                .map(|n| DialPlanScope::Tag(fold(&self.name_text(&n)))),
        }
    }

    // ------------------------------------------------------------- tests ---

    fn build_tests(&mut self) {
        for i in 0..self.pending.tests.len() {
            let (decl, _) = self.pending.tests[i];
            let Some(title) = self.first_ident(decl) else {
                continue;
            };
            let stmts = body(decl);
            self.check_duplicates(stmts);
            let mut caller = Caller::User {
                home_pool: None,
                policy: None,
                dial_plan: None,
                network_site: None,
                ip: None,
                calling: None,
            };
            let mut dial = None;
            let mut expect = None;
            let mut ok = true;
            for stmt in stmts {
                match stmt.key {
                    Key::From => match self.caller(stmt) {
                        Some(c) => caller = c,
                        None => ok = false,
                    },
                    Key::Dial => dial = stmt.args.first().and_then(|a| self.pattern(a)),
                    Key::Expect => expect = self.expectations(stmt),
                    Key::Allow => {}
                    _ => self.internal(stmt),
                }
            }
            let has_dial = self.require(
                dial.is_some(),
                "a `dial` string",
                decl,
                "add `dial '...'`: what the caller dials",
            );
            let has_expect = self.require(
                stmts.iter().any(|s| s.key == Key::Expect),
                "an `expect` block",
                decl,
                "add `expect { ... }` with what must happen",
            );
            if !(ok && has_dial && has_expect) {
                continue;
            }
            let (Some(dial), Some(expect)) = (dial, expect) else {
                continue;
            };
            self.model.tests.push(CallTest {
                title,
                caller,
                dial,
                expect,
                span: decl.span,
            });
        }
    }

    fn caller(&mut self, stmt: &Stmt) -> Option<Caller> {
        let stmts = body(stmt);
        self.check_duplicates(stmts);
        let calling = stmts
            .iter()
            .find(|s| s.key == Key::Calling)
            .and_then(|s| s.args.first())
            .and_then(|a| self.pattern(a));
        match stmt.args.as_slice() {
            [Arg::Keyword(k), Arg::Name(t)] if self.text(*k) == "trunk" => {
                let id = self.resolve(Kind::Trunk, t)?;
                Some(Caller::Trunk {
                    trunk: Ref {
                        id: TrunkId(id),
                        span: t.span,
                    },
                    calling,
                })
            }
            [Arg::Keyword(_)] => {
                let mut home_pool = None;
                let mut policy = None;
                let mut dial_plan = None;
                let mut network_site = None;
                let mut ip = None;
                let mut ok = true;
                for s in stmts {
                    match (s.key, s.args.first()) {
                        (Key::HomePool, Some(Arg::Name(n))) => {
                            home_pool = self.registrar(n);
                            ok &= home_pool.is_some();
                        }
                        (Key::Policy, Some(Arg::Scope(scope))) => {
                            policy = self.policy_ref(scope);
                            ok &= policy.is_some();
                        }
                        (Key::DialPlan, Some(Arg::Scope(scope))) => {
                            dial_plan = self.dial_plan_ref(scope);
                            ok &= dial_plan.is_some();
                        }
                        (Key::NetworkSite, Some(Arg::Name(n))) => {
                            network_site = self.resolve(Kind::NetworkSite, n).map(|id| Ref {
                                id: NetworkSiteId(id),
                                span: n.span,
                            });
                            ok &= network_site.is_some();
                        }
                        (Key::Ip, Some(Arg::Subnet(span))) => {
                            ip = self.subnet(*span, false).map(|v| Setting {
                                value: v,
                                span: *span,
                            });
                            ok &= ip.is_some();
                        }
                        (Key::Calling, _) => {}
                        _ => self.internal(s),
                    }
                }
                ok.then_some(Caller::User {
                    home_pool,
                    policy,
                    dial_plan,
                    network_site,
                    ip,
                    calling,
                })
            }
            _ => {
                self.internal(stmt);
                None
            }
        }
    }

    /// A home pool: a Front End pool (a Registrar).
    fn registrar(&mut self, n: &ast::Name) -> Option<Ref<PoolId>> {
        let id = PoolId(self.resolve(Kind::Pool, n)?);
        let pool = self.model.pools.get(id);
        if pool.role != PoolRole::FrontEnd {
            let d = Diagnostic::new(
                Code::WrongKind,
                format!(
                    "`{}` is a Mediation pool, not a Front End pool",
                    pool.name.text
                ),
                n.span,
                "users are homed on a Front End pool",
            )
            .with_secondary(pool.name.span, "declared as a Mediation pool here");
            self.error(d);
            return None;
        }
        Some(Ref { id, span: n.span })
    }

    fn policy_ref(&mut self, scope: &ast::Scope) -> Option<Ref<VoicePolicyId>> {
        let ps = match scope.kind {
            ScopeKind::Global => PolicyScope::Global,
            ScopeKind::Site => PolicyScope::Site(SiteId(self.resolve(Kind::Site, &scope.name?)?)),
            ScopeKind::Tag => PolicyScope::Tag(fold(&self.name_text(&scope.name?))),
            _ => {
                self.invalid_scope(
                    scope,
                    "a voice policy",
                    "`global`, `site:NAME` or `tag:NAME`",
                );
                return None;
            }
        };
        let found = self
            .model
            .voice_policies
            .iter()
            .find(|(_, p)| p.scope == ps)
            .map(|(id, _)| id);
        match found {
            Some(id) => Some(Ref {
                id,
                span: scope.span,
            }),
            None => {
                self.missing_scoped("voice policy", scope);
                None
            }
        }
    }

    fn dial_plan_ref(&mut self, scope: &ast::Scope) -> Option<Ref<DialPlanId>> {
        let ds = self.dial_plan_scope(scope)?;
        let found = self
            .model
            .dial_plans
            .iter()
            .find(|(_, p)| p.scope == ds)
            .map(|(id, _)| id);
        match found {
            Some(id) => Some(Ref {
                id,
                span: scope.span,
            }),
            None => {
                self.missing_scoped("dial plan", scope);
                None
            }
        }
    }

    fn missing_scoped(&mut self, what: &str, scope: &ast::Scope) {
        let d = Diagnostic::new(
            Code::UnknownName,
            format!("no {what} is declared at `{}`", self.text(scope.span)),
            scope.span,
            format!("no such {what}"),
        )
        .with_help(format!("declare the {what}, or name one that exists"));
        self.error(d);
    }

    /// A trunk named in a test's `via`.
    fn trunk_ref(&mut self, n: &ast::Name) -> Option<Ref<TrunkId>> {
        self.resolve(Kind::Trunk, n).map(|id| Ref {
            id: TrunkId(id),
            span: n.span,
        })
    }

    fn expectations(&mut self, stmt: &Stmt) -> Option<Expectations> {
        let stmts = body(stmt);
        self.check_duplicates(stmts);
        let mut e = Expectations::default();
        let mut ok = true;
        for s in stmts {
            let yes = Some(Setting {
                value: true,
                span: s.span,
            });
            match s.key {
                Key::Normalized | Key::Sent | Key::Calling => {
                    let number = s.args.first().and_then(|a| self.pattern(a));
                    let via = match s.args.get(2) {
                        Some(Arg::Name(n)) if s.key == Key::Normalized => {
                            self.error(
                                Diagnostic::new(
                                    Code::InvalidValue,
                                    "`via` names a trunk of the winning route; the normalized number has none",
                                    n.span,
                                    "not for `normalized`",
                                )
                                .with_help("remove `via ...`, or use it with `sent` or `calling`"),
                            );
                            ok = false;
                            None
                        }
                        Some(Arg::Name(n)) => {
                            let r = self.trunk_ref(n);
                            ok &= r.is_some();
                            r
                        }
                        _ => None,
                    };
                    match (s.key, number) {
                        (Key::Normalized, number) => e.normalized = number,
                        (Key::Sent, Some(number)) => e.sent.push(Sent { number, via }),
                        (_, Some(number)) => e.calling.push(Sent { number, via }),
                        (_, None) => ok = false,
                    }
                }
                Key::LyncUser => e.lync_user = yes,
                Key::Unassigned => e.unassigned = yes,
                Key::Unroutable => e.unroutable = yes,
                Key::Route => {
                    let r = s.args.first().and_then(as_name).and_then(|n| {
                        self.resolve(Kind::Route, &n).map(|id| Ref {
                            id: RouteId(id),
                            span: n.span,
                        })
                    });
                    ok &= r.is_some();
                    e.route = r;
                }
                Key::Trunks => {
                    let names = list_names(s).len();
                    let list = self.trunk_list(s);
                    ok &= list.len() == names;
                    e.trunks = Some(Setting {
                        value: list,
                        span: s.span,
                    });
                }
                Key::Backup => {
                    let names = list_names(s).len();
                    let list = self.route_list(s);
                    ok &= list.len() == names;
                    e.backup = Some(Setting {
                        value: list,
                        span: s.span,
                    });
                }
                Key::Bypass => {
                    let Some(Arg::Word(w)) = s.args.first() else {
                        self.internal(s);
                        continue;
                    };
                    let on =
                        self.word_at(*w, Key::Bypass, &[("on", true), ("off", false)], "a switch");
                    let via = match s.args.get(2) {
                        Some(Arg::Name(n)) => {
                            let r = self.trunk_ref(n);
                            ok &= r.is_some();
                            r
                        }
                        _ => None,
                    };
                    ok &= on.is_some();
                    e.bypass = on.map(|on| Setting {
                        value: (on, via),
                        span: s.span,
                    });
                }
                _ => self.internal(s),
            }
        }
        ok.then_some(e)
    }

    /// Records every `allow` below a declaration, each covering the
    /// statement whose block it is written in.
    fn collect_allows(&mut self, stmt: &Stmt) {
        let mut stack = vec![stmt];
        while let Some(parent) = stack.pop() {
            for child in body(parent) {
                if child.key == Key::Allow {
                    if let Some(a) = self.allow(child, parent.span) {
                        self.model.allows.push(a);
                    }
                } else {
                    stack.push(child);
                }
            }
        }
    }

    // ------------------------------------------------------------ values ---

    fn pattern_at(&self, span: Span) -> Pattern {
        Pattern {
            text: crate::lexical::unquote_pattern(self.text(span)).into_owned(),
            span,
        }
    }

    fn pattern(&mut self, arg: &Arg) -> Option<Pattern> {
        match arg {
            Arg::Pattern(span) => Some(self.pattern_at(*span)),
            _ => None,
        }
    }

    fn description(&mut self, stmt: &Stmt) -> Option<Setting<String>> {
        match stmt.args.first() {
            Some(Arg::Str(span)) => Some(Setting {
                value: crate::lexical::unquote_string(self.text(*span)).into_owned(),
                span: stmt.span,
            }),
            _ => {
                self.internal(stmt);
                None
            }
        }
    }

    fn switch(&mut self, stmt: &Stmt) -> Option<Setting<bool>> {
        self.word(stmt, &[("on", true), ("off", false)])
    }

    /// A fixed-vocabulary value: the statement's first argument.
    fn word<T: Copy>(&mut self, stmt: &Stmt, table: &[(&str, T)]) -> Option<Setting<T>> {
        let Some(Arg::Word(span)) = stmt.args.first() else {
            self.internal(stmt);
            return None;
        };
        let what = if stmt.key.is_switch() {
            "a switch"
        } else {
            "a value"
        };
        self.word_at(*span, stmt.key, table, what)
            .map(|value| Setting {
                value,
                span: stmt.span,
            })
    }

    fn word_at<T: Copy>(
        &mut self,
        span: Span,
        key: Key,
        table: &[(&str, T)],
        what: &str,
    ) -> Option<T> {
        let text = self.text(span);
        if let Some((_, v)) = table.iter().find(|(w, _)| *w == text) {
            return Some(*v);
        }
        let words: Vec<&str> = table.iter().map(|(w, _)| *w).collect();
        let list = words
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match (text, suggest(text, words.iter().copied())) {
            ("true" | "yes" | "enabled" | "1", _) if words.contains(&"on") => {
                "switches are written `on`".to_string()
            }
            ("false" | "no" | "disabled" | "0", _) if words.contains(&"off") => {
                "switches are written `off`".to_string()
            }
            (_, Some(s)) => format!("did you mean `{s}`?"),
            (_, None) => format!("use one of {list}"),
        };
        self.error(
            Diagnostic::new(
                Code::InvalidValue,
                format!(
                    "`{text}` is not {what} for `{}`; expected {list}",
                    key.text()
                ),
                span,
                "not a valid value here",
            )
            .with_help(help),
        );
        None
    }

    fn int(&mut self, stmt: &Stmt, min: i64, max: i64, what: &str) -> Option<Setting<i64>> {
        let Some(Arg::Int(span)) = stmt.args.first() else {
            self.internal(stmt);
            return None;
        };
        match values::int_in(self.text(*span), min, max) {
            Ok(v) => Some(Setting {
                value: v,
                span: stmt.span,
            }),
            Err(why) => {
                self.error(
                    Diagnostic::new(
                        Code::ValueOutOfRange,
                        format!("`{}` takes {what}: {why}", stmt.key.text()),
                        *span,
                        "out of range",
                    )
                    .with_help(format!("use a value from {min} to {max}")),
                );
                None
            }
        }
    }

    fn address(&mut self, stmt: &Stmt) -> Option<Setting<std::net::IpAddr>> {
        let Some(Arg::Address(span)) = stmt.args.first() else {
            self.internal(stmt);
            return None;
        };
        let text = self.text(*span);
        match values::ip(text) {
            Ok(ip) => Some(Setting {
                value: ip,
                span: stmt.span,
            }),
            Err(why) => {
                let help = if values::fqdn(text).is_ok() {
                    format!(
                        "`{}` takes an IP address; a gateway's FQDN is its name",
                        stmt.key.text()
                    )
                } else {
                    "write an IPv4 address such as `10.1.20.5`, or an IPv6 address in brackets"
                        .to_string()
                };
                self.error(
                    Diagnostic::new(Code::InvalidIpAddress, why, *span, "not an IP address")
                        .with_help(help),
                );
                None
            }
        }
    }

    fn subnet(&mut self, span: Span, network: bool) -> Option<Subnet> {
        match values::subnet(self.text(span), network) {
            Ok(s) => Some(s),
            Err(why) => {
                self.error(
                    Diagnostic::new(Code::InvalidSubnet, why, span, "not a valid subnet")
                        .with_help("write an IPv4 subnet in CIDR form such as `10.1.0.0/16`"),
                );
                None
            }
        }
    }

    fn fqdn(&mut self, name: &Ident, what: &str) {
        if let Err(why) = values::fqdn(&name.text) {
            self.error(
                Diagnostic::new(Code::InvalidFqdn, why, name.span, format!("not a valid {what} FQDN"))
                    .with_help(format!(
                        "a {what} is named by its fully qualified DNS name, such as `{what}01.contoso.com`"
                    )),
            );
        }
    }

    /// Validates an `allow` and records it with the statement it is in.
    fn allow(&mut self, stmt: &Stmt, scope: Span) -> Option<Allow> {
        let [Arg::Word(code), Arg::Str(reason)] = stmt.args.as_slice() else {
            self.internal(stmt);
            return None;
        };
        let name = self.text(*code);
        let reason_text = crate::lexical::unquote_string(self.text(*reason))
            .trim()
            .to_string();
        let Some(c) = Code::lookup(name) else {
            let warnings = crate::diagnostics::codes::REGISTRY
                .iter()
                .filter(|c| c.severity != Severity::Error && !c.removed)
                .map(|c| c.name);
            let help = match suggest(name, warnings) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "name a warning by its name or code, as `topoc explain` prints it".into(),
            };
            self.error(
                Diagnostic::new(
                    Code::InvalidAllow,
                    format!("`allow` names no diagnostic: `{name}`"),
                    *code,
                    "not a diagnostic name or code",
                )
                .with_help(help),
            );
            return None;
        };
        if c.info().severity == Severity::Error {
            self.error(
                Diagnostic::new(
                    Code::InvalidAllow,
                    format!("`{}` is an error and cannot be allowed", c.info().name),
                    *code,
                    "errors must be fixed",
                )
                .with_help("only warnings can be accepted with `allow`"),
            );
            return None;
        }
        if reason_text.is_empty() {
            self.error(
                Diagnostic::new(
                    Code::InvalidAllow,
                    format!("`allow {name}` gives no reason"),
                    *reason,
                    "empty reason",
                )
                .with_help("say why the warning is accepted, so a reviewer can judge it"),
            );
            return None;
        }
        Some(Allow {
            code: c,
            reason: reason_text,
            span: stmt.span,
            scope,
        })
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
