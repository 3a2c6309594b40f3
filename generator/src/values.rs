//! JSON values against the model, at generation time: checking the spec's
//! examples against their schemas (a wrong example is a spec bug that would
//! make the mock lie), and building a conforming value where a response has
//! no example. The rules mirror the runtime's `Validate`.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::model::{Constraints, TextFormat, TypeDef, TypeKind, TypeRef};

/// How deep a built example goes into a recursive type.
const MAX_DEPTH: usize = 24;

/// How many type layers a checked value may go through (serde_json's own
/// recursion limit): a value deeper than that is refused, not waved through.
const MAX_CHECK_DEPTH: usize = 128;

/// Everything wrong with `value` as a `ty`, as `pointer: message` lines.
pub fn check(types: &BTreeMap<String, TypeDef>, ty: &TypeRef, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check_at(types, ty, value, "", &mut out, 0);
    out
}

/// As [`check`], but a string in the wrong format (`date-time`, `uuid`,
/// ...) is not a problem: specs often give such examples loosely, and a
/// mock falls back to a conforming value (it uses [`check`]).
pub fn check_shape(types: &BTreeMap<String, TypeDef>, ty: &TypeRef, value: &Value) -> Vec<String> {
    check(types, ty, value)
        .into_iter()
        .filter(|problem| !problem.contains(FORMAT_MISMATCH))
        .collect()
}

/// How a format problem is worded, so [`check_shape`] can leave it out.
const FORMAT_MISMATCH: &str = "is not in format";

fn push(out: &mut Vec<String>, at: &str, message: String) {
    let at = if at.is_empty() {
        "(the example itself)"
    } else {
        at
    };
    out.push(format!("{at}: {message}"));
}

fn check_at(
    types: &BTreeMap<String, TypeDef>,
    ty: &TypeRef,
    value: &Value,
    at: &str,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_CHECK_DEPTH {
        return push(
            out,
            at,
            format!("nested more than {MAX_CHECK_DEPTH} levels deep"),
        );
    }
    let ok = match ty {
        TypeRef::String => value.is_string(),
        TypeRef::Bool => value.is_boolean(),
        TypeRef::F32 | TypeRef::F64 => value.is_number(),
        t if t.is_integer() => integer_fits(t, value),
        TypeRef::Bytes | TypeRef::File | TypeRef::Json => true,
        TypeRef::Format(format) => match value {
            Value::String(text) => {
                if !spec_runtime::conforms(format.name(), text) {
                    push(
                        out,
                        at,
                        format!("{text:?} {FORMAT_MISMATCH} `{}`", format.name()),
                    );
                }
                true
            }
            _ => false,
        },
        TypeRef::Option(inner) => {
            if !value.is_null() {
                check_at(types, inner, value, at, out, depth + 1);
            }
            true
        }
        TypeRef::Vec(item) => match value {
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    check_at(types, item, v, &format!("{at}/{i}"), out, depth + 1);
                }
                true
            }
            _ => false,
        },
        TypeRef::Map(item) => match value {
            Value::Object(map) => {
                for (k, v) in map {
                    check_at(types, item, v, &format!("{at}/{k}"), out, depth + 1);
                }
                true
            }
            _ => false,
        },
        TypeRef::Named(name) => {
            check_named(types, name, value, at, out, depth);
            true
        }
        _ => true,
    };
    if !ok {
        push(out, at, format!("expected {}, found {value}", describe(ty)));
    }
}

fn integer_fits(ty: &TypeRef, value: &Value) -> bool {
    let (min, max): (i128, i128) = match ty {
        TypeRef::I8 => (i8::MIN.into(), i8::MAX.into()),
        TypeRef::I16 => (i16::MIN.into(), i16::MAX.into()),
        TypeRef::I32 => (i32::MIN.into(), i32::MAX.into()),
        TypeRef::U8 => (0, u8::MAX.into()),
        TypeRef::U16 => (0, u16::MAX.into()),
        TypeRef::U32 => (0, u32::MAX.into()),
        TypeRef::U64 => (0, u64::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    };
    let n = value
        .as_i64()
        .map(i128::from)
        .or_else(|| value.as_u64().map(i128::from));
    n.is_some_and(|n| (min..=max).contains(&n))
}

fn describe(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "a string",
        TypeRef::Bool => "a boolean",
        TypeRef::Vec(_) => "an array",
        TypeRef::Map(_) => "an object",
        t if t.is_integer() => "an integer in range",
        _ => "a number",
    }
}

fn check_named(
    types: &BTreeMap<String, TypeDef>,
    name: &str,
    value: &Value,
    at: &str,
    out: &mut Vec<String>,
    depth: usize,
) {
    let Some(def) = types.get(name) else { return };
    match &def.kind {
        TypeKind::Struct(s) => {
            let Value::Object(map) = value else {
                return push(out, at, format!("expected an object, found {value}"));
            };
            for field in &s.fields {
                let field_at = format!("{at}/{}", field.wire_name);
                match map.get(&field.wire_name) {
                    None if field.required => push(out, &field_at, "is required".to_string()),
                    None => {}
                    Some(Value::Null) if field.nullable => {}
                    Some(v) => check_at(types, &field.ty, v, &field_at, out, depth + 1),
                }
            }
            // Undeclared properties: of the `additionalProperties` schema
            // when there is one (without one, any are let through, as the
            // generated structs let them through).
            if let Some(additional) = &s.additional {
                let declared = |key: &String| s.fields.iter().any(|f| f.wire_name == *key);
                for (key, v) in map.iter().filter(|(key, _)| !declared(key)) {
                    check_at(types, additional, v, &format!("{at}/{key}"), out, depth + 1);
                }
            }
        }
        TypeKind::Enum(e) => match e.variant_of(value) {
            Some(_) => {}
            None => push(
                out,
                at,
                format!("{value} is not one of the declared values"),
            ),
        },
        TypeKind::Constrained(c) => {
            let before = out.len();
            check_at(types, &c.inner, value, at, out, depth + 1);
            if out.len() == before {
                if let Some(message) = constraint_violation(&c.constraints, value) {
                    push(out, at, message);
                }
            }
        }
        TypeKind::Alias(inner) => check_at(types, inner, value, at, out, depth + 1),
        TypeKind::Union(u) => {
            let matches = |ty: &TypeRef| {
                let mut found = Vec::new();
                check_at(types, ty, value, at, &mut found, depth + 1);
                found.is_empty()
            };
            let ok = match &u.discriminator {
                Some(property) => {
                    let tag = value.get(property).and_then(Value::as_str);
                    u.variants.iter().any(|v| {
                        tag.is_some_and(|t| v.tags.iter().any(|x| x == t)) && matches(&v.ty)
                    })
                }
                None => u.variants.iter().any(|v| matches(&v.ty)),
            };
            if !ok {
                push(out, at, "matches none of the alternatives".to_string());
            }
        }
    }
}

fn constraint_violation(c: &Constraints, value: &Value) -> Option<String> {
    spec_runtime::check_value(c, value).err().map(|e| e.message)
}

/// A value of `ty` for the mock: the examples the spec gives where it gives
/// them, else the smallest value that meets the constraints it can meet.
pub fn example(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> Value {
    example_at(types, ty, 0)
}

fn example_at(types: &BTreeMap<String, TypeDef>, ty: &TypeRef, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match ty {
        TypeRef::String => json!("string"),
        TypeRef::Bool => json!(false),
        TypeRef::F32 | TypeRef::F64 => json!(0.0),
        t if t.is_integer() => json!(0),
        TypeRef::Bytes => json!("AA=="),
        TypeRef::File => json!([0]),
        TypeRef::Format(TextFormat::DateTime) => json!("1970-01-01T00:00:00Z"),
        TypeRef::Format(TextFormat::Date) => json!("1970-01-01"),
        TypeRef::Format(TextFormat::Uuid) => json!("00000000-0000-0000-0000-000000000000"),
        TypeRef::Format(TextFormat::Byte) => json!("AA=="),
        TypeRef::Json => json!({}),
        TypeRef::Option(_) => Value::Null,
        // Nested arrays stay empty, which keeps recursive examples finite.
        TypeRef::Vec(_) if depth > 0 => json!([]),
        TypeRef::Vec(item) => json!([example_at(types, item, depth + 1)]),
        TypeRef::Map(_) => json!({}),
        TypeRef::Named(name) => named_example(types, name, depth),
        _ => Value::Null,
    }
}

fn named_example(types: &BTreeMap<String, TypeDef>, name: &str, depth: usize) -> Value {
    let Some(def) = types.get(name) else {
        return Value::Null;
    };
    if let Some(example) = &def.docs.example {
        if check(types, &TypeRef::Named(name.to_string()), example).is_empty() {
            return example.clone();
        }
    }
    match &def.kind {
        TypeKind::Struct(s) => {
            let mut map = Map::new();
            for field in &s.fields {
                let value = match &field.docs.example {
                    Some(example) if check(types, &field.ty, example).is_empty() => {
                        Some(example.clone())
                    }
                    _ if field.required => Some(example_at(types, &field.ty, depth + 1)),
                    _ => None,
                };
                if let Some(value) = value {
                    map.insert(field.wire_name.clone(), value);
                }
            }
            Value::Object(map)
        }
        TypeKind::Enum(e) => e
            .variants
            .first()
            .map(|v| match e.integer {
                true => v
                    .wire_value
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or(Value::Null),
                false => json!(v.wire_value),
            })
            .unwrap_or(Value::Null),
        TypeKind::Constrained(c) => constrained_example(types, &c.inner, &c.constraints, depth),
        TypeKind::Alias(inner) => example_at(types, inner, depth + 1),
        TypeKind::Union(u) => match u.variants.first() {
            Some(v) => {
                let mut value = example_at(types, &v.ty, depth + 1);
                if let (Some(property), Some(tag), Value::Object(map)) =
                    (&u.discriminator, v.tags.first(), &mut value)
                {
                    map.insert(property.clone(), json!(tag));
                }
                value
            }
            None => Value::Null,
        },
    }
}

fn constrained_example(
    types: &BTreeMap<String, TypeDef>,
    inner: &TypeRef,
    c: &Constraints,
    depth: usize,
) -> Value {
    match inner {
        TypeRef::String => {
            let len = c.min_length.unwrap_or(1).max(1);
            json!("a".repeat(len))
        }
        TypeRef::Vec(item) => {
            let count = c.min_items.unwrap_or(0).max(1);
            let first = example_at(types, item, depth + 1);
            json!(vec![first; if c.unique_items { 1 } else { count }])
        }
        t if t.is_number() => {
            let low = c
                .minimum
                .map(|m| if c.exclusive_minimum { m + 1.0 } else { m })
                .unwrap_or(0.0);
            let low = c.maximum.map_or(low, |m| low.min(m));
            if t.is_integer() {
                json!(low.ceil() as i64)
            } else {
                json!(low)
            }
        }
        other => example_at(types, other, depth + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;
    use crate::model::{ConstrainedDef, Docs, EnumDef, EnumVariant};

    fn def(name: &str, kind: TypeKind) -> (String, TypeDef) {
        let at = Location {
            file: "t".into(),
            pointer: "#".into(),
            line_col: None,
        };
        (
            name.to_string(),
            TypeDef {
                name: name.into(),
                docs: Docs::default(),
                deprecated: false,
                kind,
                at,
            },
        )
    }

    #[test]
    fn checks_and_builds_conforming_values() {
        let types: BTreeMap<_, _> = [
            def(
                "Color",
                TypeKind::Enum(EnumDef {
                    variants: vec![EnumVariant {
                        rust_name: "Red".into(),
                        wire_value: "red".into(),
                    }],
                    integer: false,
                }),
            ),
            def(
                "Name",
                TypeKind::Constrained(ConstrainedDef {
                    inner: TypeRef::String,
                    constraints: Constraints {
                        min_length: Some(3),
                        pattern: Some("^a+$".into()),
                        ..Default::default()
                    },
                }),
            ),
        ]
        .into_iter()
        .collect();
        let color = TypeRef::Named("Color".into());
        let name = TypeRef::Named("Name".into());
        assert!(check(&types, &color, &json!("red")).is_empty());
        assert_eq!(
            check(&types, &color, &json!("blue")),
            ["(the example itself): \"blue\" is not one of the declared values"]
        );
        assert_eq!(check(&types, &name, &json!("aa")).len(), 1);
        assert!(check(&types, &TypeRef::U8, &json!(256)).len() == 1);
        assert!(check(&types, &name, &example(&types, &name)).is_empty());
        assert!(check(&types, &color, &example(&types, &color)).is_empty());
    }
}
