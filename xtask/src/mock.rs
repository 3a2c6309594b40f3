//! `cargo xtask mock [--port PORT]`: every spec's mock from one process on
//! 127.0.0.1, answering validated requests from the specs' examples, until
//! Ctrl-C.

pub fn parse_port(args: &[&str]) -> Result<u16, String> {
    match args {
        [] => Ok(0),
        ["--port", port] => port
            .parse()
            .map_err(|_| format!("--port {port:?} is not a port number (0 to 65535)")),
        _ => Err(format!("unexpected arguments {args:?}")),
    }
}

pub fn run(port: u16) -> Result<(), std::io::Error> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let server = generated::mock_server::start(port).await?;
        // Scripts read this line to learn the address.
        println!("mock listening on {}", server.base_url());
        tokio::signal::ctrl_c().await?;
        println!("stopping");
        server.stop().await
    })
}
