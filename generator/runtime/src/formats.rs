//! String formats with types of their own: `date-time` (RFC 3339, the
//! offset kept), `date` (a full date), `uuid` and `byte` (base64). Each is
//! a JSON string on the wire and in parameters; reading one checks the
//! format, on both sides.

use std::fmt;
use std::str::FromStr;

use base64::Engine;
use serde_json::Value;

use crate::params::{FromParam, ParamValue};
use crate::validate::{Validate, Violation};

pub use uuid::Uuid;

/// `format: date-time`: an instant with the offset it was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime(pub time::OffsetDateTime);

/// `format: date`: a calendar date, `2026-12-01`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(pub time::Date);

/// `format: byte`: bytes sent as standard base64 text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64(pub Vec<u8>);

const DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

impl FromStr for DateTime {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .map(DateTime)
            .map_err(|_| format!("{text:?} is not an RFC 3339 date-time"))
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self
            .0
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl FromStr for Date {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        time::Date::parse(text, DATE)
            .map(Date)
            .map_err(|_| format!("{text:?} is not a date (YYYY-MM-DD)"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.format(DATE).map_err(|_| fmt::Error)?)
    }
}

impl FromStr for Base64 {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map(Base64)
            .map_err(|_| format!("{text:?} is not base64"))
    }
}

impl fmt::Display for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

/// Serde through `FromStr` and `Display` (uuid brings its own).
macro_rules! serde_as_text {
    ($($ty:ty),*) => {
        $(
            impl serde::Serialize for $ty {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.collect_str(self)
                }
            }

            impl<'de> serde::Deserialize<'de> for $ty {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                    text.parse().map_err(serde::de::Error::custom)
                }
            }
        )*
    };
}

serde_as_text!(DateTime, Date, Base64);

/// The formats in one place: parsing checks, text forms and validation,
/// all through `FromStr` and `Display`.
macro_rules! string_format {
    ($($ty:ty => $what:literal),*) => {
        $(
            impl ParamValue for $ty {
                fn to_param(&self) -> String {
                    self.to_string()
                }
            }

            impl FromParam for $ty {
                fn from_param(text: &str) -> Result<Self, String> {
                    text.parse::<$ty>().map_err(|err| err.to_string())
                }
            }

            impl Validate for $ty {
                fn validate(value: &Value, at: &str, out: &mut Vec<Violation>) {
                    match value {
                        Value::String(text) => {
                            if let Err(message) = text.parse::<$ty>() {
                                out.push(Violation::new(at, message.to_string()));
                            }
                        }
                        _ => out.push(Violation::new(at, concat!("expected ", $what))),
                    }
                }
            }
        )*
    };
}

string_format!(
    DateTime => "an RFC 3339 date-time string",
    Date => "a date string",
    Base64 => "a base64 string",
    Uuid => "a UUID string"
);

/// Whether `text` is in `format` (`date-time`, `date`, `uuid`, `byte`);
/// formats without a type of their own always are. The generator checks
/// examples and mock values with this.
pub fn conforms(format: &str, text: &str) -> bool {
    match format {
        "date-time" => text.parse::<DateTime>().is_ok(),
        "date" => text.parse::<Date>().is_ok(),
        "uuid" => text.parse::<Uuid>().is_ok(),
        "byte" => text.parse::<Base64>().is_ok(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_time_keeps_its_offset() {
        let value: DateTime = serde_json::from_str(r#""2026-12-01T10:00:00.5+08:00""#).unwrap();
        assert_eq!(value.0.offset().whole_hours(), 8);
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#""2026-12-01T10:00:00.5+08:00""#
        );
        assert!(serde_json::from_str::<DateTime>(r#""2026-12-01""#).is_err());
    }

    #[test]
    fn formats_are_checked_when_read() {
        let mut out = Vec::new();
        DateTime::validate(&Value::from("yesterday"), "body/at", &mut out);
        Uuid::validate(&Value::from("not-a-uuid"), "query/id", &mut out);
        Base64::validate(&Value::from("@@"), "body/data", &mut out);
        Date::validate(&Value::from(3), "body/day", &mut out);
        let at: Vec<&str> = out.iter().map(|v| v.location.as_str()).collect();
        assert_eq!(at, ["body/at", "query/id", "body/data", "body/day"]);
        assert_eq!(Base64::from_param("aGk=").unwrap().0, b"hi");
        assert_eq!(
            Date::from_param("2026-02-28").unwrap().to_param(),
            "2026-02-28"
        );
        assert!(conforms("email", "anything"));
        assert!(!conforms("uuid", "x"));
    }
}
