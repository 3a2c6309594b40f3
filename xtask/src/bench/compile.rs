//! Compile cost of a generated crate: `cargo check` and `cargo build` of
//! ours per feature, and of progenitor's output for the same spec, with
//! every dependency already built (one untimed warm-up each), so the time
//! is the crate's own.
//!
//! Each is timed two ways, because they measure different work:
//! - [`Mode::Whole`] compiles the crate from nothing (`CARGO_INCREMENTAL=0`).
//!   That is what a consumer's first build, every CI run and every
//!   regeneration pay: parsing, expansion, type and borrow checking.
//! - [`Mode::Cached`] recompiles it with the incremental cache warm and the
//!   source unchanged. Almost no query runs again, so the figure is mostly
//!   parsing, macro expansion and loading and saving the cache.

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

/// How the crate is compiled again for each timed run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// From nothing: no incremental cache.
    Whole,
    /// From a warm incremental cache, with the source unchanged.
    Cached,
}

impl Mode {
    /// How a row names the measurement.
    pub fn describe(self) -> &'static str {
        match self {
            Mode::Whole => "whole crate",
            Mode::Cached => "unchanged, incremental cache warm",
        }
    }
}

/// The median wall time of `cargo <command>` for each target over `runs`
/// rounds, each run after touching `src/lib.rs` so the crate itself is
/// compiled again. Every target has an untimed warm-up first, and a round
/// times each target once, so a machine that slows down for a while slows
/// them all alike rather than whichever ran then.
pub fn time_interleaved(
    targets: &[&Target],
    command: &str,
    mode: Mode,
    target_dir: &Path,
    runs: usize,
) -> Vec<Result<Duration, String>> {
    let incremental = match mode {
        Mode::Whole => "0",
        Mode::Cached => "1",
    };
    let cargo = |target: &Target| {
        let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cargo
            .arg(command)
            .arg("--quiet")
            .arg("--manifest-path")
            .arg(target.dir.join("Cargo.toml"))
            .args(&target.flags)
            .env("CARGO_TARGET_DIR", target_dir)
            .env("CARGO_INCREMENTAL", incremental);
        cargo
    };
    let mut walls: Vec<Result<Vec<Duration>, String>> = targets
        .iter()
        .map(|target| {
            measure::run_once(&mut cargo(target), false)
                .map(|_| Vec::with_capacity(runs))
                .map_err(|e| format!("warm-up of `cargo {command}` failed: {e}"))
        })
        .collect();
    for _ in 0..runs.max(1) {
        for (target, walls) in targets.iter().zip(&mut walls) {
            let Ok(times) = walls else { continue };
            touch_lib(&target.dir);
            match measure::run_once(&mut cargo(target), false) {
                Ok(run) => times.push(run.wall),
                Err(e) => *walls = Err(format!("`cargo {command}` failed: {e}")),
            }
        }
    }
    walls
        .into_iter()
        .map(|walls| {
            walls.map(|mut times| {
                times.sort();
                times[times.len() / 2]
            })
        })
        .collect()
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
