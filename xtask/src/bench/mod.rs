//! `cargo xtask bench [--quick]`: how fast generation is, against
//! progenitor and against only parsing the same file, in one run on this
//! machine, printed as one markdown table.
//!
//! Every figure is a median of repeated whole-process runs (or in-process
//! runs, where the row says so), and every ratio compares two figures taken
//! in the same run. `--quick` runs each measurement once on small inputs and
//! skips progenitor: CI uses it to prove the bench still runs; its timings
//! mean nothing.

mod compile;
mod measure;
mod size;
mod synthetic;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use measure::Sample;

const PROGENITOR_VERSION: &str = "0.15.1";

struct Settings {
    quick: bool,
    /// Whole-process runs per measurement.
    runs: usize,
    /// Synthetic spec sizes, in operations.
    sizes: &'static [usize],
}

/// One row of the table.
struct Row {
    what: String,
    input: String,
    ours: String,
    against: String,
    ratio: String,
}

pub fn run(args: &[&str]) -> ExitCode {
    let settings = match args {
        [] => Settings {
            quick: false,
            runs: 5,
            sizes: &[100, 1000, 5000],
        },
        ["--quick"] => Settings {
            quick: true,
            runs: 1,
            sizes: &[20, 100],
        },
        _ => {
            eprintln!("error: unknown arguments {args:?}\nusage: cargo xtask bench [--quick]");
            return ExitCode::from(2);
        }
    };
    match bench(&settings) {
        Ok(table) => {
            print!("{table}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// An input spec: its path and how many operations it has.
struct Input {
    label: String,
    path: PathBuf,
    operations: usize,
}

fn bench(settings: &Settings) -> Result<String, String> {
    let root = crate::codegen::project_root();
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let this = std::env::current_exe().map_err(|e| e.to_string())?;
    let progenitor = find_progenitor(settings);

    let mut inputs = project_inputs(&root)?;
    let nexus = root.join("../shared/corpus/progenitor-nexus.json");
    let mut notes = Vec::new();
    if nexus.exists() {
        inputs.push(input_at(&nexus, "progenitor-nexus.json")?);
    } else {
        notes.push(format!(
            "{} is missing: nexus rows skipped",
            nexus.display()
        ));
    }
    let large = *settings.sizes.iter().max().unwrap_or(&100);
    let synthetic: Vec<Input> = settings
        .sizes
        .iter()
        .map(|&size| write_synthetic(&work, size))
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::new();

    // 1. Generation, whole process, against progenitor and the parse floor.
    let whole: Vec<&Input> = inputs
        .iter()
        .chain(synthetic.iter().filter(|s| s.operations == large))
        .collect();
    for input in whole {
        let ours = generate_ours(&this, input, &work, settings.runs);
        let floor = measure::sample(settings.runs, || parse_floor(&this, &input.path));
        rows.push(compare(
            "generate, whole process",
            input,
            &ours,
            "parse floor",
            &floor,
        ));
        let theirs = match &progenitor {
            Ok(binary) => generate_progenitor(binary, input, &work, settings.runs),
            Err(reason) => Err(reason.clone()),
        };
        rows.push(compare(
            "generate, whole process",
            input,
            &ours,
            &format!("progenitor {PROGENITOR_VERSION}"),
            &theirs,
        ));
    }

    // 2. Scaling: time and peak memory by size.
    let mut by_size = Vec::new();
    for input in &synthetic {
        let ours = generate_ours(&this, input, &work, settings.runs.min(3));
        rows.push(Row {
            what: "scaling".to_string(),
            input: input.label.clone(),
            ours: ours.as_ref().map_or_else(Clone::clone, describe),
            against: "–".to_string(),
            ratio: "–".to_string(),
        });
        by_size.push((input.operations, ours));
    }
    if let [.., (small, Ok(a)), (big, Ok(b))] = by_size.as_slice() {
        rows.push(Row {
            what: "scaling".to_string(),
            input: format!("{big} ops vs {small} ops ({}x the operations)", big / small),
            ours: format!("{} time", ratio(b.wall, a.wall)),
            against: format!("{} peak memory", ratio_kib(b.peak_kib, a.peak_kib)),
            ratio: "target: time ≤ 5.5× for 5× the operations".to_string(),
        });
    }

    // 3. In-process: generation against a serde_json parse of the same text.
    if let Some(input) = inputs.iter().find(|i| i.label.contains("nexus")) {
        rows.push(in_process(input, settings)?);
    }

    // 4. Emitted size of the nexus crate, ours and progenitor's (written by
    // the generation rows above).
    if let Some(nexus) = inputs.iter().find(|i| i.label.contains("nexus")) {
        rows.extend(size_rows(&work, nexus, progenitor.is_ok()));
    }

    // 5. Compile cost of the nexus crate, ours per feature and progenitor's.
    match inputs.iter().find(|i| i.label.contains("nexus")) {
        Some(nexus) if !settings.quick => {
            rows.extend(compile_rows(&work, nexus, progenitor.is_ok()));
        }
        _ => rows.push(Row {
            what: "compile cost".to_string(),
            input: "–".to_string(),
            ours: "–".to_string(),
            against: "skipped in --quick mode (or without the nexus spec)".to_string(),
            ratio: "–".to_string(),
        }),
    }

    // 6. Server, client and memory: the throughput bench of the generated
    // crate, on loopback (`generated/benches/throughput.rs`).
    match throughput(&root, settings) {
        Ok(found) => rows.extend(found),
        Err(reason) => rows.push(Row {
            what: "server, client, memory".to_string(),
            input: "–".to_string(),
            ours: "–".to_string(),
            against: reason,
            ratio: "–".to_string(),
        }),
    }
    if let Err(reason) = &progenitor {
        notes.push(format!("progenitor: {reason}"));
    }
    Ok(render(settings, &rows, &notes))
}

/// Lines of our nexus crate (types and client alone, then everything)
/// against progenitor's, which covers the client only.
fn size_rows(work: &Path, nexus: &Input, with_progenitor: bool) -> Vec<Row> {
    let ours_dir = out_dir(work, "ours", nexus);
    let theirs = if with_progenitor {
        size::lines(&out_dir(work, "progenitor", nexus), None)
    } else {
        Err("progenitor's output is missing".to_string())
    };
    let scopes: [(&str, Option<&[&str]>); 2] = [
        ("types + client", Some(&["types.rs", "client.rs"])),
        ("all features", None),
    ];
    scopes
        .into_iter()
        .map(|(label, only)| {
            let ours = size::lines(&ours_dir, only);
            let ratio = match (&ours, &theirs) {
                (Ok(a), Ok(b)) if *b > 0 => format!("{:.2}×", *a as f64 / *b as f64),
                _ => "–".to_string(),
            };
            Row {
                what: "emitted size".to_string(),
                input: format!("{} crate, {label}", nexus.label),
                ours: ours.map_or_else(|e| e, |n| format!("{n} lines")),
                against: theirs.as_ref().map_or_else(Clone::clone, |n| {
                    format!("progenitor {PROGENITOR_VERSION} (client only): {n} lines")
                }),
                ratio,
            }
        })
        .collect()
}

fn compile_rows(work: &Path, nexus: &Input, with_progenitor: bool) -> Vec<Row> {
    let target_dir = work.join("compile-target");
    let ours_dir = out_dir(work, "ours", nexus);
    let theirs_dir = out_dir(work, "progenitor", nexus);
    let flags = |features: &str| -> Vec<String> {
        vec![
            "--no-default-features".to_string(),
            "--features".to_string(),
            features.to_string(),
        ]
    };
    let ours: Vec<compile::Target> = [
        ("client", "client"),
        ("server", "server"),
        ("all features", "cli"),
    ]
    .into_iter()
    .map(|(label, features)| compile::Target {
        label: label.to_string(),
        dir: ours_dir.clone(),
        flags: flags(features),
    })
    .collect();
    let theirs = if with_progenitor {
        compile::detach_from_workspace(&theirs_dir).map(|()| compile::Target {
            label: "progenitor".to_string(),
            dir: theirs_dir.clone(),
            flags: Vec::new(),
        })
    } else {
        Err("progenitor's output is missing".to_string())
    };
    let mut rows = Vec::new();
    // Checks are short and noisy on a shared machine, so they get more
    // rounds than builds.
    let runs = [
        ("check", compile::Mode::Whole, 5),
        ("check", compile::Mode::Cached, 5),
        ("build", compile::Mode::Whole, 3),
        ("build", compile::Mode::Cached, 3),
    ];
    for (command, mode, rounds) in runs {
        let mut targets: Vec<&compile::Target> = ours.iter().collect();
        if let Ok(theirs) = &theirs {
            targets.insert(0, theirs);
        }
        let mut times = compile::time_interleaved(&targets, command, mode, &target_dir, rounds);
        let baseline = match &theirs {
            Ok(_) => times.remove(0),
            Err(e) => Err(e.clone()),
        };
        for (target, time) in ours.iter().zip(times) {
            let ratio = match (&time, &baseline) {
                (Ok(a), Ok(b)) => ratio(*a, *b),
                _ => "–".to_string(),
            };
            rows.push(Row {
                what: format!("compile cost, `cargo {command}`, {}", mode.describe()),
                input: format!("{} crate, {}", nexus.label, target.label),
                ours: time.map_or_else(|e| e, |t| format!("{} (median of {rounds})", millis(t))),
                against: format!(
                    "progenitor's crate: {}",
                    baseline.as_ref().map_or_else(Clone::clone, |t| millis(*t))
                ),
                ratio,
            });
        }
    }
    rows
}

/// Runs the generated crate's throughput bench (optimised, except in
/// `--quick` mode, which reuses the test build) and reads its rows.
fn throughput(root: &Path, settings: &Settings) -> Result<Vec<Row>, String> {
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo.current_dir(root).args([
        "bench",
        "--quiet",
        "-p",
        "generated",
        "--all-features",
        "--bench",
        "throughput",
    ]);
    if settings.quick {
        cargo.args(["--profile", "dev", "--", "--quick"]);
    }
    let output = cargo
        .output()
        .map_err(|e| format!("could not run cargo bench: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(format!("the throughput bench failed: {}", last.trim()));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(stdout
        .lines()
        .filter_map(|line| line.strip_prefix("ROW|"))
        .filter_map(|row| {
            let cells: Vec<&str> = row.split('|').collect();
            let [what, input, ours, against, ratio] = cells.as_slice() else {
                return None;
            };
            Some(Row {
                what: what.to_string(),
                input: input.to_string(),
                ours: ours.to_string(),
                against: against.to_string(),
                ratio: ratio.to_string(),
            })
        })
        .collect())
}

fn project_inputs(root: &Path) -> Result<Vec<Input>, String> {
    let specs = crate::codegen::read_specs(root).map_err(|e| e.to_string())?;
    specs
        .iter()
        .map(|spec| input_at(&root.join(&spec.path), &spec.path))
        .collect()
}

fn input_at(path: &Path, label: &str) -> Result<Input, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let source = generator::SpecSource::new(path.to_string_lossy(), text);
    let api = generator::lower_spec(&source).map_err(|e| e.to_string())?;
    Ok(Input {
        label: label.to_string(),
        path: path.to_path_buf(),
        operations: api.operations.len(),
    })
}

fn write_synthetic(work: &Path, operations: usize) -> Result<Input, String> {
    let path = work.join(format!("synthetic-{operations}.json"));
    let text =
        serde_json::to_string_pretty(&synthetic::spec(operations)).map_err(|e| e.to_string())?;
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Input {
        label: format!("synthetic, {operations} ops"),
        path,
        operations,
    })
}

fn out_dir(work: &Path, who: &str, input: &Input) -> PathBuf {
    let stem: String = input
        .label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    work.join(format!("out-{who}-{stem}"))
}

/// `xtask generate` into a fresh directory each run, so every run writes.
fn generate_ours(this: &Path, input: &Input, work: &Path, runs: usize) -> Result<Sample, String> {
    let out = out_dir(work, "ours", input);
    measure::sample(runs, || {
        let _ = std::fs::remove_dir_all(&out);
        let mut command = Command::new(this);
        command
            .arg("generate")
            .arg(&input.path)
            .arg("--out")
            .arg(&out);
        command
    })
}

fn generate_progenitor(
    binary: &Path,
    input: &Input,
    work: &Path,
    runs: usize,
) -> Result<Sample, String> {
    let out = out_dir(work, "progenitor", input);
    measure::sample(runs, || {
        let _ = std::fs::remove_dir_all(&out);
        let mut command = Command::new(binary);
        command
            .arg("progenitor")
            .arg("-i")
            .arg(&input.path)
            .arg("-o")
            .arg(&out)
            .args(["-n", "bench-client", "-v", "0.1.0"]);
        command
    })
}

/// The same file read into a `serde_json::Value` by this binary: the
/// process start, the read and the parse, and nothing else.
fn parse_floor(this: &Path, input: &Path) -> Command {
    let mut command = Command::new(this);
    command.arg("bench-parse").arg(input);
    command
}

/// `xtask bench-parse FILE`: the parse floor's process.
pub fn parse_only(args: &[&str]) -> ExitCode {
    let [file] = args else {
        eprintln!("usage: cargo xtask bench-parse FILE");
        return ExitCode::from(2);
    };
    let parsed = std::fs::read_to_string(file)
        .map_err(|e| e.to_string())
        .and_then(|text| generator::load::parse_document(file, &text).map_err(|e| e.to_string()));
    match parsed {
        Ok(value) => {
            std::hint::black_box(value);
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn in_process(input: &Input, settings: &Settings) -> Result<Row, String> {
    let text = std::fs::read_to_string(&input.path).map_err(|e| e.to_string())?;
    let spec = generator::SpecSource::new(input.label.clone(), text.clone());
    let options = generator::Options::default();
    let runs = if settings.quick { 1 } else { 11 };
    let floor = measure::in_process(runs, || {
        std::hint::black_box(serde_json::from_str::<serde_json::Value>(&text).ok());
    });
    let ours = measure::in_process(runs, || {
        std::hint::black_box(generator::generate(std::slice::from_ref(&spec), &options).ok());
    });
    Ok(Row {
        what: "generate, in process".to_string(),
        input: format!("{} ({} ops)", input.label, input.operations),
        ours: format!("{} (median of {runs})", millis(ours)),
        against: format!("serde_json parse: {}", millis(floor)),
        ratio: ratio(ours, floor),
    })
}

fn compare(
    what: &str,
    input: &Input,
    ours: &Result<Sample, String>,
    against: &str,
    theirs: &Result<Sample, String>,
) -> Row {
    let ratio = match (ours, theirs) {
        (Ok(a), Ok(b)) => ratio(a.wall, b.wall),
        _ => "–".to_string(),
    };
    Row {
        what: what.to_string(),
        input: format!("{} ({} ops)", input.label, input.operations),
        ours: ours.as_ref().map_or_else(Clone::clone, describe),
        against: format!(
            "{against}: {}",
            theirs.as_ref().map_or_else(Clone::clone, describe)
        ),
        ratio,
    }
}

fn describe(sample: &Sample) -> String {
    format!(
        "{}, {:.1} MiB peak (median of {})",
        millis(sample.wall),
        sample.peak_kib as f64 / 1024.0,
        sample.runs
    )
}

fn millis(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn ratio(a: Duration, b: Duration) -> String {
    format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64().max(1e-9))
}

fn ratio_kib(a: u64, b: u64) -> String {
    format!("{:.2}×", a as f64 / (b.max(1)) as f64)
}

/// `cargo-progenitor` on PATH or in cargo's bin directory; in a full run it
/// is installed when missing (about 10 minutes), with a note if that fails.
fn find_progenitor(settings: &Settings) -> Result<PathBuf, String> {
    if settings.quick {
        return Err("skipped in --quick mode".to_string());
    }
    let candidates = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(std::env::var_os("CARGO_HOME").map(|home| PathBuf::from(home).join("bin")))
        .chain(std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo/bin")))
        .map(|dir| dir.join("cargo-progenitor"));
    if let Some(found) = candidates.clone().find(|path| path.is_file()) {
        return Ok(found);
    }
    eprintln!("cargo-progenitor is missing: installing {PROGENITOR_VERSION} (about 10 minutes)");
    let status = Command::new("cargo")
        .args([
            "install",
            "cargo-progenitor",
            "--locked",
            "--version",
            PROGENITOR_VERSION,
        ])
        .status()
        .map_err(|e| format!("could not run cargo install: {e}"))?;
    if !status.success() {
        return Err(format!(
            "`cargo install cargo-progenitor` failed ({status})"
        ));
    }
    candidates
        .into_iter()
        .find(|path| path.is_file())
        .ok_or_else(|| "installed, but cargo-progenitor is not on PATH".to_string())
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, name)| name.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .map_or_else(
            || "unknown memory".to_string(),
            |kib| format!("{} GiB", kib / 1024 / 1024),
        );
    let profile = if cfg!(debug_assertions) {
        "dev"
    } else {
        "release"
    };
    format!(
        "{cpus} cores ({model}), {memory}; our generator is this xtask binary ({profile} profile)"
    )
}

fn render(settings: &Settings, rows: &[Row], notes: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Machine: {}.", machine());
    if settings.quick {
        let _ = writeln!(
            out,
            "--quick: one run each on small inputs; the timings mean nothing."
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| what | input | ours | against | ratio (ours ÷ against) |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            row.what, row.input, row.ours, row.against, row.ratio
        );
    }
    for note in notes {
        let _ = writeln!(out, "\nNote: {note}");
    }
    out
}
