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
    let cause = &parsed["causes"][0];
    assert_eq!(cause["rule"], "request-parameter-enum-value-removed");
    assert_eq!(cause["rust"]["source_breaking"], true);
    assert!(cause["old"]["line"].is_number());

    let github = spec_diff(&[
        "specs/alibaba-pai-workspace.yaml",
        changed,
        "--format",
        "github",
    ]);
    assert_eq!(github.status.code(), Some(1));
    let annotation = stdout(&github);
    let first = annotation.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=")
            && first.contains(",line=")
            && first.contains(",title=request-parameter-enum-value-removed::"),
        "{annotation}"
    );

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

#[test]
fn a_config_file_sets_levels_accepted_findings_and_the_threshold() {
    let changed = changed_pai();
    let changed = changed.to_str().unwrap();
    let dir = root().join(format!("target/xtask-tests/config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    };
    let run = |config: &str, extra: &[&str]| {
        let mut args = vec![
            "specs/alibaba-pai-workspace.yaml",
            changed,
            "--config",
            config,
        ];
        args.extend_from_slice(extra);
        spec_diff(&args)
    };

    let lowered = config(
        "lowered.toml",
        "[levels]\nrequest-parameter-enum-value-removed = \"warning\"\n",
    );
    assert_eq!(run(&lowered, &[]).status.code(), Some(0));
    // A flag given with the file wins over it.
    assert_eq!(
        run(
            &lowered,
            &["--level", "request-parameter-enum-value-removed=breaking"]
        )
        .status
        .code(),
        Some(1)
    );
    let strict = config(
        "strict.toml",
        "fail-on = \"warning\"\n[levels]\nrequest-parameter-enum-value-removed = \"warning\"\n",
    );
    assert_eq!(run(&strict, &[]).status.code(), Some(1));
    let accepted = config(
        "accepted.toml",
        "[[accept]]\nrule = \"request-parameter-enum-value-removed\"\nendpoint = \"*\"\nreason = \"never offered\"\n",
    );
    let output = run(&accepted, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    // A mistake in the file is bad input, located, without the usage text.
    let broken = config("broken.toml", "[levels]\nsome-rule = \"fatal\"\n");
    let output = run(&broken, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.toml: line 2:") && stderr.contains("fatal"),
        "{stderr}"
    );
    assert!(!stderr.contains("usage:"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
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
    let findings = report["causes"].as_array().expect("a list of causes");
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
