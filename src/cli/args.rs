//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// A declarative topology compiler for Lync Server 2013 Enterprise Voice.
#[derive(Debug, Parser)]
#[command(name = "topoc", version, about, max_term_width = 100)]
pub struct Args {
    /// When to colour diagnostics (`auto` honours NO_COLOR and whether stderr is a terminal).
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse and check a project: every `.topo` file below each directory given.
    Check(CheckArgs),
    /// Rewrite `.topo` files in the canonical layout.
    Fmt(FmtArgs),
    /// Print the documentation of a diagnostic code (`T0101` or `duplicate-declaration`).
    Explain(ExplainArgs),
    /// Print the topology graph (pools, peers, trunks, routes) in Graphviz DOT.
    Graph(GraphArgs),
    /// Show what applies to a trunk, or what refers to a PSTN usage.
    Show(ShowArgs),
    /// For every network site and trunk: does media bypass the Mediation Server, and why not.
    Bypass(BypassArgs),
}

/// `topoc bypass`.
#[derive(Debug, clap::Args)]
pub struct BypassArgs {
    /// Files or directories of the project (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// `topoc show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// What to show.
    #[command(subcommand)]
    pub what: ShowWhat,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text, global = true)]
    pub format: ShowFormat,
}

/// The objects `topoc show` describes.
#[derive(Debug, Subcommand)]
pub enum ShowWhat {
    /// Every setting in effect for a trunk, and where its value comes from.
    Trunk {
        /// The trunk's name (case does not matter).
        name: String,
        /// Files or directories of the project (default: the current directory).
        paths: Vec<PathBuf>,
    },
    /// Every voice policy, trunk configuration and route that refers to a PSTN usage.
    Usage {
        /// The usage's name (case does not matter).
        name: String,
        /// Files or directories of the project (default: the current directory).
        paths: Vec<PathBuf>,
    },
}

/// Output formats of `topoc show`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// A table for people.
    Text,
    /// JSON on standard output.
    Json,
}

/// `topoc check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories of the project (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors for the exit status.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
}

/// `topoc fmt`.
#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Files or directories to format (default: the current directory); `-` formats standard input to standard output.
    pub paths: Vec<PathBuf>,
    /// Write nothing; list the files that would change and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
}

/// `topoc explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A code (`T0101`) or name (`duplicate-declaration`); omit with `--list`.
    #[arg(required_unless_present = "list")]
    pub code: Option<String>,
    /// List every code with its name, severity and summary.
    #[arg(long, conflicts_with = "code")]
    pub list: bool,
}

/// `topoc graph`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// Files or directories of the project (default: the current directory).
    pub paths: Vec<PathBuf>,
}

/// Diagnostic output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Rendered for people, on standard error.
    Human,
    /// One JSON array on standard output.
    Json,
    /// A SARIF 2.1.0 log on standard output.
    Sarif,
}

/// What `--deny` makes fatal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail the check (exit 1).
    Warnings,
}

/// Colour choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when standard error is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
