//! The binary behind `cargo xtask call`: calls one operation of a spec in
//! `specs/` through the generated client, with credentials from the
//! vendors' environment variables, and prints the status and the response
//! body as JSON.
//!
//! Exit status: 0 for a 2XX response; 1 for an error response (its code and
//! message on stderr) or a failed call; 2 for wrong arguments, with the
//! spec's operations and their parameters.

use generated::cli::SPECS;
use generated::runtime::cli::{CallArgs, CallError, Endpoint};

const USAGE: &str = "usage: cargo xtask call SPEC OPERATION_ID [--path NAME=VALUE]... \
[--query NAME=VALUE]... [--header NAME=VALUE]... [--body JSON|@FILE] [--base-url URL | --region REGION]";

struct Invocation {
    module: &'static str,
    operation: String,
    args: CallArgs,
}

/// A usage error: the message, and what to list after it.
struct Usage {
    message: String,
    module: Option<&'static str>,
}

fn usage(message: impl Into<String>, module: Option<&'static str>) -> Usage {
    Usage {
        message: message.into(),
        module,
    }
}

fn pair(flag: &str, value: Option<&String>) -> Result<(String, String), String> {
    let value = value.ok_or(format!("{flag} needs NAME=VALUE"))?;
    let (name, value) = value
        .split_once('=')
        .ok_or(format!("{flag} {value:?}: expected NAME=VALUE"))?;
    Ok((name.to_string(), value.to_string()))
}

/// The spec named by its module name, file stem or path.
fn find_spec(name: &str) -> Option<&'static str> {
    SPECS.iter().find_map(|(module, source, _)| {
        let file = source.rsplit('/').next().unwrap_or(source);
        let stem = file.split('.').next().unwrap_or(file);
        (*module == name || stem == name || *source == name).then_some(*module)
    })
}

fn parse(args: &[String]) -> Result<Invocation, Usage> {
    let mut positional = Vec::new();
    let mut call = CallArgs::default();
    let mut endpoint = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let flag_error = |m: String| usage(m, None);
        match arg.as_str() {
            "--path" => call.path.push(pair(arg, rest.next()).map_err(flag_error)?),
            "--query" => call.query.push(pair(arg, rest.next()).map_err(flag_error)?),
            "--header" => call
                .headers
                .push(pair(arg, rest.next()).map_err(flag_error)?),
            "--body" => {
                let value = rest
                    .next()
                    .ok_or(usage("--body needs JSON or @FILE", None))?;
                call.body = Some(match value.strip_prefix('@') {
                    Some(file) => std::fs::read_to_string(file)
                        .map_err(|err| usage(format!("--body @{file}: {err}"), None))?,
                    None => value.clone(),
                });
            }
            "--base-url" | "--region" if endpoint.is_some() => {
                return Err(usage("give --base-url or --region, not both", None))
            }
            "--base-url" => {
                let url = rest.next().ok_or(usage("--base-url needs a URL", None))?;
                endpoint = Some(Endpoint::BaseUrl(url.clone()));
            }
            "--region" => {
                let region = rest
                    .next()
                    .ok_or(usage("--region needs a region id", None))?;
                endpoint = Some(Endpoint::Region(region.clone()));
            }
            flag if flag.starts_with("--") => {
                return Err(usage(format!("unknown option {flag}"), None))
            }
            value => positional.push(value.to_string()),
        }
    }
    call.endpoint = endpoint.unwrap_or_default();
    let [spec, operation] = <[String; 2]>::try_from(positional).map_err(|given| {
        usage(
            format!(
                "expected SPEC and OPERATION_ID, got {} argument(s)",
                given.len()
            ),
            None,
        )
    })?;
    let module = find_spec(&spec).ok_or(usage(format!("no spec named {spec:?}"), None))?;
    let known = SPECS
        .iter()
        .find(|(m, _, _)| *m == module)
        .is_some_and(|(_, _, ops)| ops.iter().any(|op| op.id == operation));
    if !known {
        return Err(usage(
            format!("{operation:?} is not an operation of {spec}"),
            Some(module),
        ));
    }
    Ok(Invocation {
        module,
        operation,
        args: call,
    })
}

fn print_usage(error: &Usage) {
    eprintln!("error: {}\n{USAGE}", error.message);
    for (module, source, operations) in SPECS {
        if error.module.is_some_and(|m| m != *module) {
            continue;
        }
        eprintln!("\n{module} ({source}):");
        for operation in operations.iter() {
            eprintln!("  {operation}");
        }
    }
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let invocation = match parse(&args) {
        Ok(invocation) => invocation,
        Err(error) => {
            print_usage(&error);
            return std::process::ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(generated::cli::call(
        invocation.module,
        &invocation.operation,
        &invocation.args,
    ));
    match result {
        Ok(output) => {
            println!("{}", output.status);
            println!(
                "{}",
                serde_json::to_string_pretty(&output.body).unwrap_or_default()
            );
            match output.error {
                None => std::process::ExitCode::SUCCESS,
                Some(error) => {
                    eprintln!(
                        "error: {} {}: {}",
                        output.status,
                        error.code.as_deref().unwrap_or("(no code)"),
                        error.message.as_deref().unwrap_or("(no message)")
                    );
                    std::process::ExitCode::FAILURE
                }
            }
        }
        Err(error @ (CallError::Usage(_) | CallError::Invalid(_))) => {
            print_usage(&usage(error.to_string(), Some(invocation.module)));
            std::process::ExitCode::from(2)
        }
        Err(CallError::Client(error)) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
