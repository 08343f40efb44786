//! Plans: what a build would change on a live deployment (issue 17), as
//! the difference between a live snapshot and the snapshot `deploy.ps1`
//! would leave of it ([`super::snapshot::deployed`]).
//!
//! Only what the script writes is compared, property by property: a live
//! object may have more properties, and the live objects the project does
//! not mention are listed as not managed, never changed. An object is
//! removed only when it was owned (named in the [`Owned`] list a previous
//! build wrote) and the caller asks to prune.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::Input;
use super::powershell::{self, Recorded};
use crate::snapshot::{self, Snapshot, Value, key};

/// What happens to one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// `+`: made.
    Create,
    /// `~`: some properties change.
    Change,
    /// `-`: removed (owned before, no longer declared, `--prune`).
    Remove,
}

impl Action {
    /// `+`, `~` or `-`.
    pub fn sign(self) -> char {
        match self {
            Action::Create => '+',
            Action::Change => '~',
            Action::Remove => '-',
        }
    }
}

/// One property that changes: its live value and the one wanted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Property {
    /// The property name, as the cmdlet reference gives it.
    pub name: String,
    /// The live value (`null` when the object is new).
    #[serde(serialize_with = "json_value")]
    pub live: Value,
    /// The value the build writes.
    #[serde(serialize_with = "json_value")]
    pub desired: Value,
}

fn json_value<S: serde::Serializer>(v: &Value, s: S) -> Result<S::Ok, S::Error> {
    v.to_json().serialize(s)
}

/// One object the build changes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// Create, change or remove.
    pub action: Action,
    /// The snapshot collection (`VoiceRoutes`...).
    pub collection: &'static str,
    /// The identity as Lync prints it (the live one when it exists).
    pub identity: String,
    /// The properties that change, in the order the script writes them.
    pub properties: Vec<Property>,
}

/// A live object the project does not mention.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unmanaged {
    /// Its collection.
    pub collection: &'static str,
    /// Its identity.
    pub identity: String,
}

/// What a build would change.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Plan {
    /// Objects created, changed or removed, in the script's order.
    pub changes: Vec<Change>,
    /// Live objects of the collections the project manages that it does
    /// not mention: left as they are.
    pub unmanaged: Vec<Unmanaged>,
    /// Changes that cannot be made: an object the script names is missing
    /// (a trunk not yet published, a gateway).
    pub problems: Vec<String>,
}

impl Plan {
    /// Nothing to change and nothing in the way.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.problems.is_empty()
    }

    /// The change of an object, by its collection and identity.
    pub fn change(&self, collection: &str, identity: &str) -> Option<&Change> {
        let k = key(collection, identity);
        self.changes
            .iter()
            .find(|c| c.collection == collection && key(collection, &c.identity) == k)
    }
}

/// The objects a build manages, written next to its outputs
/// (`owned.json`) so that a later plan may remove the ones no longer
/// declared.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Owned {
    /// `topoc-owned`.
    pub format: String,
    /// `1`.
    pub version: String,
    /// The configuration hash of the build that wrote it.
    #[serde(default)]
    pub configuration: String,
    /// Identities by collection.
    pub objects: BTreeMap<String, Vec<String>>,
}

impl Owned {
    /// Reads an `owned.json`.
    pub fn read(bytes: &[u8]) -> Result<Owned, String> {
        let o: Owned = serde_json::from_slice(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map_err(|e| format!("not an owned-objects file: {e}"))?;
        if o.format != "topoc-owned" || o.version != "1" {
            return Err("not an owned-objects file of version 1 (`format: topoc-owned`)".into());
        }
        Ok(o)
    }

    /// The file's text, in ASCII like every generated file but
    /// topology-steps.md: a character beyond it is written `\uXXXX`.
    pub fn to_json(&self) -> String {
        let text = serde_json::to_string_pretty(self).expect("plain data serializes");
        // Outside strings JSON is ASCII, so every other character is in a
        // string, where `\uXXXX` (UTF-16 units) means the same.
        let mut out = String::with_capacity(text.len() + 1);
        for c in text.chars() {
            if c.is_ascii() {
                out.push(c);
            } else {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
        out.push('\n');
        out
    }
}

/// The objects the project's `deploy.ps1` writes (global objects, which
/// cannot be removed, left out).
pub fn owned(input: &Input<'_>, hash: &str) -> Owned {
    owned_by(powershell::targets(input), hash)
}

/// [`owned`], from the objects the script's changes change.
pub(crate) fn owned_by(targets: Vec<crate::snapshot::apply::Effect>, hash: &str) -> Owned {
    let mut objects: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut seen = HashSet::new();
    for e in targets {
        if e.identity.eq_ignore_ascii_case("global") {
            continue;
        }
        if seen.insert((e.collection, key(e.collection, &e.identity))) {
            objects
                .entry(e.collection.to_string())
                .or_default()
                .push(e.identity);
        }
    }
    Owned {
        format: "topoc-owned".into(),
        version: "1".into(),
        configuration: hash.to_string(),
        objects,
    }
}

/// The collections a project's script may change, whose other live objects
/// are listed as not managed; in the order objects are removed in, each
/// before what it refers to (a subnet before its site, a site before its
/// region and bandwidth profile): Lync refuses to remove an object another
/// still names.
const MANAGED: &[&str] = &[
    "TrunkConfigurations",
    "VoiceRoutes",
    "VoicePolicies",
    "DialPlans",
    "UnassignedNumbers",
    "NetworkSubnets",
    "InterSitePolicies",
    "InterRegionRoutes",
    "RegionLinks",
    "NetworkSites",
    "NetworkRegions",
    "BandwidthPolicyProfiles",
];

/// The live objects that would still name `removed` (a site, region, link
/// or profile) after the plan: `(collection, identity, property)`.
fn still_named<'a>(
    desired: &'a Snapshot,
    removed: &[(&str, String)],
    what: &Change,
) -> Vec<(&'a str, &'a str, &'a str)> {
    let gone = |c: &str, o: &snapshot::Props| {
        removed
            .iter()
            .any(|(rc, k)| *rc == c && *k == snapshot::identity_key(c, o))
    };
    let name = key(what.collection, &what.identity);
    let name = name.strip_prefix("site:").unwrap_or(&name).to_string();
    let mut out = Vec::new();
    for &c in snapshot::COLLECTIONS {
        for o in desired.list(c) {
            if gone(c, o) {
                continue;
            }
            for (p, v) in o {
                if !snapshot::REFERENCES.contains(&p.as_str()) || p == "Usage" {
                    continue;
                }
                let names = v
                    .items()
                    .into_iter()
                    .filter_map(Value::as_text)
                    .flat_map(|t| t.split(','))
                    .any(|t| {
                        let t = t.trim().to_lowercase();
                        t.strip_prefix("site:").unwrap_or(&t) == name
                    });
                if names {
                    let id = o
                        .get("Identity")
                        .and_then(Value::as_text)
                        .unwrap_or_default();
                    out.push((c, id, p.as_str()));
                }
            }
        }
    }
    out
}

/// The plan of a build against `live`; with `prune`, objects it owned
/// before and no longer declares are removed.
pub fn plan(input: &Input<'_>, live: &Snapshot, prune: Option<&Owned>) -> Plan {
    plan_of(&powershell::recorded(input), live, prune)
}

/// [`plan`], from the script's recorded commands.
pub(crate) fn plan_of(recorded: &[Recorded], live: &Snapshot, prune: Option<&Owned>) -> Plan {
    let mut desired = live.clone();
    let mut plan = Plan::default();
    // Each touched object, in the order first touched, with the properties
    // written.
    let mut order: Vec<(&'static str, String, Vec<String>)> = Vec::new();
    let mut at: HashMap<(&'static str, String), usize> = HashMap::new();
    let mut applier = crate::snapshot::apply::Applier::default();
    for r in recorded {
        match applier.apply(&mut desired, &r.call) {
            Ok(e) => {
                let k = (e.collection, key(e.collection, &e.identity));
                let i = *at.entry(k).or_insert_with(|| {
                    order.push((e.collection, e.identity.clone(), Vec::new()));
                    order.len() - 1
                });
                for p in e.props {
                    if !order[i].2.contains(&p) {
                        order[i].2.push(p);
                    }
                }
            }
            Err(e) => plan.problems.push(e),
        }
    }
    for (collection, identity, props) in &order {
        // An additional trunk is a gateway service too: one the
        // deployment has is changed, not created.
        let live_o = live.find_or_trunk(collection, identity);
        let live_o = live_o.as_deref();
        let Some(want) = desired.find(collection, identity) else {
            continue;
        };
        let properties: Vec<Property> = props
            .iter()
            .filter_map(|p| {
                let d = want.get(p).cloned().unwrap_or(Value::Null);
                let l = live_o
                    .and_then(|o| o.get(p))
                    .cloned()
                    .unwrap_or(Value::Null);
                (!d.satisfied_by_in(p, &l)).then(|| Property {
                    name: p.clone(),
                    live: l,
                    desired: d,
                })
            })
            .collect();
        let action = match live_o {
            None => Action::Create,
            Some(_) if properties.is_empty() => continue,
            Some(_) => Action::Change,
        };
        let identity = live_o
            .and_then(|o| o.get("Identity"))
            .and_then(Value::as_text)
            .unwrap_or(identity)
            .to_string();
        plan.changes.push(Change {
            action,
            collection,
            identity,
            properties,
        });
    }
    let touched: HashSet<(&str, String)> = at.into_keys().collect();
    let owned: HashSet<(String, String)> = prune
        .map(|o| {
            o.objects
                .iter()
                .flat_map(|(c, ids)| ids.iter().map(move |i| (c.clone(), key(c, i))))
                .collect()
        })
        .unwrap_or_default();
    for &collection in MANAGED {
        for o in live.list(collection) {
            let k = snapshot::identity_key(collection, o);
            if touched.contains(&(collection, k.clone())) || k == "global" {
                continue;
            }
            let identity = o["Identity"].as_text().unwrap_or_default().to_string();
            if owned.contains(&(collection.to_string(), k)) {
                plan.changes.push(Change {
                    action: Action::Remove,
                    collection,
                    identity,
                    properties: Vec::new(),
                });
            } else {
                plan.unmanaged.push(Unmanaged {
                    collection,
                    identity,
                });
            }
        }
    }
    // A network object is removed only when nothing left names it.
    let removed: Vec<(&str, String)> = plan
        .changes
        .iter()
        .filter(|c| c.action == Action::Remove)
        .map(|c| (c.collection, key(c.collection, &c.identity)))
        .collect();
    for c in plan.changes.iter().filter(|c| {
        c.action == Action::Remove
            && matches!(
                c.collection,
                "NetworkSites" | "NetworkRegions" | "BandwidthPolicyProfiles" | "RegionLinks"
            )
    }) {
        for (by, id, p) in still_named(&desired, &removed, c) {
            plan.problems.push(format!(
                "`{} {}` cannot be removed: `{by} {id}` names it in `{p}`",
                c.collection, c.identity
            ));
        }
    }
    plan
}

/// A value for a terminal or a report: unsafe characters and line breaks
/// escaped, so a live value cannot drive a terminal or fake a line.
fn shown(v: &Value) -> String {
    crate::lexical::escape_unsafe(&v.display()).into_owned()
}

/// How many objects each action touches: `2 to create, 1 to change, 0 to remove`.
fn counts(plan: &Plan) -> String {
    let n = |a: Action| plan.changes.iter().filter(|c| c.action == a).count();
    format!(
        "{} to create, {} to change, {} to remove",
        n(Action::Create),
        n(Action::Change),
        n(Action::Remove)
    )
}

/// The plan as text for a terminal.
pub fn text(plan: &Plan, live: &Snapshot) -> String {
    use std::fmt::Write;
    let esc = |t: &str| crate::lexical::escape_unsafe(t).into_owned();
    let mut out = String::new();
    if plan.is_empty() {
        out.push_str("No changes: the live deployment is what the project declares.\n");
    } else {
        let _ = writeln!(
            out,
            "Plan against the snapshot collected {}: {}.",
            esc(&live.collected),
            counts(plan)
        );
    }
    for c in &plan.changes {
        let _ = writeln!(
            out,
            "\n{} {} {}",
            c.action.sign(),
            c.collection,
            esc(&c.identity)
        );
        for p in &c.properties {
            match c.action {
                Action::Create => {
                    let _ = writeln!(out, "    {}: {}", p.name, shown(&p.desired));
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "    {}: {} -> {}",
                        p.name,
                        shown(&p.live),
                        shown(&p.desired)
                    );
                }
            }
        }
    }
    if !plan.problems.is_empty() {
        out.push_str("\nCannot be applied:\n");
        for p in &plan.problems {
            let _ = writeln!(out, "  ! {}", esc(p));
        }
    }
    if !plan.unmanaged.is_empty() {
        let _ = writeln!(
            out,
            "\nNot managed (the project does not mention them; left as they are): {}",
            plan.unmanaged.len()
        );
        for u in &plan.unmanaged {
            let _ = writeln!(out, "  {} {}", u.collection, esc(&u.identity));
        }
    }
    out
}

/// The plan as Markdown, for a pull-request comment and `plan.md`.
pub fn markdown(plan: &Plan, live: &Snapshot, hash: &str) -> String {
    use std::fmt::Write;
    let code = |t: &str| super::steps::code(&crate::lexical::escape_unsafe(t));
    let mut out = String::new();
    let _ = writeln!(out, "# topoc plan\n");
    let _ = writeln!(
        out,
        "Configuration {hash}, against the snapshot collected {}.\n",
        code(&live.collected)
    );
    if plan.is_empty() {
        out.push_str("**No changes**: the live deployment is what the project declares.\n");
    } else {
        let _ = writeln!(out, "**{}**\n", counts(plan));
    }
    for c in &plan.changes {
        let _ = writeln!(
            out,
            "- `{}` {} {}",
            c.action.sign(),
            c.collection,
            code(&c.identity)
        );
        for p in &c.properties {
            match c.action {
                Action::Create => {
                    let _ = writeln!(out, "  - {}: {}", p.name, code(&p.desired.display()));
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "  - {}: {} → {}",
                        p.name,
                        code(&p.live.display()),
                        code(&p.desired.display())
                    );
                }
            }
        }
    }
    if !plan.problems.is_empty() {
        out.push_str("\n## Cannot be applied\n\n");
        for p in &plan.problems {
            let _ = writeln!(out, "- {}", code(p));
        }
    }
    if !plan.unmanaged.is_empty() {
        let _ = writeln!(
            out,
            "\n## Not managed ({}): left as they are\n",
            plan.unmanaged.len()
        );
        for u in &plan.unmanaged {
            let _ = writeln!(out, "- {} {}", u.collection, code(&u.identity));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_files_are_ascii_and_read_back() {
        let owned = Owned {
            format: "topoc-owned".into(),
            version: "1".into(),
            configuration: "h".into(),
            objects: BTreeMap::from([(
                "VoiceRoutes".to_string(),
                vec!["Z\u{fc}rich \u{1F4DE}".to_string()],
            )]),
        };
        let text = owned.to_json();
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains(r"Z\u00fcrich \ud83d\udcde"), "{text}");
        assert_eq!(Owned::read(text.as_bytes()).unwrap(), owned);
    }
}
