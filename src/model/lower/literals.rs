//! `allow`s and literal values: patterns, strings, switches, words,
//! integers, addresses, subnets and FQDNs, each reported where invalid.

use super::*;

impl<'a> Lowerer<'a> {
    /// Records every `allow` below a declaration, each covering the
    /// statement whose block it is written in.
    pub(super) fn collect_allows(&mut self, stmt: &Stmt) {
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

    pub(super) fn pattern_at(&self, span: Span) -> Pattern {
        Pattern {
            text: crate::lexical::unquote_pattern(self.text(span)).into_owned(),
            span,
        }
    }

    pub(super) fn pattern(&mut self, arg: &Arg) -> Option<Pattern> {
        match arg {
            Arg::Pattern(span) => Some(self.pattern_at(*span)),
            _ => None,
        }
    }

    pub(super) fn description(&mut self, stmt: &Stmt) -> Option<Setting<String>> {
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

    pub(super) fn switch(&mut self, stmt: &Stmt) -> Option<Setting<bool>> {
        self.word(stmt, &[("on", true), ("off", false)])
    }

    /// A fixed-vocabulary value: the statement's first argument.
    pub(super) fn word<T: Copy>(&mut self, stmt: &Stmt, table: &[(&str, T)]) -> Option<Setting<T>> {
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

    pub(super) fn word_at<T: Copy>(
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

    /// A `priority`: an Int32, as the cmdlets take it.
    pub(super) fn priority(&mut self, stmt: &Stmt) -> Option<Setting<i32>> {
        self.int(stmt, i64::from(i32::MIN), i64::from(i32::MAX), "an Int32")
            .map(|s| Setting {
                value: s.value as i32,
                span: s.span,
            })
    }

    pub(super) fn int(
        &mut self,
        stmt: &Stmt,
        min: i64,
        max: i64,
        what: &str,
    ) -> Option<Setting<i64>> {
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

    pub(super) fn address(&mut self, stmt: &Stmt) -> Option<Setting<std::net::IpAddr>> {
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

    pub(super) fn subnet(&mut self, span: Span, network: bool) -> Option<Subnet> {
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

    pub(super) fn fqdn(&mut self, name: &Ident, what: &str) {
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
    pub(super) fn allow(&mut self, stmt: &Stmt, scope: Span) -> Option<Allow> {
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
