//! `deploy.ps1` for a live deployment (`topoc build --live`): exactly the
//! plan's changes (docs/snapshot.md), after a read-only preflight that
//! stops when the live system is no longer what the plan was made from.
//!
//! The commands are the full script's own ([`Recorded`]), cut down:
//! - an object the plan creates gets one `New-` with every property the
//!   full script writes for it (so `-WhatIf` can show it: a `Set-` of an
//!   object a `-WhatIf` run did not make would fail), but for trunk
//!   bypass when the plan also changes a gateway's media IP, which must
//!   come first (docs/lync.md 7.3): that `Set-` stays after the gateways;
//! - an object the plan changes gets the `Set-` commands of the full
//!   script with only the parameters whose values change (a usage is
//!   added only when the live list lacks it);
//! - an object the plan removes (owned before, `--prune`) gets `Remove-`.
//!
//! Every changing command is given `-WhatIf:$WhatIfPreference`, and every
//! rule made `-InMemory` `-WhatIf:$false` (it changes nothing, and a
//! `-WhatIf` run must still have it to show the list it goes into). A
//! `-WhatIf` run cannot show a new object that refers to another new one
//! (a site in a new region): Lync checks the reference, and the first was
//! not made.

use std::collections::HashSet;

use super::*;
use crate::emit::plan::{Action, Change, Plan};
use crate::snapshot::{self as snap, Snapshot, apply::target, key};

/// The live script's header: what it is for.
const ABOUT_LIVE: &[&str] = &[
    "Run in the Lync Server Management Shell as a member of RTCUniversalServerAdmins (or",
    "CsVoiceAdministrator), after publishing topology.xml and doing every step of",
    "topology-steps.md. It makes exactly the changes of the plan (plan.md) against the",
    "snapshot it was built with, and first checks, reading only, that every object it",
    "changes is still as that snapshot recorded: otherwise it stops before any change.",
    "Run it with -WhatIf to see each change without making it.",
];

/// The live script, and the plan it carries out.
pub(crate) fn live(input: &Input<'_>, hash: &str, snapshot: &Snapshot, plan: &Plan) -> Script {
    let m = input.model;
    let recorded = super::recorded(input);
    let mut s = Script::new(Keep::Nothing);
    s.in_memory_what_if_off = true;
    header(&mut s, input, hash, ABOUT_LIVE);
    s.comment(&format!(
        "Planned against the snapshot collected {}: {} change(s).",
        snapshot.collected,
        plan.changes.len()
    ));
    preflight(&mut s, m);
    fingerprints(&mut s, snapshot, plan);
    changes(&mut s, &recorded, snapshot, plan);
    s
}

/// The `Get-` cmdlet that reads an object of `collection`.
fn getter(collection: &str) -> Command {
    Command::new(
        crate::snapshot::apply::getter(collection)
            .unwrap_or_else(|| unreachable!("no object of `{collection}` is planned")),
    )
}

/// The `Remove-` cmdlet of `collection`.
fn remover(collection: &str) -> &'static str {
    crate::snapshot::apply::remover(collection)
        .unwrap_or_else(|| unreachable!("no object of `{collection}` is removed"))
}

/// The identity a command is given, written as the full script writes
/// identities (docs/lync.md 2.1): `global`, `site:`, `service:`, and a
/// per-user object by its bare name; Lync reads scopes without case.
fn identity_of(c: &Change) -> String {
    let id = c.identity.as_str();
    if id.eq_ignore_ascii_case("global") {
        return "global".into();
    }
    for scope in ["tag:", "site:", "service:"] {
        if id.len() > scope.len()
            && id.is_char_boundary(scope.len())
            && id[..scope.len()].eq_ignore_ascii_case(scope)
        {
            let rest = &id[scope.len()..];
            return if scope == "tag:" {
                rest.to_string()
            } else {
                format!("{scope}{rest}")
            };
        }
    }
    id.to_string()
}

/// `collection identity` for messages.
fn label(c: &Change) -> String {
    format!("{} {}", c.collection, c.identity)
}

/// The read-only check that every object the plan changes is as the
/// snapshot recorded: each property that changes (the whole object, for a
/// removal) re-read, converted as the collect script converts it, and its
/// fingerprint compared; an object the plan creates must still be missing.
fn fingerprints(s: &mut Script, snapshot: &Snapshot, plan: &Plan) {
    s.section(
        "Preflight (read-only): every object this script changes is as the snapshot recorded",
    );
    if plan.changes.is_empty() {
        s.comment("the plan changes nothing");
        return;
    }
    for line in snap::POWERSHELL.lines() {
        s.line(line);
    }
    s.line("$changed = @()");
    for c in &plan.changes {
        let get = getter(c.collection)
            .str("Identity", &identity_of(c))
            .arg("ErrorAction", Value::Str("SilentlyContinue".into()));
        let get = s.call(&get, "");
        let what = |text: &str| quote(&format!("{}: {text}", label(c)));
        if c.action == Action::Create {
            s.line(&format!(
                "if ({get}) {{ $changed += {} }}",
                what("made since the snapshot")
            ));
            continue;
        }
        s.line(&format!("$live = {get}"));
        s.line(&format!(
            "if (-not $live) {{ $changed += {} }} else {{",
            what("removed since the snapshot")
        ));
        let Some(o) = snapshot.find_or_trunk(c.collection, &c.identity) else {
            unreachable!("a changed or removed object is in the snapshot")
        };
        if c.action == Action::Remove {
            // As the collect script read it: without the parameters a
            // snapshot read derives from what the object holds.
            let mut whole = o.clone().into_owned();
            for (c2, param, source) in snap::DERIVED {
                if *c2 == c.collection && whole.contains_key(*source) {
                    whole.remove(*param);
                }
            }
            let fp = snap::Value::Object(whole).fingerprint();
            s.line(&format!(
                "    if ((Get-TopocFingerprint (ConvertTo-TopocValue $live 0)) -cne {}) {{ $changed += {} }}",
                quote(&fp),
                what("changed since the snapshot")
            ));
        }
        // Each property re-read once: a parameter held in another shape
        // is compared in the property that holds it (`snapshot::DERIVED`).
        let mut read: Vec<&str> = Vec::new();
        for p in &c.properties {
            let held = snap::source_of(c.collection, &p.name).unwrap_or(&p.name);
            if read.contains(&held) {
                continue;
            }
            read.push(held);
            let fp = o.get(held).unwrap_or(&snap::Value::Null).fingerprint();
            s.line(&format!(
                "    if ((Get-TopocFingerprint (ConvertTo-TopocValue $live.{held} 1)) -cne {}) {{ $changed += {} }}",
                quote(&fp),
                what(&format!("{held} changed since the snapshot"))
            ));
        }
        s.line("}");
    }
    s.line("if ($changed.Count -gt 0) {");
    s.line(&format!(
        "    throw ({} + ($changed -join '; '))",
        quote("Nothing was changed: the live system is no longer what this script was planned against. Collect a new snapshot and build again. ")
    ));
    s.line("}");
}

/// The plan's changes, in the full script's order.
fn changes(s: &mut Script, recorded: &[Recorded], snapshot: &Snapshot, plan: &Plan) {
    s.section("Changes: exactly the plan");
    let gateways_change = plan.changes.iter().any(|c| c.collection == "PstnGateways");
    // (collection, key, property) already written.
    let mut written: HashSet<(&str, String, String)> = HashSet::new();
    let mut any = false;
    for (i, r) in recorded.iter().enumerate() {
        let Ok(t) = target(&r.call) else { continue };
        let Some(change) = plan.change(t.collection, &t.identity) else {
            continue;
        };
        let k = key(t.collection, &t.identity);
        let is_new = r.command.name.starts_with("New-");
        let mut command = r.command.clone();
        let mut sources = vec![r];
        match change.action {
            Action::Remove => continue,
            Action::Create if is_new => {
                // The later `Set-`s of the object, folded in.
                for later in &recorded[i + 1..] {
                    let same = target(&later.call).is_ok_and(|l| {
                        l.collection == t.collection && key(l.collection, &l.identity) == k
                    });
                    if !same || (later.after_gateways && gateways_change) {
                        continue;
                    }
                    for (p, v) in &later.command.params {
                        if !command.params.iter().any(|(q, _)| q == p) {
                            command.params.push((p, v.clone()));
                        }
                    }
                    sources.push(later);
                }
                for (p, _) in &command.params {
                    written.insert((t.collection, k.clone(), p.to_string()));
                }
            }
            Action::Create | Action::Change if is_new => continue,
            Action::Create | Action::Change => {
                let live = snapshot.find_or_trunk(t.collection, &t.identity);
                let live = live.as_deref();
                command.params.retain(|(p, v)| {
                    if *p == "Identity" {
                        return true;
                    }
                    if let Value::Add(item) = v {
                        let list = live
                            .and_then(|o| o.get(*p))
                            .cloned()
                            .unwrap_or(snap::Value::Null);
                        return !list
                            .items()
                            .iter()
                            .any(|x| x.as_text().is_some_and(|x| x.eq_ignore_ascii_case(item)));
                    }
                    let changes = change.properties.iter().any(|q| q.name == *p);
                    changes && written.insert((t.collection, k.clone(), p.to_string()))
                });
                if command.params.len() == 1 {
                    continue;
                }
            }
        }
        any = true;
        s.out.push('\n');
        s.comment(&format!("{} {}", change.action.sign(), label(change)));
        for source in &sources {
            for (var, objects) in &source.objects {
                if command
                    .params
                    .iter()
                    .any(|(_, v)| matches!(v, Value::ReplaceWith(w) if w == var))
                {
                    s.objects(var, objects.clone());
                }
            }
            if let Some(m) = &source.merge
                && command
                    .params
                    .iter()
                    .any(|(_, v)| matches!(v, Value::Var(w) if *w == m.var))
            {
                s.merge(m.clone());
            }
        }
        s.command(command.arg("WhatIf", Value::SwitchVar("WhatIfPreference")));
    }
    for c in plan.changes.iter().filter(|c| c.action == Action::Remove) {
        any = true;
        s.out.push('\n');
        s.comment(&format!(
            "- {} (owned by an earlier build, no longer declared)",
            label(c)
        ));
        s.command(
            Command::new(remover(c.collection))
                .str("Identity", &identity_of(c))
                .arg("WhatIf", Value::SwitchVar("WhatIfPreference")),
        );
    }
    if !any {
        s.comment("nothing to change");
    }
}
