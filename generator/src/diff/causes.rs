//! Findings grouped by cause. One edit to a shared definition (a component
//! schema, parameter, response) is seen from every endpoint that uses it;
//! a reviewer wants it once, at the definition, with the endpoints it
//! reaches listed under it.

use std::collections::HashMap;

use serde::Serialize;

use super::{Finding, Level, RustEffect, Site};

/// One change in the spec and the findings it explains.
#[derive(Debug, Serialize)]
pub struct Cause<'a> {
    pub rule: &'a str,
    pub level: Level,
    pub change: &'a str,
    pub old: Option<&'a Site>,
    pub new: Option<&'a Site>,
    pub rust: &'a RustEffect,
    /// The shared definition that changed (`#/components/schemas/Name`),
    /// or `None` for a change to one endpoint.
    pub component: Option<String>,
    /// Every endpoint the change reaches, with where it is seen there.
    pub affects: Vec<Affected<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Affected<'a> {
    pub endpoint: &'a str,
    /// Where in the endpoint: `parameter `name``, `response 200 body/owner`.
    pub subject: &'a str,
}

/// The component a site stands in: the first three tokens of a pointer
/// under `#/components/`.
fn component(site: &Site) -> Option<String> {
    let rest = site.pointer.strip_prefix("#/components/")?;
    let mut tokens = rest.split('/');
    let (kind, name) = (tokens.next()?, tokens.next()?);
    Some(format!("#/components/{kind}/{name}"))
}

/// Groups findings: those at the same place in a shared definition, with
/// the same rule and change, are one cause. The rest are one cause each.
/// Causes come most severe first, then by where they are.
pub fn causes(findings: &[Finding]) -> Vec<Cause<'_>> {
    type Key<'a> = (
        String,
        &'a str,
        Level,
        &'a str,
        Option<&'a Site>,
        Option<&'a Site>,
        &'a RustEffect,
    );
    let mut causes: Vec<Cause> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    for finding in findings {
        let site = finding.new.as_ref().or(finding.old.as_ref());
        let shared = site.and_then(component);
        let affected = Affected {
            endpoint: &finding.endpoint,
            subject: finding.subject(),
        };
        let key = shared.clone().map(|component| {
            (
                component,
                finding.rule.as_str(),
                finding.level,
                finding.change.as_str(),
                finding.old.as_ref(),
                finding.new.as_ref(),
                &finding.rust,
            )
        });
        match key.as_ref().and_then(|key| index.get(key)) {
            Some(&at) => causes[at].affects.push(affected),
            None => {
                if let Some(key) = key {
                    index.insert(key, causes.len());
                }
                causes.push(Cause {
                    rule: &finding.rule,
                    level: finding.level,
                    change: &finding.change,
                    old: finding.old.as_ref(),
                    new: finding.new.as_ref(),
                    rust: &finding.rust,
                    component: shared,
                    affects: vec![affected],
                })
            }
        }
    }
    causes.sort_by(|a, b| {
        let key = |c: &Cause<'_>| {
            (
                std::cmp::Reverse(c.level),
                c.component.is_none(),
                c.component.clone(),
                c.affects[0].endpoint.to_string(),
            )
        };
        key(a).cmp(&key(b))
    });
    causes
}

impl Cause<'_> {
    /// The endpoints it reaches, each once, in order.
    pub fn endpoints(&self) -> Vec<&str> {
        let mut endpoints: Vec<&str> = self.affects.iter().map(|a| a.endpoint).collect();
        endpoints.sort_unstable();
        endpoints.dedup();
        endpoints
    }
}

/// The endpoints a list of causes reaches, each once.
pub fn endpoints_affected(causes: &[Cause]) -> usize {
    let mut endpoints: Vec<&str> = causes
        .iter()
        .flat_map(|c| c.affects.iter().map(|a| a.endpoint))
        .collect();
    endpoints.sort_unstable();
    endpoints.dedup();
    endpoints.len()
}
