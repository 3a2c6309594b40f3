//! The mock server binary behind `cargo xtask mock`: every
//! spec's mock from one process on 127.0.0.1, answering validated requests
//! from the specs' examples, until Ctrl-C. It accepts any credential unless
//! given the values to accept (so a test can show auth is enforced).

use generated::runtime::server::{AcceptedCredentials, SignatureVerifier};

pub struct Options {
    pub port: u16,
    pub accepted: Vec<String>,
    /// Verify ACS3-HMAC-SHA256 and SDK-HMAC-SHA256 signatures against the
    /// key pairs in the vendors' environment variables.
    pub verify_signatures: bool,
}

pub fn parse(args: &[&str]) -> Result<Options, String> {
    let mut options = Options {
        port: 0,
        accepted: Vec::new(),
        verify_signatures: false,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--port" => {
                let port = rest.next().ok_or("--port needs a number")?;
                options.port = port
                    .parse()
                    .map_err(|_| format!("--port {port:?} is not a port number (0 to 65535)"))?;
            }
            "--accept-credential" => {
                options.accepted.push(
                    rest.next()
                        .ok_or("--accept-credential needs a value")?
                        .to_string(),
                );
            }
            "--verify-signatures" => options.verify_signatures = true,
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    Ok(options)
}

pub fn run(options: Options) -> Result<(), std::io::Error> {
    let mut accepted = if options.accepted.is_empty() {
        AcceptedCredentials::any()
    } else {
        AcceptedCredentials::only(options.accepted)
    };
    if options.verify_signatures {
        let verifier = SignatureVerifier::from_env().ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "--verify-signatures needs a key pair: set ALIBABA_CLOUD_ACCESS_KEY_ID and \
                 ALIBABA_CLOUD_ACCESS_KEY_SECRET, or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK",
            )
        })?;
        eprintln!("verifying signatures for {verifier:?}");
        accepted = accepted.verifying(verifier);
    }
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let server = generated::mock_server::start_with(options.port, accepted).await?;
        // Scripts read this line to learn the address.
        println!("mock listening on {}", server.base_url());
        tokio::signal::ctrl_c().await?;
        println!("stopping");
        server.stop().await
    })
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let options = match parse(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}\nusage: mock [--port PORT] [--accept-credential VALUE]... [--verify-signatures]");
            return std::process::ExitCode::from(2);
        }
    };
    match run(options) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
