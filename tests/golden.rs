//! Golden call tests can fail: every expectation of the LANGUAGE.md
//! example holds as written, and changing any one of them makes `check`
//! report that test, at that expectation, with the expected and the
//! actual value.
#![allow(clippy::disallowed_methods)] // the test reads the example

mod common;

use common::*;

fn check(text: &str) -> topoc::Checked {
    check_text("example.topo", text)
}

/// Each expectation of the five tests, as written and changed.
const CHANGES: &[(&str, &str, &str)] = &[
    (
        "normalized '+14255550123'",
        "normalized '+14255550124'",
        "expected normalized number '+14255550124', got '+14255550123'",
    ),
    (
        "    route To-Pbx\n",
        "    route Redmond-Local\n",
        "expected route `Redmond-Local`, got `To-Pbx`",
    ),
    (
        "trunks [pbx-2, pbx.redmond.contoso.com]",
        "trunks [pbx-2]",
        "expected trunks [pbx-2], got [pbx-2, pbx.redmond.contoso.com]",
    ),
    (
        "backup [Redmond-Local, LongDistance]      #",
        "backup [LongDistance, Redmond-Local]      #",
        "expected backup routes [LongDistance, Redmond-Local], got [Redmond-Local, LongDistance]",
    ),
    (
        "    sent '+14255550123'",
        "    sent '14255550123'",
        "expected called number sent '14255550123', got '+14255550123' via `pbx-2`",
    ),
    (
        "    bypass off ",
        "    bypass on  ",
        "expected bypass on, got off via `pbx-2`",
    ),
    (
        "expect { lync-user }",
        "expect { unroutable }",
        "expected outcome unroutable, got a Lync user",
    ),
    (
        "expect { route Bellevue-Local;",
        "expect { route Redmond-Local;",
        "expected route `Redmond-Local`, got `Bellevue-Local`",
    ),
    (
        "trunks [gw.bellevue.contoso.com];",
        "trunks [gw1.redmond.contoso.com];",
        "expected trunks [gw1.redmond.contoso.com], got [gw.bellevue.contoso.com]",
    ),
    (
        "backup [Redmond-Local, LongDistance]; bypass on",
        "backup [Redmond-Local]; bypass on",
        "expected backup routes [Redmond-Local], got [Redmond-Local, LongDistance]",
    ),
    (
        "LongDistance]; bypass on }",
        "LongDistance]; bypass off }",
        "expected bypass off, got on via `gw.bellevue.contoso.com`",
    ),
    (
        "  expect { route To-Pbx }",
        "  expect { route LongDistance }",
        "expected route `LongDistance`, got `To-Pbx`",
    ),
    (
        "expect { route LongDistance;",
        "expect { route To-Pbx;",
        "expected route `To-Pbx`, got `LongDistance`",
    ),
    (
        "trunks [sip.itsp.example.net];",
        "trunks [pbx-2];",
        "expected trunks [pbx-2], got [sip.itsp.example.net]",
    ),
    (
        "sent '12065550100' }",
        "sent '+12065550100' }",
        "expected called number sent '+12065550100', got '12065550100' via `sip.itsp.example.net`",
    ),
];

#[test]
fn the_language_examples_tests_pass_and_each_expectation_can_fail() {
    let path = root().join("tests/fixtures/language/example.topo");
    let text = std::fs::read_to_string(path).unwrap();
    let failures = |c: &topoc::Checked| -> Vec<String> {
        c.diagnostics
            .iter()
            .filter(|d| d.code.info().name.starts_with("call-test"))
            .map(|d| d.message.clone())
            .collect()
    };
    let clean = check(&text);
    assert_eq!(clean.model.as_ref().map(|m| m.tests.len()), Some(5));
    assert!(failures(&clean).is_empty(), "{:?}", failures(&clean));
    for (from, to, expected) in CHANGES {
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
        let changed = text.replacen(from, to, 1);
        let c = check(&changed);
        let found = failures(&c);
        assert_eq!(found.len(), 1, "changing `{from}` to `{to}`: {found:?}");
        assert!(
            found[0].contains(expected),
            "changing `{from}` to `{to}`:\n  got {}\n  want {expected}",
            found[0]
        );
        let d = c
            .diagnostics
            .iter()
            .find(|d| d.code.info().name == "call-test-failed")
            .unwrap();
        assert!(
            d.note
                .as_deref()
                .is_some_and(|n| n.starts_with("simulated call:"))
        );
        // The report points into the changed expectation, at something.
        // (A statement's span may run on over the blanks before a comment.)
        let start = d.primary.span.start as usize;
        let end = start + changed[start..d.primary.span.end as usize].trim_end().len();
        let at = text.find(from).unwrap();
        assert!(
            start < end && at <= start && end <= at + to.len(),
            "points at `{}`, changed `{to}`",
            &changed[start..end]
        );
    }
}
