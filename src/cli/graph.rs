//! `topoc graph`: the topology graph in Graphviz DOT or Mermaid on standard output.

use super::args::{GraphArgs, GraphFormat};
use super::{ExitStatus, Failure, Terminal, with_project, write_stdout};

/// Runs `topoc graph`.
pub fn run(args: &GraphArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    with_project(&args.paths, terminal, |project| {
        let (model, graph) = (project.analysed.model(), project.analysed.graph());
        let text = match args.format {
            GraphFormat::Dot => graph.to_dot(model),
            GraphFormat::Mermaid => graph.to_mermaid(model),
        };
        write_stdout(&text)?;
        Ok(ExitStatus::Success)
    })
}
