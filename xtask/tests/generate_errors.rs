//! `cargo xtask generate` on bad input: a located message, a non-zero exit
//! and an output directory exactly as it was.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn generate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("generate")
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = root()
        .join("target/xtask-tests")
        .join(format!("{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir` with its bytes, for before/after comparison.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

const BAD: &[(&str, &str)] = &[
    ("empty.yaml", "empty.yaml: the document is empty"),
    ("malformed.yaml", "malformed.yaml:10:1: invalid YAML: did not find expected ',' or '}'"),
    ("malformed.json", "malformed.json:5:64: invalid JSON: trailing comma"),
    ("swagger2.yaml", "swagger2.yaml:1:1: #/swagger: Swagger 2.0 is not supported; this generator supports OpenAPI 3.0.x"),
    ("openapi32.yaml", "openapi32.yaml:1:1: #/openapi: OpenAPI 3.2.0 is not supported; this generator supports OpenAPI 3.0.x and 3.1.x"),
    (
        "dangling-ref.yaml",
        "dangling-ref.yaml:11:15: #/paths/~1a/get/responses/200/content/application~1json/schema: `#/components/schemas/Missing` points at nothing",
    ),
    (
        "external-ref.yaml",
        "external-ref.yaml:11:15: #/paths/~1a/get/responses/200/content/application~1json/schema: `other.yaml#/components/schemas/X`: cannot read generator/tests/fixtures/bad/other.yaml",
    ),
    (
        "duplicate-operation-id.yaml",
        "duplicate-operation-id.yaml:11:7: #/paths/~1b/get/operationId: duplicate operationId `getThing`: also used at #/paths/~1a/get",
    ),
    (
        "undeclared-path-param.yaml",
        "undeclared-path-param.yaml:5:5: #/paths/~1a~1{id}/get: path template parameter `id` is not declared as a path parameter",
    ),
    (
        "duplicate-parameter.yaml",
        "duplicate-parameter.yaml:8:11: #/paths/~1a/get/parameters/1: parameter `q` in query is declared twice",
    ),
    (
        "rule-typo.yaml",
        "rule-typo.yaml:10:20: #/paths/~1things/post/x-cross-field-rules/0/fields/0: `body/Nmae` names no request body field: nothing at `Nmae`",
    ),
    (
        "multipart.yaml",
        "multipart.yaml:8:9: #/paths/~1upload/post/requestBody/content: unsupported: request body media types [\"multipart/mixed\"]",
    ),
];

#[test]
fn bad_specs_fail_with_a_located_message_and_touch_nothing() {
    let dir = scratch("bad-specs");
    let out = dir.join("crate");
    let out_arg = out.to_str().unwrap();
    let good = generate(&["../shared/corpus/oai-petstore.yaml", "--out", out_arg]);
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let before = contents(&out);
    let never = dir.join("never-created");

    for (file, expected) in BAD {
        let spec = format!("generator/tests/fixtures/bad/{file}");
        for target in [out_arg, never.to_str().unwrap()] {
            let result = generate(&[&spec, "--out", target]);
            let stderr = String::from_utf8_lossy(&result.stderr);
            assert_eq!(result.status.code(), Some(1), "{file}: {stderr}");
            let first = stderr.lines().next().unwrap_or_default();
            let want = format!("error: generator/tests/fixtures/bad/{expected}");
            assert!(
                first.starts_with(&want),
                "{file}:\n got: {first}\nwant: {want}"
            );
            assert!(stderr.contains("nothing was written"), "{file}: {stderr}");
            assert!(!stderr.contains("panicked"), "{file}: {stderr}");
        }
        assert_eq!(
            contents(&out),
            before,
            "{file}: the output directory changed"
        );
        assert!(!never.exists(), "{file}: an output directory was created");
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wrong_arguments_exit_2() {
    for args in [
        &[][..],
        &["../shared/corpus/oai-petstore.yaml"][..],
        &["../shared/corpus/oai-petstore.yaml", "--out"][..],
        &[
            "../shared/corpus/oai-petstore.yaml",
            "--out",
            "x",
            "--crate-name",
            "9lives",
        ][..],
        &[
            "../shared/corpus/oai-petstore.yaml",
            "--out",
            "x",
            "--frobnicate",
        ][..],
    ] {
        let result = generate(args);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("usage: cargo xtask generate SPEC --out DIR"),
            "{args:?}: {stderr}"
        );
    }
    let missing = generate(&["no/such/spec.yaml", "--out", "target/xtask-tests/unused"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/spec.yaml: No such file"));
}

#[test]
fn a_directory_it_did_not_write_is_never_replaced() {
    let dir = scratch("foreign");
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    let result = generate(&[
        "../shared/corpus/oai-petstore.yaml",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr)
        .contains("was not generated by this tool; refusing to replace it"));
    assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn regenerating_replaces_a_generated_crate_and_is_byte_identical() {
    let dir = scratch("regen");
    let out = dir.join("crate");
    let args = [
        "../shared/corpus/progenitor-keeper.json",
        "--out",
        out.to_str().unwrap(),
        "--crate-name",
        "keeper",
    ];
    assert!(generate(&args).status.success());
    let first = contents(&out);
    fs::write(out.join("src/stale.rs"), "// left over").unwrap();
    assert!(generate(&args).status.success());
    assert_eq!(
        contents(&out),
        first,
        "the crate is replaced whole, and byte-identical"
    );
    assert!(fs::read_to_string(out.join("Cargo.toml"))
        .unwrap()
        .contains("name = \"keeper\""));
    fs::remove_dir_all(&dir).unwrap();
}
