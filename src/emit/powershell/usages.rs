//! PSTN usages: one global list, added to (LYNC-TRUNKS 2.6).

use super::*;

/// The usages, by name (the global list is a set; declaration order
/// would make the script depend on file order).
pub(crate) fn usage_names(m: &Model, ids: impl IntoIterator<Item = UsageId>) -> Vec<String> {
    ids.into_iter()
        .map(|u| m.usages.get(u).name.text.clone())
        .collect()
}

pub(super) fn usages(s: &mut Script, m: &Model) {
    s.section("PSTN usages (docs/lync.md 2.6): one global list, added to");
    let mut names = usage_names(m, m.usages.ids());
    names.sort_by_key(|n| n.to_lowercase());
    if names.is_empty() {
        s.comment("none declared");
        return;
    }
    let get = Command::new("Get-CsPstnUsage").str("Identity", "global");
    let get = s.call(&get, "");
    s.line(&format!("$usages = ({get}).Usage"));
    for n in names {
        // `@{Add = 'X'}` keeps the other usages; `-notcontains` compares
        // without case, as Lync does.
        let add = Command::new("Set-CsPstnUsage")
            .str("Identity", "global")
            .arg("Usage", Value::Add(n.clone()));
        let add = s.call(&add, "");
        s.line(&format!(
            "if ($usages -notcontains {}) {{ {add} }}",
            quote(&n)
        ));
    }
}
