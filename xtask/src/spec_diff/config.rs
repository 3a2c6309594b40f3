//! `spec-diff.toml`: the levels and accepted findings a project settles
//! on, kept beside its specs instead of repeated as flags. Flags given on
//! the command line win over the file.
//!
//! ```toml
//! fail-on = "warning"
//!
//! [levels]
//! request-property-pattern-changed = "info"
//!
//! [[accept]]
//! rule = "request-parameter-enum-value-removed"
//! endpoint = "DELETE /api/v1/workspaces/{WorkspaceId}/resources"  # or "*"
//! reason = "Detach was never offered"
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use generator::diff::{Level, Policy};
use serde::Deserialize;

/// The file read when `--config` is not given, from the current directory.
pub const DEFAULT_FILE: &str = "spec-diff.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub fail_on: Option<Level>,
    #[serde(default)]
    pub levels: BTreeMap<String, Level>,
    #[serde(default)]
    pub accept: Vec<Accepted>,
}

/// A finding reviewed and accepted: it is no longer reported.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    pub rule: String,
    /// `METHOD PATH`, or `*` for every endpoint.
    pub endpoint: String,
    /// Why it was accepted, for the next reviewer; not read.
    #[allow(dead_code)]
    pub reason: Option<String>,
}

impl Config {
    /// Reads a config file; the error names the file, line and key.
    pub fn read(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Config::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| {
            let mut message = e.message().to_string();
            if let Some(span) = e.span() {
                let line = text[..span.start].matches('\n').count() + 1;
                message = format!("line {line}: {message}");
            }
            message
        })
    }

    /// The file's levels and accepted findings, as a policy that flags
    /// may add to (and, given later, override).
    pub fn policy(&self) -> Policy {
        Policy {
            levels: self
                .levels
                .iter()
                .map(|(rule, level)| (rule.clone(), *level))
                .collect(),
            ignored: self
                .accept
                .iter()
                .map(|a| (a.rule.clone(), a.endpoint.clone()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_gives_levels_accepted_findings_and_the_threshold() {
        let config = Config::parse(
            "fail-on = \"warning\"\n[levels]\nrequest-property-pattern-changed = \"info\"\n\
             [[accept]]\nrule = \"endpoint-added\"\nendpoint = \"*\"\nreason = \"new API\"\n",
        )
        .unwrap();
        assert_eq!(config.fail_on, Some(Level::Warning));
        let policy = config.policy();
        assert_eq!(
            policy.levels,
            vec![("request-property-pattern-changed".to_string(), Level::Info)]
        );
        assert_eq!(
            policy.ignored,
            vec![("endpoint-added".to_string(), "*".to_string())]
        );
    }

    #[test]
    fn mistakes_in_a_config_are_located() {
        let bad_level =
            Config::parse("[levels]\nrule-a = \"info\"\nrule-b = \"fatal\"\n").unwrap_err();
        assert!(bad_level.starts_with("line 3:"), "{bad_level}");
        assert!(bad_level.contains("fatal"), "{bad_level}");
        let unknown = Config::parse("fail_on = \"info\"\n").unwrap_err();
        assert!(unknown.contains("fail_on"), "{unknown}");
        let missing = Config::parse("[[accept]]\nrule = \"x\"\n").unwrap_err();
        assert!(missing.contains("endpoint"), "{missing}");
    }
}
