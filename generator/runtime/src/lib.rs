//! Support code shared by the generated modules: constraint checks, enum
//! values a spec does not list, parameter encoding, validation of JSON
//! values against the spec, and the client and server pipelines.
//!
//! Generated crates depend on this crate and re-export it as `runtime`, so
//! the generated code stays short and a fix here reaches every consumer
//! without regenerating it. `cargo xtask generate` copies this crate
//! verbatim next to each standalone crate it writes.

mod checks;
#[cfg(feature = "cli")]
pub mod cli;
mod constrained;
pub mod enums;
mod file;
mod formats;
mod params;
pub mod signing;
pub mod validate;

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "server")]
pub mod server;

pub use checks::*;
#[cfg(feature = "client")]
pub use client::*;
pub use constrained::Constrained;
pub use enums::Enumeration;
pub use file::File;
pub use formats::*;
pub use params::*;
/// The HTTP client the generated clients send with, re-exported so a hook
/// or `with_client` never needs a hand-matched `reqwest` version.
#[cfg(feature = "client")]
pub use reqwest;

/// Items only a server needs (the `Validate` impls the macros stamp on),
/// kept out of client-only builds by this crate's own `server` feature.
#[cfg(feature = "server")]
#[doc(hidden)]
#[macro_export]
macro_rules! __server_only {
    ($($item:item)*) => { $($item)* };
}

#[cfg(not(feature = "server"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __server_only {
    ($($item:item)*) => {};
}

/// What the macros reach through `$crate`, so a generated crate needs
/// no matching versions of these for them.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(encode_path_segment("p", "a/b").unwrap(), "a%2Fb");
        assert_eq!(encode_path_segment("p", "../x").unwrap(), "..%2Fx");
        assert_eq!(
            encode_path_segment("p", "a b?c#d%").unwrap(),
            "a%20b%3Fc%23d%25"
        );
        for bad in ["", ".", ".."] {
            assert!(encode_path_segment("p", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn query_arrays_follow_explode() {
        let mut query = QueryString::default();
        query.push_array("ResourceIds", &["a", "b,c"], false);
        query.push_array("tag", &["x", "y"], true);
        assert_eq!(query.as_str(), "ResourceIds=a,b%2Cc&tag=x&tag=y");
    }

    #[test]
    fn checks_report_what_is_wrong() {
        assert!(check_length("T", "ab", Some(3), None)
            .unwrap_err()
            .message
            .contains("below the minimum of 3"));
        assert!(check_length("T", "工作空间", None, Some(4)).is_ok());
        assert!(check_unique("T", &[1, 2, 1]).is_err());
        assert!(check_range("T", 5.0, Some(5.0), None, true, false).is_err());
        assert!(check_multiple_of("T", 0.3, 0.1).is_ok());
        assert!(check_multiple_of("T", 0.35, 0.1).is_err());
        // Large quotients: the tolerance must not swallow a half.
        assert!(check_multiple_of("T", 3_000_000_001.0, 2.0).is_err());
        assert!(check_multiple_of("T", 3_000_000_002.0, 2.0).is_ok());
        assert!(check_multiple_of("T", 7.75, 0.25).is_ok());
        assert!(check_multiple_of("T", 7.8, 0.25).is_err());
    }
}
