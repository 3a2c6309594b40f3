//! Findings as text (for a terminal), markdown (for a pull request,
//! grouped by endpoint) and JSON (for tools).

use std::fmt::Write;

use super::{Finding, Level, Site};

fn counts(findings: &[Finding]) -> String {
    let count = |level| findings.iter().filter(|f| f.level == level).count();
    let rust = findings.iter().filter(|f| f.rust.source_breaking).count();
    format!(
        "{} breaking, {} warning, {} info; {} source-breaking for the generated Rust API",
        count(Level::Breaking),
        count(Level::Warning),
        count(Level::Info),
        rust
    )
}

fn site(site: &Option<Site>) -> String {
    match site {
        Some(s) => match s.line {
            Some(line) => format!("{}:{line} {}", s.file, s.pointer),
            None => format!("{} {}", s.file, s.pointer),
        },
        None => "-".to_string(),
    }
}

fn rust_label(f: &Finding) -> &'static str {
    if f.rust.source_breaking {
        "source-breaking"
    } else {
        "source-compatible"
    }
}

pub fn render_text(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no changes: the specs describe the same API\n".to_string();
    }
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{:<8} {} {}: {}",
            f.level.as_str(),
            f.rule,
            f.endpoint,
            f.message
        );
        let _ = writeln!(out, "         rust: {} ({})", rust_label(f), f.rust.note);
        let _ = writeln!(out, "         old: {}", site(&f.old));
        let _ = writeln!(out, "         new: {}", site(&f.new));
    }
    let _ = writeln!(out, "{}", counts(findings));
    out
}

fn icon(level: Level) -> &'static str {
    match level {
        Level::Breaking => "🔴 breaking",
        Level::Warning => "🟡 warning",
        Level::Info => "🟢 info",
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn render_markdown(findings: &[Finding]) -> String {
    let mut out = String::from("## Spec changes\n\n");
    if findings.is_empty() {
        out.push_str("No changes: the specs describe the same API.\n");
        return out;
    }
    let _ = writeln!(out, "{}.\n", counts(findings));
    let mut endpoints: Vec<&str> = findings.iter().map(|f| f.endpoint.as_str()).collect();
    endpoints.dedup();
    for endpoint in endpoints {
        let _ = writeln!(out, "### `{endpoint}`\n");
        out.push_str("| level | rule | change | Rust API | where |\n|---|---|---|---|---|\n");
        for f in findings.iter().filter(|f| f.endpoint == endpoint) {
            // The new version's site; a removal has only the old one.
            let location = match &f.new {
                Some(_) => site(&f.new),
                None => format!("(old) {}", site(&f.old)),
            };
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {}: {} | `{}` |",
                icon(f.level),
                f.rule,
                cell(&f.message),
                rust_label(f),
                cell(&f.rust.note),
                cell(&location)
            );
        }
        out.push('\n');
    }
    out
}

pub fn render_json(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(findings).unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
}
