//! The PAI client against a local server: the exact request on the wire and
//! the decoding of every declared response.
#![cfg(feature = "client")]

mod support;

use generated::alibaba_pai_workspace::{self as pai, Client};
use generated::runtime::Error;
use support::{json, serve_once};

fn create_workspace_body() -> pai::CreateWorkspaceRequest {
    let mut body = pai::CreateWorkspaceRequest::new(
        pai::CreateWorkspaceRequestWorkspaceName::new("workspace_example").unwrap(),
        pai::CreateWorkspaceRequestDescription::new("这是一个工作空间描述示例。").unwrap(),
        pai::CreateWorkspaceRequestEnvTypes::new(vec![pai::EnvType::Dev, pai::EnvType::Prod])
            .unwrap(),
    );
    body.display_name = Some("demo工作空间".to_string());
    body
}

#[tokio::test]
async fn create_workspace_sends_exact_request_and_decodes_ok() {
    let mut canned = json(
        200,
        r#"{"RequestId":"1e195c5116124202371861018d5bde","WorkspaceId":"1234"}"#,
    );
    canned
        .headers
        .push(("x-acs-request-id", "1e195c5116124202371861018d5bde"));
    let (base, server) = serve_once(canned).await;
    let client = Client::new(&base).unwrap();
    let response = client
        .create_workspace(&create_workspace_body())
        .await
        .unwrap();
    let request = server.await.unwrap();

    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/api/v1/workspaces");
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(
        request.body_text(),
        r#"{"WorkspaceName":"workspace_example","Description":"这是一个工作空间描述示例。","DisplayName":"demo工作空间","EnvTypes":["dev","prod"]}"#
    );
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(
        response.header("x-acs-request-id"),
        Some("1e195c5116124202371861018d5bde")
    );
    match response.value {
        pai::CreateWorkspaceResponses::Ok(body, headers) => {
            assert_eq!(
                headers.x_acs_request_id.as_deref(),
                Some("1e195c5116124202371861018d5bde")
            );
            assert_eq!(body.workspace_id.as_deref(), Some("1234"));
            assert_eq!(
                body.request_id.as_deref(),
                Some("1e195c5116124202371861018d5bde")
            );
        }
        other => panic!("expected Ok, got {other:?}"),
    }
}

#[tokio::test]
async fn pai_errors_decode_into_the_range_variants() {
    let error = r#"{"RequestId":"r1","HostId":"aiworkspace.cn-hangzhou.aliyuncs.com","Code":"InvalidParameter","Message":"bad","Recommend":"https://x"}"#;
    for (status, client_side) in [(400, true), (404, true), (503, false)] {
        let (base, server) = serve_once(json(status, error)).await;
        let response = Client::new(&base)
            .unwrap()
            .create_workspace(&create_workspace_body())
            .await
            .unwrap();
        server.await.unwrap();
        assert_eq!(response.status.as_u16(), status);
        match (response.value, client_side) {
            (
                pai::CreateWorkspaceResponses::ClientError {
                    status: s, body, ..
                },
                true,
            )
            | (
                pai::CreateWorkspaceResponses::ServerError {
                    status: s, body, ..
                },
                false,
            ) => {
                assert_eq!(s, status);
                assert_eq!(body.code.as_deref(), Some("InvalidParameter"));
                assert_eq!(
                    body.host_id.as_deref(),
                    Some("aiworkspace.cn-hangzhou.aliyuncs.com")
                );
                assert_eq!(body.recommend.as_deref(), Some("https://x"));
            }
            (other, _) => panic!("status {status}: unexpected {other:?}"),
        }
    }
}

#[tokio::test]
async fn create_workspace_resource_encodes_path_and_body() {
    let (base, server) = serve_once(json(
        200,
        r#"{"RequestId":"1e195c5116124202371861018d5bde","Resources":[{"Id":"1234"}],"TotalCount":1}"#,
    ))
    .await;
    let mut resource = pai::CreateWorkspaceResourceRequestResource::new(
        pai::CreateWorkspaceResourceRequestResourceName::new("ResourceName").unwrap(),
        pai::CreateWorkspaceResourceRequestResourceEnvType::Prod,
        "123".to_string(),
    );
    resource.group_name = Some("groupName".to_string());
    resource.resource_type =
        Some(pai::CreateWorkspaceResourceRequestResourceResourceType::MaxCompute);
    resource.quotas = Some(vec![pai::ResourceQuota::new(
        "232892******92912".to_string(),
    )]);
    let mut label = pai::ResourceLabel::new();
    label.key = Some("system.support.eas".to_string());
    label.value = Some("true".to_string());
    resource.labels = Some(vec![label]);
    let mut body = pai::CreateWorkspaceResourceRequest::new(vec![resource]);
    body.option = Some(pai::CreateWorkspaceResourceRequestOption::Attach);

    let response = Client::new(&base)
        .unwrap()
        .create_workspace_resource("a/b", &body)
        .await
        .unwrap();
    let request = server.await.unwrap();

    assert_eq!(request.method, "POST");
    // A `/` in a path parameter stays inside its segment.
    assert_eq!(request.target, "/api/v1/workspaces/a%2Fb/resources");
    assert_eq!(
        request.body_text(),
        concat!(
            r#"{"Option":"Attach","Resources":[{"Name":"ResourceName","EnvType":"prod","WorkspaceId":"123","#,
            r#""IsDefault":false,"Quotas":[{"Id":"232892******92912"}],"GroupName":"groupName","#,
            r#""ResourceType":"MaxCompute","Labels":[{"Key":"system.support.eas","Value":"true"}]}]}"#
        )
    );
    match response.value {
        pai::CreateWorkspaceResourceResponses::Ok(body, _) => {
            assert_eq!(body.total_count, Some(1));
            assert_eq!(body.resources.unwrap()[0].id.as_deref(), Some("1234"));
        }
        other => panic!("expected Ok, got {other:?}"),
    }
}

#[tokio::test]
async fn delete_workspace_resource_puts_everything_in_the_query() {
    let (base, server) = serve_once(json(
        200,
        r#"{"RequestId":"5A14FA81-DD4E-******-6343FE44B941","ResourceIds":["Resource-dks******jkf"]}"#,
    ))
    .await;
    let mut params = pai::DeleteWorkspaceResourceParams::new();
    params.group_name = Some("group".to_string());
    params.option = pai::DeleteWorkspaceResourceOption::Detach;
    params.resource_type = Some(pai::DeleteWorkspaceResourceResourceType::MaxCompute);
    params.labels = Some(vec!["system.supported.eas=true".to_string()]);
    params.resource_ids = Some(vec![
        "Resource-dks******jkf".to_string(),
        "Resource-adf******dss".to_string(),
    ]);

    let response = Client::new(&base)
        .unwrap()
        .delete_workspace_resource("../x", &params)
        .await
        .unwrap();
    let request = server.await.unwrap();

    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.target,
        "/api/v1/workspaces/..%2Fx/resources?GroupName=group&Option=Detach&ResourceType=MaxCompute\
         &Labels=system.supported.eas%3Dtrue&ResourceIds=Resource-dks%2A%2A%2A%2A%2A%2Ajkf,Resource-adf%2A%2A%2A%2A%2A%2Adss"
    );
    assert!(request.body.is_empty());
    assert!(!request.headers.contains_key("content-type"));
    match response.value {
        pai::DeleteWorkspaceResourceResponses::Ok(body, _) => {
            assert_eq!(
                body.resource_ids,
                Some(vec!["Resource-dks******jkf".to_string()])
            );
        }
        other => panic!("expected Ok, got {other:?}"),
    }
}

#[tokio::test]
async fn defaults_are_applied_and_sent() {
    let (base, server) = serve_once(json(200, "{}")).await;
    let mut params = pai::DeleteWorkspaceResourceParams::new();
    params.resource_ids = Some(vec!["a".to_string(), "b".to_string()]);
    Client::new(&base)
        .unwrap()
        .delete_workspace_resource("123", &params)
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert_eq!(
        request.target,
        "/api/v1/workspaces/123/resources?Option=DetachAndDelete&ResourceIds=a,b"
    );
}

#[tokio::test]
async fn undeclared_status_keeps_status_headers_and_raw_body() {
    // PAI declares 200, 4XX and 5XX; a 302 is not declared.
    let mut canned = json(302, "moved");
    canned.headers.push(("x-acs-request-id", "r302"));
    let (base, server) = serve_once(canned).await;
    let err = Client::new(&base)
        .unwrap()
        .create_workspace(&create_workspace_body())
        .await
        .unwrap_err();
    server.await.unwrap();
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(302));
    assert_eq!(err.headers().unwrap()["x-acs-request-id"], "r302");
    assert_eq!(err.body().unwrap().as_ref(), b"moved");
}

#[tokio::test]
async fn malformed_body_keeps_the_raw_bytes() {
    let (base, server) = serve_once(json(200, r#"{"RequestId": 12"#)).await;
    let err = Client::new(&base)
        .unwrap()
        .create_workspace(&create_workspace_body())
        .await
        .unwrap_err();
    server.await.unwrap();
    match &err {
        Error::Decode { response, message } => {
            assert_eq!(response.status.as_u16(), 200);
            assert_eq!(response.body.as_ref(), br#"{"RequestId": 12"#);
            assert!(!message.is_empty());
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn hooks_see_and_change_every_request() {
    let (base, server) = serve_once(json(200, "{}")).await;
    let client = Client::new(&base).unwrap().with_hook(
        |_: &generated::runtime::HookContext, request: &mut reqwest::Request| {
            let body_len = request
                .body()
                .and_then(|b| b.as_bytes())
                .map_or(0, <[u8]>::len);
            let value = format!("ACS3-HMAC-SHA256 test,len={body_len}");
            request
                .headers_mut()
                .insert("authorization", value.parse()?);
            Ok(())
        },
    );
    client
        .create_workspace(&create_workspace_body())
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert_eq!(
        request.headers["authorization"],
        format!("ACS3-HMAC-SHA256 test,len={}", request.body.len())
    );
}

#[tokio::test]
async fn a_failing_hook_stops_the_request() {
    let client =
        Client::new("http://127.0.0.1:9").unwrap().with_hook(
            |_: &generated::runtime::HookContext, _: &mut reqwest::Request| {
                Err("no credentials".into())
            },
        );
    let err = client
        .create_workspace(&create_workspace_body())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Hook(_)), "{err:?}");
    assert_eq!(err.to_string(), "request hook failed: no credentials");
}

#[tokio::test]
async fn transport_failure_is_its_own_kind() {
    // Bind then drop, so nothing listens on the port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::new(&format!("http://127.0.0.1:{port}")).unwrap();
    let err = client
        .create_workspace(&create_workspace_body())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.status().is_none());
}

#[test]
fn a_bad_base_url_is_invalid_input() {
    let err = Client::new("not a url").unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
}

#[tokio::test]
async fn an_unlisted_enum_value_is_sent_only_on_purpose() {
    let (base, server) = serve_once(json(200, "{}")).await;
    let mut params = pai::DeleteWorkspaceResourceParams::new();
    params.group_name = Some("group".to_string());
    let unlisted = pai::DeleteWorkspaceResourceResourceType::unlisted("SelfManagedAckPro");
    assert!(!unlisted.is_known());
    params.resource_type = Some(unlisted);
    Client::new(&base)
        .unwrap()
        .delete_workspace_resource("123", &params)
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert!(
        request.target.contains("ResourceType=SelfManagedAckPro"),
        "{}",
        request.target
    );
    // A listed value given through the escape hatch is the listed variant.
    assert_eq!(
        pai::DeleteWorkspaceResourceResourceType::unlisted("MaxCompute"),
        pai::DeleteWorkspaceResourceResourceType::MaxCompute
    );
}
