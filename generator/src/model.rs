//! The generator's own model of an API. `lower` builds it from an OpenAPI
//! document, resolving every `$ref`, choosing every name and checking every
//! rule; `emit` reads only this model. Each field and parameter keeps its Rust
//! name and its wire name side by side.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::Location;

/// One spec file, lowered.
#[derive(Clone, Debug)]
pub struct Api {
    /// Rust module name for this API (from the spec's file name).
    pub module: String,
    /// The spec file as given, for headers and messages.
    pub source: String,
    pub title: String,
    pub version: String,
    pub docs: Docs,
    pub servers: Vec<Server>,
    /// Named types, keyed by Rust name so output order is deterministic.
    pub types: BTreeMap<String, TypeDef>,
    pub operations: Vec<Operation>,
    /// Parts of the document that are not generated, each with why
    /// (3.1 webhooks); the module docs list them.
    pub not_generated: Vec<String>,
    /// The `format` each string schema declares, by its (file, pointer):
    /// also the formats with no Rust type of their own (`email`, `uri`)
    /// and those a length or pattern check keeps as text, which only
    /// spec-diff reads.
    pub string_formats: BTreeMap<(String, String), String>,
}

impl Api {
    /// The format declared at `at`, or at its `schema` (a parameter's or
    /// header's).
    pub fn string_format(&self, at: &Location) -> Option<&str> {
        let key = |pointer: String| (at.file.clone(), pointer);
        self.string_formats
            .get(&key(at.pointer.clone()))
            .or_else(|| {
                self.string_formats
                    .get(&key(format!("{}/schema", at.pointer)))
            })
            .map(String::as_str)
    }
}

#[derive(Clone, Debug)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    /// Variable name and default value.
    pub variables: Vec<(String, String)>,
}

/// Documentation carried from the spec into rustdoc.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Docs {
    pub summary: Option<String>,
    pub description: Option<String>,
    pub example: Option<Value>,
}

impl Docs {
    /// Adds a paragraph after the description.
    pub fn append(&mut self, paragraph: &str) {
        self.description = Some(match self.description.take() {
            Some(d) => format!("{}\n\n{paragraph}", d.trim_end()),
            None => paragraph.to_string(),
        });
    }

    /// Says that the spec's default is not applied (the generated code has
    /// no literal for it), so a reader knows an absent value stays absent.
    pub fn note_unapplied_default(&mut self, value: &Value) {
        self.append(&format!(
            "The spec's default, `{}`, is not applied: the generated code has no literal for a value of this type, so an absent value stays absent.",
            value_text(value).replace('`', "'")
        ));
    }
}

/// A spec value (an example, a default) as docs show it: a string as its
/// text, anything else as JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[derive(Clone, Debug)]
pub struct TypeDef {
    pub name: String,
    pub docs: Docs,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// Where the schema stands, for messages.
    pub at: Location,
}

#[derive(Clone, Debug)]
pub enum TypeKind {
    Struct(StructDef),
    /// A string enumeration; readers accept unlisted values.
    Enum(EnumDef),
    /// A value with constraints, held in a newtype with a checked constructor.
    Constrained(ConstrainedDef),
    /// A named schema without constraints of its own: a type alias.
    Alias(TypeRef),
    /// `oneOf` / `anyOf`: one of several types.
    Union(UnionDef),
}

#[derive(Clone, Debug)]
pub struct UnionDef {
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the variant (`discriminator`), if any.
    pub discriminator: Option<String>,
    /// The enum reads and writes the discriminator itself, and the variant
    /// types lack it: a tag found in the alternatives rather than declared
    /// (see `lower::compose::implicit_tag`). A declared discriminator stays
    /// a property of each variant's type.
    pub writes_tag: bool,
}

#[derive(Clone, Debug)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// The alternative in the spec: `.../oneOf/3`.
    pub at: Location,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    /// Held in a `Box` because the type contains itself through this variant.
    pub boxed: bool,
}

#[derive(Clone, Debug)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// `additionalProperties` next to declared properties, kept in a map.
    pub additional: Option<TypeRef>,
}

#[derive(Clone, Debug)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub default: Option<Value>,
    pub deprecated: bool,
    pub docs: Docs,
    /// Held in a `Box` because the type contains itself through this field.
    pub boxed: bool,
    /// Where the property is declared; for a merged `allOf`, in its part.
    pub at: Location,
}

impl Field {
    /// A field the Rust struct holds as `Option<T>`: not required and
    /// without a default to fall back on.
    pub fn is_optional(&self) -> bool {
        (!self.required && self.default.is_none()) || self.nullable
    }
}

#[derive(Clone, Debug)]
pub struct EnumDef {
    pub variants: Vec<EnumVariant>,
    /// An integer enumeration: the wire values are JSON integers (written
    /// here in decimal), not strings.
    pub integer: bool,
}

impl EnumDef {
    /// A JSON value as the text the variants' `wire_value`s are written in:
    /// the string, or an integer's decimal form; `None` for a value of the
    /// wrong JSON type.
    pub fn wire_text(&self, value: &Value) -> Option<String> {
        match (self.integer, value) {
            (false, Value::String(s)) => Some(s.clone()),
            (true, Value::Number(n)) if n.is_i64() || n.is_u64() => Some(n.to_string()),
            _ => None,
        }
    }

    /// The declared variant `value` stands for, if any.
    pub fn variant_of(&self, value: &Value) -> Option<&EnumVariant> {
        let text = self.wire_text(value)?;
        self.variants.iter().find(|v| v.wire_value == text)
    }
}

#[derive(Clone, Debug)]
pub struct EnumVariant {
    pub rust_name: String,
    pub wire_value: String,
}

/// A spec default as the Rust value generated code builds for it. Decided
/// once, by [`DefaultLiteral::of`]: lowering keeps a default only when
/// there is one, and the emitter writes exactly it.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultLiteral {
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(String),
    /// A declared value of the enum `enum_name`.
    Variant {
        enum_name: String,
        variant: String,
    },
    /// A checked newtype around a literal already checked against it.
    Checked {
        type_name: String,
        inner: Box<DefaultLiteral>,
    },
}

impl DefaultLiteral {
    /// The literal for `value` as a `ty`: booleans, numbers, plain strings,
    /// declared enum values and checked scalars that meet their
    /// constraints. Anything else is `None`, and stays in the docs only.
    pub fn of(types: &BTreeMap<String, TypeDef>, ty: &TypeRef, value: &Value) -> Option<Self> {
        match (ty, value) {
            (TypeRef::Bool, Value::Bool(b)) => Some(DefaultLiteral::Bool(*b)),
            (t, Value::Number(n)) if t.is_integer() => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Some(DefaultLiteral::Unsigned(u)),
                (None, Some(i)) => Some(DefaultLiteral::Signed(i)),
                _ => None,
            },
            (TypeRef::F32 | TypeRef::F64, Value::Number(n)) => {
                n.as_f64().map(DefaultLiteral::Float)
            }
            (TypeRef::String, Value::String(s)) => Some(DefaultLiteral::Text(s.clone())),
            (TypeRef::Named(name), value) => match &types.get(name)?.kind {
                TypeKind::Enum(e) => e.variant_of(value).map(|v| DefaultLiteral::Variant {
                    enum_name: name.clone(),
                    variant: v.rust_name.clone(),
                }),
                // Checked here, once, so the emitted code builds the value
                // without a runtime check that could fail.
                TypeKind::Constrained(c) if c.inner == TypeRef::String || c.inner.is_number() => {
                    let inner = DefaultLiteral::of(types, &c.inner, value)?;
                    spec_runtime::check_value(&c.constraints, value).ok()?;
                    Some(DefaultLiteral::Checked {
                        type_name: name.clone(),
                        inner: Box::new(inner),
                    })
                }
                _ => None,
            },
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct ConstrainedDef {
    pub inner: TypeRef,
    pub constraints: Constraints,
}

/// JSON Schema validation keywords this generator enforces: the runtime's
/// own type, so the generator and the generated code check them with the
/// same functions.
pub use spec_runtime::Constraints;

/// A reference to a type, as used by fields, parameters and bodies.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    /// Raw bytes: an octet-stream (or other non-JSON) body.
    Bytes,
    /// A `format: binary` property: bytes with the file name and media type
    /// a multipart part carries (`runtime::File`).
    File,
    /// A string format with a type of its own.
    Format(TextFormat),
    /// Any JSON value.
    Json,
    Vec(Box<TypeRef>),
    /// A JSON object with values of one type.
    Map(Box<TypeRef>),
    /// A `nullable` value outside a struct field (array items, bodies).
    Option(Box<TypeRef>),
    Named(String),
}

/// The string formats that get a type: the runtime's `DateTime`, `Date`,
/// `Uuid` and `Base64`. Other formats stay `String`, named in the docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TextFormat {
    DateTime,
    Date,
    Uuid,
    Byte,
}

impl TextFormat {
    pub fn from_name(format: &str) -> Option<Self> {
        match format {
            "date-time" => Some(TextFormat::DateTime),
            "date" => Some(TextFormat::Date),
            "uuid" => Some(TextFormat::Uuid),
            "byte" => Some(TextFormat::Byte),
            _ => None,
        }
    }

    /// The name OpenAPI gives it.
    pub fn name(self) -> &'static str {
        match self {
            TextFormat::DateTime => "date-time",
            TextFormat::Date => "date",
            TextFormat::Uuid => "uuid",
            TextFormat::Byte => "byte",
        }
    }
}

impl TypeRef {
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            TypeRef::I8
                | TypeRef::I16
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::U8
                | TypeRef::U16
                | TypeRef::U32
                | TypeRef::U64
        )
    }

    pub fn is_number(&self) -> bool {
        self.is_integer() || matches!(self, TypeRef::F32 | TypeRef::F64)
    }

    /// A primitive with a plain text form.
    pub fn is_scalar(&self) -> bool {
        self.is_number() || matches!(self, TypeRef::String | TypeRef::Bool | TypeRef::Format(_))
    }
}

/// Whether a value of `ty` can be written as text (a path, query or header
/// parameter): primitives, enums, constrained primitives, and unions of
/// those or of arrays of those (sent comma-separated).
pub fn has_text_form(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> bool {
    fn walk(types: &BTreeMap<String, TypeDef>, ty: &TypeRef, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        match ty {
            TypeRef::Named(name) => match types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(_)) => true,
                Some(TypeKind::Constrained(c)) => c.inner.is_scalar(),
                Some(TypeKind::Alias(inner)) => walk(types, inner, depth + 1),
                Some(TypeKind::Union(u)) => u.variants.iter().all(|v| match &v.ty {
                    TypeRef::Vec(item) => walk(types, item, depth + 1),
                    other => walk(types, other, depth + 1),
                }),
                _ => false,
            },
            other => other.is_scalar(),
        }
    }
    walk(types, ty, 0)
}

#[derive(Clone, Debug)]
pub struct Operation {
    /// The operationId as written in the spec.
    pub operation_id: String,
    /// snake_case method name.
    pub method_name: String,
    /// PascalCase stem for the operation's own types.
    pub type_stem: String,
    pub http_method: HttpMethod,
    /// The path template as written: `/v1/{project_id}/workspaces`.
    pub path: String,
    pub path_segments: Vec<PathSegment>,
    pub params: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    pub deprecated: bool,
    pub docs: Docs,
    /// Security alternatives, each the `(in, name)` of the credentials it
    /// needs; empty means none required.
    pub security: Vec<Vec<Credential>>,
    /// Rules OpenAPI 3.0 cannot express, from `x-cross-field-rules`.
    pub rules: Vec<CrossFieldRule>,
    pub at: Location,
}

/// Where one security scheme's credential travels, and how a client
/// produces it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    pub scheme: String,
    /// A header, query or cookie parameter; never a path one.
    pub location: ParamLocation,
    pub name: String,
    pub kind: CredentialKind,
    /// Where the scheme is declared (`#/components/securitySchemes/<name>`).
    pub at: Location,
}

/// A vendor's request-signing algorithm, named by `x-signature-algorithm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// Alibaba Cloud's ACS3-HMAC-SHA256.
    Acs3,
    /// Huawei Cloud's SDK-HMAC-SHA256.
    SdkHmac,
}

impl SignatureAlgorithm {
    pub fn name(self) -> &'static str {
        match self {
            SignatureAlgorithm::Acs3 => "ACS3-HMAC-SHA256",
            SignatureAlgorithm::SdkHmac => "SDK-HMAC-SHA256",
        }
    }
}

impl CredentialKind {
    pub fn signature(&self) -> Option<SignatureAlgorithm> {
        match self {
            CredentialKind::Acs3 { .. } => Some(SignatureAlgorithm::Acs3),
            CredentialKind::SdkHmac => Some(SignatureAlgorithm::SdkHmac),
            _ => None,
        }
    }
}

impl Api {
    /// The signature algorithms the API's operations use, in first-use order.
    pub fn signatures(&self) -> Vec<SignatureAlgorithm> {
        let mut found = Vec::new();
        for credential in self
            .operations
            .iter()
            .flat_map(|op| op.security.iter().flatten())
        {
            if let Some(algorithm) = credential.kind.signature() {
                if !found.contains(&algorithm) {
                    found.push(algorithm);
                }
            }
        }
        found
    }
}

/// How a client produces a credential, from the scheme's `type` and its
/// `x-signature-algorithm` extension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialKind {
    /// A key or token sent as it is (`apiKey`).
    ApiKey,
    /// `http` with scheme `bearer`.
    Bearer,
    /// Alibaba Cloud signature V3 (`x-signature-algorithm: ACS3-HMAC-SHA256`):
    /// the `x-acs-action` (the operation's `x-acs-action`, else its
    /// operationId) and `x-acs-version` (the document's `x-acs-version`,
    /// else `info.version`).
    Acs3 { action: String, version: String },
    /// Huawei Cloud AK/SK signing (`x-signature-algorithm: SDK-HMAC-SHA256`).
    SdkHmac,
    /// Basic, OAuth2, OpenID Connect: the caller supplies `Authorization`
    /// through a hook.
    Other,
}

/// A rule from the `x-cross-field-rules` extension (see the README).
#[derive(Clone, Debug, PartialEq)]
pub struct CrossFieldRule {
    pub id: String,
    pub message: String,
    pub kind: RuleKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RuleKind {
    /// At least one of the fields is present and not empty.
    RequireAny(Vec<RuleField>),
    /// When `when` holds, `then` must hold.
    Implies {
        when: RuleCondition,
        then: RuleCondition,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct RuleCondition {
    pub field: RuleField,
    pub test: RuleTest,
}

/// A field a cross-field rule reads, resolved against the operation's
/// parameters and body schema when the spec was lowered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleField {
    /// A declared parameter, by where it is sent and its name on the wire.
    Param {
        location: ParamLocation,
        name: String,
    },
    /// A place in the request body, reached by these steps.
    Body(Vec<BodyStep>),
}

/// One step into a request body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyStep {
    /// A property, by its name on the wire.
    Property(String),
    /// Every item of an array (`*` in the spec).
    EachItem,
}

impl RuleField {
    /// Whether the rule reads this parameter.
    pub fn is_param(&self, param: &Parameter) -> bool {
        matches!(self, RuleField::Param { location, name }
            if *location == param.location && *name == param.wire_name)
    }
}

/// As the spec spells it, and as the runtime's rules look it up:
/// `query/Option`, `body/Resources/*/GroupName`.
impl std::fmt::Display for RuleField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RuleField::Param { location, name } => write!(f, "{}/{name}", location.as_str()),
            RuleField::Body(steps) => {
                f.write_str("body")?;
                for step in steps {
                    match step {
                        BodyStep::Property(name) => write!(f, "/{name}")?,
                        BodyStep::EachItem => f.write_str("/*")?,
                    }
                }
                Ok(())
            }
        }
    }
}

impl CrossFieldRule {
    /// Every field the rule reads.
    pub fn fields(&self) -> Vec<&RuleField> {
        match &self.kind {
            RuleKind::RequireAny(fields) => fields.iter().collect(),
            RuleKind::Implies { when, then } => vec![&when.field, &then.field],
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum RuleTest {
    In(Vec<String>),
    Present,
}

impl Operation {
    /// The `Accept` header: the media types the declared responses carry.
    pub fn accept(&self) -> String {
        let mut types: Vec<&str> = Vec::new();
        for response in &self.responses {
            if let Some(body) = &response.body {
                if !types.contains(&body.media_type.as_str()) {
                    types.push(&body.media_type);
                }
            }
        }
        types.join(", ")
    }

    pub fn params_in(&self, location: ParamLocation) -> impl Iterator<Item = &Parameter> {
        self.params.iter().filter(move |p| p.location == location)
    }

    /// Whether the operation has query, header or cookie parameters, which
    /// travel in one `<Op>Params` struct.
    /// Whether a deprecated parameter is a field of the parameters struct:
    /// code reading that struct's fields allows `deprecated` for it.
    pub fn has_deprecated_params_field(&self) -> bool {
        self.params
            .iter()
            .any(|p| p.deprecated && p.location != ParamLocation::Path)
    }

    pub fn has_params_struct(&self) -> bool {
        self.params
            .iter()
            .any(|p| p.location != ParamLocation::Path)
    }

    pub fn params_struct_name(&self) -> String {
        format!("{}Params", self.type_stem)
    }

    pub fn responses_enum_name(&self) -> String {
        format!("{}Responses", self.type_stem)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    /// As OpenAPI's `in` spells it, and as violations are located.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Parameter {
    pub rust_name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub default: Option<Value>,
    /// Whether lists and objects are exploded: an item or property per pair
    /// (`form`), or `name=value` pieces (`simple`). OpenAPI's default.
    pub explode: bool,
    /// How a query value is spelled; `Form` for other locations.
    pub style: ParamStyle,
    /// Described by `content` (JSON) rather than `schema`: the value
    /// travels as JSON text.
    pub json_content: bool,
    /// Whether the value is one scalar, a list, an object or JSON text.
    pub shape: ParamShape,
    /// For an array parameter, its item type; `ty` is then either a `Vec`
    /// or a checked newtype holding one.
    pub array_item: Option<TypeRef>,
    pub deprecated: bool,
    pub docs: Docs,
    pub at: Location,
    /// A path parameter the client fills once instead of every call takes
    /// it: Huawei's `project_id` on AK/SK-signed operations, from the
    /// credentials or `with_project_id`, as the vendor's SDKs do.
    pub from_client: bool,
}

impl Parameter {
    pub fn is_optional(&self) -> bool {
        !self.required && self.default.is_none()
    }
}

/// What a parameter's value is, which decides how it is spelled: a scalar
/// as itself; a list comma-separated (or in its query style); an object as
/// `name,value` pairs (`name=value` exploded, or in `deepObject` style);
/// JSON text for a parameter described by `content`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamShape {
    Scalar,
    Array,
    /// A struct whose properties are scalars (any properties in
    /// `deepObject` style).
    Object,
    Json,
}

/// The query styles OpenAPI defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    /// `a=1&a=2` exploded, `a=1,2` not.
    Form,
    /// An array as `a=1%202`.
    SpaceDelimited,
    /// An array as `a=1|2`.
    PipeDelimited,
    /// An object as `a[x]=1&a[y]=2`.
    DeepObject,
}

impl ParamStyle {
    /// The separator of a non-exploded array in this style.
    pub fn separator(self) -> char {
        match self {
            ParamStyle::SpaceDelimited => ' ',
            ParamStyle::PipeDelimited => '|',
            ParamStyle::Form | ParamStyle::DeepObject => ',',
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Json,
    Text,
    Binary,
    Form,
    /// `multipart/form-data` (request bodies): one part per property,
    /// `format: binary` properties as file parts.
    Multipart,
}

#[derive(Clone, Debug)]
pub struct RequestBody {
    pub media_type: String,
    pub kind: MediaKind,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Docs,
    /// For multipart bodies: a property's part content type, from the
    /// media type's `encoding`.
    pub part_content_types: Vec<(String, String)>,
}

/// Which statuses a declared response covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u16),
    Default,
}

impl StatusMatch {
    /// The statuses a response covers, inclusive: one code, a hundred, or
    /// for `default` every valid HTTP status.
    pub fn window(self) -> (u16, u16) {
        match self {
            StatusMatch::Code(code) => (code, code),
            StatusMatch::Range(range) => (range * 100, range * 100 + 99),
            StatusMatch::Default => (100, 599),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Response {
    pub status: StatusMatch,
    pub variant_name: String,
    pub body: Option<ResponseBody>,
    pub headers: Vec<ResponseHeader>,
    /// The struct holding `headers`, when there are any.
    pub headers_struct: Option<String>,
    pub docs: Docs,
    pub at: Location,
}

impl Response {
    /// Whether the variant holds the status it came with: a range or
    /// `default` covers many statuses, an exact code only itself.
    pub fn carries_status(&self) -> bool {
        !matches!(self.status, StatusMatch::Code(_))
    }
}

#[derive(Clone, Debug)]
pub struct ResponseBody {
    pub media_type: String,
    pub kind: MediaKind,
    pub ty: TypeRef,
    /// The media type's `example`, checked against `ty`.
    pub example: Option<serde_json::Value>,
}

#[derive(Clone, Debug)]
/// A declared response header. Its value is kept as text: header values
/// are text on the wire, and a typed view would only move the parsing.
pub struct ResponseHeader {
    pub rust_name: String,
    pub wire_name: String,
    pub required: bool,
    pub docs: Docs,
}
