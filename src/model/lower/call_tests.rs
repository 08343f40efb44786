//! Golden call tests: callers and expectations.

use super::*;

impl<'a> Lowerer<'a> {
    pub(super) fn build_tests(&mut self) {
        // The first of each scope, as a search in order finds it.
        for (id, p) in self.model.voice_policies.iter() {
            self.scoped.policies.entry(p.scope.clone()).or_insert(id);
        }
        for (id, p) in self.model.dial_plans.iter() {
            self.scoped.dial_plans.entry(p.scope.clone()).or_insert(id);
        }
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

    pub(super) fn caller(&mut self, stmt: &Stmt) -> Option<Caller> {
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
    pub(super) fn registrar(&mut self, n: &ast::Name) -> Option<Ref<PoolId>> {
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

    pub(super) fn policy_ref(&mut self, scope: &ast::Scope) -> Option<Ref<VoicePolicyId>> {
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
        let found = self.scoped.policies.get(&ps).copied();
        self.refer_to_tag("voice policy", scope);
        self.scoped_ref(found, "voice policy", scope)
    }

    pub(super) fn dial_plan_ref(&mut self, scope: &ast::Scope) -> Option<Ref<DialPlanId>> {
        let ds = self.dial_plan_scope(scope)?;
        let found = self.scoped.dial_plans.get(&ds).copied();
        self.refer_to_tag("dial plan", scope);
        self.scoped_ref(found, "dial plan", scope)
    }

    /// A reference to the object declared at `scope`, when there is one;
    /// otherwise reports that nothing of the kind is declared there.
    fn scoped_ref<I>(
        &mut self,
        found: Option<I>,
        what: &str,
        scope: &ast::Scope,
    ) -> Option<Ref<I>> {
        if found.is_none() {
            self.missing_scoped(what, scope);
        }
        found.map(|id| Ref {
            id,
            span: scope.span,
        })
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
    pub(super) fn trunk_ref(&mut self, n: &ast::Name) -> Option<Ref<TrunkId>> {
        self.resolve(Kind::Trunk, n).map(|id| Ref {
            id: TrunkId(id),
            span: n.span,
        })
    }

    pub(super) fn expectations(&mut self, stmt: &Stmt) -> Option<Expectations> {
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
                    let via = self.expected_via(s, &mut ok);
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
                    let via = self.expected_via(s, &mut ok);
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

    /// The trunk an expectation names with `via TRUNK`, if any (not allowed
    /// for `normalized`: that number has no trunk); clears `ok` on a bad one.
    fn expected_via(&mut self, s: &Stmt, ok: &mut bool) -> Option<Ref<TrunkId>> {
        let Some(Arg::Name(n)) = s.args.get(2) else {
            return None;
        };
        if s.key == Key::Normalized {
            self.error(
                Diagnostic::new(
                    Code::InvalidValue,
                    "`via` names a trunk of the winning route; the normalized number has none",
                    n.span,
                    "not for `normalized`",
                )
                .with_help("remove `via ...`, or use it with `sent` or `calling`"),
            );
            *ok = false;
            return None;
        }
        let r = self.trunk_ref(n);
        *ok &= r.is_some();
        r
    }
}
