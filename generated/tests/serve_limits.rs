//! The serve helper under slow clients, on loopback and bounded in count
//! and time: 1,000 connections that send half a request header are closed
//! after the header-read timeout while normal requests are served, and
//! stopping the server lets a request in flight finish.
#![cfg(feature = "server")]

use std::time::{Duration, Instant};

use generated::runtime::server::{serve_with, AcceptedCredentials, ServeConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const HALF_OPEN: usize = 1_000;

fn config() -> ServeConfig {
    ServeConfig {
        header_read_timeout: Duration::from_millis(500),
        max_connections: 1_200,
        ..ServeConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_open_connections_are_closed_and_others_still_served() {
    let router = generated::mock_server::router(AcceptedCredentials::any());
    let server = serve_with(router, ("127.0.0.1", 0), config())
        .await
        .unwrap();
    let mut slow = Vec::with_capacity(HALF_OPEN);
    for _ in 0..HALF_OPEN {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        stream
            .write_all(b"GET /v1/p/workspaces/w HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .await
            .unwrap();
        slow.push(stream);
    }
    // A whole request meanwhile is answered.
    let started = Instant::now();
    let response = reqwest::Client::new()
        .delete(format!("{}/v1/p/workspaces/w", server.base_url()))
        .header("x-auth-token", "t")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        started.elapsed() < Duration::from_millis(450),
        "served before the timeout"
    );
    // Every half-open connection is closed by the server after the timeout.
    let deadline = Duration::from_secs(10);
    for mut stream in slow {
        let mut buf = [0u8; 1024];
        let read = tokio::time::timeout(deadline, stream.read(&mut buf))
            .await
            .expect("the server closed the connection in time");
        // EOF, a 408, or a reset: anything but a hang.
        if let Ok(n) = read {
            assert!(
                n == 0 || buf[..n].starts_with(b"HTTP/1.1 408"),
                "{:?}",
                &buf[..n]
            );
        }
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn stopping_lets_a_request_in_flight_finish() {
    // The handler says when the request has arrived, so the stop below
    // lands while it is in flight however loaded the machine is.
    let arrived = std::sync::Arc::new(tokio::sync::Notify::new());
    let signal = arrived.clone();
    let router = axum::Router::new().route(
        "/slow",
        axum::routing::get(move || async move {
            signal.notify_one();
            tokio::time::sleep(Duration::from_millis(300)).await;
            "done"
        }),
    );
    let server = serve_with(router, ("127.0.0.1", 0), config())
        .await
        .unwrap();
    let url = format!("{}/slow", server.base_url());
    let request =
        tokio::spawn(async move { reqwest::get(url).await.unwrap().text().await.unwrap() });
    tokio::time::timeout(Duration::from_secs(10), arrived.notified())
        .await
        .expect("the request arrives");
    let addr = server.addr;
    tokio::time::timeout(Duration::from_secs(10), server.stop())
        .await
        .expect("the drain ends")
        .unwrap();
    assert_eq!(request.await.unwrap(), "done");
    // Nothing is accepted after the stop.
    assert!(TcpStream::connect(addr).await.is_err());
}
