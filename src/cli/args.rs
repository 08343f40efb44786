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
    /// Check a project, then write topology.xml, topology-steps.md, deploy.ps1, verify.ps1,
    /// manifest.yaml and owned.json.
    Build(BuildArgs),
    /// Print the topology graph (pools, peers, trunks, routes) in Graphviz DOT or Mermaid.
    Graph(GraphArgs),
    /// Show what applies to a trunk, or what refers to a PSTN usage.
    Show(ShowArgs),
    /// For every network site and trunk: does media bypass the Mediation Server, and why not.
    Bypass(BypassArgs),
    /// Simulate a call: the rules, usages and routes that apply, the numbers as sent, media bypass.
    Route(RouteArgs),
    /// Run the golden call tests (`test` blocks) only, with a pass/fail line each.
    Test(TestArgs),
    /// Write a small, commented starter project (one site, one gateway, a route, a test) into DIR.
    Init(InitArgs),
    /// Print the read-only PowerShell script that snapshots a live deployment's voice configuration.
    CollectScript(CollectScriptArgs),
    /// Turn a live deployment (a snapshot, or its topology document) into a new topoc project.
    Import(ImportArgs),
    /// What a build would change on a live deployment: exit 0 when nothing, 3 when something.
    Plan(PlanArgs),
    /// Compare two versions of a project by their effect on dialled numbers: exit 0 when no call
    /// behaves otherwise, 3 when some does.
    Diff(DiffArgs),
    /// Run the language server (Language Server Protocol over standard input and output), for
    /// editors: diagnostics as you type, go to definition, references, hover, completion, rename,
    /// formatting and quick fixes.
    Lsp(LspArgs),
}

/// `topoc lsp`.
#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Accepted for clients that pass it; standard input and output are the only transport.
    #[arg(long)]
    pub stdio: bool,
}

/// `topoc diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Without `--git`: the old and the new project (two directories or files). With `--git`:
    /// the project's files or directories (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Compare the project in the working tree with the same paths at this git revision
    /// (`main`, `HEAD`, a commit); nothing is checked out.
    #[arg(long, value_name = "REV")]
    pub git: Option<String>,
    /// How the difference is written on standard output.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 0 when behaviour changes too (for a hook that only shows the difference); errors
    /// still exit 1.
    #[arg(long)]
    pub exit_zero: bool,
}

/// Output formats of `topoc diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For a terminal.
    Text,
    /// One JSON object.
    Json,
    /// Markdown, for a pull-request comment: a summary table, then the details folded.
    Markdown,
}

/// The live deployment a plan or build is made against.
#[derive(Debug, clap::Args)]
pub struct LiveArgs {
    /// A snapshot of the live deployment, as `topoc collect-script` writes it.
    #[arg(long, value_name = "SNAPSHOT")]
    pub live: Option<PathBuf>,
    /// Also remove live objects that an earlier build owned (its `owned.json`) and the project no longer declares.
    #[arg(long, value_name = "OWNED_JSON", requires = "live")]
    pub prune: Option<PathBuf>,
}

/// `topoc plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Files or directories of the project (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// The live deployment.
    #[command(flatten)]
    pub live: LiveArgs,
    /// How the plan is written on standard output.
    #[arg(long = "plan-format", value_enum, default_value_t = PlanFormat::Text)]
    pub plan_format: PlanFormat,
    /// How diagnostics are reported, and which fail the plan.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Output formats of `topoc plan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// For a terminal.
    Text,
    /// One JSON object.
    Json,
    /// Markdown, for a pull-request comment.
    Markdown,
}

/// `topoc import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// A snapshot written by the script of `topoc collect-script` (docs/snapshot.md).
    #[arg(required_unless_present_any = ["topology", "script"])]
    pub snapshot: Option<PathBuf>,
    /// A PowerShell script that configured the deployment (repeatable, read in order): its
    /// literal New-/Set-/Remove- calls are evaluated against the snapshot (or an empty
    /// deployment), and every statement not evaluated is reported.
    #[arg(long, value_name = "PS1")]
    pub script: Vec<PathBuf>,
    /// A topology document: `Get-CsTopology -AsXml` output or a Topology Builder `.tbxml` file;
    /// with a snapshot, used instead of the snapshot's own.
    #[arg(long)]
    pub topology: Option<PathBuf>,
    /// The new directory to write the project into; it must not exist.
    #[arg(short, long)]
    pub out: PathBuf,
}

/// `topoc collect-script`.
#[derive(Debug, clap::Args)]
pub struct CollectScriptArgs {
    /// Write the script to this new file (UTF-8 with a byte-order mark) instead of standard output.
    #[arg(short, long)]
    pub out: Option<PathBuf>,
}

/// `topoc test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Files or directories of the project (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Run only the tests whose title contains this text (case does not matter).
    #[arg(long)]
    pub filter: Option<String>,
}

/// `topoc init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to write the project (default: the current directory); created when missing. Refused
    /// when it holds a `.topo` file or a file of the starter.
    pub dir: Option<PathBuf>,
}

/// `topoc route`.
#[derive(Debug, clap::Args)]
pub struct RouteArgs {
    /// Files or directories of the project (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// What the caller dials (`123`, `95550100`, `+14255550100`); spaces, hyphens, periods and parentheses are removed first, as a Lync client does (A13).
    #[arg(long)]
    pub dial: String,
    /// The caller's home pool: a Front End pool's FQDN.
    #[arg(long, conflicts_with = "from_trunk")]
    pub home_pool: Option<String>,
    /// A voice policy for the caller, by scope: `global`, `site:Redmond`, `tag:Execs`.
    #[arg(long, conflicts_with = "from_trunk")]
    pub policy: Option<String>,
    /// A dial plan for the caller, by scope: `global`, `site:Redmond`, `registrar:FQDN`, `tag:Execs`.
    #[arg(long, conflicts_with = "from_trunk")]
    pub dial_plan: Option<String>,
    /// The caller's network site, for media bypass.
    #[arg(long, conflicts_with_all = ["from_trunk", "ip"])]
    pub network_site: Option<String>,
    /// The caller's address with its mask (`10.1.2.3/24`), placed by exact subnet as Lync does.
    #[arg(long, conflicts_with = "from_trunk")]
    pub ip: Option<String>,
    /// Simulate a call entering Lync on this trunk instead of a user's call.
    #[arg(long)]
    pub from_trunk: Option<String>,
    /// The calling number (the caller's own number).
    #[arg(long)]
    pub calling: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
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
    /// How diagnostics are reported, and which fail the run.
    #[command(flatten)]
    pub report: ReportArgs,
    /// Answer from the cache when this binary already checked exactly these files with these
    /// options, and record the run otherwise (for pre-commit hooks; keyed by the content of
    /// every file, never by times).
    #[arg(long)]
    pub cache: bool,
    /// Where `--cache` keeps its entries (default: `$TOPOC_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/topoc`, else `~/.cache/topoc`).
    #[arg(long, value_name = "DIR", requires = "cache")]
    pub cache_dir: Option<PathBuf>,
}

/// How `check` and `build` report diagnostics.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors (exit 1; `build` then writes nothing).
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

/// `topoc build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Files or directories of the project (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// How diagnostics are reported, and which fail the build.
    #[command(flatten)]
    pub report: ReportArgs,
    /// The output directory; replaced as a whole, and only when the build succeeds.
    #[arg(short, long, default_value = "out")]
    pub out: PathBuf,
    /// Write additional (M:N) trunks into topology.xml in an inferred layout (check before publishing).
    #[arg(long)]
    pub experimental_additional_trunks: bool,
    /// Build against a live deployment: deploy.ps1 makes only the plan's changes (also written as plan.md).
    #[command(flatten)]
    pub live: LiveArgs,
}

/// `topoc graph`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// Files or directories of the project (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
}

/// Output formats of `topoc graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart (renders in pull-request descriptions).
    Mermaid,
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
