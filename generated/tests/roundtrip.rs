//! The generated client against the generated server over 127.0.0.1, for
//! all five operations: success, each declared error status, and requests
//! the server rejects, which the client sees as typed error responses.
#![cfg(all(feature = "client", feature = "server"))]

use std::sync::{Arc, Mutex};

use generated::alibaba_pai_workspace as pai;
use generated::huawei_modelarts as modelarts;
use generated::huawei_workspace as workspace;
use generated::runtime::server::{serve, RequestContext, RunningServer};

/// The status a test wants the handlers to answer with (200 for success).
#[derive(Default)]
struct Control {
    status: Mutex<u16>,
    seen: Mutex<Vec<String>>,
}

impl Control {
    fn status(&self) -> u16 {
        match *self.status.lock().unwrap() {
            0 => 200,
            s => s,
        }
    }
    fn set(&self, status: u16) {
        *self.status.lock().unwrap() = status;
    }
    fn saw(&self, what: String) {
        self.seen.lock().unwrap().push(what);
    }
}

fn pai_error(status: u16) -> pai::PaiError {
    let mut error = pai::PaiError::new();
    error.code = Some(format!("E{status}"));
    error
}

struct Pai(Arc<Control>);

impl pai::server::Api for Pai {
    async fn create_workspace(
        &self,
        _: RequestContext,
        body: pai::CreateWorkspaceRequest,
    ) -> pai::CreateWorkspaceResponses {
        self.0.saw(format!("create {}", body.workspace_name.get()));
        let headers = pai::CreateWorkspaceOkHeaders {
            x_acs_request_id: Some("rid".into()),
        };
        match self.0.status() {
            200 => {
                let mut ok = pai::CreateWorkspaceResponse::new();
                ok.workspace_id = Some("1234".into());
                pai::CreateWorkspaceResponses::Ok(ok, headers)
            }
            s if s < 500 => pai::CreateWorkspaceResponses::ClientError {
                status: s,
                body: pai_error(s),
                headers: Default::default(),
            },
            s => pai::CreateWorkspaceResponses::ServerError {
                status: s,
                body: pai_error(s),
                headers: Default::default(),
            },
        }
    }

    async fn create_workspace_resource(
        &self,
        _: RequestContext,
        workspace_id: String,
        body: pai::CreateWorkspaceResourceRequest,
    ) -> pai::CreateWorkspaceResourceResponses {
        self.0
            .saw(format!("resource {workspace_id} {}", body.resources.len()));
        match self.0.status() {
            200 => {
                let mut ok = pai::CreateWorkspaceResourceResponse::new();
                ok.total_count = Some(body.resources.len() as i64);
                pai::CreateWorkspaceResourceResponses::Ok(ok, Default::default())
            }
            s if s < 500 => pai::CreateWorkspaceResourceResponses::ClientError {
                status: s,
                body: pai_error(s),
                headers: Default::default(),
            },
            s => pai::CreateWorkspaceResourceResponses::ServerError {
                status: s,
                body: pai_error(s),
                headers: Default::default(),
            },
        }
    }

    async fn delete_workspace_resource(
        &self,
        _: RequestContext,
        workspace_id: String,
        params: pai::DeleteWorkspaceResourceParams,
    ) -> pai::DeleteWorkspaceResourceResponses {
        self.0.saw(format!(
            "delete {workspace_id} {:?} {}",
            params.resource_ids, params.option
        ));
        match self.0.status() {
            200 => {
                let mut ok = pai::DeleteWorkspaceResourceResponse::new();
                ok.resource_ids = params.resource_ids;
                pai::DeleteWorkspaceResourceResponses::Ok(ok, Default::default())
            }
            s if s < 500 => pai::DeleteWorkspaceResourceResponses::ClientError {
                status: s,
                body: pai_error(s),
                headers: Default::default(),
            },
            s => pai::DeleteWorkspaceResourceResponses::ServerError {
                status: s,
                body: pai_error(s),
                headers: Default::default(),
            },
        }
    }
}

struct ModelArts(Arc<Control>);

impl modelarts::server::Api for ModelArts {
    async fn delete_workspace(
        &self,
        _: RequestContext,
        project_id: String,
        workspace_id: String,
    ) -> modelarts::DeleteWorkspaceResponses {
        self.0.saw(format!("{project_id}/{workspace_id}"));
        let mut error = modelarts::ModelArtsError::new();
        error.error_code = Some("ModelArts.0104".into());
        let headers = || modelarts::ErrorHeaders {
            x_request_id: Some("rid".into()),
        };
        match self.0.status() {
            200 => {
                let mut ok = modelarts::DeleteWorkspaceResponse::new();
                ok.workspace_id = Some(workspace_id);
                modelarts::DeleteWorkspaceResponses::Ok(ok, Default::default())
            }
            400 => modelarts::DeleteWorkspaceResponses::BadRequest(error, headers()),
            403 => modelarts::DeleteWorkspaceResponses::Forbidden(error, headers()),
            500 => modelarts::DeleteWorkspaceResponses::InternalServerError(error, headers()),
            s => modelarts::DeleteWorkspaceResponses::Default {
                status: s,
                body: error,
                headers: headers(),
            },
        }
    }
}

struct Desktops(Arc<Control>);

impl workspace::server::Api for Desktops {
    async fn delete_desktop_sub_resources(
        &self,
        _: RequestContext,
        project_id: String,
        body: workspace::DeleteDesktopSubResourcesReq,
    ) -> workspace::DeleteDesktopSubResourcesResponses {
        self.0.saw(format!("{project_id} {:?}", body.desktop_ids));
        let mut error = workspace::WorkspaceError::new();
        error.error_code = Some("WKS.0001".into());
        use workspace::DeleteDesktopSubResourcesResponses as R;
        match self.0.status() {
            200 => {
                let mut ok = workspace::DeleteDesktopSubResourcesResponse::new();
                ok.job_id = Some("job-1".into());
                R::Ok(ok, Default::default())
            }
            400 => R::BadRequest(error, Default::default()),
            401 => R::Unauthorized(error, Default::default()),
            403 => R::Forbidden(error, Default::default()),
            404 => R::NotFound(error, Default::default()),
            _ => R::InternalServerError(error, Default::default()),
        }
    }
}

struct Servers {
    control: Arc<Control>,
    pai: RunningServer,
    modelarts: RunningServer,
    desktops: RunningServer,
}

async fn start() -> Servers {
    let control = Arc::new(Control::default());
    Servers {
        pai: serve(pai::server::router(Arc::new(Pai(control.clone()))), 0)
            .await
            .unwrap(),
        modelarts: serve(
            modelarts::server::router(Arc::new(ModelArts(control.clone()))),
            0,
        )
        .await
        .unwrap(),
        desktops: serve(
            workspace::server::router(Arc::new(Desktops(control.clone()))),
            0,
        )
        .await
        .unwrap(),
        control,
    }
}

fn with_header(name: &'static str, value: &'static str) -> impl generated::runtime::RequestHook {
    move |_: &generated::runtime::HookContext, request: &mut reqwest::Request| {
        request.headers_mut().insert(name, value.parse()?);
        Ok(())
    }
}

fn workspace_body() -> pai::CreateWorkspaceRequest {
    pai::CreateWorkspaceRequest::new(
        pai::CreateWorkspaceRequestWorkspaceName::new("ws_1").unwrap(),
        pai::CreateWorkspaceRequestDescription::new("d").unwrap(),
        pai::CreateWorkspaceRequestEnvTypes::new(vec![pai::EnvType::Prod]).unwrap(),
    )
}

#[tokio::test]
async fn pai_operations_round_trip() {
    let servers = start().await;
    let client = pai::Client::new(&servers.pai.base_url())
        .unwrap()
        .with_hook(with_header("authorization", "ACS3-HMAC-SHA256 test"));

    let created = client.create_workspace(&workspace_body()).await.unwrap();
    let pai::CreateWorkspaceResponses::Ok(body, headers) = created.value else {
        panic!("{:?}", created.value)
    };
    assert_eq!(
        (
            body.workspace_id.as_deref(),
            headers.x_acs_request_id.as_deref()
        ),
        (Some("1234"), Some("rid"))
    );

    for status in [400, 404, 500, 503] {
        servers.control.set(status);
        match client
            .create_workspace(&workspace_body())
            .await
            .unwrap()
            .value
        {
            pai::CreateWorkspaceResponses::ClientError {
                status: s, body, ..
            }
            | pai::CreateWorkspaceResponses::ServerError {
                status: s, body, ..
            } => {
                assert_eq!((s, body.code), (status, Some(format!("E{status}"))));
            }
            other => panic!("{status}: {other:?}"),
        }
    }
    servers.control.set(200);

    let mut resource = pai::CreateWorkspaceResourceRequestResource::new(
        pai::CreateWorkspaceResourceRequestResourceName::new("res_1").unwrap(),
        pai::CreateWorkspaceResourceRequestResourceEnvType::Prod,
        "123".into(),
    );
    resource.resource_type = Some(pai::CreateWorkspaceResourceRequestResourceResourceType::Ecs);
    resource.group_name = Some("g".into());
    let body = pai::CreateWorkspaceResourceRequest::new(vec![resource.clone()]);
    match client
        .create_workspace_resource("123", &body)
        .await
        .unwrap()
        .value
    {
        pai::CreateWorkspaceResourceResponses::Ok(ok, _) => assert_eq!(ok.total_count, Some(1)),
        other => panic!("{other:?}"),
    }

    // A cross-field rule the types cannot express: MaxCompute needs Attach.
    resource.resource_type =
        Some(pai::CreateWorkspaceResourceRequestResourceResourceType::MaxCompute);
    let mut body = pai::CreateWorkspaceResourceRequest::new(vec![resource]);
    body.option = Some(pai::CreateWorkspaceResourceRequestOption::CreateAndAttach);
    match client
        .create_workspace_resource("123", &body)
        .await
        .unwrap()
        .value
    {
        pai::CreateWorkspaceResourceResponses::ClientError {
            status: 400, body, ..
        } => {
            assert_eq!(body.code.as_deref(), Some("InvalidParameter"));
            assert!(body.message.unwrap().contains("body/Option"));
        }
        other => panic!("{other:?}"),
    }

    let mut params = pai::DeleteWorkspaceResourceParams::new();
    params.resource_ids = Some(vec!["r1".into(), "r2".into()]);
    match client
        .delete_workspace_resource("123", &params)
        .await
        .unwrap()
        .value
    {
        pai::DeleteWorkspaceResourceResponses::Ok(ok, _) => {
            assert_eq!(ok.resource_ids, params.resource_ids)
        }
        other => panic!("{other:?}"),
    }
    // Neither GroupName nor ResourceIds: rejected, in PAI's error format.
    match client
        .delete_workspace_resource("123", &pai::DeleteWorkspaceResourceParams::new())
        .await
        .unwrap()
        .value
    {
        pai::DeleteWorkspaceResourceResponses::ClientError {
            status: 400, body, ..
        } => {
            assert!(body
                .message
                .unwrap()
                .contains("query/GroupName | query/ResourceIds"));
            assert!(body.request_id.is_some());
        }
        other => panic!("{other:?}"),
    }
    let seen = servers.control.seen.lock().unwrap().clone();
    assert!(
        seen.contains(&"delete 123 Some([\"r1\", \"r2\"]) DetachAndDelete".to_string()),
        "{seen:?}"
    );
    // Without credentials: 401, which PAI's 4XX covers.
    let anonymous = pai::Client::new(&servers.pai.base_url()).unwrap();
    match anonymous
        .create_workspace(&workspace_body())
        .await
        .unwrap()
        .value
    {
        pai::CreateWorkspaceResponses::ClientError {
            status: 401, body, ..
        } => assert_eq!(body.code.as_deref(), Some("Unauthorized")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn modelarts_round_trip() {
    let servers = start().await;
    let client = modelarts::Client::new(&servers.modelarts.base_url())
        .unwrap()
        .with_project_id("p")
        .with_hook(with_header("x-auth-token", "t"));
    match client.delete_workspace("w1").await.unwrap().value {
        modelarts::DeleteWorkspaceResponses::Ok(ok, _) => {
            assert_eq!(ok.workspace_id.as_deref(), Some("w1"))
        }
        other => panic!("{other:?}"),
    }
    for status in [400, 403, 500, 404] {
        servers.control.set(status);
        let response = client.delete_workspace("w1").await.unwrap();
        assert_eq!(response.status.as_u16(), status);
        let (body, headers) = match response.value {
            modelarts::DeleteWorkspaceResponses::BadRequest(b, h)
            | modelarts::DeleteWorkspaceResponses::Forbidden(b, h)
            | modelarts::DeleteWorkspaceResponses::InternalServerError(b, h) => (b, h),
            // Sent as `default`, read back through the 4XX range the
            // spec declares before it.
            modelarts::DeleteWorkspaceResponses::ClientError {
                status: 404,
                body,
                headers,
            } => (body, headers),
            other => panic!("{status}: {other:?}"),
        };
        assert_eq!(
            (body.error_code.as_deref(), headers.x_request_id.as_deref()),
            (Some("ModelArts.0104"), Some("rid"))
        );
    }
    servers.control.set(200);
    // A `/` in a path value reaches the server encoded and is refused there.
    match client.delete_workspace("a/b").await.unwrap().value {
        modelarts::DeleteWorkspaceResponses::BadRequest(body, _) => {
            assert_eq!(body.error_code.as_deref(), Some("InvalidParameter"));
            assert!(body.error_msg.unwrap().contains("path/workspace_id"));
        }
        other => panic!("{other:?}"),
    }
    let anonymous = modelarts::Client::new(&servers.modelarts.base_url())
        .unwrap()
        .with_project_id("p");
    match anonymous.delete_workspace("w").await.unwrap().value {
        modelarts::DeleteWorkspaceResponses::ClientError {
            status: 401, body, ..
        } => assert_eq!(body.error_code.as_deref(), Some("Unauthorized")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn workspace_round_trip() {
    let servers = start().await;
    let client = workspace::Client::new(&servers.desktops.base_url())
        .unwrap()
        .with_project_id("p")
        .with_hook(with_header("x-auth-token", "t"));
    let body = workspace::DeleteDesktopSubResourcesReq::new(
        vec!["d1".into()],
        workspace::DeleteDesktopSubResourcesReqSubResourceType::DesktopSharer,
    );
    match client
        .delete_desktop_sub_resources(&body)
        .await
        .unwrap()
        .value
    {
        workspace::DeleteDesktopSubResourcesResponses::Ok(ok, _) => {
            assert_eq!(ok.job_id.as_deref(), Some("job-1"))
        }
        other => panic!("{other:?}"),
    }
    use workspace::DeleteDesktopSubResourcesResponses as R;
    for status in [400, 401, 403, 404, 500] {
        servers.control.set(status);
        let response = client.delete_desktop_sub_resources(&body).await.unwrap();
        assert_eq!(response.status.as_u16(), status);
        let body = match response.value {
            R::BadRequest(b, _)
            | R::Unauthorized(b, _)
            | R::Forbidden(b, _)
            | R::NotFound(b, _)
            | R::InternalServerError(b, _) => b,
            other => panic!("{other:?}"),
        };
        assert_eq!(body.error_code.as_deref(), Some("WKS.0001"));
    }
    servers.control.set(200);
    let anonymous = workspace::Client::new(&servers.desktops.base_url())
        .unwrap()
        .with_project_id("p");
    match anonymous
        .delete_desktop_sub_resources(&body)
        .await
        .unwrap()
        .value
    {
        R::Unauthorized(body, _) => assert_eq!(body.error_code.as_deref(), Some("Unauthorized")),
        other => panic!("{other:?}"),
    }
    match client
        .clone()
        .with_project_id("a/b")
        .delete_desktop_sub_resources(&body)
        .await
        .unwrap()
        .value
    {
        R::BadRequest(body, _) => assert!(body.error_detail.unwrap().contains("path/project_id")),
        other => panic!("{other:?}"),
    }
}
