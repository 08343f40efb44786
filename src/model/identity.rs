//! Lync identities, built in one place, and the rule every name that
//! becomes part of one must follow.
//!
//! An identity names the object a cmdlet acts on: `global`, `site:Redmond`,
//! `service:PstnGateway:gw1.contoso.com`, `tag:Execs` (written as the bare
//! name to `New-`/`Set-`), `site:Redmond/RuleName`, or a bare name for the
//! global-relative objects (routes, network regions and sites, bandwidth
//! profiles, region links). Lync parses these strings: a per-user name
//! `site:Spokane` *is* the Spokane site's identity, `global` *is* the global
//! scope, and a rule name with `/` splits differently. So a name that
//! reaches an identity must not be able to read as anything else.
//!
//! The cmdlet reference states a character set for one such name only,
//! the dial plan's `SimpleName` ("letters, digits, - . + _ ( )", 1–256
//! characters); it is silent on the others, and voice route names may hold
//! spaces (`Get-CsVoiceRoute`: "quote names with spaces"). topoc applies
//! that set, with inner spaces, to every name that reaches an identity
//! ([`name_problem`]); the gateway and pool names in identities are FQDNs or
//! IP addresses, checked as such where they are declared (T0108, T0109).
//! The check `invalid-identity-name` (T0116) reports every name that breaks
//! the rule, so `topoc build` never emits one. Every identity that joins a
//! scope, a role or a parent with a name is put together by the functions
//! below; a global-relative identity is the checked name itself, and the
//! fixed ones are the literal `global`.

use super::{ConfigScope, DialPlan, DialPlanScope, Model, PolicyScope, Site, TrunkId, VoicePolicy};
use crate::source::Span;

/// The longest name topoc puts into an identity (the cmdlet reference's
/// limit for `SimpleName`, the one name whose length it states).
pub const MAX_NAME_CHARS: usize = 256;

/// Why `name` cannot be part of a Lync identity, if it cannot.
pub fn name_problem(name: &str) -> Option<String> {
    let len = name.chars().count();
    if len == 0 {
        return Some("the name is empty".into());
    }
    if len > MAX_NAME_CHARS {
        return Some(format!(
            "the name has {len} characters; at most {MAX_NAME_CHARS} are allowed"
        ));
    }
    if name.eq_ignore_ascii_case("global") {
        return Some("`global` is the name of Lync's global scope".into());
    }
    if name.starts_with(' ') || name.ends_with(' ') {
        return Some("the name starts or ends with a space".into());
    }
    let bad: Vec<char> = name
        .chars()
        .filter(|&c| !(c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | '+' | '_' | '(' | ')')))
        .collect();
    let first = *bad.first()?;
    Some(match first {
        ':' => "`:` separates a scope from its name (`site:`, `tag:`, `service:`)".into(),
        '/' => "`/` separates a scope from a rule name".into(),
        c if c.is_control() => format!("the name holds the control character U+{:04X}", c as u32),
        c => format!("the name holds `{c}`"),
    })
}

/// What a name that reaches an identity names, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// A Topology Builder site (`site:X`).
    Site,
    /// A trunk given its own name (`service:PstnGateway:X`).
    Trunk,
    /// A voice route.
    Route,
    /// A range of the unassigned number table.
    UnassignedRange,
    /// A normalization or translation rule (`scope/X`).
    Rule,
    /// A per-user voice policy (`tag:X`).
    VoicePolicy,
    /// A per-user dial plan (`tag:X`).
    DialPlan,
    /// A network region.
    Region,
    /// A network site.
    NetworkSite,
    /// A bandwidth policy profile.
    BandwidthProfile,
    /// A link between regions.
    RegionLink,
}

impl NameKind {
    /// The object in words.
    pub fn noun(self) -> &'static str {
        match self {
            NameKind::Site => "site",
            NameKind::Trunk => "trunk",
            NameKind::Route => "voice route",
            NameKind::UnassignedRange => "unassigned number range",
            NameKind::Rule => "rule",
            NameKind::VoicePolicy => "per-user voice policy",
            NameKind::DialPlan => "per-user dial plan",
            NameKind::Region => "network region",
            NameKind::NetworkSite => "network site",
            NameKind::BandwidthProfile => "bandwidth profile",
            NameKind::RegionLink => "region link",
        }
    }
}

/// Every name of the model that reaches an identity, with where it is
/// written: `(kind, name, span)`.
pub fn names(m: &Model) -> Vec<(NameKind, String, Span)> {
    let mut out = Vec::new();
    for (_, s) in m.sites.iter() {
        out.push((NameKind::Site, s.name.text.clone(), s.name.span));
    }
    for (_, t) in m.trunks.iter() {
        // A root trunk is named after its gateway (an FQDN or an address,
        // checked where the gateway is declared) unless it is renamed.
        let gateway = &m.gateways.get(t.gateway.id).name;
        if !(t.root && t.name.text == gateway.text) {
            out.push((NameKind::Trunk, t.name.text.clone(), t.name.span));
        }
    }
    for (_, r) in m.routes.iter() {
        out.push((NameKind::Route, r.name.text.clone(), r.name.span));
    }
    for (_, u) in m.unassigned.iter() {
        out.push((NameKind::UnassignedRange, u.name.text.clone(), u.name.span));
    }
    for (_, c) in m.trunk_configs.iter() {
        let lists = [&c.written.called_number, &c.written.calling_number];
        for rule in lists.into_iter().flatten().flat_map(|s| &s.value) {
            out.push((NameKind::Rule, rule.name.text.clone(), rule.name.span));
        }
    }
    for (_, p) in m.voice_policies.iter() {
        if let PolicyScope::Tag(_) = p.scope {
            out.push((
                NameKind::VoicePolicy,
                per_user_name(&p.scope_text),
                p.scope_span,
            ));
        }
    }
    for (_, p) in m.dial_plans.iter() {
        if let DialPlanScope::Tag(_) = p.scope {
            out.push((
                NameKind::DialPlan,
                per_user_name(&p.scope_text),
                p.scope_span,
            ));
        }
        for rule in &p.rules {
            out.push((NameKind::Rule, rule.name.text.clone(), rule.name.span));
        }
    }
    let n = &m.network;
    for (_, x) in n.regions.iter() {
        out.push((NameKind::Region, x.name.text.clone(), x.name.span));
    }
    for (_, x) in n.sites.iter() {
        out.push((NameKind::NetworkSite, x.name.text.clone(), x.name.span));
    }
    for (_, x) in n.profiles.iter() {
        out.push((NameKind::BandwidthProfile, x.name.text.clone(), x.name.span));
    }
    for (_, x) in n.region_links.iter() {
        out.push((NameKind::RegionLink, x.name.text.clone(), x.name.span));
    }
    out
}

/// A per-user scope's name as written (`tag:"Exec Users"` → `Exec Users`):
/// the model keeps it case-folded for comparison, Lync keeps the case it
/// was created with.
pub fn per_user_name(scope_text: &str) -> String {
    let name = scope_text.get(4..).unwrap_or_default();
    crate::lexical::unquote_string(name).into_owned()
}

/// `site:NAME`.
fn site(s: &Site) -> String {
    format!("site:{}", s.name.text)
}

/// A trunk configuration's identity.
pub fn trunk_config(m: &Model, scope: ConfigScope) -> String {
    match scope {
        ConfigScope::Global => "global".to_string(),
        ConfigScope::Site(s) => site(m.sites.get(s)),
        ConfigScope::Trunk(t) => trunk_service(m, t),
    }
}

/// The identity of what is scoped to one trunk (its trunk configuration,
/// the dial plan of calls arriving on it): `service:` and its service
/// identity.
pub fn trunk_service(m: &Model, t: TrunkId) -> String {
    format!("service:{}", trunk(m, t))
}

/// A trunk's service identity, as routes and `Set-CsPstnGateway` name it
/// (LYNC-TRUNKS 2.4): an additional trunk's is `PstnGateway:<trunk name>`;
/// a root trunk's is always `PstnGateway:<gateway FQDN or IP>`, the
/// service the published topology has, even when the project gives the
/// root trunk a `name` of its own (that name is the project's only).
pub fn trunk(m: &Model, t: TrunkId) -> String {
    let trunk = m.trunks.get(t);
    let name = if trunk.root {
        &m.gateways.get(trunk.gateway.id).name.text
    } else {
        &trunk.name.text
    };
    format!("PstnGateway:{name}")
}

/// A range of the unassigned number table's identity: its name (ranges
/// are global, New-CsUnassignedNumber takes a global relative identity).
pub fn unassigned(range: &crate::model::UnassignedRange) -> String {
    range.name.text.clone()
}

/// The service an announcement lives on: the Application service of a
/// Front End pool (`ApplicationServer:POOL`, as New-CsUnassignedNumber's
/// AnnouncementService takes it).
pub fn announcement_service(m: &Model, pool: crate::model::PoolId) -> String {
    format!("ApplicationServer:{}", m.pools.get(pool).name.text)
}

/// A voice policy's identity for `Get-` (which wants `tag:`) and for
/// `New-`/`Set-` (which take a per-user policy's bare name).
pub fn voice_policy(m: &Model, p: &VoicePolicy) -> (String, String) {
    match &p.scope {
        PolicyScope::Global => ("global".into(), "global".into()),
        PolicyScope::Site(s) => (site(m.sites.get(*s)), site(m.sites.get(*s))),
        PolicyScope::Tag(_) => {
            let name = per_user_name(&p.scope_text);
            (format!("tag:{name}"), name)
        }
    }
}

/// A dial plan's identity (per-user plans by bare name).
pub fn dial_plan(m: &Model, p: &DialPlan) -> String {
    match &p.scope {
        DialPlanScope::Global => "global".into(),
        DialPlanScope::Site(s) => site(m.sites.get(*s)),
        DialPlanScope::Registrar(pool) => {
            format!("service:Registrar:{}", m.pools.get(*pool).name.text)
        }
        DialPlanScope::Trunk(t) => trunk_service(m, *t),
        DialPlanScope::Tag(_) => per_user_name(&p.scope_text),
    }
}

/// A rule's identity: its list's scope, `/`, its name.
pub fn rule(parent: &str, name: &str) -> String {
    format!("{parent}/{name}")
}

/// The name of an object that joins two others (an inter-site policy, a
/// route between regions): `A_B`, as the documentation's examples name
/// them (`Reno_Portland`).
pub fn pair(a: &str, b: &str) -> String {
    format!("{a}_{b}")
}

#[cfg(test)]
mod tests {
    use super::name_problem;

    #[test]
    fn names_that_could_read_as_another_identity_are_refused() {
        for ok in [
            "Redmond",
            "New York",
            "LD-Intl (011)",
            "Zürich",
            "gw1.contoso.com",
            "a+b_c",
            "10.1.2.3",
        ] {
            assert_eq!(name_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "global",
            "GLOBAL",
            "site:Spokane",
            "service:Registrar:fe.contoso.com",
            "tag:x",
            "a/b",
            " lead",
            "trail ",
            "O'Brien",
            "a``b",
            "a\nb",
            "x;y",
            "$(x)",
        ] {
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
        assert!(name_problem(&"a".repeat(256)).is_none());
        assert!(name_problem(&"a".repeat(257)).is_some());
    }
}
