//! The files a spec is made of, and how a pointer into the bundled document
//! maps back to the file, pointer, line and column a user can open.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::positions::SourceMap;
use crate::error::{Error, Location};

/// Reads the files a spec refers to, by the path the loader resolved: the
/// referring file's directory joined with the reference, `/`-separated.
pub trait ReadFile: Send + Sync {
    fn read(&self, path: &str) -> std::io::Result<String>;
}

/// Files on disk, with relative paths taken from `root`.
#[derive(Clone, Debug)]
pub struct Disk {
    pub root: PathBuf,
}

impl Disk {
    /// Relative paths from the current directory.
    pub fn current_dir() -> Disk {
        Disk {
            root: PathBuf::from("."),
        }
    }
}

impl ReadFile for Disk {
    fn read(&self, path: &str) -> std::io::Result<String> {
        std::fs::read_to_string(self.root.join(path))
    }
}

/// Files held in memory, for tests and for callers that fetch specs
/// themselves.
#[derive(Clone, Debug, Default)]
pub struct InMemory(pub BTreeMap<String, String>);

impl ReadFile for InMemory {
    fn read(&self, path: &str) -> std::io::Result<String> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    }
}

/// A part of the bundled document that came from another file.
#[derive(Clone, Debug)]
pub struct Origin {
    /// Where it sits in the bundled document.
    pub bundled: String,
    pub file: String,
    /// Where it sits in `file`.
    pub pointer: String,
}

/// The root file and every file pulled into it.
#[derive(Clone, Debug)]
pub struct Sources {
    root_file: String,
    texts: BTreeMap<String, String>,
    origins: Vec<Origin>,
}

impl Sources {
    pub(super) fn new(root_file: &str, root_text: &str) -> Sources {
        Sources {
            root_file: root_file.to_string(),
            texts: BTreeMap::from([(root_file.to_string(), root_text.to_string())]),
            origins: Vec::new(),
        }
    }

    pub(super) fn add_text(&mut self, file: &str, text: String) {
        self.texts.insert(file.to_string(), text);
    }

    pub(super) fn record(&mut self, origin: Origin) {
        self.origins.push(origin);
    }

    /// The file and pointer a user can open for a pointer into the bundled
    /// document (no line yet: see [`Sources::locate`]).
    pub fn location(&self, bundled: &str) -> Location {
        let within = |origin: &&Origin| {
            bundled
                .strip_prefix(origin.bundled.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        // The innermost part wins: a component pulled in from a path item
        // that was itself pulled in is named by its own file.
        match self
            .origins
            .iter()
            .filter(within)
            .max_by_key(|origin| origin.bundled.len())
        {
            Some(origin) => {
                let rest = &bundled[origin.bundled.len()..];
                Location {
                    file: origin.file.clone(),
                    pointer: format!("{}{rest}", origin.pointer),
                    line_col: None,
                }
            }
            None => Location {
                file: self.root_file.clone(),
                pointer: bundled.to_string(),
                line_col: None,
            },
        }
    }

    /// Line and column of `pointer` in `file`, or of its nearest ancestor.
    pub fn position(&self, file: &str, pointer: &str) -> Option<(usize, usize)> {
        let text = self.texts.get(file)?;
        SourceMap::build(text).position(pointer)
    }

    /// Fills in the line and column of an error's location. Positions are
    /// only computed when an error is reported, so a good spec pays nothing.
    pub fn locate(&self, error: Error) -> Error {
        let fill = |at: Location| Location {
            line_col: at.line_col.or_else(|| self.position(&at.file, &at.pointer)),
            ..at
        };
        match error {
            Error::Invalid { at, message } => Error::Invalid {
                at: fill(at),
                message,
            },
            Error::Unsupported { at, what } => Error::Unsupported { at: fill(at), what },
            other => other,
        }
    }
}
