//! `topoc diff`: two versions of a project compared by their effect
//! (issue 18). For every originator — users of each home pool, with each
//! per-user voice policy and dial plan either version declares, and calls
//! entering on each trunk — the dialled strings whose outcome changes
//! (normalized number, winning route and trunks, failover, number sent,
//! calling number, Lync user, unassigned, unroutable), computed on the
//! automata of both versions ([`behaviour`]); then the objects and
//! settings a deployment would change ([`objects`]) and the findings
//! introduced or fixed.
//!
//! An originator whose routing rests on the same rules, routes and trunk
//! settings in both versions ([`cells::fingerprint`]) is unchanged
//! without further work, so the cost grows with the change, not with the
//! project.

pub mod behaviour;
pub mod cells;
pub mod objects;
pub mod render;

use std::collections::HashMap;

use serde::Serialize;

use crate::Report;
use crate::analysed::Analysed;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{DialPlanScope, Model, PolicyScope, PoolRole};
use crate::simulate::{Origin, User};
use crate::source::Sources;

pub use behaviour::{Changes, Observed, Region, Undecided};
pub use objects::ObjectChange;

/// One version of a project: its sources and what checking it gave.
pub struct Side<'a> {
    /// The sources.
    pub sources: &'a Sources,
    /// What checking them gave.
    pub report: &'a Report<'a>,
}

/// The changes for one originator (or several that rest on the same
/// configuration in both versions).
#[derive(Clone, Debug, Serialize)]
pub struct Originator {
    /// Who calls: `users homed on pool P`, `calls entering on trunk T`.
    pub who: Vec<String>,
    /// The voice policy (or trunk configuration) and dial plan before.
    pub was: String,
    /// And after.
    pub now: String,
    /// What changed.
    #[serde(flatten)]
    pub changes: Changes,
}

/// A finding of the checks, as compared across versions.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// `error`, `warning` or `note`.
    pub severity: String,
    /// The code (`T0412`).
    pub code: String,
    /// The message.
    pub message: String,
}

/// The difference of two versions.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Diff {
    /// Originators whose calls change, or could not be compared fully.
    pub behaviour: Vec<Originator>,
    /// Originators compared in all.
    pub originators: usize,
    /// Originators only one version has (a pool, trunk or per-user
    /// policy or dial plan added or removed).
    pub only_old: Vec<String>,
    /// And only the new one.
    pub only_new: Vec<String>,
    /// Objects and settings.
    pub objects: Vec<ObjectChange>,
    /// Findings fixed.
    pub fixed: Vec<Finding>,
    /// Findings introduced.
    pub introduced: Vec<Finding>,
    /// Why a part was not compared (a version with errors).
    pub not_compared: Vec<String>,
}

impl Diff {
    /// Whether some dialled number is shown to, or may, behave otherwise.
    pub fn behaviour_changed(&self) -> bool {
        !self.behaviour.is_empty()
            || !self.only_old.is_empty()
            || !self.only_new.is_empty()
            || !self.not_compared.is_empty()
    }
}

/// Compares two versions.
pub fn diff(old: &Side<'_>, new: &Side<'_>) -> Diff {
    let mut out = Diff::default();
    let (old_f, new_f) = (
        findings(old.report.diagnostics),
        findings(new.report.diagnostics),
    );
    out.fixed = minus(&old_f, &new_f);
    out.introduced = minus(&new_f, &old_f);
    let (Some(a), Some(b)) = (old.report.analysed, new.report.analysed) else {
        for (side, name) in [(old, "old"), (new, "new")] {
            if side.report.analysed.is_none() {
                out.not_compared.push(format!(
                    "the {name} version has errors: its calls cannot be simulated"
                ));
            }
        }
        return out;
    };
    // The objects on another thread while the calls are compared here
    // (the comparison's work budget is this thread's).
    let (objects, calls) = crate::parallel::join(
        || match (&old.report.clean, &new.report.clean) {
            (Some(x), Some(y)) => {
                let options = crate::emit::Options::default();
                Some(objects::changes(
                    &crate::emit::Input::new(x, old.sources, options),
                    &crate::emit::Input::new(y, new.sources, options),
                ))
            }
            _ => None,
        },
        || behaviour(a, b),
    );
    match objects {
        Some(changes) => out.objects = changes,
        None => out.not_compared.push(
            "a version has errors: the objects a deployment would change are not compared".into(),
        ),
    }
    out.behaviour = calls.behaviour;
    out.originators = calls.originators;
    out.only_old = calls.only_old;
    out.only_new = calls.only_new;
    out.not_compared.extend(calls.not_compared);
    out
}

/// Checks two versions, each on its own thread, and compares them; the
/// second value says whether either has errors.
pub fn of_sources(old: &Sources, new: &Sources) -> (Diff, bool) {
    crate::check_pair(old, new, |ra, rb| {
        let d = diff(
            &Side {
                sources: old,
                report: &ra,
            },
            &Side {
                sources: new,
                report: &rb,
            },
        );
        (d, ra.clean.is_none() || rb.clean.is_none())
    })
}

/// The behavioural part of [`diff`] alone, for two analysed versions:
/// every originator compared (the objects and findings left empty).
pub fn behaviour(a: &Analysed<'_>, b: &Analysed<'_>) -> Diff {
    let mut out = Diff::default();
    let (sa, sb) = (a.simulator(0), b.simulator(0));
    let va = cells::Version {
        analysed: a,
        sim: &sa,
    };
    let vb = cells::Version {
        analysed: b,
        sim: &sb,
    };
    let mut sets = cells::Sets::default();
    let (mut fa, mut fb) = (cells::Fingerprints::new(&va), cells::Fingerprints::new(&vb));
    // Originators resting on the same configuration, compared once.
    let mut groups: Vec<(Vec<String>, Origin, Origin)> = Vec::new();
    let mut group_of: HashMap<([u8; 32], [u8; 32]), usize> = HashMap::new();
    let left_out = contexts(a.model(), b.model(), |c| {
        let (x, y) = match (c.old, c.new) {
            (Some(x), Some(y)) => (x, y),
            (Some(_), None) => return out.only_old.push((c.name)()),
            (None, Some(_)) => return out.only_new.push((c.name)()),
            // A per-user policy of one version with a per-user plan of the
            // other: a caller neither version has.
            (None, None) => return,
        };
        out.originators += 1;
        let key = (fa.of(&x), fb.of(&y));
        if key.0 == key.1 {
            return;
        }
        let i = *group_of.entry(key).or_insert_with(|| {
            groups.push((Vec::new(), x, y));
            groups.len() - 1
        });
        groups[i].0.push((c.name)());
    });
    out.not_compared.extend(left_out);
    // Every comparison charges one total budget too: a change that
    // touches every caller of a large project ends, and what is left is
    // said to be not compared.
    crate::dialset::metered(TOTAL_WORK, || {
        for group in groups {
            compare_one(&va, &vb, group, &mut sets, &mut out);
        }
    });
    out
}

/// Compares one group of originators and records what changed.
fn compare_one(
    va: &cells::Version<'_>,
    vb: &cells::Version<'_>,
    (who, x, y): (Vec<String>, Origin, Origin),
    sets: &mut cells::Sets,
    out: &mut Diff,
) {
    let undecided = |why: String| Changes {
        regions: Vec::new(),
        undecided: vec![Undecided {
            why,
            numbers: Vec::new(),
            set: crate::dialset::Set::all(),
        }],
    };
    let changes = if crate::dialset::work_left() == 0 {
        undecided("not compared: the work budget of the whole comparison is spent".into())
    } else {
        crate::dialset::metered(WORK, || behaviour::compare((va, &x), (vb, &y), sets))
            .unwrap_or_else(|why| {
                undecided(format!(
                    "the comparison is too large to finish ({})",
                    crate::dialset::too_large_reason(why)
                ))
            })
    };
    if !changes.regions.is_empty() || !changes.undecided.is_empty() {
        out.behaviour.push(Originator {
            who,
            was: cells::describe(&x, va),
            now: cells::describe(&y, vb),
            changes,
        });
    }
}

/// The work one originator's comparison may take ([`crate::dialset::metered`]
/// units, some 10 ns each): a few seconds at most.
const WORK: u64 = 300_000_000;

/// The work all of them may take together: some twenty seconds.
const TOTAL_WORK: u64 = 2_000_000_000;

/// A caller in both versions, by name; `None` where a version lacks it.
/// The name is made only where it is shown: most callers are unchanged.
struct Context<'a> {
    name: &'a dyn Fn() -> String,
    old: Option<Origin>,
    new: Option<Origin>,
}

/// The most user originators (home pools × per-user voice policies ×
/// per-user dial plans) compared: some two seconds of enumeration. A
/// project with more (a few thousand tagged policies and dial plans make
/// millions) has its users' calls reported as not compared, not a
/// comparison that runs for minutes.
const MAX_USER_ORIGINATORS: usize = 1_000_000;

/// Every originator either version has, in order, handed to `each` one at
/// a time: users of each Front End pool (or, with none declared, a user of
/// no declared pool), each with every per-user voice policy and dial plan,
/// then calls entering on each trunk. Returns why users were left out,
/// when there are more than [`MAX_USER_ORIGINATORS`].
fn contexts(old: &Model, new: &Model, mut each: impl FnMut(Context<'_>)) -> Option<String> {
    let names = |f: &dyn Fn(&Model) -> Vec<String>| {
        let mut all = f(old);
        let mut seen: std::collections::HashSet<String> = all.iter().cloned().collect();
        for n in f(new) {
            if seen.insert(n.clone()) {
                all.push(n);
            }
        }
        all
    };
    let pools = names(&|m| {
        m.pools
            .iter()
            .filter(|(_, p)| matches!(p.role, PoolRole::FrontEnd))
            .map(|(_, p)| p.name.text.clone())
            .collect()
    });
    let tag_policies = names(&|m| {
        m.voice_policies
            .iter()
            .filter_map(|(_, p)| match &p.scope {
                PolicyScope::Tag(_) => Some(p.scope_text.clone()),
                _ => None,
            })
            .collect()
    });
    let tag_plans = names(&|m| {
        m.dial_plans
            .iter()
            .filter_map(|(_, p)| match &p.scope {
                DialPlanScope::Tag(_) => Some(p.scope_text.clone()),
                _ => None,
            })
            .collect()
    });
    // Each name's object in a version, the first of that name (names
    // compare as ASCII case-insensitive), found once: `None` where the
    // version has none.
    fn first<'m, I: Copy>(
        items: impl Iterator<Item = (I, &'m str)>,
        wanted: &[String],
    ) -> Vec<Option<I>> {
        let mut by_name: HashMap<String, I> = HashMap::new();
        for (id, name) in items {
            by_name.entry(name.to_ascii_lowercase()).or_insert(id);
        }
        wanted
            .iter()
            .map(|n| by_name.get(&n.to_ascii_lowercase()).copied())
            .collect()
    }
    struct Ids {
        pools: Vec<Option<crate::model::PoolId>>,
        policies: Vec<Option<crate::model::VoicePolicyId>>,
        plans: Vec<Option<crate::model::DialPlanId>>,
    }
    let ids = |m: &Model| Ids {
        pools: first(
            m.pools.iter().map(|(id, p)| (id, p.name.text.as_str())),
            &pools,
        ),
        policies: first(
            m.voice_policies
                .iter()
                .map(|(id, p)| (id, p.scope_text.as_str())),
            &tag_policies,
        ),
        plans: first(
            m.dial_plans
                .iter()
                .map(|(id, p)| (id, p.scope_text.as_str())),
            &tag_plans,
        ),
    };
    let (ids_old, ids_new) = (ids(old), ids(new));
    // The object at index `at` of a version: `Some(None)` where no object
    // is asked for, `None` where the version lacks the one asked for (and
    // so lacks the caller).
    fn pick<I: Copy>(at: Option<usize>, ids: &[Option<I>]) -> Option<Option<I>> {
        match at {
            Some(i) => ids[i].map(Some),
            None => Some(None),
        }
    }
    // Indices: `None` for a user of no declared pool, or with no per-user
    // policy or dial plan.
    let user = |ids: &Ids, home: Option<usize>, policy: Option<usize>, plan: Option<usize>| {
        Some(Origin::User(User {
            home_pool: pick(home, &ids.pools)?,
            policy: pick(policy, &ids.policies)?,
            dial_plan: pick(plan, &ids.plans)?,
            ..User::default()
        }))
    };
    let homes: Vec<Option<usize>> = if pools.is_empty() {
        vec![None]
    } else {
        (0..pools.len()).map(Some).collect()
    };
    let policies: Vec<Option<usize>> = std::iter::once(None)
        .chain((0..tag_policies.len()).map(Some))
        .collect();
    let plans: Vec<Option<usize>> = std::iter::once(None)
        .chain((0..tag_plans.len()).map(Some))
        .collect();
    let users = homes
        .len()
        .saturating_mul(policies.len())
        .saturating_mul(plans.len());
    let left_out = if users > MAX_USER_ORIGINATORS {
        Some(format!(
            "the calls of users: {} home pools with {} per-user voice policies (or none) and {} \
             per-user dial plans (or none) make {users} combinations, more than the \
             {MAX_USER_ORIGINATORS} topoc compares (calls entering on trunks were compared)",
            homes.len(),
            tag_policies.len(),
            tag_plans.len()
        ))
    } else {
        for &home in &homes {
            for &policy in &policies {
                for &plan in &plans {
                    let name = || {
                        let mut name = match home {
                            Some(h) => format!("users homed on `{}`", pools[h]),
                            None => "users (no Front End pool declared)".to_string(),
                        };
                        if let Some(p) = policy {
                            name.push_str(&format!(" with voice policy `{}`", tag_policies[p]));
                        }
                        if let Some(d) = plan {
                            name.push_str(&format!(
                                "{} dial plan `{}`",
                                if policy.is_some() { " and" } else { " with" },
                                tag_plans[d]
                            ));
                        }
                        name
                    };
                    each(Context {
                        name: &name,
                        old: user(&ids_old, home, policy, plan),
                        new: user(&ids_new, home, policy, plan),
                    });
                }
            }
        }
        None
    };
    let trunks = names(&|m| m.trunks.iter().map(|(_, t)| t.name.text.clone()).collect());
    let trunk_ids = |m: &Model| {
        first(
            m.trunks.iter().map(|(id, t)| (id, t.name.text.as_str())),
            &trunks,
        )
    };
    let (trunks_old, trunks_new) = (trunk_ids(old), trunk_ids(new));
    for (i, t) in trunks.iter().enumerate() {
        each(Context {
            name: &|| format!("calls entering on trunk `{t}`"),
            old: trunks_old[i].map(Origin::Trunk),
            new: trunks_new[i].map(Origin::Trunk),
        });
    }
    left_out
}

/// The findings of a version, sorted.
fn findings(diagnostics: &[Diagnostic]) -> Vec<Finding> {
    let mut out: Vec<Finding> = diagnostics
        .iter()
        .map(|d| Finding {
            severity: match d.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
                _ => "note",
            }
            .into(),
            code: d.code.info().id.to_string(),
            message: d.message.clone(),
        })
        .collect();
    out.sort();
    out
}

/// The findings of `a` not in `b`, counting repeats; both sorted (a
/// walk of the two, not a search of `b` for each: a project may have a
/// hundred thousand findings).
fn minus(a: &[Finding], b: &[Finding]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut rest = b.iter().peekable();
    for f in a {
        while rest.next_if(|g| *g < f).is_some() {}
        if rest.next_if(|g| *g == f).is_none() {
            out.push(f.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: &str) -> Finding {
        Finding {
            severity: "warning".into(),
            code: code.into(),
            message: format!("message of {code}"),
        }
    }

    #[test]
    fn findings_fixed_and_introduced_count_repeats() {
        let list = |codes: &[&str]| -> Vec<Finding> {
            let mut l: Vec<Finding> = codes.iter().map(|c| finding(c)).collect();
            l.sort();
            l
        };
        let old = list(&["T1", "T2", "T2", "T2", "T5"]);
        let new = list(&["T0", "T2", "T5", "T5", "T9"]);
        let codes = |l: Vec<Finding>| l.into_iter().map(|f| f.code).collect::<Vec<_>>();
        assert_eq!(codes(minus(&old, &new)), ["T1", "T2", "T2"]);
        assert_eq!(codes(minus(&new, &old)), ["T0", "T5", "T9"]);
        assert!(minus(&old, &old).is_empty());
        assert_eq!(codes(minus(&old, &[])), codes(old.clone()));
        assert!(minus(&[], &old).is_empty());
    }
}
