//! The client's request pipeline: hooks, sending, typed errors.

use std::fmt;
use std::sync::Arc;

use super::params::{encode_component, ParamValue, QueryString};

/// The error of a hook or of encoding, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A hook applied to every request before it is sent: where headers or a
/// request signer plug in. It sees the final URL, headers and body.
pub trait RequestHook: Send + Sync {
    fn on_request(&self, request: &mut reqwest::Request) -> Result<(), BoxError>;
}

impl<F> RequestHook for F
where
    F: Fn(&mut reqwest::Request) -> Result<(), BoxError> + Send + Sync,
{
    fn on_request(&self, request: &mut reqwest::Request) -> Result<(), BoxError> {
        self(request)
    }
}

/// A decoded response: the status, the headers and the typed value.
#[derive(Clone, Debug)]
pub struct ApiResponse<T> {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub value: T,
}

impl<T> ApiResponse<T> {
    /// A response header as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn into_value(self) -> T {
        self.value
    }
}

/// Everything a call can fail with, each kind kept apart.
#[derive(Debug)]
pub enum Error {
    /// The request was rejected before it was sent.
    InvalidRequest { message: String },
    /// A request hook refused the request.
    Hook(BoxError),
    /// The request could not be sent or the response not received.
    Transport(reqwest::Error),
    /// The server answered with a status the spec does not declare.
    UnexpectedStatus(Box<ReceivedResponse>),
    /// The body of a declared response did not decode.
    Decode {
        response: Box<ReceivedResponse>,
        message: String,
    },
}

/// A response kept raw because it could not be typed.
#[derive(Clone, Debug)]
pub struct ReceivedResponse {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: bytes::Bytes,
}

impl Error {
    /// The response that could not be typed, when one was received.
    pub fn response(&self) -> Option<&ReceivedResponse> {
        match self {
            Error::UnexpectedStatus(response) | Error::Decode { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The response status, when a response was received.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Transport(err) => err.status(),
            other => other.response().map(|r| r.status),
        }
    }

    /// The response headers, when a response was received.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        self.response().map(|r| &r.headers)
    }

    /// The raw response body, when a response was received.
    pub fn body(&self) -> Option<&bytes::Bytes> {
        self.response().map(|r| &r.body)
    }

    fn invalid(message: impl fmt::Display) -> Error {
        Error::InvalidRequest {
            message: message.to_string(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest { message } => write!(f, "invalid request: {message}"),
            Error::Hook(err) => write!(f, "request hook failed: {err}"),
            Error::Transport(err) => write!(f, "transport error: {err}"),
            Error::UnexpectedStatus(response) => {
                write!(
                    f,
                    "undeclared status {} ({} body bytes)",
                    response.status,
                    response.body.len()
                )
            }
            Error::Decode { response, message } => {
                write!(
                    f,
                    "the body of a {} response did not decode: {message}",
                    response.status
                )
            }
        }
    }
}

impl From<super::InvalidPathSegment> for Error {
    fn from(err: super::InvalidPathSegment) -> Self {
        Error::invalid(err)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Hook(err) => Some(err.as_ref()),
            Error::Transport(err) => Some(err),
            _ => None,
        }
    }
}

/// The part of a client that is the same for every API.
#[derive(Clone)]
pub struct ClientCore {
    base_url: String,
    http: reqwest::Client,
    hooks: Vec<Arc<dyn RequestHook>>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field("base_url", &self.base_url)
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

impl ClientCore {
    pub fn new(base_url: &str) -> Result<Self, Error> {
        Self::with_client(base_url, reqwest::Client::new())
    }

    pub fn with_client(base_url: &str, http: reqwest::Client) -> Result<Self, Error> {
        let parsed = reqwest::Url::parse(base_url)
            .map_err(|err| Error::invalid(format!("base URL {base_url:?}: {err}")))?;
        if parsed.cannot_be_a_base() || parsed.query().is_some() {
            return Err(Error::invalid(format!(
                "base URL {base_url:?} cannot take a path"
            )));
        }
        let base_url = base_url.trim_end_matches('/').to_string();
        Ok(ClientCore {
            base_url,
            http,
            hooks: Vec::new(),
        })
    }

    pub fn with_hook(mut self, hook: impl RequestHook + 'static) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A request for `path` (already encoded) and `query`.
    pub fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &QueryString,
    ) -> Result<reqwest::Request, Error> {
        let mut url = format!("{}{}", self.base_url, path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query.as_str());
        }
        let url = reqwest::Url::parse(&url)
            .map_err(|err| Error::invalid(format!("URL {url:?}: {err}")))?;
        let mut request = reqwest::Request::new(method, url);
        request.headers_mut().insert(
            reqwest::header::ACCEPT,
            reqwest::header::HeaderValue::from_static("application/json"),
        );
        Ok(request)
    }

    /// Applies the hooks, sends, and reads the whole body.
    pub async fn send(&self, mut request: reqwest::Request) -> Result<RawResponse, Error> {
        for hook in &self.hooks {
            hook.on_request(&mut request).map_err(Error::Hook)?;
        }
        let response = self.http.execute(request).await.map_err(Error::Transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::Transport)?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
}

/// Sets a header parameter; a value that cannot be a header is invalid input.
pub fn set_header(
    request: &mut reqwest::Request,
    name: &'static str,
    value: &impl ParamValue,
) -> Result<(), Error> {
    let text = value.to_param();
    let value = reqwest::header::HeaderValue::from_str(&text).map_err(|_| {
        Error::invalid(format!(
            "header {name}: {text:?} is not a valid header value"
        ))
    })?;
    let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::invalid(format!("{name:?} is not a valid header name")))?;
    request.headers_mut().insert(name, value);
    Ok(())
}

/// Cookie parameters, sent in one `Cookie` header.
#[derive(Default)]
pub struct CookieString {
    pairs: Vec<String>,
}

impl CookieString {
    pub fn push(&mut self, name: &str, value: &impl ParamValue) {
        self.pairs
            .push(format!("{}={}", name, encode_component(&value.to_param())));
    }

    pub fn apply(self, request: &mut reqwest::Request) -> Result<(), Error> {
        if self.pairs.is_empty() {
            return Ok(());
        }
        let value = reqwest::header::HeaderValue::from_str(&self.pairs.join("; "))
            .map_err(|_| Error::invalid("cookie parameters do not form a valid header"))?;
        request.headers_mut().insert(reqwest::header::COOKIE, value);
        Ok(())
    }
}

fn set_body(
    request: &mut reqwest::Request,
    content_type: &str,
    bytes: Vec<u8>,
) -> Result<(), Error> {
    let value = reqwest::header::HeaderValue::from_str(content_type)
        .map_err(|_| Error::invalid(format!("content type {content_type:?}")))?;
    request
        .headers_mut()
        .insert(reqwest::header::CONTENT_TYPE, value);
    *request.body_mut() = Some(reqwest::Body::from(bytes));
    Ok(())
}

pub fn set_json_body<T: serde::Serialize + ?Sized>(
    request: &mut reqwest::Request,
    content_type: &str,
    body: &T,
) -> Result<(), Error> {
    let bytes = serde_json::to_vec(body).map_err(|err| Error::invalid(format!("body: {err}")))?;
    set_body(request, content_type, bytes)
}

/// `application/x-www-form-urlencoded`: each top-level property as a
/// pair; arrays repeat the name, nested objects travel as JSON text.
pub fn set_form_body<T: serde::Serialize + ?Sized>(
    request: &mut reqwest::Request,
    content_type: &str,
    body: &T,
) -> Result<(), Error> {
    let value = serde_json::to_value(body).map_err(|err| Error::invalid(format!("body: {err}")))?;
    let serde_json::Value::Object(fields) = value else {
        return Err(Error::invalid("a form body must be an object"));
    };
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut form = QueryString::default();
    for (name, value) in &fields {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) => {
                let items: Vec<String> = items.iter().map(text).collect();
                form.push_array(name, &items, true);
            }
            other => form.push(name, &text(other)),
        }
    }
    set_body(request, content_type, form.as_str().as_bytes().to_vec())
}

pub fn set_text_body(
    request: &mut reqwest::Request,
    content_type: &str,
    body: &str,
) -> Result<(), Error> {
    set_body(request, content_type, body.as_bytes().to_vec())
}

pub fn set_bytes_body(
    request: &mut reqwest::Request,
    content_type: &str,
    body: &[u8],
) -> Result<(), Error> {
    set_body(request, content_type, body.to_vec())
}

/// A received response before it is typed.
pub struct RawResponse {
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: bytes::Bytes,
}

impl RawResponse {
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// A response header as text, if present and valid text.
    pub fn header_text(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    fn decode_error(&self, message: impl fmt::Display) -> Error {
        Error::Decode {
            response: Box::new(ReceivedResponse {
                status: self.status,
                headers: self.headers.clone(),
                body: self.body.clone(),
            }),
            message: message.to_string(),
        }
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|err| self.decode_error(err))
    }

    pub fn text(&self) -> Result<String, Error> {
        String::from_utf8(self.body.to_vec()).map_err(|err| self.decode_error(err))
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.body.to_vec()
    }

    pub fn unexpected(self) -> Error {
        Error::UnexpectedStatus(Box::new(ReceivedResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
        }))
    }

    pub fn into_api_response<T>(self, value: T) -> ApiResponse<T> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            value,
        }
    }
}
