//! Support code shared by the generated modules: constraint checks, enum
//! values a spec does not list, parameter encoding and, with the `client`
//! feature, the request pipeline and its error type.
//!
//! The generator copies this file into every crate it writes, so a generated
//! crate depends on no crate of this project.

use std::fmt;

/// A value that breaks a constraint of the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstraintError {
    /// The generated type whose constraint was broken.
    pub type_name: &'static str,
    pub message: String,
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {}", self.type_name, self.message)
    }
}

impl std::error::Error for ConstraintError {}

fn violation(type_name: &'static str, message: String) -> Result<(), ConstraintError> {
    Err(ConstraintError { type_name, message })
}

/// `minLength` and `maxLength`, counted in characters as JSON Schema does.
pub fn check_length(
    type_name: &'static str,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ConstraintError> {
    let len = value.chars().count();
    if let Some(min) = min.filter(|min| len < *min) {
        return violation(type_name, format!("length {len} is below the minimum of {min}"));
    }
    if let Some(max) = max.filter(|max| len > *max) {
        return violation(type_name, format!("length {len} is above the maximum of {max}"));
    }
    Ok(())
}

/// `pattern`: the regular expression must match somewhere in the value.
/// fancy-regex takes ECMA-style look-around, which specs use; a match that
/// exceeds its backtracking limit counts as a failure, never a panic.
pub fn check_pattern(
    type_name: &'static str,
    value: &str,
    regex: &fancy_regex::Regex,
    pattern: &str,
) -> Result<(), ConstraintError> {
    match regex.is_match(value) {
        Ok(true) => Ok(()),
        Ok(false) => violation(type_name, format!("{value:?} does not match the pattern {pattern:?}")),
        Err(err) => violation(type_name, format!("{value:?} could not be checked against {pattern:?}: {err}")),
    }
}

/// `minItems` and `maxItems`.
pub fn check_items(
    type_name: &'static str,
    len: usize,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ConstraintError> {
    if let Some(min) = min.filter(|min| len < *min) {
        return violation(type_name, format!("{len} items is below the minimum of {min}"));
    }
    if let Some(max) = max.filter(|max| len > *max) {
        return violation(type_name, format!("{len} items is above the maximum of {max}"));
    }
    Ok(())
}

/// `uniqueItems`.
pub fn check_unique<T: PartialEq>(type_name: &'static str, items: &[T]) -> Result<(), ConstraintError> {
    for (i, item) in items.iter().enumerate() {
        if let Some(j) = items[..i].iter().position(|earlier| earlier == item) {
            return violation(type_name, format!("items {j} and {i} are equal; items must be unique"));
        }
    }
    Ok(())
}

/// `minimum`, `maximum` and their exclusive forms.
pub fn check_range(
    type_name: &'static str,
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
    exclusive_min: bool,
    exclusive_max: bool,
) -> Result<(), ConstraintError> {
    if let Some(min) = min {
        if value < min || (exclusive_min && value == min) {
            let bound = if exclusive_min { "above" } else { "at least" };
            return violation(type_name, format!("{value} is not {bound} {min}"));
        }
    }
    if let Some(max) = max {
        if value > max || (exclusive_max && value == max) {
            let bound = if exclusive_max { "below" } else { "at most" };
            return violation(type_name, format!("{value} is not {bound} {max}"));
        }
    }
    Ok(())
}

/// `multipleOf`.
pub fn check_multiple_of(type_name: &'static str, value: f64, factor: f64) -> Result<(), ConstraintError> {
    let quotient = value / factor;
    if (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0) {
        Ok(())
    } else {
        violation(type_name, format!("{value} is not a multiple of {factor}"))
    }
}

/// An enum value the spec does not list, received from the other side.
///
/// It has no public constructor: code builds only declared values, while a
/// reader keeps what a newer server sent instead of failing on it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    // Used by the generated enums; a spec without enums leaves it unused.
    #[allow(dead_code)]
    pub(crate) fn new(value: String) -> Self {
        UnknownValue(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Strict parsing of an enum rejected a value the spec does not list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEnumValue {
    pub type_name: &'static str,
    pub value: String,
}

impl UnknownEnumValue {
    pub fn new(type_name: &'static str, value: &str) -> Self {
        UnknownEnumValue { type_name, value: value.to_string() }
    }
}

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a declared value of {}", self.value, self.type_name)
    }
}

impl std::error::Error for UnknownEnumValue {}

/// The text form of a path, query, header or cookie parameter value.
pub trait ParamValue {
    fn to_param(&self) -> String;
}

impl ParamValue for str {
    fn to_param(&self) -> String {
        self.to_string()
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {
        $(impl ParamValue for $ty {
            fn to_param(&self) -> String {
                self.to_string()
            }
        })*
    };
}

display_param!(String, bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

/// RFC 3986 unreserved characters stay; everything else is percent-encoded.
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path parameter value that cannot stand as one path segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidPathSegment {
    pub parameter: &'static str,
    pub value: String,
}

impl fmt::Display for InvalidPathSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "path parameter {}: {:?} cannot be sent as a path segment (empty, `.` and `..` would change the path)",
            self.parameter, self.value
        )
    }
}

impl std::error::Error for InvalidPathSegment {}

/// Encodes one path segment: `/`, `?`, `#` and `%` cannot escape it. An
/// empty value, `.` and `..` are refused: URL parsers resolve dot-segments
/// even when percent-encoded, so no encoding keeps them inside the segment.
pub fn encode_path_segment(parameter: &'static str, value: &str) -> Result<String, InvalidPathSegment> {
    match value {
        "" | "." | ".." => Err(InvalidPathSegment { parameter, value: value.to_string() }),
        _ => Ok(percent_encoding::utf8_percent_encode(value, COMPONENT).to_string()),
    }
}

fn encode_component(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, COMPONENT).to_string()
}

/// A query string built parameter by parameter in `form` style.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryString {
    encoded: String,
}

impl QueryString {
    fn push_encoded(&mut self, name: &str, encoded_value: &str) {
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        self.encoded.push_str(&encode_component(name));
        self.encoded.push('=');
        self.encoded.push_str(encoded_value);
    }

    /// `name=value`.
    pub fn push(&mut self, name: &str, value: &impl ParamValue) {
        self.push_encoded(name, &encode_component(&value.to_param()));
    }

    /// `name=a&name=b` when `explode`, else `name=a,b` (a comma inside a
    /// value is encoded, so it cannot be read as a separator).
    pub fn push_array<T: ParamValue>(&mut self, name: &str, values: &[T], explode: bool) {
        if explode {
            for value in values {
                self.push(name, value);
            }
        } else {
            let joined: Vec<String> = values.iter().map(|v| encode_component(&v.to_param())).collect();
            self.push_encoded(name, &joined.join(","));
        }
    }

    /// The encoded string, without the leading `?`.
    pub fn as_str(&self) -> &str {
        &self.encoded
    }

    pub fn is_empty(&self) -> bool {
        self.encoded.is_empty()
    }
}

#[cfg(feature = "client")]
pub use client::*;

#[cfg(feature = "client")]
mod client {
    use std::fmt;
    use std::sync::Arc;

    use super::{ParamValue, QueryString};

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
        Decode { response: Box<ReceivedResponse>, message: String },
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
            Error::InvalidRequest { message: message.to_string() }
        }
    }

    impl fmt::Display for Error {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                Error::InvalidRequest { message } => write!(f, "invalid request: {message}"),
                Error::Hook(err) => write!(f, "request hook failed: {err}"),
                Error::Transport(err) => write!(f, "transport error: {err}"),
                Error::UnexpectedStatus(response) => {
                    write!(f, "undeclared status {} ({} body bytes)", response.status, response.body.len())
                }
                Error::Decode { response, message } => {
                    write!(f, "the body of a {} response did not decode: {message}", response.status)
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
                return Err(Error::invalid(format!("base URL {base_url:?} cannot take a path")));
            }
            let base_url = base_url.trim_end_matches('/').to_string();
            Ok(ClientCore { base_url, http, hooks: Vec::new() })
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
            let url = reqwest::Url::parse(&url).map_err(|err| Error::invalid(format!("URL {url:?}: {err}")))?;
            let mut request = reqwest::Request::new(method, url);
            request
                .headers_mut()
                .insert(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static("application/json"));
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
            Ok(RawResponse { status, headers, body })
        }
    }

    /// Sets a header parameter; a value that cannot be a header is invalid input.
    pub fn set_header(request: &mut reqwest::Request, name: &'static str, value: &impl ParamValue) -> Result<(), Error> {
        let text = value.to_param();
        let value = reqwest::header::HeaderValue::from_str(&text)
            .map_err(|_| Error::invalid(format!("header {name}: {text:?} is not a valid header value")))?;
        let name = reqwest::header::HeaderName::from_static_checked(name)?;
        request.headers_mut().insert(name, value);
        Ok(())
    }

    trait HeaderNameExt: Sized {
        fn from_static_checked(name: &str) -> Result<Self, Error>;
    }

    impl HeaderNameExt for reqwest::header::HeaderName {
        fn from_static_checked(name: &str) -> Result<Self, Error> {
            reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::invalid(format!("{name:?} is not a valid header name")))
        }
    }

    /// Cookie parameters, sent in one `Cookie` header.
    #[derive(Default)]
    pub struct CookieString {
        pairs: Vec<String>,
    }

    impl CookieString {
        pub fn push(&mut self, name: &str, value: &impl ParamValue) {
            self.pairs.push(format!("{}={}", name, super::encode_component(&value.to_param())));
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

    fn set_body(request: &mut reqwest::Request, content_type: &str, bytes: Vec<u8>) -> Result<(), Error> {
        let value = reqwest::header::HeaderValue::from_str(content_type)
            .map_err(|_| Error::invalid(format!("content type {content_type:?}")))?;
        request.headers_mut().insert(reqwest::header::CONTENT_TYPE, value);
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

    pub fn set_text_body(request: &mut reqwest::Request, content_type: &str, body: &str) -> Result<(), Error> {
        set_body(request, content_type, body.as_bytes().to_vec())
    }

    pub fn set_bytes_body(request: &mut reqwest::Request, content_type: &str, body: &[u8]) -> Result<(), Error> {
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
            ApiResponse { status: self.status, headers: self.headers, value }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(encode_path_segment("p", "a/b").unwrap(), "a%2Fb");
        assert_eq!(encode_path_segment("p", "../x").unwrap(), "..%2Fx");
        assert_eq!(encode_path_segment("p", "a b?c#d%").unwrap(), "a%20b%3Fc%23d%25");
        for bad in ["", ".", ".."] {
            assert!(encode_path_segment("p", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn query_arrays_follow_explode() {
        let mut query = QueryString::default();
        query.push_array("ResourceIds", &["a", "b,c"], false);
        query.push_array("tag", &["x", "y"], true);
        assert_eq!(query.as_str(), "ResourceIds=a,b%2Cc&tag=x&tag=y");
    }

    #[test]
    fn checks_report_what_is_wrong() {
        assert!(check_length("T", "ab", Some(3), None).unwrap_err().message.contains("below the minimum of 3"));
        assert!(check_length("T", "工作空间", None, Some(4)).is_ok());
        assert!(check_unique("T", &[1, 2, 1]).is_err());
        assert!(check_range("T", 5.0, Some(5.0), None, true, false).is_err());
        assert!(check_multiple_of("T", 0.3, 0.1).is_ok());
        assert!(check_multiple_of("T", 0.35, 0.1).is_err());
    }
}
