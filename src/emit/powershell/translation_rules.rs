//! Translation rules (LYNC-TRUNKS 2.9): each collection's lists replaced
//! whole.

use super::*;

/// In-memory rule objects of a list.
pub(super) fn rule_objects(
    cmdlet: &'static str,
    parent: &str,
    rules: &[NumberRule],
    internal_extension: bool,
) -> Vec<Command> {
    rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut c = Command::new(cmdlet)
                .str("Identity", &identity::rule(parent, &r.name.text))
                .arg("Priority", Value::Int(i as i64))
                .str("Pattern", &r.pattern.text)
                .str("Translation", &r.translation.text);
            if internal_extension {
                c = c.bool(
                    "IsInternalExtension",
                    r.internal_extension.as_ref().is_some_and(|s| s.value),
                );
            }
            c.description(&r.description)
        })
        .collect()
}

pub(super) fn translation_rules(s: &mut Script, collections: &[Collection]) {
    s.section("Translation rules (docs/lync.md 2.9): each collection's lists replaced whole");
    for c in collections {
        let e = &c.settings;
        s.out.push('\n');
        s.comment(&format!(
            "{}: {} called-number, {} calling-number rule(s)",
            c.label,
            e.called_number.len(),
            e.calling_number.len()
        ));
        let called = s.objects(
            "called",
            rule_objects(
                "New-CsOutboundTranslationRule",
                &c.identity,
                &e.called_number,
                false,
            ),
        );
        let calling = s.objects(
            "calling",
            rule_objects(
                "New-CsOutboundCallingNumberTranslationRule",
                &c.identity,
                &e.calling_number,
                false,
            ),
        );
        s.command(
            Command::new("Set-CsTrunkConfiguration")
                .str("Identity", &c.identity)
                .arg("OutboundTranslationRulesList", called)
                .arg("OutboundCallingNumberTranslationRulesList", calling),
        );
    }
}
