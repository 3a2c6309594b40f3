//! Lists and objects in the `simple` (path, header) and `form` (query,
//! cookie) styles: `a,b,c`; `name,Ann,age,3`, or `name=Ann,age=3` exploded.
//! A list item or property value containing a comma cannot be told from
//! two, as OpenAPI's styles have it.

use axum::http::request::Parts;
use serde_json::Value;

use super::request::{
    cookie_text, form_value, header_text, missing, parse_into, path_text, typed, FormKind,
};
use crate::params::FromParam;
use crate::validate::{Validate, Violation};

/// The properties of an object parameter: wire name and kind.
pub type ObjectFields<'a> = &'a [(&'a str, FormKind)];

fn split_list<T: FromParam>(
    text: &str,
    location: &str,
    out: &mut Vec<Violation>,
) -> Option<Vec<T>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    let before = out.len();
    let items: Vec<T> = text
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| parse_into(item, format!("{location}/{i}"), out))
        .collect();
    (out.len() == before).then_some(items)
}

/// A list path parameter: `1,2,3`.
pub fn path_array<T: FromParam>(
    params: &[(String, String)],
    key: &str,
    name: &str,
    out: &mut Vec<Violation>,
) -> Option<Vec<T>> {
    let text = path_text(params, key, name, out)?;
    split_list(text, &format!("path/{name}"), out)
}

/// A list header parameter: `1,2,3`.
pub fn header_array<T: FromParam>(
    parts: &Parts,
    name: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<Vec<T>> {
    let text = header_list_text(parts, name, required, out)?;
    split_list(&text, &format!("header/{name}"), out)
}

/// A header's comma-separated text, without the optional whitespace a
/// header list may carry after each comma.
fn header_list_text(
    parts: &Parts,
    name: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<String> {
    let text = header_text(parts, name, required, out)?;
    Some(text.split(',').map(str::trim).collect::<Vec<_>>().join(","))
}

/// A list cookie parameter: `name=1,2,3`.
pub fn cookie_array<T: FromParam>(
    parts: &Parts,
    name: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<Vec<T>> {
    let text = cookie_text(parts, name, required, out)?;
    split_list(&text, &format!("cookie/{name}"), out)
}

/// Reads `name,value` pairs (`name=value` when `explode`) into the object
/// the schema describes, each value by its property's kind.
fn object_from_text<T: serde::de::DeserializeOwned + Validate>(
    text: &str,
    fields: ObjectFields,
    explode: bool,
    location: &str,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let pieces: Vec<&str> = if text.is_empty() {
        Vec::new()
    } else {
        text.split(',').collect()
    };
    let mut pairs = Vec::new();
    if explode {
        for piece in pieces {
            match piece.split_once('=') {
                Some(pair) => pairs.push(pair),
                None => {
                    out.push(Violation::new(
                        location,
                        format!("{piece:?} is not a name=value pair"),
                    ));
                    return None;
                }
            }
        }
    } else {
        if pieces.len() % 2 == 1 {
            out.push(Violation::new(
                location,
                "is not a list of name,value pairs (an odd number of items)",
            ));
            return None;
        }
        pairs.extend(pieces.chunks(2).map(|pair| (pair[0], pair[1])));
    }
    object_from_pairs(pairs, fields, location, out)
}

fn object_from_pairs<'t, T: serde::de::DeserializeOwned + Validate>(
    pairs: impl IntoIterator<Item = (&'t str, &'t str)>,
    fields: ObjectFields,
    location: &str,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let mut object = serde_json::Map::new();
    for (name, text) in pairs {
        if object.contains_key(name) {
            out.push(Violation::new(
                format!("{location}/{name}"),
                "is given more than once",
            ));
            return None;
        }
        let kind = fields
            .iter()
            .find(|(field, _)| *field == name)
            .map_or(FormKind::Text, |(_, kind)| *kind);
        object.insert(name.to_string(), form_value(text, kind));
    }
    typed(Value::Object(object), location, out)
}

/// An object path parameter in `simple` style.
pub fn path_object<T: serde::de::DeserializeOwned + Validate>(
    params: &[(String, String)],
    key: &str,
    name: &str,
    fields: ObjectFields,
    explode: bool,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let text = path_text(params, key, name, out)?;
    object_from_text(text, fields, explode, &format!("path/{name}"), out)
}

/// An object header parameter in `simple` style.
pub fn header_object<T: serde::de::DeserializeOwned + Validate>(
    parts: &Parts,
    name: &str,
    fields: ObjectFields,
    explode: bool,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let text = header_list_text(parts, name, required, out)?;
    object_from_text(&text, fields, explode, &format!("header/{name}"), out)
}

/// An object cookie parameter in `form` style: `name=a,1,b,2`, or one
/// cookie per property when `explode`.
pub fn cookie_object<T: serde::de::DeserializeOwned + Validate>(
    parts: &Parts,
    name: &str,
    fields: ObjectFields,
    explode: bool,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let location = format!("cookie/{name}");
    if !explode {
        let text = cookie_text(parts, name, required, out)?;
        return object_from_text(&text, fields, false, &location, out);
    }
    let mut found = Vec::new();
    for (field, _) in fields {
        if let Some(text) = cookie_text(parts, field, false, out) {
            found.push((*field, text));
        }
    }
    if found.is_empty() {
        missing(location, required, out);
        return None;
    }
    object_from_pairs(
        found.iter().map(|(n, t)| (*n, t.as_str())),
        fields,
        &location,
        out,
    )
}

/// An object query parameter in `form` style: its properties as pairs of
/// their own when `explode` (`name=Ann&age=3`), else `name=name,Ann,age,3`.
pub fn query_object<T: serde::de::DeserializeOwned + Validate>(
    pairs: &[(String, String)],
    name: &str,
    fields: ObjectFields,
    explode: bool,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let location = format!("query/{name}");
    if !explode {
        let text: Option<String> = super::request::query_param(pairs, name, required, out);
        return object_from_text(&text?, fields, false, &location, out);
    }
    let found: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(key, _)| fields.iter().any(|(field, _)| field == key))
        .map(|(key, value)| (key.as_str(), value.as_str()))
        .collect();
    if found.is_empty() {
        missing(location, required, out);
        return None;
    }
    object_from_pairs(found, fields, &location, out)
}
