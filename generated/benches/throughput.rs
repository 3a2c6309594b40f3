//! Throughput on loopback, for `cargo xtask bench`: the generated PAI
//! router (validation on) against a hand-written axum handler that parses
//! the same JSON with serde, checks the same constraints and answers the
//! same body; the generated client against bare reqwest on one server; and
//! the mock's memory before and after many requests.
//!
//! In-process tokio load: a bounded number of requests over a fixed
//! number of keep-alive connections, 127.0.0.1 only. It prints one line per
//! row, `ROW|what|input|ours|against|ratio`, which the xtask renders.
//! `-- --quick` makes every count small.

use std::sync::Arc;
use std::time::{Duration, Instant};

use generated::alibaba_pai_workspace as pai;
use generated::runtime::server::{serve, RequestContext};

struct Load {
    requests: usize,
    connections: usize,
}

/// Requests/s and latency percentiles of one load run.
struct Outcome {
    per_second: f64,
    p50: Duration,
    p99: Duration,
    statuses: Vec<u16>,
}

#[tokio::main]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let load = if quick {
        Load {
            requests: 400,
            connections: 8,
        }
    } else {
        Load {
            requests: 20_000,
            connections: 32,
        }
    };
    let generated = serve(pai::server::router(Arc::new(Trivial)), 0)
        .await
        .unwrap();
    let manual = serve(hand_written::router(), 0).await.unwrap();
    let url = |server: &generated::runtime::server::RunningServer| {
        format!("{}/api/v1/workspaces", server.base_url())
    };

    let bodies = [
        ("a valid body", valid_body(), load.requests),
        (
            "a body near the 1 MiB limit",
            near_limit_body(),
            load.requests / 20,
        ),
        (
            "10,000 array items (refused: maxItems 2)",
            many_items_body(),
            load.requests / 20,
        ),
    ];
    for (label, body, requests) in &bodies {
        let body = Arc::new(body.clone());
        let load = Load {
            requests: (*requests).max(10),
            connections: load.connections,
        };
        // Rounds that alternate the two, so neither always runs on a warmer
        // (or busier) machine; each side's median round is reported.
        let mut ours_rounds = Vec::new();
        let mut theirs_rounds = Vec::new();
        for _ in 0..ROUNDS {
            theirs_rounds.push(run_load(&url(&manual), &body, &load).await);
            ours_rounds.push(run_load(&url(&generated), &body, &load).await);
        }
        let (ours, theirs) = (median(ours_rounds), median(theirs_rounds));
        assert_eq!(ours.statuses, theirs.statuses, "{label}: both answer alike");
        row(
            "server",
            &format!(
                "POST /api/v1/workspaces, {label}, {} requests, median of {ROUNDS} rounds",
                load.requests
            ),
            &describe(&ours),
            &format!("hand-written axum: {}", describe(&theirs)),
            ours.per_second / theirs.per_second,
        );
    }

    // The client: generated against bare reqwest, both against the
    // hand-written server.
    let calls = load.requests / 4;
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..ROUNDS {
        theirs.push(client_calls(&manual.base_url(), calls, load.connections, false).await);
        ours.push(client_calls(&manual.base_url(), calls, load.connections, true).await);
    }
    ours.sort_by(f64::total_cmp);
    theirs.sort_by(f64::total_cmp);
    let (ours, theirs) = (ours[ROUNDS / 2], theirs[ROUNDS / 2]);
    row(
        "client",
        &format!("create_workspace, {calls} calls, median of {ROUNDS} rounds"),
        &format!("{ours:.0} calls/s"),
        &format!("bare reqwest + serde: {theirs:.0} calls/s"),
        ours / theirs,
    );

    // Memory: the generated router's process before and after the load.
    let before = rss_kib();
    let mock_load = Load {
        requests: if quick { 1_000 } else { 100_000 },
        connections: load.connections,
    };
    let _ = run_load(&url(&generated), &Arc::new(valid_body()), &mock_load).await;
    let after = rss_kib();
    row(
        "memory",
        &format!(
            "this process serving the generated router, {} requests",
            mock_load.requests
        ),
        &format!("RSS {:.1} MiB after", after as f64 / 1024.0),
        &format!("RSS {:.1} MiB before", before as f64 / 1024.0),
        after as f64 / before.max(1) as f64,
    );
    generated.stop().await.unwrap();
    manual.stop().await.unwrap();
}

/// Load rounds per side and body; the median one is reported.
const ROUNDS: usize = 5;

fn median(mut rounds: Vec<Outcome>) -> Outcome {
    rounds.sort_by(|a, b| a.per_second.total_cmp(&b.per_second));
    rounds.swap_remove(rounds.len() / 2)
}

fn row(what: &str, input: &str, ours: &str, against: &str, ratio: f64) {
    println!("ROW|{what}|{input}|{ours}|{against}|{ratio:.2}×");
}

fn describe(outcome: &Outcome) -> String {
    format!(
        "{:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
        outcome.per_second,
        outcome.p50.as_secs_f64() * 1000.0,
        outcome.p99.as_secs_f64() * 1000.0
    )
}

/// `load.requests` POSTs of `body` over `load.connections` keep-alive
/// connections, each its own task.
async fn run_load(url: &str, body: &Arc<String>, load: &Load) -> Outcome {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(load.connections)
        .build()
        .unwrap();
    let per_task = load.requests / load.connections;
    let start = Instant::now();
    let tasks: Vec<_> = (0..load.connections)
        .map(|_| {
            let (client, url, body) = (client.clone(), url.to_string(), body.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_task);
                let mut statuses = Vec::new();
                for _ in 0..per_task {
                    let sent = Instant::now();
                    let response = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .header("authorization", "bench")
                        .body(body.as_ref().clone())
                        .send()
                        .await
                        .expect("loopback request");
                    let status = response.status().as_u16();
                    let _ = response.bytes().await;
                    latencies.push(sent.elapsed());
                    if !statuses.contains(&status) {
                        statuses.push(status);
                    }
                }
                (latencies, statuses)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut statuses = Vec::new();
    for task in tasks {
        let (mut l, s) = task.await.unwrap();
        latencies.append(&mut l);
        statuses.extend(s);
    }
    let elapsed = start.elapsed();
    latencies.sort();
    statuses.sort();
    statuses.dedup();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Outcome {
        per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        statuses,
    }
}

/// Calls/s of `calls` CreateWorkspace calls, through the generated client
/// or through reqwest and serde by hand.
async fn client_calls(base_url: &str, calls: usize, connections: usize, generated: bool) -> f64 {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("authorization", "bench".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = Arc::new(pai::Client::with_client(base_url, http.clone()).unwrap());
    let request = pai::CreateWorkspaceRequest::new(
        pai::CreateWorkspaceRequestWorkspaceName::new("bench_ws").unwrap(),
        pai::CreateWorkspaceRequestDescription::new("load").unwrap(),
        pai::CreateWorkspaceRequestEnvTypes::new(vec![pai::EnvType::Prod]).unwrap(),
    );
    let request = Arc::new(request);
    let url = format!("{base_url}/api/v1/workspaces");
    let per_task = calls / connections;
    let start = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (client, http, request, url) =
                (client.clone(), http.clone(), request.clone(), url.clone());
            tokio::spawn(async move {
                for _ in 0..per_task {
                    if generated {
                        let response = client.create_workspace(&request).await.unwrap();
                        assert!(matches!(
                            response.value,
                            pai::CreateWorkspaceResponses::Ok(..)
                        ));
                    } else {
                        let json = serde_json::to_vec(request.as_ref()).unwrap();
                        let response = http
                            .post(&url)
                            .header("content-type", "application/json")
                            .body(json)
                            .send()
                            .await
                            .unwrap();
                        assert_eq!(response.status().as_u16(), 200);
                        let bytes = response.bytes().await.unwrap();
                        let body: hand_written::Created = serde_json::from_slice(&bytes).unwrap();
                        std::hint::black_box(body);
                    }
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    (per_task * connections) as f64 / start.elapsed().as_secs_f64()
}

fn valid_body() -> String {
    r#"{"WorkspaceName":"bench_ws","Description":"load","DisplayName":"Bench","EnvTypes":["dev","prod"]}"#
        .to_string()
}

fn near_limit_body() -> String {
    let display = "x".repeat(1024 * 1024 - 200);
    format!(
        r#"{{"WorkspaceName":"bench_ws","Description":"load","DisplayName":"{display}","EnvTypes":["prod"]}}"#
    )
}

fn many_items_body() -> String {
    let items = vec!["\"dev\""; 10_000].join(",");
    format!(r#"{{"WorkspaceName":"bench_ws","Description":"load","EnvTypes":[{items}]}}"#)
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

/// The generated side's implementation: as little as the hand-written one.
struct Trivial;

impl pai::server::Api for Trivial {
    async fn create_workspace(
        &self,
        _: RequestContext,
        _body: pai::CreateWorkspaceRequest,
    ) -> pai::CreateWorkspaceResponses {
        let mut created = pai::CreateWorkspaceResponse::new();
        created.request_id = Some("bench".to_string());
        created.workspace_id = Some("1234".to_string());
        let headers = pai::CreateWorkspaceOkHeaders {
            x_acs_request_id: None,
        };
        pai::CreateWorkspaceResponses::Ok(created, headers)
    }

    async fn create_workspace_resource(
        &self,
        _: RequestContext,
        _: String,
        _: pai::CreateWorkspaceResourceRequest,
    ) -> pai::CreateWorkspaceResourceResponses {
        unreachable!("the bench calls only CreateWorkspace")
    }

    async fn delete_workspace_resource(
        &self,
        _: RequestContext,
        _: String,
        _: pai::DeleteWorkspaceResourceParams,
    ) -> pai::DeleteWorkspaceResourceResponses {
        unreachable!("the bench calls only CreateWorkspace")
    }
}

/// What a careful person writes by hand for the same operation.
mod hand_written {
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    use serde::{Deserialize, Serialize};

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    struct CreateWorkspace {
        workspace_name: String,
        description: String,
        display_name: Option<String>,
        env_types: Vec<String>,
        resource_group_id: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Created {
        request_id: String,
        workspace_id: String,
    }

    fn check(body: &CreateWorkspace) -> Result<(), String> {
        let name = &body.workspace_name;
        let name_ok = (3..=23).contains(&name.chars().count())
            && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !name_ok {
            return Err("WorkspaceName".to_string());
        }
        if body.description.chars().count() > 80 {
            return Err("Description".to_string());
        }
        let types = &body.env_types;
        let unique = types
            .iter()
            .enumerate()
            .all(|(i, t)| !types[..i].contains(t));
        if types.is_empty() || types.len() > 2 || !unique {
            return Err("EnvTypes".to_string());
        }
        if types.iter().any(|t| t != "dev" && t != "prod") {
            return Err("EnvTypes".to_string());
        }
        Ok(())
    }

    async fn create(body: axum::body::Bytes) -> Response {
        let parsed: CreateWorkspace = match serde_json::from_slice(&body) {
            Ok(parsed) => parsed,
            Err(err) => return (StatusCode::BAD_REQUEST, err.to_string()).into_response(),
        };
        if let Err(field) = check(&parsed) {
            return (StatusCode::BAD_REQUEST, format!("{field} is invalid")).into_response();
        }
        let created = Created {
            request_id: "bench".to_string(),
            workspace_id: "1234".to_string(),
        };
        let json = serde_json::to_vec(&created).expect("serialises");
        ([("content-type", "application/json")], json).into_response()
    }

    pub fn router() -> axum::Router {
        axum::Router::new()
            .route("/api/v1/workspaces", axum::routing::post(create))
            .layer(axum::extract::DefaultBodyLimit::max(1024 * 1024))
    }
}
