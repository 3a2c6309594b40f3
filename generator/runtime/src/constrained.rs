//! The spec's constrained values (a string with a pattern, a bounded
//! integer, an array with an item count): a newtype that holds only
//! values within its constraints. The generated impl of [`Constrained`]
//! says what the constraints are; the impls every such newtype shares are
//! written once here and stamped on by [`constrained!`](crate::constrained).

/// What a generated newtype checks. Every way in (`new`, `TryFrom`,
/// deserializing, parsing a parameter) goes through `check`.
pub trait Constrained {
    /// The value the newtype wraps.
    type Inner;

    /// The first constraint `value` breaks, if any.
    fn check(value: &Self::Inner) -> Result<(), crate::ConstraintError>;
}

/// The shared impls of a generated newtype `Name(Inner)` that implements
/// [`Constrained`]: a checking `new`, `check`, `get`, `into_inner`,
/// `Deref`, `TryFrom`, serde (reading goes through `new`) and, with this
/// crate's `server` feature, validation.
/// `scalar` adds `Display` and parameter text both ways; a `String`
/// newtype is scalar and takes anything `Into<String>`.
#[macro_export]
macro_rules! constrained {
    (scalar $name:ident($inner:ty)) => {
        $crate::constrained!(@shared $name($inner), value: $inner);
        $crate::constrained!(@scalar $name($inner));
    };
    ($name:ident(String)) => {
        $crate::constrained!(
            @shared $name(::std::string::String),
            value: impl ::std::convert::Into<::std::string::String>
        );
        $crate::constrained!(@scalar $name(::std::string::String));
    };
    ($name:ident($inner:ty)) => {
        $crate::constrained!(@shared $name($inner), value: $inner);
    };
    (@shared $name:ident($inner:ty), value: $arg:ty) => {
        impl $name {
            /// Checks the value against the spec's constraints.
            pub fn new(value: $arg) -> ::std::result::Result<Self, $crate::ConstraintError> {
                let value: $inner = value.into();
                <Self as $crate::Constrained>::check(&value)?;
                Ok(Self(value))
            }

            /// The constraints this type enforces, without building a value.
            pub fn check(value: &$inner) -> ::std::result::Result<(), $crate::ConstraintError> {
                <Self as $crate::Constrained>::check(value)
            }

            pub fn get(&self) -> &$inner {
                &self.0
            }

            pub fn into_inner(self) -> $inner {
                self.0
            }
        }

        impl ::std::ops::Deref for $name {
            type Target = $inner;

            fn deref(&self) -> &$inner {
                &self.0
            }
        }

        impl ::std::convert::TryFrom<$inner> for $name {
            type Error = $crate::ConstraintError;

            fn try_from(value: $inner) -> ::std::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::__private::serde::Serialize::serialize(&self.0, serializer)
            }
        }

        /// Reading goes through the same check as `new`.
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <$inner as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                Self::new(value).map_err(<D::Error as $crate::__private::serde::de::Error>::custom)
            }
        }

        $crate::__server_only! {
        impl $crate::validate::Validate for $name {
            fn validate(
                value: &$crate::__private::serde_json::Value,
                at: &str,
                out: &mut $crate::validate::Violations,
            ) {
                $crate::validate::constrained::<$inner>(
                    value,
                    at,
                    out,
                    <Self as $crate::Constrained>::check,
                );
            }
        }
        }
    };
    (@scalar $name:ident($inner:ty)) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl $crate::ParamValue for $name {
            fn to_param(&self) -> ::std::string::String {
                $crate::ParamValue::to_param(&self.0)
            }
        }

        impl $crate::FromParam for $name {
            fn from_param(text: &str) -> ::std::result::Result<Self, ::std::string::String> {
                let inner = <$inner as $crate::FromParam>::from_param(text)?;
                Self::new(inner).map_err(|err| err.message)
            }
        }
    };
}

// The fixtures use only part of what the macros stamp on.
#[cfg(test)]
#[allow(dead_code)]
mod tests {
    use crate::{check_length, check_range, Constrained, ConstraintError, FromParam};

    #[derive(Clone, Debug, PartialEq)]
    struct Name(String);

    impl Constrained for Name {
        type Inner = String;

        fn check(value: &String) -> Result<(), ConstraintError> {
            check_length("Name", value, Some(1), Some(3))
        }
    }

    crate::constrained!(Name(String));

    #[derive(Clone, Debug, PartialEq)]
    struct Limit(u32);

    impl Constrained for Limit {
        type Inner = u32;

        fn check(value: &u32) -> Result<(), ConstraintError> {
            check_range("Limit", *value as f64, Some(1.0), None, false, false)
        }
    }

    crate::constrained!(scalar Limit(u32));

    #[derive(Clone, Debug, PartialEq)]
    struct Tags(Vec<String>);

    impl Constrained for Tags {
        type Inner = Vec<String>;

        fn check(value: &Vec<String>) -> Result<(), ConstraintError> {
            crate::check_items("Tags", value.len(), None, Some(1))
        }
    }

    crate::constrained!(Tags(Vec<String>));

    #[test]
    fn every_way_in_is_checked() {
        assert_eq!(Name::new("abc").unwrap().get(), "abc");
        assert!(Name::new("abcd").is_err());
        assert!(serde_json::from_str::<Name>("\"\"").is_err());
        assert!(Limit::try_from(0).is_err());
        assert_eq!(Limit::from_param("5").unwrap().into_inner(), 5);
        assert!(Limit::from_param("0").unwrap_err().contains("at least 1"));
        assert!(serde_json::from_str::<Tags>("[\"a\",\"b\"]").is_err());
        assert_eq!(Limit::new(2).unwrap().to_string(), "2");
    }

    #[cfg(feature = "server")]
    #[test]
    fn validation_reports_where() {
        let mut out = Vec::new();
        <Limit as crate::validate::Validate>::validate(
            &serde_json::json!(0),
            "query/limit",
            &mut out,
        );
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].location, "query/limit");
    }
}
