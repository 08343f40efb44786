//! Trunk configurations: scopes, `from` copies, settings and translation
//! rules.

use super::*;

impl<'a> Lowerer<'a> {
    pub(super) fn config_scope(&mut self, scope: &ast::Scope, what: &str) -> Option<ConfigScope> {
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
    pub(super) fn claim_scope<K: std::hash::Hash + Eq>(
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

    /// The scope a scoped declaration (`voice-policy SCOPE`, `dial-plan
    /// SCOPE`) is written at, resolved by `resolve` and claimed in `seen`;
    /// `None` after reporting a bad or taken scope.
    pub(super) fn declared_scope<K: std::hash::Hash + Eq + Clone>(
        &mut self,
        decl: &Stmt,
        seen: &mut HashMap<K, Span>,
        resolve: impl FnOnce(&mut Self, &ast::Scope) -> Option<K>,
        what: &str,
        one: &str,
    ) -> Option<(K, ast::Scope)> {
        let Some(Arg::Scope(scope)) = decl.args.first() else {
            self.internal(decl);
            return None;
        };
        let key = resolve(self, scope)?;
        self.claim_scope(seen, key.clone(), scope.span, what, one)
            .then_some((key, *scope))
    }

    pub(super) fn invalid_scope(&mut self, scope: &ast::Scope, what: &str, allowed: &str) {
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

    pub(super) fn build_trunk_configs(&mut self) {
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
        self.link_froms(&froms, &ids_by_scope);
        // Apply them, following chains and reporting cycles.
        let n = self.model.trunk_configs.len();
        let mut state = vec![Visit::New; n];
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

    /// Points each `from` at the collection it copies, by scope (in the
    /// order the collections were built); reports a scope nobody declared.
    fn link_froms(
        &mut self,
        froms: &[Option<(ast::Scope, Span)>],
        ids_by_scope: &HashMap<ConfigScope, TrunkConfigId>,
    ) {
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
    }

    pub(super) fn resolve_from(&mut self, i: usize, state: &mut [Visit]) {
        // Iterative over the chain: each configuration copies from at most one.
        let mut chain = Vec::new();
        let mut cur = i;
        loop {
            match state[cur] {
                Visit::Done => break,
                Visit::InProgress => {
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
                        state[j] = Visit::Done;
                    }
                    return;
                }
                Visit::New => {}
            }
            state[cur] = Visit::InProgress;
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
            state[j] = Visit::Done;
        }
    }

    /// A `UInt32` setting (`max-early-dialogs`).
    pub(super) fn uint32(&mut self, stmt: &Stmt) -> Option<Setting<u32>> {
        self.int(stmt, 0, i64::from(u32::MAX), "a UInt32")
            .map(|v| Setting {
                value: v.value as u32,
                span: v.span,
            })
    }

    /// `srtp required|optional|not-supported`.
    pub(super) fn srtp_mode(&mut self, stmt: &Stmt) -> Option<Setting<SrtpMode>> {
        self.word(
            stmt,
            &[
                ("required", SrtpMode::Required),
                ("optional", SrtpMode::Optional),
                ("not-supported", SrtpMode::NotSupported),
            ],
        )
    }

    /// `usages [U, ...]`, in order.
    pub(super) fn usage_setting(&mut self, stmt: &Stmt) -> Option<Setting<Vec<Ref<UsageId>>>> {
        Some(Setting {
            value: self.usage_list(stmt),
            span: stmt.span,
        })
    }

    /// `called-number { rule ... }`, `calling-number { rule ... }`.
    pub(super) fn rules_setting(&mut self, stmt: &Stmt) -> Option<Setting<Vec<NumberRule>>> {
        Some(Setting {
            value: self.rules(body(stmt), "translation rule"),
            span: stmt.span,
        })
    }

    /// `network-site SITE`.
    pub(super) fn network_site_setting(&mut self, stmt: &Stmt) -> Option<Setting<NetworkSiteId>> {
        let n = stmt.args.first().and_then(as_name)?;
        self.resolve(Kind::NetworkSite, &n).map(|id| Setting {
            value: NetworkSiteId(id),
            span: stmt.span,
        })
    }

    /// Ordered normalization or translation rules, with unique names.
    pub(super) fn rules(&mut self, stmts: &[Stmt], what: &str) -> Vec<NumberRule> {
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

    pub(super) fn usage_list(&mut self, stmt: &Stmt) -> Vec<Ref<UsageId>> {
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

    pub(super) fn trunk_list(&mut self, stmt: &Stmt) -> Vec<Ref<TrunkId>> {
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

    pub(super) fn route_list(&mut self, stmt: &Stmt) -> Vec<Ref<RouteId>> {
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
}

/// Where a configuration is in resolving its `from` chain.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Visit {
    New,
    InProgress,
    Done,
}

/// `trunk_setting`: each statement of a trunk configuration read by the
/// method its row of the settings table names.
macro_rules! lower_trunk_settings {
    ($(
        $(#[$doc:meta])*
        $field:ident: $written:ty => $effective:ty = $default:expr, $convert:expr,
            $keyword:literal, $parameter:literal, read $read:ident, write $write:ident;
    )*) => {
        impl Lowerer<'_> {
            /// Reads one statement of a trunk configuration into `s`.
            pub(super) fn trunk_setting(&mut self, stmt: &Stmt, s: &mut TrunkSettings) {
                match stmt.key.text() {
                    $($keyword => s.$field = self.$read(stmt),)*
                    "allow" => {}
                    _ => self.internal(stmt),
                }
            }
        }
    };
}

crate::model::effective::with_trunk_settings!(lower_trunk_settings);
