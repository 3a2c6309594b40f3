//! Schemas into types. Component schemas become named types under their own
//! names; inline schemas that need a type of their own (objects, enums,
//! constrained values) are named from where they stand.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ArrayType, IntegerFormat, NumberFormat, ObjectType, ReferenceOr, Schema,
    SchemaData, SchemaKind, StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::{compose, refs, Context, Pointer};
use crate::error::Result;
use crate::ident;
use crate::model::{
    ConstrainedDef, Constraints, DefaultLiteral, Docs, EnumDef, EnumVariant, Field, StructDef,
    TextFormat, TypeDef, TypeKind, TypeRef,
};

/// Reserves every component schema's name first, so an inline type named
/// after its parent can never take a name a component needs; then lowers them.
pub(crate) fn lower_components(cx: &mut Context) -> Result<()> {
    let Some(components) = cx.spec.components.as_ref() else {
        return Ok(());
    };
    let base = Pointer::root().join("components").join("schemas");
    for name in components.schemas.keys() {
        let rust_name = cx.type_names.claim_fresh(&ident::pascal(name));
        cx.component_types.insert(name.clone(), rust_name);
    }
    for (name, schema) in &components.schemas {
        let pointer = base.join(name);
        let rust_name = cx.component_types[name].clone();
        let ty = match schema {
            ReferenceOr::Reference { reference } => reference_type(cx, reference, &pointer)?,
            ReferenceOr::Item(schema) => lower_named(cx, schema, &rust_name, &pointer)?,
        };
        if ty != TypeRef::Named(rust_name.clone()) {
            // A primitive, array or map with nothing to enforce: an alias.
            let docs = match schema {
                ReferenceOr::Item(schema) => docs_of(&schema.schema_data),
                ReferenceOr::Reference { .. } => Docs::default(),
            };
            insert(cx, &rust_name, docs, false, TypeKind::Alias(ty), &pointer);
        }
    }
    Ok(())
}

/// The type of a schema used somewhere (a field, a parameter, a body).
/// `hint` is the name a new type would get.
pub(crate) fn schema_type(
    cx: &mut Context,
    schema: &ReferenceOr<Schema>,
    hint: &str,
    at: &Pointer,
) -> Result<TypeRef> {
    match schema {
        ReferenceOr::Reference { reference } => reference_type(cx, reference, at),
        ReferenceOr::Item(schema) => item_type(cx, schema, hint, at),
    }
}

/// The type of an inline schema.
fn item_type(cx: &mut Context, schema: &Schema, hint: &str, at: &Pointer) -> Result<TypeRef> {
    let ty = if needs_named_type(schema) {
        let name = cx.type_names.claim_fresh(hint);
        lower_named(cx, schema, &name, at)?
    } else {
        lower_named(cx, schema, hint, at)?
    };
    // A struct field unwraps this into its own `Option`.
    Ok(if schema.schema_data.nullable && ty != TypeRef::Json {
        TypeRef::Option(Box::new(ty))
    } else {
        ty
    })
}

pub(crate) fn boxed_schema_type(
    cx: &mut Context,
    schema: &ReferenceOr<Box<Schema>>,
    hint: &str,
    at: &Pointer,
) -> Result<TypeRef> {
    match schema {
        ReferenceOr::Reference { reference } => reference_type(cx, reference, at),
        ReferenceOr::Item(schema) => item_type(cx, schema, hint, at),
    }
}

pub(crate) fn reference_type(cx: &Context, reference: &str, at: &Pointer) -> Result<TypeRef> {
    let name = refs::component_name(cx, reference, "schemas", at)?;
    match cx.component_types.get(name) {
        Some(rust_name) => Ok(TypeRef::Named(rust_name.clone())),
        None => Err(cx.invalid(at, format!("`{reference}` points at nothing"))),
    }
}

/// Whether lowering this inline schema creates a named type.
fn needs_named_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            !s.enumeration.is_empty() || !string_constraints(s).is_empty()
        }
        SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => true,
        SchemaKind::Type(Type::Integer(_)) | SchemaKind::Type(Type::Number(_)) => {
            !number_constraints(&schema.schema_kind).is_empty()
        }
        SchemaKind::Type(Type::Array(a)) => !array_constraints(a).is_empty(),
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Any(any) => !any.properties.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        _ => false,
    }
}

/// Lowers a schema that may become the named type `name`. Returns
/// `Named(name)` when it did, or a plain type when none was needed.
pub(crate) fn lower_named(
    cx: &mut Context,
    schema: &Schema,
    name: &str,
    at: &Pointer,
) -> Result<TypeRef> {
    let ty = lower_shape(cx, schema, name, at)?;
    if let Some(example) = &schema.schema_data.example {
        if !(example.is_null() && schema.schema_data.nullable) {
            cx.examples
                .push((ty.clone(), example.clone(), at.join("example")));
        }
    }
    Ok(ty)
}

fn lower_shape(cx: &mut Context, schema: &Schema, name: &str, at: &Pointer) -> Result<TypeRef> {
    let docs = docs_of(&schema.schema_data);
    let deprecated = schema.schema_data.deprecated;
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            if !s.enumeration.is_empty() {
                let kind = enum_kind(s);
                return Ok(insert(cx, name, docs, deprecated, kind, at));
            }
            if let Some(format) = declared_format(&s.format).filter(|f| *f != "binary") {
                let at = cx.at(at);
                cx.string_formats
                    .insert((at.file, at.pointer), format.to_string());
            }
            let inner = match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::File,
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => {
                    TypeRef::Format(TextFormat::DateTime)
                }
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => {
                    TypeRef::Format(TextFormat::Date)
                }
                VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => {
                    TypeRef::Format(TextFormat::Byte)
                }
                VariantOrUnknownOrEmpty::Unknown(name) => TextFormat::from_name(name)
                    .map(TypeRef::Format)
                    .unwrap_or(TypeRef::String),
                _ => TypeRef::String,
            };
            // Length and pattern checks are on text: a formatted string that
            // has them stays text, so that they can be enforced.
            let constraints = string_constraints(s);
            let inner = match inner {
                TypeRef::Format(_) if !constraints.is_empty() => TypeRef::String,
                other => other,
            };
            constrained(cx, inner, constraints, name, docs, deprecated, at)
        }
        SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
            let kind = integer_enum_kind(&i.enumeration);
            Ok(insert(cx, name, docs, deprecated, kind, at))
        }
        SchemaKind::Type(Type::Integer(i)) => {
            let inner = integer_type(&i.format);
            let c = number_constraints(&schema.schema_kind);
            constrained(cx, inner, c, name, docs, deprecated, at)
        }
        SchemaKind::Type(Type::Number(n)) => {
            let inner = match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "float" => TypeRef::F32,
                _ => TypeRef::F64,
            };
            let c = number_constraints(&schema.schema_kind);
            constrained(cx, inner, c, name, docs, deprecated, at)
        }
        SchemaKind::Type(Type::Boolean(_)) => Ok(TypeRef::Bool),
        SchemaKind::Type(Type::Array(a)) => {
            let item = match &a.items {
                Some(items) => {
                    boxed_schema_type(cx, items, &format!("{name}Item"), &at.join("items"))?
                }
                None => TypeRef::Json,
            };
            let inner = TypeRef::Vec(Box::new(item));
            constrained(cx, inner, array_constraints(a), name, docs, deprecated, at)
        }
        SchemaKind::Type(Type::Object(o)) => {
            lower_object(cx, o, name, docs, deprecated, at, &IndexMap::new())
        }
        SchemaKind::Any(any) if !any.properties.is_empty() => {
            let object = ObjectType {
                properties: any.properties.clone(),
                required: any.required.clone(),
                additional_properties: any.additional_properties.clone(),
                min_properties: any.min_properties,
                max_properties: any.max_properties,
            };
            lower_object(cx, &object, name, docs, deprecated, at, &IndexMap::new())
        }
        SchemaKind::Any(_) => Ok(TypeRef::Json),
        SchemaKind::AllOf { all_of } => compose::all_of(cx, schema, all_of, name, at),
        SchemaKind::OneOf { one_of } => compose::union(cx, schema, one_of, name, &at.join("oneOf")),
        SchemaKind::AnyOf { any_of } => compose::union(cx, schema, any_of, name, &at.join("anyOf")),
        // `not` excludes values rather than describing them: no Rust type
        // says "anything but", so the value is any JSON, unchecked.
        SchemaKind::Not { .. } => Ok(TypeRef::Json),
    }
}

pub(crate) fn insert(
    cx: &mut Context,
    name: &str,
    docs: Docs,
    deprecated: bool,
    kind: TypeKind,
    at: &Pointer,
) -> TypeRef {
    let at = cx.at(at);
    cx.types.insert(
        name.to_string(),
        TypeDef {
            name: name.to_string(),
            docs,
            deprecated,
            kind,
            at,
        },
    );
    TypeRef::Named(name.to_string())
}

fn constrained(
    cx: &mut Context,
    inner: TypeRef,
    constraints: Constraints,
    name: &str,
    docs: Docs,
    deprecated: bool,
    at: &Pointer,
) -> Result<TypeRef> {
    let mut constraints = constraints;
    let unsigned = matches!(
        inner,
        TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64
    );
    if unsigned && constraints.minimum == Some(0.0) && !constraints.exclusive_minimum {
        // The type already says so (dropshot writes `minimum: 0` on uints).
        constraints.minimum = None;
    }
    if constraints.is_empty() {
        return Ok(inner);
    }
    if let Some(pattern) = &constraints.pattern {
        if let Err(err) = fancy_regex::Regex::new(pattern) {
            return Err(cx.unsupported(
                &at.join("pattern"),
                format!("pattern `{pattern}` is not a regular expression this generator can check: {err}"),
            ));
        }
    }
    let kind = TypeKind::Constrained(ConstrainedDef { inner, constraints });
    Ok(insert(cx, name, docs, deprecated, kind, at))
}

fn enum_kind(s: &StringType) -> TypeKind {
    let mut names = super::names::Namespace::default();
    // `Unknown` holds the values a server adds later.
    names.claim_fresh("Unknown");
    let mut variants = Vec::new();
    for value in &s.enumeration {
        // `null` in an enum only says the value may be null; nullability is
        // handled where the schema is used.
        let Some(value) = value else { continue };
        if variants
            .iter()
            .any(|v: &EnumVariant| &v.wire_value == value)
        {
            continue;
        }
        let rust_name = names.claim_fresh(&ident::pascal(value));
        variants.push(EnumVariant {
            rust_name,
            wire_value: value.clone(),
        });
    }
    TypeKind::Enum(EnumDef {
        variants,
        integer: false,
    })
}

/// An integer `enum`: variants named after their values (`V200`), with
/// the same `Unknown` for values added later.
fn integer_enum_kind(values: &[Option<i64>]) -> TypeKind {
    let mut names = super::names::Namespace::default();
    names.claim_fresh("Unknown");
    let mut variants: Vec<EnumVariant> = Vec::new();
    for value in values.iter().flatten() {
        let wire_value = value.to_string();
        if variants.iter().any(|v| v.wire_value == wire_value) {
            continue;
        }
        let spelled = if *value < 0 {
            format!("Minus{}", value.unsigned_abs())
        } else {
            format!("V{value}")
        };
        variants.push(EnumVariant {
            rust_name: names.claim_fresh(&spelled),
            wire_value,
        });
    }
    TypeKind::Enum(EnumDef {
        variants,
        integer: true,
    })
}

pub(crate) fn lower_object(
    cx: &mut Context,
    object: &ObjectType,
    name: &str,
    docs: Docs,
    deprecated: bool,
    at: &Pointer,
    // Where each property is declared, when not in `object` itself at
    // `at` (the parts of a merged `allOf`).
    sites: &IndexMap<String, Pointer>,
) -> Result<TypeRef> {
    let additional = match &object.additional_properties {
        None | Some(AdditionalProperties::Any(false)) => None,
        Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
        Some(AdditionalProperties::Schema(schema)) => {
            let hint = format!("{name}Value");
            Some(schema_type(
                cx,
                schema,
                &hint,
                &at.join("additionalProperties"),
            )?)
        }
    };
    if object.properties.is_empty() && object.required.is_empty() {
        return Ok(TypeRef::Map(Box::new(additional.unwrap_or(TypeRef::Json))));
    }
    let mut field_names = super::names::Namespace::default();
    if additional.is_some() {
        // The map of undeclared properties takes this name.
        field_names.claim_fresh("additional_properties");
    }
    let mut fields = Vec::new();
    for (wire_name, property) in &object.properties {
        let prop_at = sites
            .get(wire_name)
            .cloned()
            .unwrap_or_else(|| at.join("properties").join(wire_name));
        let rust_name = field_names.claim_fresh(&ident::snake(wire_name));
        let hint = format!("{name}{}", ident::pascal(wire_name));
        let ty = boxed_schema_type(cx, property, &hint, &prop_at)?;
        let (ty, nullable_type) = match ty {
            TypeRef::Option(inner) => (*inner, true),
            other => (other, false),
        };
        let (data, required) = match property {
            ReferenceOr::Item(schema) => (
                Some(&schema.schema_data),
                object.required.contains(wire_name),
            ),
            ReferenceOr::Reference { .. } => (None, object.required.contains(wire_name)),
        };
        // A default on a referenced schema applies where it is used, too.
        // Named types may not be lowered yet; `prune_defaults` checks those.
        let declared_default = match property {
            ReferenceOr::Item(schema) => schema.schema_data.default.clone(),
            ReferenceOr::Reference { reference } => referenced_default(cx, reference),
        };
        let default = declared_default
            .clone()
            .filter(|v| matches!(ty, TypeRef::Named(_)) || default_fits(&ty, v, cx));
        let default_applies = default.is_some();
        // A string whose format has no type of its own says so in its docs.
        let field_ty_for_docs = ty.clone();
        fields.push(Field {
            rust_name,
            wire_name: wire_name.clone(),
            ty,
            required,
            nullable: nullable_type || data.is_some_and(|d| d.nullable),
            default,
            deprecated: data.is_some_and(|d| d.deprecated),
            docs: {
                let mut docs = data.map(docs_of).unwrap_or_default();
                if let (ReferenceOr::Item(schema), TypeRef::String) = (property, &field_ty_for_docs)
                {
                    if let Some(format) = string_format_name(schema) {
                        docs.append(&format!("Format: `{format}`."));
                    }
                }
                if let (Some(value), false) = (&declared_default, default_applies) {
                    docs.note_unapplied_default(value);
                }
                docs
            },
            boxed: false,
            at: cx.at(&prop_at),
        });
    }
    // JSON Schema lets `required` name a property `properties` does not
    // declare: it must be present, with any value the rest of the schema
    // allows (the `additionalProperties` type, else any JSON).
    for required in &object.required {
        if object.properties.contains_key(required) {
            continue;
        }
        let ty = additional.clone().unwrap_or(TypeRef::Json);
        let described = match ty {
            TypeRef::Json => "any JSON value",
            _ => "a value of the `additionalProperties` schema",
        };
        fields.push(Field {
            rust_name: field_names.claim_fresh(&ident::snake(required)),
            wire_name: required.clone(),
            ty,
            required: true,
            nullable: false,
            default: None,
            deprecated: false,
            docs: Docs {
                description: Some(format!(
                    "Listed in `required` but not among the schema's `properties`: it must be present, as {described}."
                )),
                ..Docs::default()
            },
            boxed: false,
            at: cx.at(&at.join("required")),
        });
    }
    let kind = TypeKind::Struct(StructDef { fields, additional });
    Ok(insert(cx, name, docs, deprecated, kind, at))
}

/// The `format` of a string schema, as written (`email`, `uri`, ...).
fn string_format_name(schema: &Schema) -> Option<String> {
    let SchemaKind::Type(Type::String(s)) = &schema.schema_kind else {
        return None;
    };
    declared_format(&s.format).map(str::to_string)
}

/// A string schema's `format` as the spec spells it.
fn declared_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(format) => Some(match format {
            StringFormat::Date => "date",
            StringFormat::DateTime => "date-time",
            StringFormat::Password => "password",
            StringFormat::Byte => "byte",
            StringFormat::Binary => "binary",
        }),
        VariantOrUnknownOrEmpty::Unknown(format) => Some(format),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// Drops defaults on fields of named types that do not fit, once every
/// type is known (a field may refer to a schema lowered after it).
pub(crate) fn prune_defaults(cx: &mut Context) {
    let mut unfit = Vec::new();
    for (type_name, def) in &cx.types {
        if let TypeKind::Struct(s) = &def.kind {
            for (index, field) in s.fields.iter().enumerate() {
                if field
                    .default
                    .as_ref()
                    .is_some_and(|v| !default_fits(&field.ty, v, cx))
                {
                    unfit.push((type_name.clone(), index));
                }
            }
        }
    }
    for (type_name, index) in unfit {
        if let Some(TypeKind::Struct(s)) = cx.types.get_mut(&type_name).map(|t| &mut t.kind) {
            let field = &mut s.fields[index];
            if let Some(value) = field.default.take() {
                field.docs.note_unapplied_default(&value);
            }
        }
    }
}

/// Whether a default applies: the emitted code can write it as a literal
/// (see [`DefaultLiteral::of`]). Anything else is kept in the docs only.
pub(crate) fn default_fits(ty: &TypeRef, value: &Value, cx: &Context) -> bool {
    DefaultLiteral::of(&cx.types, ty, value).is_some()
}

fn referenced_default(cx: &Context, reference: &str) -> Option<Value> {
    let name = reference.strip_prefix("#/components/schemas/")?;
    match cx.spec.components.as_ref()?.schemas.get(name)? {
        ReferenceOr::Item(schema) => schema.schema_data.default.clone(),
        ReferenceOr::Reference { .. } => None,
    }
}

pub(crate) fn docs_of(data: &SchemaData) -> Docs {
    Docs {
        summary: data.title.clone(),
        description: data.description.clone(),
        example: data.example.clone(),
    }
}

/// `int32`, `int64` and the unsigned and narrow formats real specs use
/// (dropshot writes `uint32`, `uint64`, `uint8`, ...).
fn integer_type(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => TypeRef::I64,
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "int8" => TypeRef::I8,
            "int16" => TypeRef::I16,
            "uint8" => TypeRef::U8,
            "uint16" => TypeRef::U16,
            "uint32" => TypeRef::U32,
            "uint" | "uint64" => TypeRef::U64,
            _ => TypeRef::I64,
        },
        VariantOrUnknownOrEmpty::Empty => TypeRef::I64,
    }
}

fn string_constraints(s: &StringType) -> Constraints {
    Constraints {
        min_length: s.min_length.filter(|n| *n > 0),
        max_length: s.max_length,
        pattern: s.pattern.clone(),
        ..Constraints::default()
    }
}

fn number_constraints(kind: &SchemaKind) -> Constraints {
    match kind {
        SchemaKind::Type(Type::Integer(i)) => Constraints {
            minimum: i.minimum.map(|v| v as f64),
            maximum: i.maximum.map(|v| v as f64),
            exclusive_minimum: i.exclusive_minimum && i.minimum.is_some(),
            exclusive_maximum: i.exclusive_maximum && i.maximum.is_some(),
            multiple_of: i.multiple_of.map(|v| v as f64),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(n)) => Constraints {
            minimum: n.minimum,
            maximum: n.maximum,
            exclusive_minimum: n.exclusive_minimum && n.minimum.is_some(),
            exclusive_maximum: n.exclusive_maximum && n.maximum.is_some(),
            multiple_of: n.multiple_of,
            ..Constraints::default()
        },
        _ => Constraints::default(),
    }
}

fn array_constraints(a: &ArrayType) -> Constraints {
    Constraints {
        min_items: a.min_items.filter(|n| *n > 0),
        max_items: a.max_items,
        unique_items: a.unique_items,
        ..Constraints::default()
    }
}
