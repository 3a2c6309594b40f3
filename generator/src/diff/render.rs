//! Findings rendered by cause (one change to a shared definition once,
//! with the endpoints it reaches under it): as text for a terminal,
//! markdown for a pull request, JSON for tools, and GitHub workflow
//! commands that annotate the changed lines.

use std::fmt::Write;

use serde::Serialize;

use super::causes::{causes, endpoints_affected, Cause};
use super::{Finding, Level, Site};

/// The counts a summary line states, by cause.
#[derive(Serialize)]
struct Summary {
    causes: usize,
    breaking: usize,
    warning: usize,
    info: usize,
    endpoints_affected: usize,
    source_breaking: usize,
}

impl Summary {
    fn of(causes: &[Cause]) -> Summary {
        let count = |level| causes.iter().filter(|c| c.level == level).count();
        Summary {
            causes: causes.len(),
            breaking: count(Level::Breaking),
            warning: count(Level::Warning),
            info: count(Level::Info),
            endpoints_affected: endpoints_affected(causes),
            source_breaking: causes.iter().filter(|c| c.rust.source_breaking).count(),
        }
    }

    fn line(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}: {} breaking, {} warning, {} info; {} affected; {} source-breaking for the generated Rust API",
            plural(self.causes, "change", "changes"),
            self.breaking,
            self.warning,
            self.info,
            plural(self.endpoints_affected, "endpoint", "endpoints"),
            self.source_breaking
        )
    }
}

/// A site in full: `HEAD:specs/a.yaml:12 #/components/schemas/Name`.
fn site(site: Option<&Site>) -> String {
    match site {
        Some(s) => format!("{} {}", place(s), s.pointer),
        None => "-".to_string(),
    }
}

/// A site's file and line, with the revision it was read at.
fn place(site: &Site) -> String {
    let file = match &site.revision {
        Some(rev) => format!("{rev}:{}", site.file),
        None => site.file.clone(),
    };
    match site.line {
        Some(line) => format!("{file}:{line}"),
        None => file,
    }
}

/// Where a cause stands, compactly: the new version's file and line (the
/// pointer too when there is no line), or the old one's for a removal.
fn compact_where(cause: &Cause) -> String {
    let (site, prefix) = match (cause.new, cause.old) {
        (Some(new), _) => (new, ""),
        (None, Some(old)) => (old, "(old) "),
        (None, None) => return "-".to_string(),
    };
    match site.line {
        Some(_) => format!("{prefix}{}", place(site)),
        None => format!("{prefix}{} {}", place(site), site.pointer),
    }
}

fn rust_label(cause: &Cause) -> &'static str {
    if cause.rust.source_breaking {
        "source-breaking"
    } else {
        "source-compatible"
    }
}

/// What a cause says on one line: the change at its definition, or the
/// endpoint's own message.
fn headline(cause: &Cause) -> String {
    match (&cause.component, cause.affects.as_slice()) {
        (Some(component), _) => {
            let at = cause.new.or(cause.old).map_or("", |s| s.pointer.as_str());
            let within = at.strip_prefix(component.as_str()).unwrap_or("");
            format!("`{component}{within}`: {}", cause.change)
        }
        (None, [one]) if !one.subject.is_empty() => {
            format!("{} {}: {}", one.endpoint, one.subject, cause.change)
        }
        (None, affects) => format!(
            "{}: {}",
            affects.first().map_or("", |a| a.endpoint),
            cause.change
        ),
    }
}

pub fn render_text(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no changes: the specs describe the same API\n".to_string();
    }
    let causes = causes(findings);
    let mut out = String::new();
    for cause in &causes {
        let _ = writeln!(
            out,
            "{:<8} {} {}",
            cause.level.as_str(),
            cause.rule,
            headline(cause)
        );
        let _ = writeln!(
            out,
            "         rust: {} ({})",
            rust_label(cause),
            cause.rust.note
        );
        let _ = writeln!(out, "         old: {}", site(cause.old));
        let _ = writeln!(out, "         new: {}", site(cause.new));
        if cause.component.is_some() {
            let _ = writeln!(out, "         reaches {}:", reach(cause.endpoints().len()));
            for affected in &cause.affects {
                let _ = writeln!(
                    out,
                    "           {}: {}",
                    affected.endpoint, affected.subject
                );
            }
        }
    }
    let _ = writeln!(out, "{}", Summary::of(&causes).line());
    out
}

fn reach(endpoints: usize) -> String {
    if endpoints == 1 {
        "1 endpoint".to_string()
    } else {
        format!("{endpoints} endpoints")
    }
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

const TABLE_HEAD: &str = "| level | rule | change | Rust API | where |\n|---|---|---|---|---|\n";

fn row(out: &mut String, cause: &Cause, change: &str) {
    let _ = writeln!(
        out,
        "| {} | `{}` | {} | {}: {} | `{}` |",
        icon(cause.level),
        cause.rule,
        cell(change),
        rust_label(cause),
        cell(&cause.rust.note),
        cell(&compact_where(cause))
    );
}

pub fn render_markdown(findings: &[Finding]) -> String {
    let mut out = String::from("## Spec changes\n\n");
    if findings.is_empty() {
        out.push_str("No changes: the specs describe the same API.\n");
        return out;
    }
    let causes = causes(findings);
    let _ = writeln!(out, "{}.\n", Summary::of(&causes).line());

    let mut components: Vec<&str> = causes
        .iter()
        .filter_map(|c| c.component.as_deref())
        .collect();
    components.sort_unstable();
    components.dedup();
    if !components.is_empty() {
        out.push_str("### Components\n\n");
    }
    for component in components {
        let here: Vec<&Cause> = causes
            .iter()
            .filter(|c| c.component.as_deref() == Some(component))
            .collect();
        let _ = writeln!(out, "#### `{component}`\n");
        out.push_str(TABLE_HEAD);
        for cause in &here {
            let at = cause.new.or(cause.old).map_or("", |s| s.pointer.as_str());
            let within = at.strip_prefix(component).unwrap_or("");
            let change = match within {
                "" => cause.change.to_string(),
                within => format!("`{within}`: {}", cause.change),
            };
            row(&mut out, cause, &change);
        }
        let mut reached: Vec<(&str, &str)> = here
            .iter()
            .flat_map(|c| c.affects.iter().map(|a| (a.endpoint, a.subject)))
            .collect();
        reached.sort_unstable();
        reached.dedup();
        // One row per endpoint, with every place it sees the definition.
        let mut rows: Vec<(&str, Vec<&str>)> = Vec::new();
        for (endpoint, subject) in reached {
            match rows.last_mut() {
                Some((last, subjects)) if *last == endpoint => subjects.push(subject),
                _ => rows.push((endpoint, vec![subject])),
            }
        }
        let _ = writeln!(
            out,
            "\n<details><summary>Reaches {}</summary>\n\n| endpoint | seen at |\n|---|---|",
            reach(rows.len())
        );
        for (endpoint, subjects) in rows {
            let _ = writeln!(
                out,
                "| `{}` | {} |",
                cell(endpoint),
                cell(&subjects.join("; "))
            );
        }
        out.push_str("\n</details>\n\n");
    }

    let mut endpoints: Vec<&str> = causes
        .iter()
        .filter(|c| c.component.is_none())
        .map(|c| c.affects[0].endpoint)
        .collect();
    endpoints.sort_unstable();
    endpoints.dedup();
    for endpoint in endpoints {
        let _ = writeln!(out, "### `{endpoint}`\n");
        out.push_str(TABLE_HEAD);
        for cause in causes
            .iter()
            .filter(|c| c.component.is_none() && c.affects[0].endpoint == endpoint)
        {
            let change = match cause.affects[0].subject {
                "" => cause.change.to_string(),
                subject => format!("{subject}: {}", cause.change),
            };
            row(&mut out, cause, &change);
        }
        out.push('\n');
    }
    out
}

pub fn render_json(findings: &[Finding]) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        summary: Summary,
        causes: Vec<Cause<'a>>,
    }
    let causes = causes(findings);
    let report = Report {
        summary: Summary::of(&causes),
        causes,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
}

/// GitHub Actions workflow commands: one annotation per cause, on the
/// changed line of the new version (a removal annotates the file).
pub fn render_github(findings: &[Finding]) -> String {
    // The escapes the runner decodes: data, then property values.
    let data = |text: &str| {
        text.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |text: &str| data(text).replace(':', "%3A").replace(',', "%2C");
    let causes = causes(findings);
    let mut out = String::new();
    for cause in &causes {
        let command = match cause.level {
            Level::Breaking => "error",
            Level::Warning => "warning",
            Level::Info => "notice",
        };
        let mut properties = Vec::new();
        if let Some(site) = cause.new.or(cause.old) {
            properties.push(format!("file={}", property(&site.file)));
            if let (Some(line), Some(_)) = (site.line, cause.new) {
                properties.push(format!("line={line}"));
            }
        }
        properties.push(format!("title={}", property(cause.rule)));
        let mut message = format!(
            "{} (Rust API: {}, {}).",
            headline(cause),
            rust_label(cause),
            cause.rust.note
        );
        if cause.component.is_some() {
            let endpoints = cause.endpoints();
            let _ = write!(
                message,
                " Reaches {}: {}",
                reach(endpoints.len()),
                endpoints.join(", ")
            );
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            data(&message)
        );
    }
    let _ = writeln!(out, "{}", Summary::of(&causes).line());
    out
}
