//! The `topoc` binary: argv → `cli::run` → exit code.

fn main() -> std::process::ExitCode {
    topoc::cli::run()
}
