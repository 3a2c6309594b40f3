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
use std::sync::Arc;

use axum::body::Body;
use axum::http::header::{HeaderName, HeaderValue, ALLOW, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::validate::Violation;

mod credentials;
mod input;
mod request;
mod rules;
mod styles;

pub use credentials::*;
pub use input::*;
pub use request::*;
pub use rules::*;
pub use styles::*;

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

    /// Stops accepting, lets requests in flight finish (within the
    /// `drain_timeout`), and waits.
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

/// How a served router treats its connections, so that slow or idle
/// clients cannot tie it up.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// A connection whose request headers have not all arrived by then is
    /// closed. Default: 10 s.
    pub header_read_timeout: std::time::Duration,
    /// A request not answered by then gets 408. Default: 30 s.
    pub request_timeout: std::time::Duration,
    /// Connections served at once; more wait to be accepted. Default: 1,024.
    pub max_connections: usize,
    /// On `stop`, how long requests in flight may take to finish. Default: 30 s.
    pub drain_timeout: std::time::Duration,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            header_read_timeout: std::time::Duration::from_secs(10),
            request_timeout: std::time::Duration::from_secs(30),
            max_connections: 1024,
            drain_timeout: std::time::Duration::from_secs(30),
        }
    }
}

/// Serves `router` on 127.0.0.1:`port` (0 picks a free port) until stopped,
/// with the default [`ServeConfig`].
pub async fn serve(router: axum::Router, port: u16) -> std::io::Result<RunningServer> {
    serve_with(router, ("127.0.0.1", port), ServeConfig::default()).await
}

/// Serves `router` on `addr` with `config`: hyper's own header-read
/// timeout, a request timeout layer, a connection limit, and a graceful
/// shutdown that drains requests in flight.
pub async fn serve_with(
    router: axum::Router,
    addr: impl tokio::net::ToSocketAddrs,
    config: ServeConfig,
) -> std::io::Result<RunningServer> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (shutdown, mut signal) = tokio::sync::oneshot::channel::<()>();
    let router = router.layer(tower_http::timeout::TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        config.request_timeout,
    ));
    let task = tokio::spawn(async move {
        let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(config.max_connections));
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(config.header_read_timeout);
        loop {
            // A free slot first: past the limit, connections wait unaccepted.
            let slot = tokio::select! {
                _ = &mut signal => break,
                slot = slots.clone().acquire_owned() => slot.map_err(std::io::Error::other)?,
            };
            let stream = tokio::select! {
                _ = &mut signal => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    // A connection that failed before it was accepted.
                    Err(_) => continue,
                },
            };
            let service = hyper_util::service::TowerToHyperService::new(router.clone());
            let connection = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                let _ = connection.await;
                drop(slot);
            });
        }
        drop(listener);
        // Requests in flight finish; idle connections close.
        let _ = tokio::time::timeout(config.drain_timeout, graceful.shutdown()).await;
        Ok(())
    });
    Ok(RunningServer {
        addr,
        shutdown: Some(shutdown),
        task: Some(task),
    })
}

/// Settings of a generated router.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Requests with a larger body get 413. Default: 1 MiB.
    pub body_limit: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            body_limit: 1024 * 1024,
        }
    }
}

/// What every route's handler shares: the service and its settings.
pub struct Shared<S> {
    pub service: Arc<S>,
    pub config: Arc<ServerConfig>,
}

impl<S> Shared<S> {
    pub fn new(service: Arc<S>, config: ServerConfig) -> Self {
        Shared {
            service,
            config: Arc::new(config),
        }
    }
}

// Not derived: a derive would ask `S: Clone`, and only the `Arc`s are cloned.
impl<S> Clone for Shared<S> {
    fn clone(&self) -> Self {
        Shared {
            service: self.service.clone(),
            config: self.config.clone(),
        }
    }
}

/// A request as a generated handler takes it: the router's shared state,
/// the path parameters as matched, and the request itself, unread.
pub struct Incoming<S> {
    pub shared: Shared<S>,
    pub path: RawPath,
    pub request: axum::extract::Request,
}

impl<S: Send + Sync + 'static> axum::extract::FromRequest<Shared<S>> for Incoming<S> {
    /// Never refused here: a path that does not decode is a violation the
    /// operation reports in its own error format, later.
    type Rejection = std::convert::Infallible;

    async fn from_request(
        request: axum::extract::Request,
        shared: &Shared<S>,
    ) -> Result<Self, Self::Rejection> {
        use axum::extract::FromRequestParts;
        let (mut parts, body) = request.into_parts();
        let path = axum::extract::RawPathParams::from_request_parts(&mut parts, shared).await;
        Ok(Incoming {
            shared: shared.clone(),
            path,
            request: axum::extract::Request::from_parts(parts, body),
        })
    }
}

/// What the shared request pipeline needs to know of one operation.
#[derive(Clone, Copy, Debug)]
pub struct Endpoint {
    /// The operationId.
    pub operation_id: &'static str,
    /// The security alternatives, each a list of `(in, name)` pairs; a
    /// request carrying none of them is refused 401. Empty: no credentials.
    pub credentials: &'static [&'static [(&'static str, &'static str)]],
    /// Whether the operation has a body to read, within the body limit.
    pub reads_body: bool,
    /// The error bodies the operation declares, to render rejections in.
    pub errors: &'static [ErrorTemplate],
}

impl Endpoint {
    pub const fn new(operation_id: &'static str, errors: &'static [ErrorTemplate]) -> Self {
        Endpoint {
            operation_id,
            credentials: &[],
            reads_body: false,
            errors,
        }
    }

    pub const fn with_body(self) -> Self {
        Endpoint {
            reads_body: true,
            ..self
        }
    }

    pub const fn with_credentials(
        self,
        credentials: &'static [&'static [(&'static str, &'static str)]],
    ) -> Self {
        Endpoint {
            credentials,
            ..self
        }
    }
}

/// A request as an operation receives it, before its inputs are read: a
/// request without the credentials one of the endpoint's alternatives
/// names is refused 401; the path parameters are decoded; the body is read
/// when the operation has one, refused 413 past `body_limit`.
pub async fn receive(
    request: axum::extract::Request,
    path: RawPath,
    endpoint: &Endpoint,
    body_limit: usize,
) -> Result<(RequestContext, Vec<(String, String)>), Rejection> {
    let (parts, body) = request.into_parts();
    if !has_credentials(&parts, endpoint.credentials) {
        return Err(Rejection::unauthorized());
    }
    let path = path_params(path)?;
    let body = if endpoint.reads_body {
        read_body(body, body_limit).await?
    } else {
        Default::default()
    };
    let context = RequestContext {
        operation: endpoint.operation_id,
        parts,
        body,
    };
    Ok((context, path))
}

/// What a handler may see of the raw request, beyond its typed inputs.
#[derive(Debug)]
pub struct RequestContext {
    /// The operationId.
    pub operation: &'static str,
    /// Method, URI, headers and extensions, as received.
    pub parts: Parts,
    /// The body bytes as received (empty for an operation without a body),
    /// for checks over the exact bytes such as request signatures.
    pub body: axum::body::Bytes,
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
        Rejection {
            status,
            code,
            message: message.into(),
            violations: Vec::new(),
            allow: None,
        }
    }

    pub fn invalid(violations: Vec<Violation>) -> Self {
        let count = violations.len();
        let mut rejection = Rejection::new(
            StatusCode::BAD_REQUEST,
            "InvalidParameter",
            format!(
                "the request is invalid ({count} violation{})",
                if count == 1 { "" } else { "s" }
            ),
        );
        rejection.violations = violations;
        rejection
    }

    pub fn unauthorized() -> Self {
        Rejection::new(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "the request carries no credentials",
        )
    }

    pub fn method_not_allowed(allow: &str) -> Self {
        let mut rejection = Rejection::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            format!("allowed methods: {allow}"),
        );
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
        Rejection::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PayloadTooLarge",
            format!("the body is over {limit} bytes"),
        )
    }

    pub fn internal() -> Self {
        Rejection::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            "the server failed to answer",
        )
    }

    pub fn not_found() -> Self {
        Rejection::new(
            StatusCode::NOT_FOUND,
            "NotFound",
            "no operation at this path",
        )
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
            let detail = || {
                rejection
                    .violations
                    .iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            };
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
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| fill(v, rejection, request_id)),
        Value::Object(map) => map
            .values_mut()
            .for_each(|v| fill(v, rejection, request_id)),
        _ => {}
    }
}

/// The rejection in the error format declared for its status: an exact
/// status first, then a range, then `default`; failing those, the first
/// declared error response; with none declared, a plain JSON body.
pub fn render(rejection: &Rejection, templates: &[ErrorTemplate]) -> Response {
    let status = rejection.status.as_u16();
    let chosen = templates
        .iter()
        .find(|t| (t.low..=t.high).contains(&status))
        .or(templates.first());
    let request_id = next_request_id();
    let (content_type, body) =
        match chosen.and_then(|t| Some((t, serde_json::from_str::<Value>(t.template).ok()?))) {
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
    if let Some(allow) = rejection
        .allow
        .as_deref()
        .and_then(|a| HeaderValue::from_str(a).ok())
    {
        headers.insert(ALLOW, allow);
    }
    response
}

/// Runs a handler so that a panic becomes a 500 and the server keeps
/// serving.
pub async fn isolate<T: Send + 'static>(
    future: impl Future<Output = T> + Send + 'static,
) -> Result<T, Rejection> {
    use futures_util::FutureExt;
    // The handler owns everything it touches (it is `'static`), so a panic
    // leaves nothing half-changed behind for this request to observe.
    std::panic::AssertUnwindSafe(future)
        .catch_unwind()
        .await
        .map_err(|_| Rejection::internal())
}

/// A mock's response value from its JSON example. The generator checked the
/// example against the schema, so this does not fail; if it ever did, the
/// panic would become a 500 like any handler's.
pub fn mock_value<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).expect("the generator checked this example against its schema")
}

/// Whether the request carries the credentials of at least one of the
/// security alternatives (each a list of `(in, name)` pairs). Checking that
/// they are valid is the service's job.
pub fn has_credentials(parts: &Parts, alternatives: &[&[(&str, &str)]]) -> bool {
    alternatives.is_empty()
        || alternatives.iter().any(|alternative| {
            alternative.iter().all(|(location, name)| match *location {
                "header" => parts.headers.get(*name).is_some_and(|v| !v.is_empty()),
                "query" => parts
                    .uri
                    .query()
                    .is_some_and(|q| q.split('&').any(|p| p.split('=').next() == Some(name))),
                "cookie" => parts
                    .headers
                    .get_all(axum::http::header::COOKIE)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .any(|v| {
                        v.split(';')
                            .any(|p| p.trim().split('=').next() == Some(name))
                    }),
                _ => false,
            })
        })
}

/// How a handler's `<Op>Responses` value goes over the wire: the status,
/// content type and headers its variant declares.
pub trait Reply {
    fn reply(self) -> Result<Response, Rejection>;
}

/// A JSON response (`application/json`) with no declared headers.
pub fn json_response<T: serde::Serialize>(status: u16, body: &T) -> Result<Response, Rejection> {
    response(status, Some("application/json"), to_json(body)?, &[])
}

/// A response with no body and no declared headers.
pub fn empty_response(status: u16) -> Result<Response, Rejection> {
    response(status, None, Vec::new(), &[])
}

/// A JSON response for a range or `default` variant, its status checked
/// against the window the spec declares.
pub fn json_in<T: serde::Serialize>(
    status: u16,
    low: u16,
    high: u16,
    body: &T,
) -> Result<Response, Rejection> {
    json_response(status_in(status, low, high)?, body)
}

/// An empty response for a range or `default` variant.
pub fn empty_in(status: u16, low: u16, high: u16) -> Result<Response, Rejection> {
    empty_response(status_in(status, low, high)?)
}

/// A response with the declared headers that are set.
pub fn response(
    status: u16,
    content_type: Option<&str>,
    body: Vec<u8>,
    headers: &[(&str, &Option<String>)],
) -> Result<Response, Rejection> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).map_err(|_| Rejection::internal())?;
    if let Some(content_type) = content_type {
        let value = HeaderValue::from_str(content_type).map_err(|_| Rejection::internal())?;
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    for (name, value) in headers {
        if let Some(value) = value {
            let name =
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| Rejection::internal())?;
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

/// A form-encoded response body, written as the client writes form bodies.
pub fn to_form<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Rejection> {
    crate::params::form_encode(value)
        .map(String::into_bytes)
        .map_err(|_| Rejection::internal())
}
