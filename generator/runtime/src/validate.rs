//! Validation of JSON values against the spec, before they become typed
//! values: every violation is collected with its location, not just the
//! first, so a rejected request can say everything that is wrong with it.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// Where [`Validate::validate`] collects what it finds.
pub type Violations = Vec<Violation>;

/// One thing wrong with a request: where, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// `body/Resources/0/Name` (a JSON pointer under `body`), or
    /// `query/ResourceIds`, `path/WorkspaceId`, `header/X-Auth-Token`.
    pub location: String,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl Violation {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Violation {
            location: location.into(),
            message: message.into(),
        }
    }
}

/// The location of a child: `at` joined with a pointer token.
pub fn child(at: &str, token: &str) -> String {
    let mut path = String::with_capacity(at.len() + 1 + token.len());
    path.push_str(at);
    path.push('/');
    // Most tokens need no escaping: push them without two `replace` copies.
    if token.contains(['~', '/']) {
        path.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        path.push_str(token);
    }
    path
}

/// The validator of one alternative of a union.
pub type ValidateFn = fn(&Value, &str, &mut Vec<Violation>);

/// A type that can check a JSON value against the schema it stands for.
pub trait Validate {
    /// Adds a violation to `out` for everything wrong with `value`.
    fn validate(value: &Value, at: &str, out: &mut Vec<Violation>);
}

fn expected(value: &Value, what: &str, at: &str, out: &mut Vec<Violation>) {
    let found = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    out.push(Violation::new(
        at,
        format!("expected {what}, found {found}"),
    ));
}

impl Validate for String {
    fn validate(value: &Value, at: &str, out: &mut Vec<Violation>) {
        if !value.is_string() {
            expected(value, "a string", at, out);
        }
    }
}

impl Validate for bool {
    fn validate(value: &Value, at: &str, out: &mut Vec<Violation>) {
        if !value.is_boolean() {
            expected(value, "a boolean", at, out);
        }
    }
}

macro_rules! validate_integer {
    ($($ty:ty),*) => {
        $(impl Validate for $ty {
            fn validate(value: &Value, at: &str, out: &mut Vec<Violation>) {
                let fits = value.as_i64().map(|n| <$ty>::try_from(n).is_ok())
                    .or_else(|| value.as_u64().map(|n| <$ty>::try_from(n).is_ok()));
                match fits {
                    Some(true) => {}
                    Some(false) => out.push(Violation::new(at, format!(
                        "{value} is out of range for {}", stringify!($ty)))),
                    None => expected(value, "an integer", at, out),
                }
            }
        })*
    };
}

validate_integer!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Validate for f64 {
    fn validate(value: &Value, at: &str, out: &mut Vec<Violation>) {
        if !value.is_number() {
            expected(value, "a number", at, out);
        }
    }
}

impl Validate for f32 {
    fn validate(value: &Value, at: &str, out: &mut Vec<Violation>) {
        f64::validate(value, at, out)
    }
}

impl Validate for Value {
    fn validate(_: &Value, _: &str, _: &mut Vec<Violation>) {}
}

impl<T: Validate> Validate for Option<T> {
    fn validate(value: &Value, at: &str, out: &mut Vec<Violation>) {
        if !value.is_null() {
            T::validate(value, at, out);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(value: &Value, at: &str, out: &mut Vec<Violation>) {
        T::validate(value, at, out);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(value: &Value, at: &str, out: &mut Vec<Violation>) {
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    T::validate(item, &child(at, &index.to_string()), out);
                }
            }
            other => expected(other, "an array", at, out),
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(value: &Value, at: &str, out: &mut Vec<Violation>) {
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    T::validate(item, &child(at, key), out);
                }
            }
            other => expected(other, "an object", at, out),
        }
    }
}

/// For generated structs: the value must be an object with every required
/// property; returns the object so the caller can check each property.
pub fn object<'v>(
    value: &'v Value,
    at: &str,
    required: &[&str],
    out: &mut Vec<Violation>,
) -> Option<&'v serde_json::Map<String, Value>> {
    let Value::Object(map) = value else {
        expected(value, "an object", at, out);
        return None;
    };
    for name in required {
        if !map.contains_key(*name) {
            out.push(Violation::new(child(at, name), "is required"));
        }
    }
    Some(map)
}

/// For generated structs: checks one property if present. A `null` is
/// accepted only where the property is nullable.
pub fn property<T: Validate>(
    map: &serde_json::Map<String, Value>,
    name: &str,
    nullable: bool,
    at: &str,
    out: &mut Vec<Violation>,
) {
    match map.get(name) {
        None => {}
        Some(Value::Null) if nullable => {}
        Some(value) => T::validate(value, &child(at, name), out),
    }
}

/// For generated enums: a string that is one of the declared values.
pub fn enum_value(value: &Value, values: &[&str], at: &str, out: &mut Vec<Violation>) {
    match value.as_str() {
        Some(s) if values.contains(&s) => {}
        Some(s) => out.push(Violation::new(
            at,
            format!("{s:?} is not one of {values:?}"),
        )),
        None => expected(value, "a string", at, out),
    }
}

/// An integer enumeration: the value is an integer among `values` (their
/// decimal forms).
pub fn integer_enum_value(value: &Value, values: &[&str], at: &str, out: &mut Vec<Violation>) {
    match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            let text = n.to_string();
            if !values.contains(&text.as_str()) {
                out.push(Violation::new(
                    at,
                    format!("{text} is not one of {values:?}"),
                ));
            }
        }
        _ => expected(value, "an integer", at, out),
    }
}

/// For generated newtypes: the inner shape first, then the constraints.
pub fn constrained<T: Validate + serde::de::DeserializeOwned>(
    value: &Value,
    at: &str,
    out: &mut Vec<Violation>,
    check: impl FnOnce(&T) -> Result<(), super::ConstraintError>,
) {
    let before = out.len();
    T::validate(value, at, out);
    if out.len() > before {
        return;
    }
    match serde_json::from_value::<T>(value.clone()) {
        Ok(inner) => {
            if let Err(err) = check(&inner) {
                out.push(Violation::new(at, err.message));
            }
        }
        Err(err) => out.push(Violation::new(at, err.to_string())),
    }
}

/// For untagged unions: valid when one alternative accepts the value.
pub fn any_of(value: &Value, at: &str, out: &mut Vec<Violation>, alternatives: &[ValidateFn]) {
    let mut first = None;
    for alternative in alternatives {
        let mut found = Vec::new();
        alternative(value, at, &mut found);
        if found.is_empty() {
            return;
        }
        first.get_or_insert(found);
    }
    let detail = first
        .and_then(|f| f.into_iter().next())
        .map(|v| format!(" (first alternative: {v})"))
        .unwrap_or_default();
    out.push(Violation::new(
        at,
        format!(
            "matches none of the {} alternatives{detail}",
            alternatives.len()
        ),
    ));
}

/// For unions with a discriminator: the tag names the alternative.
pub fn tagged(
    value: &Value,
    at: &str,
    out: &mut Vec<Violation>,
    property: &str,
    alternatives: &[(&[&str], ValidateFn)],
) {
    let Some(tag) = value.get(property) else {
        if value.is_object() {
            out.push(Violation::new(
                child(at, property),
                "is required (it says which alternative this is)",
            ));
        } else {
            expected(value, "an object", at, out);
        }
        return;
    };
    let Some(tag) = tag.as_str() else {
        return expected(tag, "a string", &child(at, property), out);
    };
    match alternatives.iter().find(|(tags, _)| tags.contains(&tag)) {
        Some((_, validate)) => validate(value, at, out),
        None => {
            let known: Vec<&str> = alternatives
                .iter()
                .flat_map(|(tags, _)| tags.iter().copied())
                .collect();
            out.push(Violation::new(
                child(at, property),
                format!("{tag:?} is not one of {known:?}"),
            ));
        }
    }
}
