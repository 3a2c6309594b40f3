//! Spec diff: what a change between two versions of a spec breaks, on the
//! wire and in the generated Rust API.
//!
//! Both versions are lowered first, so `$ref`s are resolved and a schema
//! moved into `components` compares equal to its inline form; descriptions
//! and key order never matter. Each finding has a stable rule id (named as
//! oasdiff names the same rule, where it has one), a level, the endpoint,
//! where it stands in each version, and a second axis: whether code using
//! the generated crate still compiles, derived from the generator's model.

mod causes;
mod constraints;
mod objects;
mod operations;
mod patterns;
mod render;
mod schemas;

use serde::{Deserialize, Serialize};

use crate::error::Location;
use crate::load::Sources;
use crate::model::Api;

pub use causes::{causes, Cause};
pub use render::{render_github, render_json, render_markdown, render_text};

/// How much a change matters to existing clients on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Breaking,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Breaking => "breaking",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "info" => Some(Level::Info),
            "warning" => Some(Level::Warning),
            "breaking" => Some(Level::Breaking),
            _ => None,
        }
    }
}

/// Where a finding stands in one version of the spec.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Site {
    pub file: String,
    pub line: Option<usize>,
    pub pointer: String,
    /// The git revision the file was read at, when not the working tree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
}

impl Finding {
    /// Where in the endpoint the change is seen: the message before its
    /// change (`body/name`), empty for a change to the endpoint itself.
    pub fn subject(&self) -> &str {
        self.message
            .strip_suffix(self.change.as_str())
            .unwrap_or("")
            .trim_end_matches([':', ' '])
    }
}

impl Site {
    pub(crate) fn from(location: &Location) -> Site {
        Site {
            file: location.file.clone(),
            line: location.line_col.map(|(l, _)| l),
            pointer: location.pointer.clone(),
            revision: None,
        }
    }
}

/// The effect on code that uses the generated crate.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct RustEffect {
    /// Whether code that compiled against the old crate may stop compiling.
    pub source_breaking: bool,
    /// What changes in the generated API, in a few words.
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub level: Level,
    /// `POST /api/v1/workspaces`, or the spec file for spec-wide changes.
    pub endpoint: String,
    /// What changed and where in the endpoint: `body/name: pattern changed`.
    pub message: String,
    /// What changed, without the endpoint's path to it (`pattern changed`):
    /// the same text for every endpoint one shared definition reaches.
    pub change: String,
    pub old: Option<Site>,
    pub new: Option<Site>,
    pub rust: RustEffect,
}

/// Compares two versions of one API.
pub fn diff(old: &Api, new: &Api) -> Vec<Finding> {
    let mut findings = operations::compare(old, new);
    findings.sort_by(|a, b| {
        (&a.endpoint, std::cmp::Reverse(a.level), &a.rule, &a.message).cmp(&(
            &b.endpoint,
            std::cmp::Reverse(b.level),
            &b.rule,
            &b.message,
        ))
    });
    findings.dedup();
    findings
}

/// Fills in line numbers from each version's files.
pub fn locate(findings: &mut [Finding], old: &Sources, new: &Sources) {
    for finding in findings {
        for (site, sources) in [(&mut finding.old, old), (&mut finding.new, new)] {
            if let Some(site) = site {
                site.line = site
                    .line
                    .or_else(|| sources.position(&site.file, &site.pointer).map(|(l, _)| l));
            }
        }
    }
}

/// Per-rule level overrides and accepted findings.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    pub levels: Vec<(String, Level)>,
    /// Accepted findings: a rule id and an endpoint (`*` for any).
    pub ignored: Vec<(String, String)>,
}

impl Policy {
    /// Reads an ignore file: one accepted finding per line, `RULE METHOD PATH`
    /// (or `RULE *`), with `#` comments.
    pub fn parse_ignore_file(&mut self, text: &str) -> Result<(), String> {
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (rule, endpoint) = line.split_once(char::is_whitespace).ok_or_else(|| {
                format!("line {}: expected `RULE METHOD PATH` or `RULE *`", n + 1)
            })?;
            self.ignored
                .push((rule.to_string(), endpoint.trim().to_string()));
        }
        Ok(())
    }

    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| {
                !self.ignored.iter().any(|(rule, endpoint)| {
                    *rule == f.rule && (endpoint == "*" || *endpoint == f.endpoint)
                })
            })
            .map(|mut f| {
                if let Some((_, level)) = self.levels.iter().rev().find(|(rule, _)| *rule == f.rule)
                {
                    f.level = *level;
                }
                f
            })
            .collect()
    }
}
