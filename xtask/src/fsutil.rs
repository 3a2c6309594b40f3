//! Writing generated files: only when the content changed, and through a
//! temporary file and a rename, so an interrupted run never leaves a
//! half-written file.

use std::fs;
use std::io::Write;
use std::path::Path;

/// Whether a file was (or in check mode, would be) changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Unchanged,
    Written,
}

pub fn ensure_file_contents(path: &Path, contents: &str) -> std::io::Result<Outcome> {
    if fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(Outcome::Unchanged);
    }
    write_atomically(path, contents.as_bytes())?;
    Ok(Outcome::Written)
}

pub fn is_stale(path: &Path, contents: &str) -> bool {
    !fs::read(path).is_ok_and(|old| old == contents.as_bytes())
}

pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{file_name}.tmp{}", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_on_change() {
        let dir = std::env::temp_dir().join(format!("xtask-fsutil-{}", std::process::id()));
        let path = dir.join("sub/a.rs");
        assert_eq!(ensure_file_contents(&path, "x").unwrap(), Outcome::Written);
        assert_eq!(
            ensure_file_contents(&path, "x").unwrap(),
            Outcome::Unchanged
        );
        assert!(is_stale(&path, "y"));
        assert_eq!(ensure_file_contents(&path, "y").unwrap(), Outcome::Written);
        assert_eq!(fs::read_to_string(&path).unwrap(), "y");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
