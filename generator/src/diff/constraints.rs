//! Constraints compared: tightening what a request may carry breaks
//! clients, and so does loosening what a response may return.

use super::patterns;
use super::schemas::{direction_name, show, Compare, Direction, Place, Role};
use super::{Level, RustEffect};
use crate::model::Constraints;

/// The constraints as they act on values: an anchored pattern's length
/// bounds count as `minLength`/`maxLength`, so a bound moved from the
/// keyword into the pattern (or back) is no change.
fn effective(declared: &Constraints) -> Constraints {
    let mut effective = declared.clone();
    if let Some((low, high)) = declared
        .pattern
        .as_deref()
        .and_then(patterns::implied_length)
    {
        let min = declared.min_length.unwrap_or(0).max(low);
        effective.min_length = (min > 0).then_some(min);
        effective.max_length = match (declared.max_length, high) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    effective
}

impl Compare<'_> {
    /// Constraints tightened or loosened. `same_rust`: the generated type
    /// is the same (only its checks change).
    pub(super) fn constraints(
        &mut self,
        dir: Direction,
        role: Role,
        old: Option<&Constraints>,
        new: Option<&Constraints>,
        place: &Place,
        same_rust: bool,
    ) {
        let empty = Constraints::default();
        let (declared_old, declared_new) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
        let (old, new) = (&effective(declared_old), &effective(declared_new));
        let lengths = |keyword: &str, c: &Constraints| match keyword {
            "max-length" => Some(c.max_length),
            "min-length" => Some(c.min_length),
            _ => None,
        };
        let implied = |keyword: &str| {
            lengths(keyword, old) != lengths(keyword, declared_old)
                || lengths(keyword, new) != lengths(keyword, declared_new)
        };
        // A length bound is reported when its keyword changed and the
        // effective bound with it; a bound that moves only because the
        // pattern changed is part of the pattern's finding.
        let keyword_changed = |keyword: &str| match (
            lengths(keyword, declared_old),
            lengths(keyword, declared_new),
        ) {
            (Some(a), Some(b)) => a != b,
            _ => true,
        };
        let (d, r) = (direction_name(dir), role.as_str());
        let rust = RustEffect {
            source_breaking: !same_rust,
            note: if same_rust {
                "same Rust type; its checks change".to_string()
            } else {
                "a checked newtype appears or goes".to_string()
            },
        };
        let mut changes: Vec<(&str, Option<f64>, Option<f64>, bool)> = vec![
            (
                "max-length",
                old.max_length.map(|v| v as f64),
                new.max_length.map(|v| v as f64),
                true,
            ),
            (
                "min-length",
                old.min_length.map(|v| v as f64),
                new.min_length.map(|v| v as f64),
                false,
            ),
            (
                "max-items",
                old.max_items.map(|v| v as f64),
                new.max_items.map(|v| v as f64),
                true,
            ),
            (
                "min-items",
                old.min_items.map(|v| v as f64),
                new.min_items.map(|v| v as f64),
                false,
            ),
            ("max", old.maximum, new.maximum, true),
            ("min", old.minimum, new.minimum, false),
        ];
        changes.retain(|(keyword, a, b, _)| a != b && keyword_changed(keyword));
        for (keyword, a, b, is_max) in changes {
            // For a maximum, lower (or newly set) is tighter; for a minimum, higher.
            let (change, tightened) = match (a, b) {
                (None, Some(_)) => ("set", true),
                (Some(_), None) => ("unset", false),
                (Some(a), Some(b)) if (b < a) == is_max => {
                    (if is_max { "decreased" } else { "increased" }, true)
                }
                (Some(_), Some(_)) => (if is_max { "increased" } else { "decreased" }, false),
                (None, None) => continue,
            };
            let level = level_for(dir, tightened);
            let message = format!(
                "{}: {keyword} {change} ({} to {}{})",
                place.label,
                show_num(a),
                show_num(b),
                if implied(keyword) {
                    ", counting the bounds the pattern implies"
                } else {
                    ""
                }
            );
            self.push(
                format!("{d}-{r}-{keyword}-{change}"),
                level,
                message,
                place,
                rust.clone(),
            );
        }
        if old.exclusive_minimum != new.exclusive_minimum
            || old.exclusive_maximum != new.exclusive_maximum
        {
            let tightened = (new.exclusive_minimum && !old.exclusive_minimum)
                || (new.exclusive_maximum && !old.exclusive_maximum);
            let message = format!("{}: exclusive bounds changed", place.label);
            self.push(
                format!("{d}-{r}-exclusive-bound-changed"),
                level_for(dir, tightened),
                message,
                place,
                rust.clone(),
            );
        }
        let (change, level) = match (&old.pattern, &new.pattern) {
            (None, Some(_)) => ("added", level_for(dir, true)),
            (Some(_), None) => ("removed", level_for(dir, false)),
            (Some(a), Some(b)) if !patterns::equivalent(a, b) => ("changed", Level::Warning),
            _ => ("", Level::Info),
        };
        if !change.is_empty() {
            let message = format!(
                "{}: pattern {change} ({} to {})",
                place.label,
                show(&old.pattern.clone().map(Into::into)),
                show(&new.pattern.clone().map(Into::into))
            );
            self.push(
                format!("{d}-{r}-pattern-{change}"),
                level,
                message,
                place,
                rust.clone(),
            );
        }
        if old.multiple_of != new.multiple_of {
            let tightened = new
                .multiple_of
                .is_some_and(|n| old.multiple_of.is_none_or(|o| (n / o).fract() != 0.0));
            let message = format!(
                "{}: multipleOf changed ({} to {})",
                place.label,
                show_num(old.multiple_of),
                show_num(new.multiple_of)
            );
            self.push(
                format!("{d}-{r}-multiple-of-changed"),
                level_for(dir, tightened),
                message,
                place,
                rust.clone(),
            );
        }
        if old.unique_items != new.unique_items {
            let message = format!(
                "{}: uniqueItems {}",
                place.label,
                if new.unique_items { "set" } else { "unset" }
            );
            let change = if new.unique_items { "set" } else { "unset" };
            self.push(
                format!("{d}-{r}-unique-items-{change}"),
                level_for(dir, new.unique_items),
                message,
                place,
                rust,
            );
        }
    }
}

/// Tightening breaks requests; loosening breaks responses.
fn level_for(dir: Direction, tightened: bool) -> Level {
    match (dir, tightened) {
        (Direction::Request, true) | (Direction::Response, false) => Level::Breaking,
        _ => Level::Info,
    }
}

fn show_num(value: Option<f64>) -> String {
    value
        .map(|v| v.to_string())
        .unwrap_or_else(|| "none".to_string())
}
