//! `topoc import [SNAPSHOT] [--script PS1]... [--topology FILE] -o DIR`: a
//! live deployment's snapshot, the PowerShell scripts that configured it
//! (evaluated against the snapshot, or an empty deployment), or its
//! topology document alone, as a new project ([`crate::import`]). The files are formatted
//! (and so proved to parse) before anything is written; `DIR` must not
//! exist, and every file is created new, so nothing is ever overwritten.
//! What was left out or assumed is printed and kept in `import-report.md`.

use std::io::Write;
use std::path::Path;

use crate::lexical::escape_unsafe;
use crate::source::Sources;

use super::args::ImportArgs;
use super::files::{display_name, read_capped};
use super::{CliError, ExitStatus, Failure, write_stderr};

/// The deployment scripts run against when no snapshot is given: an empty
/// one with Lync's global objects, and the sites, trunks and gateways of
/// the topology document when one is given (a script's preflight reads
/// them).
fn published(topology: Option<&(String, Vec<u8>)>) -> Result<crate::snapshot::Snapshot, CliError> {
    use crate::snapshot::{Props, Value};
    let mut s = crate::snapshot::Snapshot::empty();
    let Some((shown, bytes)) = topology else {
        return Ok(s);
    };
    let imported = crate::import::topology(bytes)
        .map_err(|e| CliError(format!("`{shown}`: {}", escape_unsafe(&e))))?;
    for site in &imported.sites {
        s.objects.entry("Sites").or_default().push(Props::from([(
            "Identity".to_string(),
            Value::text(format!("Site:{site}")),
        )]));
    }
    for trunk in &imported.trunks {
        let identity = Value::text(format!("PstnGateway:{trunk}"));
        for collection in ["Trunks", "PstnGateways"] {
            s.objects
                .entry(collection)
                .or_default()
                .push(Props::from([("Identity".to_string(), identity.clone())]));
        }
    }
    Ok(s)
}

/// The lines of the import report for a script: how many calls were
/// evaluated, every statement that was not, and where evaluation stopped.
fn script_report(shown: &str, r: &crate::import::script::Report) -> Vec<String> {
    let mut out = vec![format!(
        "`{shown}`: {} call(s) evaluated, {} statement(s) not evaluated",
        r.applied.len(),
        r.skipped.len()
    )];
    for s in &r.skipped {
        out.push(format!(
            "`{shown}` line {}, column {}: not evaluated ({}): {}",
            s.at.line,
            s.at.column,
            s.reason,
            crate::emit::steps::code(&s.text)
        ));
    }
    if let Some(s) = &r.stopped {
        out.push(format!(
            "`{shown}` line {}, column {}: evaluation stopped ({}): {}; nothing after it was read",
            s.at.line,
            s.at.column,
            s.reason,
            crate::emit::steps::code(&s.text)
        ));
    }
    out
}

/// Runs `topoc import`.
pub fn run(args: &ImportArgs) -> Result<ExitStatus, Failure> {
    let (shown, imported) = import(args)?;
    // The report quotes the document's own text: shown escaped.
    let lines: Vec<String> = imported
        .report
        .iter()
        .map(|l| escape_unsafe(l).into_owned())
        .collect();
    let mut files = Vec::new();
    for (name, text) in &imported.files {
        files.push((name.clone(), formatted(name, text)?));
    }
    let mut report = format!(
        "# Import report\n\nImported from `{shown}` by topoc {}.\n\n",
        crate::VERSION
    );
    if lines.is_empty() {
        report.push_str("Nothing was left out.\n");
    }
    for line in &lines {
        report.push_str(&format!("- {line}\n"));
    }
    files.push(("import-report.md".into(), report));
    write_new_dir(&args.out, &files)?;
    for line in &lines {
        write_stderr(&format!("note: {line}\n"));
    }
    let out = display_name(&args.out);
    write_stderr(&format!(
        "wrote {} file(s) to {out}\nnext: `topoc check {out}`\n",
        files.len()
    ));
    Ok(ExitStatus::Success)
}

/// Reads the inputs and imports them: the name shown for the source, and
/// what was imported.
fn import(args: &ImportArgs) -> Result<(String, crate::import::Imported), CliError> {
    let read = |path: &Path| -> Result<(String, Vec<u8>), CliError> {
        let shown = display_name(path);
        let bytes = read_capped(path)?
            .map_err(|len| CliError(format!("`{shown}` is too large ({len} bytes)")))?;
        Ok((shown, bytes))
    };
    let failed = |shown: &str, e: String| CliError(format!("`{shown}`: {}", escape_unsafe(&e)));
    let topology = args.topology.as_deref().map(read).transpose()?;
    if args.snapshot.is_none() && args.script.is_empty() {
        let (shown, bytes) = topology.ok_or_else(|| {
            CliError(
                "name a snapshot, a script with --script, or a topology document with --topology"
                    .into(),
            )
        })?;
        let imported = crate::import::topology(&bytes).map_err(|e| failed(&shown, e))?;
        return Ok((shown, imported));
    }
    let mut names = Vec::new();
    let mut snapshot = match &args.snapshot {
        Some(path) => {
            let (shown, bytes) = read(path)?;
            let s = crate::snapshot::Snapshot::read(&bytes).map_err(|e| failed(&shown, e))?;
            names.push(shown);
            s
        }
        None => published(topology.as_ref())?,
    };
    let mut report = Vec::new();
    for path in &args.script {
        let (shown, bytes) = read(path)?;
        let text = crate::import::script::decode(&bytes).map_err(|e| failed(&shown, e))?;
        let r = crate::import::script::evaluate(&text, &mut snapshot);
        report.extend(script_report(&shown, &r));
        names.push(shown);
    }
    let mut shown = names.join("`, `");
    if let Some((t, _)) = &topology {
        shown = format!("{shown}` with the topology document `{t}");
    }
    let doc = topology.as_ref().map(|(_, b)| b.as_slice());
    let mut imported =
        crate::import::snapshot::snapshot(&snapshot, doc).map_err(|e| failed(&shown, e))?;
    report.append(&mut imported.report);
    imported.report = report;
    Ok((shown, imported))
}

/// The canonical text of a generated file; an import that does not parse
/// is a topoc bug, reported rather than written.
fn formatted(name: &str, text: &str) -> Result<String, CliError> {
    let mut sources = Sources::new();
    let id = sources.add(name, text);
    let file = sources.get(id);
    let (tree, diags) = crate::syntax::parse_file(file);
    if let Some(d) = diags.first() {
        return Err(CliError(format!(
            "internal error: the imported `{name}` does not parse ({}); nothing was written — please report this",
            d.message
        )));
    }
    Ok(crate::format::format(file, &tree))
}

/// Creates `dir` (which must not exist) and the files in it; when a write
/// fails, removes what it wrote (and `dir`, then empty), so a failed
/// import leaves nothing behind.
fn write_new_dir(dir: &Path, files: &[(String, String)]) -> Result<(), CliError> {
    let shown = display_name(dir);
    if std::fs::symlink_metadata(dir).is_ok() {
        return Err(CliError(format!(
            "`{shown}` exists; import writes a new directory: name one that does not exist"
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| CliError(format!("cannot create `{shown}`: {e}")))?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        if let Err(e) = write_new(&path, text) {
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            let _ = std::fs::remove_dir(dir);
            return Err(CliError(format!(
                "cannot write `{}`: {e}; nothing was left behind",
                display_name(&path)
            )));
        }
        written.push(path);
    }
    Ok(())
}

/// A new file (never an existing one, nor through a link) with `text`.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}
