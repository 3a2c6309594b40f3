//! OpenAPI 3.1 documents lower into the same model as 3.0 ones: a type
//! array with `"null"` is an optional field, `const` a one-value enum,
//! numeric `exclusiveMinimum` an exclusive bound, and webhooks are named
//! as not generated.

use generator::model::{TypeKind, TypeRef};

fn api() -> generator::model::Api {
    let path = "tests/fixtures/v31/pets.yaml";
    let text = std::fs::read_to_string(path).unwrap();
    generator::lower_spec(&generator::SpecSource::new(path.to_string(), text))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_nullable_type_array_is_an_optional_field() {
    let api = api();
    let TypeKind::Struct(pet) = &api.types["Pet"].kind else {
        panic!("Pet is a struct")
    };
    let field = |name: &str| pet.fields.iter().find(|f| f.wire_name == name).unwrap();
    let nickname = field("nickname");
    assert!(nickname.required && nickname.nullable && nickname.is_optional());
    assert_eq!(nickname.ty, TypeRef::String);
    let name = field("name");
    assert!(!name.is_optional());
    assert_eq!(name.docs.example, Some(serde_json::json!("Rex")));
    // `$ref` with a description sibling stays a reference to the type.
    assert_eq!(field("owner").ty, TypeRef::Named("Owner".into()));
    // A tuple of strings is an array of strings.
    assert_eq!(field("tags").ty, TypeRef::Vec(Box::new(TypeRef::String)));
    // `const` is a one-value enum.
    let TypeRef::Named(kind) = &field("kind").ty else {
        panic!("kind is named")
    };
    let TypeKind::Enum(kind) = &api.types[kind].kind else {
        panic!("kind is an enum")
    };
    assert_eq!(kind.variants.len(), 1);
    assert_eq!(kind.variants[0].wire_value, "dog");
}

#[test]
fn webhooks_are_listed_as_not_generated() {
    let api = api();
    assert_eq!(api.operations.len(), 1);
    assert!(
        api.not_generated[0].contains("petAdopted"),
        "{:?}",
        api.not_generated
    );
}

#[test]
fn the_generated_module_says_what_was_not_generated() {
    let path = "tests/fixtures/v31/pets.yaml";
    let spec = generator::SpecSource::new(path.to_string(), std::fs::read_to_string(path).unwrap());
    let files = generator::generate(&[spec], &generator::Options::default()).unwrap();
    let module = files.iter().find(|f| f.path == "src/pets/mod.rs").unwrap();
    assert!(module
        .contents
        .contains("Not generated: `#/webhooks` (petAdopted)"));
}
