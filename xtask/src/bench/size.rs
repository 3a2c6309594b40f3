//! Emitted size: the lines of the nexus crate ours writes, types and
//! client alone and with every feature, against the one file progenitor
//! writes for the same spec (its client scope). The runtime crate's
//! verbatim copy is not counted: it is the same for every spec.

use std::path::Path;

/// Lines of the `.rs` files under `dir`, except the runtime's copy; with
/// `only`, just the files with those names.
pub fn lines(dir: &Path, only: Option<&[&str]>) -> Result<usize, String> {
    let mut total = 0;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            if name != generator::write::RUNTIME_DIR && name != "target" {
                total += lines(&path, only)?;
            }
        } else if name.ends_with(".rs") && only.is_none_or(|names| names.contains(&name)) {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            total += text.lines().count();
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_named_files_and_skips_the_runtime_copy() {
        let dir = std::env::temp_dir().join(format!("size-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src/api")).unwrap();
        std::fs::create_dir_all(dir.join(generator::write::RUNTIME_DIR).join("src")).unwrap();
        std::fs::write(dir.join("src/api/types.rs"), "a\nb\n").unwrap();
        std::fs::write(dir.join("src/api/server.rs"), "a\nb\nc\n").unwrap();
        std::fs::write(
            dir.join(generator::write::RUNTIME_DIR).join("src/lib.rs"),
            "x\n",
        )
        .unwrap();
        assert_eq!(lines(&dir, None).unwrap(), 5);
        assert_eq!(lines(&dir, Some(&["types.rs"])).unwrap(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
