//! Multi-file specs: every `$ref` to another local file is pulled into the
//! root document, so lowering sees one self-contained document.
//!
//! A referenced schema, parameter, response, ... becomes a component of its
//! kind (named after the last token of its pointer, or the file's stem), and
//! the reference is rewritten to point at it; a referenced path item is
//! inlined where it is used. References are relative to the file they are
//! written in, `#...` inside another file means that file, and each target is
//! pulled in once, which also ends cycles across files. Every pulled-in part
//! is recorded as an [`Origin`], so locations name the file a problem is in.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use serde_json::{Map, Value};

use super::sources::{Origin, ReadFile, Sources};
use super::{escape_pointer_token, parse_document, unescape_pointer_token};
use crate::error::{Error, Result};

/// How deep path items may be inlined through other files; deeper is a cycle.
const MAX_INLINE_DEPTH: usize = 32;

/// Pulls the files `root` refers to into it. Returns the sources that locate
/// a pointer of the bundled document in the file it came from.
pub(super) fn bundle(
    root_file: &str,
    root_text: &str,
    root: &mut Value,
    files: &dyn ReadFile,
) -> Result<Sources> {
    if !refers_to_files(root) {
        // Most specs are one file: no walk with pointer bookkeeping.
        return Ok(Sources::new(root_file, root_text));
    }
    let mut bundler = Bundler {
        files,
        root_file: normalize(root_file),
        loaded: HashMap::new(),
        placed: HashMap::new(),
        taken: taken_component_names(root),
        queue: VecDeque::new(),
        done: Vec::new(),
        sources: Sources::new(root_file, root_text),
    };
    let result = bundler.run(root);
    let Bundler { sources, done, .. } = bundler;
    match result {
        Ok(()) => {
            insert_components(root, done);
            Ok(sources)
        }
        Err(error) => Err(sources.locate(error)),
    }
}

struct Bundler<'f> {
    files: &'f dyn ReadFile,
    root_file: String,
    /// Other files, parsed, by normalised path.
    loaded: HashMap<String, Value>,
    /// Where each (file, pointer) already pulled in now lives.
    placed: HashMap<(String, String), String>,
    /// `schemas/Pet`, ...: component names in use, the root's own included.
    taken: BTreeSet<String>,
    /// Components reserved but not yet walked for their own references.
    queue: VecDeque<Pending>,
    done: Vec<Pending>,
    sources: Sources,
}

struct Pending {
    kind: &'static str,
    name: String,
    value: Value,
    /// The file the value came from: its `#...` references mean that file.
    file: String,
}

/// What a reference turns into.
enum Resolved {
    Unchanged,
    Rewrite(String),
    /// A path item, copied in place; its references are relative to `file`.
    Inline {
        value: Value,
        file: String,
    },
}

impl Bundler<'_> {
    fn run(&mut self, root: &mut Value) -> Result<()> {
        let root_file = self.root_file.clone();
        // Components first: a file a component slot refers to then becomes
        // that component, under its name, before any other use pulls it in.
        if let Some(components) = root.get_mut("components") {
            self.walk(
                components,
                &root_file,
                &mut vec!["components".to_string()],
                0,
            )?;
        }
        if let Value::Object(map) = root {
            for (key, value) in map.iter_mut().filter(|(key, _)| *key != "components") {
                self.walk(value, &root_file, &mut vec![key.clone()], 0)?;
            }
        }
        while let Some(mut pending) = self.queue.pop_front() {
            let mut tokens = vec![
                "components".to_string(),
                pending.kind.to_string(),
                pending.name.clone(),
            ];
            let file = pending.file.clone();
            self.walk(&mut pending.value, &file, &mut tokens, 0)?;
            self.done.push(pending);
        }
        Ok(())
    }

    fn walk(
        &mut self,
        value: &mut Value,
        file: &str,
        tokens: &mut Vec<String>,
        depth: usize,
    ) -> Result<()> {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    match self.resolve(&reference, file, tokens, depth)? {
                        Resolved::Unchanged => {}
                        Resolved::Rewrite(pointer) => {
                            map.insert("$ref".to_string(), Value::String(pointer));
                        }
                        Resolved::Inline {
                            value: mut inlined,
                            file,
                        } => {
                            // 3.1 lets a path item's `$ref` have siblings,
                            // which win over the referenced fields.
                            if let Value::Object(target) = &mut inlined {
                                for (key, sibling) in map.iter().filter(|(k, _)| *k != "$ref") {
                                    target.insert(key.clone(), sibling.clone());
                                }
                            }
                            *value = inlined;
                            return self.walk(value, &file, tokens, depth + 1);
                        }
                    }
                }
                let in_named_map = is_named_map(tokens);
                for (key, child) in map.iter_mut() {
                    if !in_named_map && is_opaque(key, child, tokens) {
                        continue;
                    }
                    tokens.push(key.clone());
                    let walked = self.walk(child, file, tokens, depth);
                    tokens.pop();
                    walked?;
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    tokens.push(index.to_string());
                    let walked = self.walk(child, file, tokens, depth);
                    tokens.pop();
                    walked?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn resolve(
        &mut self,
        reference: &str,
        file: &str,
        tokens: &[String],
        depth: usize,
    ) -> Result<Resolved> {
        let here = || pointer_of(tokens);
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if path.is_empty() && file == self.root_file {
            return Ok(Resolved::Unchanged);
        }
        if path.contains("://") || path.starts_with("urn:") {
            return Err(self.unsupported(
                &here(),
                format!(
                    "remote reference `{reference}`: only references to local files are supported"
                ),
            ));
        }
        let fragment = percent_encoding::percent_decode_str(fragment)
            .decode_utf8()
            .map_err(|_| self.invalid(&here(), format!("`{reference}` is not valid UTF-8")))?;
        let pointer = format!("#{fragment}");
        let target_file = if path.is_empty() {
            file.to_string()
        } else {
            join(file, path)
        };
        if target_file == self.root_file {
            return Ok(Resolved::Rewrite(pointer));
        }
        let Some(kind) = kind_at(tokens) else {
            if depth >= MAX_INLINE_DEPTH {
                return Err(self.invalid(
                    &here(),
                    format!("`{reference}`: path items refer to each other in a cycle"),
                ));
            }
            let value = self.target(reference, &target_file, &pointer, tokens)?;
            self.sources.record(Origin {
                bundled: here(),
                file: target_file.clone(),
                pointer,
            });
            return Ok(Resolved::Inline {
                value,
                file: target_file,
            });
        };
        let key = (target_file.clone(), pointer.clone());
        if let Some(placed) = self.placed.get(&key) {
            return Ok(Resolved::Rewrite(placed.clone()));
        }
        if let Some(slot) = component_slot(tokens) {
            // `components/schemas/Pet: {$ref: ./pet.yaml}`: the file's value
            // becomes that component, under the name the spec gives it.
            let value = self.target(reference, &target_file, &pointer, tokens)?;
            self.placed.insert(key, slot.clone());
            self.sources.record(Origin {
                bundled: slot,
                file: target_file.clone(),
                pointer,
            });
            return Ok(Resolved::Inline {
                value,
                file: target_file,
            });
        }
        let value = self.target(reference, &target_file, &pointer, tokens)?;
        if let Some(Value::String(next)) = alias_of(&value) {
            // A file that only forwards to another: follow the chain, so the
            // component is named where it is defined.
            if depth >= MAX_INLINE_DEPTH {
                return Err(self.invalid(
                    &here(),
                    format!("`{reference}`: references form a cycle that reaches no value"),
                ));
            }
            let resolved = match self.resolve(&next.clone(), &target_file, tokens, depth + 1)? {
                Resolved::Unchanged => Resolved::Rewrite(pointer.clone()),
                other => other,
            };
            if let Resolved::Rewrite(placed) = &resolved {
                self.placed.insert(key, placed.clone());
            }
            return Ok(resolved);
        }
        let name = self.reserve_name(kind, &target_file, &pointer);
        let bundled = format!("#/components/{kind}/{}", escape_pointer_token(&name));
        self.placed.insert(key, bundled.clone());
        self.sources.record(Origin {
            bundled: bundled.clone(),
            file: target_file.clone(),
            pointer,
        });
        self.queue.push_back(Pending {
            kind,
            name,
            value,
            file: target_file,
        });
        Ok(Resolved::Rewrite(bundled))
    }

    /// The value `pointer` names in `file`, read and parsed on first use.
    fn target(
        &mut self,
        reference: &str,
        file: &str,
        pointer: &str,
        tokens: &[String],
    ) -> Result<Value> {
        if !self.loaded.contains_key(file) {
            let text = self.files.read(file).map_err(|err| {
                self.invalid(
                    &pointer_of(tokens),
                    format!("`{reference}`: cannot read {file}: {err}"),
                )
            })?;
            let value = parse_document(file, &text)?;
            self.sources.add_text(file, text);
            self.loaded.insert(file.to_string(), value);
        }
        let document = &self.loaded[file];
        let found = if pointer == "#" {
            Some(document)
        } else {
            document.pointer(&pointer[1..])
        };
        found.cloned().ok_or_else(|| {
            self.invalid(
                &pointer_of(tokens),
                format!("`{reference}`: {file} has nothing at `{pointer}`"),
            )
        })
    }

    /// A name for a pulled-in component: the pointer's last token, else the
    /// file's stem; prefixed with the stem, then numbered, if taken.
    fn reserve_name(&mut self, kind: &str, file: &str, pointer: &str) -> String {
        let stem = file
            .rsplit('/')
            .next()
            .and_then(|name| name.split('.').next())
            .filter(|stem| !stem.is_empty())
            .unwrap_or("external");
        let last = pointer
            .rsplit('/')
            .next()
            .filter(|token| !token.is_empty() && *token != "#")
            .map(unescape_pointer_token);
        let base = last.unwrap_or_else(|| stem.to_string());
        let mut candidates = vec![base.clone(), format!("{stem}_{base}")];
        candidates.extend((2..).map(|n| format!("{stem}_{base}_{n}")).take(1000));
        let name = candidates
            .into_iter()
            .find(|name| !self.taken.contains(&format!("{kind}/{name}")))
            .unwrap_or(base);
        self.taken.insert(format!("{kind}/{name}"));
        name
    }

    fn invalid(&self, pointer: &str, message: String) -> Error {
        Error::Invalid {
            at: self.sources.location(pointer),
            message,
        }
    }

    fn unsupported(&self, pointer: &str, what: String) -> Error {
        Error::Unsupported {
            at: self.sources.location(pointer),
            what,
        }
    }
}

/// Whether any `$ref` names another file (examples included: a false
/// positive only costs the full walk).
fn refers_to_files(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            matches!(map.get("$ref"), Some(Value::String(r)) if !r.starts_with('#'))
                || map.values().any(refers_to_files)
        }
        Value::Array(items) => items.iter().any(refers_to_files),
        _ => false,
    }
}

/// `#/components/<kind>/<name>` when `tokens` stand exactly there.
fn component_slot(tokens: &[String]) -> Option<String> {
    match tokens {
        [components, kind, name] if components == "components" => Some(format!(
            "#/components/{}/{}",
            escape_pointer_token(kind),
            escape_pointer_token(name)
        )),
        _ => None,
    }
}

/// The `$ref` of an object that is nothing but a reference.
fn alias_of(value: &Value) -> Option<&Value> {
    match value {
        Value::Object(map) if map.len() == 1 => map.get("$ref"),
        _ => None,
    }
}

/// Whether the object at `tokens` maps names to things (properties,
/// responses by status, ...), so that a key such as `default` or `example`
/// is a name, not a keyword.
fn is_named_map(tokens: &[String]) -> bool {
    let n = tokens.len();
    let keyed_by_name = tokens.last().is_some_and(|last| {
        matches!(
            last.as_str(),
            "properties"
                | "patternProperties"
                | "responses"
                | "headers"
                | "examples"
                | "content"
                | "encoding"
                | "links"
                | "callbacks"
                | "schemas"
                | "parameters"
                | "requestBodies"
                | "securitySchemes"
                | "pathItems"
                | "$defs"
        )
    });
    // `properties/responses` is a schema named `responses`, not a map, and
    // `properties/properties` a schema named `properties`.
    if n > 0 && tokens[n - 1] == "properties" {
        return is_property_map(tokens);
    }
    keyed_by_name && !is_property_map(&tokens[..n.saturating_sub(1)])
}

/// Whether `tokens` ends at a `properties` keyword rather than at a property
/// named `properties`: runs of `properties` alternate between the two.
fn is_property_map(tokens: &[String]) -> bool {
    let run = tokens
        .iter()
        .rev()
        .take_while(|t| *t == "properties")
        .count();
    run % 2 == 1
}

/// Values that are data, not OpenAPI: examples, defaults, enums,
/// extensions. A `$ref` key inside them is not a reference.
fn is_opaque(key: &str, value: &Value, tokens: &[String]) -> bool {
    let parent_is_examples = tokens.len() >= 2 && tokens[tokens.len() - 2] == "examples";
    matches!(key, "example" | "default" | "enum" | "const")
        || key.starts_with("x-")
        || (key == "examples" && value.is_array())
        || (key == "value" && parent_is_examples)
}

/// The component kind a `$ref` at `tokens` stands for; `None` for a path
/// item, which has no component kind in OpenAPI 3.0 and is inlined.
fn kind_at(tokens: &[String]) -> Option<&'static str> {
    let n = tokens.len();
    let last = tokens.last().map(String::as_str).unwrap_or("");
    let parent = n.checked_sub(2).map(|i| tokens[i].as_str()).unwrap_or("");
    let grandparent = n.checked_sub(3).map(|i| tokens[i].as_str()).unwrap_or("");
    if matches!(
        parent,
        "properties" | "patternProperties" | "$defs" | "definitions"
    ) {
        return Some("schemas");
    }
    if matches!(
        last,
        "schema" | "items" | "additionalProperties" | "not" | "contains" | "propertyNames"
    ) || matches!(parent, "allOf" | "anyOf" | "oneOf" | "prefixItems")
    {
        return Some("schemas");
    }
    if last == "requestBody" {
        return Some("requestBodies");
    }
    match parent {
        "paths" | "webhooks" | "pathItems" => None,
        _ if grandparent == "callbacks" => None,
        "parameters" => Some("parameters"),
        "responses" => Some("responses"),
        "requestBodies" => Some("requestBodies"),
        "headers" => Some("headers"),
        "examples" => Some("examples"),
        "links" => Some("links"),
        "callbacks" => Some("callbacks"),
        "securitySchemes" => Some("securitySchemes"),
        _ => Some("schemas"),
    }
}

fn taken_component_names(root: &Value) -> BTreeSet<String> {
    let mut taken = BTreeSet::new();
    if let Some(Value::Object(components)) = root.get("components") {
        for (kind, entries) in components {
            if let Value::Object(entries) = entries {
                taken.extend(entries.keys().map(|name| format!("{kind}/{name}")));
            }
        }
    }
    taken
}

fn insert_components(root: &mut Value, done: Vec<Pending>) {
    let Value::Object(root) = root else { return };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if !components.is_object() {
        *components = Value::Object(Map::new());
    }
    let Value::Object(components) = components else {
        return;
    };
    let mut by_kind: BTreeMap<&str, Vec<Pending>> = BTreeMap::new();
    for pending in done {
        by_kind.entry(pending.kind).or_default().push(pending);
    }
    for (kind, entries) in by_kind {
        let section = components
            .entry(kind)
            .or_insert_with(|| Value::Object(Map::new()));
        if !section.is_object() {
            *section = Value::Object(Map::new());
        }
        if let Value::Object(section) = section {
            for pending in entries {
                section.insert(pending.name, pending.value);
            }
        }
    }
}

fn pointer_of(tokens: &[String]) -> String {
    let mut pointer = String::from("#");
    for token in tokens {
        pointer.push('/');
        pointer.push_str(&escape_pointer_token(token));
    }
    pointer
}

/// `path` resolved against the directory of `file`, with `.` and `..`
/// folded away, in `/` form.
fn join(file: &str, path: &str) -> String {
    let file = file.replace('\\', "/");
    let path = path.replace('\\', "/");
    if path.starts_with('/') {
        return normalize(&path);
    }
    match file.rfind('/') {
        Some(slash) => normalize(&format!("{}/{path}", &file[..slash])),
        None => normalize(&path),
    }
}

pub(super) fn normalize(path: &str) -> String {
    let path = path.replace('\\', "/");
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_to_the_referring_file() {
        assert_eq!(
            join("specs/api.yaml", "./schemas/pet.yaml"),
            "specs/schemas/pet.yaml"
        );
        assert_eq!(
            join("specs/schemas/pet.yaml", "../common.yaml"),
            "specs/common.yaml"
        );
        assert_eq!(join("api.yaml", "../shared/x.yaml"), "../shared/x.yaml");
        assert_eq!(join("a/b.yaml", "/abs/c.yaml"), "/abs/c.yaml");
        assert_eq!(normalize("./a/./b/../c.yaml"), "a/c.yaml");
    }

    #[test]
    fn reads_the_kind_from_where_the_reference_stands() {
        let kind = |pointer: &str| {
            let tokens: Vec<String> = pointer.split('/').skip(1).map(str::to_string).collect();
            kind_at(&tokens)
        };
        assert_eq!(kind("#/paths/~1a/get/parameters/0"), Some("parameters"));
        assert_eq!(
            kind("#/components/schemas/A/properties/parameters"),
            Some("schemas")
        );
        assert_eq!(kind("#/paths/~1a/get/responses/200"), Some("responses"));
        assert_eq!(kind("#/paths/~1a/post/requestBody"), Some("requestBodies"));
        assert_eq!(
            kind("#/paths/~1a/get/responses/200/headers/X-Rate"),
            Some("headers")
        );
        assert_eq!(kind("#/components/schemas/A/allOf/1"), Some("schemas"));
        assert_eq!(kind("#/paths/~1a"), None);
    }
}
