//! Step 7: the called and calling numbers as each trunk of the winning
//! route sends them (the trunk configuration's translation rules), and
//! media bypass on it for the caller.

use super::*;

impl<'a> Simulator<'a> {
    /// Where the caller's media comes from, for bypass.
    pub(super) fn client(&self, origin: &Origin) -> Result<Client, String> {
        match origin {
            Origin::User(u) => match (u.network_site, u.ip) {
                (Some(s), _) => Ok(Client::Site(s)),
                (None, Some(ip)) => Ok(self.bypass.client_of(ip)),
                (None, None) => {
                    Err("the caller's network site is not given (`network-site` or `ip`)".into())
                }
            },
            Origin::Trunk(t) => {
                let g = self.model.trunks.get(*t).gateway.id;
                match self.bypass.place(g) {
                    PeerPlace::Mapped { site, .. } => Ok(Client::Site(*site)),
                    PeerPlace::Unmapped { address, .. } => Ok(Client::Unmapped(Subnet {
                        address: *address,
                        bits: 32,
                    })),
                    PeerPlace::Unknown => Err(format!(
                        "the media address of the ingress peer `{}` is unknown",
                        self.model.gateways.get(g).name.text
                    )),
                }
            }
        }
    }

    /// Media bypass for one trunk of the winning route. A caller whose
    /// place is not known still gets a verdict when it does not depend on
    /// the place ([`Bypass::decide_anywhere`]).
    pub(super) fn bypass_step(
        &self,
        client: &Result<Client, String>,
        trunk: TrunkId,
        assumptions: &mut Vec<&'static Assumption>,
    ) -> BypassStep<'a> {
        let name = self.model.trunks.get(trunk).name.text.as_str();
        let (d, notes) = match client {
            Err(why) => {
                let d = self.bypass.decide_anywhere(trunk, why);
                let notes = match self.bypass.mode() {
                    BypassMode::Always => vec![
                        "for an internal caller anywhere: in always mode every subnet shares one bypass ID (B12 holds); a user outside, through an Edge Server, never bypasses".to_string(),
                    ],
                    _ => Vec::new(),
                };
                (d, notes)
            }
            Ok(c) => {
                if self.bypass.rests_on_policy_ids(*c, trunk) {
                    push_once(assumptions, &assume::BYPASS_ID_OF_POLICY_SITES);
                }
                (self.bypass.decide(*c, trunk), Vec::new())
            }
        };
        BypassStep {
            trunk: name,
            bypass: d.verdict,
            reasons: d.reasons.iter().map(|r| r.summary()).collect(),
            notes,
            id: trunk,
        }
    }

    /// The numbers as trunk `t` sends them for route `route`.
    pub(super) fn egress(
        &self,
        t: TrunkId,
        route: RouteId,
        called: &str,
        calling: Option<&str>,
        assumptions: &mut Vec<&'static Assumption>,
    ) -> Result<Egress<'a>, &'static str> {
        let m = self.model;
        let eff = self.in_effect.trunk(t);
        let config = eff.config.map_or_else(
            || "Lync defaults (none declared)".to_string(),
            |c| m.config_scope_text(c),
        );
        if eff.config.is_none() {
            push_once(assumptions, &assume::UNDECLARED_GLOBAL_TRUNK_CONFIGURATION);
        }
        // The rules in effect are the collection's (with `from` copies),
        // which is what `compiled` parsed for it.
        let (called_rules, calling_rules) = match eff.config {
            Some(c) => (
                self.rules(&eff.called_number, self.compiled.called(c)),
                self.rules(&eff.calling_number, self.compiled.calling(c)),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let applied = apply_rules(&self.eval, &called_rules, called);
        if let Some(why) = applied.undecided {
            return Err(why);
        }
        let mut sent = applied.output.clone().unwrap_or_else(|| called.to_string());
        if applied.output.is_some() {
            push_once(assumptions, assume::rule_output());
        }
        let mut steps = Vec::new();
        let mut calling_number = calling.map(str::to_string);
        let r = m.routes.get(route);
        let replace_caller_id = |number: &mut Option<String>, steps: &mut Vec<String>| {
            if let Some(alt) = &r.caller_id {
                steps.push(format!(
                    "route `{}` suppresses the caller ID and presents '{}'",
                    r.name.text, alt.text
                ));
                *number = Some(alt.text.clone());
            }
        };
        if assume::CALLER_ID_BEFORE_CALLING_RULES {
            replace_caller_id(&mut calling_number, &mut steps);
        }
        if let Some(n) = calling_number.clone() {
            let applied = apply_rules(&self.eval, &calling_rules, &n);
            if let Some(why) = applied.undecided {
                return Err(why);
            }
            for t in &applied.tries {
                steps.push(format!("calling-number rule {}", trace::rule_line(t)));
            }
            if let Some(out) = applied.output {
                push_once(assumptions, assume::rule_output());
                calling_number = Some(out);
            }
        }
        if !assume::CALLER_ID_BEFORE_CALLING_RULES {
            replace_caller_id(&mut calling_number, &mut steps);
        }
        if r.caller_id.is_some() && !calling_rules.is_empty() {
            push_once(assumptions, assume::caller_id_order());
        }
        if eff.remove_plus {
            if let Some(rest) = sent.strip_prefix('+') {
                sent = rest.to_string();
            }
            if let Some(rest) = calling_number.as_deref().and_then(|c| c.strip_prefix('+')) {
                calling_number = Some(rest.to_string());
            }
            steps.push("remove-plus on: a leading `+` is removed".into());
            if !called_rules.is_empty() || !calling_rules.is_empty() {
                push_once(assumptions, &assume::REMOVE_PLUS_AFTER);
            }
        }
        Ok(Egress {
            trunk: &m.trunks.get(t).name.text,
            config,
            called_rules: applied.tries,
            called: sent,
            calling_steps: steps,
            calling: calling_number,
            id: t,
        })
    }
}
