//! The SARIF 2.1.0 form of diagnostics (`topoc check --format sarif`), for
//! code-scanning services. Rule metadata comes from the code registry, so
//! every result links to its rule's docs. This module builds a value; the
//! CLI prints it.

use serde_json::{Value, json};

use super::codes::{REGISTRY, Severity};
use super::{Diagnostic, Label};
use crate::source::Sources;

/// The schema this output conforms to.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file name as a relative URI reference: forward slashes, and the
/// characters that may not appear in a URI percent-encoded.
fn uri(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn location(sources: &Sources, l: &Label) -> Value {
    let file = sources.get(l.span.file);
    let start = file.line_col(l.span.start as usize);
    let end = file.line_col(l.span.end as usize);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(file.name()) },
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
                // Spans are byte offsets; `charOffset` would count code
                // points (`columnKind`), which differ on non-ASCII text.
                "byteOffset": l.span.start,
                "byteLength": l.span.len(),
            }
        },
        "message": { "text": l.text },
    })
}

/// The SARIF log for a report, with every registry code as a rule.
pub fn report(sources: &Sources, diagnostics: &[Diagnostic], version: &str) -> Value {
    let rules: Vec<Value> = REGISTRY
        .iter()
        .map(|info| {
            json!({
                "id": info.id,
                "name": info.name,
                "shortDescription": { "text": info.summary },
                "fullDescription": { "text": info.what },
                "help": { "text": info.fix, "markdown": info.markdown() },
                "defaultConfiguration": { "level": level(info.severity) },
                "properties": { "lyncRules": info.rules },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let info = d.code.info();
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            if let Some(note) = &d.note {
                text.push('\n');
                text.push_str(note);
            }
            let related: Vec<Value> = d
                .secondary
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mut loc = location(sources, l);
                    loc["id"] = json!(i);
                    loc
                })
                .collect();
            let mut result = json!({
                "ruleId": info.id,
                "ruleIndex": info.code as usize,
                "level": level(info.severity),
                "message": { "text": text },
                "locations": [location(sources, &d.primary)],
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            if let Some(w) = &d.witness {
                // The witness's way as a code flow: one thread, a location
                // per step.
                let steps: Vec<Value> = w
                    .path
                    .iter()
                    .map(|l| json!({ "location": location(sources, l) }))
                    .collect();
                result["codeFlows"] = json!([{
                    "message": { "text": format!("witness '{}'", w.number) },
                    "threadFlows": [{ "locations": steps }],
                }]);
                result["properties"] = json!({ "witness": w.number });
            }
            result
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "topoc",
                    "version": version,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_escaped() {
        assert_eq!(uri("examples/a b.topo"), "examples/a%20b.topo");
        assert_eq!(uri("dir\\x.topo"), "dir/x.topo");
    }
}
