//! Snapshots: what a Lync Server 2013 deployment holds of the objects
//! topoc models, as data (docs/snapshot.md, format version 1).
//!
//! A snapshot is read from the JSON file `topoc collect-script` writes
//! ([`Snapshot::read`]), and also made: [`apply`] changes one by a
//! Management Shell call, the way Lync would, so the state a deploy script
//! leaves behind is the live snapshot with the script's calls applied.
//! That one operation serves `topoc plan` (the live snapshot against the
//! one the build would leave), `topoc build --live` (only the calls that
//! change something) and `topoc import --script` (a script's calls applied
//! to an empty snapshot).
//!
//! Objects are found by their identity without case, the way Lync looks
//! them up; a per-user object is the same object whether its identity is
//! written `Tag:Name` (as `Get-` prints it) or `Name` (as `New-` takes it),
//! and a gateway is `PstnGateway:FQDN` with or without `Service:`
//! ([`key`]).

pub mod apply;

use std::collections::BTreeMap;

pub use apply::{Arg, Call, Effect, apply};

/// The PowerShell functions that convert a live value as the collect script
/// does (`ConvertTo-TopocValue`) and write its [`Value::fingerprint`]
/// (`Get-TopocFingerprint`): a script re-reads an object with them and
/// compares it with the snapshot it was planned against.
pub const POWERSHELL: &str = concat!(include_str!("value.ps1"), include_str!("fingerprint.ps1"));

/// The collections of a snapshot, in the order of docs/snapshot.md.
pub const COLLECTIONS: &[&str] = &[
    "PstnUsages",
    "TrunkConfigurations",
    "Trunks",
    "PstnGateways",
    "VoiceRoutes",
    "VoicePolicies",
    "DialPlans",
    "UnassignedNumbers",
    "Announcements",
    "MediaConfigurations",
    "NetworkConfiguration",
    "NetworkRegions",
    "NetworkSites",
    "NetworkSubnets",
    "BandwidthPolicyProfiles",
    "RegionLinks",
    "InterRegionRoutes",
    "InterSitePolicies",
    "Sites",
];

/// One value of a property: text (numbers, switches and enumerations are
/// text: `20`, `True`, `Required`), nothing, a list, or a nested object
/// (a rule of a list, the media bypass settings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `$null`, or a property the object does not have.
    Null,
    /// Text.
    Text(String),
    /// A list, in order.
    List(Vec<Value>),
    /// A nested object.
    Object(Props),
}

/// An object's properties by name.
pub type Props = BTreeMap<String, Value>;

impl Value {
    /// Text.
    pub fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }

    /// `True` or `False`, as Lync prints a switch.
    pub fn bool(b: bool) -> Value {
        Value::text(if b { "True" } else { "False" })
    }

    /// The text, when this is text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The items of a list; nothing is an empty list, and a single value a
    /// list of one (PowerShell unrolls both so).
    pub fn items(&self) -> Vec<&Value> {
        match self {
            Value::Null => Vec::new(),
            Value::List(items) => items.iter().collect(),
            other => vec![other],
        }
    }

    /// Whether the live value `live` is what this desired value asks for:
    /// text equal (`True`/`False` without case, and empty text is
    /// nothing), lists item by item, and objects in every property this one
    /// names (a live object may have more).
    pub fn satisfied_by(&self, live: &Value) -> bool {
        match (self, live) {
            (Value::Null, Value::Text(t)) | (Value::Text(t), Value::Null) => t.is_empty(),
            (Value::Null, Value::List(l)) | (Value::List(l), Value::Null) => l.is_empty(),
            (Value::Text(a), Value::Text(b)) => {
                a == b || (is_bool(a) && is_bool(b) && a.eq_ignore_ascii_case(b))
            }
            (Value::List(a), Value::List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.satisfied_by(b))
            }
            (Value::List(a), other) if a.len() == 1 => a[0].satisfied_by(other),
            (Value::Object(a), Value::Object(b)) => a
                .iter()
                .all(|(k, v)| v.satisfied_by(b.get(k).unwrap_or(&Value::Null))),
            (a, b) => a == b,
        }
    }

    /// [`Value::satisfied_by`] for a property of `collection` named
    /// `property`: a reference to another object ([`REFERENCES`]) compares
    /// without case and with or without a `Site:` scope, as Lync looks
    /// names up (the cmdlet reference does not say how `Get-` prints them).
    pub fn satisfied_by_in(&self, property: &str, live: &Value) -> bool {
        if !REFERENCES.contains(&property) {
            return self.satisfied_by(live);
        }
        self.reference().satisfied_by(&live.reference())
    }

    /// References as compared: lower case, without a `site:` scope.
    fn reference(&self) -> Value {
        match self {
            Value::Text(t) => {
                let t = t.to_lowercase();
                Value::Text(t.strip_prefix("site:").unwrap_or(&t).to_string())
            }
            Value::List(items) => Value::List(items.iter().map(Value::reference).collect()),
            other => other.clone(),
        }
    }

    fn from_json(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::bool(*b),
            serde_json::Value::Number(n) => Value::Text(n.to_string()),
            serde_json::Value::String(s) => Value::Text(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Text(t) => serde_json::Value::String(t.clone()),
            Value::List(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Object(props) => props_json(props),
        }
    }

    /// One line of text that tells every value apart, the same as
    /// `Get-TopocFingerprint` ([`POWERSHELL`]) writes for the live value:
    /// `N`; `T<length>:<text>`; `L<count>:<items>`; `O<count>:<name value...>`
    /// with names in ordinal order. Lengths count UTF-16 units, as .NET does.
    pub fn fingerprint(&self) -> String {
        let mut out = String::new();
        self.fingerprint_into(&mut out);
        out
    }

    fn fingerprint_into(&self, out: &mut String) {
        use std::fmt::Write;
        let text = |out: &mut String, t: &str| {
            let _ = write!(out, "T{}:{t}", t.encode_utf16().count());
        };
        match self {
            Value::Null => out.push('N'),
            Value::Text(t) => text(out, t),
            Value::List(items) => {
                let _ = write!(out, "L{}:", items.len());
                for i in items {
                    i.fingerprint_into(out);
                }
            }
            Value::Object(props) => {
                let mut names: Vec<&String> = props.keys().collect();
                names.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
                let _ = write!(out, "O{}:", names.len());
                for n in names {
                    text(out, n);
                    props[n].fingerprint_into(out);
                }
            }
        }
    }

    /// The value as short text, for plans and messages: text as itself in
    /// quotes, a list in brackets, an object in braces.
    pub fn display(&self) -> String {
        match self {
            Value::Null => "(none)".into(),
            Value::Text(t) => format!("'{t}'"),
            Value::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(Value::display)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Object(props) => format!(
                "{{{}}}",
                props
                    .iter()
                    .filter(|(_, v)| !matches!(v, Value::Null))
                    .map(|(k, v)| format!("{k}={}", v.display()))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        }
    }
}

fn is_bool(t: &str) -> bool {
    t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false")
}

/// Properties as a JSON object.
pub fn props_json(props: &Props) -> serde_json::Value {
    serde_json::Value::Object(
        props
            .iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect(),
    )
}

/// The key an object is found by in `collection`: its identity without
/// case, a per-user `Tag:` and a gateway's `Service:` dropped.
pub fn key(collection: &str, identity: &str) -> String {
    let lower = identity.trim().to_lowercase();
    let lower = lower.strip_prefix("tag:").unwrap_or(&lower);
    let lower = match collection {
        "PstnGateways" | "Trunks" => lower.strip_prefix("service:").unwrap_or(lower),
        _ => lower,
    };
    lower.to_string()
}

/// Properties that name other objects (sites, regions, profiles, trunks,
/// usages), compared as Lync looks names up ([`Value::satisfied_by_in`]).
pub const REFERENCES: &[&str] = &[
    "CentralSite",
    "NetworkSiteID",
    "NetworkRegionID",
    "BWPolicyProfileID",
    "NetworkRegionID1",
    "NetworkRegionID2",
    "NetworkSiteID1",
    "NetworkSiteID2",
    "NetworkRegionLinkIDs",
    "PstnGatewayList",
    "PstnUsages",
    "Usage",
    "CustomCallForwardingSimulRingUsages",
];

/// Properties a `Get-` cmdlet returns in another shape than its `Set-`
/// parameters take them: (collection, parameter, property read). A
/// bandwidth profile holds its limits as `BWPolicy`, a list of policies
/// (`BWPolicyModality` `Audio` or `Video`, `BWLimit`, `BWSessionLimit`;
/// `New-CsNetworkBWPolicy`), which `-AudioBWLimit` and the others write
/// (the cmdlet reference, `Set-CsNetworkBandwidthPolicyProfile`); a route
/// between regions holds `NetworkRegionLinks`, which `-NetworkRegionLinkIDs`
/// writes as one comma-separated text. A snapshot read gets the parameter
/// too ([`Snapshot::read`]); the property read is what a script re-reads.
pub const DERIVED: &[(&str, &str, &str)] = &[
    ("BandwidthPolicyProfiles", "AudioBWLimit", "BWPolicy"),
    ("BandwidthPolicyProfiles", "AudioBWSessionLimit", "BWPolicy"),
    ("BandwidthPolicyProfiles", "VideoBWLimit", "BWPolicy"),
    ("BandwidthPolicyProfiles", "VideoBWSessionLimit", "BWPolicy"),
    (
        "InterRegionRoutes",
        "NetworkRegionLinkIDs",
        "NetworkRegionLinks",
    ),
];

/// The property a live object holds `param` in, when it is not `param`
/// itself ([`DERIVED`]).
pub fn source_of(collection: &str, param: &str) -> Option<&'static str> {
    DERIVED
        .iter()
        .find(|(c, p, _)| *c == collection && *p == param)
        .map(|(_, _, source)| *source)
}

/// Adds to a live object the parameters [`DERIVED`] from what it holds,
/// unless it has them already.
fn derive(collection: &str, o: &mut Props) {
    let missing = |o: &Props, p: &str| !o.contains_key(p);
    match collection {
        "BandwidthPolicyProfiles" => {
            let Some(policies) = o.get("BWPolicy").cloned() else {
                return;
            };
            for policy in policies.items() {
                let Value::Object(policy) = policy else {
                    continue;
                };
                let modality = policy.get("BWPolicyModality").and_then(Value::as_text);
                let prefix = match modality {
                    Some(m) if m.eq_ignore_ascii_case("audio") => "Audio",
                    Some(m) if m.eq_ignore_ascii_case("video") => "Video",
                    _ => continue,
                };
                for (field, param) in [("BWLimit", "BWLimit"), ("BWSessionLimit", "BWSessionLimit")]
                {
                    let name = format!("{prefix}{param}");
                    if let Some(v) = policy.get(field).filter(|_| missing(o, &name)) {
                        let v = v.clone();
                        o.insert(name, v);
                    }
                }
            }
        }
        "InterRegionRoutes" if missing(o, "NetworkRegionLinkIDs") => {
            if let Some(links) = o.get("NetworkRegionLinks") {
                let ids: Vec<&str> = links
                    .items()
                    .into_iter()
                    .filter_map(Value::as_text)
                    .collect();
                let joined = Value::text(ids.join(","));
                o.insert("NetworkRegionLinkIDs".into(), joined);
            }
        }
        _ => {}
    }
}

/// A snapshot: the published topology and every object by collection.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// When it was collected (ISO 8601), as the file says.
    pub collected: String,
    /// The published topology document (`Get-CsTopology -AsXml`).
    pub topology: String,
    /// The objects of each collection of [`COLLECTIONS`], in their order.
    pub objects: BTreeMap<&'static str, Vec<Props>>,
}

impl Snapshot {
    /// A snapshot with nothing in it but Lync's global objects, which
    /// always exist: the usage list, trunk configuration, voice policy,
    /// dial plan, media and network configurations.
    pub fn empty() -> Snapshot {
        let mut s = Snapshot::default();
        for c in [
            "PstnUsages",
            "TrunkConfigurations",
            "VoicePolicies",
            "DialPlans",
            "MediaConfigurations",
            "NetworkConfiguration",
        ] {
            s.objects.entry(c).or_default().push(Props::from([(
                "Identity".to_string(),
                Value::text("Global"),
            )]));
        }
        s
    }

    /// Reads a snapshot file: UTF-8 JSON, a byte-order mark skipped,
    /// format `topoc-snapshot` version 1, every collection a list of
    /// objects with an `Identity`.
    pub fn read(bytes: &[u8]) -> Result<Snapshot, String> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let json: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| format!("not a JSON document: {e}"))?;
        let root = json.as_object().ok_or("a snapshot is a JSON object")?;
        if root.get("format").and_then(|f| f.as_str()) != Some("topoc-snapshot") {
            return Err("`format` is not `topoc-snapshot`: not a snapshot written by `topoc collect-script`".into());
        }
        let version = root.get("version").map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        if version.as_deref() != Some("1") {
            return Err(format!(
                "snapshot format version {} is not one this topoc reads (1)",
                version.unwrap_or_else(|| "(none)".into())
            ));
        }
        let text = |k: &str| {
            root.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let mut s = Snapshot {
            collected: text("collected"),
            topology: text("topology"),
            objects: BTreeMap::new(),
        };
        for &c in COLLECTIONS {
            let list = match root.get(c) {
                None | Some(serde_json::Value::Null) => Vec::new(),
                Some(serde_json::Value::Array(list)) => list.iter().collect(),
                Some(one @ serde_json::Value::Object(_)) => vec![one],
                Some(_) => return Err(format!("`{c}` is not a list of objects")),
            };
            let mut objects = Vec::with_capacity(list.len());
            for (i, o) in list.into_iter().enumerate() {
                let Value::Object(mut props) = Value::from_json(o) else {
                    return Err(format!("`{c}` item {} is not an object", i + 1));
                };
                if props.get("Identity").and_then(Value::as_text).is_none() {
                    return Err(format!("`{c}` item {} has no `Identity` text", i + 1));
                }
                derive(c, &mut props);
                objects.push(props);
            }
            s.objects.insert(c, objects);
        }
        Ok(s)
    }

    /// The snapshot as the JSON document [`Snapshot::read`] reads.
    pub fn to_json(&self) -> String {
        let mut map = serde_json::Map::new();
        map.insert("format".into(), "topoc-snapshot".into());
        map.insert("version".into(), "1".into());
        map.insert("collected".into(), self.collected.clone().into());
        map.insert("topology".into(), self.topology.clone().into());
        for &c in COLLECTIONS {
            let list = self.objects.get(c).map_or(&[][..], Vec::as_slice);
            map.insert(
                c.into(),
                serde_json::Value::Array(list.iter().map(props_json).collect()),
            );
        }
        let mut out = serde_json::to_string_pretty(&serde_json::Value::Object(map))
            .expect("a JSON value always serializes");
        out.push('\n');
        out
    }

    /// The objects of `collection`.
    pub fn list(&self, collection: &str) -> &[Props] {
        self.objects.get(collection).map_or(&[], Vec::as_slice)
    }

    /// The object of `collection` whose identity is `identity` ([`key`]).
    pub fn find(&self, collection: &str, identity: &str) -> Option<&Props> {
        let k = key(collection, identity);
        self.list(collection)
            .iter()
            .find(|o| identity_key(collection, o) == k)
    }

    /// [`Snapshot::find`], but for an additional trunk, which is a gateway
    /// service to `Set-CsPstnGateway` while `Get-CsService -PstnGateway`
    /// lists only the gateways' own: a `PstnGateways` object missing but
    /// in `Trunks` is the trunk's identity and nothing else.
    pub fn find_or_trunk(
        &self,
        collection: &str,
        identity: &str,
    ) -> Option<std::borrow::Cow<'_, Props>> {
        if let Some(o) = self.find(collection, identity) {
            return Some(std::borrow::Cow::Borrowed(o));
        }
        let trunk = (collection == "PstnGateways").then(|| self.find("Trunks", identity))??;
        Some(std::borrow::Cow::Owned(Props::from([(
            "Identity".to_string(),
            trunk.get("Identity").cloned().unwrap_or(Value::Null),
        )])))
    }
}

/// The [`key`] of an object's identity.
pub fn identity_key(collection: &str, o: &Props) -> String {
    key(
        collection,
        o.get("Identity")
            .and_then(Value::as_text)
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_match_as_lync_matches_them() {
        assert_eq!(
            key("VoicePolicies", "Tag:Execs"),
            key("VoicePolicies", "execs")
        );
        assert_eq!(key("DialPlans", "Site:Redmond"), "site:redmond");
        assert_eq!(
            key("PstnGateways", "Service:PstnGateway:gw1.contoso.com"),
            key("PstnGateways", "PstnGateway:GW1.contoso.com")
        );
        assert_ne!(key("VoiceRoutes", "site:A"), key("VoiceRoutes", "A"));
    }

    #[test]
    fn desired_values_compare_with_live_ones() {
        let t = Value::text;
        assert!(Value::bool(true).satisfied_by(&t("true")));
        assert!(!t("\\d").satisfied_by(&t("\\D")));
        assert!(t("").satisfied_by(&Value::Null));
        assert!(Value::List(vec![]).satisfied_by(&Value::Null));
        assert!(Value::List(vec![t("a")]).satisfied_by(&t("a")));
        assert!(
            !Value::List(vec![t("a"), t("b")]).satisfied_by(&Value::List(vec![t("b"), t("a")]))
        );
        let desired = Value::Object(Props::from([("Pattern".into(), t("^1$"))]));
        let live = Value::Object(Props::from([
            ("Pattern".into(), t("^1$")),
            ("Priority".into(), t("0")),
        ]));
        assert!(desired.satisfied_by(&live));
        assert!(!live.satisfied_by(&desired));
        // References compare as Lync looks names up.
        assert!(t("Redmond").satisfied_by_in("CentralSite", &t("Site:redmond")));
        assert!(!t("Redmond").satisfied_by_in("Description", &t("redmond")));
        assert!(
            Value::List(vec![t("PstnGateway:gw1.contoso.com")]).satisfied_by_in(
                "PstnGatewayList",
                &Value::List(vec![t("PstnGateway:GW1.contoso.com")])
            )
        );
    }

    #[test]
    fn properties_read_in_another_shape_give_the_parameters() {
        let json = r#"{"format": "topoc-snapshot", "version": "1",
            "BandwidthPolicyProfiles": [{"Identity": "Wan", "BWPolicy": [
                {"BWLimit": "2000", "BWSessionLimit": "200", "BWPolicyModality": "Audio"},
                {"BWLimit": "1400", "BWSessionLimit": "500", "BWPolicyModality": "Video"}]}],
            "InterRegionRoutes": [{"Identity": "A_B", "NetworkRegionLinks": ["L1", "L2"]}]}"#;
        let s = Snapshot::read(json.as_bytes()).unwrap();
        let p = s.find("BandwidthPolicyProfiles", "wan").unwrap();
        let got: Vec<(&str, &str)> = [
            "AudioBWLimit",
            "AudioBWSessionLimit",
            "VideoBWLimit",
            "VideoBWSessionLimit",
        ]
        .into_iter()
        .map(|k| (k, p[k].as_text().unwrap()))
        .collect();
        assert_eq!(
            got,
            [
                ("AudioBWLimit", "2000"),
                ("AudioBWSessionLimit", "200"),
                ("VideoBWLimit", "1400"),
                ("VideoBWSessionLimit", "500")
            ]
        );
        let r = s.find("InterRegionRoutes", "A_B").unwrap();
        assert_eq!(r["NetworkRegionLinkIDs"], Value::text("L1,L2"));
        assert_eq!(
            source_of("InterRegionRoutes", "NetworkRegionLinkIDs"),
            Some("NetworkRegionLinks")
        );
        assert_eq!(source_of("VoiceRoutes", "NumberPattern"), None);
    }

    #[test]
    fn a_written_snapshot_reads_back() {
        let mut s = Snapshot::empty();
        s.collected = "2026-12-06T00:00:00Z".into();
        s.objects
            .entry("VoiceRoutes")
            .or_default()
            .push(Props::from([
                ("Identity".into(), Value::text("R")),
                ("PstnUsages".into(), Value::List(vec![Value::text("Local")])),
            ]));
        let back = Snapshot::read(s.to_json().as_bytes()).unwrap();
        for c in COLLECTIONS {
            assert_eq!(back.list(c), s.list(c), "{c}");
        }
        assert!(
            Snapshot::read(b"{\"format\": \"topoc-snapshot\", \"version\": \"2\"}")
                .unwrap_err()
                .contains("version 2")
        );
        assert!(Snapshot::read(b"[1]").is_err());
        assert!(Snapshot::read(&[b'['; 100_000]).is_err());
    }
}
