//! A one-request HTTP server on 127.0.0.1 (ephemeral port) that records the
//! exact request it receives and answers with a canned response. Raw TCP, so
//! the test sees the request line as sent: encoded path and query included.
// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

#[derive(Debug)]
pub struct Recorded {
    pub method: String,
    /// Path and query exactly as on the request line.
    pub target: String,
    /// Lower-cased header names.
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("utf-8 body")
    }
}

pub struct Canned {
    pub status: u16,
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: Vec<u8>,
}

pub fn json(status: u16, body: &str) -> Canned {
    Canned {
        status,
        headers: vec![("content-type", "application/json")],
        body: body.as_bytes().to_vec(),
    }
}

/// Serves one request; the handle yields what was received.
pub async fn serve_once(canned: Canned) -> (String, JoinHandle<Recorded>) {
    let (base_url, handle) = serve_sequence(vec![canned]).await;
    let handle = tokio::spawn(async move {
        handle
            .await
            .expect("server task")
            .pop()
            .expect("one request")
    });
    (base_url, handle)
}

/// Serves one request per canned response, in order, each on its own
/// connection; the handle yields every request received.
pub async fn serve_sequence(responses: Vec<Canned>) -> (String, JoinHandle<Vec<Recorded>>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let base_url = format!("http://{}", listener.local_addr().expect("local addr"));
    let handle = tokio::spawn(async move {
        let mut recorded = Vec::new();
        for canned in responses {
            let (stream, _) = listener.accept().await.expect("accept");
            recorded.push(answer(stream, canned).await);
        }
        recorded
    });
    (base_url, handle)
}

/// Accepts connections and reads their requests but never answers, until
/// the handle is dropped or aborted.
pub async fn serve_silence() -> (String, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let base_url = format!("http://{}", listener.local_addr().expect("local addr"));
    let handle = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            open.push(stream);
        }
    });
    (base_url, handle)
}

async fn answer(mut stream: tokio::net::TcpStream, canned: Canned) -> Recorded {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "connection closed before the headers ended");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
    };
    let head = String::from_utf8(buf[..header_end].to_vec()).expect("ascii head");
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().expect("request line").split(' ');
    let method = request_line.next().expect("method").to_string();
    let target = request_line.next().expect("target").to_string();
    let headers: BTreeMap<String, String> = lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .map_or(0, |v| v.parse().expect("length"));
    let mut body = buf[header_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.expect("read body");
        assert!(n > 0, "connection closed inside the body");
        body.extend_from_slice(&chunk[..n]);
    }
    let mut response = format!(
        "HTTP/1.1 {} X\r\ncontent-length: {}\r\nconnection: close\r\n",
        canned.status,
        canned.body.len()
    );
    for (name, value) in &canned.headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    stream
        .write_all(response.as_bytes())
        .await
        .expect("write head");
    stream.write_all(&canned.body).await.expect("write body");
    stream.shutdown().await.ok();
    Recorded {
        method,
        target,
        headers,
        body,
    }
}
