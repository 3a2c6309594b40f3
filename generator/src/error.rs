//! Located errors. Every problem with an input spec names the file, the
//! position when it is known, and the JSON pointer of the construct.

use std::fmt;

/// Where in an input document something was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The spec file as the user named it.
    pub file: String,
    /// JSON pointer into the document, `#/paths/~1a/post`.
    pub pointer: String,
    /// 1-based line and column, when the loader could find them.
    pub line_col: Option<(usize, usize)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_col {
            Some((line, col)) => write!(f, "{}:{}:{}: {}", self.file, line, col, self.pointer),
            None => write!(f, "{}: {}", self.file, self.pointer),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The document could not be parsed at all.
    #[error("{file}{}: {message}", fmt_line_col(*line_col))]
    Parse {
        file: String,
        line_col: Option<(usize, usize)>,
        message: String,
    },
    /// The document parsed but breaks a rule of OpenAPI or of this generator.
    #[error("{at}: {message}")]
    Invalid { at: Location, message: String },
    /// A construct this generator does not support (yet).
    #[error("{at}: unsupported: {what}")]
    Unsupported { at: Location, what: String },
    /// A bug in the generator: the tokens it produced are not valid Rust.
    #[error("internal error while emitting {file}: {message}")]
    Internal { file: String, message: String },
}

fn fmt_line_col(line_col: Option<(usize, usize)>) -> String {
    line_col
        .map(|(line, col)| format!(":{line}:{col}"))
        .unwrap_or_default()
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
