//! The differential test: topoc's regular-expression engine against .NET.
//!
//! Lync evaluates every pattern and translation with .NET, so .NET is the
//! judge. This test compiles two small C# programs with Mono (`mcs`) and
//! runs them (`mono`):
//!
//! - `tests/dotnet/Tables.cs` regenerates `src/netregex/tables.rs` (the
//!   Unicode data .NET's engine uses) and the test fails if the checked-in
//!   file differs (`UPDATE_TABLES=1` rewrites it);
//! - `tests/dotnet/Probe.cs` answers `new Regex(p)`, `Regex.Match(input)`
//!   and `Match.Result(translation)` for each case; the test compares
//!   acceptance, match position and length, every group's success and
//!   value, and the result, on every vector of
//!   `tests/data/translation-vectors.json`, on a list of known traps, and
//!   on generated cases (Lync-style patterns with sampled and mutated
//!   numbers, and random pattern syntax). Any disagreement fails and
//!   prints the case.
//!
//! Without Mono the test prints that it was skipped; under `CI=true` a
//! missing Mono fails it. `TOPOC_DOTNET_CASES` and `TOPOC_DOTNET_SEED`
//! change how many cases are generated and from which seed.
#![allow(clippy::disallowed_methods)] // the test writes scratch files and runs Mono

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use topoc::generate::Rng;
use topoc::netregex::{Regex, Replacement, Undecided};

/// Generated cases per run.
const DEFAULT_CASES: usize = 12_000;

// ----------------------------------------------------------------- Mono ---

struct Mono {
    dir: PathBuf,
}

fn on_path(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Mono with the two programs compiled, or `None` (after saying so) when
/// it is missing outside CI.
fn mono() -> Option<&'static Mono> {
    static MONO: OnceLock<Option<Mono>> = OnceLock::new();
    MONO.get_or_init(|| {
        if !on_path("mono") || !on_path("mcs") {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(
                !ci,
                "CI=true but Mono is missing: .ci/run must install mono-runtime and mono-mcs"
            );
            eprintln!(
                "\n================================================================\n\
                 SKIPPED: the .NET differential test needs Mono (`mono`, `mcs`).\n\
                 Install it (Debian: apt-get install mono-runtime mono-mcs) to\n\
                 check topoc's regex engine against .NET.\n\
                 ================================================================\n"
            );
            return None;
        }
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dotnet");
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["Probe", "Tables"] {
            let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/dotnet/{name}.cs"));
            let out = Command::new("mcs")
                .arg("-nologo")
                .arg(format!(
                    "-out:{}",
                    dir.join(format!("{name}.exe")).display()
                ))
                .arg(&src)
                .output()
                .expect("running mcs");
            assert!(
                out.status.success(),
                "mcs failed on {name}.cs:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Some(Mono { dir })
    })
    .as_ref()
}

impl Mono {
    fn run(&self, program: &str, input: &[u8]) -> String {
        let mut child = Command::new("mono")
            .arg(self.dir.join(format!("{program}.exe")))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("running mono");
        let mut stdin = child.stdin.take().unwrap();
        let input = input.to_vec();
        let writer = std::thread::spawn(move || {
            stdin.write_all(&input).unwrap();
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        assert!(
            out.status.success(),
            "{program}.exe failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

// ------------------------------------------------------------- outcomes ---

/// One case: a pattern, a translation to apply (or none), an input.
#[derive(Clone, Debug)]
struct Case {
    pattern: String,
    translation: Option<String>,
    input: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    /// The pattern does not compile.
    Rejected,
    /// No answer in time (.NET's timeout, topoc's budget).
    Undecided,
    NoMatch {
        /// `Regex.Replace`: `None` when not asked, `Some(None)` when it throws.
        replaced: Option<Option<String>>,
    },
    Match {
        index: usize,
        length: usize,
        /// `None`: not asked; `Some(None)`: Result throws.
        result: Option<Option<String>>,
        groups: Vec<(u32, bool, String)>,
        replaced: Option<Option<String>>,
    },
}

fn hex_result(field: &str) -> Option<Option<String>> {
    match field {
        "-" => None,
        "!" => Some(None),
        h => Some(Some(unhex(h))),
    }
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(h: &str) -> String {
    let bytes: Vec<u8> = (0..h.len() / 2)
        .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    String::from_utf8(bytes).unwrap()
}

fn parse_dotnet(line: &str) -> Outcome {
    let f: Vec<&str> = line.split(' ').collect();
    match f[0] {
        "ERR" => Outcome::Rejected,
        "TIMEOUT" => Outcome::Undecided,
        "NO" => Outcome::NoMatch {
            replaced: hex_result(f[1]),
        },
        "YES" => Outcome::Match {
            index: f[1].parse().unwrap(),
            length: f[2].parse().unwrap(),
            result: hex_result(f[3]),
            replaced: hex_result(f[5]),
            groups: f[4]
                .split(',')
                .map(|g| {
                    let p: Vec<&str> = g.split(':').collect();
                    (p[0].parse().unwrap(), p[1] == "1", unhex(p[2]))
                })
                .collect(),
        },
        other => panic!("unexpected probe output `{other}`"),
    }
}

/// Steps allowed when topoc's default budget runs out: the comparison is
/// of meaning, so a pattern .NET grinds through is ground through here too.
const PATIENT_BUDGET: u64 = 2_000_000_000;

fn ours(case: &Case) -> Outcome {
    let Ok(re) = Regex::new(&case.pattern) else {
        return Outcome::Rejected;
    };
    let found = match re.find(&case.input) {
        Err(Undecided::Budget) => re.find_within(&case.input, &mut PATIENT_BUDGET.clone()),
        other => other,
    };
    let replacement = case
        .translation
        .as_ref()
        .map(|t| Replacement::parse(t, &re).ok());
    let replaced = match &replacement {
        None => None,
        Some(None) => Some(None),
        Some(Some(r)) => match re
            .replace(&case.input, r)
            .or_else(|_| re.replace_within(&case.input, r, &mut PATIENT_BUDGET.clone()))
        {
            Ok(s) => Some(Some(s)),
            Err(_) => return Outcome::Undecided,
        },
    };
    let m = match found {
        Ok(Some(m)) => m,
        Ok(None) => return Outcome::NoMatch { replaced },
        Err(_) => return Outcome::Undecided,
    };
    let result = replacement.map(|r| r.map(|r| m.result(&r)));
    let groups = re
        .group_numbers()
        .iter()
        .enumerate()
        .map(|(slot, &n)| {
            let v = m.group(slot);
            (n, v.is_some(), v.unwrap_or_default())
        })
        .collect();
    Outcome::Match {
        index: m.index(),
        length: m.len(),
        result,
        groups,
        replaced,
    }
}

/// Whether topoc deliberately leaves the pattern unevaluated
/// (conditionals, lazy loops over empty-matching groups).
fn unevaluated(case: &Case) -> bool {
    Regex::new(&case.pattern)
        .ok()
        .is_some_and(|re| re.unsupported().is_some())
}

/// What a comparison found.
#[derive(Default)]
struct Report {
    failures: Vec<String>,
    matched: usize,
    rejected: usize,
}

/// Runs every case on both engines: .NET first, then topoc on the cases
/// .NET answered.
fn compare(mono: &Mono, cases: &[Case]) -> Report {
    let mut input = String::new();
    for c in cases {
        input.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            hex(&c.pattern),
            hex(c.translation.as_deref().unwrap_or("")),
            hex(&c.input),
            if c.translation.is_some() { 1 } else { 0 }
        ));
    }
    let out = mono.run("Probe", input.as_bytes());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), cases.len(), "the probe answered every case");
    let mut timed_out = 0;
    let mut report = Report::default();
    for (case, line) in cases.iter().zip(lines) {
        let dotnet = parse_dotnet(line);
        if dotnet == Outcome::Undecided {
            // .NET gave no answer in its time: there is nothing to compare.
            timed_out += 1;
            continue;
        }
        let mine = ours(case);
        match mine {
            Outcome::Match { .. } => report.matched += 1,
            Outcome::Rejected => report.rejected += 1,
            _ => {}
        }
        let agree = if unevaluated(case) {
            // Only acceptance is compared.
            dotnet != Outcome::Rejected
        } else {
            mine == dotnet
        };
        if !agree {
            report.failures.push(format!(
                "pattern {:?} translation {:?} input {:?}\n    .NET:  {dotnet:?}\n    topoc: {mine:?}",
                case.pattern, case.translation, case.input
            ));
        }
    }
    if timed_out > 0 {
        eprintln!("{timed_out} cases skipped: .NET did not finish them in its time limit");
    }
    // Skipped cases prove nothing: they must stay rare.
    assert!(
        timed_out * 100 <= cases.len(),
        "{timed_out} of {} cases timed out in .NET",
        cases.len()
    );
    report
}

fn assert_agree(mono: &Mono, what: &str, cases: &[Case]) -> Report {
    let report = compare(mono, cases);
    let failures = &report.failures;
    if !failures.is_empty() {
        for f in failures.iter().take(25) {
            eprintln!("{f}");
        }
        panic!(
            "{} of {} {what} cases disagree with .NET (first 25 above)",
            failures.len(),
            cases.len()
        );
    }
    eprintln!("{} {what} cases agree with .NET", cases.len());
    report
}

// ---------------------------------------------------------------- tests ---

#[test]
fn unicode_tables_match_dotnet() {
    let Some(mono) = mono() else { return };
    let generated = mono.run("Tables", b"");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/netregex/tables.rs");
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if std::env::var("UPDATE_TABLES").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    assert!(
        current == generated,
        "src/netregex/tables.rs differs from what .NET reports; regenerate with UPDATE_TABLES=1 cargo test --test dotnet"
    );
}

#[test]
fn documented_vectors_agree() {
    let Some(mono) = mono() else { return };
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/translation-vectors.json"),
    )
    .unwrap();
    let vectors: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let mut cases = Vec::new();
    for v in &vectors {
        let case = Case {
            pattern: v["pattern"].as_str().unwrap().to_string(),
            translation: v["translation"].as_str().map(str::to_string),
            input: v["input"].as_str().unwrap().to_string(),
        };
        // The vector's own expectation holds for topoc, too.
        let re = Regex::new(&case.pattern).unwrap();
        let m = re.find(&case.input).unwrap();
        assert_eq!(
            m.is_some(),
            v["expect_match"].as_bool().unwrap(),
            "{case:?}"
        );
        if let (Some(t), Some(expected)) = (&case.translation, v["expect_output"].as_str()) {
            let r = Replacement::parse(t, &re).unwrap();
            assert_eq!(m.unwrap().result(&r), expected, "{case:?}");
        }
        cases.push(case);
    }
    assert_agree(mono, "documented-vector", &cases);
}

/// Patterns and translations known to trip engines up (LYNC-TRUNKS 6.4,
/// cmdlets.md), each with inputs that show the difference.
#[test]
fn known_traps_agree() {
    let Some(mono) = mono() else { return };
    let patterns: &[(&str, &[&str])] = &[
        (r"^9(\d*){1,5}$", &["$1", "+1206$1"]),
        (r"^+12065555(\d{3})$", &["$1"]),
        (
            r"^(\d{4})$",
            &[
                "+1206555$1a",
                "$10",
                "$2",
                "$$",
                "${1}0",
                "$01",
                "$001",
                "$0",
                "$&",
            ],
        ),
        (r"[0-9]{10}", &["$0", "x$`y$'z", "$_", "$+"]),
        (
            r"^(\d)(\d)(\d)(\d)(\d)(\d)(\d)(\d)(\d)(\d)(\d)$",
            &["$10", "$11", "$12", "$1$0"],
        ),
        (
            r"^(?<area>\d{3})(?<rest>\d{7})$",
            &["+1${area}${rest}", "${area}$2", "${nope}", "$3", "${area"],
        ),
        (r"^(?<5>\d)(\d)(?<x>\d)$", &["$5$1$2${x}$+"]),
        (r"(\+)?[1-9]\d*(;ext=[1-9]\d*)?", &["$1|$2"]),
        (r"^\+1425(?!555)(\d{7})$", &["$1"]),
        (r"^(?=\d{7}$)(\d{3})(\d{4})$", &["$1-$2"]),
        (r"(?<=^\+1)(\d{3})", &["[$1]"]),
        (r"^(\d)\1(\d)\k<2>$", &["$1$2"]),
        (r"^(?>\d+)(\d)$", &["$1"]),
        (r"^(\d+?)(\d*)$", &["$1|$2"]),
        (r"^(\d{3})?(\d{7})$", &["$1|$2"]),
        (r"^(?:(\d)|x)+$", &["$1"]),
        (r"^(?:(?<o>a)|(?<-o>b))*$", &["$1"]),
        (r"^\d+$", &["$0"]),
        (r"^\p{Nd}+$", &["$0"]),
        (r"^[\d-[5]]+$", &["$0"]),
        (r"^\w+$", &["$0"]),
        (r"(?i)^EXT(\d+)$", &["$1"]),
        (r"(?x) ^ \+ 1 (\d{10}) $ # comment", &["$1"]),
        (r"^\x2B\u0031(\d+)\z", &["$1"]),
        (r"^\+\d{1,3}\Z", &["$0"]),
        (r"^$", &["x"]),
        (r"a{", &["$0"]),
        (r"x{,3}", &["$0"]),
        (r"^(a)\12$", &["$1"]),
        (r"^(?:)*$", &["ok"]),
        (r"^(a?){3}$", &["$1"]),
        (r"^(a*)*$", &["[$1]"]),
        (r"^(a*)+$", &["[$1]"]),
        (r"^(a*?)*?$", &["[$1]"]),
        (r"^(?:a|())*$", &["[$1]"]),
        (r"\b\d{4}\b", &["$0"]),
    ];
    let inputs = [
        "",
        "0",
        "1234",
        "95550100",
        "+12065555123",
        "12065555123",
        "+14255551212",
        "14255550100",
        "+14255550100;ext=1001",
        "2065550100",
        "5551234",
        "+14251234567",
        "55",
        "5566",
        "5656",
        "111",
        "123",
        "aabb",
        "abb",
        "ext123",
        "EXT42",
        "\u{0661}\u{0662}\u{0663}",
        "55\n",
        "5\n",
        "a",
        "aa",
        "aaa",
        "a\n12",
        "x",
        "{",
        "x{,3}",
        "+1",
        "a\u{0A}",
        "12 34",
        "1234\u{200D}",
    ];
    let mut cases = Vec::new();
    for (pattern, translations) in patterns {
        for input in inputs {
            for t in translations.iter() {
                cases.push(Case {
                    pattern: pattern.to_string(),
                    translation: Some(t.to_string()),
                    input: input.to_string(),
                });
            }
        }
    }
    let syntax = [
        "a**",
        "a{2}{3}",
        "*a",
        "(?)",
        "x{2,1}",
        r"\8",
        r"\q",
        r"\_",
        "[z-a]",
        "[]",
        r"[a-\d]",
        "[a-z-[b]c]",
        "(?<1a>x)",
        "(?<0>x)",
        "(?r)x",
        "(?(x)a|b|c)",
        "(a",
        "a)",
        r"\k<x>",
        r"\p{Nope}",
        r"\x4",
        "a\\",
        "(?#x",
        "[a-[b]]",
        "[[:alpha:]]",
        "[]a]",
        "[^]a]",
        "[a-]",
        r"[a-\-]",
        r"\<1>",
        r"(a)\<1",
        "(?'n'x)(?<-n>y)",
        "(?i+m-s)X",
        "(?I)x",
        r"\cA\ca\c@",
        r"\c",
        r"\c1",
        "(?<a-b>x)",
        "(?<-x>a)",
        "(?<a->x)",
        "(?(1)a)",
        "(?(1)a)(b)",
        "(?(n)a|b)",
        r"\p{IsGreek}",
        r"\p{_xmlD}",
        r"\P{L}",
        r"[\p{Lu}-[A]]",
        "x{2147483647}",
        "x{2147483648}",
        r"\1(a)",
        "(?n)(a)(?<b>c)",
        "(?x)a # b",
        "(?x)[ ]",
        "(?<é>x)",
        "(?<a\u{200D}>x)",
        r"\é",
        "{1}",
        "a|*",
        "(|a)",
        "()",
        "(?:)",
        "[\\]]",
        "[a\\",
        "(?<=a)",
        "(?<!a)b",
    ];
    for p in syntax {
        for input in ["", "a", "ab", "aab", "x", "xx", "b", "]", "-"] {
            cases.push(Case {
                pattern: p.to_string(),
                translation: Some("$0|$1".into()),
                input: input.to_string(),
            });
        }
    }
    assert_agree(mono, "known-trap", &cases);
}

#[test]
fn generated_cases_agree() {
    let Some(mono) = mono() else { return };
    let count = std::env::var("TOPOC_DOTNET_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let seed = std::env::var("TOPOC_DOTNET_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_2013);
    let mut rng = Rng(seed);
    let cases: Vec<Case> = (0..count).map(|_| generate(&mut rng)).collect();
    let report = assert_agree(mono, "generated", &cases);
    let (matched, rejected) = (report.matched, report.rejected);
    eprintln!(
        "generated {count} cases (seed {seed}): {matched} match, {rejected} patterns rejected"
    );
    // A corpus that never matches, or never rejects, would test little.
    assert!(
        matched * 4 > count,
        "too few matches in the corpus: {matched}"
    );
    assert!(
        rejected * 50 > count,
        "too few invalid patterns: {rejected}"
    );
}

// ------------------------------------------------------------ generator ---

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len())]
}

fn digits(rng: &mut Rng, n: usize, first: &str) -> String {
    let mut s = String::new();
    for i in 0..n {
        let d = if i == 0 && !first.is_empty() {
            let b = first.as_bytes();
            b[rng.below(b.len())] as char
        } else {
            (b'0' + rng.below(10) as u8) as char
        };
        s.push(d);
    }
    s
}

/// A piece of a Lync-style pattern with a string it matches.
struct Piece {
    pattern: String,
    sample: String,
}

fn piece(rng: &mut Rng, depth: u32) -> Piece {
    let p = |pattern: String, sample: String| Piece { pattern, sample };
    match rng.below(if depth > 1 { 14 } else { 20 }) {
        0 => p(r"\+".into(), "+".into()),
        1 => {
            let n = 1 + rng.below(4);
            let d = digits(rng, n, "");
            p(d.clone(), d)
        }
        2 => {
            let n = 1 + rng.below(10);
            p(format!(r"\d{{{n}}}"), digits(rng, n, ""))
        }
        3 => {
            let n = 1 + rng.below(7);
            p(format!("[0-9]{{{n}}}"), digits(rng, n, ""))
        }
        4 => {
            let (a, b) = (rng.below(4), 1 + rng.below(6));
            let n = a + rng.below(b + 1);
            p(format!(r"\d{{{a},{}}}", a + b), digits(rng, n, ""))
        }
        5 => {
            let n = rng.below(6);
            p(
                pick(rng, &[r"\d*", r"\d*?", "[0-9]*", r"\d{0,}"]).into(),
                digits(rng, n, ""),
            )
        }
        6 => {
            let n = 1 + rng.below(6);
            p(
                pick(rng, &[r"\d+", r"\d+?", "[0-9]+", r"\d{1,}"]).into(),
                digits(rng, n, ""),
            )
        }
        7 => p("[2-9]".into(), digits(rng, 1, "23456789")),
        8 => {
            let opts = ["425", "206", "253", "360", "1", "44", "011"];
            let n = 2 + rng.below(3);
            let chosen: Vec<&str> = (0..n).map(|_| pick(rng, &opts)).collect();
            let sample = chosen[rng.below(n)].to_string();
            p(format!("(?:{})", chosen.join("|")), sample)
        }
        9 => {
            let d = digits(rng, 3, "");
            let sample = if rng.chance(50) {
                d.clone()
            } else {
                digits(rng, 3, "")
            };
            p(format!("(?!{d})"), sample[..0].to_string())
        }
        10 => p(
            r"\+?".into(),
            if rng.chance(50) {
                "+".into()
            } else {
                String::new()
            },
        ),
        11 => p(
            r"(;ext=\d+)?".into(),
            if rng.chance(50) {
                format!(";ext={}", digits(rng, 3, ""))
            } else {
                String::new()
            },
        ),
        12 => p(".".into(), pick(rng, &["1", "+", "x", "*"]).into()),
        13 => p(
            pick(rng, &["[*#]", r"\*", "#", "[^0]", r"\D"]).into(),
            pick(rng, &["*", "#", "5", "x"]).into(),
        ),
        // Groups, at the top levels only.
        14 | 15 => {
            let inner = sequence(rng, depth + 1, 3);
            let open = pick(
                rng,
                &["(", "(", "(", "(?:", "(?<g>", "(?'h'", "(?<7>", "(?>"],
            );
            // Repeating a group that itself repeats without bound makes
            // back-tracking exponential in .NET and here alike: keep such
            // groups to `?` and `{2}`, as Lync patterns do.
            let unbounded = inner.pattern.contains('*')
                || inner.pattern.replace(r"\+", "").contains('+')
                || inner.pattern.contains(",}");
            let q = match rng.below(8) {
                _ if unbounded => pick(rng, &["", "?", "{2}"]),
                0 => "?",
                1 => "*",
                2 => "+",
                3 => "{1,5}",
                4 => "{2}",
                5 => "*?",
                _ => "",
            };
            let sample = match q {
                "{2}" => inner.sample.repeat(2),
                "*" | "*?" if rng.chance(30) => String::new(),
                _ => inner.sample.clone(),
            };
            p(format!("{open}{}){q}", inner.pattern), sample)
        }
        16 => {
            let a = sequence(rng, depth + 1, 2);
            let b = sequence(rng, depth + 1, 2);
            let sample = if rng.chance(50) {
                a.sample.clone()
            } else {
                b.sample.clone()
            };
            p(format!("({}|{})", a.pattern, b.pattern), sample)
        }
        17 => {
            let d = digits(rng, 1, "");
            p(
                r"(\d)\1".into(),
                format!(
                    "{d}{}",
                    if rng.chance(80) {
                        d.clone()
                    } else {
                        digits(rng, 1, "")
                    }
                ),
            )
        }
        18 => p(r"(?<=\d)".into(), String::new()),
        _ => {
            let n = rng.below(6);
            p(r"(\d*){1,5}".into(), digits(rng, n, ""))
        }
    }
}

/// One to `most` pieces in a row.
fn sequence(rng: &mut Rng, depth: u32, most: usize) -> Piece {
    let n = 1 + rng.below(most);
    let mut pattern = String::new();
    let mut sample = String::new();
    for _ in 0..n {
        let pc = piece(rng, depth);
        pattern.push_str(&pc.pattern);
        sample.push_str(&pc.sample);
    }
    Piece { pattern, sample }
}

fn mutate(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    match rng.below(8) {
        0 if !chars.is_empty() => {
            chars.remove(rng.below(chars.len()));
        }
        1 => chars.insert(
            rng.below(chars.len() + 1),
            (b'0' + rng.below(10) as u8) as char,
        ),
        2 if !chars.is_empty() => {
            let i = rng.below(chars.len());
            chars[i] = pick(rng, &["0", "9", "+", "a", "\u{0665}", "\u{FF15}", "*"])
                .chars()
                .next()
                .unwrap_or('0');
        }
        3 => chars.push('\n'),
        4 => chars.insert(0, '+'),
        5 => chars.extend(";ext=12".chars()),
        6 => {
            for c in chars.iter_mut() {
                if c.is_ascii_digit() && rng.chance(30) {
                    *c = char::from_u32(0x0660 + (*c as u32 - '0' as u32)).unwrap_or(*c);
                }
            }
        }
        _ => chars.insert(0, (b'0' + rng.below(10) as u8) as char),
    }
    chars.into_iter().collect()
}

fn translation(rng: &mut Rng) -> String {
    pick(
        rng,
        &[
            "$1",
            "+1$1",
            "+$1",
            "9$1",
            "011$1",
            "$1a",
            "$10",
            "$2",
            "${1}0",
            "$$1",
            "$&",
            "$0",
            "$`",
            "$'",
            "$+",
            "$_",
            "${g}",
            "${h}",
            "${7}",
            "${nope}",
            "$",
            "x$",
            "${1",
            "$01",
            "$001",
            "${0}",
            "+1425555$1;ext=$2",
            "+14255550100",
            "$1$2$3",
            "$99999999999",
            "$2147483647",
            "$-1",
            "${1}${2}",
            "$1$1",
            "",
        ],
    )
    .to_string()
}

/// Random pattern syntax: mostly invalid, exercising acceptance.
fn soup(rng: &mut Rng) -> String {
    const ATOMS: &[&str] = &[
        "\\", "^", "$", ".", "|", "?", "*", "+", "(", ")", "[", "]", "{", "}", "-", ",", ":", "=",
        "!", "<", ">", "'", "#", "0", "1", "2", "9", "a", "b", "d", "D", "w", "s", "p", "P", "k",
        "x", "u", "c", "n", "i", "_", "{2}", "{1,3}", "(?", "(?<", "\\d", "\\1", "[^", " ",
    ];
    let n = 1 + rng.below(10);
    (0..n).map(|_| pick(rng, ATOMS)).collect()
}

fn generate(rng: &mut Rng) -> Case {
    let kind = rng.below(100);
    if kind < 12 {
        let input = pick(
            rng,
            &["", "a", "ab", "1", "12", "+1", "aa(", "a{2}", "x\n", "1a2b"],
        )
        .to_string();
        return Case {
            pattern: soup(rng),
            translation: Some(translation(rng)),
            input,
        };
    }
    let body = sequence(rng, 0, 5);
    let start = match rng.below(40) {
        0 => "",
        1 => r"\A",
        2 => "^+",
        3 => "^*",
        4..=9 => "^\\+",
        _ => "^",
    };
    let end = match rng.below(20) {
        0 => "",
        1 => r"\z",
        2 => r"\Z",
        3 => "$?",
        _ => "$",
    };
    let prefix_sample = if start == "^\\+" { "+" } else { "" };
    let pattern = format!("{start}{}{end}", body.pattern);
    let sample = format!("{prefix_sample}{}", body.sample);
    let input = if rng.chance(60) {
        sample
    } else {
        mutate(rng, &sample)
    };
    let translation = if rng.chance(85) {
        Some(translation(rng))
    } else {
        None
    };
    Case {
        pattern,
        translation,
        input,
    }
}
