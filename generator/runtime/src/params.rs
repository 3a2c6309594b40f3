//! Parameters as text: encoding for the client, parsing for the server.

use std::fmt;

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
pub fn encode_path_segment(
    parameter: &'static str,
    value: &str,
) -> Result<String, InvalidPathSegment> {
    match value {
        "" | "." | ".." => Err(InvalidPathSegment {
            parameter,
            value: value.to_string(),
        }),
        _ => Ok(percent_encoding::utf8_percent_encode(value, COMPONENT).to_string()),
    }
}

pub(crate) fn encode_component(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, COMPONENT).to_string()
}

/// A list in `simple` style (path, header) or non-exploded `form` style
/// (cookie): `a,b,c`.
pub fn simple_array<T: ParamValue>(values: &[T]) -> String {
    let texts: Vec<String> = values.iter().map(ParamValue::to_param).collect();
    texts.join(",")
}

/// A list as one path segment, each item encoded on its own so that the
/// commas between them stay separators. An empty list has no segment.
/// A scalar path parameter as one encoded segment.
pub fn path_param<T: ParamValue + ?Sized>(
    parameter: &'static str,
    value: &T,
) -> Result<String, InvalidPathSegment> {
    encode_path_segment(parameter, &value.to_param())
}

pub fn path_array<T: ParamValue>(
    parameter: &'static str,
    values: &[T],
) -> Result<String, InvalidPathSegment> {
    let items: Vec<String> = values
        .iter()
        .map(|v| encode_component(&v.to_param()))
        .collect();
    encode_path_segment(parameter, &items.join(","))?;
    Ok(items.join(","))
}

/// An object parameter's properties as `(name, text)` pairs, in declaration
/// order, absent ones left out. A property that is not one piece of text
/// is an error: the generator only lets scalar properties through.
pub fn object_pairs<T: serde::Serialize + ?Sized>(
    parameter: &str,
    value: &T,
) -> Result<Vec<(String, String)>, String> {
    let value =
        serde_json::to_value(value).map_err(|err| format!("parameter {parameter}: {err}"))?;
    let serde_json::Value::Object(fields) = value else {
        return Err(format!("parameter {parameter}: not an object"));
    };
    let mut pairs = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(text) => text,
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                return Err(format!(
                    "parameter {parameter}: property {name} is not a single value"
                ))
            }
            other => other.to_string(),
        };
        pairs.push((name, text));
    }
    Ok(pairs)
}

/// An object in `simple` style: `name,value,name,value`, or
/// `name=value,name=value` exploded; each piece passed through `encode`.
pub fn join_object(
    pairs: &[(String, String)],
    explode: bool,
    encode: fn(&str) -> String,
) -> String {
    let pieces: Vec<String> = pairs
        .iter()
        .map(|(name, value)| {
            let (name, value) = (encode(name), encode(value));
            if explode {
                format!("{name}={value}")
            } else {
                format!("{name},{value}")
            }
        })
        .collect();
    pieces.join(",")
}

/// An object header (or cookie) value in `simple` style.
pub fn simple_object<T: serde::Serialize + ?Sized>(
    parameter: &str,
    value: &T,
    explode: bool,
) -> Result<String, String> {
    Ok(join_object(
        &object_pairs(parameter, value)?,
        explode,
        str::to_string,
    ))
}

/// An object as one path segment in `simple` style, every name and value
/// encoded on its own.
pub fn path_object<T: serde::Serialize + ?Sized>(
    parameter: &'static str,
    value: &T,
    explode: bool,
) -> Result<String, String> {
    let joined = join_object(&object_pairs(parameter, value)?, explode, encode_component);
    encode_path_segment(parameter, &joined).map_err(|err| err.to_string())?;
    Ok(joined)
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

    /// An optional parameter: nothing when it is `None`.
    pub fn push_some(&mut self, name: &str, value: &Option<impl ParamValue>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    /// `name=a&name=b` when `explode`, else `name=a,b` (a comma inside a
    /// value is encoded, so it cannot be read as a separator).
    pub fn push_array<T: ParamValue>(&mut self, name: &str, values: &[T], explode: bool) {
        if explode {
            for value in values {
                self.push(name, value);
            }
        } else {
            let joined: Vec<String> = values
                .iter()
                .map(|v| encode_component(&v.to_param()))
                .collect();
            self.push_encoded(name, &joined.join(","));
        }
    }

    /// A non-exploded array in `spaceDelimited` (`' '`) or `pipeDelimited`
    /// (`'|'`) style: `name=a%20b`, `name=a%7Cb`.
    pub fn push_delimited<T: ParamValue>(&mut self, name: &str, values: &[T], separator: char) {
        let joined: Vec<String> = values
            .iter()
            .map(|v| encode_component(&v.to_param()))
            .collect();
        let separator = encode_component(&separator.to_string());
        self.push_encoded(name, &joined.join(&separator));
    }

    /// An object in `deepObject` style: `name[key]=value` per property, an
    /// array property repeating its key, a nested object one level deeper.
    pub fn push_deep_object<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), String> {
        let value =
            serde_json::to_value(value).map_err(|err| format!("query parameter {name}: {err}"))?;
        self.push_deep_value(name, &value);
        Ok(())
    }

    fn push_deep_value(&mut self, key: &str, value: &serde_json::Value) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Object(fields) => {
                for (field, value) in fields {
                    self.push_deep_value(&format!("{key}[{field}]"), value);
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    self.push_deep_value(key, item);
                }
            }
            serde_json::Value::String(text) => self.push_encoded(key, &encode_component(text)),
            other => self.push_encoded(key, &encode_component(&other.to_string())),
        }
    }

    /// An object in `form` style: each property its own pair when
    /// `explode` (`name=Ann&age=3`), else `name=name,Ann,age,3`.
    pub fn push_object<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Result<(), String> {
        let pairs = object_pairs(name, value)?;
        if explode {
            for (field, text) in &pairs {
                self.push_encoded(field, &encode_component(text));
            }
        } else {
            self.push_encoded(name, &join_object(&pairs, false, encode_component));
        }
        Ok(())
    }

    /// A parameter described by `content` (JSON): its JSON text.
    pub fn push_json<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), String> {
        let text =
            serde_json::to_string(value).map_err(|err| format!("query parameter {name}: {err}"))?;
        self.push_encoded(name, &encode_component(&text));
        Ok(())
    }

    /// The encoded string, without the leading `?`.
    pub fn as_str(&self) -> &str {
        &self.encoded
    }

    pub fn is_empty(&self) -> bool {
        self.encoded.is_empty()
    }
}

/// Parsing a parameter's text, strictly: the server's side of `ParamValue`.
pub trait FromParam: Sized {
    /// The value, or a message saying what is wrong with the text.
    fn from_param(text: &str) -> Result<Self, String>;
}

impl FromParam for String {
    fn from_param(text: &str) -> Result<Self, String> {
        Ok(text.to_string())
    }
}

impl FromParam for bool {
    fn from_param(text: &str) -> Result<Self, String> {
        match text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!("{text:?} is not a boolean (true or false)")),
        }
    }
}

macro_rules! parsed_param {
    ($($ty:ty => $what:literal),*) => {
        $(impl FromParam for $ty {
            fn from_param(text: &str) -> Result<Self, String> {
                text.parse().map_err(|_| format!("{text:?} is not {}", $what))
            }
        })*
    };
}

parsed_param!(
    i8 => "an 8-bit integer", i16 => "a 16-bit integer", i32 => "a 32-bit integer", i64 => "a 64-bit integer",
    u8 => "an unsigned 8-bit integer", u16 => "an unsigned 16-bit integer",
    u32 => "an unsigned 32-bit integer", u64 => "an unsigned 64-bit integer",
    f32 => "a number", f64 => "a number"
);

/// `application/x-www-form-urlencoded` text for a serializable object:
/// each top-level property a pair, arrays repeating the name, nested
/// objects as JSON text. The client's form bodies and the server's form
/// responses share it, so both sides write forms alike.
pub fn form_encode<T: serde::Serialize + ?Sized>(body: &T) -> Result<String, String> {
    let value = serde_json::to_value(body).map_err(|err| err.to_string())?;
    let serde_json::Value::Object(fields) = value else {
        return Err("a form body must be an object".to_string());
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
    Ok(form.as_str().to_string())
}
