//! One request's inputs as a generated reader takes them: every parameter
//! and the body are read through [`Input`], which collects each violation,
//! so a reader is a list of reads and one [`Input::finish`].

use std::future::Future;
use std::task::{Context, Poll, Waker};

use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::request::{self, FormKind};
use super::styles::{self, ObjectFields};
use super::Rejection;
use crate::params::FromParam;
use crate::validate::{Validate, Violation};

/// The path values (keyed as the router keys them), the request's parts and
/// its body bytes, with the violations found so far.
pub struct Input<'a> {
    path: &'a [(String, String)],
    parts: &'a Parts,
    bytes: &'a [u8],
    /// The query's pairs, decoded on the first query read.
    query: Option<Vec<(String, String)>>,
    violations: Vec<Violation>,
}

impl<'a> Input<'a> {
    pub fn new(path: &'a [(String, String)], parts: &'a Parts, bytes: &'a [u8]) -> Self {
        Input {
            path,
            parts,
            bytes,
            query: None,
            violations: Vec::new(),
        }
    }

    /// Every violation found, as one 400; `Ok` when there were none.
    pub fn finish(self) -> Result<(), Rejection> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(Rejection::invalid(self.violations))
        }
    }

    fn query_pairs(&mut self) -> (&[(String, String)], &mut Vec<Violation>) {
        let pairs = self
            .query
            .get_or_insert_with(|| request::query_pairs(self.parts, &mut self.violations));
        (pairs, &mut self.violations)
    }

    pub fn path<T: FromParam>(&mut self, key: &str, name: &str) -> Option<T> {
        request::path_param(self.path, key, name, &mut self.violations)
    }

    pub fn path_array<T: FromParam>(&mut self, key: &str, name: &str) -> Option<Vec<T>> {
        styles::path_array(self.path, key, name, &mut self.violations)
    }

    pub fn path_object<T: DeserializeOwned + Validate>(
        &mut self,
        key: &str,
        name: &str,
        fields: ObjectFields,
        explode: bool,
    ) -> Option<T> {
        styles::path_object(self.path, key, name, fields, explode, &mut self.violations)
    }

    pub fn query<T: FromParam>(&mut self, name: &str, required: bool) -> Option<T> {
        let (pairs, out) = self.query_pairs();
        request::query_param(pairs, name, required, out)
    }

    /// A list: repeated when `explode`, else one value split at `separator`.
    pub fn query_array<T: FromParam>(
        &mut self,
        name: &str,
        explode: bool,
        separator: char,
        required: bool,
    ) -> Option<Vec<T>> {
        let (pairs, out) = self.query_pairs();
        request::query_array(pairs, name, explode, separator, required, out)
    }

    pub fn query_json<T: DeserializeOwned + Validate>(
        &mut self,
        name: &str,
        required: bool,
    ) -> Option<T> {
        let (pairs, out) = self.query_pairs();
        request::query_json(pairs, name, required, out)
    }

    pub fn query_deep_object<T: DeserializeOwned + Validate>(
        &mut self,
        name: &str,
        fields: &[(&str, FormKind, bool)],
        required: bool,
    ) -> Option<T> {
        let (pairs, out) = self.query_pairs();
        request::query_deep_object(pairs, name, fields, required, out)
    }

    pub fn query_object<T: DeserializeOwned + Validate>(
        &mut self,
        name: &str,
        fields: ObjectFields,
        explode: bool,
        required: bool,
    ) -> Option<T> {
        let (pairs, out) = self.query_pairs();
        styles::query_object(pairs, name, fields, explode, required, out)
    }

    pub fn header<T: FromParam>(&mut self, name: &str, required: bool) -> Option<T> {
        request::header_param(self.parts, name, required, &mut self.violations)
    }

    pub fn header_array<T: FromParam>(&mut self, name: &str, required: bool) -> Option<Vec<T>> {
        styles::header_array(self.parts, name, required, &mut self.violations)
    }

    pub fn header_json<T: DeserializeOwned + Validate>(
        &mut self,
        name: &str,
        required: bool,
    ) -> Option<T> {
        request::header_json(self.parts, name, required, &mut self.violations)
    }

    pub fn header_object<T: DeserializeOwned + Validate>(
        &mut self,
        name: &str,
        fields: ObjectFields,
        explode: bool,
        required: bool,
    ) -> Option<T> {
        let out = &mut self.violations;
        styles::header_object(self.parts, name, fields, explode, required, out)
    }

    pub fn cookie<T: FromParam>(&mut self, name: &str, required: bool) -> Option<T> {
        request::cookie_param(self.parts, name, required, &mut self.violations)
    }

    pub fn cookie_array<T: FromParam>(&mut self, name: &str, required: bool) -> Option<Vec<T>> {
        styles::cookie_array(self.parts, name, required, &mut self.violations)
    }

    pub fn cookie_object<T: DeserializeOwned + Validate>(
        &mut self,
        name: &str,
        fields: ObjectFields,
        explode: bool,
        required: bool,
    ) -> Option<T> {
        let out = &mut self.violations;
        styles::cookie_object(self.parts, name, fields, explode, required, out)
    }

    /// A list read as items, then checked as the newtype `T` over them
    /// (`minItems` and the like) at `location`.
    pub fn checked<T: TryFrom<V, Error = crate::ConstraintError>, V>(
        &mut self,
        location: &str,
        items: Option<V>,
    ) -> Option<T> {
        match T::try_from(items?) {
            Ok(value) => Some(value),
            Err(err) => {
                self.violations.push(Violation::new(location, err.message));
                None
            }
        }
    }

    /// A JSON body, checked against `T`'s schema and then decoded; 415 for
    /// another media type.
    pub fn json_body<T: DeserializeOwned + Validate>(
        &mut self,
        expected: &str,
        required: bool,
    ) -> Result<Option<T>, Rejection> {
        let out = &mut self.violations;
        let value = request::json_body(self.parts, self.bytes, expected, required, out)?;
        Ok(value.and_then(|value| request::typed(value, "body", out)))
    }

    /// A form body, its fields read by kind, then checked and decoded.
    pub fn form_body<T: DeserializeOwned + Validate>(
        &mut self,
        expected: &str,
        required: bool,
        fields: &[(&str, FormKind, bool)],
    ) -> Result<Option<T>, Rejection> {
        let out = &mut self.violations;
        let value = request::form_body(self.parts, self.bytes, expected, required, fields, out)?;
        Ok(value.and_then(|value| request::typed(value, "body", out)))
    }

    /// A `multipart/form-data` body, its parts read by kind, then checked
    /// and decoded.
    pub fn multipart_body<T: DeserializeOwned + Validate>(
        &mut self,
        expected: &str,
        required: bool,
        fields: &[(&str, FormKind, bool)],
    ) -> Result<Option<T>, Rejection> {
        let out = &mut self.violations;
        let parsed =
            request::multipart_body(self.parts, self.bytes, expected, required, fields, out);
        let value = match ready(parsed) {
            Some(value) => value?,
            None => {
                out.push(Violation::new("body", "is not complete multipart"));
                None
            }
        };
        Ok(value.and_then(|value| request::typed(value, "body", out)))
    }

    /// A `text/...` body.
    pub fn text_body(
        &mut self,
        expected: &str,
        required: bool,
    ) -> Result<Option<String>, Rejection> {
        request::text_body(
            self.parts,
            self.bytes,
            expected,
            required,
            &mut self.violations,
        )
    }

    /// A raw body of any media type.
    pub fn bytes_body(&mut self, required: bool) -> Option<Vec<u8>> {
        request::bytes_body(self.bytes, required, &mut self.violations)
    }
}

/// A future over bytes already in memory, run to its end: the multipart
/// parser is async, but its input never makes it wait, so one poll
/// finishes it. `None` if it would wait all the same.
fn ready<F: Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}

/// A value every successful read has: after [`Input::finish`] passed, a
/// required input is there, and a missing one is a 500, not a panic.
pub trait Required<T> {
    fn required(self) -> Result<T, Rejection>;
}

impl<T> Required<T> for Option<T> {
    fn required(self) -> Result<T, Rejection> {
        self.ok_or_else(Rejection::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(uri: &str, headers: &[(&str, &str)]) -> Parts {
        let mut builder = axum::http::Request::builder().uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).unwrap().into_parts().0
    }

    #[test]
    fn every_violation_is_collected_before_finish_answers() {
        let parts = parts("/?limit=x&limit=2", &[]);
        let path = [("p0".to_string(), "a/b".to_string())];
        let mut input = Input::new(&path, &parts, b"");
        let name: Option<String> = input.path("p0", "name");
        let limit: Option<u32> = input.query("limit", false);
        let token: Option<String> = input.header("x-token", true);
        assert_eq!((name, limit, token), (None, None, None));
        let rejection = input.finish().unwrap_err();
        let message = format!("{rejection:?}");
        for location in ["path/name", "query/limit", "header/x-token"] {
            assert!(
                message.contains(location),
                "{location} missing from {message}"
            );
        }
    }

    #[test]
    fn a_clean_request_finishes_and_its_values_are_there() {
        let parts = parts("/?limit=3", &[("content-type", "application/json")]);
        let path = [("p0".to_string(), "abc".to_string())];
        let mut input = Input::new(&path, &parts, br#"{"a":1}"#);
        let name: Option<String> = input.path("p0", "name");
        let limit: Option<u32> = input.query("limit", true);
        let body: Option<serde_json::Value> = input.json_body("application/json", true).unwrap();
        input.finish().unwrap();
        assert_eq!(name.required().unwrap(), "abc");
        assert_eq!(limit.required().unwrap(), 3);
        assert_eq!(body.required().unwrap()["a"], 1);
    }

    #[test]
    fn a_multipart_body_in_memory_is_read_without_a_runtime() {
        let body = b"--b\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n7\r\n--b--\r\n";
        let parts = parts("/", &[("content-type", "multipart/form-data; boundary=b")]);
        let mut input = Input::new(&[], &parts, body);
        let fields = [("n", FormKind::Integer, false)];
        let value: Option<serde_json::Value> = input
            .multipart_body("multipart/form-data", true, &fields)
            .unwrap();
        input.finish().unwrap();
        assert_eq!(value.required().unwrap()["n"], 7);
    }

    #[test]
    fn a_missing_value_after_finish_is_internal_not_a_panic() {
        let none: Option<u8> = None;
        assert_eq!(none.required().unwrap_err(), Rejection::internal());
    }
}
