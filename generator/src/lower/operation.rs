//! Paths and operations into the model: names, parameters, bodies and the
//! per-status responses.

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, MediaType, Operation as OaOperation, Parameter as OaParameter,
    ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle, ReferenceOr, SecurityScheme,
};

use super::names::Namespace;
use super::schema::{default_fits, docs_of, schema_type};
use super::{refs, rules, Context, Pointer};
use crate::error::Result;
use crate::ident;
use crate::model::{
    has_text_form, Credential, CredentialKind, Docs, HttpMethod, MediaKind, Operation,
    ParamLocation, ParamShape, ParamStyle, Parameter, PathSegment, RequestBody, TypeKind, TypeRef,
};

pub(crate) fn lower_operations(cx: &mut Context) -> Result<Vec<Operation>> {
    let mut method_names = Namespace::default();
    let mut operations = Vec::new();
    let paths = Pointer::root().join("paths");
    for (path, item) in &cx.spec.paths.paths {
        let item_at = paths.join(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(cx.unsupported(&item_at, "a `$ref` in place of a path item"))
            }
        };
        for (method, operation) in methods(item) {
            let op_at = item_at.join(method.as_str().to_ascii_lowercase());
            let op = lower_operation(cx, path, item, method, operation, &op_at)?;
            if let Some(first) = operations
                .iter()
                .find(|o: &&Operation| o.operation_id == op.operation_id)
            {
                return Err(cx.invalid(
                    &op_at.join("operationId"),
                    format!(
                        "duplicate operationId `{}`: also used at {}",
                        op.operation_id, first.at.pointer
                    ),
                ));
            }
            let mut op = op;
            op.method_name = method_names.claim_fresh(&op.method_name);
            operations.push(op);
        }
    }
    Ok(operations)
}

/// The stem of the operation's own types: `<stem>Params` and
/// `<stem>Responses` must not clash with schema types, so a taken stem gets
/// a numeric suffix.
fn claim_stem(cx: &mut Context, stem: &str) -> String {
    let mut candidate = stem.to_string();
    let mut n = 2;
    while cx.type_names.contains(&format!("{candidate}Params"))
        || cx.type_names.contains(&format!("{candidate}Responses"))
    {
        candidate = format!("{stem}{n}");
        n += 1;
    }
    cx.type_names.claim_fresh(&format!("{candidate}Params"));
    cx.type_names.claim_fresh(&format!("{candidate}Responses"));
    candidate
}

/// Each security alternative as the credentials it needs. Bearer, basic,
/// OAuth2 and OpenID Connect all travel in `Authorization`.
fn lower_security(cx: &Context, op: &OaOperation, at: &Pointer) -> Result<Vec<Vec<Credential>>> {
    let Some(alternatives) = op.security.as_ref().or(cx.spec.security.as_ref()) else {
        return Ok(Vec::new());
    };
    let schemes = cx.spec.components.as_ref().map(|c| &c.security_schemes);
    let mut lowered = Vec::new();
    for requirement in alternatives {
        let mut credentials = Vec::new();
        for scheme in requirement.keys() {
            let found = schemes.and_then(|s| s.get(scheme));
            let scheme_at = Pointer::from_ref(&format!(
                "#/components/securitySchemes/{}",
                crate::load::escape_pointer_token(scheme)
            ));
            let (location, name, kind) = match found {
                Some(ReferenceOr::Item(SecurityScheme::APIKey {
                    location,
                    name,
                    extensions,
                    ..
                })) => {
                    let location = match location {
                        APIKeyLocation::Header => ParamLocation::Header,
                        APIKeyLocation::Query => ParamLocation::Query,
                        APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    let kind = signature_kind(cx, op, extensions, &scheme_at)?;
                    (location, name.clone(), kind)
                }
                Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme: http, .. }))
                    if http.eq_ignore_ascii_case("bearer") =>
                {
                    (
                        ParamLocation::Header,
                        "Authorization".to_string(),
                        CredentialKind::Bearer,
                    )
                }
                Some(ReferenceOr::Item(_)) => (
                    ParamLocation::Header,
                    "Authorization".to_string(),
                    CredentialKind::Other,
                ),
                Some(ReferenceOr::Reference { .. }) => {
                    return Err(cx.unsupported(
                        &at.join("security"),
                        format!("a `$ref` for security scheme `{scheme}`"),
                    ))
                }
                None => {
                    return Err(cx.invalid(
                        &at.join("security"),
                        format!("security scheme `{scheme}` is not declared in components"),
                    ))
                }
            };
            credentials.push(Credential {
                scheme: scheme.clone(),
                location,
                name,
                kind,
                at: cx.at(&scheme_at),
            });
        }
        lowered.push(credentials);
    }
    Ok(lowered)
}

/// The extension that names a signing algorithm on an `apiKey` scheme
/// whose value is computed per request.
const SIGNATURE_EXTENSION: &str = "x-signature-algorithm";

fn signature_kind(
    cx: &Context,
    op: &OaOperation,
    extensions: &IndexMap<String, serde_json::Value>,
    scheme_at: &Pointer,
) -> Result<CredentialKind> {
    let Some(algorithm) = extensions.get(SIGNATURE_EXTENSION) else {
        return Ok(CredentialKind::ApiKey);
    };
    let text =
        |value: Option<&serde_json::Value>| value.and_then(|v| v.as_str()).map(str::to_string);
    match algorithm.as_str() {
        Some("ACS3-HMAC-SHA256") => Ok(CredentialKind::Acs3 {
            action: text(op.extensions.get("x-acs-action"))
                .or_else(|| op.operation_id.clone())
                .unwrap_or_default(),
            version: text(cx.spec.extensions.get("x-acs-version"))
                .unwrap_or_else(|| cx.spec.info.version.clone()),
        }),
        Some("SDK-HMAC-SHA256") => Ok(CredentialKind::SdkHmac),
        _ => Err(cx.unsupported(
            &scheme_at.join(SIGNATURE_EXTENSION),
            format!(
                "signature algorithm {algorithm}; supported are ACS3-HMAC-SHA256 and SDK-HMAC-SHA256"
            ),
        )),
    }
}

fn methods(item: &PathItem) -> impl Iterator<Item = (HttpMethod, &OaOperation)> {
    [
        (HttpMethod::Get, &item.get),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Post, &item.post),
        (HttpMethod::Delete, &item.delete),
        (HttpMethod::Options, &item.options),
        (HttpMethod::Head, &item.head),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
}

fn lower_operation(
    cx: &mut Context,
    path: &str,
    item: &PathItem,
    method: HttpMethod,
    op: &OaOperation,
    at: &Pointer,
) -> Result<Operation> {
    // Without an operationId the name comes from the method and the path.
    let operation_id = op
        .operation_id
        .clone()
        .unwrap_or_else(|| format!("{} {}", method.as_str().to_ascii_lowercase(), path));
    let type_stem = claim_stem(cx, &ident::pascal(&operation_id));
    let params = lower_parameters(cx, item, op, &type_stem, at)?;
    let path_segments = parse_path(cx, path, &params, at)?;
    let body = match &op.request_body {
        Some(body) => Some(lower_body(cx, body, &type_stem, &at.join("requestBody"))?),
        None => None,
    };
    let responses = super::responses::lower_responses(cx, op, &type_stem, &at.join("responses"))?;
    let security = lower_security(cx, op, at)?;
    let mut params = params;
    let signed_by_huawei = security
        .iter()
        .flatten()
        .any(|c| c.kind == CredentialKind::SdkHmac);
    for param in &mut params {
        param.from_client = signed_by_huawei
            && param.location == ParamLocation::Path
            && param.wire_name == "project_id";
    }
    let rules = rules::lower_rules(
        cx,
        op.extensions.get(rules::EXTENSION),
        &params,
        body.as_ref().map(|b| &b.ty),
        at,
    )?;
    Ok(Operation {
        method_name: ident::snake(&operation_id),
        operation_id,
        type_stem,
        http_method: method,
        path: path.to_string(),
        path_segments,
        params,
        body,
        responses,
        deprecated: op.deprecated,
        docs: Docs {
            summary: op.summary.clone(),
            description: op.description.clone(),
            example: None,
        },
        security,
        rules,
        at: cx.at(at),
    })
}

/// Path-item parameters first, replaced by operation parameters of the same
/// name and location, as OpenAPI specifies.
fn lower_parameters(
    cx: &mut Context,
    item: &PathItem,
    op: &OaOperation,
    stem: &str,
    op_at: &Pointer,
) -> Result<Vec<Parameter>> {
    let item_at = Pointer::from_ref(op_at.as_str().rsplit_once('/').map_or("#", |(p, _)| p));
    let mut merged: IndexMap<(String, String), (&OaParameter, Pointer)> = IndexMap::new();
    for (list, list_at) in [
        (&item.parameters, item_at.join("parameters")),
        (&op.parameters, op_at.join("parameters")),
    ] {
        let mut seen = IndexMap::new();
        for (index, param) in list.iter().enumerate() {
            let (param, at) = refs::parameter(cx, param, &list_at.join(index.to_string()))?;
            let data = param.parameter_data_ref();
            let key = (data.name.clone(), location_name(param).to_string());
            if seen.insert(key.clone(), ()).is_some() {
                return Err(cx.invalid(
                    &at,
                    format!("parameter `{}` in {} is declared twice", key.0, key.1),
                ));
            }
            merged.insert(key, (param, at));
        }
    }
    let mut rust_names = Namespace::default();
    // Path parameters are method arguments beside `params` and `body`.
    for reserved in ["params", "body"] {
        rust_names.claim_fresh(reserved);
    }
    let mut params = Vec::new();
    for (param, at) in merged.into_values() {
        let mut lowered = lower_parameter(cx, param, stem, &at)?;
        lowered.rust_name = rust_names.claim_fresh(&lowered.rust_name);
        params.push(lowered);
    }
    Ok(params)
}

fn location_name(param: &OaParameter) -> &'static str {
    match param {
        OaParameter::Query { .. } => "query",
        OaParameter::Header { .. } => "header",
        OaParameter::Path { .. } => "path",
        OaParameter::Cookie { .. } => "cookie",
    }
}

fn lower_parameter(
    cx: &mut Context,
    param: &OaParameter,
    stem: &str,
    at: &Pointer,
) -> Result<Parameter> {
    let data = param.parameter_data_ref();
    let (location, style) = match param {
        OaParameter::Query { style, .. } => (
            ParamLocation::Query,
            match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            },
        ),
        OaParameter::Header { .. } => (ParamLocation::Header, ParamStyle::Form),
        OaParameter::Path { style, .. } => {
            if !matches!(style, PathStyle::Simple) {
                return Err(cx.unsupported(
                    &at.join("style"),
                    "the `label` and `matrix` path styles (only `simple`)",
                ));
            }
            (ParamLocation::Path, ParamStyle::Form)
        }
        OaParameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form),
    };
    let (schema, json_content) = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => (schema, false),
        ParameterSchemaOrContent::Content(content) => {
            let json = content.iter().find(|(media, _)| {
                let essence = media.split(';').next().unwrap_or("").trim();
                essence == "application/json" || essence.ends_with("+json")
            });
            let schema = json.and_then(|(_, media)| media.schema.as_ref());
            match (schema, location) {
                (Some(schema), ParamLocation::Query | ParamLocation::Header) => (schema, true),
                _ => {
                    return Err(cx.unsupported(
                        &at.join("content"),
                        "parameters described by `content` other than a JSON schema in the query or a header",
                    ))
                }
            }
        }
    };
    let hint = format!("{stem}{}", ident::pascal(&data.name));
    let ty = match schema_type(cx, schema, &hint, &at.join("schema"))? {
        // A parameter has no null on the wire; absence says it.
        TypeRef::Option(inner) => *inner,
        ty => ty,
    };
    // An array, or a checked newtype holding one (minItems and the like).
    let array_item = match &ty {
        TypeRef::Vec(item) => Some((**item).clone()),
        TypeRef::Named(name) => match cx.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Constrained(c)) => match &c.inner {
                TypeRef::Vec(item) => Some(item.as_ref().clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    let object = match &ty {
        TypeRef::Named(name) => match cx.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => Some(s),
            _ => None,
        },
        _ => None,
    };
    if style == ParamStyle::DeepObject && object.is_none() && !matches!(ty, TypeRef::Map(_)) {
        return Err(cx.invalid(
            &at.join("style"),
            "`deepObject` is a style for object values",
        ));
    }
    let shape = if json_content {
        ParamShape::Json
    } else if style == ParamStyle::DeepObject || object.is_some() {
        ParamShape::Object
    } else if array_item.is_some() {
        ParamShape::Array
    } else {
        ParamShape::Scalar
    };
    let encodable = match shape {
        ParamShape::Json => true,
        ParamShape::Object if style == ParamStyle::DeepObject => location == ParamLocation::Query,
        // `name,value` pairs: each property must be one piece of text.
        ParamShape::Object => object.is_some_and(|s| {
            s.additional.is_none() && s.fields.iter().all(|f| has_text_form(&cx.types, &f.ty))
        }),
        ParamShape::Array => array_item
            .as_ref()
            .is_some_and(|item| has_text_form(&cx.types, item)),
        ParamShape::Scalar => has_text_form(&cx.types, &ty),
    };
    if !encodable {
        return Err(cx.unsupported(
            &at.join("schema"),
            "a parameter whose value has no text form (maps, nested objects and arrays of objects outside `deepObject` or `content`)",
        ));
    }
    let schema_data = match schema {
        ReferenceOr::Item(s) => Some(&s.schema_data),
        ReferenceOr::Reference { .. } => None,
    };
    let declared_default = schema_data.and_then(|d| d.default.clone());
    let default = declared_default
        .clone()
        .filter(|v| default_fits(&ty, v, cx) && !data.required);
    let mut docs = Docs {
        summary: None,
        description: data.description.clone(),
        example: data.example.clone(),
    };
    if let (Some(value), None, false) = (&declared_default, &default, data.required) {
        docs.note_unapplied_default(value);
    }
    if let Some(example) = &data.example {
        cx.examples
            .push((ty.clone(), example.clone(), at.join("example")));
    }
    if docs.example.is_none() {
        docs.example = schema_data.and_then(|d| docs_of(d).example);
    }
    if location == ParamLocation::Path && !data.required {
        return Err(cx.invalid(
            &at.join("required"),
            "a path parameter must be `required: true`",
        ));
    }
    Ok(Parameter {
        rust_name: ident::snake(&data.name),
        wire_name: data.name.clone(),
        location,
        ty,
        required: data.required,
        default,
        // OpenAPI's default: `explode` only for `form` (the query's and the
        // cookie's default) and `deepObject`, not for `simple` (path, header).
        explode: data.explode.unwrap_or(
            matches!(location, ParamLocation::Query | ParamLocation::Cookie)
                && matches!(style, ParamStyle::Form | ParamStyle::DeepObject),
        ),
        style,
        json_content,
        shape,
        array_item,
        deprecated: data.deprecated.unwrap_or(false),
        docs,
        at: cx.at(at),
        from_client: false,
    })
}

fn parse_path(
    cx: &Context,
    path: &str,
    params: &[Parameter],
    at: &Pointer,
) -> Result<Vec<PathSegment>> {
    let mut segments = Vec::new();
    let mut rest = path;
    let mut used = Vec::new();
    while let Some(open) = rest.find('{') {
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_string()));
        }
        let close = rest[open..]
            .find('}')
            .map(|i| open + i)
            .ok_or_else(|| cx.invalid(at, format!("unclosed `{{` in path `{path}`")))?;
        let name = &rest[open + 1..close];
        let index = params
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
            .ok_or_else(|| {
                cx.invalid(
                    at,
                    format!("path template parameter `{name}` is not declared as a path parameter"),
                )
            })?;
        used.push(index);
        segments.push(PathSegment::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_string()));
    }
    for (index, param) in params.iter().enumerate() {
        if param.location == ParamLocation::Path && !used.contains(&index) {
            return Err(cx.invalid(
                at,
                format!(
                    "path parameter `{}` does not appear in the path `{path}`",
                    param.wire_name
                ),
            ));
        }
    }
    Ok(segments)
}

/// Picks the media type the generated code speaks, JSON first.
pub(crate) fn pick_media(
    content: &IndexMap<String, MediaType>,
) -> Option<(&str, &MediaType, MediaKind)> {
    let kind_of = |media: &str| {
        let essence = media
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if essence == "application/json" || essence.ends_with("+json") {
            Some(MediaKind::Json)
        } else if essence == "application/x-www-form-urlencoded" {
            Some(MediaKind::Form)
        } else if essence.starts_with("text/") {
            Some(MediaKind::Text)
        } else if essence == "multipart/form-data" {
            Some(MediaKind::Multipart)
        } else if essence.starts_with("multipart/") {
            // Mixed, related and other multiparts have no property per part.
            None
        } else {
            // Octet streams, images, `*/*` and the like: raw bytes.
            Some(MediaKind::Binary)
        }
    };
    let rank = |kind: MediaKind| match kind {
        MediaKind::Json => 0,
        MediaKind::Form => 1,
        MediaKind::Multipart => 2,
        MediaKind::Text => 3,
        MediaKind::Binary => 4,
    };
    content
        .iter()
        .filter_map(|(name, media)| kind_of(name).map(|kind| (name.as_str(), media, kind)))
        .min_by_key(|(_, _, kind)| rank(*kind))
}

pub(crate) fn media_type_ref(
    cx: &mut Context,
    media: &MediaType,
    kind: MediaKind,
    hint: &str,
    at: &Pointer,
) -> Result<TypeRef> {
    match kind {
        MediaKind::Text => Ok(TypeRef::String),
        MediaKind::Binary => Ok(TypeRef::Bytes),
        MediaKind::Json | MediaKind::Form | MediaKind::Multipart => match &media.schema {
            Some(schema) => schema_type(cx, schema, hint, &at.join("schema")),
            None => Ok(TypeRef::Json),
        },
    }
}

fn lower_body(
    cx: &mut Context,
    body: &ReferenceOr<openapiv3::RequestBody>,
    stem: &str,
    at: &Pointer,
) -> Result<RequestBody> {
    let (body, at) = refs::request_body(cx, body, at)?;
    let content_at = at.join("content");
    let (media_type, media, kind) = pick_media(&body.content).ok_or_else(|| {
        let listed: Vec<_> = body.content.keys().cloned().collect();
        cx.unsupported(&content_at, format!("request body media types {listed:?}"))
    })?;
    let ty = media_type_ref(
        cx,
        media,
        kind,
        &format!("{stem}Body"),
        &content_at.join(media_type),
    )?;
    if matches!(kind, MediaKind::Form | MediaKind::Multipart) && !matches!(ty, TypeRef::Named(_)) {
        return Err(cx.unsupported(&content_at, "a form body whose schema is not an object"));
    }
    if let (Some(example), MediaKind::Json) = (&media.example, kind) {
        let example_at = content_at.join(media_type).join("example");
        cx.examples.push((ty.clone(), example.clone(), example_at));
    }
    let part_content_types = media
        .encoding
        .iter()
        .filter_map(|(name, encoding)| {
            let first = encoding.content_type.as_deref()?.split(',').next()?.trim();
            Some((name.clone(), first.to_string()))
        })
        .collect();
    Ok(RequestBody {
        media_type: media_type.to_string(),
        kind,
        ty,
        required: body.required,
        part_content_types,
        docs: Docs {
            summary: None,
            description: body.description.clone(),
            example: media.example.clone(),
        },
    })
}
