//! Writes a generated topology (see `topoc::generate`) into a directory:
//!
//! ```sh
//! cargo run --release --example gen -- --sites 1000 --seed 7 --out /tmp/big
//! ```
//!
//! `--yaml FILE` also writes the project's YAML twin ([`topoc::yaml_twin`]:
//! the same objects and values as YAML), the yardstick of issue 20.
#![allow(clippy::disallowed_methods)] // a tool that writes files

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut options = topoc::generate::Options::sites(10);
    let mut out = PathBuf::from("generated");
    let mut yaml: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let parsed = match (arg.as_str(), value.as_deref()) {
            ("--sites", Some(v)) => v.parse().map(|n| options.sites = n).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|n| options.seed = n).is_ok(),
            ("--out", Some(v)) => {
                out = PathBuf::from(v);
                true
            }
            ("--yaml", Some(v)) => {
                yaml = Some(PathBuf::from(v));
                true
            }
            _ => false,
        };
        if !parsed {
            eprintln!("usage: gen [--sites N] [--seed S] [--out DIR] [--yaml FILE]");
            return ExitCode::from(2);
        }
    }
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("cannot create {}: {e}", out.display());
        return ExitCode::from(2);
    }
    let mut bytes = 0;
    let mut sources = topoc::source::Sources::new();
    for (name, text) in topoc::generate::generate(options) {
        bytes += text.len();
        if let Err(e) = std::fs::write(out.join(&name), &text) {
            eprintln!("cannot write {name}: {e}");
            return ExitCode::from(2);
        }
        sources.add(name, text);
    }
    if let Some(path) = yaml {
        let Some(twin) = topoc::yaml_twin(&sources) else {
            eprintln!("the generated project does not lower");
            return ExitCode::from(1);
        };
        if let Err(e) = std::fs::write(&path, &twin) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        eprintln!(
            "wrote its YAML twin, {} bytes, to {}",
            twin.len(),
            path.display()
        );
    }
    eprintln!(
        "wrote {} sites, {bytes} bytes, to {}",
        options.sites,
        out.display()
    );
    ExitCode::SUCCESS
}
