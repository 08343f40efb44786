//! Object-level changes: what deploying each version would leave on an
//! empty deployment ([`crate::emit::snapshot`]), compared object by object
//! and setting by setting, in Lync's own names (the collections and
//! properties of docs/snapshot.md).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::emit::{Input, powershell, snapshot};
use crate::snapshot::apply::{Applier, Call, target_key};
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

/// The objects and settings that differ between deploying `old` and
/// deploying `new` on an empty deployment: [`compare`] of the two
/// [`deployed`] snapshots, made without building either whole.
///
/// A call changes only the object it targets ([`target_key`]: the key
/// [`Applier`] finds it by; a rule, its parent's), reading no other
/// object but, for a gateway, the trunk of the same identity. So an
/// object whose calls are the same in both versions, in the same order,
/// on the same published object, ends the same: only the objects where
/// either differs are deployed and compared. Their order in each
/// collection is the whole deployment's (published objects first, then
/// in the order the calls make them), so the result is [`compare`]'s
/// exactly.
pub fn changes(old: &Input<'_>, new: &Input<'_>) -> Vec<ObjectChange> {
    let side = |input: &Input<'_>| {
        let calls = powershell::calls(input);
        let groups = groups(&calls);
        (snapshot::published(input), calls, groups)
    };
    let ((base_a, calls_a, groups_a), (base_b, calls_b, groups_b)) =
        crate::parallel::join(|| side(old), || side(new));
    let touched = touched(
        (&base_a, &calls_a, &groups_a),
        (&base_b, &calls_b, &groups_b),
    );
    let replay = |mut s: Snapshot, calls: &[Call], groups: &[(Key, usize)]| {
        let mut applier = Applier::default();
        let mut chosen: Vec<usize> = groups
            .iter()
            .filter(|(k, _)| touched.contains(k))
            .map(|&(_, i)| i)
            .collect();
        chosen.sort_unstable();
        for i in chosen {
            // A call that cannot be applied changes nothing, as in
            // `deployed`.
            let _ = applier.apply(&mut s, &calls[i]);
        }
        s
    };
    let (a, b) = crate::parallel::join(
        || replay(base_a, &calls_a, &groups_a),
        || replay(base_b, &calls_b, &groups_b),
    );
    // Some 440,000 calls at 1,000 sites: a third of a second to free.
    crate::parallel::drop_aside((calls_a, calls_b, groups_a, groups_b));
    compare(&a, &b)
}

/// An object as calls find it: its collection and
/// [`crate::snapshot::key`].
type Key = (&'static str, String);

/// Each call that targets an object, with that object, sorted by object
/// and then by order: the calls of one object are consecutive.
fn groups(calls: &[Call]) -> Vec<(Key, usize)> {
    let mut out: Vec<(Key, usize)> = calls
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            // A call with no target fails in `Applier::apply` before it
            // changes anything.
            Some((target_key(c).ok()?, i))
        })
        .collect();
    out.sort_unstable();
    out
}

/// The objects whose calls or published object differ between the two
/// versions (and every gateway, when a trunk differs).
fn touched(
    (base_a, calls_a, groups_a): (&Snapshot, &[Call], &[(Key, usize)]),
    (base_b, calls_b, groups_b): (&Snapshot, &[Call], &[(Key, usize)]),
) -> HashSet<Key> {
    let mut out = HashSet::new();
    // Both lists are sorted by object: walk their runs side by side.
    // A run's calls are compared anyway: a scan to its end costs no more,
    // where a binary search of the rest cost some eighteen comparisons of
    // keys per run (half of this walk's time at 1,000 sites).
    let run_end = |groups: &[(Key, usize)], from: usize| {
        from + groups[from..]
            .iter()
            .take_while(|(k, _)| *k == groups[from].0)
            .count()
    };
    let (mut i, mut j) = (0, 0);
    while i < groups_a.len() || j < groups_b.len() {
        let order = match (groups_a.get(i), groups_b.get(j)) {
            (Some((ka, _)), Some((kb, _))) => ka.cmp(kb),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                out.insert(groups_a[i].0.clone());
                i = run_end(groups_a, i);
            }
            std::cmp::Ordering::Greater => {
                out.insert(groups_b[j].0.clone());
                j = run_end(groups_b, j);
            }
            std::cmp::Ordering::Equal => {
                let (ei, ej) = (run_end(groups_a, i), run_end(groups_b, j));
                let a = groups_a[i..ei].iter().map(|&(_, c)| &calls_a[c]);
                if !a.eq(groups_b[j..ej].iter().map(|&(_, c)| &calls_b[c])) {
                    out.insert(groups_a[i].0.clone());
                }
                (i, j) = (ei, ej);
            }
        }
    }
    let (pa, pb) = (published(base_a), published(base_b));
    for k in pa.keys().chain(pb.keys()) {
        if pa.get(k) != pb.get(k) {
            out.insert(k.clone());
        }
    }
    if out.iter().any(|(c, _)| *c == "Trunks") {
        for (k, _) in groups_a.iter().chain(groups_b) {
            if k.0 == "PstnGateways" {
                out.insert(k.clone());
            }
        }
    }
    out
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

/// A snapshot's objects by [`Key`], repeats in order.
fn published(s: &Snapshot) -> HashMap<Key, Vec<&Props>> {
    let mut by_key: HashMap<Key, Vec<&Props>> = HashMap::new();
    for (&c, list) in &s.objects {
        for o in list {
            by_key.entry((c, identity_key(c, o))).or_default().push(o);
        }
    }
    by_key
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
