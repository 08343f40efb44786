//! docs/codes.md is generated from the code registry and
//! docs/assumptions.md from `topoc::assume`; these tests keep them current.
//! Regenerate with `UPDATE_DOCS=1 cargo test --test docs`.

#![allow(clippy::disallowed_methods)] // reads and writes the generated doc

use topoc::diagnostics::codes::REGISTRY;

fn generate() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\nGenerated from `src/diagnostics/codes.rs` by `tests/docs.rs`; `topoc explain CODE` prints the same.\nRule ids refer to LYNC-TRUNKS.md section 9.\n\n| code | name | severity | rules | summary |\n|---|---|---|---|---|\n",
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
