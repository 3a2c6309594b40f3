//! The spec's enumerations: what a generated enum states about itself
//! ([`Enumeration`]), and the impls every such enum shares, written once
//! here and stamped onto each by [`enumeration!`](crate::enumeration).
//!
//! A generated enum has one variant per declared value and an `Unknown`
//! variant for the rest. Reading is lenient, so a server that adds a value
//! does not break a client; parsing a parameter is strict, so a server
//! refuses what its spec does not list.

use serde::{Deserialize, Deserializer, Serializer};

use crate::validate::{self, Violation};
use crate::UnknownEnumValue;

/// What a generated enum knows about its values. The generated impl holds
/// the two matches (variant to text, text to variant); everything else is
/// generic.
pub trait Enumeration: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The declared values, in spec order.
    const VALUES: &'static [&'static str];
    /// Whether the values are JSON integers rather than strings.
    const INTEGER: bool = false;

    /// The value as it goes over the wire.
    fn as_str(&self) -> &str;

    /// A declared value's own variant; anything else becomes `Unknown`.
    fn from_wire(value: String) -> Self;

    /// Whether this is one of the declared values. `from_wire` never puts
    /// a declared value in `Unknown`, so the text alone tells.
    fn is_known(&self) -> bool {
        Self::VALUES.contains(&self.as_str())
    }
}

/// Strict parsing: only declared values.
pub fn parse<T: Enumeration>(text: &str) -> Result<T, UnknownEnumValue> {
    if T::VALUES.contains(&text) {
        Ok(T::from_wire(text.to_string()))
    } else {
        Err(UnknownEnumValue::new(T::NAME, text))
    }
}

/// The value as a JSON string, or as a JSON integer for an integer
/// enumeration (an unlisted non-numeric value stays a string).
pub fn serialize<T: Enumeration, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match T::INTEGER.then(|| value.as_str().parse::<i64>()) {
        Some(Ok(number)) => serializer.serialize_i64(number),
        _ => serializer.serialize_str(value.as_str()),
    }
}

/// Lenient reading: an unlisted value becomes `Unknown`.
pub fn deserialize<'de, T: Enumeration, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    if T::INTEGER {
        i64::deserialize(deserializer).map(|number| T::from_wire(number.to_string()))
    } else {
        String::deserialize(deserializer).map(T::from_wire)
    }
}

/// The JSON value is one of the declared values, of the declared kind.
pub fn validate<T: Enumeration>(value: &serde_json::Value, at: &str, out: &mut Vec<Violation>) {
    if T::INTEGER {
        validate::integer_enum_value(value, T::VALUES, at, out);
    } else {
        validate::enum_value(value, T::VALUES, at, out);
    }
}

/// The shared impls of a generated enum that implements [`Enumeration`]:
/// inherent `VALUES`, `as_str`, `is_known` and `unlisted`; `Display`,
/// strict `FromStr`; lenient serde; parameter text both ways; and, with
/// this crate's `server` feature, validation.
#[macro_export]
macro_rules! enumeration {
    ($name:ident) => {
        impl $name {
            /// The declared values, in spec order.
            pub const VALUES: &'static [&'static str] = <Self as $crate::Enumeration>::VALUES;

            /// The value as it goes over the wire.
            pub fn as_str(&self) -> &str {
                $crate::Enumeration::as_str(self)
            }

            /// Whether this is one of the declared values.
            pub fn is_known(&self) -> bool {
                $crate::Enumeration::is_known(self)
            }

            /// The escape hatch for a value the vendor accepts but the spec
            /// does not list yet. A declared value still comes out as its
            /// own variant, so this never hides a listed value behind
            /// `Unknown`; a strict server may refuse the rest.
            pub fn unlisted(value: impl ::std::convert::Into<::std::string::String>) -> Self {
                $crate::Enumeration::from_wire(value.into())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Strict parsing: only declared values.
        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownEnumValue;

            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                $crate::enums::parse(text)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::enums::serialize(self, serializer)
            }
        }

        /// Lenient reading: an unlisted value becomes `Unknown`, so a
        /// server that adds a value does not break this client.
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::enums::deserialize(deserializer)
            }
        }

        impl $crate::ParamValue for $name {
            fn to_param(&self) -> ::std::string::String {
                self.as_str().to_string()
            }
        }

        /// Parameters are parsed strictly: only declared values.
        impl $crate::FromParam for $name {
            fn from_param(text: &str) -> ::std::result::Result<Self, ::std::string::String> {
                $crate::enums::parse(text).map_err(|err| err.to_string())
            }
        }

        $crate::__server_only! {
        impl $crate::validate::Validate for $name {
            fn validate(
                value: &$crate::__private::serde_json::Value,
                at: &str,
                out: &mut $crate::validate::Violations,
            ) {
                $crate::enums::validate::<Self>(value, at, out)
            }
        }
        }
    };
}

// The fixtures use only part of what the macros stamp on.
#[cfg(test)]
#[allow(dead_code)]
mod tests {
    use crate::{Enumeration, UnknownValue};

    #[derive(Clone, Debug, PartialEq)]
    enum Mode {
        Fast,
        Safe,
        Unknown(UnknownValue),
    }

    impl Enumeration for Mode {
        const NAME: &'static str = "Mode";
        const VALUES: &'static [&'static str] = &["fast", "safe"];

        fn as_str(&self) -> &str {
            match self {
                Self::Fast => "fast",
                Self::Safe => "safe",
                Self::Unknown(value) => value.as_str(),
            }
        }

        fn from_wire(value: String) -> Self {
            match value.as_str() {
                "fast" => Self::Fast,
                "safe" => Self::Safe,
                _ => Self::Unknown(UnknownValue::from_wire(value)),
            }
        }
    }

    crate::enumeration!(Mode);

    #[derive(Clone, Debug, PartialEq)]
    enum Level {
        One,
        Unknown(UnknownValue),
    }

    impl Enumeration for Level {
        const NAME: &'static str = "Level";
        const VALUES: &'static [&'static str] = &["1"];
        const INTEGER: bool = true;

        fn as_str(&self) -> &str {
            match self {
                Self::One => "1",
                Self::Unknown(value) => value.as_str(),
            }
        }

        fn from_wire(value: String) -> Self {
            match value.as_str() {
                "1" => Self::One,
                _ => Self::Unknown(UnknownValue::from_wire(value)),
            }
        }
    }

    crate::enumeration!(Level);

    #[test]
    fn reading_is_lenient_and_parsing_strict() {
        let read: Mode = serde_json::from_str("\"turbo\"").unwrap();
        assert!(!read.is_known());
        assert_eq!(serde_json::to_string(&read).unwrap(), "\"turbo\"");
        assert_eq!("safe".parse::<Mode>().unwrap(), Mode::Safe);
        let err = "turbo".parse::<Mode>().unwrap_err();
        assert_eq!(err.to_string(), "\"turbo\" is not a declared value of Mode");
        assert_eq!(Mode::unlisted("fast"), Mode::Fast);
        assert_eq!(
            <Mode as crate::FromParam>::from_param("slow").unwrap_err(),
            "\"slow\" is not a declared value of Mode"
        );
    }

    #[test]
    fn integer_enumerations_are_numbers_on_the_wire() {
        assert_eq!(serde_json::to_string(&Level::One).unwrap(), "1");
        let read: Level = serde_json::from_str("7").unwrap();
        assert_eq!(read.as_str(), "7");
        assert!(serde_json::from_str::<Level>("\"1\"").is_err());
    }

    #[cfg(feature = "server")]
    #[test]
    fn validation_knows_integers_from_strings() {
        let mut out = Vec::new();
        <Level as crate::validate::Validate>::validate(&serde_json::json!("1"), "body", &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        out.clear();
        <Mode as crate::validate::Validate>::validate(&serde_json::json!("fast"), "body", &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
