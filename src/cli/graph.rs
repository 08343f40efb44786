//! `topoc graph`: the topology graph in Graphviz DOT or Mermaid on standard output.

use super::args::{GraphArgs, GraphFormat};
use super::{ExitStatus, Failure, Terminal, load_project, write_stdout};

/// Runs `topoc graph`.
pub fn run(args: &GraphArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    let Some(project) = load_project(&args.paths, terminal)? else {
        return Ok(ExitStatus::Failure);
    };
    let (Some(model), Some(graph)) = (&project.checked.model, &project.checked.graph) else {
        return Ok(ExitStatus::Failure);
    };
    let text = match args.format {
        GraphFormat::Dot => graph.to_dot(model),
        GraphFormat::Mermaid => graph.to_mermaid(model),
    };
    write_stdout(&text)?;
    Ok(ExitStatus::Success)
}
