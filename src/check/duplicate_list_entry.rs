//! E27: a usage appears at most once in a voice policy's list (the cmdlets
//! refuse duplicates); likewise in the other usage lists and a route's
//! trunk list, where a second entry means nothing.

use std::collections::HashMap;
use std::hash::Hash;

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{CallForwarding, Ref};

fn duplicates<I: Copy + Eq + Hash>(
    list: &[Ref<I>],
    what: &str,
    name: impl Fn(I) -> String,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<I, Ref<I>> = HashMap::new();
    for r in list {
        match seen.get(&r.id) {
            Some(first) => out.push(
                Diagnostic::new(
                    Code::DuplicateListEntry,
                    format!("`{}` is listed twice in {what}", name(r.id)),
                    r.span,
                    "listed again",
                )
                .with_secondary(first.span, "first listed here")
                .with_help("remove the second entry"),
            ),
            None => {
                seen.insert(r.id, *r);
            }
        }
    }
}

/// Reports repeated entries in usage and trunk lists.
pub fn duplicate_list_entry(cx: &Context<'_>) -> Vec<Diagnostic> {
    let m = cx.model;
    let usage = |u| m.usages.get(u).name.text.clone();
    let trunk = |t| m.trunks.get(t).name.text.clone();
    let mut out = Vec::new();
    for (_, p) in m.voice_policies.iter() {
        duplicates(&p.usages, "a voice policy's usages", usage, &mut out);
        if let Some(cf) = &p.call_forwarding
            && let CallForwarding::Custom(list) = &cf.value
        {
            duplicates(list, "the call-forwarding usages", usage, &mut out);
        }
    }
    for (_, c) in m.trunk_configs.iter() {
        if let Some(u) = &c.written.usages {
            duplicates(&u.value, "a trunk configuration's usages", usage, &mut out);
        }
    }
    for (_, r) in m.routes.iter() {
        duplicates(&r.usages, "a route's usages", usage, &mut out);
        duplicates(&r.trunks, "a route's trunks", trunk, &mut out);
    }
    out
}
