//! What a call returns: the typed response, or an error that tells
//! invalid input, hooks, transport, timeouts, error responses, undeclared
//! statuses and undecodable bodies apart.

use std::fmt;

use serde_json::Value;

use crate::signing::MissingCredential;

/// The error of a hook or of encoding, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A decoded response: the status, the headers and the typed value.
#[derive(Clone, Debug)]
pub struct ApiResponse<T> {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub value: T,
    /// The body as received, for [`ApiResponse::body_json`].
    pub raw_body: bytes::Bytes,
}

impl<T> ApiResponse<T> {
    /// A response header as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn into_value(self) -> T {
        self.value
    }

    /// A 2XX status: `value` is a success variant (or a `default` one
    /// received with a 2XX status).
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// The body as JSON, as it came over the wire, so an error keeps
    /// fields the spec does not declare: a JSON body as it is, a form body
    /// as an object, text as a string; `null` for none or raw bytes.
    pub fn body_json(&self) -> Value {
        body_json(&self.headers, &self.raw_body)
    }

    /// The response when its status is a success, or the error response as
    /// [`Error::Api`], so that `?` surfaces API errors the way the vendors'
    /// SDKs raise them. The typed value stays in `value` either way.
    pub fn into_result(self) -> Result<ApiResponse<T>, Error> {
        if self.is_success() {
            return Ok(self);
        }
        let body = self.body_json();
        Err(Error::Api(Box::new(ApiError::new(
            self.status,
            self.headers,
            body,
        ))))
    }
}

/// Implemented by every operation's `<Op>Responses`: the variant a
/// received response decodes to.
pub trait Responses: Sized {
    /// The variant `response`'s status selects, its body decoded; an
    /// undeclared status is [`Error::UnexpectedStatus`].
    fn decode(response: &ReceivedResponse) -> Result<Self, Error>;
}

/// A body as JSON, by its content type (see [`ApiResponse::body_json`]).
fn body_json(headers: &reqwest::header::HeaderMap, body: &[u8]) -> Value {
    let content_type = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if body.is_empty() {
        Value::Null
    } else if let Ok(json) = serde_json::from_slice(body) {
        json
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        form_object(body)
    } else if content_type.starts_with("text/") {
        Value::String(String::from_utf8_lossy(body).into_owned())
    } else {
        Value::Null
    }
}

/// `application/x-www-form-urlencoded` pairs as a JSON object, a
/// repeated name as an array.
fn form_object(body: &[u8]) -> Value {
    let mut object = serde_json::Map::new();
    for (name, value) in form_urlencoded::parse(body) {
        let value = Value::String(value.into_owned());
        match object.get_mut(name.as_ref()) {
            Some(Value::Array(items)) => items.push(value),
            Some(first) => *first = Value::Array(vec![first.take(), value]),
            None => {
                object.insert(name.into_owned(), value);
            }
        }
    }
    Value::Object(object)
}

/// An error response, with the fields both vendors' SDKs read from it.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: reqwest::StatusCode,
    /// `Code`, `code`, `error_code` or `errorCode` of the body.
    pub code: Option<String>,
    /// `Message`, `message`, `error_msg` or `errorMsg` of the body.
    pub message: Option<String>,
    /// `RequestId`/`request_id` of the body, else `x-acs-request-id` or
    /// `X-Request-Id`.
    pub request_id: Option<String>,
    pub headers: reqwest::header::HeaderMap,
    /// The typed error body, as JSON.
    pub body: Value,
}

impl ApiError {
    pub fn new(
        status: reqwest::StatusCode,
        headers: reqwest::header::HeaderMap,
        body: Value,
    ) -> Self {
        let field = |names: &[&str]| {
            names.iter().find_map(|name| match body.get(name) {
                Some(Value::String(s)) => Some(s.clone()),
                _ => None,
            })
        };
        let header = |names: &[&str]| {
            names.iter().find_map(|name| {
                headers
                    .get(*name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            })
        };
        ApiError {
            status,
            code: field(&["Code", "code", "error_code", "errorCode"]),
            message: field(&["Message", "message", "error_msg", "errorMsg"]),
            request_id: field(&["RequestId", "requestId", "request_id"])
                .or_else(|| header(&["x-acs-request-id", "x-request-id"])),
            headers,
            body,
        }
    }

    /// The body as a type of the caller's choosing, such as the spec's error schema.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_value(self.body.clone())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request {request_id})")?;
        }
        Ok(())
    }
}

/// Everything a call can fail with, each kind kept apart.
#[derive(Debug)]
pub enum Error {
    /// The request was rejected before it was sent.
    InvalidRequest { message: String },
    /// The client has no credentials for any security scheme of the operation.
    Credentials(String),
    /// A request hook refused the request.
    Hook(BoxError),
    /// The request could not be sent or the response not received.
    Transport(reqwest::Error),
    /// No response within the request timeout or the retry deadline.
    Timeout { attempts: u32 },
    /// A declared error response (from [`ApiResponse::into_result`]).
    Api(Box<ApiError>),
    /// The server answered with a status the spec does not declare.
    UnexpectedStatus(Box<ReceivedResponse>),
    /// The body of a declared response did not decode.
    Decode {
        response: Box<ReceivedResponse>,
        message: String,
    },
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
            Error::Api(err) => Some(err.status),
            other => other.response().map(|r| r.status),
        }
    }

    /// The vendor's error code, for an error response.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(err) => err.code.as_deref(),
            _ => None,
        }
    }

    /// The response headers, when a response was received.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        match self {
            Error::Api(err) => Some(&err.headers),
            other => other.response().map(|r| &r.headers),
        }
    }

    /// The raw response body, when a response was received and not typed.
    pub fn body(&self) -> Option<&bytes::Bytes> {
        self.response().map(|r| &r.body)
    }

    pub(crate) fn invalid(message: impl fmt::Display) -> Error {
        Error::InvalidRequest {
            message: message.to_string(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest { message } => write!(f, "invalid request: {message}"),
            Error::Credentials(message) => f.write_str(message),
            Error::Hook(err) => write!(f, "request hook failed: {err}"),
            Error::Transport(err) => write!(f, "transport error: {err}"),
            Error::Timeout { attempts } => {
                write!(f, "no response in time ({attempts} attempt(s))")
            }
            Error::Api(err) => write!(f, "error response: {err}"),
            Error::UnexpectedStatus(response) => write!(
                f,
                "undeclared status {} ({} body bytes)",
                response.status,
                response.body.len()
            ),
            Error::Decode { response, message } => write!(
                f,
                "the body of a {} response did not decode: {message}",
                response.status
            ),
        }
    }
}

impl From<crate::InvalidPathSegment> for Error {
    fn from(err: crate::InvalidPathSegment) -> Self {
        Error::invalid(err)
    }
}

impl From<MissingCredential> for Error {
    fn from(err: MissingCredential) -> Self {
        Error::Credentials(err.to_string())
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

/// A received response before it is typed, and what an error keeps of a
/// response it could not type.
#[derive(Clone, Debug)]
pub struct ReceivedResponse {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: bytes::Bytes,
}

impl ReceivedResponse {
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
            response: Box::new(self.clone()),
            message: message.to_string(),
        }
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|err| self.decode_error(err))
    }

    /// An `application/x-www-form-urlencoded` body: the pairs as a JSON
    /// object (repeated names as arrays), then typed.
    pub fn form<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_value(form_object(&self.body)).map_err(|err| self.decode_error(err))
    }

    pub fn text(&self) -> Result<String, Error> {
        String::from_utf8(self.body.to_vec()).map_err(|err| self.decode_error(err))
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.body.to_vec()
    }

    pub fn unexpected(self) -> Error {
        Error::UnexpectedStatus(Box::new(self))
    }

    /// A status the operation does not declare, for [`Responses::decode`].
    pub fn undeclared(&self) -> Error {
        Error::UnexpectedStatus(Box::new(self.clone()))
    }

    /// The response typed per declared status, with status and headers
    /// alongside.
    pub fn decode<T: Responses>(self) -> Result<ApiResponse<T>, Error> {
        let value = T::decode(&self)?;
        Ok(self.into_api_response(value))
    }

    pub fn into_api_response<T>(self, value: T) -> ApiResponse<T> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            value,
            raw_body: self.body,
        }
    }
}
