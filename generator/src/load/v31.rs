//! OpenAPI 3.1 input: the document is rewritten in place into the 3.0 shape
//! that `openapiv3` reads, so the rest of the pipeline sees one model.
//!
//! Why a conversion rather than a second data model (`oas3`, `openapiv3_1`):
//! lowering is written against `openapiv3`, and a 3.1 document differs from
//! 3.0 mostly inside Schema Objects, where JSON Schema 2020-12 spells the
//! same facts differently (`type: [string, "null"]` for `nullable`, `const`
//! for a one-value `enum`, numeric `exclusiveMinimum`). Rewriting those
//! spellings keeps one lowering and one set of located errors. Keys keep
//! their place, so a JSON pointer into the converted document still names
//! the same spot in the user's file.
//!
//! What has no 3.0 spelling is said plainly: `webhooks` are not generated
//! (a note names them), tuples given by `prefixItems` become arrays of any
//! of their item schemas, and a type array of several non-null types
//! becomes an `anyOf` of one schema per type.

use serde_json::{Map, Value};

/// The schema keywords that stay on the outer schema when a `$ref` with
/// siblings is wrapped in `allOf`, or a multi-type schema is split.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "default",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
];

/// Rewrites a 3.1 document into 3.0.3 and returns notes on what it dropped.
pub fn downgrade(document: &mut Value) -> Vec<String> {
    let mut notes = Vec::new();
    let Some(root) = document.as_object_mut() else {
        return notes;
    };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    root.remove("jsonSchemaDialect");
    if let Some(Value::Object(webhooks)) = root.remove("webhooks") {
        let names: Vec<&str> = webhooks.keys().map(String::as_str).collect();
        if !names.is_empty() {
            notes.push(format!(
                "`#/webhooks` ({}): requests the API sends to its users, not operations it serves",
                names.join(", ")
            ));
        }
    }
    // 3.1 makes `paths` optional.
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(Value::Object(info)) = root.get_mut("info") {
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.remove("pathItems");
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            schemas.values_mut().for_each(schema);
        }
    }
    for (key, value) in root.iter_mut() {
        if key != "components" && !is_data(key) {
            schema_positions(value);
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        for (key, value) in components.iter_mut() {
            if key != "schemas" && !is_data(key) {
                schema_positions(value);
            }
        }
    }
    notes
}

/// Finds the schemas outside `components/schemas`: the `schema` of every
/// parameter, header and media type.
fn schema_positions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "schema" && (child.is_object() || child.is_boolean()) {
                    schema(child);
                } else if !is_data(key) {
                    schema_positions(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(schema_positions),
        _ => {}
    }
}

/// Keys whose values are user data, never OpenAPI objects.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default") || key.starts_with("x-")
}

/// Rewrites one Schema Object and every schema inside it.
fn schema(value: &mut Value) {
    // Boolean schemas: `true` accepts anything. `false` has no 3.0 spelling
    // outside `additionalProperties`; `not: {}` keeps it a located error.
    if let Value::Bool(accepts) = value {
        *value = if *accepts {
            Value::Object(Map::new())
        } else {
            serde_json::json!({ "not": {} })
        };
        return;
    }
    let Value::Object(map) = value else {
        return;
    };
    for key in ["properties", "patternProperties", "$defs", "definitions"] {
        if let Some(Value::Object(children)) = map.get_mut(key) {
            children.values_mut().for_each(schema);
        }
    }
    for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
        if let Some(Value::Array(children)) = map.get_mut(key) {
            children.iter_mut().for_each(schema);
        }
    }
    for key in ["items", "not", "contains", "propertyNames"] {
        if let Some(child) = map.get_mut(key) {
            schema(child);
        }
    }
    if let Some(child @ Value::Object(_)) = map.get_mut("additionalProperties") {
        schema(child);
    }
    rewrite_keywords(map);
}

fn rewrite_keywords(map: &mut Map<String, Value>) {
    if let Some(constant) = map.remove("const") {
        // `const` usually stands without `type`; 3.0 readers need one.
        let implied = match &constant {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            _ => None,
        };
        if let Some(implied) = implied {
            map.entry("type")
                .or_insert_with(|| Value::String(implied.into()));
        }
        map.insert("enum".into(), Value::Array(vec![constant]));
    }
    if let Some(Value::Array(mut examples)) = map.remove("examples") {
        if !examples.is_empty() && !map.contains_key("example") {
            map.insert("example".into(), examples.swap_remove(0));
        }
    }
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(bound @ Value::Number(_)) = map.get(exclusive).cloned() {
            map.insert(inclusive.into(), bound);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if map.get("contentEncoding").and_then(Value::as_str) == Some("base64") {
        map.entry("format")
            .or_insert_with(|| Value::String("byte".into()));
    }
    if map.contains_key("contentMediaType") && !map.contains_key("format") {
        map.insert("format".into(), Value::String("binary".into()));
    }
    for dropped in [
        "$schema",
        "$id",
        "$anchor",
        "$comment",
        "$defs",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "unevaluatedProperties",
        "unevaluatedItems",
        "dependentRequired",
        "dependentSchemas",
        "propertyNames",
        "contains",
        "minContains",
        "maxContains",
        "if",
        "then",
        "else",
    ] {
        map.remove(dropped);
    }
    prefix_items(map);
    type_array(map);
    ref_with_siblings(map);
}

/// A tuple has no 3.0 spelling: its items become any of its item schemas.
fn prefix_items(map: &mut Map<String, Value>) {
    let Some(Value::Array(mut parts)) = map.remove("prefixItems") else {
        return;
    };
    if map.contains_key("items") && map.get("items") != Some(&Value::Bool(false)) {
        return;
    }
    parts.dedup();
    let items = match parts.len() {
        0 => Value::Object(Map::new()),
        1 => parts.remove(0),
        _ => serde_json::json!({ "anyOf": parts }),
    };
    map.insert("items".into(), items);
    map.entry("type")
        .or_insert_with(|| Value::String("array".into()));
}

/// `type: [T, "null"]` is 3.0's `type: T, nullable: true`; several
/// non-null types become an `anyOf`, one schema per type.
fn type_array(map: &mut Map<String, Value>) {
    let types = match map.get("type") {
        Some(Value::Array(types)) => types.clone(),
        Some(Value::String(single)) if single == "null" => vec![Value::String("null".into())],
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let mut concrete: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
    concrete.dedup();
    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
    match concrete.len() {
        0 => {
            map.remove("type");
            // Only `null`: the one value is null.
            map.entry("enum")
                .or_insert_with(|| Value::Array(vec![Value::Null]));
        }
        1 => {
            map.insert("type".into(), concrete.remove(0));
        }
        _ => {
            map.remove("type");
            let shared: Map<String, Value> = map
                .iter()
                .filter(|(k, _)| !ANNOTATIONS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            map.retain(|k, _| ANNOTATIONS.contains(&k.as_str()));
            let alternatives = concrete
                .into_iter()
                .map(|t| {
                    let mut one = shared.clone();
                    one.insert("type".into(), t);
                    Value::Object(one)
                })
                .collect();
            map.insert("anyOf".into(), Value::Array(alternatives));
        }
    }
}

/// 3.1 lets a `$ref` carry sibling keywords. Documentation siblings are
/// dropped (the referenced schema documents itself); constraints are kept
/// by wrapping the reference in a one-part `allOf`.
fn ref_with_siblings(map: &mut Map<String, Value>) {
    if !map.contains_key("$ref") || map.len() == 1 {
        return;
    }
    map.retain(|k, _| !matches!(k.as_str(), "description" | "summary" | "title" | "example"));
    let nullable = map.remove("nullable");
    if map.len() == 1 && nullable.is_none() {
        return;
    }
    let reference = map.remove("$ref").expect("checked above");
    let mut wrapped = Map::new();
    wrapped.insert("$ref".into(), reference);
    let mut parts = vec![Value::Object(wrapped)];
    if let Some(Value::Array(existing)) = map.remove("allOf") {
        parts.extend(existing);
    }
    map.insert("allOf".into(), Value::Array(parts));
    if let Some(nullable) = nullable {
        map.insert("nullable".into(), nullable);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn converted(schema_value: Value) -> Value {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "summary": "s"},
            "components": {"schemas": {"S": schema_value}}
        });
        downgrade(&mut document);
        document["components"]["schemas"]["S"].take()
    }

    #[test]
    fn type_arrays_become_nullable_or_any_of() {
        assert_eq!(
            converted(json!({"type": ["string", "null"], "maxLength": 3})),
            json!({"type": "string", "nullable": true, "maxLength": 3})
        );
        assert_eq!(
            converted(json!({"type": ["integer", "string"], "description": "d"})),
            json!({"description": "d", "anyOf": [{"type": "integer"}, {"type": "string"}]})
        );
    }

    #[test]
    fn json_schema_spellings_become_openapi_3_0() {
        assert_eq!(
            converted(json!({"const": "a", "examples": ["a", "b"]})),
            json!({"type": "string", "enum": ["a"], "example": "a"})
        );
        assert_eq!(
            converted(json!({"type": "number", "exclusiveMinimum": 0})),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            converted(
                json!({"type": "object", "properties": {"p": {"$ref": "#/x", "description": "d"}}})
            ),
            json!({"type": "object", "properties": {"p": {"$ref": "#/x"}}})
        );
        assert_eq!(
            converted(json!({"$ref": "#/x", "type": ["object", "null"]})),
            json!({"type": "object", "allOf": [{"$ref": "#/x"}], "nullable": true})
        );
        assert_eq!(
            converted(
                json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}]})
            ),
            json!({"type": "array", "items": {"type": "string"}})
        );
    }

    #[test]
    fn webhooks_are_noted_and_the_version_is_rewritten() {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "webhooks": {"newPet": {}}
        });
        let notes = downgrade(&mut document);
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(document["paths"], json!({}));
        assert!(notes[0].contains("newPet"), "{notes:?}");
    }

    #[test]
    fn parameter_and_media_type_schemas_are_converted_but_examples_are_not() {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": ["integer", "null"]}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"const": 1},
                    "examples": {"one": {"value": {"const": "kept"}}}
                }}}}
            }}}
        });
        downgrade(&mut document);
        let get = &document["paths"]["/a"]["get"];
        assert_eq!(
            get["parameters"][0]["schema"],
            json!({"type": "integer", "nullable": true})
        );
        let media = &get["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"], json!({"type": "integer", "enum": [1]}));
        assert_eq!(media["examples"]["one"]["value"], json!({"const": "kept"}));
    }
}
