//! What a simulated call did, step by step, as data.
//!
//! Objects appear by name, so a trace serializes to self-describing JSON
//! (`topoc route --format json`); [`Trace::lines`] gives the same steps as
//! text for the terminal and for failed golden tests.

use crate::bypass::Verdict;
use serde::Serialize;

use crate::model::{RouteId, TrunkId};

/// Which object applied and why it is the one.
#[derive(Clone, Debug, Serialize)]
pub struct Chosen {
    /// The object as Lync names it (`site:Redmond`, `global`), or a
    /// description when none is declared.
    pub name: String,
    /// Why this one: `named by the caller`, `home pool's site`, ...
    pub why: String,
}

/// One normalization or translation rule tried.
#[derive(Clone, Debug, Serialize)]
pub struct RuleTry<'m> {
    /// The rule's name.
    pub rule: &'m str,
    /// Its pattern.
    pub pattern: &'m str,
    /// What happened: `matched`, `no match`, `invalid: ...`, `undecided: ...`.
    pub result: &'static str,
    /// The number after the rule, when it matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

/// A route considered for a usage.
#[derive(Clone, Debug, Serialize)]
pub struct Candidate<'m> {
    /// The route.
    pub route: &'m str,
    /// Its priority, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    /// Its pattern.
    pub pattern: &'m str,
    /// `matched`, `no match`, `invalid: ...` or `undecided: ...`.
    pub result: &'static str,
}

/// The routes one usage offered.
#[derive(Clone, Debug, Serialize)]
pub struct UsageStep<'m> {
    /// The usage.
    pub usage: &'m str,
    /// The routes carrying it that were tried, in Lync's order.
    pub candidates: Vec<Candidate<'m>>,
    /// Routes carrying it that were not tried: their pattern starts with
    /// `^` and a literal prefix the number does not start with.
    pub skipped: usize,
}

/// A (route, trunk set) in the failover sequence.
#[derive(Clone, Debug, Serialize)]
pub struct Hop<'m> {
    /// The route.
    pub route: &'m str,
    /// The usage it was found under.
    pub usage: &'m str,
    /// Its trunks.
    pub trunks: Vec<&'m str>,
    /// The route's id.
    #[serde(skip)]
    pub id: RouteId,
    /// The trunks' ids.
    #[serde(skip)]
    pub trunk_ids: Vec<TrunkId>,
}

/// The numbers as one egress trunk sends them.
#[derive(Clone, Debug, Serialize)]
pub struct Egress<'m> {
    /// The trunk.
    pub trunk: &'m str,
    /// The trunk configuration that applies (`trunk:pbx-2`, `global`, or
    /// `Lync defaults` when none is declared).
    pub config: String,
    /// Called-number rules tried.
    pub called_rules: Vec<RuleTry<'m>>,
    /// The called number as sent.
    pub called: String,
    /// Calling-number steps, in the order applied.
    pub calling_steps: Vec<String>,
    /// The calling number as sent, when the call has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calling: Option<String>,
    /// The trunk's id.
    #[serde(skip)]
    pub id: TrunkId,
}

/// The media bypass decision for one trunk of the winning route.
#[derive(Clone, Debug, Serialize)]
pub struct BypassStep<'m> {
    /// The trunk.
    pub trunk: &'m str,
    /// The verdict (`on`, `off` or `unknown` in JSON).
    #[serde(serialize_with = "on_off")]
    pub bypass: Verdict,
    /// Why not (each failing condition), when not on.
    pub reasons: Vec<String>,
    /// What the verdict rests on when the caller's place was not needed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The trunk's id.
    #[serde(skip)]
    pub id: TrunkId,
}

/// How the call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Reverse number lookup found a Lync user: routing ends.
    LyncUser,
    /// The unassigned number table took the number: routing ends.
    Unassigned,
    /// A route was chosen.
    Routed,
    /// No route of any usage matches.
    Unroutable,
    /// A pattern could not be evaluated.
    Undecided,
}

/// A simulated call.
#[derive(Clone, Debug, Serialize)]
pub struct Trace<'m> {
    /// The caller, in words.
    pub caller: String,
    /// What was dialled.
    pub dialled: String,
    /// The calling number given, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calling: Option<String>,
    /// The voice policy (users) or trunk configuration (trunk callers)
    /// whose usages apply.
    pub usages_from: Chosen,
    /// What the client passed on after removing formatting characters
    /// (A13), when that differs from what was dialled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unformatted: Option<String>,
    /// The dial plan that normalizes the number, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dial_plan: Option<Chosen>,
    /// The external access prefix removed, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix_removed: Option<String>,
    /// Normalization rules tried, in order.
    pub normalization: Vec<RuleTry<'m>>,
    /// The number routing uses.
    pub normalized: String,
    /// The `lync-numbers` pattern that matched, if reverse number lookup found a user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lync_user: Option<String>,
    /// For a Lync user's number that an unassigned number range also
    /// holds: that range, which takes the call if nobody holds the number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub if_unheld: Option<String>,
    /// The unassigned number range that took the number, and where it
    /// sends the call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unassigned: Option<String>,
    /// Each usage considered, in order, with its routes.
    pub usages: Vec<UsageStep<'m>>,
    /// The winning route and its trunk set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<Hop<'m>>,
    /// The (route, trunk set) tried next, in order.
    pub failover: Vec<Hop<'m>>,
    /// The numbers as each trunk of the winning route sends them.
    pub egress: Vec<Egress<'m>>,
    /// Media bypass for each trunk of the winning route.
    pub bypass: Vec<BypassStep<'m>>,
    /// How the call ended.
    pub outcome: Outcome,
    /// Why the outcome is undecided, if it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undecided: Option<&'static str>,
    /// The choices topoc made where the documentation is silent or
    /// contradicted ([`crate::assume`]); JSON gives each as its id and text.
    pub assumptions: Vec<&'static crate::assume::Assumption>,
}

/// A rule tried, as one line: `NAME 'PATTERN' RESULT [-> 'OUTPUT']`.
pub(crate) fn rule_line(r: &RuleTry<'_>) -> String {
    match &r.output {
        Some(out) => format!("{} '{}' {} -> '{}'", r.rule, r.pattern, r.result, out),
        None => format!("{} '{}' {}", r.rule, r.pattern, r.result),
    }
}

impl Trace<'_> {
    /// The trace as lines of text.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.push(format!("caller: {}", self.caller));
        out.push(format!("dialled: '{}'", self.dialled));
        if let Some(c) = &self.calling {
            out.push(format!("calling number: '{c}'"));
        }
        if let Some(u) = &self.unformatted {
            out.push(format!(
                "the client removes formatting characters: '{u}' (A13)"
            ));
        }
        match &self.dial_plan {
            Some(p) => out.push(format!("dial plan: {} ({})", p.name, p.why)),
            None => out.push("dial plan: none applies; the number is used as received".into()),
        }
        if let Some(p) = &self.prefix_removed {
            out.push(format!("external access prefix '{p}' removed"));
        }
        for r in &self.normalization {
            out.push(format!("  rule {}", rule_line(r)));
        }
        out.push(format!("normalized: '{}'", self.normalized));
        if let Some(p) = &self.lync_user {
            out.push(format!(
                "reverse number lookup: a Lync user (lync-numbers '{p}'); routing ends"
            ));
        }
        if let Some(u) = &self.if_unheld {
            out.push(format!(
                "  if no user or contact holds it: unassigned number {u}"
            ));
        }
        if let Some(u) = &self.unassigned {
            out.push(format!("unassigned number: {u}; routing ends"));
        }
        if self.lync_user.is_none()
            && self.unassigned.is_none()
            && !(self.outcome == Outcome::Undecided && self.usages.is_empty())
        {
            out.push(format!(
                "usages from: {} ({})",
                self.usages_from.name, self.usages_from.why
            ));
            if self.usages.is_empty() {
                out.push("  no usages".into());
            }
        }
        for u in &self.usages {
            out.push(format!("  usage {}:", u.usage));
            if u.candidates.is_empty() && u.skipped == 0 {
                out.push("    no routes carry it".into());
            }
            for c in &u.candidates {
                let priority = c
                    .priority
                    .map(|p| format!(" priority {p}"))
                    .unwrap_or_default();
                out.push(format!(
                    "    route {}{} '{}' {}",
                    c.route, priority, c.pattern, c.result
                ));
            }
            if u.skipped > 0 {
                out.push(format!(
                    "    {} other route{} start{} with a prefix the number lacks",
                    u.skipped,
                    if u.skipped == 1 { "" } else { "s" },
                    if u.skipped == 1 { "s" } else { "" }
                ));
            }
        }
        if let Some(r) = &self.route {
            out.push(format!(
                "route: {} (usage {}) trunks [{}]",
                r.route,
                r.usage,
                r.trunks.join(", ")
            ));
        }
        for (i, h) in self.failover.iter().enumerate() {
            out.push(format!(
                "  failover {}: {} (usage {}) trunks [{}]",
                i + 1,
                h.route,
                h.usage,
                h.trunks.join(", ")
            ));
        }
        for e in &self.egress {
            out.push(format!(
                "egress {} (trunk configuration {}):",
                e.trunk, e.config
            ));
            for r in &e.called_rules {
                out.push(format!("    called-number rule {}", rule_line(r)));
            }
            out.push(format!("    called number sent: '{}'", e.called));
            for s in &e.calling_steps {
                out.push(format!("    {s}"));
            }
            if let Some(c) = &e.calling {
                out.push(format!("    calling number sent: '{c}'"));
            }
        }
        for b in &self.bypass {
            let why: Vec<&str> = b
                .reasons
                .iter()
                .chain(&b.notes)
                .map(String::as_str)
                .collect();
            if why.is_empty() {
                out.push(format!("bypass via {}: {}", b.trunk, b.bypass.on_off()));
            } else {
                out.push(format!(
                    "bypass via {}: {} ({})",
                    b.trunk,
                    b.bypass.on_off(),
                    why.join("; ")
                ));
            }
        }
        out.push(match self.outcome {
            Outcome::LyncUser => "outcome: a Lync user".into(),
            Outcome::Unassigned => "outcome: unassigned (the unassigned number table)".into(),
            Outcome::Routed => "outcome: routed".into(),
            Outcome::Unroutable => "outcome: unroutable (no route of any usage matches)".into(),
            Outcome::Undecided => format!(
                "outcome: undecided ({})",
                self.undecided.unwrap_or("a pattern could not be evaluated")
            ),
        });
        for a in &self.assumptions {
            out.push(format!("assumed ({}): {}", a.id, a.text));
        }
        out
    }
}

/// A verdict as the trace's JSON writes it.
fn on_off<S: serde::Serializer>(v: &Verdict, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.on_off())
}
