//! Pass 1: every named object registered (duplicates reported), then
//! renumbered in name order so ids do not depend on file order.

use super::*;

impl<'a> Lowerer<'a> {
    // ---------------------------------------------------------- pass 1 ---

    /// Room for the names of the kinds declared at the top of a file, by
    /// the tens of thousands in a large project (grown one insertion at a
    /// time, their tables were rehashed some seventeen times).
    pub(super) fn reserve(&mut self, files: &[&ast::File]) {
        let mut counts = [0usize; Kind::COUNT];
        for decl in files.iter().flat_map(|f| &f.decls) {
            let kind = match decl.key {
                Key::PstnUsage => Kind::Usage,
                Key::Route => Kind::Route,
                Key::UnassignedNumbers => Kind::Unassigned,
                Key::Test => Kind::Test,
                _ => continue,
            };
            counts[kind as usize] += 1;
        }
        for kind in [Kind::Usage, Kind::Route, Kind::Unassigned, Kind::Test] {
            self.names.reserve(kind, counts[kind as usize]);
        }
        self.pending.usages.reserve(counts[Kind::Usage as usize]);
        self.pending.routes.reserve(counts[Kind::Route as usize]);
        self.pending
            .unassigned
            .reserve(counts[Kind::Unassigned as usize]);
        self.pending.tests.reserve(counts[Kind::Test as usize]);
    }

    pub(super) fn declare(&mut self, file: FileId, decl: &'a Stmt) {
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

    pub(super) fn once_per_project(
        &mut self,
        first: Option<&Stmt>,
        decl: &Stmt,
        what: &str,
    ) -> bool {
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
    pub(super) fn declare_named(&mut self, kind: Kind, stmt: &Stmt, index: usize) -> bool {
        self.first_ident(stmt)
            .is_some_and(|ident| self.register(kind, &ident, index, kind.noun()).is_some())
    }

    pub(super) fn first_ident(&mut self, stmt: &Stmt) -> Option<Ident> {
        match stmt.args.first() {
            Some(Arg::Name(n)) => Some(self.ident(n)),
            _ => {
                self.internal(stmt);
                None
            }
        }
    }

    pub(super) fn declare_site(&mut self, file: FileId, decl: &'a Stmt) {
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

    pub(super) fn declare_gateway(&mut self, file: FileId, site: SiteId, stmt: &'a Stmt) {
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

    pub(super) fn declare_network(&mut self, file: FileId, decl: &'a Stmt) {
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
    pub(super) fn canonicalize(&mut self) {
        let perm = |names: &Table, kind: Kind, len: usize| -> Vec<u32> {
            // In declaration order, which is mostly name order (files are
            // read in name order, and their objects are often written
            // sorted): the stable sort takes the sorted runs as they are,
            // where sorting the table's order (its hashes') took 35 ms of
            // lowering at 1,000 sites. Names are unique, so either sort
            // gives this order.
            let mut by_index: Vec<Option<&str>> = vec![None; len];
            for (n, d) in names.of(kind) {
                let old = by_index[d.index as usize].replace(n);
                debug_assert!(old.is_none(), "one pending declaration per name");
            }
            let mut keyed: Vec<(&str, u32)> = by_index
                .into_iter()
                .enumerate()
                .filter_map(|(i, n)| Some((n?, i as u32)))
                .collect();
            keyed.sort();
            let mut new = vec![0u32; len];
            for (rank, (_, old)) in keyed.into_iter().enumerate() {
                new[old as usize] = rank as u32;
            }
            new
        };
        let mut perms: [Vec<u32>; Kind::COUNT] = std::array::from_fn(|_| Vec::new());
        for (kind, list) in self.pending.named() {
            let new = perm(&self.names, kind, list.len());
            for d in self.names.folded[kind as usize].values_mut() {
                d.index = new[d.index as usize];
            }
            perms[kind as usize] = new;
        }
        let of = |kind: Kind| perms[kind as usize].as_slice();
        let (sites, trunks) = (of(Kind::Site), of(Kind::Trunk));
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
            t.root_of = t
                .root_of
                .map(|(g, s)| (GatewayId(of(Kind::Gateway)[g.index()]), s));
        }
        for ns in &mut p.network_sites {
            ns.2 = RegionId(of(Kind::Region)[ns.2.index()]);
        }
        for (kind, list) in p.named() {
            list.reorder(of(kind));
        }
        self.model.lync_numbers.sort_by(|a, b| a.text.cmp(&b.text));
    }
}
