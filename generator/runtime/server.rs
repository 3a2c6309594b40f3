//! The server's request pipeline, shared by every generated router:
//! reading parameters and bodies strictly, collecting every violation,
//! rendering rejections in the error format each operation declares, and
//! keeping a panicking handler from taking the server down.
//!
//! How a rejection becomes a response is decided here once: the generator
//! gives each operation a table of error templates (one per declared error
//! response: its status range, media type and a JSON body whose string
//! placeholders `{code}`, `{message}`, `{detail}` and `{request_id}` are
//! filled in). A service overrides it with `render_rejection` on its trait.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::{Body, Bytes};
use axum::http::header::{HeaderName, HeaderValue, ALLOW, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::params::FromParam;
use super::validate::Violation;

/// Which credentials a mock accepts: any (the default), or only the values
/// given, so a test can prove that an operation refuses the wrong ones.
#[derive(Clone, Debug, Default)]
pub struct AcceptedCredentials(Option<std::sync::Arc<Vec<String>>>);

impl AcceptedCredentials {
    pub fn any() -> Self {
        AcceptedCredentials(None)
    }

    pub fn only(values: Vec<String>) -> Self {
        AcceptedCredentials(Some(std::sync::Arc::new(values)))
    }

    /// Accepts a request whose credential (at any of `locations`) is listed.
    pub fn check(&self, parts: &Parts, locations: &[(&str, &str)]) -> Result<(), Rejection> {
        let Some(values) = &self.0 else { return Ok(()) };
        let presented = locations.iter().filter_map(|(location, name)| match *location {
            "header" => parts.headers.get(*name).and_then(|v| v.to_str().ok()).map(str::to_string),
            _ => None,
        });
        let mut presented = presented;
        if presented.any(|value| values.contains(&value)) {
            Ok(())
        } else {
            Err(Rejection::new(StatusCode::UNAUTHORIZED, "Unauthorized", "the credentials are not valid"))
        }
    }
}

/// A router served on 127.0.0.1, stopped when dropped (or by `stop`).
#[derive(Debug)]
pub struct RunningServer {
    pub addr: std::net::SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl RunningServer {
    /// `http://127.0.0.1:PORT`, for a client's base URL.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets requests in flight finish, and waits.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// Serves `router` on 127.0.0.1:`port` (0 picks a free port) until stopped.
pub async fn serve(router: axum::Router, port: u16) -> std::io::Result<RunningServer> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let (shutdown, signal) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = signal.await;
            })
            .await
    });
    Ok(RunningServer { addr, shutdown: Some(shutdown), task: Some(task) })
}

/// Settings of a generated router.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Requests with a larger body get 413. Default: 1 MiB.
    pub body_limit: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig { body_limit: 1024 * 1024 }
    }
}

/// What a handler may see of the raw request, beyond its typed inputs.
#[derive(Debug)]
pub struct RequestContext {
    /// The operationId.
    pub operation: &'static str,
    /// Method, URI, headers and extensions, as received.
    pub parts: Parts,
}

/// Why a request was refused before reaching its handler, or instead of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub status: StatusCode,
    /// A short machine-readable code, `InvalidParameter` and the like.
    pub code: &'static str,
    pub message: String,
    /// Everything wrong with the request, each with its location.
    pub violations: Vec<Violation>,
    /// For 405: the methods the path allows.
    pub allow: Option<String>,
}

impl Rejection {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Rejection { status, code, message: message.into(), violations: Vec::new(), allow: None }
    }

    pub fn invalid(violations: Vec<Violation>) -> Self {
        let count = violations.len();
        let mut rejection = Rejection::new(
            StatusCode::BAD_REQUEST,
            "InvalidParameter",
            format!("the request is invalid ({count} violation{})", if count == 1 { "" } else { "s" }),
        );
        rejection.violations = violations;
        rejection
    }

    pub fn unauthorized() -> Self {
        Rejection::new(StatusCode::UNAUTHORIZED, "Unauthorized", "the request carries no credentials")
    }

    pub fn method_not_allowed(allow: &str) -> Self {
        let mut rejection =
            Rejection::new(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", format!("allowed methods: {allow}"));
        rejection.allow = Some(allow.to_string());
        rejection
    }

    pub fn unsupported_media_type(expected: &str) -> Self {
        Rejection::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            format!("the body must be {expected}"),
        )
    }

    pub fn payload_too_large(limit: usize) -> Self {
        Rejection::new(StatusCode::PAYLOAD_TOO_LARGE, "PayloadTooLarge", format!("the body is over {limit} bytes"))
    }

    pub fn internal() -> Self {
        Rejection::new(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", "the server failed to answer")
    }

    pub fn not_found() -> Self {
        Rejection::new(StatusCode::NOT_FOUND, "NotFound", "no operation at this path")
    }
}

/// One declared error response, as the generator saw it.
#[derive(Clone, Copy, Debug)]
pub struct ErrorTemplate {
    /// The statuses it covers: `400..=400`, `400..=499`, or `0..=999` for `default`.
    pub low: u16,
    pub high: u16,
    pub content_type: &'static str,
    /// A JSON body conforming to the declared schema, with placeholders.
    pub template: &'static str,
}

fn next_request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or_default();
    format!("{:016x}{:016x}", nanos, n)
}

fn fill(value: &mut Value, rejection: &Rejection, request_id: &str) {
    match value {
        Value::String(s) => {
            let detail = || rejection.violations.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("; ");
            let replacement = match s.as_str() {
                "{code}" => Some(rejection.code.to_string()),
                "{message}" if rejection.violations.is_empty() => Some(rejection.message.clone()),
                "{message}" => Some(format!("{}: {}", rejection.message, detail())),
                "{detail}" => Some(detail()),
                "{request_id}" => Some(request_id.to_string()),
                _ => None,
            };
            if let Some(replacement) = replacement {
                *s = replacement;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| fill(v, rejection, request_id)),
        Value::Object(map) => map.values_mut().for_each(|v| fill(v, rejection, request_id)),
        _ => {}
    }
}

/// The rejection in the error format declared for its status: an exact
/// status first, then a range, then `default`; failing those, the first
/// declared error response; with none declared, a plain JSON body.
pub fn render(rejection: &Rejection, templates: &[ErrorTemplate]) -> Response {
    let status = rejection.status.as_u16();
    let chosen = templates.iter().find(|t| (t.low..=t.high).contains(&status)).or(templates.first());
    let request_id = next_request_id();
    let (content_type, body) = match chosen.and_then(|t| Some((t, serde_json::from_str::<Value>(t.template).ok()?))) {
        Some((template, mut value)) => {
            fill(&mut value, rejection, &request_id);
            (template.content_type, value)
        }
        None => {
            let violations: Vec<Value> = rejection
                .violations
                .iter()
                .map(|v| serde_json::json!({ "location": v.location, "message": v.message }))
                .collect();
            let body = serde_json::json!({
                "code": rejection.code,
                "message": rejection.message,
                "violations": violations,
                "request_id": request_id,
            });
            ("application/json", body)
        }
    };
    // A text error body is the message itself, not a JSON string.
    let text = match &body {
        Value::String(s) if content_type.starts_with("text/") => s.clone(),
        other => other.to_string(),
    };
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = rejection.status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(allow) = rejection.allow.as_deref().and_then(|a| HeaderValue::from_str(a).ok()) {
        headers.insert(ALLOW, allow);
    }
    response
}

/// Runs a handler on its own task, so that a panic becomes a 500 and the
/// server keeps serving.
pub async fn isolate<T: Send + 'static>(future: impl Future<Output = T> + Send + 'static) -> Result<T, Rejection> {
    tokio::spawn(future).await.map_err(|_| Rejection::internal())
}

/// Reads the whole body, refusing more than `limit` bytes.
pub async fn read_body(body: Body, limit: usize) -> Result<Bytes, Rejection> {
    axum::body::to_bytes(body, limit).await.map_err(|_| Rejection::payload_too_large(limit))
}

/// The query string's pairs, percent-decoded; a pair that is not UTF-8 is
/// a violation.
pub fn query_pairs(parts: &Parts, out: &mut Vec<Violation>) -> Vec<(String, String)> {
    let Some(query) = parts.uri.query() else { return Vec::new() };
    let decode = |text: &str| {
        let text = text.replace('+', " ");
        percent_encoding::percent_decode_str(&text).decode_utf8().map(|s| s.into_owned())
    };
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match (decode(name), decode(value)) {
            (Ok(name), Ok(value)) => pairs.push((name, value)),
            (Ok(name), Err(_)) => out.push(Violation::new(format!("query/{name}"), "is not valid UTF-8")),
            _ => out.push(Violation::new("query", "a parameter name is not valid UTF-8")),
        }
    }
    pairs
}

fn parse_into<T: FromParam>(text: &str, location: String, out: &mut Vec<Violation>) -> Option<T> {
    match T::from_param(text) {
        Ok(value) => Some(value),
        Err(message) => {
            out.push(Violation::new(location, message));
            None
        }
    }
}

fn missing(location: String, required: bool, out: &mut Vec<Violation>) {
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

/// An array query parameter in `form` style: repeated when `explode`,
/// else one comma-separated value.
pub fn query_array<T: FromParam>(
    pairs: &[(String, String)],
    name: &str,
    explode: bool,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<Vec<T>> {
    let location = format!("query/{name}");
    let texts: Vec<&str> = if explode {
        pairs.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    } else {
        let mut values = pairs.iter().filter(|(n, _)| n == name);
        let first = values.next();
        if values.next().is_some() {
            out.push(Violation::new(location, "is given more than once; send one comma-separated value"));
            return None;
        }
        match first {
            Some((_, v)) if v.is_empty() => Vec::new(),
            Some((_, v)) => v.split(',').collect(),
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

/// A header parameter; a value that is not text is a violation.
pub fn header_param<T: FromParam>(parts: &Parts, name: &str, required: bool, out: &mut Vec<Violation>) -> Option<T> {
    let location = format!("header/{name}");
    match parts.headers.get(name) {
        Some(value) => match value.to_str() {
            Ok(text) => parse_into(text, location, out),
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
pub fn cookie_param<T: FromParam>(parts: &Parts, name: &str, required: bool, out: &mut Vec<Violation>) -> Option<T> {
    let location = format!("cookie/{name}");
    let found = parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned());
    match found {
        Some(text) => parse_into(&text, location, out),
        None => {
            missing(location, required, out);
            None
        }
    }
}

/// A path parameter, percent-decoded by the router. A value that would be
/// more than one segment (`/`), or a dot-segment, is a violation.
pub fn path_param<T: FromParam>(
    params: &[(String, String)],
    key: &str,
    name: &str,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let location = format!("path/{name}");
    let text = params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())?;
    if text.is_empty() || text == "." || text == ".." || text.contains('/') {
        out.push(Violation::new(location, format!("{text:?} is not a single path segment")));
        return None;
    }
    parse_into(text, location, out)
}

/// The router's path parameters; a value that is not UTF-8 after
/// percent-decoding is a violation, reported like any other.
pub fn path_params(
    params: Result<axum::extract::RawPathParams, axum::extract::rejection::RawPathParamsRejection>,
) -> Result<Vec<(String, String)>, Rejection> {
    match params {
        Ok(params) => Ok(params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()),
        Err(err) => Err(Rejection::invalid(vec![Violation::new("path", format!("is not valid: {err}"))])),
    }
}

/// A text body: 415 unless the request says `text/...`.
pub fn text_body(
    parts: &Parts,
    bytes: &[u8],
    expected: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Result<Option<String>, Rejection> {
    if bytes.is_empty() {
        if required {
            out.push(Violation::new("body", "is required"));
        }
        return Ok(None);
    }
    let content_type = parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !content_type.trim_start().to_ascii_lowercase().starts_with("text/") {
        return Err(Rejection::unsupported_media_type(expected));
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
}

fn form_value(text: &str, kind: FormKind) -> Value {
    let parsed = match kind {
        FormKind::Text => None,
        FormKind::Integer => text.parse::<i64>().ok().map(Value::from).or_else(|| text.parse::<u64>().ok().map(Value::from)),
        FormKind::Number => text.parse::<f64>().ok().and_then(|n| serde_json::Number::from_f64(n).map(Value::Number)),
        FormKind::Bool => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        FormKind::Json => serde_json::from_str(text).ok(),
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
    let content_type = parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence != "application/x-www-form-urlencoded" {
        return Err(Rejection::unsupported_media_type(expected));
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        out.push(Violation::new("body", "is not valid UTF-8"));
        return Ok(None);
    };
    let decode = |s: &str| percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8().map(|s| s.into_owned());
    let mut object = serde_json::Map::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (Ok(name), Ok(value)) = (decode(name), decode(value)) else {
            out.push(Violation::new("body", "a form field is not valid UTF-8"));
            continue;
        };
        let (kind, array) = fields.iter().find(|(n, ..)| *n == name).map(|(_, k, a)| (*k, *a)).unwrap_or((FormKind::Text, false));
        let value = form_value(&value, kind);
        if array {
            if let Value::Array(items) = object.entry(name).or_insert_with(|| Value::Array(Vec::new())) {
                items.push(value);
            }
        } else {
            object.insert(name, value);
        }
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

/// A mock's response value from its JSON example. The generator checked the
/// example against the schema, so this does not fail; if it ever did, the
/// panic would become a 500 like any handler's.
pub fn mock_value<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).expect("the generator checked this example against its schema")
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
    let content_type = parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    if bytes.is_empty() && content_type.is_none() {
        if required {
            out.push(Violation::new("body", "is required"));
        }
        return Ok(None);
    }
    let essence = content_type
        .map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
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

/// Whether the request carries the credentials of at least one of the
/// security alternatives (each a list of `(in, name)` pairs). Checking that
/// they are valid is the service's job.
pub fn has_credentials(parts: &Parts, alternatives: &[&[(&str, &str)]]) -> bool {
    alternatives.is_empty()
        || alternatives.iter().any(|alternative| {
            alternative.iter().all(|(location, name)| match *location {
                "header" => parts.headers.get(*name).is_some_and(|v| !v.is_empty()),
                "query" => parts.uri.query().is_some_and(|q| q.split('&').any(|p| p.split('=').next() == Some(name))),
                "cookie" => parts
                    .headers
                    .get_all(axum::http::header::COOKIE)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .any(|v| v.split(';').any(|p| p.trim().split('=').next() == Some(name))),
                _ => false,
            })
        })
}

/// A condition of a cross-field rule.
#[derive(Clone, Copy, Debug)]
pub enum Test {
    /// The value (or its default) is one of these.
    In(&'static [&'static str]),
    /// The value is present and not empty.
    Present,
}

/// A rule OpenAPI 3.0 cannot express, from the spec's `x-cross-field-rules`.
#[derive(Clone, Copy, Debug)]
pub enum Rule {
    RequireAny { id: &'static str, fields: &'static [&'static str], message: &'static str },
    Implies { id: &'static str, when: (&'static str, Test), then: (&'static str, Test), message: &'static str },
}

/// Values at a field path (`body/Resources/*/GroupName`), with the array
/// indexes `*` took.
fn lookup<'v>(view: &'v Value, path: &str) -> Vec<(Vec<usize>, &'v Value)> {
    let mut found = vec![(Vec::new(), view)];
    for token in path.split('/') {
        let mut next = Vec::new();
        for (indexes, value) in found {
            match (token, value) {
                ("*", Value::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        let mut indexes = indexes.clone();
                        indexes.push(i);
                        next.push((indexes, item));
                    }
                }
                (_, Value::Object(map)) => {
                    if let Some(child) = map.get(token) {
                        next.push((indexes, child));
                    }
                }
                _ => {}
            }
        }
        found = next;
    }
    found
}

fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => true,
    }
}

fn holds(value: Option<&Value>, test: Test) -> bool {
    match test {
        Test::Present => value.is_some_and(is_present),
        Test::In(values) => value.and_then(Value::as_str).is_some_and(|s| values.contains(&s)),
    }
}

/// The location of a field path with `*` replaced by the indexes taken.
fn concrete(path: &str, indexes: &[usize]) -> String {
    let mut indexes = indexes.iter();
    path.split('/')
        .map(|t| if t == "*" { indexes.next().map(|i| i.to_string()).unwrap_or_else(|| "*".into()) } else { t.to_string() })
        .collect::<Vec<_>>()
        .join("/")
}

/// Checks the rules against a view of the request
/// (`{"path": {..}, "query": {..}, "header": {..}, "body": ..}`, defaults
/// applied). For `implies` over `*`, each array element is checked on its
/// own when both sides name the same array.
pub fn check_rules(view: &Value, rules: &[Rule], out: &mut Vec<Violation>) {
    for rule in rules {
        match *rule {
            Rule::RequireAny { id, fields, message } => {
                let any = fields.iter().any(|f| lookup(view, f).iter().any(|(_, v)| is_present(v)));
                if !any {
                    out.push(Violation::new(fields.join(" | "), format!("{message} [{id}]")));
                }
            }
            Rule::Implies { id, when, then, message } => {
                let shared = common_array_prefix(when.0, then.0);
                for (indexes, value) in lookup(view, when.0) {
                    if !holds(Some(value), when.1) {
                        continue;
                    }
                    let targets: Vec<(Vec<usize>, &Value)> = lookup(view, then.0)
                        .into_iter()
                        .filter(|(then_indexes, _)| then_indexes.iter().zip(&indexes).take(shared).all(|(a, b)| a == b))
                        .collect();
                    let location = concrete(then.0, &indexes[..shared.min(indexes.len())]);
                    if targets.is_empty() {
                        if !holds(None, then.1) {
                            out.push(Violation::new(location, format!("{message} [{id}]")));
                        }
                    } else if targets.iter().any(|(_, v)| !holds(Some(v), then.1)) {
                        out.push(Violation::new(location, format!("{message} [{id}]")));
                    }
                }
            }
        }
    }
}

/// How many leading `*` the two paths share (same prefix up to each).
fn common_array_prefix(a: &str, b: &str) -> usize {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
    let mut stars = 0;
    for (x, y) in a.iter().zip(&b) {
        if x != y {
            break;
        }
        if *x == "*" {
            stars += 1;
        }
    }
    stars
}

/// A JSON response with the declared headers that are set.
pub fn response(status: u16, content_type: Option<&str>, body: Vec<u8>, headers: &[(&str, &Option<String>)]) -> Result<Response, Rejection> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).map_err(|_| Rejection::internal())?;
    if let Some(content_type) = content_type {
        let value = HeaderValue::from_str(content_type).map_err(|_| Rejection::internal())?;
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    for (name, value) in headers {
        if let Some(value) = value {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| Rejection::internal())?;
            let value = HeaderValue::from_str(value).map_err(|_| Rejection::internal())?;
            response.headers_mut().insert(name, value);
        }
    }
    Ok(response)
}

/// A handler's status for a range or `default` variant must fall in what
/// the spec declares for it; anything else is the handler's bug.
pub fn status_in(status: u16, low: u16, high: u16) -> Result<u16, Rejection> {
    if (low..=high).contains(&status) && (100..600).contains(&status) {
        Ok(status)
    } else {
        Err(Rejection::internal())
    }
}

/// Serialises a response body; failing that is the handler's bug.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Rejection> {
    serde_json::to_vec(value).map_err(|_| Rejection::internal())
}

/// The view of one request that cross-field rules read.
#[derive(Default)]
pub struct RequestView {
    path: serde_json::Map<String, Value>,
    query: serde_json::Map<String, Value>,
    header: serde_json::Map<String, Value>,
    body: Value,
}

impl RequestView {
    pub fn set<T: serde::Serialize>(&mut self, location: &str, name: &str, value: &T) {
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        let map = match location {
            "path" => &mut self.path,
            "query" => &mut self.query,
            _ => &mut self.header,
        };
        map.insert(name.to_string(), value);
    }

    pub fn set_body<T: serde::Serialize>(&mut self, body: &T) {
        self.body = serde_json::to_value(body).unwrap_or(Value::Null);
    }

    pub fn into_value(self) -> Value {
        serde_json::json!({ "path": self.path, "query": self.query, "header": self.header, "body": self.body })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_check_each_element_and_defaults() {
        const RULES: &[Rule] = &[
            Rule::RequireAny { id: "any", fields: &["query/GroupName", "query/ResourceIds"], message: "one of them" },
            Rule::Implies {
                id: "mc",
                when: ("body/Resources/*/ResourceType", Test::In(&["MaxCompute"])),
                then: ("body/Option", Test::In(&["Attach"])),
                message: "attach only",
            },
            Rule::Implies {
                id: "group",
                when: ("body/Resources/*/ResourceType", Test::In(&["ECS"])),
                then: ("body/Resources/*/GroupName", Test::Present),
                message: "group needed",
            },
        ];
        let view = json!({
            "query": {"ResourceIds": []},
            "body": {"Resources": [
                {"ResourceType": "ECS", "GroupName": "g"},
                {"ResourceType": "ECS"},
                {"ResourceType": "MaxCompute"}
            ]}
        });
        let mut out = Vec::new();
        check_rules(&view, RULES, &mut out);
        let locations: Vec<_> = out.iter().map(|v| v.location.as_str()).collect();
        assert_eq!(locations, ["query/GroupName | query/ResourceIds", "body/Option", "body/Resources/1/GroupName"]);
    }
}
