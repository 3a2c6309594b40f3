//! A consumer calling one PAI and one Huawei operation. The README shows
//! this file verbatim; `cargo test` compiles it, so the README cannot rot.
use generated::alibaba_pai_workspace as pai;
use generated::huawei_workspace as workspace;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // PAI: requests are signed by a hook (ACS3-HMAC-SHA256 in real use).
    let pai = pai::Client::new(pai::Client::DEFAULT_BASE_URL)?.with_hook(
        |request: &mut reqwest::Request| {
            request
                .headers_mut()
                .insert("authorization", "ACS3-HMAC-SHA256 ...".parse()?);
            Ok(())
        },
    );
    let body = pai::CreateWorkspaceRequest::new(
        pai::CreateWorkspaceRequestWorkspaceName::new("workspace_example")?,
        pai::CreateWorkspaceRequestDescription::new("A demo workspace")?,
        pai::CreateWorkspaceRequestEnvTypes::new(vec![pai::EnvType::Prod])?,
    );
    let response = pai.create_workspace(&body).await?;
    match response.value {
        pai::CreateWorkspaceResponses::Ok(created, _headers) => {
            println!("workspace {:?}", created.workspace_id)
        }
        pai::CreateWorkspaceResponses::ClientError {
            status,
            body,
            headers,
        }
        | pai::CreateWorkspaceResponses::ServerError {
            status,
            body,
            headers,
        } => {
            eprintln!(
                "{status}: {:?} (request {:?})",
                body.code, headers.x_acs_request_id
            )
        }
    }

    // Huawei Workspace: an IAM token in X-Auth-Token.
    let desktops = workspace::Client::new(workspace::Client::DEFAULT_BASE_URL)?.with_hook(
        |request: &mut reqwest::Request| {
            request
                .headers_mut()
                .insert("x-auth-token", "<IAM token>".parse()?);
            Ok(())
        },
    );
    let body = workspace::DeleteDesktopSubResourcesReq::new(
        vec!["desktop-id".to_string()],
        workspace::DeleteDesktopSubResourcesReqSubResourceType::DesktopSharer,
    );
    match desktops
        .delete_desktop_sub_resources("project-id", &body)
        .await?
        .value
    {
        workspace::DeleteDesktopSubResourcesResponses::Ok(job, _) => {
            println!("job {:?}", job.job_id)
        }
        other => eprintln!("failed: {other:?}"),
    }
    Ok(())
}
