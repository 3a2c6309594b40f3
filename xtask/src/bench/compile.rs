//! Compile cost of a generated crate: `cargo check` and `cargo build` of
//! ours per feature, and of progenitor's output for the same spec, with
//! every dependency already built (one untimed warm-up each), so the time
//! is the crate's own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::measure;

/// One crate to compile: where it is and the cargo flags that pick its
/// features.
pub struct Target {
    pub label: String,
    pub dir: PathBuf,
    pub flags: Vec<String>,
}

/// The median wall time of `cargo <command>` over `runs` runs after a
/// warm-up, each run after touching `src/lib.rs` so the crate itself is
/// compiled again.
pub fn time(
    target: &Target,
    command: &str,
    target_dir: &Path,
    runs: usize,
) -> Result<Duration, String> {
    let cargo = |touch: bool| {
        if touch {
            touch_lib(&target.dir);
        }
        let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cargo
            .arg(command)
            .arg("--quiet")
            .arg("--manifest-path")
            .arg(target.dir.join("Cargo.toml"))
            .args(&target.flags)
            .env("CARGO_TARGET_DIR", target_dir);
        cargo
    };
    measure::run_once(&mut cargo(false), false)
        .map_err(|e| format!("warm-up of `cargo {command}` failed: {e}"))?;
    measure::median_wall(runs, || cargo(true))
}

/// A crate progenitor writes has no `[workspace]` table; inside this
/// project's target directory cargo would take it for a stray member.
pub fn detach_from_workspace(dir: &Path) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let text =
        std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
            .map_err(|e| format!("{}: {e}", manifest.display()))?;
    }
    Ok(())
}

fn touch_lib(dir: &Path) {
    let lib = dir.join("src/lib.rs");
    if let Ok(text) = std::fs::read(&lib) {
        let _ = std::fs::write(&lib, text);
    }
}
