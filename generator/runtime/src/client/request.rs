//! Building a request: header and cookie parameters, and bodies in each
//! media type.

use crate::params::{encode_component, ParamValue};

use super::Error;

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
    let text =
        crate::params::form_encode(body).map_err(|err| Error::invalid(format!("body: {err}")))?;
    set_body(request, content_type, text.into_bytes())
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

/// A `multipart/form-data` body (RFC 7578), built in memory so that it can
/// be signed and sent again on a retry (a streamed form could be neither).
pub struct MultipartBody {
    boundary: String,
    bytes: Vec<u8>,
}

impl Default for MultipartBody {
    fn default() -> Self {
        MultipartBody {
            boundary: format!("spec-runtime-{}", uuid::Uuid::new_v4().simple()),
            bytes: Vec::new(),
        }
    }
}

impl MultipartBody {
    fn part(
        &mut self,
        name: &str,
        file_name: Option<&str>,
        content_type: Option<&str>,
        data: &[u8],
    ) {
        // Quotes and line breaks cannot end the header's quoted strings early.
        let quoted = |s: &str| {
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace(['\r', '\n'], " ")
        };
        let mut head = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{}\"",
            self.boundary,
            quoted(name)
        );
        if let Some(file_name) = file_name {
            head.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str("\r\n");
        self.bytes.extend_from_slice(head.as_bytes());
        self.bytes.extend_from_slice(data);
        self.bytes.extend_from_slice(b"\r\n");
    }

    /// A file part: the file's own name and media type, else the part's
    /// name and `default_type` (the spec's `encoding`).
    pub fn file(&mut self, name: &str, file: &crate::File, default_type: &str) {
        let file_name = file.name().unwrap_or(name);
        let content_type = file.content_type().unwrap_or(default_type);
        self.part(name, Some(file_name), Some(content_type), file.bytes());
    }

    /// A value part: strings, numbers and booleans as text, each array item
    /// as a part of its own, objects as JSON.
    pub fn value<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        let value = serde_json::to_value(value)
            .map_err(|err| Error::invalid(format!("body/{name}: {err}")))?;
        self.json_value(name, &value);
        Ok(())
    }

    fn json_value(&mut self, name: &str, value: &serde_json::Value) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::String(text) => self.part(name, None, None, text.as_bytes()),
            serde_json::Value::Array(items) => {
                for item in items {
                    self.json_value(name, item);
                }
            }
            serde_json::Value::Object(_) => self.part(
                name,
                None,
                Some("application/json"),
                value.to_string().as_bytes(),
            ),
            other => self.part(name, None, None, other.to_string().as_bytes()),
        }
    }

    /// Ends the body and sets it, with its boundary, on `request`.
    pub fn apply(mut self, request: &mut reqwest::Request) -> Result<(), Error> {
        self.bytes
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        let content_type = format!("multipart/form-data; boundary={}", self.boundary);
        set_body(request, &content_type, self.bytes)
    }
}
