//! Bad input never panics, overflows the stack or hangs: random mutations
//! of the examples, and the classic pathological inputs.

#![allow(clippy::disallowed_methods)] // tests read fixtures and write scratch files

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use common::*;
use topoc::generate::Rng;
use topoc::source::Sources;

/// Tokens worth splicing in: they reach deeper than random bytes.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ";",
    "\n",
    "'",
    "\"",
    "#",
    "->",
    ",",
    "..",
    ":",
    "/",
    "site:",
    "trunk:",
    "tag:",
    "global",
    "from",
    "port",
    "5067",
    "-1",
    "99999999999999999999",
    "on",
    "off",
    "rule",
    "route",
    "pstn-usage",
    "trunk-config",
    "mediation",
    "gateway",
    "\u{0}",
    "\u{feff}",
    "é",
    "\\",
    "''",
    "10.0.0.0/8",
    "[::1]",
    "allow",
    "test",
    "expect",
    "0.0.0.0/0",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = out.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            // Flip a byte (may break UTF-8 on purpose).
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            // Truncate.
            1 => out.truncate(at),
            // Duplicate a range.
            2 if len > 0 => {
                let end = (at + rng.below(200)).min(len);
                let copy = out[at.min(end)..end].to_vec();
                let to = rng.below(out.len() + 1);
                out.splice(to..to, copy);
            }
            // Delete a range.
            3 if len > 0 => {
                let end = (at + rng.below(50)).min(len);
                out.drain(at.min(end)..end);
            }
            // Insert a token.
            4 | 5 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.splice(at..at, t.iter().copied());
            }
            // Replace a byte with a random one.
            _ if len > 0 => {
                let i = rng.below(len);
                out[i] = rng.next_u64() as u8;
            }
            _ => {}
        }
    }
    out
}

/// Everything a user-facing command does with a project: check, build
/// (when it checks clean), and format each file that parses; formatted
/// text must parse again.
/// Returns whether the project checked clean and was built.
fn exercise(files: &[(String, Vec<u8>)]) -> bool {
    let mut sources = Sources::new();
    for (name, bytes) in files {
        sources.add_bytes(name.clone(), bytes.clone());
    }
    let built = topoc::check_with(&sources, |report| {
        let _ = topoc::cli::render::render(
            &sources,
            report.diagnostics,
            &topoc::cli::render::handler(false, 80),
        );
        let _ = topoc::diagnostics::json::report(&sources, report.diagnostics);
        let _ = topoc::diagnostics::sarif::report(&sources, report.diagnostics, "test");
        if let Some(analysed) = report.analysed {
            let (model, graph) = (analysed.model(), analysed.graph());
            let _ = graph.to_dot(model);
            let _ = graph.to_mermaid(model);
        }
        let Some(project) = &report.clean else {
            return false;
        };
        for experimental_additional_trunks in [false, true] {
            let out = topoc::emit::build(&topoc::emit::Input::new(
                project,
                &sources,
                topoc::emit::Options {
                    experimental_additional_trunks,
                },
            ));
            assert!(
                out.diagnostics.iter().all(|d| d.code.info().id != "T0901"),
                "internal error in build"
            );
        }
        true
    });
    for file in sources.iter() {
        let (tree, diags) = topoc::syntax::parse_file(file);
        if !topoc::diagnostics::has_errors(&diags) {
            let text = topoc::format::format(file, &tree);
            let mut again = Sources::new();
            let id = again.add("again.topo", text);
            let (_, d2) = topoc::syntax::parse_file(again.get(id));
            assert!(d2.is_empty(), "formatted text does not parse: {d2:?}");
        }
    }
    built
}

#[test]
fn ten_thousand_mutations_never_panic() {
    let mut corpus: Vec<(String, Vec<u8>)> = Vec::new();
    for path in topo_files(&root().join("examples"))
        .into_iter()
        .chain(topo_files(&root().join("tests/fixtures")))
    {
        corpus.push((relative(&path), std::fs::read(&path).unwrap()));
    }
    let mut rng = Rng(0x70_70_C0_DE);
    let crash_dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mutation-crashes");
    let mut built = 0;
    for round in 0..10_000 {
        let (name, base) = &corpus[rng.below(corpus.len())];
        let mutated = mutate(&mut rng, base);
        // Half the rounds check the mutated file together with a clean one,
        // so cross-file name resolution sees broken input too.
        let mut project = vec![(name.clone(), mutated.clone())];
        if round % 2 == 0 {
            let (other_name, other) = &corpus[rng.below(corpus.len())];
            if other_name != name {
                project.push((other_name.clone(), other.clone()));
            }
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| exercise(&project)));
        built += usize::from(outcome.as_ref().is_ok_and(|b| *b));
        if outcome.is_err() {
            std::fs::create_dir_all(&crash_dir).unwrap();
            let path = crash_dir.join(format!("round-{round}.topo"));
            std::fs::write(&path, &mutated).unwrap();
            panic!(
                "mutation round {round} of {name} panicked; input saved to {}",
                path.display()
            );
        }
    }
    // Enough mutated projects still check clean for the build to be tried.
    assert!(built >= 100, "only {built} rounds built");
}

fn single(text: impl Into<Vec<u8>>) -> topoc::Checked {
    check_text("t.topo", text)
}

fn codes(c: &topoc::Checked) -> Vec<&'static str> {
    c.diagnostics.iter().map(|d| d.code.info().id).collect()
}

#[test]
fn empty_and_blank_files_are_clean() {
    for text in ["", "\n", "   \n\t\n", "# only a comment", "\u{feff}"] {
        let c = single(text);
        assert!(c.diagnostics.is_empty(), "{text:?}: {:?}", codes(&c));
    }
}

#[test]
fn deep_nesting_is_one_error() {
    for open in ["{", "[", "site A {"] {
        let c = single(open.repeat(10_000));
        assert_eq!(codes(&c).len(), 1, "{open}: {:?}", codes(&c));
    }
    let c = single(format!(
        "site A {}{}",
        "{".repeat(10_000),
        "}".repeat(10_000)
    ));
    assert!(c.has_errors());
}

#[test]
fn nul_bytes_and_control_characters_are_errors() {
    let c = single(b"pstn-usage A\0\0\0\n\x01\x02".to_vec());
    assert!(codes(&c).iter().all(|c| *c == "T0007"), "{:?}", codes(&c));
    let c = single(vec![0u8; 100_000]);
    assert!(!c.diagnostics.is_empty() && c.diagnostics.len() <= 20);
}

#[test]
fn unterminated_strings_and_patterns_at_the_end_of_the_file() {
    assert_eq!(codes(&single("pstn-usage \"abc")), ["T0004"]);
    assert_eq!(codes(&single("lync-numbers 'abc")), ["T0005"]);
    assert_eq!(codes(&single("lync-numbers '")), ["T0005"]);
}

#[test]
fn invalid_utf8_is_one_error_with_its_offset() {
    let c = single(b"pstn-usage A\n\xc3\x28 more".to_vec());
    assert_eq!(codes(&c), ["T0006"]);
    assert!(c.diagnostics[0].message.contains("offset 13"));
}

/// A 50 MB project file parses and lowers (no quadratic behaviour, no
/// recursion limit); performance targets live in benches/.
#[test]
fn a_fifty_megabyte_file_checks() {
    let mut text = String::with_capacity(52 * 1024 * 1024);
    text.push_str(
        "site S {\n  frontend-pool fe.s.contoso.com { servers [fe1.s.contoso.com] }\n  mediation-pool m.s.contoso.com { servers [m1.s.contoso.com]; next-hop fe.s.contoso.com }\n  gateway g1.s.contoso.com { root-trunk { port 5067 tls; mediation m.s.contoso.com port 5067 } }\n  gateway g2.s.contoso.com { root-trunk { port 5068 tls; mediation m.s.contoso.com port 5067 } }\n}\npstn-usage Local\nvoice-policy global { usages [Local] }\n",
    );
    let mut i = 0;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&format!(
            "route R{i} {{\n  pattern '^\\+1425{i:07}$'\n  usages [Local]\n  trunks [g1.s.contoso.com, g2.s.contoso.com]\n  priority {i}\n  description \"generated route number {i}, padding the file\"\n}}\n"
        ));
        i += 1;
    }
    let c = single(text);
    assert!(
        c.diagnostics.is_empty(),
        "{:?}",
        &codes(&c)[..codes(&c).len().min(5)]
    );
    assert_eq!(c.model.unwrap().routes.len(), i);
}

#[test]
fn a_very_long_line_checks() {
    let names: Vec<String> = (0..100_000).map(|i| format!("U{i}")).collect();
    let text = format!("route R {{ pattern 'x'; usages [{}] }}\n", names.join(", "));
    let c = single(text);
    assert_eq!(codes(&c).len(), 100_000, "every unknown usage is reported");
}

#[test]
fn a_file_over_the_limit_is_one_error_and_is_not_read() {
    let mut sources = Sources::new();
    sources.add_too_large("huge.topo", topoc::source::MAX_FILE_BYTES + 1);
    let c = topoc::check(&sources);
    assert_eq!(codes(&c), ["T0014"]);
}
