//! Snapshot tests: the generator's output for each spec in `tests/fixtures/`
//! is kept in `tests/snapshot/src/`, a crate of the workspace, so the same
//! output is also compiled and linted. Update with
//! `UPDATE_SNAPSHOTS=1 cargo test -p generator --test snapshots`.

use std::path::{Path, PathBuf};

const UPDATE_HINT: &str =
    "run `UPDATE_SNAPSHOTS=1 cargo test -p generator --test snapshots` and review the diff";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture_specs() -> Vec<generator::SpecSource> {
    let mut paths: Vec<_> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            generator::SpecSource::new(
                format!(
                    "tests/fixtures/{}",
                    path.file_name().unwrap().to_string_lossy()
                ),
                std::fs::read_to_string(&path).unwrap(),
            )
            .with_files(generator::load::Disk {
                root: env!("CARGO_MANIFEST_DIR").into(),
            })
        })
        .collect()
}

#[test]
fn snapshot_crate_matches_generator_output() {
    let options = generator::Options {
        regenerate_with: "UPDATE_SNAPSHOTS=1 cargo test -p generator --test snapshots".to_string(),
    };
    let files = generator::generate(&fixture_specs(), &options).unwrap_or_else(|e| panic!("{e}"));
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshot");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for file in &files {
        let path = crate_dir.join(&file.path);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != file.contents {
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &file.contents).unwrap();
            } else {
                stale.push(file.path.clone());
            }
        }
    }
    // Generated files the generator no longer writes are stale too.
    let mut stack = vec![crate_dir.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(&crate_dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let generated =
                std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with("// @generated"));
            if generated && !files.iter().any(|f| f.path == rel) {
                if update {
                    std::fs::remove_file(&path).unwrap();
                } else {
                    stale.push(rel);
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots differ from the generator's output: {stale:?}; {UPDATE_HINT}"
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let specs = fixture_specs();
    let options = generator::Options::default();
    let first = generator::generate(&specs, &options).unwrap();
    let second = generator::generate(&specs, &options).unwrap();
    assert_eq!(first, second);
}

fn error_for(name: &str) -> String {
    let path = fixtures_dir().join("bad").join(name);
    let spec = generator::SpecSource::new(
        format!("bad/{name}"),
        std::fs::read_to_string(path).unwrap(),
    )
    .with_files(generator::load::Disk {
        root: fixtures_dir(),
    });
    match generator::generate(&[spec], &generator::Options::default()) {
        Ok(_) => panic!("{name}: expected an error"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn bad_specs_get_located_errors() {
    let cases = [
        (
            "bad-rule.yaml",
            "bad/bad-rule.yaml:12:29: #/paths/~1a/get/x-cross-field-rules/0/fields/1: `query/nope` names no declared parameter",
        ),
        (
            "wrong-example.yaml",
            "bad/wrong-example.yaml:18:15: #/paths/~1a/get/responses/200/content/application~1json/example: the example does not conform to its schema: /state: \"dimmed\" is not one of the declared values; /count: -1 is not at least 0",
        ),
        (
            "dangling-ref.yaml",
            "bad/dangling-ref.yaml:11:15: #/paths/~1a/get/responses/200/content/application~1json/schema: `#/components/schemas/Missing` points at nothing",
        ),
        (
            "undeclared-path-param.yaml",
            "bad/undeclared-path-param.yaml:5:5: #/paths/~1a~1{id}/get: path template parameter `id` is not declared as a path parameter",
        ),
        (
            "duplicate-operation-id.yaml",
            "bad/duplicate-operation-id.yaml:11:7: #/paths/~1b/get/operationId: duplicate operationId `getThing`: also used at #/paths/~1a/get",
        ),
        (
            "duplicate-parameter.yaml",
            "bad/duplicate-parameter.yaml:8:11: #/paths/~1a/get/parameters/1: parameter `q` in query is declared twice",
        ),
        (
            "external-ref.yaml",
            "bad/external-ref.yaml:11:15: #/paths/~1a/get/responses/200/content/application~1json/schema: `other.yaml#/components/schemas/X`: cannot read bad/other.yaml: No such file or directory (os error 2)",
        ),
        // A problem inside a referenced file is located in that file.
        (
            "multi-example.yaml",
            "bad/multi/thing.yaml:7:7: #/Thing/properties/code/example: the example does not conform to its schema: (the example itself): length 7 is above the maximum of 3",
        ),
        (
            "multi-missing-pointer.yaml",
            "bad/multi-missing-pointer.yaml:11:15: #/paths/~1a/get/responses/200/content/application~1json/schema: `multi/thing.yaml#/Nope`: bad/multi/thing.yaml has nothing at `#/Nope`",
        ),
        (
            "multi-remote.yaml",
            "bad/multi-remote.yaml:11:15: #/paths/~1a/get/responses/200/content/application~1json/schema: unsupported: remote reference `https://example.com/thing.yaml#/Thing`: only references to local files are supported",
        ),
    ];
    for (name, expected) in cases {
        assert_eq!(error_for(name), expected, "{name}");
    }
}
