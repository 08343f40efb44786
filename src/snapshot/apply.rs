//! One Management Shell call applied to a snapshot, the way Lync applies
//! it: `New-` creates an object, `Set-` changes the properties it names,
//! `Remove-` deletes; `@{Add=}`/`@{Remove=}` change a list and keep the
//! rest; a rule cmdlet without `-InMemory` changes its parent's rule list.
//!
//! Only the cmdlets of the objects topoc models are known; any other call
//! is refused with the reason, never guessed at. Parameter names are the
//! cmdlet reference's, in full: resolving the prefixes PowerShell accepts
//! is the caller's job.

use std::collections::HashMap;

use super::{Props, Snapshot, Value, key};

/// A call's argument, by what it does to the property.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// The property becomes this value (`$null` clears it).
    Value(Value),
    /// `@{Add = ...}`: each item is added to the list unless there.
    Add(Vec<Value>),
    /// `@{Remove = ...}`: each item is taken out of the list.
    Remove(Vec<Value>),
    /// The nested object's named properties change, the others stay (the
    /// media bypass settings read, changed and set back whole).
    Merge(Props),
}

/// One cmdlet call: `Set-CsVoiceRoute -Identity R -Priority 2`.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The cmdlet, as the reference spells it (calls are made only for
    /// cmdlets of the reference: their names are its own).
    pub cmdlet: &'static str,
    /// Parameters in full, in order, with their values; switches that do
    /// not change the object (`-Force`, `-ErrorAction`...) are left out.
    pub args: Vec<(&'static str, Arg)>,
    /// A `New-` made only when the object is missing (`if (-not (Get-...))`).
    pub if_missing: bool,
}

/// What a call did.
#[derive(Clone, Debug, PartialEq)]
pub struct Effect {
    /// The collection of the object it changed.
    pub collection: &'static str,
    /// The object's identity, as stored.
    pub identity: String,
    /// It created the object.
    pub created: bool,
    /// It removed the object.
    pub removed: bool,
    /// The properties it wrote.
    pub props: Vec<String>,
}

/// Every kind of object topoc changes: its cmdlet noun, its snapshot
/// collection, the cmdlet that reads one, and the one that removes one
/// (none for objects that always exist or are topology).
const NOUNS: &[(&str, &str, &str, Option<&str>)] = &[
    ("CsPstnUsage", "PstnUsages", "Get-CsPstnUsage", None),
    (
        "CsTrunkConfiguration",
        "TrunkConfigurations",
        "Get-CsTrunkConfiguration",
        Some("Remove-CsTrunkConfiguration"),
    ),
    // There is no Get-CsPstnGateway: a gateway is a service.
    ("CsPstnGateway", "PstnGateways", "Get-CsService", None),
    (
        "CsVoiceRoute",
        "VoiceRoutes",
        "Get-CsVoiceRoute",
        Some("Remove-CsVoiceRoute"),
    ),
    (
        "CsVoicePolicy",
        "VoicePolicies",
        "Get-CsVoicePolicy",
        Some("Remove-CsVoicePolicy"),
    ),
    (
        "CsDialPlan",
        "DialPlans",
        "Get-CsDialPlan",
        Some("Remove-CsDialPlan"),
    ),
    (
        "CsUnassignedNumber",
        "UnassignedNumbers",
        "Get-CsUnassignedNumber",
        Some("Remove-CsUnassignedNumber"),
    ),
    (
        "CsMediaConfiguration",
        "MediaConfigurations",
        "Get-CsMediaConfiguration",
        None,
    ),
    (
        "CsNetworkConfiguration",
        "NetworkConfiguration",
        "Get-CsNetworkConfiguration",
        None,
    ),
    (
        "CsNetworkRegion",
        "NetworkRegions",
        "Get-CsNetworkRegion",
        Some("Remove-CsNetworkRegion"),
    ),
    (
        "CsNetworkSite",
        "NetworkSites",
        "Get-CsNetworkSite",
        Some("Remove-CsNetworkSite"),
    ),
    (
        "CsNetworkSubnet",
        "NetworkSubnets",
        "Get-CsNetworkSubnet",
        Some("Remove-CsNetworkSubnet"),
    ),
    (
        "CsNetworkBandwidthPolicyProfile",
        "BandwidthPolicyProfiles",
        "Get-CsNetworkBandwidthPolicyProfile",
        Some("Remove-CsNetworkBandwidthPolicyProfile"),
    ),
    (
        "CsNetworkRegionLink",
        "RegionLinks",
        "Get-CsNetworkRegionLink",
        Some("Remove-CsNetworkRegionLink"),
    ),
    (
        "CsNetworkInterRegionRoute",
        "InterRegionRoutes",
        "Get-CsNetworkInterRegionRoute",
        Some("Remove-CsNetworkInterRegionRoute"),
    ),
    (
        "CsNetworkInterSitePolicy",
        "InterSitePolicies",
        "Get-CsNetworkInterSitePolicy",
        Some("Remove-CsNetworkInterSitePolicy"),
    ),
];

/// The cmdlet that reads an object of `collection`.
pub fn getter(collection: &str) -> Option<&'static str> {
    NOUNS.iter().find(|n| n.1 == collection).map(|n| n.2)
}

/// The cmdlet that removes an object of `collection`, if one can be.
pub fn remover(collection: &str) -> Option<&'static str> {
    NOUNS.iter().find(|n| n.1 == collection).and_then(|n| n.3)
}

/// Rule cmdlet nouns: the parent's collection and its list property.
pub const RULES: &[(&str, &str, &str)] = &[
    (
        "CsVoiceNormalizationRule",
        "DialPlans",
        "NormalizationRules",
    ),
    (
        "CsOutboundTranslationRule",
        "TrunkConfigurations",
        "OutboundTranslationRulesList",
    ),
    (
        "CsOutboundCallingNumberTranslationRule",
        "TrunkConfigurations",
        "OutboundCallingNumberTranslationRulesList",
    ),
];

/// Collections whose objects other than global are per-user (`Tag:`).
const PER_USER: &[&str] = &["VoicePolicies", "DialPlans"];

/// Parameters that say how to run the call, not what the object holds.
const NOT_PROPERTIES: &[&str] = &[
    "Identity",
    "ErrorAction",
    "Force",
    "InMemory",
    "WhatIf",
    "Confirm",
    "Verbose",
    "Parent",
    "Tenant",
];

/// The collection a cmdlet noun changes.
pub fn collection(noun: &str) -> Option<&'static str> {
    NOUNS
        .iter()
        .find(|n| n.0.eq_ignore_ascii_case(noun))
        .map(|n| n.1)
}

/// `Set-CsVoiceRoute` as `("Set", "CsVoiceRoute")`.
pub fn split(cmdlet: &str) -> Option<(&str, &str)> {
    cmdlet.split_once('-')
}

impl Call {
    /// A call with no arguments yet.
    pub fn new(cmdlet: &'static str) -> Call {
        Call {
            cmdlet,
            args: Vec::new(),
            if_missing: false,
        }
    }

    /// The argument given for `param`, if any.
    pub fn arg(&self, param: &str) -> Option<&Arg> {
        self.args
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(param))
            .map(|(_, a)| a)
    }

    fn text(&self, param: &str) -> Option<&str> {
        match self.arg(param)? {
            Arg::Value(Value::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// The properties the call writes, as an in-memory object holds them
    /// (a `-InMemory` rule: its name from its identity's last part).
    pub fn object(&self) -> Props {
        let mut props = Props::new();
        for (p, a) in &self.args {
            if NOT_PROPERTIES.iter().any(|n| n.eq_ignore_ascii_case(p)) {
                continue;
            }
            if let Arg::Value(v) = a {
                props.insert(p.to_string(), v.clone());
            }
        }
        if let Some(identity) = self.text("Identity") {
            let name = identity.rsplit_once('/').map_or(identity, |(_, n)| n);
            props.entry("Name".into()).or_insert(Value::text(name));
        }
        props
    }
}

/// The parameters [`target`] reads: a call with only these (and its
/// cmdlet) has the target of the whole call.
pub const TARGET_PARAMS: [&str; 3] = ["Identity", "Parent", "Name"];

/// The object `call` would change, without changing anything: its
/// collection and identity as given (the parent's, for a rule), read from
/// the [`TARGET_PARAMS`] alone.
pub fn target(call: &Call) -> Result<Effect, String> {
    let (collection, identity, rule) = addressed(call)?;
    Ok(Effect {
        collection,
        identity: if rule {
            identity.to_string()
        } else {
            stored_identity(collection, identity)
        },
        created: false,
        removed: false,
        props: Vec::new(),
    })
}

/// The collection and [`key`] [`Applier::apply`] finds the object `call`
/// changes by (a rule's parent), read from the [`TARGET_PARAMS`] alone.
pub fn target_key(call: &Call) -> Result<(&'static str, String), String> {
    let (collection, identity, _) = addressed(call)?;
    Ok((collection, key(collection, identity)))
}

/// The collection of the object `call` changes and its identity as the
/// call gives it, and whether the call changes a rule of that object.
fn addressed(call: &Call) -> Result<(&'static str, &str, bool), String> {
    let (_, noun) =
        split(call.cmdlet).ok_or_else(|| format!("`{}` is not a cmdlet name", call.cmdlet))?;
    if let Some(&(_, parent, _)) = RULES.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(noun)) {
        let parent_id = match (call.text("Identity"), call.text("Parent")) {
            (Some(id), _) => id.rsplit_once('/').map_or(id, |(p, _)| p),
            (None, Some(p)) => p,
            _ => return Err(format!("`{}` names no rule", call.cmdlet)),
        };
        return Ok((parent, parent_id, true));
    }
    let collection = collection(noun)
        .ok_or_else(|| format!("`{}` changes nothing topoc models", call.cmdlet))?;
    let identity = call
        .text("Identity")
        .or_else(|| call.text("Name"))
        .ok_or_else(|| format!("`{}` has no literal -Identity", call.cmdlet))?;
    Ok((collection, identity, false))
}

/// Applies `call` to `s`, or says why it cannot be.
pub fn apply(s: &mut Snapshot, call: &Call) -> Result<Effect, String> {
    Applier::default().apply(s, call)
}

/// Applies calls one after another to one snapshot, finding objects by an
/// index it keeps as it goes: applying a deployment's tens of thousands
/// of calls one by one with [`Snapshot::find`] would scan every list for
/// every call. The index is of the snapshot as this applier left it: the
/// snapshot must not be changed otherwise between its calls.
#[derive(Debug, Default)]
pub struct Applier {
    /// For each collection indexed so far: object positions by [`key`].
    index: HashMap<&'static str, HashMap<String, usize>>,
}

impl Applier {
    /// The index of a collection, built on first use.
    fn indexed(&mut self, s: &Snapshot, collection: &'static str) -> &mut HashMap<String, usize> {
        self.index.entry(collection).or_insert_with(|| {
            let mut by_key = HashMap::new();
            for (i, o) in s.list(collection).iter().enumerate() {
                // The first of equal keys, as a scan finds it.
                by_key
                    .entry(super::identity_key(collection, o))
                    .or_insert(i);
            }
            by_key
        })
    }

    /// The position of an object in its collection.
    fn position(
        &mut self,
        s: &Snapshot,
        collection: &'static str,
        identity: &str,
    ) -> Option<usize> {
        self.indexed(s, collection)
            .get(&key(collection, identity))
            .copied()
    }

    fn find<'s>(
        &mut self,
        s: &'s Snapshot,
        collection: &'static str,
        identity: &str,
    ) -> Option<&'s Props> {
        let i = self.position(s, collection, identity)?;
        s.list(collection).get(i)
    }

    fn find_mut<'s>(
        &mut self,
        s: &'s mut Snapshot,
        collection: &'static str,
        identity: &str,
    ) -> Option<&'s mut Props> {
        let i = self.position(s, collection, identity)?;
        s.objects.get_mut(collection)?.get_mut(i)
    }

    /// Adds an object at the end of its collection.
    fn push(&mut self, s: &mut Snapshot, collection: &'static str, object: Props) {
        let at = s.list(collection).len();
        self.indexed(s, collection)
            .entry(super::identity_key(collection, &object))
            .or_insert(at);
        s.objects.entry(collection).or_default().push(object);
    }

    /// Applies `call` to `s`, or says why it cannot be.
    pub fn apply(&mut self, s: &mut Snapshot, call: &Call) -> Result<Effect, String> {
        let (verb, noun) =
            split(call.cmdlet).ok_or_else(|| format!("`{}` is not a cmdlet name", call.cmdlet))?;
        if let Some(&(_, parent, list)) =
            RULES.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(noun))
        {
            return rule(self, s, call, verb, parent, list);
        }
        let collection = collection(noun)
            .ok_or_else(|| format!("`{}` changes nothing topoc models", call.cmdlet))?;
        let identity = call
            .text("Identity")
            .or_else(|| call.text("Name"))
            .ok_or_else(|| format!("`{}` has no literal -Identity", call.cmdlet))?
            .to_string();
        // Every trunk is a PstnGateway service to Set-CsPstnGateway (an
        // additional trunk included), while `Get-CsService -PstnGateway` lists
        // the gateways' own: a trunk the deployment has is there to set.
        if collection == "PstnGateways"
            && self.find(s, collection, &identity).is_none()
            && self.find(s, "Trunks", &identity).is_some()
        {
            self.push(
                s,
                collection,
                Props::from([("Identity".into(), Value::text(&identity))]),
            );
        }
        let exists = self.find(s, collection, &identity).is_some();
        let mut effect = Effect {
            collection,
            identity: identity.clone(),
            created: false,
            removed: false,
            props: Vec::new(),
        };
        match verb.to_ascii_lowercase().as_str() {
            "new" if exists && call.if_missing => return Ok(effect),
            "new" if exists => {
                return Err(format!("`{}`: `{identity}` already exists", call.cmdlet));
            }
            "new" => {
                let stored = stored_identity(collection, &identity);
                effect.identity.clone_from(&stored);
                self.push(
                    s,
                    collection,
                    Props::from([("Identity".into(), Value::Text(stored))]),
                );
                effect.created = true;
            }
            "set" if !exists => {
                return Err(format!("`{}`: `{identity}` does not exist", call.cmdlet));
            }
            "set" => {}
            "remove" if !exists => {
                return Err(format!("`{}`: `{identity}` does not exist", call.cmdlet));
            }
            "remove" => {
                let k = key(collection, &identity);
                if let Some(list) = s.objects.get_mut(collection) {
                    list.retain(|o| super::identity_key(collection, o) != k);
                }
                // Positions moved: indexed again on next use.
                self.index.remove(collection);
                effect.removed = true;
                return Ok(effect);
            }
            _ => {
                return Err(format!(
                    "`{}` is not a New-, Set- or Remove- cmdlet",
                    call.cmdlet
                ));
            }
        }
        let o = self
            .find_mut(s, collection, &identity)
            .expect("the object exists or was just made");
        if let Some(Value::Text(stored)) = o.get("Identity") {
            effect.identity.clone_from(stored);
        }
        for (p, a) in &call.args {
            if NOT_PROPERTIES.iter().any(|n| n.eq_ignore_ascii_case(p)) || *p == "Name" {
                continue;
            }
            write(o, p, a);
            effect.props.push(p.to_string());
        }
        Ok(effect)
    }
}

/// The identity Lync stores for a new object: a per-user name gets `Tag:`.
fn stored_identity(collection: &str, identity: &str) -> String {
    if PER_USER.contains(&collection)
        && !identity.contains(':')
        && !identity.eq_ignore_ascii_case("global")
    {
        format!("Tag:{identity}")
    } else {
        identity.to_string()
    }
}

/// Writes one argument into an object.
fn write(o: &mut Props, p: &str, a: &Arg) {
    let slot = o.entry(p.to_string()).or_insert(Value::Null);
    match a {
        Arg::Value(v) => *slot = v.clone(),
        Arg::Add(items) => {
            let mut list: Vec<Value> = slot.items().into_iter().cloned().collect();
            for item in items {
                if !list.iter().any(|x| same_item(x, item)) {
                    list.push(item.clone());
                }
            }
            *slot = Value::List(list);
        }
        Arg::Remove(items) => {
            let list: Vec<Value> = slot
                .items()
                .into_iter()
                .filter(|x| !items.iter().any(|i| same_item(x, i)))
                .cloned()
                .collect();
            *slot = Value::List(list);
        }
        Arg::Merge(fields) => {
            let mut props = match slot {
                Value::Object(props) => props.clone(),
                _ => Props::new(),
            };
            for (k, v) in fields {
                props.insert(k.clone(), v.clone());
            }
            *slot = Value::Object(props);
        }
    }
}

/// List items are the same when their texts are equal without case (usage
/// names, gateway identities), or when they are equal objects.
fn same_item(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Text(a), Value::Text(b)) => a.eq_ignore_ascii_case(b),
        _ => a == b,
    }
}

/// A rule cmdlet without `-InMemory`: the parent's list changes.
fn rule(
    applier: &mut Applier,
    s: &mut Snapshot,
    call: &Call,
    verb: &str,
    parent_collection: &'static str,
    list: &str,
) -> Result<Effect, String> {
    if call.arg("InMemory").is_some() {
        return Err(format!(
            "`{} -InMemory` makes an object only in memory",
            call.cmdlet
        ));
    }
    let identity = call.text("Identity").map(str::to_string);
    let (parent, name) = match (&identity, call.text("Parent"), call.text("Name")) {
        (Some(id), _, _) => match id.rsplit_once('/') {
            Some((p, n)) => (p.to_string(), n.to_string()),
            None => (id.clone(), String::new()),
        },
        (None, Some(p), Some(n)) => (p.to_string(), n.to_string()),
        _ => {
            return Err(format!(
                "`{}` names no rule (-Identity, or -Parent and -Name)",
                call.cmdlet
            ));
        }
    };
    if name.is_empty() {
        return Err(format!("`{}`: `{parent}` names no rule", call.cmdlet));
    }
    let Some(o) = applier.find_mut(s, parent_collection, &parent) else {
        return Err(format!("`{}`: `{parent}` does not exist", call.cmdlet));
    };
    let stored = o
        .get("Identity")
        .and_then(Value::as_text)
        .unwrap_or_default()
        .to_string();
    let mut rules: Vec<Value> = o
        .get(list)
        .map(|v| v.items().into_iter().cloned().collect())
        .unwrap_or_default();
    let named = |r: &Value| match r {
        Value::Object(p) => p
            .get("Name")
            .and_then(Value::as_text)
            .is_some_and(|n| n.eq_ignore_ascii_case(&name)),
        _ => false,
    };
    let at = rules.iter().position(named);
    match (verb.to_ascii_lowercase().as_str(), at) {
        ("new", Some(_)) => {
            return Err(format!(
                "`{}`: rule `{name}` already exists in `{parent}`",
                call.cmdlet
            ));
        }
        ("new", None) => {
            let mut props = call.object();
            props.insert("Name".into(), Value::text(&name));
            let priority = props
                .remove("Priority")
                .and_then(|p| p.as_text().and_then(|t| t.parse::<usize>().ok()));
            let at = priority.map_or(rules.len(), |p| p.min(rules.len()));
            rules.insert(at, Value::Object(props));
        }
        ("set", Some(i)) => {
            let Value::Object(props) = &mut rules[i] else {
                unreachable!("named rules are objects")
            };
            let mut fields = call.object();
            fields.remove("Name");
            let priority = fields
                .remove("Priority")
                .and_then(|p| p.as_text().and_then(|t| t.parse::<usize>().ok()));
            props.extend(fields);
            if let Some(p) = priority {
                let r = rules.remove(i);
                rules.insert(p.min(rules.len()), r);
            }
        }
        ("remove", Some(i)) => {
            rules.remove(i);
        }
        (_, None) => {
            return Err(format!(
                "`{}`: rule `{name}` does not exist in `{parent}`",
                call.cmdlet
            ));
        }
        _ => {
            return Err(format!(
                "`{}` is not a New-, Set- or Remove- cmdlet",
                call.cmdlet
            ));
        }
    }
    o.insert(list.to_string(), Value::List(rules));
    Ok(Effect {
        collection: parent_collection,
        identity: stored,
        created: false,
        removed: false,
        props: vec![list.to_string()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(cmdlet: &'static str, args: &[(&'static str, Arg)]) -> Call {
        Call {
            cmdlet,
            args: args.to_vec(),
            if_missing: false,
        }
    }

    fn text(t: &str) -> Arg {
        Arg::Value(Value::text(t))
    }

    #[test]
    fn target_keys_are_the_keys_objects_are_found_by() {
        let mut s = Snapshot::empty();
        let new = call("New-CsDialPlan", &[("Identity", text("Execs"))]);
        apply(&mut s, &new).unwrap();
        let made = s.list("DialPlans").last().unwrap();
        assert_eq!(made["Identity"], Value::text("Tag:Execs"));
        let found = super::super::identity_key("DialPlans", made);
        assert_eq!(target_key(&new).unwrap(), ("DialPlans", found.clone()));
        for id in ["tag:execs", "Tag:EXECS"] {
            let set = call("Set-CsDialPlan", &[("Identity", text(id))]);
            assert_eq!(target_key(&set).unwrap(), ("DialPlans", found.clone()));
            apply(&mut s, &set).unwrap();
        }
        // A rule changes its parent.
        for args in [
            vec![("Identity", text("Tag:Execs/Ext"))],
            vec![("Parent", text("execs")), ("Name", text("Ext2"))],
        ] {
            let rule = call("New-CsVoiceNormalizationRule", &args);
            assert_eq!(target_key(&rule).unwrap(), ("DialPlans", found.clone()));
            apply(&mut s, &rule).unwrap();
        }
        let rules = &s.find("DialPlans", "Tag:Execs").unwrap()["NormalizationRules"];
        assert_eq!(rules.items().len(), 2, "{rules:?}");
        assert!(target_key(&call("New-CsVoiceNormalizationRule", &[])).is_err());
    }

    #[test]
    fn new_set_remove_as_lync_does() {
        let mut s = Snapshot::empty();
        let e = apply(
            &mut s,
            &call("New-CsVoicePolicy", &[("Identity", text("Execs"))]),
        )
        .unwrap();
        assert!(e.created);
        assert_eq!(e.identity, "Tag:Execs");
        assert!(
            apply(
                &mut s,
                &call("New-CsVoicePolicy", &[("Identity", text("tag:execs"))])
            )
            .is_err()
        );
        let mut again = call("New-CsVoicePolicy", &[("Identity", text("execs"))]);
        again.if_missing = true;
        assert!(!apply(&mut s, &again).unwrap().created);
        apply(
            &mut s,
            &call(
                "Set-CsPstnUsage",
                &[
                    ("Identity", text("global")),
                    ("Usage", Arg::Add(vec![Value::text("Local")])),
                ],
            ),
        )
        .unwrap();
        apply(
            &mut s,
            &call(
                "Set-CsPstnUsage",
                &[
                    ("Identity", text("global")),
                    (
                        "Usage",
                        Arg::Add(vec![Value::text("local"), Value::text("LD")]),
                    ),
                ],
            ),
        )
        .unwrap();
        assert_eq!(
            s.find("PstnUsages", "Global").unwrap()["Usage"],
            Value::List(vec![Value::text("Local"), Value::text("LD")])
        );
        assert!(
            apply(
                &mut s,
                &call("Set-CsVoiceRoute", &[("Identity", text("R"))])
            )
            .unwrap_err()
            .contains("does not exist")
        );
        assert!(
            apply(
                &mut s,
                &call("Grant-CsVoicePolicy", &[("Identity", text("u"))])
            )
            .is_err()
        );
        assert!(apply(&mut s, &call("Set-CsUser", &[("Identity", text("u"))])).is_err());
        apply(
            &mut s,
            &call("Remove-CsVoicePolicy", &[("Identity", text("Tag:Execs"))]),
        )
        .unwrap();
        assert!(s.find("VoicePolicies", "Execs").is_none());
    }

    #[test]
    fn an_additional_trunk_is_a_gateway_service_to_set() {
        let mut s = Snapshot::empty();
        let set = call(
            "Set-CsPstnGateway",
            &[
                ("Identity", text("PstnGateway:pbx-2")),
                ("RepresentativeMediaIP", text("192.0.2.7")),
            ],
        );
        assert!(apply(&mut s, &set).unwrap_err().contains("does not exist"));
        s.objects.entry("Trunks").or_default().push(Props::from([(
            "Identity".into(),
            Value::text("Service:PstnGateway:pbx-2"),
        )]));
        apply(&mut s, &set).unwrap();
        assert_eq!(
            s.find("PstnGateways", "pstngateway:PBX-2").unwrap()["RepresentativeMediaIP"],
            Value::text("192.0.2.7")
        );
    }

    #[test]
    fn rule_cmdlets_change_their_parent_list() {
        let mut s = Snapshot::empty();
        apply(
            &mut s,
            &call("New-CsDialPlan", &[("Identity", text("site:A"))]),
        )
        .unwrap();
        let new = |name: &str, priority: Option<&str>| {
            let mut args = vec![
                ("Parent", text("site:A")),
                ("Name", text(name)),
                ("Pattern", text("^1$")),
            ];
            if let Some(p) = priority {
                args.push(("Priority", text(p)));
            }
            call("New-CsVoiceNormalizationRule", &args)
        };
        apply(&mut s, &new("One", None)).unwrap();
        apply(&mut s, &new("Zero", Some("0"))).unwrap();
        assert!(apply(&mut s, &new("one", None)).is_err());
        apply(
            &mut s,
            &call(
                "Set-CsVoiceNormalizationRule",
                &[
                    ("Identity", text("Site:A/One")),
                    ("Translation", text("+1")),
                ],
            ),
        )
        .unwrap();
        let rules = &s.find("DialPlans", "site:a").unwrap()["NormalizationRules"];
        let names: Vec<String> = rules
            .items()
            .iter()
            .map(|r| match r {
                Value::Object(p) => p["Name"].as_text().unwrap().to_string(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(names, ["Zero", "One"]);
        assert!(rules.display().contains("Translation='+1'"));
        assert!(
            apply(
                &mut s,
                &call(
                    "New-CsVoiceNormalizationRule",
                    &[("Parent", text("site:B")), ("Name", text("x"))]
                )
            )
            .is_err()
        );
    }
}
