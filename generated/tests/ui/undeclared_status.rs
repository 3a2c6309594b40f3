// Huawei Workspace declares 200, 400, 401, 403, 404 and 500 for
// DeleteDesktopSubResources; a handler answering 409 Conflict must not compile.
use generated::huawei_workspace as workspace;
use generated::runtime::server::RequestContext;

struct Service;

impl workspace::server::Api for Service {
    async fn delete_desktop_sub_resources(
        &self,
        _: RequestContext,
        _: String,
        _: workspace::DeleteDesktopSubResourcesReq,
    ) -> workspace::DeleteDesktopSubResourcesResponses {
        workspace::DeleteDesktopSubResourcesResponses::Conflict(workspace::WorkspaceError::new(), Default::default())
    }
}

fn main() {}
