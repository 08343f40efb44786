//! Voice routing: routes, the unassigned number table, voice policies and
//! dial plans.

use super::*;

impl<'a> Lowerer<'a> {
    pub(super) fn build_routes(&mut self) {
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
                    Key::Priority => priority = self.priority(stmt),
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

    pub(super) fn build_unassigned(&mut self) {
        for i in 0..self.pending.unassigned.len() {
            let (decl, _) = self.pending.unassigned[i];
            if let Some(range) = self.unassigned_range(decl) {
                self.model.unassigned.push(range);
            }
        }
    }

    /// One range of the unassigned number table; `None` after reporting
    /// what is wrong with it.
    fn unassigned_range(&mut self, decl: &Stmt) -> Option<UnassignedRange> {
        let name = self.first_ident(decl)?;
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
                Key::Announcement | Key::ExchangeUm => {
                    let t = self.treatment(stmt);
                    ok &= t.is_some();
                    treatments.extend(t.map(|t| (t, stmt)));
                }
                Key::Priority => priority = self.priority(stmt),
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
            if first.key != second.key {
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
            }
            return None;
        }
        let (Some(range), Some((treatment, _)), true, true) =
            (range, treatments.pop(), has_range, has_treatment)
        else {
            return None;
        };
        Some(UnassignedRange {
            name,
            range,
            treatment,
            priority,
            span: decl.span,
        })
    }

    /// `announcement POOL "NAME"` or `exchange-um '+N'`.
    fn treatment(&mut self, stmt: &Stmt) -> Option<Treatment> {
        if stmt.key == Key::Announcement {
            return self.announcement(stmt);
        }
        let p = stmt.args.first().and_then(|a| self.pattern(a))?;
        self.e164(&p.text, p.span, "an Exchange UM Auto Attendant number")
            .then_some(Treatment::ExchangeUm(p))
    }

    /// Whether `text` is an E.164 number: `+`, then 1 to 17 digits, the
    /// first not 0 (New-CsUnassignedNumber's `[1-9]\d{0,17}` with the
    /// length its text gives); reports it when not.
    pub(super) fn e164(&mut self, text: &str, span: Span, what: &str) -> bool {
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
    pub(super) fn number_range(&mut self, stmt: &Stmt) -> Option<Setting<NumberRange>> {
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
    pub(super) fn announcement(&mut self, stmt: &Stmt) -> Option<Treatment> {
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

    pub(super) fn build_voice_policies(&mut self) {
        let mut by_scope: HashMap<PolicyScope, Span> = HashMap::new();
        for i in 0..self.pending.voice_policies.len() {
            let (decl, _) = self.pending.voice_policies[i];
            let Some((ps, scope)) = self.declared_scope(
                decl,
                &mut by_scope,
                Self::policy_scope,
                "voice policies",
                "one voice policy",
            ) else {
                continue;
            };
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
                    Key::CallForwardingUsages => p.call_forwarding = self.call_forwarding(stmt),
                    Key::Description => p.description = self.description(stmt),
                    Key::Allow => {}
                    _ => self.internal(stmt),
                }
            }
            self.declare_tag("voice policy", &scope);
            self.model.voice_policies.push(p);
        }
        self.model.voice_policies.sort_by_key(|p| p.scope.clone());
    }

    /// A voice policy's scope: `global`, `site:NAME` or `tag:NAME`.
    fn policy_scope(&mut self, scope: &ast::Scope) -> Option<PolicyScope> {
        match scope.kind {
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
        }
    }

    /// `call-forwarding-usages voice-policy|internal-only|[U, ...]`.
    fn call_forwarding(&mut self, stmt: &Stmt) -> Option<Setting<CallForwarding>> {
        let value = match stmt.args.first() {
            Some(Arg::List(_)) => CallForwarding::Custom(self.usage_list(stmt)),
            Some(Arg::Word(w)) => {
                let internal_only = self.word_at(
                    *w,
                    stmt.key,
                    &[("voice-policy", false), ("internal-only", true)],
                    "a call-forwarding usage type",
                )?;
                if internal_only {
                    CallForwarding::InternalOnly
                } else {
                    CallForwarding::VoicePolicy
                }
            }
            _ => {
                self.internal(stmt);
                return None;
            }
        };
        Some(Setting {
            value,
            span: stmt.span,
        })
    }

    pub(super) fn build_dial_plans(&mut self) {
        let mut by_scope: HashMap<DialPlanScope, Span> = HashMap::new();
        for i in 0..self.pending.dial_plans.len() {
            let (decl, _) = self.pending.dial_plans[i];
            let Some((ds, scope)) = self.declared_scope(
                decl,
                &mut by_scope,
                Self::dial_plan_scope,
                "dial plans",
                "one dial plan (E34)",
            ) else {
                continue;
            };
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
            self.declare_tag("dial plan", &scope);
            self.model.dial_plans.push(plan);
        }
        self.model.dial_plans.sort_by_key(|p| p.scope.clone());
    }

    pub(super) fn dial_plan_scope(&mut self, scope: &ast::Scope) -> Option<DialPlanScope> {
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
}
