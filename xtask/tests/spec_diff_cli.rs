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
    for args in [
        &["specs/alibaba-pai-workspace.yaml"][..],
        &["specs/alibaba-pai-workspace.yaml", "no/such.yaml"][..],
        &[
            "specs/alibaba-pai-workspace.yaml",
            "generator/tests/fixtures/bad/swagger2.yaml",
        ][..],
        &["--base", "no-such-revision"][..],
        &["--base", "HEAD", "--format", "yaml"][..],
        &["--base", "HEAD", "--level", "x=fatal"][..],
    ] {
        let output = spec_diff(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stdout(&output)
        );
        assert!(
            String::from_utf8_lossy(&output.stderr).starts_with("error: "),
            "{args:?}"
        );
    }
}
