// ModelArts' 200 carries a DeleteWorkspaceResponse; answering it with the
// error body instead must not compile either.
use generated::huawei_modelarts as modelarts;
use generated::runtime::server::RequestContext;

struct Service;

impl modelarts::server::Api for Service {
    async fn delete_workspace(&self, _: RequestContext, _: String, _: String) -> modelarts::DeleteWorkspaceResponses {
        modelarts::DeleteWorkspaceResponses::Ok(modelarts::ModelArtsError::new(), Default::default())
    }
}

fn main() {}
