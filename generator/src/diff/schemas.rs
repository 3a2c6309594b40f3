//! Structural comparison of two types, wherever they are used. Named types
//! are looked through (a schema moved into `components` is the same shape),
//! and the direction decides what breaks: narrowing what a request may
//! carry breaks clients, and so does widening what a response may return.

use std::collections::HashSet;

use super::{Finding, Level, RustEffect, Site};
use crate::error::Location;
use crate::model::{Api, Constraints, StructDef, TextFormat, TypeKind, TypeRef, UnionDef};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// What a compared value is: `parameter`, `body` or `property`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Parameter,
    Body,
    Property,
}

impl Role {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Role::Parameter => "parameter",
            Role::Body => "body",
            Role::Property => "property",
        }
    }
}

/// One comparison run: both APIs, the endpoint, and where findings go.
pub struct Compare<'a> {
    pub old: &'a Api,
    pub new: &'a Api,
    pub endpoint: String,
    pub findings: &'a mut Vec<Finding>,
    /// Named type pairs being compared, so recursive types terminate.
    visiting: HashSet<(String, String)>,
}

/// Where the compared value stands: a label for messages and a location in
/// each version.
#[derive(Clone)]
pub struct Place {
    pub label: String,
    pub old: Location,
    pub new: Location,
}

impl Place {
    /// A place declared elsewhere (a property of an `allOf` part, an
    /// alternative), at its own locations; a side it is missing from
    /// keeps this place's.
    pub(super) fn moved(
        &self,
        label: &str,
        old: Option<&Location>,
        new: Option<&Location>,
    ) -> Place {
        Place {
            label: format!("{}{label}", self.label),
            old: old.unwrap_or(&self.old).clone(),
            new: new.unwrap_or(&self.new).clone(),
        }
    }

    pub(super) fn child(&self, label: &str, old_tail: &str, new_tail: &str) -> Place {
        let join = |loc: &Location, tail: &str| Location {
            pointer: format!("{}{tail}", loc.pointer),
            ..loc.clone()
        };
        Place {
            label: format!("{}{label}", self.label),
            old: join(&self.old, old_tail),
            new: join(&self.new, new_tail),
        }
    }
}

/// The path from a schema to something inside it, in the spec's terms:
/// `#/X` to `#/X/allOf/1/properties/name` is `/allOf[1]/name`, and to
/// `#/X/oneOf/3` is `/oneOf[3]`. Something declared outside the schema
/// (through a `$ref`) is named by `fallback`.
pub(super) fn spec_path(within: &str, pointer: &str, fallback: &str) -> String {
    let Some(tail) = pointer
        .strip_prefix(within)
        .filter(|tail| tail.starts_with('/'))
    else {
        return format!("/{fallback}");
    };
    let tokens: Vec<String> = tail[1..]
        .split('/')
        .map(crate::load::unescape_pointer_token)
        .collect();
    let mut path = String::new();
    let mut tokens = tokens.iter().peekable();
    while let Some(token) = tokens.next() {
        match token.as_str() {
            "properties" => {
                if let Some(name) = tokens.next() {
                    path.push('/');
                    path.push_str(name);
                }
            }
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => match tokens.next() {
                Some(index) => path.push_str(&format!("/{token}[{index}]")),
                None => path.push_str(&format!("/{token}")),
            },
            other => {
                path.push('/');
                path.push_str(other);
            }
        }
    }
    path
}

/// A type with aliases and `Option` looked through.
enum Shape<'a> {
    Scalar(&'a TypeRef),
    Enum(Vec<&'a str>),
    Array(&'a TypeRef),
    Map(&'a TypeRef),
    Object(&'a StructDef, &'a Location),
    Union(&'a UnionDef),
    Any,
}

struct Resolved<'a> {
    shape: Shape<'a>,
    constraints: Option<&'a Constraints>,
    nullable: bool,
    name: Option<&'a str>,
    /// Where the last named schema on the way is defined: a change there
    /// is one change, wherever the schema is used.
    at: Option<&'a Location>,
}

fn resolve<'a>(api: &'a Api, ty: &'a TypeRef) -> Resolved<'a> {
    let mut resolved = Resolved {
        shape: Shape::Any,
        constraints: None,
        nullable: false,
        name: None,
        at: None,
    };
    let mut ty = ty;
    for _ in 0..32 {
        match ty {
            TypeRef::Option(inner) => {
                resolved.nullable = true;
                ty = inner;
            }
            TypeRef::Named(name) => {
                resolved.name.get_or_insert(name);
                let Some(def) = api.types.get(name) else {
                    break;
                };
                resolved.at = Some(&def.at);
                match &def.kind {
                    TypeKind::Alias(inner) => ty = inner,
                    TypeKind::Constrained(c) => {
                        resolved.constraints = Some(&c.constraints);
                        ty = &c.inner;
                    }
                    TypeKind::Enum(e) => {
                        resolved.shape =
                            Shape::Enum(e.variants.iter().map(|v| v.wire_value.as_str()).collect());
                        return resolved;
                    }
                    TypeKind::Struct(s) => {
                        resolved.shape = Shape::Object(s, &def.at);
                        return resolved;
                    }
                    TypeKind::Union(u) => {
                        resolved.shape = Shape::Union(u);
                        return resolved;
                    }
                }
            }
            TypeRef::Vec(item) => {
                resolved.shape = Shape::Array(item);
                return resolved;
            }
            TypeRef::Map(value) => {
                resolved.shape = Shape::Map(value);
                return resolved;
            }
            TypeRef::Json => return resolved,
            scalar => {
                resolved.shape = Shape::Scalar(scalar);
                return resolved;
            }
        }
    }
    resolved
}

/// The format a typed string stands for (`date-time` for `DateTime`).
fn format_name(ty: &TypeRef) -> Option<&'static str> {
    match ty {
        TypeRef::Format(format) => Some(format.name()),
        _ => None,
    }
}

fn scalar_family(ty: &TypeRef) -> &'static str {
    match ty {
        // A format is still a string on the wire; its change is a format change.
        TypeRef::String | TypeRef::Format(_) => "string",
        TypeRef::Bool => "boolean",
        TypeRef::Bytes | TypeRef::File => "binary",
        t if t.is_integer() => "integer",
        _ => "number",
    }
}

/// The range of values a numeric type holds, to tell widening from narrowing.
fn numeric_range(ty: &TypeRef) -> (f64, f64) {
    match ty {
        TypeRef::I8 => (i8::MIN as f64, i8::MAX as f64),
        TypeRef::I16 => (i16::MIN as f64, i16::MAX as f64),
        TypeRef::I32 => (i32::MIN as f64, i32::MAX as f64),
        TypeRef::I64 => (i64::MIN as f64, i64::MAX as f64),
        TypeRef::U8 => (0.0, u8::MAX as f64),
        TypeRef::U16 => (0.0, u16::MAX as f64),
        TypeRef::U32 => (0.0, u32::MAX as f64),
        TypeRef::U64 => (0.0, u64::MAX as f64),
        _ => (f64::MIN, f64::MAX),
    }
}

/// The Rust type a spot holds, looking into checked newtypes and aliases
/// (whose names stay while what they hold changes), to tell whether the
/// generated API changed there.
pub fn rust_signature(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => match api.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Constrained(c)) => format!("{name}({})", rust_signature(api, &c.inner)),
            Some(TypeKind::Alias(inner)) => rust_signature(api, inner),
            _ => name.clone(),
        },
        TypeRef::Vec(inner) => format!("Vec<{}>", rust_signature(api, inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", rust_signature(api, inner)),
        TypeRef::Option(inner) => format!("Option<{}>", rust_signature(api, inner)),
        other => rust_type(other),
    }
}

/// The Rust type a spot holds, as the generator writes it.
pub fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_string(),
        TypeRef::Bool => "bool".to_string(),
        TypeRef::I8 => "i8".to_string(),
        TypeRef::I16 => "i16".to_string(),
        TypeRef::I32 => "i32".to_string(),
        TypeRef::I64 => "i64".to_string(),
        TypeRef::U8 => "u8".to_string(),
        TypeRef::U16 => "u16".to_string(),
        TypeRef::U32 => "u32".to_string(),
        TypeRef::U64 => "u64".to_string(),
        TypeRef::F32 => "f32".to_string(),
        TypeRef::F64 => "f64".to_string(),
        TypeRef::Bytes => "Vec<u8>".to_string(),
        TypeRef::File => "runtime::File".to_string(),
        TypeRef::Format(TextFormat::DateTime) => "DateTime".to_string(),
        TypeRef::Format(TextFormat::Date) => "Date".to_string(),
        TypeRef::Format(TextFormat::Uuid) => "Uuid".to_string(),
        TypeRef::Format(TextFormat::Byte) => "Base64".to_string(),
        TypeRef::Json => "serde_json::Value".to_string(),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust_type(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", rust_type(inner)),
        TypeRef::Option(inner) => format!("Option<{}>", rust_type(inner)),
        TypeRef::Named(name) => name.clone(),
    }
}

impl<'a> Compare<'a> {
    pub fn new(
        old: &'a Api,
        new: &'a Api,
        endpoint: String,
        findings: &'a mut Vec<Finding>,
    ) -> Self {
        Compare {
            old,
            new,
            endpoint,
            findings,
            visiting: HashSet::new(),
        }
    }

    pub fn push(
        &mut self,
        rule: String,
        level: Level,
        message: String,
        place: &Place,
        rust: RustEffect,
    ) {
        // Messages start with the place's label; what follows is the change.
        let change = message
            .strip_prefix(place.label.as_str())
            .map(|rest| rest.trim_start_matches([':', ' ']))
            .unwrap_or(&message)
            .to_string();
        self.findings.push(Finding {
            rule,
            level,
            endpoint: self.endpoint.clone(),
            change,
            message,
            old: Some(Site::from(&place.old)),
            new: Some(Site::from(&place.new)),
            rust,
        });
    }

    /// Compares the values at one place; `role` names them in rule ids.
    pub fn compare(
        &mut self,
        dir: Direction,
        role: Role,
        old_ty: &TypeRef,
        new_ty: &TypeRef,
        place: &Place,
    ) {
        let old = resolve(self.old, old_ty);
        let new = resolve(self.new, new_ty);
        let place = &Place {
            label: place.label.clone(),
            old: old.at.unwrap_or(&place.old).clone(),
            new: new.at.unwrap_or(&place.new).clone(),
        };
        let (d, r) = (direction_name(dir), role.as_str());
        let (old_sig, new_sig) = (
            rust_signature(self.old, old_ty),
            rust_signature(self.new, new_ty),
        );
        let same_rust = old_sig == new_sig;
        let rust = |breaking: bool, note: &str| RustEffect {
            source_breaking: breaking,
            note: note.to_string(),
        };
        let type_rust = if same_rust {
            rust(false, "same Rust type")
        } else {
            rust(
                true,
                &format!("the Rust type changes from `{old_sig}` to `{new_sig}`"),
            )
        };

        if old.nullable != new.nullable {
            let became = if new.nullable {
                "nullable"
            } else {
                "not-nullable"
            };
            let level = match (dir, new.nullable) {
                (Direction::Request, false) | (Direction::Response, true) => Level::Breaking,
                _ => Level::Info,
            };
            let message = format!("{} became {}", place.label, became.replace('-', " "));
            self.push(
                format!("{d}-{r}-became-{became}"),
                level,
                message,
                place,
                type_rust.clone(),
            );
        }

        match (&old.shape, &new.shape) {
            (Shape::Any, Shape::Any) => {}
            (Shape::Any, _) | (_, Shape::Any) => {
                let generalized = matches!(new.shape, Shape::Any);
                let (rule, level) = match (dir, generalized) {
                    (Direction::Request, true) => {
                        (format!("{d}-{r}-type-generalized"), Level::Info)
                    }
                    (Direction::Response, false) => {
                        (format!("{d}-{r}-type-specialized"), Level::Info)
                    }
                    (Direction::Response, true) => {
                        (format!("{d}-{r}-type-generalized"), Level::Breaking)
                    }
                    (Direction::Request, false) => {
                        (format!("{d}-{r}-type-changed"), Level::Breaking)
                    }
                };
                let message = format!(
                    "{}: the schema {}",
                    place.label,
                    if generalized {
                        "now allows any value"
                    } else {
                        "now has a type"
                    }
                );
                self.push(rule, level, message, place, type_rust);
            }
            (Shape::Scalar(a), Shape::Scalar(b)) => {
                if scalar_family(a) != scalar_family(b) {
                    let message = format!(
                        "{}: type changed from {} to {}",
                        place.label,
                        scalar_family(a),
                        scalar_family(b)
                    );
                    self.push(
                        format!("{d}-{r}-type-changed"),
                        Level::Breaking,
                        message,
                        place,
                        type_rust,
                    );
                } else if a != b && matches!(scalar_family(a), "integer" | "number") {
                    let ((old_low, old_high), (new_low, new_high)) =
                        (numeric_range(a), numeric_range(b));
                    let widened = new_low <= old_low && new_high >= old_high;
                    let level = match (dir, widened) {
                        (Direction::Request, true) | (Direction::Response, false) => Level::Info,
                        _ => Level::Breaking,
                    };
                    let message = format!(
                        "{}: format changed from `{}` to `{}`",
                        place.label,
                        rust_type(a),
                        rust_type(b)
                    );
                    self.push(
                        format!("{d}-{r}-format-changed"),
                        level,
                        message,
                        place,
                        type_rust,
                    );
                } else if scalar_family(a) == "string" {
                    let formats = (
                        self.old.string_format(&place.old).or(format_name(a)),
                        self.new.string_format(&place.new).or(format_name(b)),
                    );
                    if formats.0 != formats.1 {
                        let prefix = format!("{d}-{r}");
                        self.string_format(dir, &prefix, formats, place, type_rust);
                    }
                }
                self.constraints(
                    dir,
                    role,
                    old.constraints,
                    new.constraints,
                    place,
                    same_rust,
                );
            }
            (Shape::Enum(a), Shape::Enum(b)) => self.enums(dir, role, a, b, place),
            (Shape::Scalar(TypeRef::String), Shape::Enum(_)) => {
                let level = if dir == Direction::Request {
                    Level::Breaking
                } else {
                    Level::Info
                };
                let message = format!(
                    "{}: now limited to the values {:?}",
                    place.label,
                    enum_values(&new.shape)
                );
                self.push(
                    format!("{d}-{r}-became-enum"),
                    level,
                    message,
                    place,
                    type_rust,
                );
            }
            (Shape::Enum(_), Shape::Scalar(TypeRef::String)) => {
                let level = if dir == Direction::Request {
                    Level::Info
                } else {
                    Level::Warning
                };
                let message = format!(
                    "{}: no longer limited to {:?}",
                    place.label,
                    enum_values(&old.shape)
                );
                self.push(
                    format!("{d}-{r}-enum-removed"),
                    level,
                    message,
                    place,
                    type_rust,
                );
            }
            (Shape::Array(a), Shape::Array(b)) => {
                self.constraints(
                    dir,
                    role,
                    old.constraints,
                    new.constraints,
                    place,
                    same_rust,
                );
                let (a, b) = ((*a).clone(), (*b).clone());
                let item = place.child("/items", "/items", "/items");
                self.compare(dir, role, &a, &b, &item);
            }
            (Shape::Map(a), Shape::Map(b)) => {
                let (a, b) = ((*a).clone(), (*b).clone());
                let value = place.child(
                    "/additionalProperties",
                    "/additionalProperties",
                    "/additionalProperties",
                );
                self.compare(dir, role, &a, &b, &value);
            }
            (Shape::Object(a, a_at), Shape::Object(b, b_at)) => {
                let key = (
                    old.name.unwrap_or_default().to_string(),
                    new.name.unwrap_or_default().to_string(),
                );
                if !key.0.is_empty() && !self.visiting.insert(key.clone()) {
                    return;
                }
                let place = Place {
                    label: place.label.clone(),
                    old: (*a_at).clone(),
                    new: (*b_at).clone(),
                };
                self.objects(dir, a, b, &place);
                self.visiting.remove(&key);
            }
            (Shape::Union(a), Shape::Union(b)) => self.unions(dir, role, a, b, place),
            _ => {
                let message = format!("{}: the schema's type changed", place.label);
                self.push(
                    format!("{d}-{r}-type-changed"),
                    Level::Breaking,
                    message,
                    place,
                    type_rust,
                );
            }
        }
        // Properties are reported through their fields' Rust types; a body's
        // or parameter's type is named in method signatures.
        if let (Some(old_name), Some(new_name)) = (old.name, new.name) {
            if old_name != new_name && role != Role::Property {
                let message = format!(
                    "{}: the generated type is now `{new_name}` (was `{old_name}`)",
                    place.label
                );
                let rust = RustEffect {
                    source_breaking: true,
                    note: format!("type `{old_name}` is now `{new_name}`"),
                };
                self.push(
                    "rust-type-renamed".to_string(),
                    Level::Info,
                    message,
                    place,
                    rust,
                );
            }
        }
    }

    /// A string's format added, removed or changed, in oasdiff's spirit: a
    /// request's format changed is breaking and one added a warning (values
    /// that were fine may now be refused); a response's format changed is
    /// breaking for clients that parse it, and one removed a warning.
    fn string_format(
        &mut self,
        dir: Direction,
        prefix: &str,
        (old, new): (Option<&str>, Option<&str>),
        place: &Place,
        rust: RustEffect,
    ) {
        let (rule, level, message) = match (old, new, dir) {
            (None, Some(added), Direction::Request) => (
                "format-added",
                Level::Warning,
                format!("format `{added}` added"),
            ),
            (None, Some(added), Direction::Response) => (
                "format-added",
                Level::Info,
                format!("format `{added}` added"),
            ),
            (Some(removed), None, Direction::Request) => (
                "format-removed",
                Level::Info,
                format!("format `{removed}` removed"),
            ),
            (Some(removed), None, Direction::Response) => (
                "format-removed",
                Level::Warning,
                format!("format `{removed}` removed"),
            ),
            (Some(from), Some(to), _) => (
                "format-changed",
                Level::Breaking,
                format!("format changed from `{from}` to `{to}`"),
            ),
            (None, None, _) => return,
        };
        self.push(
            format!("{prefix}-{rule}"),
            level,
            format!("{}: {message}", place.label),
            place,
            rust,
        );
    }

    fn enums(&mut self, dir: Direction, role: Role, old: &[&str], new: &[&str], place: &Place) {
        let (d, r) = (direction_name(dir), role.as_str());
        let rust = RustEffect {
            source_breaking: true,
            note: "the Rust enum gains or loses a variant".to_string(),
        };
        let mut removed: Vec<&str> = old.iter().copied().filter(|v| !new.contains(v)).collect();
        let mut added: Vec<&str> = new.iter().copied().filter(|v| !old.contains(v)).collect();
        // `actionFailed` -> `action_failed`: one value respelled, which
        // every strict reader of the old spelling fails on, either way.
        for (from, to) in renames(&removed, &added) {
            removed.retain(|v| *v != from);
            added.retain(|v| *v != to);
            let message = format!("{}: enum value `{from}` renamed to `{to}`", place.label);
            self.push(
                format!("{d}-{r}-enum-value-renamed"),
                Level::Breaking,
                message,
                place,
                rust.clone(),
            );
        }
        for removed in &removed {
            let level = if dir == Direction::Request {
                Level::Breaking
            } else {
                Level::Info
            };
            let message = format!("{}: enum value `{removed}` removed", place.label);
            self.push(
                format!("{d}-{r}-enum-value-removed"),
                level,
                message,
                place,
                rust.clone(),
            );
        }
        for added in &added {
            // A client reads a value it does not know as `Unknown`, so a new
            // response value is a warning, not a break, for generated clients.
            let level = if dir == Direction::Request {
                Level::Info
            } else {
                Level::Warning
            };
            let message = format!("{}: enum value `{added}` added", place.label);
            self.push(
                format!("{d}-{r}-enum-value-added"),
                level,
                message,
                place,
                rust.clone(),
            );
        }
    }
}

/// Removed and added values that are the same word spelled differently
/// (case, `_`, `-`, spaces, dots), each paired at most once.
fn renames<'v>(removed: &[&'v str], added: &[&'v str]) -> Vec<(&'v str, &'v str)> {
    let folded = |value: &str| -> String {
        value
            .chars()
            .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut pairs = Vec::new();
    let mut taken = Vec::new();
    for from in removed {
        let key = folded(from);
        let matches: Vec<&&str> = added.iter().filter(|to| folded(to) == key).collect();
        if let [to] = matches.as_slice() {
            if !taken.contains(*to) {
                taken.push(**to);
                pairs.push((*from, **to));
            }
        }
    }
    pairs
}

pub fn direction_name(dir: Direction) -> &'static str {
    match dir {
        Direction::Request => "request",
        Direction::Response => "response",
    }
}

fn enum_values(shape: &Shape) -> Vec<String> {
    match shape {
        Shape::Enum(values) => values.iter().map(|v| v.to_string()).collect(),
        _ => Vec::new(),
    }
}

pub(super) fn show(value: &Option<serde_json::Value>) -> String {
    value
        .as_ref()
        .map(|v| v.to_string())
        .unwrap_or_else(|| "none".to_string())
}
