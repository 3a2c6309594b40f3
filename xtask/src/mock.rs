//! `cargo xtask mock [--port PORT] [--accept-credential VALUE]... [--verify-signatures]`: runs the
//! generated crate's `mock` binary (every spec's mock on 127.0.0.1, until
//! Ctrl-C). xtask does not link the generated crate itself, so a broken
//! generated crate never stops `cargo xtask codegen` from repairing it.

use std::process::Command;

pub fn run(args: &[&str]) -> Result<(), String> {
    let status = Command::new(env!("CARGO"))
        .args([
            "run",
            "--quiet",
            "--package",
            "generated",
            "--features",
            "server",
            "--bin",
            "mock",
            "--",
        ])
        .args(args)
        .status()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(code) => Err(format!("the mock server exited with status {code}")),
        None => Ok(()), // stopped by a signal (Ctrl-C)
    }
}
