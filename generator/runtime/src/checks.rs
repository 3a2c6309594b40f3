//! Constraint checks shared by the generated newtypes and validators, and
//! the values an enum receives that its spec does not list.
//!
//! Each keyword is checked by one function here. Generated newtypes call
//! them with their spec's bounds written in; [`check_value`] calls them
//! with bounds held as data, which is how the generator judges examples,
//! defaults and mock values. Both sides therefore agree on every value.

use std::fmt;

use serde_json::Value;

/// A schema's constraint keywords, as data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// The first constraint `value` breaks. Each keyword applies to the JSON
/// type it is about (lengths to strings, item counts to arrays, bounds to
/// numbers) and says nothing about the others.
pub fn check_value(constraints: &Constraints, value: &Value) -> Result<(), ConstraintError> {
    const NAME: &str = "value";
    let c = constraints;
    match value {
        Value::String(text) => {
            check_length(NAME, text, c.min_length, c.max_length)?;
            if let Some(pattern) = &c.pattern {
                let regex = fancy_regex::Regex::new(pattern).map_err(|err| ConstraintError {
                    type_name: NAME,
                    message: format!("the pattern {pattern:?} does not compile: {err}"),
                })?;
                check_pattern(NAME, text, &regex, pattern)?;
            }
        }
        Value::Array(items) => {
            check_items(NAME, items.len(), c.min_items, c.max_items)?;
            if c.unique_items {
                check_unique(NAME, items)?;
            }
        }
        Value::Number(number) => {
            let Some(number) = number.as_f64() else {
                return Ok(());
            };
            check_range(
                NAME,
                number,
                c.minimum,
                c.maximum,
                c.exclusive_minimum,
                c.exclusive_maximum,
            )?;
            if let Some(factor) = c.multiple_of {
                check_multiple_of(NAME, number, factor)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A value that breaks a constraint of the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstraintError {
    /// The generated type whose constraint was broken.
    pub type_name: &'static str,
    pub message: String,
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {}", self.type_name, self.message)
    }
}

impl std::error::Error for ConstraintError {}

fn violation(type_name: &'static str, message: String) -> Result<(), ConstraintError> {
    Err(ConstraintError { type_name, message })
}

/// `minLength` and `maxLength`, counted in characters as JSON Schema does.
pub fn check_length(
    type_name: &'static str,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ConstraintError> {
    let len = value.chars().count();
    if let Some(min) = min.filter(|min| len < *min) {
        return violation(
            type_name,
            format!("length {len} is below the minimum of {min}"),
        );
    }
    if let Some(max) = max.filter(|max| len > *max) {
        return violation(
            type_name,
            format!("length {len} is above the maximum of {max}"),
        );
    }
    Ok(())
}

/// `pattern`: the regular expression must match somewhere in the value.
/// fancy-regex takes ECMA-style look-around, which specs use; a match that
/// exceeds its backtracking limit counts as a failure, never a panic.
pub fn check_pattern(
    type_name: &'static str,
    value: &str,
    regex: &fancy_regex::Regex,
    pattern: &str,
) -> Result<(), ConstraintError> {
    match regex.is_match(value) {
        Ok(true) => Ok(()),
        Ok(false) => violation(
            type_name,
            format!("{value:?} does not match the pattern {pattern:?}"),
        ),
        Err(err) => violation(
            type_name,
            format!("{value:?} could not be checked against {pattern:?}: {err}"),
        ),
    }
}

/// `minItems` and `maxItems`.
pub fn check_items(
    type_name: &'static str,
    len: usize,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ConstraintError> {
    if let Some(min) = min.filter(|min| len < *min) {
        return violation(
            type_name,
            format!("{len} items is below the minimum of {min}"),
        );
    }
    if let Some(max) = max.filter(|max| len > *max) {
        return violation(
            type_name,
            format!("{len} items is above the maximum of {max}"),
        );
    }
    Ok(())
}

/// `uniqueItems`.
pub fn check_unique<T: PartialEq>(
    type_name: &'static str,
    items: &[T],
) -> Result<(), ConstraintError> {
    for (i, item) in items.iter().enumerate() {
        if let Some(j) = items[..i].iter().position(|earlier| earlier == item) {
            return violation(
                type_name,
                format!("items {j} and {i} are equal; items must be unique"),
            );
        }
    }
    Ok(())
}

/// `minimum`, `maximum` and their exclusive forms.
pub fn check_range(
    type_name: &'static str,
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
    exclusive_min: bool,
    exclusive_max: bool,
) -> Result<(), ConstraintError> {
    if let Some(min) = min {
        if value < min || (exclusive_min && value == min) {
            let bound = if exclusive_min { "above" } else { "at least" };
            return violation(type_name, format!("{value} is not {bound} {min}"));
        }
    }
    if let Some(max) = max {
        if value > max || (exclusive_max && value == max) {
            let bound = if exclusive_max { "below" } else { "at most" };
            return violation(type_name, format!("{value} is not {bound} {max}"));
        }
    }
    Ok(())
}

/// `multipleOf`: the quotient is an integer. Where it is exact in binary
/// (integers, halves, quarters) it must be one exactly, so 3000000001 is
/// no multiple of 2; a decimal factor such as 0.1 is not exact in binary,
/// so a quotient within rounding error of an integer counts.
pub fn check_multiple_of(
    type_name: &'static str,
    value: f64,
    factor: f64,
) -> Result<(), ConstraintError> {
    let quotient = value / factor;
    let nearest = quotient.round();
    let rounding = 4.0 * f64::EPSILON * quotient.abs().max(1.0);
    if quotient.is_finite() && (quotient - nearest).abs() <= rounding {
        Ok(())
    } else {
        violation(type_name, format!("{value} is not a multiple of {factor}"))
    }
}

/// An enum value the spec does not list, received from the other side.
///
/// It has no public constructor: code builds only declared values, while a
/// reader keeps what a newer server sent instead of failing on it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// For the generated enums' deserializers only: a value read from the
    /// wire. Hidden, so no caller builds one by accident.
    #[doc(hidden)]
    pub fn from_wire(value: String) -> Self {
        UnknownValue(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Strict parsing of an enum rejected a value the spec does not list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEnumValue {
    pub type_name: &'static str,
    pub value: String,
}

impl UnknownEnumValue {
    pub fn new(type_name: &'static str, value: &str) -> Self {
        UnknownEnumValue {
            type_name,
            value: value.to_string(),
        }
    }
}

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a declared value of {}",
            self.value, self.type_name
        )
    }
}

impl std::error::Error for UnknownEnumValue {}
