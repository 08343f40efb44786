//! What topoc assumes where Microsoft's documents are silent, contradict
//! each other, or are contradicted by what deployments do: one registry,
//! so that every choice is made once, named in every trace that depends on
//! it, and listed with its source in docs/assumptions.md (generated from
//! [`ALL`] by tests/docs.rs).
//!
//! A verdict that rests on an assumption is never stated as a fact: the
//! simulator's trace lists the assumptions its outcome used
//! ([`crate::simulate::Trace`]), and checks that rest on one say so.

use serde::Serialize;

/// Why something is an assumption.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// The documents do not say.
    Silent,
    /// The documents say different things.
    Conflict,
    /// The documents say one thing, deployments show another (or only
    /// field reports say anything).
    FieldReport,
}

impl Basis {
    /// In words.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Silent => "the documents are silent",
            Basis::Conflict => "the documents disagree",
            Basis::FieldReport => "field reports",
        }
    }
}

/// One assumption.
#[derive(Debug, PartialEq, Eq)]
pub struct Assumption {
    /// A stable id, `A` and two digits.
    pub id: &'static str,
    /// What topoc assumes, as a trace says it.
    pub text: &'static str,
    /// Why it is an assumption.
    pub basis: Basis,
    /// Where the facts (or their absence) are: pages, sections, reports.
    pub source: &'static str,
    /// What relies on it.
    pub used_by: &'static str,
}

/// In a trace's JSON an assumption is its id and text; its basis and source
/// are in docs/assumptions.md.
impl Serialize for Assumption {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Assumption", 2)?;
        st.serialize_field("id", self.id)?;
        st.serialize_field("text", self.text)?;
        st.end()
    }
}

/// How a normalization or translation rule produces its output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleOutput {
    /// `Regex.Match(n).Result(translation)`: only the expanded
    /// translation; text around the match is dropped.
    MatchResult,
    /// `Regex.Replace(n, translation)`: every match replaced, the text
    /// around kept.
    Replace,
}

/// A rule applies when its pattern matches anywhere in the number
/// (`Regex.IsMatch`); the first such rule wins and its output is
/// [`RuleOutput::MatchResult`] ([`RULE_OUTPUT_MATCH_RESULT`]).
pub const RULE_OUTPUT: RuleOutput = RuleOutput::MatchResult;

/// The route's caller-ID replacement comes before the trunk's calling-number
/// rules ([`CALLER_ID_BEFORE_RULES`]).
pub const CALLER_ID_BEFORE_CALLING_RULES: bool = true;

/// `RemovePlusFromUri` strips the `+` after the translation rules
/// ([`REMOVE_PLUS_AFTER_RULES`]).
pub const REMOVE_PLUS_AFTER_RULES: bool = true;

/// A01.
pub static DEFAULT_GLOBAL_DIAL_PLAN: Assumption = Assumption {
    id: "A01",
    text: "with no dial plan declared, Lync's global dial plan holds the one rule it is created with, `Prefix All` '^(\\d{11})$' -> '+$1' (New-CsDialPlan; the Control Panel calls it `Keep All`)",
    basis: Basis::Conflict,
    source: "New-CsDialPlan and New-CsVoiceNormalizationRule (office-docs-powershell) give the rule every new dial plan gets as `Prefix All`, pattern `^(\\d{11})$` (printed `^(\\d11)$`), translation `+$1`, \"only a placeholder\"; Remove-CsDialPlan says the reset global plan gets \"a default global normalization rule\"; the Lync 2013 page \"Create a dial plan\" calls the default rule with that pattern `Keep All` and gives no translation. A field report recalls `Keep All` leaving numbers unchanged; no Microsoft page says so. docs/lync.md D10 lists the conflict.",
    used_by: "the call simulator, for a caller with no dial plan in scope",
};

/// A02.
pub static TRUNK_WITHOUT_DIAL_PLAN: Assumption = Assumption {
    id: "A02",
    text: "a call entering on a trunk without `dial-plan trunk:T` is not normalized",
    basis: Basis::Silent,
    source: "docs/lync.md 4.2: a service-scope (PSTN gateway) dial plan applies to calls from that gateway; which plan, if any, applies without one is not documented.",
    used_by: "the call simulator and the routing analysis, for calls entering on a trunk",
};

/// A03.
pub static RULE_OUTPUT_MATCH_RESULT: Assumption = Assumption {
    id: "A03",
    text: "a rule applies where its pattern matches (IsMatch) and its output is Match.Result(translation)",
    basis: Basis::Silent,
    source: "docs/lync.md 6.2: the documents give patterns and translations but not the .NET call; for anchored patterns (every documented example) Match.Result and Regex.Replace agree.",
    used_by: "the call simulator, the routing analysis",
};

/// A03, the other reading (used when [`RULE_OUTPUT`] says so).
pub static RULE_OUTPUT_REPLACE: Assumption = Assumption {
    id: "A03",
    text: "a rule applies where its pattern matches (IsMatch) and its output is Regex.Replace",
    basis: Basis::Silent,
    source: RULE_OUTPUT_MATCH_RESULT.source,
    used_by: RULE_OUTPUT_MATCH_RESULT.used_by,
};

/// A04.
pub static CALLER_ID_BEFORE_RULES: Assumption = Assumption {
    id: "A04",
    text: "the route's caller-ID replacement comes before the calling-number rules",
    basis: Basis::Silent,
    source: "docs/lync.md 4.5 (a): both rewrite the calling number; their order is not documented.",
    used_by: "the call simulator",
};

/// A04, the other order.
pub static CALLER_ID_AFTER_RULES: Assumption = Assumption {
    id: "A04",
    text: "the route's caller-ID replacement comes after the calling-number rules",
    basis: Basis::Silent,
    source: CALLER_ID_BEFORE_RULES.source,
    used_by: CALLER_ID_BEFORE_RULES.used_by,
};

/// A05.
pub static REMOVE_PLUS_AFTER: Assumption = Assumption {
    id: "A05",
    text: "remove-plus applies after the translation rules",
    basis: Basis::Silent,
    source: "docs/lync.md 4.5 (b): RemovePlusFromUri and the translation rules both rewrite the number; their order is not documented.",
    used_by: "the call simulator",
};

/// A06.
pub static ROUTE_ORDER_IN_USAGE: Assumption = Assumption {
    id: "A06",
    text: "routes of one usage that both match are tried by priority, then name; Lync 2013 does not guarantee that order (it was seen to try the least complex pattern first)",
    basis: Basis::FieldReport,
    source: "New-CsVoiceRoute: \"The priority determines the order in which the routes will be applied if more than one route is possible\" (direction and ties unstated). Field report: ucomsgeek, \"Change in route selection behavior in Lync Server 2013 from Lync Server 2010\" (2015): Microsoft support confirmed \"by design\" that Lync 2013 tried a catch-all route of a usage before a more specific one with a better priority; the supported remedy is a separate usage for the fallback, as in \"Configuring a failover route\".",
    used_by: "the call simulator when the winning route or a failover step depends on the order inside one usage; T0705",
};

/// A07.
pub static TRUNKS_OF_A_ROUTE: Assumption = Assumption {
    id: "A07",
    text: "the trunks of a route are a set: Lync spreads calls over them, so each is simulated",
    basis: Basis::Silent,
    source: "docs/lync.md 4.1 step 5: how a trunk is picked among several in one route is not documented for Lync 2013 (Lync 2010 material describes round-robin).",
    used_by: "the call simulator (`trunks`, `sent`, `bypass` per trunk)",
};

/// A08.
pub static PEER_OWNS_AND_SENDS: Assumption = Assumption {
    id: "A08",
    text: "a peer never sends Lync a number it owns, and passes back a number it does not own only when its `sends` pattern carries it",
    basis: Basis::Silent,
    source: "docs/language.md section 7 (`owns`, `sends`): peers' own routing is outside Lync's documents; topoc takes it from `owns` and `sends`.",
    used_by: "the routing analysis: PSTN reflection and trunk loops (T0701–T0704)",
};

/// A09.
pub static BYPASS_ID_OF_POLICY_SITES: Assumption = Assumption {
    id: "A09",
    text: "a network site at an end of an inter-site policy gets a bypass ID of its own",
    basis: Basis::Silent,
    source: "docs/lync.md 5.2 gives bypass IDs per region and per constrained site; sites joined only by an inter-site policy are not covered.",
    used_by: "media bypass decisions (`topoc bypass`, the simulator's bypass step, W35–W49)",
};

/// A10.
pub static EMPTY_LIST_IS_NULL: Assumption = Assumption {
    id: "A10",
    text: "a list parameter is emptied with `$null`, and rule lists are put in place whole with `@{Replace = ...}` of `-InMemory` objects",
    basis: Basis::Silent,
    source: "The cmdlet reference documents `@{Add=}`, `@{Remove=}`, `@{Replace=}` and `-InMemory` but no form that empties a list.",
    used_by: "deploy.ps1 (its header names it)",
};

/// A11.
pub static ROUTE_TRUNK_IDENTITY: Assumption = Assumption {
    id: "A11",
    text: "a route names a trunk as `PstnGateway:<trunk name>`",
    basis: Basis::Conflict,
    source: "docs/lync.md 2.4: PstnGatewayList entries are documented as `PstnGateway:<gateway FQDN>` from before M:N trunks, and trunks by name after them.",
    used_by: "deploy.ps1 (its header names it)",
};

/// A12.
pub static UNASSIGNED_BEFORE_ROUTES: Assumption = Assumption {
    id: "A12",
    text: "a number reverse number lookup does not find and an unassigned number range holds goes to the range's announcement or Auto Attendant before any route is tried, whoever calls",
    basis: Basis::Silent,
    source: "The Control Panel help for the Unassigned Number page: the table \"can include both assigned and unassigned numbers, but it is invoked only when a caller dials a number that is not currently assigned\", searched \"from top to bottom\", first matching range used; New-CsAnnouncement (Lync Server 2010): announcements \"are played when users dial a valid but unassigned phone number\". Where the table sits among the routing steps (before or after the caller's routes) is not documented.",
    used_by: "the call simulator and the routing analysis (`unassigned-numbers`)",
};

/// A13.
pub static CLIENT_STRIPS_FORMATTING: Assumption = Assumption {
    id: "A13",
    text: "a Lync client removes spaces, hyphens, periods and parentheses from what a user dials before the dial plan's rules see it",
    basis: Basis::FieldReport,
    source: "The Lync 2013 pages on dial plans and normalization rules describe rules applied to the dialled string but do not list the characters a client drops first; deployments see formatted numbers such as `(425) 555-0100` or `312-555-0199` normalized as their digits, and the documented rules (`^(\\d{7})$` and the like) would otherwise never match them.",
    used_by: "the call simulator (`topoc route`, golden tests), for users' calls only: a number entering on a trunk is used as received",
};

/// A14.
pub static UNDECLARED_GLOBAL_TRUNK_CONFIGURATION: Assumption = Assumption {
    id: "A14",
    text: "a trunk no declared trunk configuration covers has the global collection at Lync's defaults (deploy.ps1 leaves the live global collection as it is)",
    basis: Basis::Silent,
    source: "The project does not say what the live global trunk configuration holds, and deploy.ps1 must not change what the project does not declare; New-CsTrunkConfiguration and Set-CsTrunkConfiguration give the defaults topoc assumes.",
    used_by: "the call simulator, bypass decisions and `topoc show trunk`, for trunks without a site or trunk configuration when no `trunk-config global` is declared",
};

/// A15.
pub static DERIVED_BYPASS_IDS: Assumption = Assumption {
    id: "A15",
    text: "a new region or constrained site may be created with a bypass ID derived from its name, and Lync treats it as one it generated (an unconstrained site still takes its region's)",
    basis: Basis::Silent,
    source: "New-CsNetworkRegion and New-CsNetworkSite accept -BypassID; the Lync Server 2013 documents strongly discourage overriding generated IDs without saying what goes wrong, and state only the sharing rules (docs/lync.md 5.2), which the derived IDs keep. Deriving them makes a rebuilt deployment get the same IDs and lets a plan state them in advance.",
    used_by: "deploy.ps1, when it creates a network region or a network site with a bandwidth profile and the sources write no `bypass-id`",
};

/// The characters a client removes from a dialled number ([`CLIENT_STRIPS_FORMATTING`]).
pub const FORMATTING_CHARACTERS: &[char] = &[' ', '-', '.', '(', ')'];

/// Every assumption, in id order (the two readings of A03 and A04 once).
pub static ALL: &[&Assumption] = &[
    &DEFAULT_GLOBAL_DIAL_PLAN,
    &TRUNK_WITHOUT_DIAL_PLAN,
    &RULE_OUTPUT_MATCH_RESULT,
    &CALLER_ID_BEFORE_RULES,
    &REMOVE_PLUS_AFTER,
    &ROUTE_ORDER_IN_USAGE,
    &TRUNKS_OF_A_ROUTE,
    &PEER_OWNS_AND_SENDS,
    &BYPASS_ID_OF_POLICY_SITES,
    &EMPTY_LIST_IS_NULL,
    &ROUTE_TRUNK_IDENTITY,
    &UNASSIGNED_BEFORE_ROUTES,
    &CLIENT_STRIPS_FORMATTING,
    &UNDECLARED_GLOBAL_TRUNK_CONFIGURATION,
    &DERIVED_BYPASS_IDS,
];

/// The reading of A03 topoc uses.
pub fn rule_output() -> &'static Assumption {
    match RULE_OUTPUT {
        RuleOutput::MatchResult => &RULE_OUTPUT_MATCH_RESULT,
        RuleOutput::Replace => &RULE_OUTPUT_REPLACE,
    }
}

/// The reading of A04 topoc uses.
pub fn caller_id_order() -> &'static Assumption {
    if CALLER_ID_BEFORE_CALLING_RULES {
        &CALLER_ID_BEFORE_RULES
    } else {
        &CALLER_ID_AFTER_RULES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_in_order_and_unique() {
        let ids: Vec<&str> = ALL.iter().map(|a| a.id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted);
        assert!(
            ALL.iter()
                .all(|a| !a.source.is_empty() && !a.used_by.is_empty())
        );
    }
}
