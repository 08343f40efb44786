//! W19: normalization should produce E.164 numbers (`+`, digits, optionally
//! `;ext=`), unless the rule is an internal extension. Two shapes are
//! caught: a translation that does not start with `+` (or with a group
//! that always does), literal text that is not digits, and a rule that
//! drops a country code before the group it keeps, like the documented
//! `LDCallingUS` `^1(\d{10})$` -> `+$1`, which turns `12145550100` into
//! `+2145550100`.
//!
//! A rule whose output some route matches is left alone: keeping a
//! service or emergency number as dialled (`'^(911)$' -> '$1'`) for a
//! route that takes it is the standard design ([`crate::analysis::produced`]).

use super::{Context, PatternRole};
use crate::diagnostics::{Code, Diagnostic};
use crate::netregex::replace::Piece;
use crate::netregex::{Anchor, Node, Regex};
use crate::simulate::evaluate::FIRST_STEPS;

/// Country codes of one and two digits (ITU-T E.164 assignments): the
/// ones a rule can drop in front of its group.
const COUNTRY_CODES: &[&str] = &[
    "1", "7", "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45",
    "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
    "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

/// Digits a sample number is made of, so examples look like numbers
/// (LDCallingUS's own example, `12145550100`, comes out of it).
const SAMPLE: &[u8] = b"2145550100";

/// A string the node matches, for a message, when it is easy to make;
/// `n` counts the digits drawn from [`SAMPLE`].
/// The longest example number the check writes.
const MAX_SAMPLE: usize = 64;

fn sample(node: &Node, out: &mut String, n: &mut usize) -> bool {
    // An example is a dial string: a pattern whose shortest match is
    // longer (`\d{2000000000}`) gets none, rather than gigabytes.
    if out.len() > MAX_SAMPLE {
        return false;
    }
    match node {
        Node::Empty | Node::Anchor(_) => true,
        Node::Char { c, .. } => char::from_u32(u32::from(*c)).map(|c| out.push(c)).is_some(),
        Node::Literal(units) => String::from_utf16(units).map(|t| out.push_str(&t)).is_ok(),
        Node::Set { class, .. } => {
            let digit = SAMPLE[*n % SAMPLE.len()];
            *n += 1;
            let pick = std::iter::once(digit)
                .chain(b'0'..=b'9')
                .find(|&d| class.contains(u16::from(d)));
            pick.map(|d| out.push(char::from(d))).is_some()
        }
        Node::Concat(nodes) => nodes.iter().all(|x| sample(x, out, n)),
        Node::Repeat { node, min, .. } => {
            (0..*min).all(|_| out.len() <= MAX_SAMPLE && sample(node, out, n))
        }
        Node::Capture { node, .. } | Node::Group(node) => sample(node, out, n),
        _ => false,
    }
}

/// Whether every match of `node` starts with code unit `c`.
fn must_start_with(node: &Node, c: u16) -> bool {
    match node {
        Node::Char { c: x, ci: false } => *x == c,
        Node::Literal(units) => units.first() == Some(&c),
        Node::Concat(nodes) => nodes
            .iter()
            .find(|n| !matches!(n, Node::Anchor(_) | Node::Empty | Node::Look { .. }))
            .is_some_and(|n| must_start_with(n, c)),
        Node::Capture { node, .. } | Node::Group(node) | Node::Atomic(node) => {
            must_start_with(node, c)
        }
        Node::Alt(nodes) => !nodes.is_empty() && nodes.iter().all(|n| must_start_with(n, c)),
        Node::Repeat { node, min, .. } => *min > 0 && must_start_with(node, c),
        _ => false,
    }
}

fn group_node(node: &Node, slot: usize) -> Option<&Node> {
    let mut found = None;
    node.walk(&mut |n| {
        if let Node::Capture {
            slot: Some(s),
            node,
            ..
        } = n
            && *s == slot
            && found.is_none()
        {
            found = Some(&**node);
        }
    });
    found
}

/// The literal digits between `^` and the capture of `slot`, when the
/// pattern is exactly `^`, digits, that group, and more.
fn dropped_prefix(re: &Regex, slot: usize) -> Option<String> {
    let Node::Concat(nodes) = re.root() else {
        return None;
    };
    let mut it = nodes.iter();
    if !matches!(it.next(), Some(Node::Anchor(Anchor::Start))) {
        return None;
    }
    let mut digits = String::new();
    for n in it {
        match n {
            Node::Char { c, ci: false } if (u16::from(b'0')..=u16::from(b'9')).contains(c) => {
                digits.push(char::from(*c as u8));
            }
            Node::Literal(units)
                if units
                    .iter()
                    .all(|c| (u16::from(b'0')..=u16::from(b'9')).contains(c)) =>
            {
                digits.extend(units.iter().map(|&c| char::from(c as u8)));
            }
            Node::Capture { slot: Some(s), .. } if *s == slot => {
                return (!digits.is_empty()).then_some(digits);
            }
            _ => return None,
        }
    }
    None
}

/// Whether literal translation text may appear in an E.164 number.
fn literal_ok(text: &str, at_start: bool) -> bool {
    let text = text.strip_prefix('+').filter(|_| at_start).unwrap_or(text);
    let text = text.replacen(";ext=", "", 1);
    text.chars().all(|c| c.is_ascii_digit())
}

/// Reports normalization rules whose output is not E.164.
pub fn normalization_not_e164(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in cx.pattern_uses() {
        let (PatternRole::Normalization, Some(rule)) = (u.role(), u.rule) else {
            continue;
        };
        if rule.internal_extension.as_ref().is_some_and(|s| s.value) {
            continue;
        }
        let Some(re) = u.regex.as_deref() else {
            continue;
        };
        let t = &rule.translation;
        let Some(parsed) = u.translation.as_deref() else {
            continue;
        };
        if parsed.references.iter().any(|r| r.group.is_none()) {
            continue; // invalid-translation says what is wrong
        }
        let name = &rule.name.text;
        let report = |message: String, help: &str| {
            Diagnostic::new(Code::NormalizationNotE164, message, t.span, "not E.164")
                .with_secondary(u.pattern.span, "the pattern")
                .with_help(help.to_string())
        };
        let plus_first = match parsed.pieces.first() {
            Some(Piece::Text(units)) => units.first() == Some(&u16::from(b'+')),
            Some(Piece::Group(slot)) => {
                let node = if *slot == 0 {
                    Some(re.root())
                } else {
                    group_node(re.root(), *slot)
                };
                node.is_some_and(|n| must_start_with(n, u16::from(b'+')))
            }
            _ => true,
        };
        // A service or emergency number kept as dialled for a route that
        // takes it is by design (the pair is found over every number).
        let routed_as_is = || cx.analysis().produced.rules.contains(&u.pattern.span);
        if !plus_first {
            if routed_as_is() {
                continue;
            }
            out.push(report(
                format!("normalization rule `{name}` produces numbers without a leading `+`"),
                "normalize to E.164: start the translation with `+` and the country code, or mark an extension rule `internal-extension on`",
            ));
            continue;
        }
        let bad_text = parsed.pieces.iter().enumerate().find_map(|(i, p)| match p {
            Piece::Text(units) => {
                let text = String::from_utf16_lossy(units);
                (!literal_ok(&text, i == 0)).then_some(text)
            }
            _ => None,
        });
        if let Some(text) = bad_text {
            if routed_as_is() {
                continue;
            }
            out.push(report(
                format!("normalization rule `{name}` puts `{text}` into the number, which E.164 numbers do not contain"),
                "keep only `+`, digits and `;ext=` in the translation",
            ));
            continue;
        }
        // `+$n` right after digits the pattern consumes: a dropped country code.
        let (Some(Piece::Text(first)), Some(Piece::Group(slot))) =
            (parsed.pieces.first(), parsed.pieces.get(1))
        else {
            continue;
        };
        if first.as_slice() != [u16::from(b'+')] {
            continue;
        }
        let Some(prefix) = dropped_prefix(re, *slot) else {
            continue;
        };
        if !COUNTRY_CODES.contains(&prefix.as_str()) {
            continue;
        }
        let mut example = String::new();
        let example = if sample(re.root(), &mut example, &mut 0) && example.len() <= MAX_SAMPLE {
            // A few steps: the example is built to match; a pattern that
            // back-tracks on it just goes without one.
            re.translate_within(&example, parsed, &mut FIRST_STEPS.clone())
                .ok()
                .flatten()
                .map(|o| format!(": '{example}' becomes '{o}'"))
                .unwrap_or_default()
        } else {
            String::new()
        };
        out.push(report(
            format!(
                "normalization rule `{name}` drops the `{prefix}` before its group{example}, which has lost its country code"
            ),
            &format!("keep the country code in the group: put `{prefix}` inside the parentheses"),
        ));
    }
    out
}
