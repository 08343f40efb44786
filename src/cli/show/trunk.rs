//! `topoc show trunk NAME`: everything that applies to one trunk. The
//! settings in effect and where each value comes from; the dial plan of
//! calls entering on it; the routes that send calls out on it; its
//! inter-trunk usages with the routes they offer (where calls entering on
//! it can go); and media bypass for a client in each network site, worded
//! as `topoc bypass` words it. Everything is read from the analysed
//! project, as the simulator and the emitters read it.

use serde_json::{Value, json};

use crate::analysed::Analysed;
use crate::assume::TRUNK_WITHOUT_DIAL_PLAN;
use crate::bypass::{Client, Decision};
use crate::cli::args::ShowFormat;
use crate::cli::bypass::{decision_json, reason_lines};
use crate::cli::check::to_json;
use crate::emit::powershell::deployed_priorities;
use crate::model::effective::{Row, Source};
use crate::model::{
    Arena, DialPlanId, DialPlanScope, Id, IdVec, Ident, Model, NetworkSiteId, Ref, RouteId, Trunk,
    TrunkConfigId, UsageId,
};
use crate::source::Sources;

use super::{Failure, at, find, position};

/// Runs `topoc show trunk NAME` on an analysed project.
pub(super) fn trunk(
    analysed: &Analysed<'_>,
    sources: &Sources,
    name: &str,
    format: ShowFormat,
) -> Result<String, Failure> {
    let view = View::new(analysed, sources, name)?;
    Ok(match format {
        ShowFormat::Json => to_json(&view.json()) + "\n",
        ShowFormat::Text => view.text(),
    })
}

/// What `topoc show trunk` reports of one trunk, gathered once for both
/// forms.
struct View<'a> {
    model: &'a Model,
    sources: &'a Sources,
    trunk: &'a Trunk,
    /// The trunk configuration that applies, if one is declared.
    config: Option<TrunkConfigId>,
    /// Every setting in effect and where it comes from.
    rows: Vec<Row>,
    /// `dial-plan trunk:T`, the plan the simulator applies to calls
    /// entering on the trunk, when declared.
    dial_plan: Option<DialPlanId>,
    /// The routes that list the trunk, in deployed order.
    routes: Vec<RouteId>,
    /// The usages of the configuration in effect (inter-trunk routing),
    /// each with the routes that carry it in Lync's order.
    usages: Vec<(UsageId, &'a [RouteId])>,
    /// The `Priority` deploy.ps1 gives each route.
    priorities: IdVec<RouteId, i32>,
    /// Media bypass for a client in each network site, sites in id order.
    bypass: Vec<(NetworkSiteId, Decision)>,
}

impl<'a> View<'a> {
    fn new(
        analysed: &'a Analysed<'_>,
        sources: &'a Sources,
        name: &str,
    ) -> Result<View<'a>, Failure> {
        let model = analysed.model();
        let (id, trunk) = find("trunk", &model.trunks, name, |t| &t.name.text)?;
        let priorities = deployed_priorities(model);
        let mut routes: Vec<RouteId> = model
            .routes
            .iter()
            .filter(|(_, r)| r.trunks.iter().any(|t| t.id == id))
            .map(|(r, _)| r)
            .collect();
        routes.sort_by_key(|r| priorities[*r]);
        let compiled = analysed.compiled();
        let usages = analysed
            .effective(id)
            .usages
            .iter()
            .map(|u| (*u, compiled.usage_routes(*u)))
            .collect();
        let bypass = model
            .network
            .sites
            .ids()
            .map(|s| (s, analysed.bypass().decide(Client::Site(s), id)))
            .collect();
        Ok(View {
            model,
            sources,
            trunk,
            config: model.trunk_config_of(id),
            rows: model.effective_rows(id),
            dial_plan: compiled.dial_plan_at(&DialPlanScope::Trunk(id)),
            routes,
            usages,
            priorities,
            bypass,
        })
    }

    fn transport(&self) -> String {
        format!("{:?}", self.trunk.transport).to_lowercase()
    }

    fn gateway(&self) -> &'a str {
        &self.model.gateways.get(self.trunk.gateway.id).name.text
    }

    fn pool(&self) -> &'a str {
        &self.model.pools.get(self.trunk.mediation.id).name.text
    }

    // ------------------------------------------------------------- JSON ---

    fn json(&self) -> Value {
        let (m, t, sources) = (self.model, self.trunk, self.sources);
        json!({
            "trunk": t.name.text,
            "root": t.root,
            "site": m.sites.get(t.site).name.text,
            "gateway": self.gateway(),
            "transport": self.transport(),
            "peer_port": t.peer_port.value,
            "mediation_pool": self.pool(),
            "mediation_port": t.mediation_port.value,
            "configuration": self.config.map(|c| json!({
                "scope": m.config_scope_text(c),
                "at": position(sources, m.trunk_configs.get(c).scope_span),
            })),
            "settings": self.settings_json(),
            "inbound_dial_plan": self.dial_plan.map(|p| {
                let p = m.dial_plans.get(p);
                json!({"scope": p.scope_text, "at": position(sources, p.scope_span)})
            }),
            "assumptions": match self.dial_plan {
                Some(_) => vec![],
                None => vec![&TRUNK_WITHOUT_DIAL_PLAN],
            },
            "routes": self.routes.iter().map(|r| self.route_json(*r)).collect::<Vec<_>>(),
            "inter_trunk_usages": self.usages.iter().map(|(u, routes)| json!({
                "usage": m.usages.get(*u).name.text,
                "routes": routes.iter().map(|r| self.route_json(*r)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "bypass": self.bypass.iter()
                .map(|(s, d)| decision_json(m, sources, *s, d))
                .collect::<Vec<_>>(),
        })
    }

    fn settings_json(&self) -> Vec<Value> {
        let m = self.model;
        self.rows
            .iter()
            .map(|r| {
                let (kind, from, span) = match r.source {
                    Source::Written { config, span } => {
                        ("written", Some(m.config_scope_text(config)), Some(span))
                    }
                    Source::Copied { config, span } => {
                        ("copied", Some(m.config_scope_text(config)), Some(span))
                    }
                    Source::Default => ("default", None, None),
                };
                json!({
                    "setting": r.info.keyword,
                    "parameter": r.info.parameter,
                    "value": r.json,
                    "source": kind,
                    "collection": from,
                    "at": span.map(|s| position(self.sources, s)),
                })
            })
            .collect()
    }

    /// A route: `{route, pattern, usages, trunks, priority (deployed),
    /// written_priority, at}`.
    fn route_json(&self, id: RouteId) -> Value {
        let r = self.model.routes.get(id);
        json!({
            "route": r.name.text,
            "pattern": r.pattern.text,
            "usages": self.usage_names(id),
            "trunks": self.trunk_names(id),
            "priority": self.priorities[id],
            "written_priority": r.priority.as_ref().map(|p| p.value),
            "at": position(self.sources, r.name.span),
        })
    }

    // ------------------------------------------------------------- text ---

    fn text(&self) -> String {
        let mut out = self.header();
        out.push_str(&self.settings_text());
        out.push_str(&self.dial_plan_text());
        out.push_str(&self.routes_text());
        out.push_str(&self.inter_trunk_text());
        out.push_str(&self.bypass_text());
        out
    }

    fn header(&self) -> String {
        let (m, t) = (self.model, self.trunk);
        let mut out = format!(
            "trunk {}: {} trunk to {} ({} port {}), site {}\nMediation pool {}, port {}\n",
            t.name.text,
            if t.root { "root" } else { "additional" },
            self.gateway(),
            self.transport().to_uppercase(),
            t.peer_port.value,
            m.sites.get(t.site).name.text,
            self.pool(),
            t.mediation_port.value
        );
        out.push_str(&match self.config {
            Some(c) => format!(
                "configuration: {} ({})\n",
                m.config_scope_text(c),
                at(self.sources, m.trunk_configs.get(c).scope_span)
            ),
            None => "configuration: none declared; every setting is Lync's default\n".into(),
        });
        out
    }

    fn settings_text(&self) -> String {
        let (m, sources) = (self.model, self.sources);
        let width = self
            .rows
            .iter()
            .map(|r| r.value.chars().count())
            .max()
            .unwrap_or(5)
            .clamp(5, 40);
        let mut out = format!("\n{:<22} {:<width$}  source\n", "setting", "value");
        for r in &self.rows {
            let origin = match r.source {
                Source::Written { span, .. } => format!("written here ({})", at(sources, span)),
                Source::Copied { config, span } => format!(
                    "copied from {} ({})",
                    m.config_scope_text(config),
                    at(sources, span)
                ),
                Source::Default => "Lync default".to_string(),
            };
            out.push_str(&format!(
                "{:<22} {:<width$}  {origin}\n",
                r.info.keyword, r.value
            ));
        }
        out
    }

    /// The plan the simulator applies to calls entering on the trunk
    /// (`DialPlanScope::Trunk`), or none, as A02 assumes.
    fn dial_plan_text(&self) -> String {
        match self.dial_plan {
            Some(p) => {
                let p = self.model.dial_plans.get(p);
                format!(
                    "\ninbound dial plan: {} ({})\n",
                    p.scope_text,
                    at(self.sources, p.scope_span)
                )
            }
            None => format!(
                "\ninbound dial plan: none: calls entering on it are not normalized (assumed, {})\n",
                TRUNK_WITHOUT_DIAL_PLAN.id
            ),
        }
    }

    fn routes_text(&self) -> String {
        let m = self.model;
        let mut out = heading(
            "routes that send calls out on this trunk, in deployed order",
            self.routes.is_empty(),
            "(none)",
        );
        let width = self.name_width(&self.routes);
        for &id in &self.routes {
            out.push_str(&format!(
                "  {}  usages [{}]  ({})\n",
                self.route_head(id, width),
                self.usage_names(id).join(", "),
                at(self.sources, m.routes.get(id).name.span)
            ));
        }
        out
    }

    /// The configuration's usages, each with the routes that carry it:
    /// where a call entering on the trunk can leave, in the order Lync
    /// tries them.
    fn inter_trunk_text(&self) -> String {
        let m = self.model;
        let mut out = heading(
            "inter-trunk usages (where calls entering on this trunk can go, in the order tried)",
            self.usages.is_empty(),
            "(none: calls entering on it are not routed out to another trunk)",
        );
        for (u, routes) in &self.usages {
            out.push_str(&format!("  usage {}:\n", m.usages.get(*u).name.text));
            if routes.is_empty() {
                out.push_str("    no routes carry it\n");
            }
            let width = self.name_width(routes);
            for &id in routes.iter() {
                out.push_str(&format!(
                    "    {}  trunks [{}]\n",
                    self.route_head(id, width),
                    self.trunk_names(id).join(", ")
                ));
            }
        }
        out
    }

    fn bypass_text(&self) -> String {
        let m = self.model;
        let mut out = heading(
            "media bypass for a client in each network site (as `topoc bypass`)",
            self.bypass.is_empty(),
            "(no network sites declared)",
        );
        let width = self
            .bypass
            .iter()
            .map(|(s, _)| m.network.sites.get(*s).name.text.chars().count())
            .max()
            .unwrap_or(0);
        for (site, d) in &self.bypass {
            out.push_str(&format!(
                "  {:<width$}  {}\n",
                m.network.sites.get(*site).name.text,
                d.verdict.word()
            ));
            out.push_str(&reason_lines(self.sources, &d.reasons));
        }
        out
    }

    /// `NAME  priority P  'PATTERN'`, the name padded to `width`; the
    /// priority is the deployed one, with the written one when it differs.
    fn route_head(&self, id: RouteId, width: usize) -> String {
        let r = self.model.routes.get(id);
        let deployed = self.priorities[id];
        let written = match r.priority.as_ref().map(|p| p.value) {
            Some(p) if p == deployed => String::new(),
            Some(p) => format!(" (written {p})"),
            None => " (none written)".to_string(),
        };
        format!(
            "{:<width$}  priority {deployed}{written}  '{}'",
            r.name.text, r.pattern.text
        )
    }

    /// The usages a route carries, as written.
    fn usage_names(&self, id: RouteId) -> Vec<&'a str> {
        let m = self.model;
        names(&m.routes.get(id).usages, &m.usages, |u| &u.name)
    }

    /// The trunks of a route, as written.
    fn trunk_names(&self, id: RouteId) -> Vec<&'a str> {
        let m = self.model;
        names(&m.routes.get(id).trunks, &m.trunks, |t| &t.name)
    }

    /// The width of the longest name of `routes`.
    fn name_width(&self, routes: &[RouteId]) -> usize {
        routes
            .iter()
            .map(|r| self.model.routes.get(*r).name.text.chars().count())
            .max()
            .unwrap_or(0)
    }
}

/// The names of the objects `refs` point to in `arena`.
fn names<'m, I: Id, T>(
    refs: &[Ref<I>],
    arena: &'m Arena<I, T>,
    name: impl Fn(&'m T) -> &'m Ident,
) -> Vec<&'m str> {
    refs.iter()
        .map(|r| name(arena.get(r.id)).text.as_str())
        .collect()
}

/// A section's heading after a blank line, and `none` under it when the
/// section is `empty`.
fn heading(title: &str, empty: bool, none: &str) -> String {
    match empty {
        true => format!("\n{title}:\n  {none}\n"),
        false => format!("\n{title}:\n"),
    }
}
