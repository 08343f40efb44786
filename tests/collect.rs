//! `topoc collect-script`: the snapshot script only reads, names only
//! cmdlets of the reference with their documented parameters, and writes
//! the keys docs/snapshot.schema.json requires; the schema accepts a
//! snapshot of that shape and rejects a broken one.

#![allow(clippy::disallowed_methods)] // reads test data

mod common;
mod ps;

use common::*;
use serde_json::{Value, json};

/// The script as the binary prints it.
fn script() -> String {
    let run = topoc(&["collect-script"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    run.stdout
}

/// The cmdlet reference: the shared copy and the cmdlets added to it.
fn reference() -> serde_json::Map<String, Value> {
    let mut all = serde_json::Map::new();
    for file in ["tests/data/cmdlets.json", "tests/data/cmdlets-added.json"] {
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(root().join(file)).unwrap()).unwrap();
        all.extend(v["cmdlets"].as_object().unwrap().clone());
    }
    all
}

/// Plain PowerShell the script may run besides `Get-` cmdlets: its own two
/// functions, and what writes the file.
const PLAIN: &[&str] = &[
    "ConvertTo-TopocValue",
    "ConvertTo-TopocList",
    "ForEach-Object",
    "Where-Object",
    "ConvertTo-Json",
    "Out-File",
    "Write-Host",
];

/// The one command of another verb the script runs: it drops this
/// PowerShell session's type data for arrays (Windows PowerShell 3–5.1
/// would otherwise serialise returned arrays as `{"value": ..., "Count": n}`).
const SESSION_ONLY: &str = "Remove-TypeData System.Array -ErrorAction Ignore";

#[test]
fn the_collect_script_only_reads() {
    let whole = script();
    assert_eq!(whole.matches(SESSION_ONLY).count(), 1);
    let text = whole.replace(SESSION_ONLY, "");
    let lower = text.to_lowercase();
    for verb in [
        "set-", "new-", "remove-", "grant-", "publish-", "enable-", "invoke-", "disable-",
        "install-", "start-", "stop-",
    ] {
        assert!(!lower.contains(verb), "the script mentions `{verb}`");
    }
    let calls = ps::commands(&text).expect("the script parses");
    let reference = reference();
    let mut gets = 0;
    for call in &calls {
        if PLAIN.contains(&call.name.as_str()) {
            continue;
        }
        assert!(
            call.name.starts_with("Get-Cs"),
            "line {}: `{}` is not a Get- cmdlet",
            call.line,
            call.name
        );
        let info = reference.get(&call.name).unwrap_or_else(|| {
            panic!(
                "line {}: `{}` is not in the cmdlet reference",
                call.line, call.name
            )
        });
        for (param, _) in &call.params {
            assert!(
                info["parameters"].get(param).is_some(),
                "line {}: {} has no parameter -{param}",
                call.line,
                call.name
            );
        }
        gets += 1;
    }
    // One Get- per key of the snapshot but `format`, `version` and `collected`.
    assert_eq!(
        gets,
        written_keys(&text).len() - 3,
        "Get- cmdlets and snapshot keys"
    );
}

fn schema_errors(snapshot: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/snapshot.schema.json")).unwrap(),
    )
    .unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("urn:topoc-snapshot-1", schema)
        .unwrap();
    let index = compiler
        .compile("urn:topoc-snapshot-1", &mut schemas)
        .expect("the schema compiles");
    match schemas.validate(snapshot, index) {
        Ok(()) => Vec::new(),
        Err(e) => vec![format!("{e:#}")],
    }
}

/// The top-level keys the script writes, in order.
fn written_keys(script: &str) -> Vec<String> {
    let start = script
        .find("$snapshot = [ordered]@{")
        .expect("the snapshot table");
    let body = &script[start..];
    let body = &body[..body.find("\n}").unwrap()];
    body.lines()
        .skip(1)
        .filter_map(|l| l.trim().split_once(" = ").map(|(k, _)| k.to_string()))
        .collect()
}

#[test]
fn the_schema_describes_what_the_script_writes() {
    let keys = written_keys(&script());
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/snapshot.schema.json")).unwrap(),
    )
    .unwrap();
    let required: Vec<String> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    assert_eq!(keys, required, "the script's keys and the schema's");
    // A snapshot of that shape, with values as the script converts them.
    let mut snapshot = serde_json::Map::new();
    for key in &keys {
        snapshot.insert(key.clone(), json!([]));
    }
    snapshot.insert("format".into(), json!("topoc-snapshot"));
    snapshot.insert("version".into(), json!("1"));
    snapshot.insert("collected".into(), json!("2026-12-06T12:00:00.0000000Z"));
    snapshot.insert("topology".into(), json!("<Topology xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.WritableTopology.2008\" />"));
    snapshot.insert(
        "TrunkConfigurations".into(),
        json!([{
            "Identity": "Global",
            "EnableBypass": "False",
            "MaxEarlyDialogs": "20",
            "SRTPMode": "Required",
            "PstnUsages": [],
            "OutboundTranslationRulesList": [
                {"Identity": "Global/StripPlus", "Priority": "0", "Pattern": "^\\+(\\d+)$", "Translation": "$1", "Description": null}
            ]
        }]),
    );
    let mut snapshot = Value::Object(snapshot);
    assert_eq!(schema_errors(&snapshot), Vec::<String>::new());
    // The schema is not vacuous.
    snapshot["version"] = json!(1);
    assert!(
        !schema_errors(&snapshot).is_empty(),
        "a numeric version is accepted"
    );
    snapshot["version"] = json!("1");
    snapshot["TrunkConfigurations"][0]["MaxEarlyDialogs"] = json!(20);
    assert!(
        !schema_errors(&snapshot).is_empty(),
        "a number value is accepted"
    );
}

#[test]
fn collect_script_writes_a_new_file_only() {
    let dir = scratch("collect-script", &[("taken.ps1", b"keep me")]);
    let taken = dir.join("taken.ps1");
    let run = topoc(&["collect-script", "-o", taken.to_str().unwrap()]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(std::fs::read(&taken).unwrap(), b"keep me");
    let fresh = dir.join("topoc-collect.ps1");
    let run = topoc(&["collect-script", "-o", fresh.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let bytes = std::fs::read(&fresh).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "UTF-8 with a byte-order mark"
    );
    assert_eq!(&bytes[3..], script().as_bytes());
}
