//! Secrets never show: not in a client's `Debug`, not in errors, not in
//! the tracing output of a call that is signed, retried and refused.
#![cfg(feature = "client")]

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated::alibaba_pai_workspace as pai;
use generated::huawei_modelarts as modelarts;
use generated::runtime::signing::{AlibabaCredentials, HuaweiCredentials};
use generated::runtime::{ClientConfig, RetryPolicy};
use support::{json, serve_sequence};

const SECRETS: [&str; 4] = [
    "alibaba-secret-value",
    "alibaba-sts-token",
    "huawei-secret-value",
    "huawei-temporary-token",
];

/// A writer the tracing subscriber fills, for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_clean(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows a secret:\n{text}");
    }
}

#[tokio::test]
async fn secrets_stay_out_of_debug_errors_and_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing_subscriber::util::SubscriberInitExt::set_default(subscriber);

    let config = ClientConfig {
        retry: RetryPolicy {
            initial_backoff: Duration::from_millis(5),
            ..RetryPolicy::default()
        },
        ..ClientConfig::default()
    };
    let refused = r#"{"Code":"SignatureDoesNotMatch","Message":"no"}"#;
    let (base, server) = serve_sequence(vec![json(503, "{}"), json(400, refused)]).await;
    let alibaba = pai::Client::new(&base)
        .unwrap()
        .with_config(config.clone())
        .unwrap()
        .with_credentials(
            AlibabaCredentials::new("LTAI5tSecrets", "alibaba-secret-value")
                .with_security_token("alibaba-sts-token"),
        );
    assert_clean("the client's Debug", &format!("{alibaba:?}"));
    let mut params = pai::DeleteWorkspaceResourceParams::new();
    params.group_name = Some("g".to_string());
    let err = alibaba
        .delete_workspace_resource("123", &params)
        .await
        .unwrap()
        .into_result()
        .unwrap_err();
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert_clean("the error", &format!("{err} {err:?}"));
    let requests = server.await.unwrap();
    // The token did travel, where Alibaba wants it: only the output is clean.
    assert_eq!(
        requests[1].headers["x-acs-security-token"],
        "alibaba-sts-token"
    );

    let huawei = modelarts::Client::new("http://127.0.0.1:9")
        .unwrap()
        .with_config(ClientConfig {
            retry: RetryPolicy::never(),
            ..config
        })
        .unwrap()
        .with_credentials(
            HuaweiCredentials::new("HPUASECRETS", "huawei-secret-value")
                .with_security_token("huawei-temporary-token")
                .with_project_id("p"),
        );
    assert_clean("the client's Debug", &format!("{huawei:?}"));
    let err = huawei.delete_workspace("w").await.unwrap_err();
    assert_clean("the error", &format!("{err} {err:?}"));

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("DeleteWorkspaceResource"),
        "the call is traced:\n{logs}"
    );
    assert!(logs.contains("retrying"), "the retry is traced:\n{logs}");
    assert_clean("the logs", &logs);
}
