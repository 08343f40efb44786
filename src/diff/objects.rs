//! Object-level changes: what deploying each version would leave on an
//! empty deployment ([`crate::emit::snapshot`]), compared object by object
//! and setting by setting, in Lync's own names (the collections and
//! properties of docs/snapshot.md).

use std::collections::HashMap;

use serde::Serialize;

use crate::emit::{Input, snapshot};
use crate::snapshot::{Props, Snapshot, identity_key};

/// One object added, removed or changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectChange {
    /// `+` added, `-` removed, `~` changed.
    pub action: char,
    /// The collection (`VoiceRoutes`, `DialPlans`, ...).
    pub collection: String,
    /// The object's identity.
    pub identity: String,
    /// Changed settings: `Property: old -> new`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<String>,
}

/// What deploying a project's scripts and topology leaves.
pub fn deployed(input: &Input<'_>) -> Snapshot {
    snapshot::deployed(input, &snapshot::published(input)).0
}

/// The objects and settings that differ, by collection and identity.
pub fn compare(old: &Snapshot, new: &Snapshot) -> Vec<ObjectChange> {
    let mut out = Vec::new();
    let collections: std::collections::BTreeSet<&str> = old
        .objects
        .keys()
        .chain(new.objects.keys())
        .copied()
        .collect();
    for c in collections {
        let (a, b) = (old.list(c), new.list(c));
        let identity = |o: &Props| {
            o.get("Identity")
                .and_then(|v| v.as_text())
                .unwrap_or_default()
                .to_string()
        };
        let keyed = |list: &[Props]| -> HashMap<String, usize> {
            let mut by_key = HashMap::new();
            for (i, o) in list.iter().enumerate() {
                by_key.entry(identity_key(c, o)).or_insert(i);
            }
            by_key
        };
        let (in_a, in_b) = (keyed(a), keyed(b));
        for (i, o) in a.iter().enumerate() {
            let k = identity_key(c, o);
            if in_a.get(&k) != Some(&i) {
                continue; // a repeated identity: the first one counts
            }
            match in_b.get(&k).map(|&j| &b[j]) {
                None => out.push(ObjectChange {
                    action: '-',
                    collection: c.to_string(),
                    identity: identity(o),
                    settings: Vec::new(),
                }),
                Some(p) => {
                    let settings = settings(o, p);
                    if !settings.is_empty() {
                        out.push(ObjectChange {
                            action: '~',
                            collection: c.to_string(),
                            identity: identity(p),
                            settings,
                        });
                    }
                }
            }
        }
        for (j, p) in b.iter().enumerate() {
            let k = identity_key(c, p);
            if in_b.get(&k) == Some(&j) && !in_a.contains_key(&k) {
                out.push(ObjectChange {
                    action: '+',
                    collection: c.to_string(),
                    identity: identity(p),
                    settings: Vec::new(),
                });
            }
        }
    }
    if old.topology != new.topology {
        out.push(ObjectChange {
            action: '~',
            collection: "Topology".into(),
            identity: "topology.xml".into(),
            settings: vec!["the published topology document differs".into()],
        });
    }
    out
}

/// `Property: old -> new` for each setting that differs.
fn settings(old: &Props, new: &Props) -> Vec<String> {
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter(|k| *k != "Identity" && old.get(*k) != new.get(*k))
        .map(|k| {
            let show = |p: &Props| {
                p.get(k)
                    .map_or_else(|| "(not set)".to_string(), |v| v.display())
            };
            format!("{k}: {} -> {}", show(old), show(new))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::Value;

    #[test]
    fn objects_match_by_identity_as_lync_does() {
        let mut a = Snapshot::empty();
        let mut b = Snapshot::empty();
        let route = |name: &str, pattern: &str| {
            Props::from([
                ("Identity".to_string(), Value::text(name)),
                ("NumberPattern".to_string(), Value::text(pattern)),
            ])
        };
        a.objects
            .entry("VoiceRoutes")
            .or_default()
            .push(route("R1", "^1$"));
        a.objects
            .entry("VoiceRoutes")
            .or_default()
            .push(route("Gone", "^2$"));
        b.objects
            .entry("VoiceRoutes")
            .or_default()
            .push(route("r1", "^11$"));
        b.objects
            .entry("VoiceRoutes")
            .or_default()
            .push(route("New", "^3$"));
        let changes = compare(&a, &b);
        let summary: Vec<(char, &str)> = changes
            .iter()
            .map(|c| (c.action, c.identity.as_str()))
            .collect();
        assert_eq!(summary, [('~', "r1"), ('-', "Gone"), ('+', "New")]);
        assert_eq!(changes[0].settings.len(), 1);
        assert!(compare(&a, &a).is_empty());
    }
}
