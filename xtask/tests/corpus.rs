//! `cargo xtask generate` on every public document in `../shared/corpus/`:
//! each becomes a standalone crate that passes `cargo clippy -- -D warnings`.
//! The crates share one target directory, so dependencies build once.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn xtask() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
}

/// Documents the generator cannot support yet, with the located error each
/// gets. Empty: every corpus document generates and compiles.
const UNSUPPORTED: &[(&str, &str)] = &[];

#[test]
fn every_corpus_document_generates_a_crate_that_compiles() {
    let corpus = root().join("../shared/corpus");
    let mut documents: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    documents.sort();
    assert!(
        documents.len() >= 7,
        "expected the corpus documents in {}",
        corpus.display()
    );

    let work = root().join("target/corpus-crates");
    let target_dir = root().join("target/corpus-target");
    let lock = root().join("Cargo.lock");
    for document in &documents {
        let file = document.file_name().unwrap().to_string_lossy().into_owned();
        let out = work.join(file.replace('.', "-"));
        let generated = xtask()
            .arg("generate")
            .arg(document)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&generated.stderr);
        if let Some((_, expected)) = UNSUPPORTED.iter().find(|(name, _)| *name == file) {
            assert!(stderr.contains(expected), "{file}: {stderr}");
            continue;
        }
        assert!(
            generated.status.success(),
            "{file}: generation failed:\n{stderr}"
        );
        // The workspace's lock file pins the same dependency versions, so the
        // check runs offline against what the workspace already built.
        std::fs::copy(&lock, out.join("Cargo.lock")).unwrap();
        let check = Command::new(env!("CARGO"))
            .args([
                "clippy",
                "--offline",
                "--quiet",
                "--all-features",
                "--message-format",
                "short",
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", &target_dir)
            .env_remove("RUSTFLAGS")
            .output()
            .unwrap();
        let diagnostics = String::from_utf8_lossy(&check.stderr);
        assert!(
            check.status.success(),
            "{file}: the generated crate does not compile cleanly:\n{diagnostics}"
        );
        assert!(
            !diagnostics.contains("warning"),
            "{file}: the generated crate has warnings:\n{diagnostics}"
        );
    }
}
