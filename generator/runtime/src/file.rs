//! `format: binary` properties: a file's bytes, with the name and media
//! type a multipart part carries. The caller chooses them when sending;
//! the server reads them from the part.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde_json::Value;

use crate::validate::{Validate, Violation};

/// A file: its bytes, and the file name and media type it is sent with
/// (the property's name and the spec's `encoding` when not set).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct File {
    bytes: Vec<u8>,
    name: Option<String>,
    content_type: Option<String>,
}

impl File {
    pub fn new(bytes: impl Into<Vec<u8>>) -> File {
        File {
            bytes: bytes.into(),
            name: None,
            content_type: None,
        }
    }

    /// The file name the part is sent with.
    pub fn with_name(self, name: impl Into<String>) -> File {
        File {
            name: Some(name.into()),
            ..self
        }
    }

    /// The media type the part is sent with.
    pub fn with_content_type(self, content_type: impl Into<String>) -> File {
        File {
            content_type: Some(content_type.into()),
            ..self
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// How the server hands a received part to deserialisation.
    pub fn to_value(bytes: &[u8], name: Option<&str>, content_type: Option<&str>) -> Value {
        let mut object = serde_json::Map::new();
        object.insert(
            "bytes".to_string(),
            Value::Array(bytes.iter().map(|b| Value::from(*b)).collect()),
        );
        if let Some(name) = name {
            object.insert("name".to_string(), Value::from(name));
        }
        if let Some(content_type) = content_type {
            object.insert("content_type".to_string(), Value::from(content_type));
        }
        Value::Object(object)
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> File {
        File::new(bytes)
    }
}

impl From<&[u8]> for File {
    fn from(bytes: &[u8]) -> File {
        File::new(bytes)
    }
}

/// The length, not the bytes: files can be large.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("len", &self.bytes.len())
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl serde::Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("File", 3)?;
        state.serialize_field("bytes", &self.bytes)?;
        state.serialize_field("name", &self.name)?;
        state.serialize_field("content_type", &self.content_type)?;
        state.end()
    }
}

/// Reads `{bytes, name, content_type}`, or just the bytes as an array.
impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<File, D::Error> {
        struct FileVisitor;

        impl<'de> Visitor<'de> for FileVisitor {
            type Value = File;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a file: an array of bytes, or {bytes, name, content_type}")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<File, A::Error> {
                let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(byte) = seq.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(File::new(bytes))
            }

            fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<File, E> {
                Ok(File::new(bytes))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<File, A::Error> {
                let mut file = File::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "bytes" => file.bytes = map.next_value()?,
                        "name" => file.name = map.next_value()?,
                        "content_type" => file.content_type = map.next_value()?,
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(file)
            }
        }

        deserializer.deserialize_any(FileVisitor)
    }
}

impl Validate for File {
    fn validate(value: &Value, at: &str, out: &mut Vec<Violation>) {
        let bytes = match value {
            Value::Object(object) => object.get("bytes"),
            other => Some(other),
        };
        let is_bytes = |v: &Value| v.as_u64().is_some_and(|b| b <= 255);
        match bytes {
            Some(Value::Array(items)) if items.iter().all(is_bytes) => {}
            _ => out.push(Violation::new(at, "is not a file")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_and_without_its_name() {
        let named = File::new(b"hi".to_vec())
            .with_name("a.txt")
            .with_content_type("text/plain");
        let json = serde_json::to_value(&named).unwrap();
        assert_eq!(serde_json::from_value::<File>(json).unwrap(), named);
        let bare: File = serde_json::from_value(serde_json::json!([104, 105])).unwrap();
        assert_eq!(bare.bytes(), b"hi");
        assert_eq!(bare.name(), None);
        let mut out = Vec::new();
        File::validate(&serde_json::json!([1, 256]), "body/f", &mut out);
        assert_eq!(out.len(), 1);
        assert!(!format!("{named:?}").contains("104"), "{named:?}");
    }
}
