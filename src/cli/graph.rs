//! `topoc graph`: the topology graph in Graphviz DOT on standard output.

use super::args::GraphArgs;
use super::{ExitStatus, Failure, Terminal, files, render, write_stderr, write_stdout};

/// Runs `topoc graph`.
pub fn run(args: &GraphArgs, terminal: Terminal) -> Result<ExitStatus, Failure> {
    let paths = files::collect(&args.paths)?;
    let sources = files::read(&paths)?;
    let checked = crate::check(&sources);
    let (Some(model), Some(graph)) = (&checked.model, &checked.graph) else {
        let handler = render::handler(terminal.color, terminal.width);
        write_stderr(&render::render(&sources, &checked.diagnostics, &handler));
        write_stderr(&render::summary(&checked.diagnostics, sources.len()));
        return Ok(ExitStatus::Failure);
    };
    write_stdout(&graph.to_dot(model))?;
    Ok(ExitStatus::Success)
}
