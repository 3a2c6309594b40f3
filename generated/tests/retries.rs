//! Retries against loopback servers: what is retried, how often, how each
//! attempt is signed, and that a silent server ends in a timeout error.
#![cfg(feature = "client")]

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generated::alibaba_pai_workspace as pai;
use generated::runtime::signing::AlibabaCredentials;
use generated::runtime::{ClientConfig, Error, HookContext, RetryPolicy};
use support::{json, serve_sequence, serve_silence, Canned};

fn fast_retries() -> ClientConfig {
    ClientConfig {
        retry: RetryPolicy {
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(50),
            deadline: Duration::from_secs(10),
            ..RetryPolicy::default()
        },
        ..ClientConfig::default()
    }
}

fn client(base: &str, config: ClientConfig) -> pai::Client {
    pai::Client::new(base)
        .unwrap()
        .with_config(config)
        .unwrap()
        .with_credentials(AlibabaCredentials::new("LTAI5tRetry", "secret"))
}

fn unavailable() -> Canned {
    json(
        503,
        r#"{"Code":"ServiceUnavailable","Message":"try again"}"#,
    )
}

fn delete_params() -> pai::DeleteWorkspaceResourceParams {
    let mut params = pai::DeleteWorkspaceResourceParams::new();
    params.group_name = Some("group".to_string());
    params
}

fn body() -> pai::CreateWorkspaceRequest {
    pai::CreateWorkspaceRequest::new(
        pai::CreateWorkspaceRequestWorkspaceName::new("workspace_example").unwrap(),
        pai::CreateWorkspaceRequestDescription::new("d").unwrap(),
        pai::CreateWorkspaceRequestEnvTypes::new(vec![pai::EnvType::Prod]).unwrap(),
    )
}

/// Bounds every call, so a wrong retry fails the test instead of hanging it.
async fn bounded<T>(call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), call)
        .await
        .expect("the call finished in time")
}

#[tokio::test]
async fn an_idempotent_call_succeeds_on_its_third_attempt_each_freshly_signed() {
    let (base, server) = serve_sequence(vec![unavailable(), unavailable(), json(200, "{}")]).await;
    let attempts = Arc::new(Mutex::new(Vec::new()));
    let seen = attempts.clone();
    let client = client(&base, fast_retries()).with_hook(
        move |context: &HookContext, _: &mut reqwest::Request| {
            seen.lock().unwrap().push(context.attempt);
            Ok(())
        },
    );
    let response = bounded(client.delete_workspace_resource("123", &delete_params()))
        .await
        .unwrap();
    assert!(matches!(
        response.value,
        pai::DeleteWorkspaceResourceResponses::Ok(..)
    ));
    let requests = server.await.unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(*attempts.lock().unwrap(), [1, 2, 3]);
    let nonces: Vec<&str> = requests
        .iter()
        .map(|r| r.headers["x-acs-signature-nonce"].as_str())
        .collect();
    let signatures: Vec<&str> = requests
        .iter()
        .map(|r| r.headers["authorization"].as_str())
        .collect();
    for i in 0..3 {
        for j in i + 1..3 {
            assert_ne!(nonces[i], nonces[j], "attempts share a nonce");
            assert_ne!(signatures[i], signatures[j], "attempts share a signature");
        }
    }
}

#[tokio::test]
async fn a_post_that_reached_the_server_is_not_retried() {
    // One answer only: a retry would meet a closed port instead.
    let (base, server) = serve_sequence(vec![unavailable()]).await;
    let response = bounded(client(&base, fast_retries()).create_workspace(&body()))
        .await
        .unwrap();
    assert_eq!(server.await.unwrap().len(), 1);
    match response.value {
        pai::CreateWorkspaceResponses::ServerError { status, .. } => assert_eq!(status, 503),
        other => panic!("expected the 503, got {other:?}"),
    }
    // `into_result` surfaces it as an API error with the vendor's code.
    let (base, _server) = serve_sequence(vec![unavailable()]).await;
    let err = bounded(client(&base, fast_retries()).create_workspace(&body()))
        .await
        .unwrap()
        .into_result()
        .unwrap_err();
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn throttling_is_retried_even_for_a_post() {
    let throttled = json(429, r#"{"Code":"Throttling.User","Message":"slow down"}"#);
    let (base, server) = serve_sequence(vec![throttled, json(200, "{}")]).await;
    let response = bounded(client(&base, fast_retries()).create_workspace(&body()))
        .await
        .unwrap();
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(server.await.unwrap().len(), 2);
}

#[tokio::test]
async fn retry_after_is_honoured_within_the_deadline() {
    let mut wait = unavailable();
    wait.headers.push(("retry-after", "1"));
    let (base, server) = serve_sequence(vec![wait, json(200, "{}")]).await;
    let started = Instant::now();
    bounded(client(&base, fast_retries()).delete_workspace_resource("123", &delete_params()))
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "the server asked for a second"
    );
    assert_eq!(server.await.unwrap().len(), 2);

    // A wait past the deadline is not taken: the 503 is the answer.
    let mut too_long = unavailable();
    too_long.headers.push(("retry-after", "120"));
    let (base, server) = serve_sequence(vec![too_long]).await;
    let mut config = fast_retries();
    config.retry.deadline = Duration::from_secs(2);
    let response =
        bounded(client(&base, config).delete_workspace_resource("123", &delete_params()))
            .await
            .unwrap();
    assert_eq!(response.status.as_u16(), 503);
    assert_eq!(server.await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_server_that_never_answers_gives_a_timeout_error() {
    let (base, server) = serve_silence().await;
    let mut config = fast_retries();
    config.request_timeout = Duration::from_millis(200);
    config.retry.deadline = Duration::from_secs(1);
    let err = bounded(client(&base, config).delete_workspace_resource("123", &delete_params()))
        .await
        .unwrap_err();
    server.abort();
    match err {
        Error::Timeout { attempts } => assert!((1..=3).contains(&attempts), "{attempts}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}
