//! Theirs are accepted by ours: the vendors' own SDKs
//! (alibabacloud-aiworkspace20210204, huaweicloudsdkmodelarts,
//! huaweicloudsdkworkspace) call all five operations on the mock with
//! signature verification on. Good signatures pass; a wrong secret, a stale
//! date and a reused nonce are refused with the vendor's error code, which
//! the SDK reads back.
#![cfg(feature = "server")]

mod vendor;

use generated::runtime::server::{AcceptedCredentials, SignatureVerifier};
use serde_json::Value;

const ALIBABA: (&str, &str) = ("LTAI5tVerifyTest", "alibaba-secret");
const HUAWEI: (&str, &str) = ("HPUAVERIFYTEST", "huawei-secret");

/// Runs `scenario` of `call.py` against a fresh verifying mock; the
/// outcome of each operation, in call order.
async fn outcomes(python: &std::path::Path, scenario: &str) -> Vec<(String, String)> {
    let verifier = SignatureVerifier::new()
        .with_key(ALIBABA.0, ALIBABA.1)
        .with_key(HUAWEI.0, HUAWEI.1);
    let server = generated::mock_server::start_with(
        0,
        AcceptedCredentials::only(Vec::new()).verifying(verifier),
    )
    .await
    .unwrap();
    let envs = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ALIBABA.0.to_string()),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ALIBABA.1.to_string()),
        ("HUAWEICLOUD_SDK_AK", HUAWEI.0.to_string()),
        ("HUAWEICLOUD_SDK_SK", HUAWEI.1.to_string()),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "0a1b2c3d".to_string()),
    ];
    let (python, base_url, scenario) = (
        python.to_path_buf(),
        server.base_url(),
        scenario.to_string(),
    );
    // The SDKs block; the mock answers on this runtime meanwhile.
    let output = tokio::task::spawn_blocking(move || {
        vendor::run(
            &python,
            "call.py",
            "",
            &[&base_url[..], &scenario[..]],
            &envs,
        )
    })
    .await
    .unwrap();
    server.stop().await.unwrap();
    let results: Vec<Value> = serde_json::from_str(&output).unwrap();
    results
        .iter()
        .map(|r| {
            (
                r["operation"].as_str().unwrap().to_string(),
                r["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const OPERATIONS: [&str; 5] = [
    "CreateWorkspace",
    "CreateWorkspaceResource",
    "DeleteWorkspaceResource",
    "DeleteWorkspace",
    "DeleteDesktopSubResources",
];

fn expect(outcomes: &[(String, String)], wanted: [&str; 5]) {
    let got: Vec<(&str, &str)> = outcomes
        .iter()
        .map(|(o, c)| (o.as_str(), c.as_str()))
        .collect();
    let wanted: Vec<(&str, &str)> = OPERATIONS.into_iter().zip(wanted).collect();
    assert_eq!(got, wanted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vendor_sdk_requests_are_verified() {
    let Some(python) = vendor::python() else {
        return;
    };
    expect(&outcomes(&python, "good").await, ["ok"; 5]);
    let mismatch = [
        "SignatureDoesNotMatch",
        "SignatureDoesNotMatch",
        "SignatureDoesNotMatch",
        "APIGW.0301",
        "APIGW.0301",
    ];
    expect(&outcomes(&python, "wrong-secret").await, mismatch);
    let expired = [
        "InvalidTimeStamp.Expired",
        "InvalidTimeStamp.Expired",
        "InvalidTimeStamp.Expired",
        "APIGW.0301",
        "APIGW.0301",
    ];
    expect(&outcomes(&python, "stale-date").await, expired);
    // One nonce for every Alibaba call: the first passes, the replays do not.
    let replayed = ["ok", "SignatureNonceUsed", "SignatureNonceUsed", "ok", "ok"];
    expect(&outcomes(&python, "reused-nonce").await, replayed);
}
