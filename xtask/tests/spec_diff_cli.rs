//! `cargo xtask spec-diff` as a command: exit statuses, formats, policy.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn spec_diff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("spec-diff")
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The PAI spec with one enum value removed from a query parameter.
fn changed_pai() -> PathBuf {
    let text = std::fs::read_to_string(root().join("specs/alibaba-pai-workspace.yaml")).unwrap();
    let changed = text.replacen(
        "enum: [DetachAndDelete, Detach]",
        "enum: [DetachAndDelete]",
        1,
    );
    assert_ne!(text, changed);
    let dir = root().join("target/xtask-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("pai-changed-{}.yaml", std::process::id()));
    std::fs::write(&path, changed).unwrap();
    path
}

#[test]
fn base_head_on_an_unchanged_tree_reports_nothing() {
    // The test compares specs/ at HEAD with the working tree, which in CI
    // is a clean checkout.
    let output = spec_diff(&["--base", "HEAD"]);
    let status = Command::new("git")
        .args(["diff", "--quiet", "HEAD", "--", "specs/"])
        .current_dir(root())
        .status()
        .unwrap();
    if status.success() {
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            stdout(&output),
            "no changes: the specs describe the same API\n"
        );
    }
}

#[test]
fn a_breaking_change_exits_1_in_every_format() {
    let changed = changed_pai();
    let changed = changed.to_str().unwrap();
    let text = spec_diff(&["specs/alibaba-pai-workspace.yaml", changed]);
    assert_eq!(text.status.code(), Some(1));
    assert!(stdout(&text).contains("breaking request-parameter-enum-value-removed DELETE /api/v1/workspaces/{WorkspaceId}/resources"), "{}", stdout(&text));
    assert!(
        stdout(&text).contains("old: specs/alibaba-pai-workspace.yaml:"),
        "{}",
        stdout(&text)
    );

    let markdown = spec_diff(&[
        "specs/alibaba-pai-workspace.yaml",
        changed,
        "--format",
        "markdown",
    ]);
    assert!(stdout(&markdown).starts_with("## Spec changes"));
    assert!(stdout(&markdown).contains("### `DELETE /api/v1/workspaces/{WorkspaceId}/resources`"));

    let json = spec_diff(&[
        "specs/alibaba-pai-workspace.yaml",
        changed,
        "--format",
        "json",
    ]);
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(parsed[0]["rule"], "request-parameter-enum-value-removed");
    assert_eq!(parsed[0]["rust"]["source_breaking"], true);
    assert!(parsed[0]["old"]["line"].is_number());

    // Lowered to a warning, it no longer fails the default --fail-on.
    let lowered = spec_diff(&[
        "specs/alibaba-pai-workspace.yaml",
        changed,
        "--level",
        "request-parameter-enum-value-removed=warning",
    ]);
    assert_eq!(lowered.status.code(), Some(0));
    let strict = spec_diff(&[
        "specs/alibaba-pai-workspace.yaml",
        changed,
        "--level",
        "request-parameter-enum-value-removed=warning",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(strict.status.code(), Some(1));

    let ignore = root().join(format!(
        "target/xtask-tests/ignore-{}.txt",
        std::process::id()
    ));
    std::fs::write(&ignore, "# accepted: Detach was never offered\nrequest-parameter-enum-value-removed DELETE /api/v1/workspaces/{WorkspaceId}/resources\n").unwrap();
    let accepted = spec_diff(&[
        "specs/alibaba-pai-workspace.yaml",
        changed,
        "--ignore",
        ignore.to_str().unwrap(),
    ]);
    assert_eq!(accepted.status.code(), Some(0), "{}", stdout(&accepted));
}

#[test]
fn bad_input_exits_2() {
    // (arguments, whether the error is about them and so ends in the usage)
    for (args, about_usage) in [
        (&["specs/alibaba-pai-workspace.yaml"][..], true),
        (
            &["specs/alibaba-pai-workspace.yaml", "no/such.yaml"][..],
            false,
        ),
        (
            &[
                "specs/alibaba-pai-workspace.yaml",
                "generator/tests/fixtures/bad/swagger2.yaml",
            ][..],
            false,
        ),
        (&["--base", "no-such-revision"][..], false),
        (&["--base", "HEAD", "--format", "yaml"][..], true),
        (&["--base", "HEAD", "--level", "x=fatal"][..], true),
    ] {
        let output = spec_diff(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stdout(&output)
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("error: "), "{args:?}");
        assert_eq!(stderr.contains("usage:"), about_usage, "{args:?}: {stderr}");
    }
}

/// Copies the generator's multi-file fixture (root and referenced files)
/// into `dir`.
fn copy_multifile(dir: &Path) {
    let fixtures = root().join("generator/tests/fixtures");
    let mut stack = vec![PathBuf::from("multifile")];
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(fixtures.join("multifile.yaml"), dir.join("multifile.yaml")).unwrap();
    while let Some(rel) = stack.pop() {
        std::fs::create_dir_all(dir.join(&rel)).unwrap();
        for entry in std::fs::read_dir(fixtures.join(&rel)).unwrap() {
            let entry = entry.unwrap();
            let child = rel.join(entry.file_name());
            if entry.path().is_dir() {
                stack.push(child);
            } else {
                std::fs::copy(entry.path(), dir.join(&child)).unwrap();
            }
        }
    }
}

#[test]
fn a_change_in_a_referenced_file_is_found_and_located_there() {
    let base = root().join(format!("target/xtask-tests/multi-{}", std::process::id()));
    let (old, new) = (base.join("old"), base.join("new"));
    copy_multifile(&old);
    copy_multifile(&new);
    let pet = new.join("multifile/schemas/pet.yaml");
    let text = std::fs::read_to_string(&pet).unwrap();
    let changed = text.replacen(
        "name: { type: string, minLength: 1 }",
        "name: { type: string, minLength: 3 }",
        1,
    );
    assert_ne!(text, changed);
    std::fs::write(&pet, &changed).unwrap();

    let output = spec_diff(&[
        old.join("multifile.yaml").to_str().unwrap(),
        new.join("multifile.yaml").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report.as_array().expect("a list of findings");
    let line = changed
        .lines()
        .position(|l| l.contains("minLength: 3"))
        .unwrap()
        + 1;
    let located = findings.iter().any(|f| {
        // Shown relative to the current directory (the project root here).
        f["new"]["file"].as_str().is_some_and(|file| {
            file.starts_with("target/xtask-tests/")
                && file.ends_with("new/multifile/schemas/pet.yaml")
        }) && f["new"]["pointer"] == "#/Pet/properties/name"
            && f["new"]["line"] == line
    });
    assert!(located, "{report:#}");
    std::fs::remove_dir_all(&base).unwrap();
}
