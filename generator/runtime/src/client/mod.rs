//! The client's request pipeline, shared by every generated client: the
//! final URL and host, hooks, credentials and signing, timeouts, retries,
//! tracing and typed errors. A generated method only builds its path,
//! query, headers and body and names its [`Operation`].

mod auth;
mod error;
mod request;
mod retry;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use auth::{Credentials, KeyLocation, Scheme};
pub use error::{ApiError, ApiResponse, BoxError, Error, ReceivedResponse, Responses};
pub use request::*;
pub use retry::RetryPolicy;

use tracing::Instrument;

use crate::params::QueryString;
use retry::Outcome;

/// What the runtime knows of the operation being called: decided by the
/// generator from the spec, handed to hooks and signers.
#[derive(Clone, Copy, Debug)]
pub struct Operation {
    /// The operationId as written in the spec.
    pub id: &'static str,
    pub method: &'static str,
    /// The path template: `/api/v1/workspaces/{WorkspaceId}/resources`.
    pub path: &'static str,
    /// The `Accept` header: the media types its responses declare, or
    /// empty to send none.
    pub accept: &'static str,
    /// The security alternatives, each the schemes it needs together;
    /// empty when the operation needs none.
    pub security: &'static [&'static [Scheme]],
}

impl Operation {
    /// An operation that needs no credentials and accepts JSON: what most
    /// declare. [`Self::accepting`] and [`Self::with_security`] say otherwise.
    pub const fn new(method: &'static str, id: &'static str, path: &'static str) -> Self {
        Operation {
            id,
            method,
            path,
            accept: "application/json",
            security: &[],
        }
    }

    /// The `Accept` header to send; empty sends none.
    pub const fn accepting(self, accept: &'static str) -> Self {
        Operation { accept, ..self }
    }

    pub const fn with_security(self, security: &'static [&'static [Scheme]]) -> Self {
        Operation { security, ..self }
    }

    /// The path of one call: each `{name}` of the template, in order,
    /// replaced by the next of `segments`, each already encoded.
    pub fn fill_path(&self, segments: &[String]) -> String {
        let mut path = String::with_capacity(self.path.len());
        let mut rest = self.path;
        let mut segments = segments.iter();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            path.push_str(&rest[..open]);
            match segments.next() {
                Some(segment) => path.push_str(segment),
                None => path.push_str(&rest[open..open + close + 1]),
            }
            rest = &rest[open + close + 1..];
        }
        path.push_str(rest);
        path
    }

    /// GET, HEAD, PUT, DELETE, OPTIONS and TRACE may be repeated safely.
    pub fn is_idempotent(&self) -> bool {
        matches!(
            self.method,
            "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS" | "TRACE"
        )
    }
}

/// What a hook is told about the request it sees.
#[derive(Clone, Copy, Debug)]
pub struct HookContext {
    pub operation: &'static Operation,
    /// 1 for the first attempt.
    pub attempt: u32,
}

/// A hook applied to every attempt of every request, after the URL, host
/// header and body are final and before credentials are applied: where
/// extra headers, or a signer of the caller's own, plug in. It may be
/// async, for example to refresh a token.
pub trait RequestHook: Send + Sync {
    fn on_request<'a>(
        &'a self,
        context: &'a HookContext,
        request: &'a mut reqwest::Request,
    ) -> Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send + 'a>>;
}

impl<F> RequestHook for F
where
    F: Fn(&HookContext, &mut reqwest::Request) -> Result<(), BoxError> + Send + Sync,
{
    fn on_request<'a>(
        &'a self,
        context: &'a HookContext,
        request: &'a mut reqwest::Request,
    ) -> Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send + 'a>> {
        let result = self(context, request);
        Box::pin(std::future::ready(result))
    }
}

/// A server URL template with its variables filled: each value must be a
/// non-empty run of letters, digits, `-`, `_` and `.`, so a variable cannot
/// move the request to another host or path.
pub fn server_url(template: &str, variables: &[(&str, &str)]) -> Result<String, Error> {
    let mut url = template.to_string();
    for (name, value) in variables {
        let plain = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !plain {
            return Err(Error::invalid(format!(
                "server variable {name}: {value:?} is not a plain name (letters, digits, `-`, `_`, `.`)"
            )));
        }
        url = url.replace(&format!("{{{name}}}"), value);
    }
    Ok(url)
}

/// Timeouts, retries and the user agent of a client.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// Used for the `reqwest` client the runtime builds; a client passed to
    /// `with_client` keeps its own.
    pub connect_timeout: Duration,
    /// For each attempt, from sending to the end of the body.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    pub user_agent: String,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            user_agent: concat!("spec-runtime/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

/// The part of a client that is the same for every API.
#[derive(Clone)]
pub struct ClientCore {
    /// Parsed once; each call appends its path.
    base_url: reqwest::Url,
    http: reqwest::Client,
    hooks: Vec<Arc<dyn RequestHook>>,
    credentials: Option<Credentials>,
    /// Path parameters set once for every call (`project_id`).
    path_params: Vec<(&'static str, String)>,
    config: ClientConfig,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials print through `Secret`, which hides the values.
        f.debug_struct("ClientCore")
            .field("base_url", &self.base_url.as_str())
            .field("hooks", &self.hooks.len())
            .field("credentials", &self.credentials)
            .field("path_params", &self.path_params)
            .field("config", &self.config)
            .finish()
    }
}

impl ClientCore {
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let config = ClientConfig::default();
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .user_agent(config.user_agent.clone())
            .build()
            .map_err(Error::Transport)?;
        Self::with_client(base_url, http)
    }

    pub fn with_client(base_url: &str, http: reqwest::Client) -> Result<Self, Error> {
        let parsed = reqwest::Url::parse(base_url)
            .map_err(|err| Error::invalid(format!("base URL {base_url:?}: {err}")))?;
        if parsed.cannot_be_a_base() || parsed.query().is_some() {
            return Err(Error::invalid(format!(
                "base URL {base_url:?} cannot take a path"
            )));
        }
        Ok(ClientCore {
            base_url: parsed,
            http,
            hooks: Vec::new(),
            credentials: None,
            path_params: Vec::new(),
            config: ClientConfig::default(),
        })
    }

    /// Names the product in the user agent, before the runtime's own name:
    /// generated clients pass their crate's name and version.
    pub fn with_user_agent(mut self, product: &str) -> Self {
        self.config.user_agent = format!("{product} {}", self.config.user_agent);
        self
    }

    pub fn with_hook(mut self, hook: impl RequestHook + 'static) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    pub fn with_credentials(mut self, credentials: impl Into<Credentials>) -> Self {
        self.credentials = Some(credentials.into());
        self
    }

    pub fn with_path_param(mut self, name: &'static str, value: String) -> Self {
        self.path_params.retain(|(n, _)| *n != name);
        self.path_params.push((name, value));
        self
    }

    /// A path parameter the client fills: set by `with_<name>`, else the
    /// credentials' project for `project_id`.
    pub fn path_param(&self, name: &'static str) -> Result<&str, Error> {
        if let Some((_, value)) = self.path_params.iter().find(|(n, _)| *n == name) {
            return Ok(value);
        }
        let from_credentials = match name {
            "project_id" => self.credentials.as_ref().and_then(Credentials::project_id),
            _ => None,
        };
        from_credentials.ok_or_else(|| {
            Error::Credentials(format!(
                "`{name}` is not set: call `with_{name}` on the client{}",
                if name == "project_id" {
                    ", or set HUAWEICLOUD_SDK_PROJECT_ID"
                } else {
                    ""
                }
            ))
        })
    }

    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    /// Timeouts, retries and user agent. A new connect timeout takes effect
    /// only for the client the runtime builds itself.
    pub fn with_config(mut self, config: ClientConfig) -> Result<Self, Error> {
        if config.connect_timeout != self.config.connect_timeout {
            self.http = reqwest::Client::builder()
                .connect_timeout(config.connect_timeout)
                .user_agent(config.user_agent.clone())
                .build()
                .map_err(Error::Transport)?;
        }
        self.config = config;
        Ok(self)
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    pub fn base_url(&self) -> &str {
        self.base_url.as_str().trim_end_matches('/')
    }

    /// A request for `operation` at its path template filled with
    /// `segments` (encoded path parameters, in template order), with its
    /// query and `Accept` header.
    pub fn request(
        &self,
        operation: &Operation,
        segments: &[String],
        query: Option<&QueryString>,
    ) -> Result<reqwest::Request, Error> {
        let path = operation.fill_path(segments);
        let method = reqwest::Method::from_bytes(operation.method.as_bytes())
            .map_err(|err| Error::invalid(format!("method {:?}: {err}", operation.method)))?;
        let mut url = self.base_url.clone();
        let joined = format!("{}{}", url.path().trim_end_matches('/'), path);
        url.set_path(&joined);
        if let Some(query) = query.filter(|query| !query.is_empty()) {
            url.set_query(Some(query.as_str()));
        }
        let mut request = reqwest::Request::new(method, url);
        if !operation.accept.is_empty() {
            request.headers_mut().insert(
                reqwest::header::ACCEPT,
                reqwest::header::HeaderValue::from_static(operation.accept),
            );
        }
        Ok(request)
    }

    /// Sends `request` for `operation`: each attempt gets the host header,
    /// the hooks, fresh credentials (a new date and nonce), and the
    /// request timeout; failures are retried as [`RetryPolicy`] says.
    pub async fn send(
        &self,
        operation: &'static Operation,
        request: reqwest::Request,
    ) -> Result<ReceivedResponse, Error> {
        let started = Instant::now();
        let policy = &self.config.retry;
        let deadline = started + policy.deadline;
        let idempotent = operation.is_idempotent();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let span = tracing::info_span!(
                "call",
                operation = operation.id,
                method = operation.method,
                attempt,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let (outcome, delay, last) = self
                .attempt(operation, &request, attempt, deadline)
                .instrument(span)
                .await?;
            let wait = delay.unwrap_or_else(|| policy.backoff(attempt));
            let retry = attempt < policy.max_attempts
                && outcome.may_retry(policy, idempotent)
                && Instant::now() + wait < deadline;
            if !retry {
                return last;
            }
            tracing::info!(
                operation = operation.id,
                attempt,
                ?outcome,
                wait_ms = wait.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt: what it ended with, the server's requested delay, and
    /// the result to return if it is the last.
    async fn attempt(
        &self,
        operation: &'static Operation,
        request: &reqwest::Request,
        attempt: u32,
        deadline: Instant,
    ) -> Result<(Outcome, Option<Duration>, Result<ReceivedResponse, Error>), Error> {
        let prepared = self.prepare(operation, request, attempt).await?;
        let remaining = deadline.saturating_duration_since(Instant::now());
        let timeout = self.config.request_timeout.min(remaining);
        let sent_at = Instant::now();
        let result = tokio::time::timeout(timeout, self.execute(prepared)).await;
        let span = tracing::Span::current();
        span.record("latency_ms", sent_at.elapsed().as_millis() as u64);
        Ok(match result {
            Err(_) => (
                Outcome::MaybeActed,
                None,
                Err(Error::Timeout { attempts: attempt }),
            ),
            Ok(Err(err)) => {
                let outcome = if err.is_connect() {
                    Outcome::NotSent
                } else if err.is_timeout() || err.is_request() || err.is_body() {
                    Outcome::MaybeActed
                } else {
                    Outcome::Final
                };
                (outcome, None, Err(Error::Transport(err)))
            }
            Ok(Ok(response)) => {
                span.record("status", response.status.as_u16());
                let status = response.status.as_u16();
                let outcome = Outcome::of_status(status, &response.headers, &response.body);
                (
                    outcome,
                    retry::server_delay(&response.headers),
                    Ok(response),
                )
            }
        })
    }

    /// A copy of `request` with the host, hooks and credentials applied.
    async fn prepare(
        &self,
        operation: &'static Operation,
        request: &reqwest::Request,
        attempt: u32,
    ) -> Result<reqwest::Request, Error> {
        let mut request = request
            .try_clone()
            .ok_or_else(|| Error::invalid("a streaming body cannot be signed or retried"))?;
        let host = match (request.url().host_str(), request.url().port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            (None, _) => return Err(Error::invalid("the URL has no host")),
        };
        let host = reqwest::header::HeaderValue::from_str(&host)
            .map_err(|_| Error::invalid("the host is not a valid header value"))?;
        request.headers_mut().insert(reqwest::header::HOST, host);
        if let Ok(agent) = reqwest::header::HeaderValue::from_str(&self.config.user_agent) {
            request
                .headers_mut()
                .insert(reqwest::header::USER_AGENT, agent);
        }
        let context = HookContext { operation, attempt };
        for hook in &self.hooks {
            hook.on_request(&context, &mut request)
                .await
                .map_err(Error::Hook)?;
        }
        if let Some(credentials) = &self.credentials {
            auth::authenticate(
                &mut request,
                operation.security,
                credentials,
                time::OffsetDateTime::now_utc(),
            )?;
        }
        Ok(request)
    }

    async fn execute(&self, request: reqwest::Request) -> Result<ReceivedResponse, reqwest::Error> {
        let response = self.http.execute(request).await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        Ok(ReceivedResponse {
            status,
            headers,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Operation;

    #[test]
    fn a_path_is_its_template_with_each_parameter_filled_in_order() {
        let op = Operation::new("GET", "get", "/v1/{project_id}/files/{name}.json");
        let segments = ["p%2F1".to_string(), "a b".to_string()];
        assert_eq!(op.fill_path(&segments), "/v1/p%2F1/files/a b.json");
        // A segment the generator did not give leaves the template's own.
        assert_eq!(op.fill_path(&segments[..1]), "/v1/p%2F1/files/{name}.json");
        assert_eq!(
            Operation::new("GET", "list", "/v1/items").fill_path(&[]),
            "/v1/items"
        );
    }
}
