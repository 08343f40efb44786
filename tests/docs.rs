//! docs/codes.md is generated from the code registry and
//! docs/assumptions.md from `topoc::assume`; these tests keep them current.
//! Regenerate with `UPDATE_DOCS=1 cargo test --test docs`.

#![allow(clippy::disallowed_methods)] // reads and writes the generated doc

use topoc::diagnostics::codes::REGISTRY;

fn generate() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\nGenerated from `src/diagnostics/codes.rs` by `tests/docs.rs`; `topoc explain CODE` prints the same.\nRule ids refer to [lync.md](lync.md): E and W ids to its section 9, B ids to 5.1, D ids to 8.\n\n| code | name | severity | rules | summary |\n|---|---|---|---|---|\n",
    );
    for c in REGISTRY.iter().filter(|c| !c.removed) {
        out.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} | {} |\n",
            c.id,
            c.id.to_lowercase(),
            c.name,
            c.severity.as_str(),
            c.rules.join(", "),
            c.summary.replace('|', "\\|")
        ));
    }
    for c in REGISTRY.iter().filter(|c| !c.removed) {
        out.push('\n');
        // Demote the headings one level under the page title.
        let doc = c
            .markdown()
            .replacen("# ", "## ", 1)
            .replace("\n## ", "\n### ");
        out.push_str(&doc);
    }
    out
}

fn assumptions() -> String {
    let mut out = String::from(
        "# Assumptions\n\nGenerated from `src/assume.rs` by `tests/docs.rs`.\n\nWhere Microsoft's documents are silent, disagree with each other, or are contradicted by\nwhat deployments do, topoc still has to choose. Each choice is made once, here, and every\nsimulated call names the ones its outcome rests on (`topoc route` prints `assumed (A06): ...`;\nJSON gives `assumptions` with `id` and `text`), as do golden test failures and the loop\nwitnesses replayed through the simulator. A verdict resting on one of these is topoc's best\nreading, not a documented fact: when a deployment shows otherwise, the assumption is what to\nrevisit.\n\n| id | basis | what topoc assumes | used by |\n|---|---|---|---|\n",
    );
    for a in topoc::assume::ALL {
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            a.id,
            a.id.to_lowercase(),
            a.basis.as_str(),
            a.text.replace('|', "\\|"),
            a.used_by.replace('|', "\\|"),
        ));
    }
    for a in topoc::assume::ALL {
        out.push_str(&format!(
            "\n## {}\n\n{}.\n\n**Basis:** {}.\n\n**Source:** {}\n\n**Used by:** {}.\n",
            a.id,
            capitalized(a.text),
            a.basis.as_str(),
            a.source,
            a.used_by
        ));
    }
    out
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Compares a generated document with the file, or writes it with
/// `UPDATE_DOCS=1`.
fn current(file: &str, expected: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{file} is out of date: run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}

#[test]
fn codes_md_is_current() {
    current("docs/codes.md", &generate());
}

#[test]
fn assumptions_md_is_current() {
    current("docs/assumptions.md", &assumptions());
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file below `dir` (relative to the crate) whose name ends in `ext`.
fn files(dir: &str, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// What users read: every line of the sources that is not a comment
/// (messages, traces, generated files are built from these), the
/// examples, the docs and the README; with where each line is.
fn shown_text() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut add = |path: &std::path::Path, code: bool| {
        for (i, line) in read(path).lines().enumerate() {
            if code && line.trim_start().starts_with("//") {
                continue;
            }
            let at = format!("{}:{}", path.strip_prefix(root).unwrap().display(), i + 1);
            out.push((at, line.to_string()));
        }
    };
    for path in files("src", ".rs") {
        add(&path, true);
    }
    for path in files("examples", ".topo")
        .into_iter()
        .chain(files("docs", ".md"))
        .chain([root.join("README.md")])
    {
        add(&path, false);
    }
    out
}

/// Issue 16, point 1: users cannot open the team's LANGUAGE.md or
/// LYNC-TRUNKS.md, so nothing they see cites them.
#[test]
fn nothing_shown_cites_a_file_outside_the_repository() {
    let outside: Vec<String> = shown_text()
        .into_iter()
        .filter(|(_, line)| {
            ["LYNC-TRUNKS", "LANGUAGE.md", "TOPOLOGY-XML", "STYLE.md"]
                .iter()
                .any(|outside| line.contains(outside))
        })
        .map(|(at, line)| format!("{at}: {line}"))
        .collect();
    assert!(
        outside.is_empty(),
        "cite docs/lync.md or docs/language.md instead:\n{}",
        outside.join("\n")
    );
}

/// Every `docs/lync.md X` and `docs/language.md section N` names a
/// section heading or a rule id those documents have.
#[test]
fn citations_of_the_docs_resolve() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let lync = read(&root.join("docs/lync.md"));
    let language = read(&root.join("docs/language.md"));
    let section = |doc: &str, n: &str| {
        doc.lines().any(|l| {
            l.strip_prefix("## ")
                .or_else(|| l.strip_prefix("### "))
                .is_some_and(|h| {
                    h == n || h.starts_with(&format!("{n} ")) || h.starts_with(&format!("{n}. "))
                })
        })
    };
    let rule = |id: &str| lync.contains(&format!("- **{id}** "));
    let mut cited = 0;
    let mut broken = Vec::new();
    for (at, line) in shown_text() {
        for rest in line.split("docs/lync.md ").skip(1) {
            for item in rest.split(", ") {
                let token: String = item
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
                    .collect();
                let token = token.trim_end_matches('.');
                let is_id = token.len() >= 2
                    && token.as_bytes()[0].is_ascii_uppercase()
                    && token[1..].bytes().all(|b| b.is_ascii_digit());
                let is_section =
                    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit() || b == b'.');
                if is_id {
                    cited += 1;
                    if !rule(token) {
                        broken.push(format!("{at}: rule {token}"));
                    }
                } else if is_section {
                    cited += 1;
                    if !section(&lync, token) {
                        broken.push(format!("{at}: section {token}"));
                    }
                } else {
                    break;
                }
                if item.len() != token.len() {
                    break;
                }
            }
        }
        for rest in line.split("docs/language.md section ").skip(1) {
            let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
            cited += 1;
            if !section(&language, &n) {
                broken.push(format!("{at}: docs/language.md section {n}"));
            }
        }
    }
    assert!(
        cited > 50,
        "only {cited} citations found: is the scan broken?"
    );
    assert!(
        broken.is_empty(),
        "citations naming nothing:\n{}",
        broken.join("\n")
    );
}

/// Issue 16, point 1: the language reference covers every keyword.
#[test]
fn every_keyword_is_in_the_language_reference() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = read(&root.join("docs/language.md"));
    // Words of the ```topo examples, and `quoted` words of the prose.
    let examples: String = doc
        .split("```topo\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .collect();
    let words: std::collections::BTreeSet<&str> = examples
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .collect();
    let missing: Vec<&str> = topoc::syntax::keywords()
        .iter()
        .copied()
        .filter(|k| !(doc.contains(&format!("`{k}`")) || words.contains(k)))
        .collect();
    assert!(
        missing.is_empty(),
        "keywords docs/language.md does not show: {missing:?}"
    );
}

/// Issue 16, point 4: the version in Cargo.toml has its CHANGELOG.md
/// section, the README's pre-commit snippet uses its tag, and the README
/// states the minimum Rust version Cargo.toml declares.
#[test]
fn release_facts_agree() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = read(&root.join("Cargo.toml"));
    let field = |key: &str| {
        cargo
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or_else(|| panic!("no {key} in Cargo.toml"))
    };
    let (version, msrv) = (field("version"), field("rust-version"));
    assert_eq!(version, topoc::VERSION);
    let changelog = read(&root.join("CHANGELOG.md"));
    assert!(
        changelog.contains(&format!("\n## [{version}] — ")),
        "CHANGELOG.md has no section for {version}"
    );
    let readme = read(&root.join("README.md"));
    assert!(
        readme.contains(&format!("  rev: v{version}\n")),
        "README's pre-commit rev is not v{version}"
    );
    assert!(
        readme.contains(&format!("Rust {msrv} or later")),
        "README does not state Rust {msrv}"
    );
    assert!(
        readme.contains("cargo install --locked --path ."),
        "README says how to install"
    );
}
