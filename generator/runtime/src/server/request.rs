//! Reading a request strictly: parameters from text, bodies by media type
//! and size, each problem recorded as a located violation.

use axum::body::{Body, Bytes};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde_json::Value;

use super::super::params::FromParam;
use super::super::validate::{Validate, Violation};
use super::Rejection;

/// Reads the whole body, refusing more than `limit` bytes.
pub async fn read_body(body: Body, limit: usize) -> Result<Bytes, Rejection> {
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| Rejection::payload_too_large(limit))
}

/// The query string's pairs, percent-decoded; a pair that is not UTF-8 is
/// a violation.
pub fn query_pairs(parts: &Parts, out: &mut Vec<Violation>) -> Vec<(String, String)> {
    let Some(query) = parts.uri.query() else {
        return Vec::new();
    };
    let decode = |text: &str| {
        let text = text.replace('+', " ");
        percent_encoding::percent_decode_str(&text)
            .decode_utf8()
            .map(|s| s.into_owned())
    };
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match (decode(name), decode(value)) {
            (Ok(name), Ok(value)) => pairs.push((name, value)),
            (Ok(name), Err(_)) => out.push(Violation::new(
                format!("query/{name}"),
                "is not valid UTF-8",
            )),
            _ => out.push(Violation::new(
                "query",
                "a parameter name is not valid UTF-8",
            )),
        }
    }
    pairs
}

pub(super) fn parse_into<T: FromParam>(
    text: &str,
    location: String,
    out: &mut Vec<Violation>,
) -> Option<T> {
    match T::from_param(text) {
        Ok(value) => Some(value),
        Err(message) => {
            out.push(Violation::new(location, message));
            None
        }
    }
}

pub(super) fn missing(location: String, required: bool, out: &mut Vec<Violation>) {
    if required {
        out.push(Violation::new(location, "is required"));
    }
}

/// A scalar query parameter. Repeating it is a violation: the spec says one.
pub fn query_param<T: FromParam>(
    pairs: &[(String, String)],
    name: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let location = format!("query/{name}");
    let mut values = pairs.iter().filter(|(n, _)| n == name).map(|(_, v)| v);
    let first = values.next();
    if values.next().is_some() {
        out.push(Violation::new(location, "is given more than once"));
        return None;
    }
    match first {
        Some(text) => parse_into(text, location, out),
        None => {
            missing(location, required, out);
            None
        }
    }
}

/// An array query parameter: repeated when `explode`, else one value
/// split at `separator` (`,` for `form`, ` ` and `|` for the delimited
/// styles).
pub fn query_array<T: FromParam>(
    pairs: &[(String, String)],
    name: &str,
    explode: bool,
    separator: char,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<Vec<T>> {
    let location = format!("query/{name}");
    let texts: Vec<&str> = if explode {
        pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    } else {
        let mut values = pairs.iter().filter(|(n, _)| n == name);
        let first = values.next();
        if values.next().is_some() {
            out.push(Violation::new(
                location,
                format!("is given more than once; send one {separator:?}-separated value"),
            ));
            return None;
        }
        match first {
            Some((_, v)) if v.is_empty() => Vec::new(),
            Some((_, v)) => v.split(separator).collect(),
            None => {
                missing(location, required, out);
                return None;
            }
        }
    };
    if explode && texts.is_empty() {
        missing(location, required, out);
        return None;
    }
    let before = out.len();
    let items: Vec<T> = texts
        .iter()
        .enumerate()
        .filter_map(|(i, text)| parse_into(text, format!("{location}/{i}"), out))
        .collect();
    (out.len() == before).then_some(items)
}

/// Checks `value` against `T`'s schema at `location`, then reads it.
pub(super) fn typed<T: serde::de::DeserializeOwned + Validate>(
    value: Value,
    location: &str,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let before = out.len();
    T::validate(&value, location, out);
    if out.len() != before {
        return None;
    }
    match serde_json::from_value(value) {
        Ok(typed) => Some(typed),
        Err(err) => {
            out.push(Violation::new(location, err.to_string()));
            None
        }
    }
}

/// An object query parameter in `deepObject` style (`name[key]=value`),
/// its properties read by kind as form fields are.
pub fn query_deep_object<T: serde::de::DeserializeOwned + Validate>(
    pairs: &[(String, String)],
    name: &str,
    fields: &[(&str, FormKind, bool)],
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let location = format!("query/{name}");
    let mut object = serde_json::Map::new();
    for (key, text) in pairs {
        let Some(field) = key
            .strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('['))
            .and_then(|rest| rest.strip_suffix(']'))
        else {
            continue;
        };
        let (kind, array) = fields
            .iter()
            .find(|(n, ..)| *n == field)
            .map(|(_, k, a)| (*k, *a))
            .unwrap_or((FormKind::Text, false));
        put(
            &mut object,
            field.to_string(),
            form_value(text, kind),
            array,
        );
    }
    if object.is_empty() {
        missing(location, required, out);
        return None;
    }
    typed(Value::Object(object), &location, out)
}

/// A query parameter described by `content`: JSON text, checked against
/// its schema.
pub fn query_json<T: serde::de::DeserializeOwned + Validate>(
    pairs: &[(String, String)],
    name: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let location = format!("query/{name}");
    let text: Option<String> = query_param(pairs, name, required, out);
    json_text(text?, &location, out)
}

/// A header parameter described by `content`: JSON text.
pub fn header_json<T: serde::de::DeserializeOwned + Validate>(
    parts: &Parts,
    name: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let location = format!("header/{name}");
    let text: Option<String> = header_param(parts, name, required, out);
    json_text(text?, &location, out)
}

fn json_text<T: serde::de::DeserializeOwned + Validate>(
    text: String,
    location: &str,
    out: &mut Vec<Violation>,
) -> Option<T> {
    match serde_json::from_str(&text) {
        Ok(value) => typed(value, location, out),
        Err(err) => {
            out.push(Violation::new(location, format!("is not JSON: {err}")));
            None
        }
    }
}

/// A header parameter; a value that is not text is a violation.
pub fn header_param<T: FromParam>(
    parts: &Parts,
    name: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let location = format!("header/{name}");
    let text = header_text(parts, name, required, out)?;
    parse_into(&text, location, out)
}

/// A header's text; absent (a violation when `required`) or not visible
/// ASCII (a violation) is `None`.
pub(super) fn header_text(
    parts: &Parts,
    name: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<String> {
    let location = format!("header/{name}");
    match parts.headers.get(name) {
        Some(value) => match value.to_str() {
            Ok(text) => Some(text.to_string()),
            Err(_) => {
                out.push(Violation::new(location, "is not visible ASCII text"));
                None
            }
        },
        None => {
            missing(location, required, out);
            None
        }
    }
}

/// A cookie parameter from the `Cookie` header.
pub fn cookie_param<T: FromParam>(
    parts: &Parts,
    name: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let location = format!("cookie/{name}");
    let text = cookie_text(parts, name, required, out)?;
    parse_into(&text, location, out)
}

/// A cookie's percent-decoded value; absent is `None` (a violation when
/// `required`).
pub(super) fn cookie_text(
    parts: &Parts,
    name: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<String> {
    let found = parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        });
    if found.is_none() {
        missing(format!("cookie/{name}"), required, out);
    }
    found
}

/// A path parameter, percent-decoded by the router. A value that would be
/// more than one segment (`/`), or a dot-segment, is a violation.
pub fn path_param<T: FromParam>(
    params: &[(String, String)],
    key: &str,
    name: &str,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let text = path_text(params, key, name, out)?;
    parse_into(text, format!("path/{name}"), out)
}

pub(super) fn path_text<'p>(
    params: &'p [(String, String)],
    key: &str,
    name: &str,
    out: &mut Vec<Violation>,
) -> Option<&'p str> {
    let text = params
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())?;
    if text.is_empty() || text == "." || text == ".." || text.contains('/') {
        out.push(Violation::new(
            format!("path/{name}"),
            format!("{text:?} is not a single path segment"),
        ));
        return None;
    }
    Some(text)
}

/// What the router extracts for a handler's path parameters.
pub type RawPath =
    Result<axum::extract::RawPathParams, axum::extract::rejection::RawPathParamsRejection>;

/// The router's path parameters; a value that is not UTF-8 after
/// percent-decoding is a violation, reported like any other.
pub fn path_params(params: RawPath) -> Result<Vec<(String, String)>, Rejection> {
    match params {
        Ok(params) => Ok(params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()),
        Err(err) => Err(Rejection::invalid(vec![Violation::new(
            "path",
            format!("is not valid: {err}"),
        )])),
    }
}

/// A body that is there and of the media type `media_prefix` begins:
/// its `Content-Type`. `None` (a violation when `required`) when empty;
/// 415 for another media type.
fn present_body<'a>(
    parts: &'a Parts,
    bytes: &[u8],
    expected: &str,
    required: bool,
    media_prefix: &str,
    out: &mut Vec<Violation>,
) -> Result<Option<&'a str>, Rejection> {
    if bytes.is_empty() {
        if required {
            out.push(Violation::new("body", "is required"));
        }
        return Ok(None);
    }
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with(media_prefix)
    {
        return Err(Rejection::unsupported_media_type(expected));
    }
    Ok(Some(content_type))
}

/// A text body: 415 unless the request says `text/...`.
pub fn text_body(
    parts: &Parts,
    bytes: &[u8],
    expected: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Result<Option<String>, Rejection> {
    if present_body(parts, bytes, expected, required, "text/", out)?.is_none() {
        return Ok(None);
    }
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => Ok(Some(text)),
        Err(_) => {
            out.push(Violation::new("body", "is not valid UTF-8"));
            Ok(None)
        }
    }
}

/// How a form field's text becomes JSON, from the schema of its property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    Text,
    Integer,
    Number,
    Bool,
    /// An object or anything else: the field's text is parsed as JSON.
    Json,
    /// Raw bytes (`format: binary`): a file part, as the bytes `Vec<u8>` reads.
    File,
}

pub(super) fn form_value(text: &str, kind: FormKind) -> Value {
    let parsed = match kind {
        FormKind::Text => None,
        FormKind::Integer => text
            .parse::<i64>()
            .ok()
            .map(Value::from)
            .or_else(|| text.parse::<u64>().ok().map(Value::from)),
        FormKind::Number => text
            .parse::<f64>()
            .ok()
            .and_then(|n| serde_json::Number::from_f64(n).map(Value::Number)),
        FormKind::Bool => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        FormKind::Json => serde_json::from_str(text).ok(),
        FormKind::File => Some(crate::File::to_value(text.as_bytes(), None, None)),
    };
    // Text that does not parse stays text, so validation names the field.
    parsed.unwrap_or_else(|| Value::String(text.to_string()))
}

/// An `application/x-www-form-urlencoded` body as the JSON object its schema
/// describes: `fields` gives each property's kind and whether it is an
/// array (repeated keys). Unknown keys stay text.
pub fn form_body(
    parts: &Parts,
    bytes: &[u8],
    expected: &str,
    required: bool,
    fields: &[(&str, FormKind, bool)],
    out: &mut Vec<Violation>,
) -> Result<Option<Value>, Rejection> {
    if bytes.is_empty() {
        if required {
            out.push(Violation::new("body", "is required"));
        }
        return Ok(None);
    }
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence != "application/x-www-form-urlencoded" {
        return Err(Rejection::unsupported_media_type(expected));
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        out.push(Violation::new("body", "is not valid UTF-8"));
        return Ok(None);
    };
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8()
            .map(|s| s.into_owned())
    };
    let mut object = serde_json::Map::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (Ok(name), Ok(value)) = (decode(name), decode(value)) else {
            out.push(Violation::new("body", "a form field is not valid UTF-8"));
            continue;
        };
        let (kind, array) = fields
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|(_, k, a)| (*k, *a))
            .unwrap_or((FormKind::Text, false));
        put(&mut object, name, form_value(&value, kind), array);
    }
    Ok(Some(Value::Object(object)))
}

/// Puts `value` at `name`, as an array item when the property is one.
fn put(object: &mut serde_json::Map<String, Value>, name: String, value: Value, array: bool) {
    if array {
        if let Value::Array(items) = object
            .entry(name)
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            items.push(value);
        }
    } else {
        object.insert(name, value);
    }
}

/// A `multipart/form-data` body as the JSON object its schema describes:
/// each part is a property, read by its kind (`FormKind::File` parts keep
/// their bytes); a repeated name is an array's items. The whole body is
/// in memory already, within the body limit.
pub async fn multipart_body(
    parts: &Parts,
    bytes: &[u8],
    expected: &str,
    required: bool,
    fields: &[(&str, FormKind, bool)],
    out: &mut Vec<Violation>,
) -> Result<Option<Value>, Rejection> {
    let Some(content_type) =
        present_body(parts, bytes, expected, required, "multipart/form-data", out)?
    else {
        return Ok(None);
    };
    let Ok(boundary) = multer::parse_boundary(content_type) else {
        out.push(Violation::new(
            "body",
            "the multipart content type has no boundary",
        ));
        return Ok(None);
    };
    let reader = std::io::Cursor::new(bytes.to_vec());
    let mut multipart = multer::Multipart::with_reader(reader, boundary);
    let mut object = serde_json::Map::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => {
                out.push(Violation::new(
                    "body",
                    format!("is not valid multipart: {err}"),
                ));
                return Ok(None);
            }
        };
        let Some(name) = field.name().map(str::to_string) else {
            out.push(Violation::new("body", "a part has no name"));
            continue;
        };
        let file_name = field.file_name().map(str::to_string);
        let part_type = field.content_type().map(|mime| mime.to_string());
        let data = match field.bytes().await {
            Ok(data) => data,
            Err(err) => {
                out.push(Violation::new(
                    format!("body/{name}"),
                    format!("cannot be read: {err}"),
                ));
                continue;
            }
        };
        let (kind, array) = fields
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|(_, k, a)| (*k, *a))
            .unwrap_or((FormKind::Text, false));
        let value = match (kind, std::str::from_utf8(&data)) {
            (FormKind::File, _) => {
                crate::File::to_value(&data, file_name.as_deref(), part_type.as_deref())
            }
            (_, Ok(text)) => form_value(text, kind),
            (_, Err(_)) => {
                out.push(Violation::new(format!("body/{name}"), "is not valid UTF-8"));
                continue;
            }
        };
        put(&mut object, name, value, array);
    }
    Ok(Some(Value::Object(object)))
}

/// A raw body, any media type.
pub fn bytes_body(bytes: &[u8], required: bool, out: &mut Vec<Violation>) -> Option<Vec<u8>> {
    if bytes.is_empty() {
        if required {
            out.push(Violation::new("body", "is required"));
        }
        return None;
    }
    Some(bytes.to_vec())
}

/// The body as JSON: 415 for another media type, a violation for JSON that
/// does not parse, `None` for an absent optional body.
pub fn json_body(
    parts: &Parts,
    bytes: &[u8],
    expected: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Result<Option<Value>, Rejection> {
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if bytes.is_empty() && content_type.is_none() {
        if required {
            out.push(Violation::new("body", "is required"));
        }
        return Ok(None);
    }
    let essence = content_type
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    if essence != "application/json" && !essence.ends_with("+json") {
        return Err(Rejection::unsupported_media_type(expected));
    }
    if bytes.is_empty() {
        if required {
            out.push(Violation::new("body", "is required"));
        }
        return Ok(None);
    }
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(Some(value)),
        Err(err) => {
            out.push(Violation::new("body", format!("is not valid JSON: {err}")));
            Ok(None)
        }
    }
}
