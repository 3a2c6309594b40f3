//! The generator's constraint checker against a reference JSON Schema
//! validator (the `jsonschema` crate, draft 4, which OpenAPI 3.0's schema
//! keywords follow). Random schemas over the keywords the generator
//! supports, random values near and far from them: both must agree on
//! every pair.
//!
//! The generator judges examples, defaults and mock values with
//! `values::check`, which calls the runtime's `check_value`; the generated
//! newtypes call the same per-keyword functions. So this also holds the
//! runtime's request checks to the reference.
//!
//! `REFERENCE_CASES` sets the number of cases (CI runs 10,000).

use generator::model::TypeRef;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};

/// A schema over the keywords compared here. Integer and number bounds
/// stay where f64 is exact, and no `format` is used: JSON Schema does not
/// check formats, while the generator types them.
#[derive(Clone, Debug)]
enum Schema {
    String {
        min_length: Option<u64>,
        max_length: Option<u64>,
        pattern: Option<&'static str>,
    },
    Enum(Vec<&'static str>),
    Integer {
        minimum: Option<i64>,
        maximum: Option<i64>,
        exclusive_minimum: bool,
        exclusive_maximum: bool,
        multiple_of: Option<u64>,
    },
    Number {
        minimum: Option<f64>,
        maximum: Option<f64>,
        multiple_of: Option<f64>,
    },
    Boolean,
    Array {
        items: Box<Schema>,
        min_items: Option<u64>,
        max_items: Option<u64>,
        unique_items: bool,
    },
    Object {
        /// (name, schema, required, nullable)
        properties: Vec<(&'static str, Schema, bool, bool)>,
        additional: Option<Box<Schema>>,
    },
}

const PATTERNS: &[&str] = &["^[a-c]+$", "b", "^a", "c$", "^(a|bé)*$", "^.{2}$"];
const WORDS: &[&str] = &["a", "b", "c", "ab", "bé", "abc", "", "cc", "éé"];
const NAMES: &[&str] = &["a", "b", "c"];

fn schema() -> impl Strategy<Value = Schema> {
    let bound = || proptest::option::of(0u64..5);
    let leaf = prop_oneof![
        (
            bound(),
            bound(),
            proptest::option::of(proptest::sample::select(PATTERNS))
        )
            .prop_map(|(min_length, max_length, pattern)| Schema::String {
                min_length,
                max_length,
                pattern,
            }),
        proptest::sample::subsequence(WORDS, 1..4).prop_map(Schema::Enum),
        (
            proptest::option::of(-5i64..5),
            proptest::option::of(-5i64..5),
            any::<bool>(),
            any::<bool>(),
            proptest::option::of(1u64..4),
        )
            .prop_map(
                |(minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of)| {
                    Schema::Integer {
                        minimum,
                        maximum,
                        exclusive_minimum: exclusive_minimum && minimum.is_some(),
                        exclusive_maximum: exclusive_maximum && maximum.is_some(),
                        multiple_of,
                    }
                }
            ),
        (
            proptest::option::of((-8i32..8).prop_map(|q| f64::from(q) / 4.0)),
            proptest::option::of((-8i32..8).prop_map(|q| f64::from(q) / 4.0)),
            proptest::option::of(proptest::sample::select(&[0.25, 0.5, 2.0][..])),
        )
            .prop_map(|(minimum, maximum, multiple_of)| Schema::Number {
                minimum,
                maximum,
                multiple_of,
            }),
        Just(Schema::Boolean),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                proptest::option::of(0u64..3),
                proptest::option::of(0u64..4),
                any::<bool>()
            )
                .prop_map(|(items, min_items, max_items, unique_items)| {
                    Schema::Array {
                        items: Box::new(items),
                        min_items,
                        max_items,
                        unique_items,
                    }
                }),
            (proptest::sample::subsequence(NAMES, 1..=3).prop_flat_map(move |names| {
                let each = names
                    .into_iter()
                    .map(|name| (Just(name), inner.clone(), any::<bool>(), any::<bool>()))
                    .collect::<Vec<_>>();
                (each, proptest::option::of(inner.clone()))
            }))
            .prop_map(|(properties, additional)| Schema::Object {
                properties,
                additional: additional.map(Box::new),
            }),
        ]
    })
}

/// The schema as OpenAPI 3.0 writes it.
fn openapi(schema: &Schema) -> Value {
    let mut out = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            out.insert(key.to_string(), value);
        }
    };
    match schema {
        Schema::String {
            min_length,
            max_length,
            pattern,
        } => {
            put("type", Some(json!("string")));
            put("minLength", min_length.map(|v| json!(v)));
            put("maxLength", max_length.map(|v| json!(v)));
            put("pattern", pattern.map(|v| json!(v)));
        }
        Schema::Enum(values) => {
            put("type", Some(json!("string")));
            put("enum", Some(json!(values)));
        }
        Schema::Integer {
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            multiple_of,
        } => {
            put("type", Some(json!("integer")));
            put("minimum", minimum.map(|v| json!(v)));
            put("maximum", maximum.map(|v| json!(v)));
            put("exclusiveMinimum", exclusive_minimum.then(|| json!(true)));
            put("exclusiveMaximum", exclusive_maximum.then(|| json!(true)));
            put("multipleOf", multiple_of.map(|v| json!(v)));
        }
        Schema::Number {
            minimum,
            maximum,
            multiple_of,
        } => {
            put("type", Some(json!("number")));
            put("minimum", minimum.map(|v| json!(v)));
            put("maximum", maximum.map(|v| json!(v)));
            put("multipleOf", multiple_of.map(|v| json!(v)));
        }
        Schema::Boolean => put("type", Some(json!("boolean"))),
        Schema::Array {
            items,
            min_items,
            max_items,
            unique_items,
        } => {
            put("type", Some(json!("array")));
            put("items", Some(openapi(items)));
            put("minItems", min_items.map(|v| json!(v)));
            put("maxItems", max_items.map(|v| json!(v)));
            put("uniqueItems", unique_items.then(|| json!(true)));
        }
        Schema::Object {
            properties,
            additional,
        } => {
            put("type", Some(json!("object")));
            let declared: Map<String, Value> = properties
                .iter()
                .map(|(name, schema, _, nullable)| {
                    let mut property = openapi(schema);
                    if *nullable {
                        property["nullable"] = json!(true);
                    }
                    (name.to_string(), property)
                })
                .collect();
            put("properties", Some(Value::Object(declared)));
            let required: Vec<&str> = properties.iter().filter(|p| p.2).map(|p| p.0).collect();
            put("required", (!required.is_empty()).then(|| json!(required)));
            put("additionalProperties", additional.as_deref().map(openapi));
        }
    }
    Value::Object(out)
}

/// The same schema in JSON Schema draft 4: `nullable` becomes "or null".
fn json_schema(schema: &Schema) -> Value {
    let mut out = openapi(schema);
    match schema {
        Schema::Array { items, .. } => out["items"] = json_schema(items),
        Schema::Object {
            properties,
            additional,
        } => {
            for (name, property, _, nullable) in properties {
                let converted = json_schema(property);
                out["properties"][*name] = if *nullable {
                    json!({"anyOf": [converted, {"type": "null"}]})
                } else {
                    converted
                };
            }
            if let Some(additional) = additional {
                out["additionalProperties"] = json_schema(additional);
            }
        }
        _ => {}
    }
    out
}

/// A value shaped by the schema, with a chance of any JSON at each level,
/// so that both sides of every keyword are reached.
fn value_for(schema: &Schema) -> BoxedStrategy<Value> {
    let shaped = match schema {
        Schema::String { .. } | Schema::Enum(_) => proptest::sample::select(WORDS)
            .prop_map(|w| json!(w))
            .boxed(),
        Schema::Integer { .. } => (-7i64..8).prop_map(|v| json!(v)).boxed(),
        Schema::Number { .. } => number().boxed(),
        Schema::Boolean => any::<bool>().prop_map(|b| json!(b)).boxed(),
        Schema::Array { items, .. } => proptest::collection::vec(value_for(items), 0..5)
            .prop_map(Value::Array)
            .boxed(),
        Schema::Object {
            properties,
            additional,
        } => {
            let each: Vec<_> = properties
                .iter()
                .map(|(name, schema, _, _)| {
                    let name = name.to_string();
                    proptest::option::weighted(
                        0.8,
                        prop_oneof![9 => value_for(schema), 1 => Just(Value::Null)],
                    )
                    .prop_map(move |v| v.map(|v| (name.clone(), v)))
                })
                .collect();
            let extra = match additional {
                Some(schema) => proptest::option::of(value_for(schema)).boxed(),
                None => proptest::option::of(any_json()).boxed(),
            };
            (each, extra)
                .prop_map(|(fields, extra)| {
                    let mut map: Map<String, Value> = fields.into_iter().flatten().collect();
                    if let Some(extra) = extra {
                        map.insert("zz".to_string(), extra);
                    }
                    Value::Object(map)
                })
                .boxed()
        }
    };
    prop_oneof![6 => shaped, 1 => any_json()].boxed()
}

/// Numbers exact in binary: integers, and odd quarters (never a float
/// with no fraction, which JSON Schema drafts disagree on as integers).
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-7i64..8).prop_map(|v| json!(v)),
        (-15i32..16).prop_map(|q| json!(f64::from(2 * q + 1) / 4.0)),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(|b| json!(b)),
        number(),
        proptest::sample::select(WORDS).prop_map(|w| json!(w)),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::btree_map(proptest::sample::select(NAMES), inner, 0..3).prop_map(
                |m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            ),
        ]
    })
}

fn lower(schema: &Value) -> generator::model::Api {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"S": schema}},
    });
    let text = serde_json::to_string(&spec).unwrap();
    generator::lower_spec(&generator::SpecSource::new("s.json", text))
        .unwrap_or_else(|e| panic!("{e}\n{spec:#}"))
}

/// Whether both validators agree on the pair; `Ok(valid)` when they do.
fn agree(schema: &Schema, value: &Value) -> Result<bool, TestCaseError> {
    let api = lower(&openapi(schema));
    let ty = match api.types.get("S") {
        Some(_) => TypeRef::Named("S".to_string()),
        None => panic!("no type S among {:?}", api.types.keys()),
    };
    let ours = generator::values::check(&api.types, &ty, value);
    let reference = jsonschema::draft4::new(&json_schema(schema))
        .unwrap_or_else(|e| panic!("{e}: {:#}", json_schema(schema)))
        .is_valid(value);
    prop_assert_eq!(
        ours.is_empty(),
        reference,
        "schema {:#}\nvalue {}\nours: {:?}",
        openapi(schema),
        value,
        ours
    );
    Ok(reference)
}

#[test]
fn the_checker_agrees_with_a_reference_json_schema_validator() {
    let cases = std::env::var("REFERENCE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let mut runner = TestRunner::new(Config {
        cases,
        // Deterministic: the same cases on every run.
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261202),
        failure_persistence: None,
        ..Config::default()
    });
    let pairs = schema().prop_flat_map(|s| {
        let value = value_for(&s);
        (Just(s), value)
    });
    // (valid, invalid) cases seen: a run that only saw one kind would
    // prove little.
    let seen = std::cell::Cell::new((0u32, 0u32));
    runner
        .run(&pairs, |(schema, value)| {
            let valid = agree(&schema, &value)?;
            let (yes, no) = seen.get();
            seen.set(if valid { (yes + 1, no) } else { (yes, no + 1) });
            Ok(())
        })
        .unwrap();
    let (valid, invalid) = seen.get();
    eprintln!("{valid} valid and {invalid} invalid values, and both validators agreed on each");
    assert!(
        valid >= cases / 10 && invalid >= cases / 10,
        "too one-sided to mean much: {valid} valid, {invalid} invalid"
    );
}

/// The edge cases the property test keeps away from, each pinned.
#[test]
fn edge_cases_agree_with_the_reference() {
    let check = |schema: Value, value: Value| {
        let api = lower(&schema);
        let ours = generator::values::check(&api.types, &TypeRef::Named("S".into()), &value);
        let reference = jsonschema::draft4::new(&schema).unwrap().is_valid(&value);
        assert_eq!(ours.is_empty(), reference, "{schema} {value}: {ours:?}");
        ours.is_empty()
    };
    // multipleOf with a large quotient: no tolerance may swallow a half.
    assert!(!check(
        json!({"type": "integer", "multipleOf": 2}),
        json!(3000000001u64)
    ));
    assert!(check(
        json!({"type": "integer", "multipleOf": 2}),
        json!(3000000002u64)
    ));
    assert!(check(
        json!({"type": "number", "multipleOf": 0.25}),
        json!(7.75)
    ));
    assert!(!check(
        json!({"type": "number", "multipleOf": 0.25}),
        json!(7.8)
    ));
    // Lengths count characters, not bytes.
    assert!(check(
        json!({"type": "string", "maxLength": 2}),
        json!("éé")
    ));
    // Nesting deeper than the checker goes is refused, not waved through.
    let mut deep = json!(1);
    for _ in 0..200 {
        deep = json!([deep]);
    }
    let nested = json!({"type": "array", "items": {"$ref": "#/components/schemas/S"}});
    let api = lower(&nested);
    let problems = generator::values::check(&api.types, &TypeRef::Named("S".into()), &deep);
    assert!(
        problems.iter().any(|p| p.contains("levels deep")),
        "{problems:?}"
    );
}
