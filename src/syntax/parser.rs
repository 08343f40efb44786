//! pest's parser for grammar/topo.pest and the builder from its pairs to the
//! [`ast`](super::ast). pest's `Pair` and `Rule` never leave the `syntax`
//! module.
//!
//! Every statement rule of the grammar has the same shape: a keyword first,
//! then arguments, then at most one block. One builder therefore serves them
//! all: it keeps the keyword, turns each value token into an [`Arg`] and
//! each block into a [`Body`].

use pest::Parser as _;
use pest::iterators::Pair;
use pest_derive::Parser;

use super::ast::{Arg, Body, Key, List, Name, Scope, ScopeKind, Stmt};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, SourceFile, Span};

/// The parser pest derives from the grammar.
#[derive(Parser)]
#[grammar = "../grammar/topo.pest"]
pub(crate) struct TopoParser;

/// Parses a whole file into its declarations, or returns pest's error.
/// Problems found while building (bad string escapes) go to `diags`.
pub(crate) fn parse(
    src: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<Stmt>, Box<pest::error::Error<Rule>>> {
    let pairs = TopoParser::parse(Rule::file, src.text()).map_err(Box::new)?;
    let mut builder = Builder {
        src,
        file: src.id(),
        diags,
    };
    let mut decls = Vec::new();
    for file in pairs {
        let pairs = file.into_inner();
        decls.reserve(pairs.len());
        for pair in pairs {
            if pair.as_rule() != Rule::EOI {
                decls.extend(builder.stmt(pair));
            }
        }
    }
    Ok(decls)
}

/// Parses text only to learn whether (and where) it fails; for error probes.
pub(crate) fn probe(text: &str) -> Result<(), Box<pest::error::Error<Rule>>> {
    TopoParser::parse(Rule::file, text)
        .map(|_| ())
        .map_err(Box::new)
}

struct Builder<'a> {
    src: &'a SourceFile,
    file: FileId,
    diags: &'a mut Vec<Diagnostic>,
}

impl Builder<'_> {
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    fn stmt(&mut self, pair: Pair<Rule>) -> Option<Stmt> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let keyword = inner.next()?;
        let key_span = self.span(&keyword);
        let Some(key) = Key::from_text(keyword.as_str()) else {
            self.diags.push(Diagnostic::new(
                Code::InternalError,
                format!(
                    "the grammar accepted `{}` but topoc has no keyword for it",
                    keyword.as_str()
                ),
                key_span,
                "unknown keyword",
            ));
            return None;
        };
        // Each vector allocated at its size (pest counts a node's children):
        // grown one push at a time, the tree's vectors were a tenth of
        // `topoc check`'s allocations at 1,000 sites.
        let mut args = Vec::with_capacity(inner.len());
        let mut body = None;
        for pair in inner {
            if is_body(pair.as_rule()) {
                let body_span = self.span(&pair);
                let inner = pair.into_inner();
                let mut stmts = Vec::with_capacity(inner.len());
                stmts.extend(inner.filter_map(|p| self.stmt(p)));
                body = Some(Body {
                    stmts,
                    span: body_span,
                });
            } else {
                let arg = self.arg(pair, key);
                args.push(arg);
            }
        }
        Some(Stmt {
            key,
            key_span,
            args,
            body,
            span,
        })
    }

    fn arg(&mut self, pair: Pair<Rule>, key: Key) -> Arg {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::bare_name => Arg::Name(Name {
                span,
                quoted: false,
            }),
            Rule::string => {
                self.check_escapes(span);
                if matches!(key, Key::Description | Key::Allow) {
                    Arg::Str(span)
                } else {
                    Arg::Name(Name { span, quoted: true })
                }
            }
            Rule::word => Arg::Word(span),
            Rule::scope => Arg::Scope(self.scope(pair)),
            Rule::int => Arg::Int(span),
            Rule::port_range => Arg::Ports(span),
            Rule::pattern => Arg::Pattern(span),
            Rule::address => Arg::Address(span),
            Rule::subnet => Arg::Subnet(span),
            Rule::name_list | Rule::subnet_list => Arg::List(List {
                items: pair.into_inner().map(|p| self.arg(p, key)).collect(),
                span,
            }),
            // Keywords inside a statement (`from`, `port`, `->`...).
            _ => Arg::Keyword(span),
        }
    }

    fn scope(&mut self, pair: Pair<Rule>) -> Scope {
        let span = self.span(&pair);
        let mut kind = ScopeKind::Global;
        let mut name = None;
        for part in pair.into_inner() {
            let part_span = self.span(&part);
            match part.as_rule() {
                Rule::scope_kind => {
                    kind = match part.as_str() {
                        "site" => ScopeKind::Site,
                        "trunk" => ScopeKind::Trunk,
                        "tag" => ScopeKind::Tag,
                        _ => ScopeKind::Registrar,
                    }
                }
                Rule::bare_name => {
                    name = Some(Name {
                        span: part_span,
                        quoted: false,
                    })
                }
                Rule::string => {
                    self.check_escapes(part_span);
                    name = Some(Name {
                        span: part_span,
                        quoted: true,
                    })
                }
                _ => {}
            }
        }
        Scope { kind, name, span }
    }

    /// Reports escapes other than `\"`, `\\`, `\n`, `\t` in a string token.
    fn check_escapes(&mut self, span: Span) {
        let raw = self.src.slice(span);
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                continue;
            }
            if let Some((j, e)) = chars.next()
                && !matches!(e, '"' | '\\' | 'n' | 't')
            {
                let at = span.start as usize + i;
                let end = span.start as usize + j + e.len_utf8();
                self.diags.push(
                    Diagnostic::new(
                        Code::InvalidEscape,
                        format!("unknown escape `\\{e}` in a string"),
                        Span::new(self.file, at, end),
                        "not an escape topoc knows",
                    )
                    .with_help("write `\\\\` for a backslash; strings know `\\\"`, `\\\\`, `\\n` and `\\t`, and patterns belong in single quotes"),
                );
            }
        }
    }
}

fn is_body(r: Rule) -> bool {
    matches!(
        r,
        Rule::number_rule_body
            | Rule::deployment_body
            | Rule::site_body
            | Rule::branch_site_body
            | Rule::frontend_pool_body
            | Rule::ports_body
            | Rule::mediation_pool_body
            | Rule::gateway_body
            | Rule::root_trunk_body
            | Rule::trunk_body
            | Rule::allow_body
            | Rule::trunk_config_body
            | Rule::rules_body
            | Rule::route_body
            | Rule::unassigned_numbers_body
            | Rule::voice_policy_body
            | Rule::dial_plan_body
            | Rule::network_body
            | Rule::bandwidth_profile_body
            | Rule::region_body
            | Rule::network_site_body
            | Rule::inter_site_body
            | Rule::region_link_body
            | Rule::region_route_body
            | Rule::edge_pool_body
            | Rule::test_body
            | Rule::from_user_body
            | Rule::from_trunk_body
            | Rule::expect_body
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bare_name` and `word` spell out the class of `name_char` (a rule
    /// call per character was some 5% of parsing): the three must agree on
    /// every character, or a name would end where a keyword's boundary
    /// check says it goes on.
    #[test]
    fn names_continue_exactly_with_the_characters_keywords_stop_before() {
        let consumed = |rule: Rule, text: &str| {
            TopoParser::parse(rule, text)
                .ok()
                .and_then(|mut pairs| pairs.next())
                .map_or(0, |pair| pair.as_str().len())
        };
        let chars = (0u8..0x80)
            .map(char::from)
            .chain(['é', '٣', '\u{a0}', '\u{feff}']);
        for c in chars {
            // `route` followed by `c` is the keyword only where `c` cannot
            // continue a name.
            let continues = consumed(Rule::k_route, &format!("route{c}")) == 0;
            let len = 1 + c.len_utf8();
            assert_eq!(
                consumed(Rule::bare_name, &format!("a{c}")) == len,
                continues,
                "bare_name and name_char disagree on {c:?}"
            );
            assert_eq!(
                consumed(Rule::word, &format!("a{c}")) == len,
                continues,
                "word and name_char disagree on {c:?}"
            );
        }
    }
}
