//! docs/codes.md is generated from the code registry; this test keeps it
//! current. Regenerate with `UPDATE_DOCS=1 cargo test --test docs`.

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

#[test]
fn codes_md_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codes.md");
    let expected = generate();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/codes.md is out of date: run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}
