//! Building a request: header and cookie parameters, and bodies in each
//! media type.

use crate::params::{encode_component, ParamValue, QueryString};

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
