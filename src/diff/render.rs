//! A [`Diff`] as text for people and as Markdown for a pull-request
//! comment (a summary table, then the details folded). Every name and
//! number comes from a project file: the text is passed through
//! [`escape_unsafe`], the Markdown through [`md`], so neither can break
//! out of its place.

use std::fmt::Write;

use super::{Diff, Originator, Region};
use crate::lexical::escape_unsafe;

/// Regions shown per originator before the rest is counted.
const SHOWN: usize = 20;

/// The diff as text.
pub fn text(d: &Diff) -> String {
    let mut out = String::new();
    let t = |s: &str| escape_unsafe(s).into_owned();
    for why in &d.not_compared {
        let _ = writeln!(out, "not compared: {}", t(why));
    }
    for o in &d.behaviour {
        let _ = writeln!(out, "{}", t(&o.who.join("; ")));
        if o.was != o.now {
            let _ = writeln!(out, "  was {}; now {}", t(&o.was), t(&o.now));
        }
        for r in o.changes.regions.iter().take(SHOWN) {
            let _ = writeln!(out, "  numbers {}", t(&numbers(r)));
            let _ = writeln!(out, "    was: {}", t(&r.was));
            let _ = writeln!(out, "    now: {}", t(&r.now));
            let _ = writeln!(out, "    e.g. {}", t(&witness(r)));
            let _ = writeln!(out, "      before: {}", t(&r.before.line()));
            let _ = writeln!(out, "      after:  {}", t(&r.after.line()));
            if let Some(n) = &r.note {
                let _ = writeln!(out, "    note: {}", t(n));
            }
        }
        if o.changes.regions.len() > SHOWN {
            let _ = writeln!(out, "  ... and {} more", o.changes.regions.len() - SHOWN);
        }
        for u in &o.changes.undecided {
            // A comparison that never started has no example to give.
            let _ = if u.numbers.is_empty() {
                writeln!(out, "  undecided: {}", t(&u.why))
            } else {
                writeln!(
                    out,
                    "  undecided: {} (e.g. {})",
                    t(&u.why),
                    t(&u.numbers.join(", "))
                )
            };
        }
    }
    for (sign, list) in [('-', &d.only_old), ('+', &d.only_new)] {
        for who in list {
            let _ = writeln!(out, "{sign} originator: {}", t(who));
        }
    }
    for c in &d.objects {
        let _ = writeln!(out, "{} {} {}", c.action, t(&c.collection), t(&c.identity));
        for s in &c.settings {
            let _ = writeln!(out, "    {}", t(s));
        }
    }
    for (sign, list) in [('-', &d.fixed), ('+', &d.introduced)] {
        for f in list {
            let _ = writeln!(out, "{sign} {} {}: {}", f.severity, f.code, t(&f.message));
        }
    }
    let _ = writeln!(out, "{}", summary(d));
    out
}

/// The one-line verdict.
pub fn summary(d: &Diff) -> String {
    let regions: usize = d.behaviour.iter().map(|o| o.changes.regions.len()).sum();
    let undecided: usize = d.behaviour.iter().map(|o| o.changes.undecided.len()).sum();
    let mut out = if d.behaviour_changed() {
        format!(
            "behaviour changed: {regions} number range(s) for {} of {} originator(s)",
            d.behaviour.len(),
            d.originators
        )
    } else {
        format!(
            "behaviour unchanged for all {} originator(s)",
            d.originators
        )
    };
    if undecided > 0 {
        out.push_str(&format!(", {undecided} not decided"));
    }
    if !d.only_old.is_empty() || !d.only_new.is_empty() {
        out.push_str(&format!(
            ", {} originator(s) removed, {} added",
            d.only_old.len(),
            d.only_new.len()
        ));
    }
    out.push_str(&format!(
        "; {} object change(s); {} finding(s) fixed, {} introduced",
        d.objects.len(),
        d.fixed.len(),
        d.introduced.len()
    ));
    out
}

fn numbers(r: &Region) -> String {
    let list = r.numbers.join(" | ");
    if r.described {
        list
    } else {
        format!("{list} ... (no short description; the first of them)")
    }
}

fn witness(r: &Region) -> String {
    match &r.calling {
        Some(c) => format!("{} calling {c}", r.witness),
        None => r.witness.clone(),
    }
}

/// Text for a Markdown table cell or line: control characters escaped,
/// and as entities every character GitHub's Markdown gives meaning to:
/// tables (`|`), HTML and entities, code, emphasis, links and images,
/// headings, math (`$`), mentions (`@`), emoji and autolinks (`:`).
pub fn md(s: &str) -> String {
    let mut out = String::new();
    for c in escape_unsafe(s).chars() {
        match c {
            '|' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '#' | '\\' | '~' | '!' | '$'
            | '@' | ':' => {
                let _ = write!(out, "&#{};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// The diff as a pull-request comment.
pub fn markdown(d: &Diff) -> String {
    let mut out = String::from("### topoc diff\n\n");
    let _ = writeln!(out, "**{}**\n", md(&summary(d)));
    if !d.behaviour.is_empty() {
        out.push_str("| who | numbers | was | now | e.g. |\n|---|---|---|---|---|\n");
        for o in &d.behaviour {
            for r in o.changes.regions.iter().take(SHOWN) {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    md(&o.who.join("; ")),
                    md(&numbers(r)),
                    md(&r.was),
                    md(&r.now),
                    md(&witness(r))
                );
            }
            for u in &o.changes.undecided {
                let _ = writeln!(
                    out,
                    "| {} | {} | not decided | {} | |",
                    md(&o.who.join("; ")),
                    md(&u.numbers.join(", ")),
                    md(&u.why)
                );
            }
        }
        out.push('\n');
        out.push_str("<details><summary>Witnesses replayed through both versions</summary>\n\n");
        for o in &d.behaviour {
            details(&mut out, o);
        }
        out.push_str("</details>\n\n");
    }
    let folded = |out: &mut String, title: &str, lines: Vec<String>| {
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "<details><summary>{title} ({})</summary>\n",
            lines.len()
        );
        for l in lines {
            let _ = writeln!(out, "- {l}");
        }
        out.push_str("\n</details>\n\n");
    };
    let mut who = Vec::new();
    for (sign, list) in [("removed", &d.only_old), ("added", &d.only_new)] {
        who.extend(list.iter().map(|w| format!("{sign}: {}", md(w))));
    }
    folded(&mut out, "Originators added or removed", who);
    folded(
        &mut out,
        "Objects a deployment would change",
        d.objects
            .iter()
            .map(|c| {
                let mut l = format!(
                    "{} {} {}",
                    md(&c.action.to_string()),
                    md(&c.collection),
                    md(&c.identity)
                );
                for s in &c.settings {
                    let _ = write!(l, "<br>{}", md(s));
                }
                l
            })
            .collect(),
    );
    let mut findings = Vec::new();
    for (sign, list) in [("fixed", &d.fixed), ("introduced", &d.introduced)] {
        findings.extend(list.iter().map(|f| {
            format!(
                "{sign}: {} {} {}",
                md(&f.severity),
                md(&f.code),
                md(&f.message)
            )
        }));
    }
    folded(&mut out, "Findings", findings);
    for why in &d.not_compared {
        let _ = writeln!(out, "Not compared: {}\n", md(why));
    }
    out
}

fn details(out: &mut String, o: &Originator) {
    let _ = writeln!(out, "**{}**\n", md(&o.who.join("; ")));
    for r in o.changes.regions.iter().take(SHOWN) {
        let _ = writeln!(out, "- {}", md(&witness(r)));
        let _ = writeln!(out, "  - before: {}", md(&r.before.line()));
        let _ = writeln!(out, "  - after: {}", md(&r.after.line()));
        if let Some(n) = &r.note {
            let _ = writeln!(out, "  - note: {}", md(n));
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Originator, behaviour::Changes, behaviour::Undecided};

    #[test]
    fn an_undecided_part_gives_an_example_only_when_it_has_one() {
        let undecided = |numbers: &[&str]| Undecided {
            why: "not compared".to_string(),
            numbers: numbers.iter().map(|n| n.to_string()).collect(),
            set: crate::dialset::Set::all(),
        };
        let d = Diff {
            behaviour: vec![Originator {
                who: vec!["users homed on pool fe".to_string()],
                was: "a".to_string(),
                now: "b".to_string(),
                changes: Changes {
                    regions: Vec::new(),
                    undecided: vec![undecided(&[]), undecided(&["+1425", "+1206"])],
                },
            }],
            ..Diff::default()
        };
        let out = text(&d);
        assert!(out.contains("  undecided: not compared\n"), "{out}");
        assert!(
            out.contains("  undecided: not compared (e.g. +1425, +1206)\n"),
            "{out}"
        );
        assert!(!out.contains("(e.g. )"), "{out}");
    }
}
