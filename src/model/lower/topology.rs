//! Topology: the deployment, sites, pools, gateways and their trunks, and
//! PSTN usages.

use super::*;

impl<'a> Lowerer<'a> {
    pub(super) fn build_deployment(&mut self) {
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

    pub(super) fn build_sites(&mut self) {
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

    pub(super) fn edge_pool(&mut self, stmt: &Stmt, site: SiteId) {
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

    pub(super) fn build_pools(&mut self) {
        let unique_servers = self.build_servers();
        for i in 0..self.pending.pools.len() {
            let (decl, _, site) = self.pending.pools[i];
            if let Some(pool) = self.pool(decl, site, &unique_servers) {
                self.model.pools.push(pool);
            }
        }
    }

    /// Every server name, checked and registered in source order (names
    /// are unique across pools); the spans of those that are not taken.
    fn build_servers(&mut self) -> std::collections::HashSet<Span> {
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
        unique_servers
    }

    /// One pool.
    fn pool(
        &mut self,
        decl: &Stmt,
        site: SiteId,
        unique_servers: &std::collections::HashSet<Span>,
    ) -> Option<Pool> {
        let name = self.first_ident(decl)?;
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
                Key::NextHop => pool.next_hop = self.next_hop(stmt),
                Key::DnsLoadBalancing => pool.dns_load_balancing = self.switch(stmt),
                Key::ExpectedCalls => {
                    pool.expected_calls = self.count(stmt, "a number of concurrent calls")
                }
                _ => self.internal(stmt),
            }
        }
        Some(pool)
    }

    /// `next-hop POOL`: a Front End pool.
    fn next_hop(&mut self, stmt: &Stmt) -> Option<Ref<PoolId>> {
        let n = stmt.args.first().and_then(as_name)?;
        let id = self.resolve(Kind::Pool, &n)?;
        let target = self.pending.pools[id as usize].0;
        if target.key != Key::FrontendPool {
            let d = Diagnostic::new(
                Code::WrongKind,
                format!(
                    "`{}` is a Mediation pool, not a Front End pool",
                    self.name_text(&n)
                ),
                n.span,
                "a Front End pool is expected here",
            )
            .with_secondary(target.key_span, "declared as a Mediation pool here")
            .with_help("the next hop of a Mediation pool is a Front End pool (its Registrar)");
            self.error(d);
        }
        Some(Ref {
            id: PoolId(id),
            span: n.span,
        })
    }

    /// `tls-ports`, `tcp-ports` and `allow` inside a Mediation role.
    pub(super) fn ports(&mut self, stmt: &Stmt, m: &mut MediationRole) {
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

    pub(super) fn build_gateways_and_trunks(&mut self) {
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
                self.gateway_statement(stmt, &mut g);
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

    /// One statement of a gateway.
    fn gateway_statement(&mut self, stmt: &Stmt, g: &mut Gateway) {
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

    pub(super) fn build_trunk(&mut self, i: usize) -> Option<Trunk> {
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
        ok &= self.trunk_has_ends(decl, root_of.is_some());
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

    /// Whether a trunk names both ends: the peer's port and transport (a
    /// root trunk's `port`, another trunk's `gateway`) and the Mediation
    /// pool and port; reports what is missing.
    fn trunk_has_ends(&mut self, decl: &Stmt, root: bool) -> bool {
        let stmts = body(decl);
        let peer = if root {
            self.require(
                stmts.iter().any(|s| s.key == Key::Port),
                "a `port`",
                decl,
                "add `port 5067 tls` (the peer's listening port and the SIP transport)",
            )
        } else {
            self.require(
                stmts.iter().any(|s| s.key == Key::Gateway),
                "a `gateway` (the peer, its port and transport)",
                decl,
                "add `gateway PEER port 5067 tls`",
            )
        };
        let mediation = self.require(
            stmts.iter().any(|s| s.key == Key::Mediation),
            "a `mediation` pool and port",
            decl,
            "add `mediation POOL port N` naming the Mediation pool and its port for this trunk",
        );
        peer && mediation
    }

    pub(super) fn port_value(&mut self, span: Span, stmt: &Stmt) -> Option<Setting<u16>> {
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

    pub(super) fn peer_port(
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
    pub(super) fn mediation_pool(&mut self, name: &ast::Name) -> Option<Ref<PoolId>> {
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

    pub(super) fn build_usages(&mut self) {
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
}
