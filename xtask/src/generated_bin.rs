//! `cargo xtask mock` and `cargo xtask call` run binaries of the generated
//! crate (`generated/bin/`). xtask does not link the generated crate
//! itself, so a broken generated crate never stops `cargo xtask codegen`
//! from repairing it.

use std::process::{Command, ExitCode};

/// `cargo xtask mock [--port PORT] [--accept-credential VALUE]... [--verify-signatures]`:
/// every spec's mock on 127.0.0.1, until Ctrl-C.
pub fn mock(args: &[&str]) -> ExitCode {
    run("mock", "server", args)
}

/// `cargo xtask call SPEC OPERATION_ID [...]`: one operation through the
/// generated client; the binary's exit status is the command's.
pub fn call(args: &[&str]) -> ExitCode {
    run("call", "cli", args)
}

fn run(bin: &str, features: &str, args: &[&str]) -> ExitCode {
    let status = Command::new(env!("CARGO"))
        .args([
            "run",
            "--quiet",
            "--package",
            "generated",
            "--features",
            features,
            "--bin",
            bin,
            "--",
        ])
        .args(args)
        .status();
    match status {
        Err(err) => {
            eprintln!("error: could not run cargo: {err}");
            ExitCode::FAILURE
        }
        // Stopped by a signal (Ctrl-C on the mock): a normal end.
        Ok(status) => match status.code() {
            None => ExitCode::SUCCESS,
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        },
    }
}
