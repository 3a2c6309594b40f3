//! Load: read a YAML or JSON document, and the local files it refers to,
//! into one `openapiv3::OpenAPI`.
//!
//! serde_yaml is archived upstream; it is used here and nowhere else, so the
//! parser can be swapped without touching the rest of the pipeline.

mod bundle;
mod positions;
mod sources;
mod v31;

use openapiv3::OpenAPI;
use serde_json::Value;

pub use positions::SourceMap;
pub use sources::{Disk, InMemory, ReadFile, Sources};

use crate::error::{Error, Location, Result};

/// A parsed spec with what is needed to locate errors in it.
pub struct Document {
    /// The file name as the user gave it.
    pub file: String,
    pub spec: OpenAPI,
    /// What the reader left out, for the user to hear (3.1 webhooks).
    pub notes: Vec<String>,
    /// The root file and the files pulled into it.
    pub sources: Sources,
}

impl Document {
    /// Fills in line and column for an error's pointer.
    pub fn locate(&self, error: Error) -> Error {
        self.sources.locate(error)
    }

    /// Where a pointer into the (bundled) document is, in the file it came
    /// from.
    pub fn location(&self, pointer: impl Into<String>) -> Location {
        self.sources.location(&pointer.into())
    }
}

/// Parses `text`, pulls in the local files it refers to (read through
/// `files`, relative to `file`), checks the OpenAPI version and deserialises
/// the document.
pub fn load(file: &str, text: &str, files: &dyn ReadFile) -> Result<Document> {
    let mut value = parse_document(file, text)?;
    let version = check_version(&value).map_err(|(pointer, message)| {
        Sources::new(file, text).locate(Error::Invalid {
            at: Location {
                file: file.to_string(),
                pointer: pointer.to_string(),
                line_col: None,
            },
            message,
        })
    })?;
    let sources = bundle::bundle(file, text, &mut value, files)?;
    let notes = match version {
        Version::V30 => Vec::new(),
        Version::V31 => v31::downgrade(&mut value),
    };
    let spec: OpenAPI = serde_path_to_error::deserialize(&value).map_err(|err| {
        let (pointer, message) = narrow_paths_error(&value)
            .unwrap_or_else(|| (path_to_pointer(err.path()), err.inner().to_string()));
        sources.locate(Error::Invalid {
            at: sources.location(&pointer),
            message,
        })
    })?;
    Ok(Document {
        file: file.to_string(),
        spec,
        notes,
        sources,
    })
}

/// Parses YAML or JSON text into a JSON value, before any OpenAPI reading.
pub fn parse_document(file: &str, text: &str) -> Result<Value> {
    let parse_error = |line_col: Option<(usize, usize)>, message: String| Error::Parse {
        file: file.to_string(),
        line_col,
        message,
    };
    if text.trim().is_empty() {
        return Err(parse_error(None, "the document is empty".to_string()));
    }
    let value: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|err| {
            parse_error(
                Some((err.line(), err.column())),
                format!("invalid JSON: {err}"),
            )
        })?
    } else {
        serde_yaml::from_str(text).map_err(|err| {
            let line_col = err.location().map(|loc| (loc.line(), loc.column()));
            parse_error(line_col, format!("invalid YAML: {err}"))
        })?
    };
    if !value.is_object() {
        return Err(parse_error(
            Some((1, 1)),
            "the document is not a mapping; an OpenAPI document is an object".to_string(),
        ));
    }
    Ok(value)
}

enum Version {
    V30,
    /// Read through [`v31::downgrade`].
    V31,
}

/// OpenAPI 3.0.x and 3.1.x are supported; say so plainly for 2.0 and others.
fn check_version(value: &Value) -> std::result::Result<Version, (&'static str, String)> {
    const SUPPORTED: &str = "this generator supports OpenAPI 3.0.x and 3.1.x";
    if let Some(swagger) = value.get("swagger") {
        return Err((
            "#/swagger",
            format!(
                "Swagger {} is not supported; {SUPPORTED}",
                display_scalar(swagger)
            ),
        ));
    }
    match value.get("openapi") {
        None => Err(("#", format!("no `openapi` version field; {SUPPORTED}"))),
        Some(Value::String(version)) if version.starts_with("3.0.") => Ok(Version::V30),
        Some(Value::String(version)) if version.starts_with("3.1.") => Ok(Version::V31),
        Some(other) => Err((
            "#/openapi",
            format!(
                "OpenAPI {} is not supported; {SUPPORTED}",
                display_scalar(other)
            ),
        )),
    }
}

fn display_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// openapiv3 flattens `paths` into a map, which hides the path of an error
/// inside it; deserialising each path item alone recovers the full pointer.
fn narrow_paths_error(value: &Value) -> Option<(String, String)> {
    let paths = value.get("paths")?.as_object()?;
    let is_item = |item: &Value| item.get("$ref").is_none();
    paths
        .iter()
        .filter(|(key, item)| key.starts_with('/') && is_item(item))
        .find_map(|(key, item)| {
            // `ReferenceOr` is untagged, which would hide the path again.
            let result: std::result::Result<openapiv3::PathItem, _> =
                serde_path_to_error::deserialize(item);
            result.err().map(|err| {
                let inner = path_to_pointer(err.path());
                let pointer = format!("#/paths/{}{}", escape_pointer_token(key), &inner[1..]);
                (pointer, err.inner().to_string())
            })
        })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push_str(&escape_pointer_token(key))
            }
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}

/// RFC 6901 escaping of one reference token.
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The inverse of [`escape_pointer_token`].
pub fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(file: &str, text: &str) -> String {
        match load(file, text, &InMemory::default()) {
            Ok(_) => panic!("expected an error"),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn rejects_unsupported_versions_with_location() {
        let swagger = message("s.yaml", "swagger: '2.0'\ninfo: {title: t, version: '1'}\n");
        assert_eq!(
            swagger,
            "s.yaml:1:1: #/swagger: Swagger 2.0 is not supported; this generator supports OpenAPI 3.0.x and 3.1.x"
        );
        let v32 = message("s.yaml", "info: {}\nopenapi: 3.2.0\n");
        assert!(
            v32.starts_with("s.yaml:2:1: #/openapi: OpenAPI 3.2.0 is not supported"),
            "{v32}"
        );
    }

    #[test]
    fn rejects_empty_and_malformed_documents() {
        assert_eq!(message("e.yaml", "  \n"), "e.yaml: the document is empty");
        let bad = message("b.yaml", "openapi: 3.0.3\ninfo: [\n");
        assert!(bad.starts_with("b.yaml:"), "{bad}");
        assert!(bad.contains("invalid YAML"), "{bad}");
        let json = message("b.json", "{\"openapi\": \"3.0.3\",}");
        assert!(json.starts_with("b.json:1:"), "{json}");
    }

    #[test]
    fn locates_shape_errors_by_pointer() {
        let text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let msg = message("p.yaml", text);
        assert!(msg.starts_with("p.yaml:8:"), "{msg}");
        assert!(msg.contains("#/paths/~1a/get/responses"), "{msg}");
    }
}
