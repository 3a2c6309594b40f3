//! Our signatures are the vendors' signatures: each of the five operations
//! is sent by the generated client with credentials, recorded on the wire,
//! and signed again by the vendors' own SDK code (alibabacloud-tea-openapi
//! for ACS3-HMAC-SHA256, huaweicloudsdkcore for SDK-HMAC-SHA256), which
//! must compute the `Authorization` header the client sent.
#![cfg(feature = "client")]

mod support;
mod vendor;

use generated::alibaba_pai_workspace as pai;
use generated::huawei_modelarts as modelarts;
use generated::huawei_workspace as workspace;
use generated::runtime::signing::{AlibabaCredentials, HuaweiCredentials, SignedParts};
use serde_json::{json, Value};
use support::{serve_once, Recorded};

const ALIBABA_AK: &str = "LTAI5tTestAccessKeyId";
const ALIBABA_SK: &str = "test-access-key-secret-工";
const HUAWEI_AK: &str = "HPUATESTACCESSKEY";
const HUAWEI_SK: &str = "huawei-secret-key";

fn ok() -> support::Canned {
    support::json(200, "{}")
}

/// The signing job for one recorded request: the headers it signed, as
/// its `Authorization` names them, and everything else the SDK needs.
fn job(kind: &str, recorded: &Recorded, ak: &str, sk: &str) -> Value {
    let authorization = &recorded.headers["authorization"];
    let signed = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("SignedHeaders in Authorization");
    let headers: Vec<(String, String)> = signed
        .split(';')
        .map(|name| (name.to_string(), recorded.headers[name].clone()))
        .collect();
    let (path, query) = match recorded.target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (recorded.target.as_str(), None),
    };
    json!({
        "kind": kind,
        "method": recorded.method,
        "path": path,
        "query": SignedParts::decode_query(query),
        "headers": headers,
        "body": recorded.body,
        "ak": ak,
        "sk": sk,
    })
}

async fn pai_requests() -> Vec<Recorded> {
    let mut recorded = Vec::new();
    let client = |base: &str| {
        pai::Client::new(base)
            .unwrap()
            .with_credentials(AlibabaCredentials::new(ALIBABA_AK, ALIBABA_SK))
    };

    let (base, server) = serve_once(ok()).await;
    let body = pai::CreateWorkspaceRequest::new(
        pai::CreateWorkspaceRequestWorkspaceName::new("workspace_example").unwrap(),
        pai::CreateWorkspaceRequestDescription::new("这是一个工作空间描述示例。").unwrap(),
        pai::CreateWorkspaceRequestEnvTypes::new(vec![pai::EnvType::Dev, pai::EnvType::Prod])
            .unwrap(),
    );
    client(&base).create_workspace(&body).await.unwrap();
    recorded.push(server.await.unwrap());

    let (base, server) = serve_once(ok()).await;
    let resource = pai::CreateWorkspaceResourceRequestResource::new(
        pai::CreateWorkspaceResourceRequestResourceName::new("ResourceName").unwrap(),
        pai::CreateWorkspaceResourceRequestResourceEnvType::Prod,
        "123".to_string(),
    );
    let body = pai::CreateWorkspaceResourceRequest::new(vec![resource]);
    client(&base)
        .create_workspace_resource("ws 1/工", &body)
        .await
        .unwrap();
    recorded.push(server.await.unwrap());

    // STS credentials add x-acs-security-token, which is signed too.
    let (base, server) = serve_once(ok()).await;
    let mut params = pai::DeleteWorkspaceResourceParams::new();
    params.group_name = Some("group name*".to_string());
    params.resource_ids = Some(vec!["r-1".to_string(), "r~2".to_string()]);
    params.labels = Some(vec!["system.supported.eas=true".to_string()]);
    pai::Client::new(&base)
        .unwrap()
        .with_credentials(
            AlibabaCredentials::new(ALIBABA_AK, ALIBABA_SK).with_security_token("sts-token"),
        )
        .delete_workspace_resource("123", &params)
        .await
        .unwrap();
    recorded.push(server.await.unwrap());
    recorded
}

async fn huawei_requests() -> Vec<Recorded> {
    let credentials = HuaweiCredentials::new(HUAWEI_AK, HUAWEI_SK).with_project_id("0a1b2c3d");
    let mut recorded = Vec::new();

    let (base, server) = serve_once(ok()).await;
    modelarts::Client::new(&base)
        .unwrap()
        .with_credentials(credentials.clone())
        .delete_workspace("ccd05d1a553b4e188ea878e7dcb85e47")
        .await
        .unwrap();
    recorded.push(server.await.unwrap());

    let (base, server) = serve_once(ok()).await;
    let mut body = workspace::DeleteDesktopSubResourcesReq::new(
        vec!["desktop 1".to_string()],
        workspace::DeleteDesktopSubResourcesReqSubResourceType::DesktopSharer,
    );
    body.order_id = Some("order-1".to_string());
    workspace::Client::new(&base)
        .unwrap()
        .with_credentials(credentials.with_security_token("temporary-token"))
        .delete_desktop_sub_resources(&body)
        .await
        .unwrap();
    recorded.push(server.await.unwrap());
    recorded
}

#[tokio::test]
async fn all_five_operations_are_signed_as_the_vendor_sdks_sign_them() {
    let Some(python) = vendor::python() else {
        return;
    };
    let pai = pai_requests().await;
    let huawei = huawei_requests().await;

    // What the client put on the wire, before comparing signatures.
    for request in &pai {
        for header in [
            "x-acs-action",
            "x-acs-version",
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-content-sha256",
            "host",
        ] {
            assert!(
                request.headers.contains_key(header),
                "{header}: {request:?}"
            );
        }
        assert_eq!(request.headers["x-acs-version"], "2021-02-04");
        assert!(request.headers["authorization"]
            .starts_with("ACS3-HMAC-SHA256 Credential=LTAI5tTestAccessKeyId,SignedHeaders="));
    }
    let actions: Vec<&str> = pai
        .iter()
        .map(|r| r.headers["x-acs-action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "CreateWorkspace",
            "CreateWorkspaceResource",
            "DeleteWorkspaceResource"
        ]
    );
    assert_eq!(pai[2].headers["x-acs-security-token"], "sts-token");
    assert!(pai[0].body_text().contains("workspace_example"));
    for request in &huawei {
        assert_eq!(request.headers["x-project-id"], "0a1b2c3d");
        assert!(request.headers.contains_key("x-sdk-date"));
        assert!(request.headers["authorization"]
            .starts_with("SDK-HMAC-SHA256 Access=HPUATESTACCESSKEY, SignedHeaders="));
    }
    assert_eq!(
        huawei[0].target,
        "/v1/0a1b2c3d/workspaces/ccd05d1a553b4e188ea878e7dcb85e47"
    );
    assert_eq!(huawei[1].headers["x-security-token"], "temporary-token");

    let jobs: Vec<Value> = pai
        .iter()
        .map(|r| job("acs3", r, ALIBABA_AK, ALIBABA_SK))
        .chain(
            huawei
                .iter()
                .map(|r| job("sdk-hmac", r, HUAWEI_AK, HUAWEI_SK)),
        )
        .collect();
    let output = vendor::run(
        &python,
        "sign.py",
        &Value::Array(jobs).to_string(),
        &[],
        &[],
    );
    let theirs: Vec<String> = serde_json::from_str(&output).unwrap();
    let ours: Vec<&str> = pai
        .iter()
        .chain(&huawei)
        .map(|r| r.headers["authorization"].as_str())
        .collect();
    assert_eq!(theirs.len(), 5);
    for (i, (theirs, ours)) in theirs.iter().zip(&ours).enumerate() {
        assert_eq!(
            theirs,
            ours,
            "request {i}: {:?}",
            pai.iter().chain(&huawei).nth(i)
        );
    }
}
