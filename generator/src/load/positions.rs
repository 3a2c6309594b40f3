//! A map from JSON pointer to line and column, for error messages.
//!
//! serde_yaml does not expose node positions, so the text is scanned a second
//! time with yaml-rust2's event parser, which reports a marker per event.
//! JSON is a subset of YAML 1.2, so the same scan serves JSON documents.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use super::escape_pointer_token;

pub struct SourceMap {
    positions: HashMap<String, (usize, usize)>,
}

impl SourceMap {
    /// Scans the text. A document the scanner rejects yields an empty map:
    /// positions are a courtesy, the pointer is always reported.
    pub fn build(text: &str) -> SourceMap {
        let mut builder = Builder {
            stack: Vec::new(),
            positions: HashMap::new(),
        };
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut builder, false).is_err() {
            builder.positions.clear();
        }
        SourceMap {
            positions: builder.positions,
        }
    }

    /// The position of the node at `pointer`, or of its nearest ancestor.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut pointer = pointer;
        loop {
            if let Some(found) = self.positions.get(pointer) {
                return Some(*found);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }
}

enum Frame {
    /// A mapping: the pointer of the mapping, and the key awaiting its value.
    Mapping {
        pointer: String,
        key: Option<String>,
    },
    Sequence {
        pointer: String,
        next: usize,
    },
}

struct Builder {
    stack: Vec<Frame>,
    positions: HashMap<String, (usize, usize)>,
}

impl Builder {
    /// The pointer of the node that starts now, or `None` when the event is a
    /// mapping key rather than a value.
    fn next_node(&mut self, key_text: Option<&str>, mark: Marker) -> Option<String> {
        let position = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => Some("#".to_string()),
            Some(Frame::Sequence { pointer, next }) => {
                let child = format!("{pointer}/{next}");
                *next += 1;
                Some(child)
            }
            Some(Frame::Mapping { pointer, key }) => match key.take() {
                Some(k) => Some(format!("{pointer}/{}", escape_pointer_token(&k))),
                None => {
                    // A key: remember it, and place its pointer at the key.
                    let k = key_text.unwrap_or_default().to_string();
                    let child = format!("{pointer}/{}", escape_pointer_token(&k));
                    self.positions.entry(child).or_insert(position);
                    *key = Some(k);
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let position = (mark.line(), mark.col() + 1);
        match event {
            Event::Scalar(text, ..) => {
                if let Some(pointer) = self.next_node(Some(&text), mark) {
                    self.positions.entry(pointer).or_insert(position);
                }
            }
            Event::Alias(_) => {
                if let Some(pointer) = self.next_node(None, mark) {
                    self.positions.entry(pointer).or_insert(position);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_mapping = matches!(event, Event::MappingStart(..));
                let pointer = self
                    .next_node(None, mark)
                    .unwrap_or_else(|| "#".to_string());
                self.positions.entry(pointer.clone()).or_insert(position);
                self.stack.push(if is_mapping {
                    Frame::Mapping { pointer, key: None }
                } else {
                    Frame::Sequence { pointer, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_pointers_to_lines() {
        let text = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      tags: [x, y]\n";
        let map = SourceMap::build(text);
        assert_eq!(map.position("#/openapi"), Some((1, 1)));
        assert_eq!(map.position("#/paths/~1a~1b"), Some((3, 3)));
        assert_eq!(map.position("#/paths/~1a~1b/get/tags/1"), Some((5, 17)));
        // Unknown children fall back to the nearest ancestor.
        assert_eq!(map.position("#/paths/~1a~1b/get/nope"), Some((4, 5)));
    }

    #[test]
    fn maps_json_too() {
        let map = SourceMap::build("{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\"/a\": {}}\n}");
        assert_eq!(map.position("#/paths/~1a"), Some((3, 13)));
    }
}
