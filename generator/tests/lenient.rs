//! Valid JSON Schema the generator reads leniently instead of refusing
//! the whole document.

use generator::model::{TypeKind, TypeRef};

fn lower(text: &str) -> generator::model::Api {
    generator::lower_spec(&generator::SpecSource::new(
        "lenient.yaml".to_string(),
        text.to_string(),
    ))
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_not_schema_is_any_json_value() {
    let api = lower(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        other:\n          not: {type: string}\n",
    );
    let TypeKind::Struct(a) = &api.types["A"].kind else {
        panic!("A is a struct")
    };
    assert_eq!(a.fields[0].ty, TypeRef::Json);
}
