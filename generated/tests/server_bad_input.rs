//! The server on bad input: each gets a 4xx whose body is the operation's
//! declared error format and names what is wrong, and the server still
//! answers afterwards. Requests are raw, so they can be anything.
#![cfg(all(feature = "client", feature = "server"))]

use std::sync::Arc;

use generated::alibaba_pai_workspace as pai;
use generated::huawei_workspace as workspace;
use generated::runtime::server::{serve, RequestContext, RunningServer, ServerConfig};
use serde_json::Value;

/// A service whose CreateWorkspace panics when the workspace is `panic_now`.
struct Pai;

impl pai::server::Api for Pai {
    async fn create_workspace(
        &self,
        _: RequestContext,
        body: pai::CreateWorkspaceRequest,
    ) -> pai::CreateWorkspaceResponses {
        if body.workspace_name.get() == "panic_now" {
            panic!("a handler bug");
        }
        pai::CreateWorkspaceResponses::Ok(pai::CreateWorkspaceResponse::new(), Default::default())
    }
    async fn create_workspace_resource(
        &self,
        _: RequestContext,
        _: String,
        _: pai::CreateWorkspaceResourceRequest,
    ) -> pai::CreateWorkspaceResourceResponses {
        pai::CreateWorkspaceResourceResponses::Ok(
            pai::CreateWorkspaceResourceResponse::new(),
            Default::default(),
        )
    }
    async fn delete_workspace_resource(
        &self,
        _: RequestContext,
        _: String,
        _: pai::DeleteWorkspaceResourceParams,
    ) -> pai::DeleteWorkspaceResourceResponses {
        pai::DeleteWorkspaceResourceResponses::Ok(
            pai::DeleteWorkspaceResourceResponse::new(),
            Default::default(),
        )
    }
}

async fn pai_server(body_limit: usize) -> RunningServer {
    let router = pai::server::router_with_config(Arc::new(Pai), ServerConfig { body_limit });
    serve(router, 0).await.unwrap()
}

async fn send(
    method: reqwest::Method,
    url: String,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut request = reqwest::Client::new()
        .request(method, url)
        .header("authorization", "ACS3-HMAC-SHA256 t")
        .header("x-auth-token", "t");
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.body(body).send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text:?}"));
    (status, headers, json)
}

/// Sends a request line as written, with credentials, and reads the answer.
async fn send_raw(server: &RunningServer, request_line: &str) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let request = format!("{request_line} HTTP/1.1\r\nhost: x\r\nauthorization: ACS3-HMAC-SHA256 t\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8(response).unwrap();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b)
        .unwrap_or_default();
    (
        status,
        serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {text:?}")),
    )
}

/// PAI's declared error body: RequestId, Code, Message (HostId, Recommend optional).
fn assert_pai_error(status: u16, body: &Value, want_status: u16, mentions: &[&str]) {
    assert_eq!(status, want_status, "{body}");
    let object = body.as_object().expect("an object");
    for key in object.keys() {
        assert!(
            ["RequestId", "HostId", "Code", "Message", "Recommend"].contains(&key.as_str()),
            "undeclared {key}"
        );
    }
    assert!(
        body["Code"].is_string() && body["RequestId"].is_string(),
        "{body}"
    );
    let message = body["Message"].as_str().unwrap();
    for want in mentions {
        assert!(
            message.contains(want),
            "{message:?} should mention {want:?}"
        );
    }
}

async fn still_serving(server: &RunningServer) {
    let good = br#"{"WorkspaceName":"ws_1","Description":"d","EnvTypes":["prod"]}"#.to_vec();
    let (status, _, _) = send(
        reqwest::Method::POST,
        format!("{}/api/v1/workspaces", server.base_url()),
        Some("application/json"),
        good,
    )
    .await;
    assert_eq!(status, 200, "the server stopped answering good requests");
}

#[tokio::test]
async fn bad_bodies_get_every_violation_in_pais_error_format() {
    let server = pai_server(1024 * 1024).await;
    let url = format!("{}/api/v1/workspaces", server.base_url());
    let cases: &[(&[u8], &[&str])] = &[
        (b"{\"WorkspaceName\": ", &["body: is not valid JSON"]),
        (b"[1,2]", &["body: expected an object, found an array"]),
        (
            br#"{"WorkspaceName": 7, "Description": true, "EnvTypes": "prod"}"#,
            &[
                "body/WorkspaceName: expected a string",
                "body/Description: expected a string",
                "body/EnvTypes: expected an array",
            ],
        ),
        (
            br#"{"Description": "d"}"#,
            &[
                "body/WorkspaceName: is required",
                "body/EnvTypes: is required",
            ],
        ),
        (
            br#"{"WorkspaceName": "ws_1", "Description": "d", "EnvTypes": ["staging"]}"#,
            &["body/EnvTypes/0: \"staging\" is not one of"],
        ),
        // 24 characters, one over maxLength; 81 characters, one over maxLength.
        (
            format!(
                r#"{{"WorkspaceName": "{}", "Description": "{}", "EnvTypes": ["prod"]}}"#,
                "w".repeat(24),
                "d".repeat(81)
            )
            .leak()
            .as_bytes(),
            &[
                "body/WorkspaceName: length 24 is above the maximum of 23",
                "body/Description: length 81 is above the maximum of 80",
            ],
        ),
        (
            br#"{"WorkspaceName": "1ws", "Description": "d", "EnvTypes": ["prod", "prod"]}"#,
            &[
                "body/WorkspaceName: \"1ws\" does not match the pattern",
                "body/EnvTypes: items 0 and 1 are equal",
            ],
        ),
    ];
    for (body, mentions) in cases {
        let (status, _, json) = send(
            reqwest::Method::POST,
            url.clone(),
            Some("application/json"),
            body.to_vec(),
        )
        .await;
        assert_pai_error(status, &json, 400, mentions);
        still_serving(&server).await;
    }
}

#[tokio::test]
async fn bad_parameters_and_paths() {
    let server = pai_server(1024 * 1024).await;
    let base = server.base_url();
    for (path, mention) in [
        (
            "..",
            "path/WorkspaceId: \"..\" is not a single path segment",
        ),
        (
            "%2E%2E",
            "path/WorkspaceId: \"..\" is not a single path segment",
        ),
        (
            "a%2Fb",
            "path/WorkspaceId: \"a/b\" is not a single path segment",
        ),
        ("%FF%FE", "path: is not valid"),
    ] {
        // Raw, because an HTTP client would resolve `..` before sending.
        let (status, json) = send_raw(
            &server,
            &format!("DELETE /api/v1/workspaces/{path}/resources?ResourceIds=a"),
        )
        .await;
        assert_pai_error(status, &json, 400, &[mention]);
        still_serving(&server).await;
    }

    let query = |q: &str| format!("{base}/api/v1/workspaces/123/resources?{q}");
    for (q, mention) in [
        (
            "ResourceIds=a&Option=Sometimes",
            "query/Option: \"Sometimes\" is not a declared value",
        ),
        (
            "ResourceIds=a&Option=Detach&Option=Detach",
            "query/Option: is given more than once",
        ),
        ("GroupName=%FF", "query/GroupName: is not valid UTF-8"),
        (
            "ResourceType=MaxCompute&GroupName=g",
            "query/Option: For MaxCompute resources, Option can only be set to Detach",
        ),
    ] {
        let (status, _, json) = send(reqwest::Method::DELETE, query(q), None, Vec::new()).await;
        assert_pai_error(status, &json, 400, &[mention]);
    }
    still_serving(&server).await;
}

#[tokio::test]
async fn transport_level_rejections_use_the_declared_format_too() {
    let server = pai_server(64).await;
    let url = format!("{}/api/v1/workspaces", server.base_url());
    // Over the body limit (64 bytes here; 1 MiB by default).
    let big = format!(
        r#"{{"WorkspaceName":"ws_1","Description":"{}","EnvTypes":["prod"]}}"#,
        "d".repeat(70)
    );
    let (status, _, json) = send(
        reqwest::Method::POST,
        url.clone(),
        Some("application/json"),
        big.into_bytes(),
    )
    .await;
    assert_pai_error(status, &json, 413, &["over 64 bytes"]);
    // A media type the operation does not take.
    let (status, _, json) = send(
        reqwest::Method::POST,
        url.clone(),
        Some("text/plain"),
        b"hello".to_vec(),
    )
    .await;
    assert_pai_error(status, &json, 415, &["application/json"]);
    // A method the path does not have: 405 with Allow.
    let (status, headers, json) = send(reqwest::Method::PUT, url.clone(), None, Vec::new()).await;
    assert_pai_error(status, &json, 405, &["POST"]);
    assert_eq!(headers["allow"], "POST");
    let resources = format!("{}/api/v1/workspaces/1/resources", server.base_url());
    let (status, headers, _) = send(reqwest::Method::GET, resources, None, Vec::new()).await;
    assert_eq!(
        (status, headers["allow"].to_str().unwrap()),
        (405, "DELETE, POST")
    );
    // No credentials at all: 401.
    let response = reqwest::Client::new()
        .post(url.clone())
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let json: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(json["Code"], "Unauthorized");
}

#[tokio::test]
async fn a_panicking_handler_is_a_500_and_serving_goes_on() {
    let server = pai_server(1024 * 1024).await;
    let url = format!("{}/api/v1/workspaces", server.base_url());
    let body = br#"{"WorkspaceName":"panic_now","Description":"d","EnvTypes":["prod"]}"#.to_vec();
    for _ in 0..3 {
        let (status, _, json) = send(
            reqwest::Method::POST,
            url.clone(),
            Some("application/json"),
            body.clone(),
        )
        .await;
        assert_pai_error(status, &json, 500, &["failed to answer"]);
        still_serving(&server).await;
    }
}

#[tokio::test]
async fn huawei_workspace_rejections_use_its_own_error_body() {
    let server = serve(
        workspace::server::router(Arc::new(workspace::mock::Mock::new())),
        0,
    )
    .await
    .unwrap();
    let url = format!("{}/v2/p1/desktop/delete-sub-resources", server.base_url());
    let (status, _, json) = send(
        reqwest::Method::POST,
        url.clone(),
        Some("application/json"),
        br#"{"desktop_ids": "d1", "sub_resource_type": "PRINTER"}"#.to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    let object = json.as_object().unwrap();
    for key in object.keys() {
        assert!(
            [
                "error_code",
                "error_msg",
                "error_detail",
                "encoded_authorization_message"
            ]
            .contains(&key.as_str()),
            "{key}"
        );
    }
    assert_eq!(json["error_code"], "InvalidParameter");
    let detail = json["error_detail"].as_str().unwrap();
    assert!(
        detail.contains("body/desktop_ids: expected an array"),
        "{detail}"
    );
    assert!(
        detail.contains("body/sub_resource_type: \"PRINTER\" is not one of"),
        "{detail}"
    );
    // And the mock answers a good request from the spec's example.
    let (status, _, json) = send(
        reqwest::Method::POST,
        url,
        Some("application/json"),
        br#"{"desktop_ids": ["d1"], "sub_resource_type": "DESKTOP_SHARER"}"#.to_vec(),
    )
    .await;
    assert_eq!(
        (status, json["job_id"].as_str()),
        (200, Some("3979904c-7beb-4f34-835f-2fa989a5550a"))
    );
}
