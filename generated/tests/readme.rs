//! The README's consumer example is `examples/consumer.rs`, verbatim.

#[test]
fn readme_shows_the_compiled_example() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let example =
        std::fs::read_to_string(format!("{root}/generated/examples/consumer.rs")).unwrap();
    let block = format!("```rust\n{example}```");
    assert!(
        readme.contains(&block),
        "README.md must show generated/examples/consumer.rs verbatim in a ```rust block"
    );
}
