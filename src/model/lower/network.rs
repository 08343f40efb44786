//! The `network` block: regions, sites, subnets, bandwidth profiles,
//! inter-site policies, region links and routes.

use super::*;

impl<'a> Lowerer<'a> {
    pub(super) fn build_network(&mut self) {
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
        self.build_profiles();
        self.build_regions();
        let subnets = self.build_subnets();
        self.build_network_sites(&subnets);
        self.build_inter_sites();
        self.build_region_links();
    }

    fn build_profiles(&mut self) {
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
    }

    fn build_regions(&mut self) {
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
            // Without its central site the region is not built (an error is
            // reported, so no model is returned); later regions' ids then no
            // longer line up, and network sites are not attached to any.
            let Some(central) = central else {
                continue;
            };
            self.model.network.regions.push(Region {
                name,
                central_site: central,
                network_sites: Vec::new(),
                bypass_id,
                description,
                span: stmt.span,
            });
        }
    }

    /// Every subnet of every network site, by its span; duplicates
    /// reported.
    fn build_subnets(&mut self) -> HashMap<Span, Subnet> {
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
        subnets
    }

    fn build_network_sites(&mut self, subnets: &HashMap<Span, Subnet>) {
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
            // Only when every region was built do region ids line up.
            if self.model.network.regions.len() == self.pending.regions.len() {
                self.model
                    .network
                    .regions
                    .get_mut(region)
                    .network_sites
                    .push(id);
            }
        }
    }

    fn build_inter_sites(&mut self) {
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
    }

    pub(super) fn region_ref(&mut self, name: &ast::Name) -> Option<Ref<RegionId>> {
        self.resolve(Kind::Region, name).map(|id| Ref {
            id: RegionId(id),
            span: name.span,
        })
    }

    /// `region-link` and `region-route` (the links between regions that
    /// call admission control needs, E47).
    pub(super) fn build_region_links(&mut self) {
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

    pub(super) fn profile_ref(&mut self, stmt: &Stmt) -> Option<Ref<BandwidthProfileId>> {
        let n = stmt.args.first().and_then(as_name)?;
        let id = self.resolve(Kind::BandwidthProfile, &n)?;
        Some(Ref {
            id: BandwidthProfileId(id),
            span: n.span,
        })
    }

    /// A non-negative count (users, channels, calls) that fits a UInt32.
    pub(super) fn count(&mut self, stmt: &Stmt, what: &str) -> Option<Setting<u32>> {
        self.int(stmt, 0, i64::from(u32::MAX), what)
            .map(|s| Setting {
                value: s.value as u32,
                span: s.span,
            })
    }

    /// A statement's word argument as text (a GUID, say).
    pub(super) fn word_setting(&mut self, stmt: &Stmt) -> Option<Setting<String>> {
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

    pub(super) fn kbps(&mut self, stmt: &Stmt) -> Option<Setting<u32>> {
        self.int(stmt, 0, i64::from(u32::MAX), "a bandwidth in kbps")
            .map(|s| Setting {
                value: s.value as u32,
                span: s.span,
            })
    }
}
