//! How long generating a crate takes for the largest corpus document
//! (progenitor-nexus.json, 193 operations), against a baseline measured in
//! the same process: parsing that document into a `serde_json::Value`.
//! Run with `cargo bench -p generator`; it prints both and their ratio.

use std::hint::black_box;
use std::time::{Duration, Instant};

fn median_of(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/progenitor-nexus.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let spec = generator::SpecSource::new("progenitor-nexus.json".to_string(), text.clone());
    let options = generator::Options::default();
    let runs = 21;

    let baseline = median_of(runs, || {
        black_box(serde_json::from_str::<serde_json::Value>(black_box(&text)).unwrap());
    });
    let generate = median_of(runs, || {
        black_box(generator::generate(std::slice::from_ref(black_box(&spec)), &options).unwrap());
    });
    let lines: usize = generator::generate(std::slice::from_ref(&spec), &options)
        .unwrap()
        .iter()
        .map(|f| f.contents.lines().count())
        .sum();
    println!(
        "progenitor-nexus.json ({} KiB, 193 operations, {lines} lines of Rust out)",
        text.len() / 1024
    );
    println!("  baseline, serde_json::Value parse: {baseline:?} (median of {runs})");
    println!("  generate (load, lower, emit, print): {generate:?} (median of {runs})");
    println!(
        "  ratio: {:.1}x the baseline",
        generate.as_secs_f64() / baseline.as_secs_f64()
    );
}
