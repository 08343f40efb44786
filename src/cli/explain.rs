//! `topoc explain`: a code's documentation, or the list of every code.

use crate::diagnostics::codes::REGISTRY;
use crate::diagnostics::{Code, suggest};

use super::args::ExplainArgs;
use super::{CliError, ExitStatus, Failure, write_stdout};

/// Runs `topoc explain`.
pub fn run(args: &ExplainArgs) -> Result<ExitStatus, Failure> {
    if args.list {
        let mut out = String::new();
        for info in REGISTRY.iter().filter(|c| !c.removed) {
            let rules = if info.rules.is_empty() {
                String::new()
            } else {
                format!(" ({})", info.rules.join(", "))
            };
            out.push_str(&format!(
                "{}  {:<8} {:<24} {}{}\n",
                info.id,
                info.severity.as_str(),
                info.name,
                info.summary,
                rules
            ));
        }
        write_stdout(&out)?;
        return Ok(ExitStatus::Success);
    }
    let key = args.code.as_deref().unwrap_or_default();
    match Code::lookup(key) {
        Some(code) => {
            write_stdout(&code.info().markdown())?;
            Ok(ExitStatus::Success)
        }
        None => {
            let names = REGISTRY.iter().flat_map(|c| [c.id, c.name]);
            let hint = suggest(key, names)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| "; `topoc explain --list` lists them".into());
            Err(CliError(format!("no diagnostic code or name `{key}`{hint}")).into())
        }
    }
}
