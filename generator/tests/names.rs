//! Names are clean: an annotated inline `allOf` takes the name of the
//! schema it stands for, with no numeric suffix where nothing collides.

use generator::model::TypeKind;

#[test]
fn an_annotated_all_of_keeps_its_name() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/names/all-of.yaml"
    ))
    .unwrap();
    let api = generator::lower_spec(&generator::SpecSource::new("all-of.yaml".to_string(), text))
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    assert_eq!(names, ["Thing", "Wrapper", "WrapperInner"]);
    let thing = &api.types["Thing"];
    assert!(
        matches!(thing.kind, TypeKind::Struct(_)),
        "{:?}",
        thing.kind
    );
    // The annotation part's description documents the type.
    assert_eq!(thing.docs.description.as_deref(), Some("A thing."));
    assert!(matches!(
        api.types["WrapperInner"].kind,
        TypeKind::Struct(_)
    ));
}
