//! Writes the worst inputs known (`topoc::generate::hostile`) as projects,
//! one directory per shape, for measuring `topoc check` on them by hand:
//! `cargo run --release --example hostile -- --bytes 1000000 --out DIR`.

#![allow(clippy::disallowed_methods)] // an example program that writes files

use std::path::PathBuf;

use topoc::generate::hostile::{self, Shape};

fn main() -> std::io::Result<()> {
    let mut bytes = 1_000_000;
    let mut out = PathBuf::from("hostile");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--bytes", Some(v)) => bytes = v.parse().expect("--bytes N"),
            ("--out", Some(v)) => out = PathBuf::from(v),
            _ => {
                eprintln!("usage: hostile [--bytes N] [--out DIR]");
                std::process::exit(2);
            }
        }
    }
    for shape in Shape::ALL {
        let dir = out.join(format!("{shape:?}"));
        std::fs::create_dir_all(&dir)?;
        for (name, text) in hostile::project(shape, bytes) {
            std::fs::write(dir.join(name), text)?;
        }
    }
    eprintln!("wrote {} projects to {}", Shape::ALL.len(), out.display());
    Ok(())
}
