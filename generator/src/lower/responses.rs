//! Responses into the model: one variant per declared status or range,
//! named from the status's reason phrase, with body and declared headers.

use openapiv3::{Operation as OaOperation, ParameterSchemaOrContent, ReferenceOr, StatusCode};

use super::names::Namespace;
use super::operation::{media_type_ref, pick_media};
use super::{refs, Context, Pointer};
use crate::error::Result;
use crate::ident;
use crate::model::{Docs, MediaKind, Response, ResponseBody, ResponseHeader, StatusMatch};

pub(crate) fn lower_responses(
    cx: &mut Context,
    op: &OaOperation,
    stem: &str,
    at: &Pointer,
) -> Result<Vec<Response>> {
    let mut declared: Vec<(StatusMatch, &ReferenceOr<openapiv3::Response>, Pointer)> = Vec::new();
    for (status, response) in &op.responses.responses {
        let (matcher, key) = match status {
            StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string()),
            StatusCode::Range(range) => (StatusMatch::Range(*range), format!("{range}XX")),
        };
        let valid = match matcher {
            StatusMatch::Code(code) => (100..600).contains(&code),
            StatusMatch::Range(range) => (1..6).contains(&range),
            StatusMatch::Default => true,
        };
        if !valid {
            return Err(cx.invalid(&at.join(&key), format!("`{key}` is not an HTTP status")));
        }
        declared.push((matcher, response, at.join(key)));
    }
    if let Some(default) = &op.responses.default {
        declared.push((StatusMatch::Default, default, at.join("default")));
    }
    // Exact codes, then ranges, then default: the order the client matches in.
    declared.sort_by_key(|(status, ..)| *status);
    let mut variants = Namespace::default();
    let mut responses = Vec::new();
    for (status, response, at) in declared {
        let variant_name = variants.claim_fresh(&variant_name(status));
        // A shared component response shares its headers struct too.
        let component = match response {
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .map(str::to_string),
            ReferenceOr::Item(_) => None,
        };
        let (response, at) = refs::response(cx, response, &at)?;
        let content_at = at.join("content");
        // A multipart response is kept as its raw bytes.
        let picked = pick_media(&response.content).map(|(name, media, kind)| match kind {
            MediaKind::Multipart => (name, media, MediaKind::Binary),
            other => (name, media, other),
        });
        let body = match picked {
            Some((media_type, media, kind)) => {
                let hint = format!("{stem}{variant_name}Body");
                let media_at = content_at.join(media_type);
                let ty = media_type_ref(cx, media, kind, &hint, &media_at)?;
                if let (Some(example), MediaKind::Json) = (&media.example, kind) {
                    cx.examples
                        .push((ty.clone(), example.clone(), media_at.join("example")));
                }
                Some(ResponseBody {
                    media_type: media_type.to_string(),
                    kind,
                    ty,
                    example: media.example.clone(),
                })
            }
            None if response.content.is_empty() => None,
            None => {
                let listed: Vec<_> = response.content.keys().cloned().collect();
                return Err(cx.unsupported(&content_at, format!("response media types {listed:?}")));
            }
        };
        let mut headers = Vec::new();
        let mut header_names = Namespace::default();
        for (name, header) in &response.headers {
            // OpenAPI ignores a declared Content-Type header.
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let header_at = at.join("headers").join(name);
            let (header, _) = refs::header(cx, header, &header_at)?;
            let schema_example = match &header.format {
                ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                    schema.schema_data.example.clone()
                }
                _ => None,
            };
            headers.push(ResponseHeader {
                rust_name: header_names.claim_fresh(&ident::snake(name)),
                wire_name: name.clone(),
                required: header.required,
                docs: Docs {
                    summary: None,
                    description: header.description.clone(),
                    example: header.example.clone().or(schema_example),
                },
            });
        }
        let headers_struct = match (headers.is_empty(), component) {
            (true, _) => None,
            (false, Some(component)) => Some(match cx.response_headers.get(&component) {
                Some(name) => name.clone(),
                None => {
                    let name = cx
                        .type_names
                        .claim_fresh(&format!("{}Headers", ident::pascal(&component)));
                    cx.response_headers.insert(component, name.clone());
                    name
                }
            }),
            (false, None) => Some(
                cx.type_names
                    .claim_fresh(&format!("{stem}{variant_name}Headers")),
            ),
        };
        responses.push(Response {
            status,
            variant_name,
            body,
            headers_struct,
            at: cx.at(&at),
            headers,
            docs: Docs {
                summary: None,
                description: Some(response.description.clone()),
                example: None,
            },
        });
    }
    Ok(responses)
}

/// `200` is `Ok`, `404` is `NotFound`, `4XX` is `ClientError`.
fn variant_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => match reason_phrase(code) {
            Some(reason) => ident::pascal(reason),
            None => format!("Status{code}"),
        },
        StatusMatch::Range(1) => "Informational".to_string(),
        StatusMatch::Range(2) => "Success".to_string(),
        StatusMatch::Range(3) => "Redirection".to_string(),
        StatusMatch::Range(4) => "ClientError".to_string(),
        StatusMatch::Range(5) => "ServerError".to_string(),
        StatusMatch::Range(n) => format!("Status{n}xx"),
        StatusMatch::Default => "Default".to_string(),
    }
}

fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "Im A Teapot",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => return None,
    })
}
