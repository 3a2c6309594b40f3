//! Project automation. `cargo xtask codegen` regenerates `generated/` from
//! `specs/`; `cargo xtask codegen --check` only says whether it is stale.

mod bench;
mod codegen;
mod fsutil;
mod generate;
mod generated_bin;
mod spec_diff;

use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--check]      regenerate generated/ from specs/ (or check it is fresh)
  cargo xtask generate SPEC --out DIR [--crate-name NAME]
                                     any OpenAPI 3.0 or 3.1 document into a standalone crate
  cargo xtask mock [--port PORT] [--accept-credential VALUE]... [--verify-signatures]
                                     serve every spec's mock on 127.0.0.1 until Ctrl-C
  cargo xtask call SPEC OPERATION_ID [--path NAME=VALUE]... [--query NAME=VALUE]...
                   [--header NAME=VALUE]... [--body JSON|@FILE] [--base-url URL | --region REGION]
                                     call one operation through the generated client
  cargo xtask spec-diff (OLD NEW | --base GIT_REV) [--format text|markdown|json|github]
                        [--fail-on LEVEL] [--level RULE=LEVEL]... [--ignore FILE] [--config FILE]
                                     what a spec change breaks, on the wire and in Rust
  cargo xtask bench [--quick]        generation speed against progenitor and the parse floor";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(codegen::Mode::Write).map_err(|e| e.to_string()),
        ["codegen", "--check"] => codegen::run(codegen::Mode::Check).map_err(|e| e.to_string()),
        ["generate", rest @ ..] => {
            let outcome = generate::parse_args(rest).and_then(|args| generate::run(&args));
            return match outcome {
                Ok(()) => ExitCode::SUCCESS,
                Err(err @ generate::GenerateError::Usage(_)) => {
                    eprintln!("error: {err}");
                    ExitCode::from(2)
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            };
        }
        ["mock", rest @ ..] => return generated_bin::mock(rest),
        ["call", rest @ ..] => return generated_bin::call(rest),
        ["spec-diff", rest @ ..] => return ExitCode::from(spec_diff::run(rest)),
        ["bench", rest @ ..] => return bench::run(rest),
        // The bench's parse floor: a process that only reads and parses.
        ["bench-parse", rest @ ..] => return bench::parse_only(rest),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("error: unknown arguments {args:?}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
