//! `cargo xtask codegen`: every spec in `specs/` into the `generated` crate.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::fsutil::{ensure_file_contents, is_stale, Outcome};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

#[derive(Debug)]
pub enum CodegenError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Spec(generator::Error),
    Stale(Vec<String>),
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            CodegenError::Spec(err) => {
                write!(f, "{err}\nnothing was written; generated/ is unchanged")
            }
            CodegenError::Stale(files) => write!(
                f,
                "generated code is stale; run `cargo xtask codegen`. Stale files:\n  {}",
                files.join("\n  ")
            ),
        }
    }
}

impl std::error::Error for CodegenError {}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> CodegenError + '_ {
    move |source| CodegenError::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Reads `specs/*.yaml|yml|json` in name order, with paths relative to the root.
pub fn read_specs(root: &Path) -> Result<Vec<generator::SpecSource>, CodegenError> {
    let dir = root.join("specs");
    let mut paths = Vec::new();
    for entry in fs::read_dir(&dir).map_err(io_err(&dir))? {
        let path = entry.map_err(io_err(&dir))?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "yaml" | "yml" | "json") {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).map_err(io_err(&path))?;
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            Ok(
                generator::SpecSource::new(rel, text).with_files(generator::load::Disk {
                    root: root.to_path_buf(),
                }),
            )
        })
        .collect()
}

pub fn run(mode: Mode) -> Result<(), CodegenError> {
    run_at(&project_root(), mode)
}

/// Regenerates `<root>/generated` from `<root>/specs`.
pub fn run_at(root: &Path, mode: Mode) -> Result<(), CodegenError> {
    let specs = read_specs(root)?;
    // Everything is generated in memory first: a spec error writes nothing.
    let files =
        generator::generate(&specs, &generator::Options::default()).map_err(CodegenError::Spec)?;
    let crate_dir = root.join("generated");
    let mut changed = Vec::new();
    for file in &files {
        let path = crate_dir.join(&file.path);
        let display = format!("generated/{}", file.path);
        match mode {
            Mode::Check => {
                if is_stale(&path, &file.contents) {
                    changed.push(display);
                }
            }
            Mode::Write => {
                if ensure_file_contents(&path, &file.contents).map_err(io_err(&path))?
                    == Outcome::Written
                {
                    println!("wrote {display}");
                    changed.push(display);
                }
            }
        }
    }
    for orphan in orphans(&crate_dir.join("src"), &files)? {
        let display = format!(
            "generated/{}",
            orphan.strip_prefix(&crate_dir).unwrap_or(&orphan).display()
        );
        if mode == Mode::Write {
            fs::remove_file(&orphan).map_err(io_err(&orphan))?;
            // The module directory of a deleted spec goes too, once empty.
            if let Some(dir) = orphan.parent() {
                let _ = fs::remove_dir(dir);
            }
            println!("removed {display}");
        }
        changed.push(display);
    }
    match mode {
        Mode::Check if !changed.is_empty() => Err(CodegenError::Stale(changed)),
        Mode::Check => Ok(()),
        Mode::Write => {
            if changed.is_empty() {
                println!("generated/ is up to date ({} files)", files.len());
            }
            Ok(())
        }
    }
}

/// Generated files (by their header) under `src/` that this run did not
/// produce, such as the module of a deleted spec. Hand-written files stay.
fn orphans(src: &Path, files: &[generator::GeneratedFile]) -> Result<Vec<PathBuf>, CodegenError> {
    let crate_dir = src.parent().unwrap_or(src);
    let mut found = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.map_err(io_err(&dir))?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(crate_dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let generated =
                fs::read_to_string(&path).is_ok_and(|text| text.starts_with("// @generated"));
            if generated && !files.iter().any(|f| f.path == rel) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` fails when `generated/` is stale.
    #[test]
    fn generated_code_is_fresh() {
        if let Err(err) = run(Mode::Check) {
            panic!("{err}");
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("specs")).unwrap();
        dir
    }

    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
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

    #[test]
    fn a_spec_error_writes_nothing_and_says_where() {
        let root = scratch("bad-spec");
        let good = fs::read_to_string(project_root().join("specs/huawei-modelarts.yaml")).unwrap();
        fs::write(root.join("specs/a.yaml"), &good).unwrap();
        run_at(&root, Mode::Write).unwrap();
        let before = snapshot(&root.join("generated"));
        assert!(!before.is_empty());

        // A dangling reference in a second spec.
        let broken = good.replace(
            "#/components/schemas/DeleteWorkspaceResponse",
            "#/components/schemas/Nope",
        );
        fs::write(root.join("specs/b.yaml"), broken).unwrap();
        let err = run_at(&root, Mode::Write).unwrap_err().to_string();
        assert!(err.starts_with("specs/b.yaml:"), "{err}");
        assert!(
            err.contains(
                "#/paths/~1v1~1{project_id}~1workspaces~1{workspace_id}/delete/responses/200"
            ),
            "{err}"
        );
        assert!(
            err.contains("`#/components/schemas/Nope` points at nothing"),
            "{err}"
        );
        assert_eq!(
            snapshot(&root.join("generated")),
            before,
            "generated/ must be untouched"
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn check_names_stale_and_orphaned_files_and_writes_nothing() {
        let root = scratch("check");
        let good = fs::read_to_string(project_root().join("specs/huawei-modelarts.yaml")).unwrap();
        fs::write(root.join("specs/a.yaml"), &good).unwrap();
        run_at(&root, Mode::Write).unwrap();
        run_at(&root, Mode::Check).unwrap();

        fs::write(
            root.join("specs/a.yaml"),
            good.replace("Deletes a workspace.", "Removes a workspace."),
        )
        .unwrap();
        fs::rename(root.join("generated/src/a"), root.join("generated/src/old")).unwrap();
        let before = snapshot(&root.join("generated"));
        let err = run_at(&root, Mode::Check).unwrap_err().to_string();
        assert!(err.contains("run `cargo xtask codegen`"), "{err}");
        assert!(err.contains("generated/src/a/client.rs"), "{err}");
        assert!(err.contains("generated/src/old/client.rs"), "{err}");
        assert_eq!(
            snapshot(&root.join("generated")),
            before,
            "check mode must not write"
        );

        run_at(&root, Mode::Write).unwrap();
        assert!(
            !root.join("generated/src/old").exists(),
            "orphans and their empty directory are removed"
        );
        run_at(&root, Mode::Check).unwrap();
        fs::remove_dir_all(&root).unwrap();
    }
}
