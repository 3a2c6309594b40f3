//! Fuzzing load -> lower -> emit: arbitrary text and structural mutations of
//! real specs must end in output or an error, never a panic, and never in
//! Rust that does not parse (`Error::Internal`). The RNG is deterministic, so
//! a CI failure reproduces; `FUZZ_CASES` bounds the run (default 400 each).

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::Value;

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400)
}

fn runner() -> TestRunner {
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

fn run_pipeline(text: &str) -> Result<(), TestCaseError> {
    run_files("fuzz.json", text, generator::load::InMemory::default())
}

/// Runs one root document whose references are read from `files`.
fn run_files(
    root: &str,
    text: &str,
    files: generator::load::InMemory,
) -> Result<(), TestCaseError> {
    let spec = generator::SpecSource::new(root, text).with_files(files);
    match generator::generate(&[spec], &generator::Options::default()) {
        Err(err @ generator::Error::Internal { .. }) => Err(TestCaseError::fail(format!(
            "emitted invalid Rust: {err}\n--- input:\n{text}"
        ))),
        _ => Ok(()),
    }
}

/// The fixture (3.0 and 3.1) and project specs, as parsed, before any
/// conversion: JSON values to mutate.
fn seeds() -> Vec<Value> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut seeds = Vec::new();
    for dir in [
        format!("{root}/tests/fixtures"),
        format!("{root}/tests/fixtures/v31"),
        format!("{root}/../specs"),
    ] {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        {
            let text = std::fs::read_to_string(&path).unwrap();
            seeds.push(generator::load::parse_document("seed.yaml", &text).unwrap());
        }
    }
    seeds
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete,
    Replace(Value),
    SetType(&'static str),
    SetRef(String),
    Rename(String),
    Duplicate,
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[a-zA-Z0-9_{}/#.~ -]{0,12}".prop_map(Value::from),
        Just(serde_json::json!({})),
        Just(serde_json::json!([])),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Delete),
        leaf().prop_map(Mutation::Replace),
        prop::sample::select(vec![
            "string", "object", "array", "integer", "number", "boolean", "null", "file"
        ])
        .prop_map(Mutation::SetType),
        prop::sample::select(vec![
            "#/components/schemas/Thing".to_string(),
            "#/components/schemas/Widget".to_string(),
            "#/components/schemas/Node".to_string(),
            "#/components/parameters/WorkspaceId".to_string(),
            "#/components/responses/PaiError".to_string(),
            "#/components/schemas/Nope".to_string(),
            "#/nope".to_string(),
            "other.yaml#/x".to_string(),
            "#".to_string(),
            // References across the multi-file fixture's files, some of them
            // resolving only from some of those files.
            "multifile/schemas/pet.yaml#/Pet".to_string(),
            "./owner.yaml".to_string(),
            "../schemas/pet.yaml#/Kind".to_string(),
            "../multifile.yaml#/components/schemas/Tag".to_string(),
            "../responses.yaml#/Problem".to_string(),
            "./pets.yaml".to_string(),
            "missing.yaml#/X".to_string(),
            "https://example.com/x.yaml".to_string(),
        ])
        .prop_map(Mutation::SetRef),
        "[a-zA-Z0-9_ {}/-]{0,8}".prop_map(Mutation::Rename),
        Just(Mutation::Duplicate),
    ]
}

/// Walks to a node chosen by `path` (each step picks a child modulo the
/// number of children) and applies the mutation there.
fn apply(value: &mut Value, path: &[usize], mutation: &Mutation) {
    let (step, rest) = match path.split_first() {
        Some(split) => split,
        None => return,
    };
    let children = match value {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if children == 0 {
        return;
    }
    let index = step % children;
    let descend = !rest.is_empty()
        && matches!(
            child(value, index),
            Some(Value::Object(_) | Value::Array(_))
        );
    if descend {
        if let Some(next) = child_mut(value, index) {
            apply(next, rest, mutation);
        }
        return;
    }
    match (value, mutation) {
        (Value::Object(map), Mutation::Delete) => {
            let key = map.keys().nth(index).cloned().unwrap();
            map.shift_remove(&key);
        }
        (Value::Array(items), Mutation::Delete) => {
            items.remove(index);
        }
        (Value::Object(map), Mutation::Rename(name)) => {
            let key = map.keys().nth(index).cloned().unwrap();
            if let Some(v) = map.shift_remove(&key) {
                map.insert(name.clone(), v);
            }
        }
        (Value::Object(map), Mutation::SetType(ty)) => {
            map.insert("type".to_string(), Value::from(*ty));
        }
        (Value::Object(map), Mutation::SetRef(target)) => {
            let key = map.keys().nth(index).cloned().unwrap();
            map.insert(key, serde_json::json!({ "$ref": target }));
        }
        (Value::Object(map), Mutation::Duplicate) => {
            let (key, v) = map
                .iter()
                .nth(index)
                .map(|(k, v)| (k.clone(), v.clone()))
                .unwrap();
            map.insert(format!("{key}_"), v);
        }
        (Value::Array(items), Mutation::Duplicate) => {
            let v = items[index].clone();
            items.push(v);
        }
        (parent, Mutation::Replace(new)) => {
            if let Some(slot) = child_mut(parent, index) {
                *slot = new.clone();
            }
        }
        _ => {}
    }
}

fn child(value: &Value, index: usize) -> Option<&Value> {
    match value {
        Value::Object(map) => map.values().nth(index),
        Value::Array(items) => items.get(index),
        _ => None,
    }
}

fn child_mut(value: &mut Value, index: usize) -> Option<&mut Value> {
    match value {
        Value::Object(map) => map.values_mut().nth(index),
        Value::Array(items) => items.get_mut(index),
        _ => None,
    }
}

#[test]
fn mutated_specs_never_panic() {
    let seeds = seeds();
    let strategy = (
        prop::sample::select(seeds),
        prop::collection::vec(
            (prop::collection::vec(any::<usize>(), 1..8), mutation()),
            1..6,
        ),
    );
    runner()
        .run(&strategy, |(mut doc, mutations)| {
            for (path, mutation) in &mutations {
                apply(&mut doc, path, mutation);
            }
            run_pipeline(&serde_json::to_string_pretty(&doc).unwrap())
        })
        .unwrap();
}

/// The multi-file fixture: each file by the path the loader resolves.
fn multifile_seed() -> Vec<(String, Value)> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(format!(
        "{root}/tests/fixtures/multifile"
    ))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.push(format!("{root}/tests/fixtures/multifile.yaml").into());
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap();
            (
                name,
                generator::load::parse_document("seed.yaml", &text).unwrap(),
            )
        })
        .collect()
}

#[test]
fn mutated_multi_file_specs_never_panic() {
    let seed = multifile_seed();
    let root = "tests/fixtures/multifile.yaml";
    // Unmutated, the files resolve: the mutations start from a good spec.
    let texts = |files: &[(String, Value)]| -> std::collections::BTreeMap<String, String> {
        files
            .iter()
            .map(|(name, value)| (name.clone(), serde_json::to_string_pretty(value).unwrap()))
            .collect()
    };
    let mut good = texts(&seed);
    let good_root = good.remove(root).unwrap();
    let spec =
        generator::SpecSource::new(root, good_root).with_files(generator::load::InMemory(good));
    generator::generate(&[spec], &generator::Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let strategy = prop::collection::vec(
        (
            any::<usize>(),
            prop::collection::vec(any::<usize>(), 1..8),
            mutation(),
        ),
        1..6,
    );
    runner()
        .run(&strategy, |mutations| {
            let mut files = seed.clone();
            for (file, path, mutation) in &mutations {
                let index = file % files.len();
                apply(&mut files[index].1, path, mutation);
            }
            let mut texts = texts(&files);
            let text = texts.remove(root).unwrap();
            run_files(root, &text, generator::load::InMemory(texts))
        })
        .unwrap();
}

#[test]
fn arbitrary_text_never_panics() {
    let strategy = prop_oneof![
        any::<String>(),
        "openapi: 3\\.0\\.[0-9]\n(info|paths|components): [\\[\\]{}a-z:, \n-]{0,60}",
        "\\{\"openapi\": \"3\\.0\\.0\", \"paths\": [\\[\\]{}\"a-z:, /]{0,60}",
    ];
    runner().run(&strategy, |text| run_pipeline(&text)).unwrap();
}
