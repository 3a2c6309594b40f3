//! A consumer calling one PAI and one Huawei operation. The README shows
//! this file verbatim; `cargo test` compiles it, so the README cannot rot.
use generated::alibaba_pai_workspace as pai;
use generated::huawei_workspace as workspace;
use generated::runtime::signing::HuaweiCredentials;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // PAI in cn-shanghai, signed with ACS3-HMAC-SHA256 by the AccessKey in
    // ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET.
    let pai = pai::Client::for_region_id("cn-shanghai")?
        .with_credentials(generated::runtime::signing::AlibabaCredentials::from_env()?);
    let body = pai::CreateWorkspaceRequest::new(
        pai::CreateWorkspaceRequestWorkspaceName::new("workspace_example")?,
        pai::CreateWorkspaceRequestDescription::new("A demo workspace")?,
        pai::CreateWorkspaceRequestEnvTypes::new(vec![pai::EnvType::Prod])?,
    );
    // `into_result` turns a declared error status into `Err`, so `?`
    // surfaces API errors; `value` still holds the typed response.
    match pai.create_workspace(&body).await?.into_result() {
        Ok(response) => {
            if let pai::CreateWorkspaceResponses::Ok(created, _headers) = response.value {
                println!("workspace {:?}", created.workspace_id)
            }
        }
        Err(generated::runtime::Error::Api(error)) => {
            eprintln!(
                "{}: {:?} (request {:?})",
                error.status, error.code, error.request_id
            )
        }
        Err(other) => return Err(other.into()),
    }

    // Huawei Workspace: AK/SK signing (SDK-HMAC-SHA256); the project id is
    // set once, on the client, instead of on every call.
    let desktops = workspace::Client::for_region("cn-north-4")?
        .with_credentials(HuaweiCredentials::from_env()?)
        .with_project_id("0123456789abcdef0123456789abcdef");
    let body = workspace::DeleteDesktopSubResourcesReq::new(
        vec!["desktop-id".to_string()],
        workspace::DeleteDesktopSubResourcesReqSubResourceType::DesktopSharer,
    );
    let response = desktops
        .delete_desktop_sub_resources(&body)
        .await?
        .into_result()?;
    if let workspace::DeleteDesktopSubResourcesResponses::Ok(job, _) = response.value {
        println!("job {:?}", job.job_id)
    }
    Ok(())
}
