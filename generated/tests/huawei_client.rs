//! The Huawei clients (ModelArts, Workspace) against a local server.
#![cfg(feature = "client")]

mod support;

use generated::huawei_modelarts as modelarts;
use generated::huawei_workspace as workspace;
use generated::runtime::Error;
use support::{json, serve_once};

const MODELARTS_ERROR: &str = r#"{"error_msg":"workspace: ccd05d1a553b4e188ea878e7dcb85e47 not exist.","error_code":"ModelArts.0104","request_id":"3df6cb1559f74c48b97db739c716eae0"}"#;

#[tokio::test]
async fn delete_workspace_sends_exact_request_and_decodes_ok() {
    let mut canned = json(
        200,
        r#"{"workspace_id":"ccd05d1a553b4e188ea878e7dcb85e47"}"#,
    );
    canned
        .headers
        .push(("X-Request-Id", "3df6cb1559f74c48b97db739c716eae0"));
    let (base, server) = serve_once(canned).await;
    let client = modelarts::Client::new(&base)
        .unwrap()
        .with_project_id("0123456789abcdef")
        .with_hook(
            |_: &generated::runtime::HookContext, r: &mut reqwest::Request| {
                r.headers_mut().insert("x-auth-token", "token".parse()?);
                Ok(())
            },
        );
    let response = client
        .delete_workspace("ccd05d1a553b4e188ea878e7dcb85e47")
        .await
        .unwrap();
    let request = server.await.unwrap();

    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.target,
        "/v1/0123456789abcdef/workspaces/ccd05d1a553b4e188ea878e7dcb85e47"
    );
    assert_eq!(request.headers["x-auth-token"], "token");
    assert!(request.body.is_empty());
    assert_eq!(
        response.header("x-request-id"),
        Some("3df6cb1559f74c48b97db739c716eae0")
    );
    assert_eq!(
        response.value,
        modelarts::DeleteWorkspaceResponses::Ok(
            serde_json::from_str(r#"{"workspace_id":"ccd05d1a553b4e188ea878e7dcb85e47"}"#).unwrap(),
            modelarts::DeleteWorkspaceOkHeaders {
                x_request_id: Some("3df6cb1559f74c48b97db739c716eae0".to_string())
            }
        )
    );
}

#[tokio::test]
async fn delete_workspace_decodes_each_declared_error_and_default() {
    for status in [400u16, 403, 500, 404, 429, 503, 302] {
        let (base, server) = serve_once(json(status, MODELARTS_ERROR)).await;
        // One attempt: 429 and 503 would otherwise be retried.
        let response = modelarts::Client::new(&base)
            .unwrap()
            .with_config(generated::runtime::ClientConfig {
                retry: generated::runtime::RetryPolicy::never(),
                ..Default::default()
            })
            .unwrap()
            .with_project_id("p")
            .delete_workspace("w")
            .await
            .unwrap();
        server.await.unwrap();
        let body = match (status, response.value) {
            (400, modelarts::DeleteWorkspaceResponses::BadRequest(body, _))
            | (403, modelarts::DeleteWorkspaceResponses::Forbidden(body, _))
            | (500, modelarts::DeleteWorkspaceResponses::InternalServerError(body, _)) => body,
            // 404, 429 and 503 are not listed: they fall to the ranges, status kept.
            (
                404 | 429,
                modelarts::DeleteWorkspaceResponses::ClientError {
                    status: s, body, ..
                },
            )
            | (
                503,
                modelarts::DeleteWorkspaceResponses::ServerError {
                    status: s, body, ..
                },
            )
            | (
                302,
                modelarts::DeleteWorkspaceResponses::Default {
                    status: s, body, ..
                },
            ) if s == status => body,
            (_, other) => panic!("status {status}: unexpected {other:?}"),
        };
        assert_eq!(body.error_code.as_deref(), Some("ModelArts.0104"));
        assert_eq!(
            body.request_id.as_deref(),
            Some("3df6cb1559f74c48b97db739c716eae0")
        );
    }
}

#[tokio::test]
async fn delete_workspace_path_parameters_cannot_change_the_path() {
    let (base, server) = serve_once(json(200, "{}")).await;
    modelarts::Client::new(&base)
        .unwrap()
        .with_project_id("p%2F")
        .delete_workspace("a/b?c#d")
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert_eq!(request.target, "/v1/p%252F/workspaces/a%2Fb%3Fc%23d");

    // Dot-segments and empty values would change the path: refused before sending.
    let client = modelarts::Client::new("http://127.0.0.1:9")
        .unwrap()
        .with_project_id("p");
    for bad in ["..", ".", ""] {
        let err = client.delete_workspace(bad).await.unwrap_err();
        assert!(
            matches!(err, Error::InvalidRequest { .. }),
            "{bad:?}: {err:?}"
        );
        assert!(
            err.to_string().contains("path parameter workspace_id"),
            "{err}"
        );
    }
}

fn delete_sub_resources_body() -> workspace::DeleteDesktopSubResourcesReq {
    workspace::DeleteDesktopSubResourcesReq::new(
        vec!["desktop-1".to_string(), "desktop-2".to_string()],
        workspace::DeleteDesktopSubResourcesReqSubResourceType::DesktopSharer,
    )
}

#[tokio::test]
async fn delete_desktop_sub_resources_sends_exact_request_and_decodes_ok() {
    let (base, server) = serve_once(json(
        200,
        r#"{"job_id":"3979904c-7beb-4f34-835f-2fa989a5550a"}"#,
    ))
    .await;
    let mut body = delete_sub_resources_body();
    body.order_id = Some("order-1".to_string());
    let response = workspace::Client::new(&base)
        .unwrap()
        .with_project_id("project 1")
        .delete_desktop_sub_resources(&body)
        .await
        .unwrap();
    let request = server.await.unwrap();

    assert_eq!(request.method, "POST");
    assert_eq!(
        request.target,
        "/v2/project%201/desktop/delete-sub-resources"
    );
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(
        request.body_text(),
        r#"{"desktop_ids":["desktop-1","desktop-2"],"sub_resource_type":"DESKTOP_SHARER","order_id":"order-1"}"#
    );
    match response.value {
        workspace::DeleteDesktopSubResourcesResponses::Ok(ok, _) => {
            assert_eq!(
                ok.job_id.as_deref(),
                Some("3979904c-7beb-4f34-835f-2fa989a5550a")
            )
        }
        other => panic!("expected Ok, got {other:?}"),
    }
}

#[tokio::test]
async fn delete_desktop_sub_resources_decodes_every_declared_error() {
    let error = r#"{"error_code":"WKS.0001","error_msg":"m","error_detail":"d","encoded_authorization_message":"e"}"#;
    for status in [400u16, 401, 403, 404, 500] {
        let (base, server) = serve_once(json(status, error)).await;
        let response = workspace::Client::new(&base)
            .unwrap()
            .with_project_id("p")
            .delete_desktop_sub_resources(&delete_sub_resources_body())
            .await
            .unwrap();
        server.await.unwrap();
        use workspace::DeleteDesktopSubResourcesResponses as R;
        let body = match (status, response.value) {
            (400, R::BadRequest(b, _))
            | (401, R::Unauthorized(b, _))
            | (403, R::Forbidden(b, _))
            | (404, R::NotFound(b, _))
            | (500, R::InternalServerError(b, _)) => b,
            (_, other) => panic!("status {status}: unexpected {other:?}"),
        };
        assert_eq!(body.error_code.as_deref(), Some("WKS.0001"));
        assert_eq!(body.encoded_authorization_message.as_deref(), Some("e"));
    }
}

#[tokio::test]
async fn delete_desktop_sub_resources_undeclared_status_and_malformed_body() {
    let (base, server) = serve_once(json(302, "<html>moved</html>")).await;
    let client = workspace::Client::new(&base).unwrap().with_project_id("p");
    let err = client
        .delete_desktop_sub_resources(&delete_sub_resources_body())
        .await
        .unwrap_err();
    server.await.unwrap();
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err:?}");
    assert_eq!(err.status().unwrap().as_u16(), 302);
    assert_eq!(err.body().unwrap().as_ref(), b"<html>moved</html>");

    let (base, server) = serve_once(json(401, "not json")).await;
    let client = workspace::Client::new(&base).unwrap().with_project_id("p");
    let err = client
        .delete_desktop_sub_resources(&delete_sub_resources_body())
        .await
        .unwrap_err();
    server.await.unwrap();
    match err {
        Error::Decode { response, .. } => {
            assert_eq!(response.status.as_u16(), 401);
            assert_eq!(response.body.as_ref(), b"not json");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}
