//! Calling any operation from the command line (`cargo xtask call`): the
//! arguments become a request that the server side's own parsing reads
//! (so a parameter is written in the spec's own style, `ResourceIds=a,b`),
//! the generated client sends it, and the response prints as JSON.

use std::fmt;

use axum::http::request::Parts;
use serde_json::Value;

use crate::client::{ApiResponse, Error, Responses};
use crate::server::Rejection;
use crate::validate::Violation;

/// What the command line says of one call.
#[derive(Clone, Debug, Default)]
pub struct CallArgs {
    pub path: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    /// The request body, JSON or other text.
    pub body: Option<String>,
    pub endpoint: Endpoint,
}

/// Where the call goes.
#[derive(Clone, Debug, Default)]
pub enum Endpoint {
    /// The spec's first server with its variables at their defaults.
    #[default]
    Default,
    BaseUrl(String),
    /// The first server with its one variable (a region) set.
    Region(String),
}

impl Endpoint {
    /// The base URL for a spec whose first server is `template` with
    /// `variables` (name, default).
    pub fn url(&self, template: &str, variables: &[(&str, &str)]) -> Result<String, CallError> {
        match self {
            Endpoint::BaseUrl(url) => Ok(url.clone()),
            Endpoint::Default => {
                crate::client::server_url(template, variables).map_err(CallError::Client)
            }
            Endpoint::Region(region) => match variables {
                [(name, _)] => crate::client::server_url(template, &[(name, region)])
                    .map_err(CallError::Client),
                _ => Err(CallError::Usage(format!(
                    "--region needs a spec whose server has one variable; `{template}` has {}",
                    variables.len()
                ))),
            },
        }
    }
}

/// The request the server-side parsers read: query and headers in `parts`,
/// the body bytes, and the path values keyed as the router keys them.
pub struct ParsedArgs {
    pub parts: Parts,
    pub bytes: axum::body::Bytes,
    pub path: Vec<(String, String)>,
    given_path: Vec<(String, String)>,
}

impl CallArgs {
    /// The arguments as the request `operation` would receive. Path values
    /// are keyed as the router keys them: `p0`, `p1`, ... in the order of
    /// the template's parameters.
    pub fn to_request(&self, operation: &OperationHelp) -> Result<ParsedArgs, CallError> {
        let keys: Vec<(String, &str)> = operation
            .path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(wire, _)| wire))
            .enumerate()
            .map(|(index, wire)| (format!("p{index}"), wire))
            .collect();
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.query {
            query.append_pair(name, value);
        }
        let query = query.finish();
        let uri = if query.is_empty() {
            "/".to_string()
        } else {
            format!("/?{query}")
        };
        let mut builder = axum::http::Request::builder().uri(uri);
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let (Some(_), Some(media)) = (&self.body, operation.body) {
            builder = builder.header(axum::http::header::CONTENT_TYPE, media);
        }
        let (parts, ()) = builder
            .body(())
            .map_err(|err| CallError::Usage(format!("a header is not valid: {err}")))?
            .into_parts();
        for (name, _) in &self.path {
            if !keys.iter().any(|(_, wire)| wire == name) {
                let known: Vec<&str> = keys.iter().map(|(_, w)| *w).collect();
                return Err(CallError::Usage(format!(
                    "--path {name}: the operation's path parameters are {known:?}"
                )));
            }
        }
        let path = keys
            .iter()
            .filter_map(|(key, wire)| {
                self.path
                    .iter()
                    .find(|(n, _)| n == wire)
                    .map(|(_, v)| (key.clone(), v.clone()))
            })
            .collect();
        Ok(ParsedArgs {
            parts,
            bytes: axum::body::Bytes::from(self.body.clone().unwrap_or_default()),
            path,
            given_path: self.path.clone(),
        })
    }
}

impl ParsedArgs {
    /// The arguments as a server reads a request's inputs.
    pub fn input(&self) -> crate::server::Input<'_> {
        crate::server::Input::new(&self.path, &self.parts, &self.bytes)
    }

    /// Sets the value of route key `key` (a path parameter the client fills).
    pub fn fill_path(&mut self, key: &str, value: &str) {
        self.path.retain(|(k, _)| k != key);
        self.path.push((key.to_string(), value.to_string()));
    }

    /// A path parameter given by name, for those the client fills itself.
    pub fn given(&self, wire: &str) -> Option<String> {
        self.given_path
            .iter()
            .find(|(n, _)| n == wire)
            .map(|(_, v)| v.clone())
    }
}

/// What a call printed: the status, and the body as JSON.
#[derive(Debug)]
pub struct CallOutput {
    pub status: u16,
    pub body: Value,
    /// For an error response: its code, message and request id.
    pub error: Option<crate::client::ApiError>,
}

impl CallOutput {
    pub fn new<T: Responses>(response: ApiResponse<T>) -> Self {
        let body = response.body_json();
        let status = response.status.as_u16();
        let error = (!response.is_success()).then(|| {
            crate::client::ApiError::new(response.status, response.headers.clone(), body.clone())
        });
        CallOutput {
            status,
            body,
            error,
        }
    }
}

#[derive(Debug)]
pub enum CallError {
    /// Wrong arguments: exit status 2.
    Usage(String),
    /// Arguments that do not fit the spec, each violation located.
    Invalid(Vec<Violation>),
    /// The call failed: exit status 1.
    Client(Error),
}

impl CallError {
    pub fn invalid(violations: Vec<Violation>) -> Self {
        CallError::Invalid(violations)
    }
}

impl From<Error> for CallError {
    fn from(err: Error) -> Self {
        CallError::Client(err)
    }
}

impl From<Rejection> for CallError {
    fn from(rejection: Rejection) -> Self {
        if rejection.violations.is_empty() {
            CallError::Usage(rejection.message)
        } else {
            CallError::Invalid(rejection.violations)
        }
    }
}

impl From<crate::signing::MissingCredential> for CallError {
    fn from(err: crate::signing::MissingCredential) -> Self {
        CallError::Client(err.into())
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Usage(message) => f.write_str(message),
            CallError::Invalid(violations) => {
                let lines: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
                write!(
                    f,
                    "the arguments do not fit the spec:\n  {}",
                    lines.join("\n  ")
                )
            }
            CallError::Client(err) => write!(f, "{err}"),
        }
    }
}

/// One operation, for the usage text.
#[derive(Clone, Copy, Debug)]
pub struct OperationHelp {
    pub id: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    /// `(in, name, required)` of each parameter.
    pub params: &'static [(&'static str, &'static str, bool)],
    /// The body's media type, when the operation takes one.
    pub body: Option<&'static str>,
}

impl fmt::Display for OperationHelp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.id, self.method, self.path)?;
        for (location, name, required) in self.params {
            let flag = match *location {
                "path" => "--path",
                "query" => "--query",
                _ => "--header",
            };
            let optional = if *required { "" } else { " (optional)" };
            write!(f, "\n    {flag} {name}=VALUE{optional}")?;
        }
        if let Some(media) = self.body {
            write!(f, "\n    --body JSON|@FILE ({media})")?;
        }
        Ok(())
    }
}
