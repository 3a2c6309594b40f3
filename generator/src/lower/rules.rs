//! `x-cross-field-rules`: rules OpenAPI 3.0 cannot express, written on an
//! operation for the server to enforce. Their shape is checked here, and
//! every field they name must exist, so a typo in a spec is an error with a
//! location rather than a rule that silently never fires.

use serde_json::Value;

use super::{Context, Pointer};
use crate::error::Result;
use crate::model::{
    BodyStep, CrossFieldRule, ParamLocation, Parameter, RuleCondition, RuleField, RuleKind,
    RuleTest, TypeKind, TypeRef,
};

pub const EXTENSION: &str = "x-cross-field-rules";

pub(crate) fn lower_rules(
    cx: &Context,
    extension: Option<&Value>,
    params: &[Parameter],
    body: Option<&TypeRef>,
    at: &Pointer,
) -> Result<Vec<CrossFieldRule>> {
    let Some(extension) = extension else {
        return Ok(Vec::new());
    };
    let at = at.join(EXTENSION);
    let rules = extension
        .as_array()
        .ok_or_else(|| cx.invalid(&at, "must be a list of rules"))?;
    rules
        .iter()
        .enumerate()
        .map(|(i, rule)| lower_rule(cx, rule, params, body, &at.join(i.to_string())))
        .collect()
}

fn text<'v>(cx: &Context, rule: &'v Value, key: &str, at: &Pointer) -> Result<&'v str> {
    rule.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| cx.invalid(&at.join(key), format!("`{key}` must be a string")))
}

fn lower_rule(
    cx: &Context,
    rule: &Value,
    params: &[Parameter],
    body: Option<&TypeRef>,
    at: &Pointer,
) -> Result<CrossFieldRule> {
    let id = text(cx, rule, "id", at)?.to_string();
    let message = text(cx, rule, "message", at)?.to_string();
    let kind = match text(cx, rule, "kind", at)? {
        "requireAny" => {
            let fields_at = at.join("fields");
            let fields = rule
                .get("fields")
                .and_then(Value::as_array)
                .filter(|f| f.len() >= 2)
                .ok_or_else(|| cx.invalid(&fields_at, "`fields` must list at least two fields"))?;
            let fields = fields
                .iter()
                .enumerate()
                .map(|(i, f)| field(cx, f.as_str(), params, body, &fields_at.join(i.to_string())))
                .collect::<Result<Vec<_>>>()?;
            RuleKind::RequireAny(fields)
        }
        "implies" => RuleKind::Implies {
            when: condition(cx, rule.get("when"), params, body, &at.join("when"))?,
            then: condition(cx, rule.get("then"), params, body, &at.join("then"))?,
        },
        other => {
            return Err(cx.invalid(
                &at.join("kind"),
                format!("unknown rule kind `{other}`; expected requireAny or implies"),
            ))
        }
    };
    Ok(CrossFieldRule { id, message, kind })
}

fn condition(
    cx: &Context,
    value: Option<&Value>,
    params: &[Parameter],
    body: Option<&TypeRef>,
    at: &Pointer,
) -> Result<RuleCondition> {
    let value = value.ok_or_else(|| cx.invalid(at, "missing condition"))?;
    let field = field(
        cx,
        value.get("field").and_then(Value::as_str),
        params,
        body,
        &at.join("field"),
    )?;
    let test = match (value.get("in"), value.get("present")) {
        (Some(Value::Array(values)), None) => RuleTest::In(
            values
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| cx.invalid(&at.join("in"), "values must be strings"))
                })
                .collect::<Result<_>>()?,
        ),
        (None, Some(Value::Bool(true))) => RuleTest::Present,
        _ => {
            return Err(cx.invalid(
                at,
                "a condition has either `in: [values]` or `present: true`",
            ))
        }
    };
    Ok(RuleCondition { field, test })
}

fn field(
    cx: &Context,
    field: Option<&str>,
    params: &[Parameter],
    body: Option<&TypeRef>,
    at: &Pointer,
) -> Result<RuleField> {
    let field =
        field.ok_or_else(|| cx.invalid(at, "a field must be a string like `query/Name`"))?;
    let (root, rest) = field.split_once('/').unwrap_or((field, ""));
    let location = match root {
        "path" => ParamLocation::Path,
        "query" => ParamLocation::Query,
        "header" => ParamLocation::Header,
        "cookie" => ParamLocation::Cookie,
        "body" => return body_field(cx, field, rest, body, at),
        _ => {
            return Err(cx.invalid(
                at,
                format!("`{field}` must start with path/, query/, header/, cookie/ or body/"),
            ))
        }
    };
    if params
        .iter()
        .any(|p| p.location == location && p.wire_name == rest)
    {
        Ok(RuleField::Param {
            location,
            name: rest.to_string(),
        })
    } else {
        Err(cx.invalid(at, format!("`{field}` names no declared parameter")))
    }
}

/// `rest` is the part of `field` after `body/`.
fn body_field(
    cx: &Context,
    field: &str,
    rest: &str,
    body: Option<&TypeRef>,
    at: &Pointer,
) -> Result<RuleField> {
    let Some(body) = body.filter(|_| !rest.is_empty()) else {
        return Err(cx.invalid(at, format!("`{field}` names no request body field")));
    };
    if let Some(segment) = missing_segment(cx, body, rest.split('/')) {
        return Err(cx.invalid(
            at,
            format!("`{field}` names no request body field: nothing at `{segment}`"),
        ));
    }
    let steps = rest
        .split('/')
        .map(|segment| match segment {
            "*" => BodyStep::EachItem,
            name => BodyStep::Property(name.to_string()),
        })
        .collect();
    Ok(RuleField::Body(steps))
}

/// The first segment of a body path (`Resources/*/Name`) that the body's
/// type has no place for, or `None` when the whole path resolves. `*`
/// stands for every item of an array.
fn missing_segment<'p>(
    cx: &Context,
    ty: &TypeRef,
    mut segments: impl Iterator<Item = &'p str>,
) -> Option<&'p str> {
    let mut ty = ty.clone();
    // Aliases and checked newtypes are seen through; a cycle cannot loop
    // forever, as each step consumes a segment or unwraps a named type.
    let mut unwraps = 0;
    let mut segment = segments.next();
    while let Some(current) = segment {
        ty = match ty {
            TypeRef::Json => return None,
            TypeRef::Option(inner) => *inner,
            TypeRef::Vec(item) if current == "*" => {
                segment = segments.next();
                *item
            }
            TypeRef::Map(value) => {
                segment = segments.next();
                *value
            }
            TypeRef::Named(name) if unwraps < 64 => {
                unwraps += 1;
                match cx.types.get(&name).map(|t| &t.kind) {
                    Some(TypeKind::Alias(inner)) => inner.clone(),
                    Some(TypeKind::Constrained(c)) => c.inner.clone(),
                    Some(TypeKind::Struct(s)) => {
                        match s.fields.iter().find(|f| f.wire_name == current) {
                            Some(field) => {
                                segment = segments.next();
                                field.ty.clone()
                            }
                            None if s.additional.is_some() => return None,
                            None => return Some(current),
                        }
                    }
                    // A union: any alternative may hold it.
                    Some(TypeKind::Union(_)) => return None,
                    _ => return Some(current),
                }
            }
            _ => return Some(current),
        };
    }
    None
}
