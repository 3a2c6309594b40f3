//! The project's specs say what the seed pages say. Each assertion is a fact
//! from a page (or from the vendors' SDKs where a page is ambiguous), so a
//! spec edit that drops one fails here.

use generator::model::{
    Api, Constraints, CredentialKind, HttpMethod, Operation, ParamLocation, StatusMatch, TypeKind,
    TypeRef,
};
use serde_json::{json, Value};

fn lower(file: &str) -> (Api, Value) {
    let path = format!("{}/../specs/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let spec = generator::SpecSource::new(format!("specs/{file}"), text).with_files(
        generator::load::Disk {
            root: format!("{}/..", env!("CARGO_MANIFEST_DIR")).into(),
        },
    );
    let doc = generator::load_spec(&spec).unwrap_or_else(|e| panic!("{e}"));
    let api = generator::lower_document(&doc).unwrap_or_else(|e| panic!("{e}"));
    (api, serde_json::to_value(&doc.spec).unwrap())
}

fn op<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|o| o.operation_id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

fn constraints(api: &Api, ty: &TypeRef) -> Constraints {
    match ty {
        TypeRef::Named(name) => match &api.types[name].kind {
            TypeKind::Constrained(c) => c.constraints.clone(),
            other => panic!("{name} is not constrained: {other:?}"),
        },
        other => panic!("{other:?} is not a named type"),
    }
}

fn enum_values(api: &Api, ty: &TypeRef) -> Vec<String> {
    let TypeRef::Named(name) = ty else {
        panic!("{ty:?} is not named")
    };
    match &api.types[name].kind {
        TypeKind::Enum(e) => e.variants.iter().map(|v| v.wire_value.clone()).collect(),
        TypeKind::Constrained(c) => enum_values(
            api,
            match &c.inner {
                TypeRef::Vec(item) => item,
                other => other,
            },
        ),
        other => panic!("{name} is not an enum: {other:?}"),
    }
}

fn field<'a>(api: &'a Api, type_name: &str, wire: &str) -> &'a generator::model::Field {
    let TypeKind::Struct(s) = &api.types[type_name].kind else {
        panic!("{type_name} is not a struct")
    };
    s.fields
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("{type_name}.{wire}"))
}

fn credentials(op: &Operation) -> Vec<Vec<(&str, &str, &str)>> {
    op.security
        .iter()
        .map(|alternative| {
            alternative
                .iter()
                .map(|c| (c.scheme.as_str(), c.location.as_str(), c.name.as_str()))
                .collect()
        })
        .collect()
}

fn statuses(op: &Operation) -> Vec<StatusMatch> {
    op.responses.iter().map(|r| r.status).collect()
}

fn pointer<'a>(doc: &'a Value, p: &str) -> &'a Value {
    doc.pointer(p).unwrap_or_else(|| panic!("nothing at {p}"))
}

#[test]
fn pai_operations_methods_and_paths() {
    let (api, doc) = lower("alibaba-pai-workspace.yaml");
    let ops: Vec<_> = api
        .operations
        .iter()
        .map(|o| (o.operation_id.as_str(), o.http_method, o.path.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            ("CreateWorkspace", HttpMethod::Post, "/api/v1/workspaces"),
            (
                "CreateWorkspaceResource",
                HttpMethod::Post,
                "/api/v1/workspaces/{WorkspaceId}/resources"
            ),
            (
                "DeleteWorkspaceResource",
                HttpMethod::Delete,
                "/api/v1/workspaces/{WorkspaceId}/resources"
            ),
        ]
    );
    assert_eq!(api.version, "2021-02-04");
    assert_eq!(
        pointer(&doc, "/servers/0/variables/regionId/default"),
        "cn-hangzhou"
    );
    for op in &api.operations {
        assert_eq!(
            credentials(op),
            [vec![("acs3HmacSha256", "header", "Authorization")]],
            "{}",
            op.operation_id
        );
        // Signed with ACS3-HMAC-SHA256: the action is the operationId, the
        // version the API's.
        assert_eq!(
            op.security[0][0].kind,
            CredentialKind::Acs3 {
                action: op.operation_id.clone(),
                version: "2021-02-04".to_string()
            }
        );
        assert_eq!(
            statuses(op),
            [
                StatusMatch::Code(200),
                StatusMatch::Range(4),
                StatusMatch::Range(5)
            ]
        );
    }
    assert_eq!(
        pointer(&doc, "/components/securitySchemes/acs3HmacSha256/name"),
        "Authorization"
    );
    let error = &api.types["PaiError"];
    let TypeKind::Struct(s) = &error.kind else {
        panic!()
    };
    let names: Vec<_> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(
        names,
        ["RequestId", "HostId", "Code", "Message", "Recommend"]
    );
}

#[test]
fn pai_create_workspace_body() {
    let (api, doc) = lower("alibaba-pai-workspace.yaml");
    let body = op(&api, "CreateWorkspace").body.as_ref().unwrap();
    assert!(body.required);
    assert_eq!(body.ty, TypeRef::Named("CreateWorkspaceRequest".into()));
    let name = field(&api, "CreateWorkspaceRequest", "WorkspaceName");
    assert!(name.required);
    let c = constraints(&api, &name.ty);
    assert_eq!((c.min_length, c.max_length), (Some(3), Some(23)));
    let pattern = fancy_regex::Regex::new(c.pattern.as_deref().unwrap()).unwrap();
    let matches = |s: &str| pattern.is_match(s).unwrap();
    assert!(matches("workspace_example") && !matches("1abc") && !matches("ab-c"));
    let description = field(&api, "CreateWorkspaceRequest", "Description");
    assert!(description.required);
    assert_eq!(constraints(&api, &description.ty).max_length, Some(80));
    assert!(!field(&api, "CreateWorkspaceRequest", "DisplayName").required);
    assert!(!field(&api, "CreateWorkspaceRequest", "ResourceGroupId").required);
    let env_types = field(&api, "CreateWorkspaceRequest", "EnvTypes");
    assert!(env_types.required);
    assert_eq!(enum_values(&api, &env_types.ty), ["dev", "prod"]);
    let schema = "/components/schemas/CreateWorkspaceRequest/properties";
    assert_eq!(
        pointer(&doc, &format!("{schema}/WorkspaceName/example")),
        "workspace_example"
    );
    assert_eq!(
        pointer(&doc, &format!("{schema}/Description/example")),
        "这是一个工作空间描述示例。"
    );
    assert_eq!(
        pointer(&doc, &format!("{schema}/DisplayName/example")),
        "demo工作空间"
    );
    assert_eq!(
        pointer(
            &doc,
            "/components/schemas/CreateWorkspaceResponse/properties/RequestId/example"
        ),
        "1e195c5116124202371861018d5bde"
    );
}

#[test]
fn pai_create_workspace_resource_body() {
    let (api, doc) = lower("alibaba-pai-workspace.yaml");
    let op = op(&api, "CreateWorkspaceResource");
    let path_params: Vec<_> = op
        .params_in(ParamLocation::Path)
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(path_params, ["WorkspaceId"]);
    // `Option` is top-level, beside `Resources`.
    let option = field(&api, "CreateWorkspaceResourceRequest", "Option");
    assert_eq!(enum_values(&api, &option.ty), ["CreateAndAttach", "Attach"]);
    assert!(field(&api, "CreateWorkspaceResourceRequest", "Resources").required);
    let item = "CreateWorkspaceResourceRequestResource";
    for required in ["Name", "EnvType", "WorkspaceId"] {
        assert!(field(&api, item, required).required, "{required}");
    }
    for optional in [
        "ProductType",
        "IsDefault",
        "Quotas",
        "Spec",
        "GroupName",
        "ResourceType",
        "Labels",
    ] {
        assert!(!field(&api, item, optional).required, "{optional}");
    }
    let c = constraints(&api, &field(&api, item, "Name").ty);
    assert_eq!((c.min_length, c.max_length), (Some(3), Some(28)));
    assert!(field(&api, item, "ProductType").deprecated);
    assert_eq!(field(&api, item, "IsDefault").default, Some(json!(false)));
    assert_eq!(
        enum_values(&api, &field(&api, item, "EnvType").ty),
        ["dev", "prod"]
    );
    assert_eq!(
        enum_values(&api, &field(&api, item, "ResourceType").ty),
        ["MaxCompute", "ECS", "Lingjun", "ACS", "FLINK"]
    );
    assert!(matches!(field(&api, item, "Spec").ty, TypeRef::Map(_)));
    assert!(field(&api, "ResourceQuota", "Id").required);
    assert_eq!(
        pointer(
            &doc,
            "/components/schemas/CreateWorkspaceResourceRequestResource/properties/Spec/example"
        ),
        &json!({"Endpoint": "odps.alibaba-inc.com", "Project": "mignshi"})
    );
    let rules = pointer(
        &doc,
        "/paths/~1api~1v1~1workspaces~1{WorkspaceId}~1resources/post/x-cross-field-rules",
    );
    assert!(rules
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "maxcompute-attach-only"));
    // Body fields are lowered into steps, and render back as the spec spells them.
    use generator::model::{BodyStep, RuleField, RuleKind};
    let group_name = op
        .rules
        .iter()
        .find(|r| r.id == "attach-requires-group-name")
        .expect("the rule is lowered");
    let RuleKind::Implies { then, .. } = &group_name.kind else {
        panic!("an implies rule: {:?}", group_name.kind)
    };
    assert_eq!(
        then.field,
        RuleField::Body(vec![
            BodyStep::Property("Resources".into()),
            BodyStep::EachItem,
            BodyStep::Property("GroupName".into()),
        ])
    );
    assert_eq!(then.field.to_string(), "body/Resources/*/GroupName");
    assert_eq!(
        field(&api, "CreateWorkspaceResourceResponse", "TotalCount").ty,
        TypeRef::I64
    );
}

#[test]
fn pai_delete_workspace_resource_query() {
    let (api, doc) = lower("alibaba-pai-workspace.yaml");
    let op = op(&api, "DeleteWorkspaceResource");
    assert!(op.body.is_none());
    let query: Vec<_> = op
        .params_in(ParamLocation::Query)
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(
        query,
        [
            "ProductType",
            "GroupName",
            "Option",
            "ResourceType",
            "Labels",
            "ResourceIds"
        ]
    );
    let param = |name: &str| op.params.iter().find(|p| p.wire_name == name).unwrap();
    assert!(op
        .params
        .iter()
        .all(|p| p.location == ParamLocation::Path || !p.required));
    assert!(param("ProductType").deprecated);
    assert_eq!(param("Option").default, Some(json!("DetachAndDelete")));
    assert_eq!(
        enum_values(&api, &param("Option").ty),
        ["DetachAndDelete", "Detach"]
    );
    assert_eq!(
        enum_values(&api, &param("ResourceType").ty),
        ["ECS", "Lingjun", "ACS", "FLINK", "MaxCompute"]
    );
    for list in ["ResourceIds", "Labels"] {
        assert_eq!(
            param(list).ty,
            TypeRef::Vec(Box::new(TypeRef::String)),
            "{list}"
        );
        assert!(!param(list).explode, "{list} is comma-separated");
    }
    let rules = pointer(
        &doc,
        "/paths/~1api~1v1~1workspaces~1{WorkspaceId}~1resources/delete/x-cross-field-rules",
    );
    let ids: Vec<_> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["group-name-or-resource-ids", "maxcompute-detach-only"]
    );
    // The rules are lowered into the model the server enforces.
    use generator::model::{ParamLocation, RuleCondition, RuleField, RuleKind, RuleTest};
    let query = |name: &str| RuleField::Param {
        location: ParamLocation::Query,
        name: name.to_string(),
    };
    assert_eq!(
        op.rules[0].kind,
        RuleKind::RequireAny(vec![query("GroupName"), query("ResourceIds")])
    );
    assert_eq!(
        op.rules[1].kind,
        RuleKind::Implies {
            when: RuleCondition {
                field: query("ResourceType"),
                test: RuleTest::In(vec!["MaxCompute".into()])
            },
            then: RuleCondition {
                field: query("Option"),
                test: RuleTest::In(vec!["Detach".into()])
            },
        }
    );
    assert_eq!(
        field(&api, "DeleteWorkspaceResourceResponse", "ResourceIds").ty,
        TypeRef::Vec(Box::new(TypeRef::String))
    );
}

#[test]
fn modelarts_delete_workspace() {
    let (api, doc) = lower("huawei-modelarts.yaml");
    let op = op(&api, "DeleteWorkspace");
    assert_eq!(
        (op.http_method, op.path.as_str()),
        (
            HttpMethod::Delete,
            "/v1/{project_id}/workspaces/{workspace_id}"
        )
    );
    let path: Vec<_> = op
        .params_in(ParamLocation::Path)
        .map(|p| (p.wire_name.as_str(), p.required))
        .collect();
    assert_eq!(path, [("project_id", true), ("workspace_id", true)]);
    assert!(op.body.is_none());
    assert_eq!(
        statuses(op),
        [
            StatusMatch::Code(200),
            StatusMatch::Code(400),
            StatusMatch::Code(403),
            StatusMatch::Code(500),
            StatusMatch::Range(4),
            StatusMatch::Range(5),
            StatusMatch::Default
        ]
    );
    assert_eq!(op.security[1][0].kind, CredentialKind::SdkHmac);
    // The AK/SK credentials' project fills `project_id`, as in the SDKs.
    assert!(
        op.params_in(ParamLocation::Path)
            .next()
            .unwrap()
            .from_client
    );
    assert_eq!(
        credentials(op),
        [
            vec![("iamToken", "header", "X-Auth-Token")],
            vec![("akskSignature", "header", "Authorization")]
        ]
    );
    assert_eq!(
        pointer(&doc, "/components/securitySchemes/iamToken/name"),
        "X-Auth-Token"
    );
    for wire in ["error_msg", "error_code", "request_id"] {
        field(&api, "ModelArtsError", wire);
    }
    assert_eq!(
        pointer(
            &doc,
            "/components/responses/Error/content/application~1json/example/error_code"
        ),
        "ModelArts.0104"
    );
    assert_eq!(
        field(&api, "DeleteWorkspaceResponse", "workspace_id")
            .docs
            .example,
        Some(json!("ccd05d1a553b4e188ea878e7dcb85e47"))
    );
}

#[test]
fn workspace_delete_desktop_sub_resources() {
    let (api, _doc) = lower("huawei-workspace.yaml");
    let op = op(&api, "DeleteDesktopSubResources");
    assert_eq!(
        (op.http_method, op.path.as_str()),
        (
            HttpMethod::Post,
            "/v2/{project_id}/desktop/delete-sub-resources"
        )
    );
    assert_eq!(
        op.body.as_ref().unwrap().ty,
        TypeRef::Named("DeleteDesktopSubResourcesReq".into())
    );
    assert!(field(&api, "DeleteDesktopSubResourcesReq", "desktop_ids").required);
    let kind = field(&api, "DeleteDesktopSubResourcesReq", "sub_resource_type");
    assert!(kind.required);
    assert_eq!(enum_values(&api, &kind.ty), ["DESKTOP_SHARER"]);
    assert!(!field(&api, "DeleteDesktopSubResourcesReq", "order_id").required);
    assert_eq!(
        statuses(op),
        [200, 400, 401, 403, 404, 500]
            .map(StatusMatch::Code)
            .into_iter()
            .chain([StatusMatch::Range(4), StatusMatch::Range(5)])
            .collect::<Vec<_>>()
    );
    for response in op.responses.iter().skip(1) {
        assert_eq!(
            response.body.as_ref().unwrap().ty,
            TypeRef::Named("WorkspaceError".into())
        );
    }
    for wire in [
        "error_code",
        "error_msg",
        "error_detail",
        "encoded_authorization_message",
    ] {
        field(&api, "WorkspaceError", wire);
    }
    assert_eq!(
        field(&api, "DeleteDesktopSubResourcesResponse", "job_id")
            .docs
            .example,
        Some(json!("3979904c-7beb-4f34-835f-2fa989a5550a"))
    );
}
