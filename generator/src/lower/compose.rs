//! Composed schemas: `allOf` merges into one struct; `oneOf` and `anyOf`
//! become a Rust enum, tagged by the `discriminator` where the spec gives
//! one and tried in order otherwise.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ObjectType, ReferenceOr, Schema, SchemaKind, Type};

use super::schema::{docs_of, insert, lower_object, reference_type, schema_type};
use super::{Context, Pointer};
use crate::error::Result;
use crate::ident;
use crate::model::{EnumDef, EnumVariant, TypeKind, TypeRef, UnionDef, UnionVariant};

/// Follows `$ref`s to the schema itself.
fn resolve<'a>(
    cx: &Context<'a>,
    schema: &'a ReferenceOr<Schema>,
    at: &Pointer,
) -> Result<(&'a Schema, Pointer)> {
    let mut current = schema;
    let mut pointer = at.clone();
    for _ in 0..32 {
        match current {
            ReferenceOr::Item(schema) => return Ok((schema, pointer)),
            ReferenceOr::Reference { reference } => {
                let name = super::refs::component_name(cx, reference, "schemas", &pointer)?;
                current = cx
                    .spec
                    .components
                    .as_ref()
                    .and_then(|c| c.schemas.get(name))
                    .ok_or_else(|| {
                        cx.invalid(&pointer, format!("`{reference}` points at nothing"))
                    })?;
                pointer = Pointer::from_ref(reference);
            }
        }
    }
    Err(cx.invalid(
        at,
        "reference cycle: the chain of `$ref`s never reaches a definition",
    ))
}

/// A part of an `allOf` that only annotates (a description, `nullable`)
/// and adds no shape of its own.
fn is_annotation(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if any.properties.is_empty() && any.typ.is_none()
        && any.items.is_none() && any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty()
        && any.enumeration.is_empty())
}

/// Adds the object shape of `schema` (and of its own `allOf` parts) to `merged`.
/// Returns false when the schema is not an object.
fn merge_into(
    cx: &Context,
    schema: &Schema,
    at: &Pointer,
    merged: &mut ObjectType,
    sites: &mut IndexMap<String, Pointer>,
    depth: usize,
) -> Result<bool> {
    if depth > 32 {
        return Err(cx.invalid(at, "allOf nests too deeply (a cycle?)"));
    }
    let (properties, required, additional) = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required, &o.additional_properties),
        SchemaKind::Any(any)
            if !any.properties.is_empty() || any.typ.as_deref() == Some("object") =>
        {
            (&any.properties, &any.required, &any.additional_properties)
        }
        SchemaKind::AllOf { all_of } => {
            for (i, part) in all_of.iter().enumerate() {
                let (part, part_at) = resolve(cx, part, &at.join("allOf").join(i.to_string()))?;
                if !is_annotation(part)
                    && !merge_into(cx, part, &part_at, merged, sites, depth + 1)?
                {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        _ => return Ok(false),
    };
    for (name, property) in properties {
        merged.properties.insert(name.clone(), property.clone());
        sites.insert(name.clone(), at.join("properties").join(name));
    }
    for name in required {
        if !merged.required.contains(name) {
            merged.required.push(name.clone());
        }
    }
    if let Some(additional) = additional {
        // The most permissive part decides: any part may bring extra keys.
        if merged.additional_properties.is_none()
            || matches!(additional, AdditionalProperties::Any(true))
        {
            merged.additional_properties = Some(additional.clone());
        }
    }
    Ok(true)
}

pub(crate) fn all_of(
    cx: &mut Context,
    schema: &Schema,
    parts: &[ReferenceOr<Schema>],
    name: &str,
    at: &Pointer,
) -> Result<TypeRef> {
    // One shaping part among annotations (a common way to document a
    // `$ref`): the type is that part's type.
    let shaping: Vec<(usize, &ReferenceOr<Schema>)> = parts
        .iter()
        .enumerate()
        .filter(|(i, part)| {
            let part_at = at.join("allOf").join(i.to_string());
            resolve(cx, part, &part_at).map_or(true, |(s, _)| !is_annotation(s))
        })
        .collect();
    if let [(index, part)] = shaping.as_slice() {
        let part_at = at.join("allOf").join(index.to_string());
        return match part {
            // An inline part is this schema's shape: it takes the name
            // already claimed for this schema (no `Thing = Thing2`), and
            // this schema's documentation where it has none of its own.
            ReferenceOr::Item(part_schema) => {
                // The annotations: this schema's own, then its annotation parts'.
                let annotations: Vec<&openapiv3::SchemaData> = std::iter::once(&schema.schema_data)
                    .chain(parts.iter().filter_map(|p| match p {
                        ReferenceOr::Item(p) if is_annotation(p) => Some(&p.schema_data),
                        _ => None,
                    }))
                    .collect();
                let mut shaped = part_schema.clone();
                let data = &mut shaped.schema_data;
                if data.description.is_none() {
                    data.description = annotations.iter().find_map(|a| a.description.clone());
                }
                if data.title.is_none() {
                    data.title = annotations.iter().find_map(|a| a.title.clone());
                }
                data.deprecated |= annotations.iter().any(|a| a.deprecated);
                super::schema::lower_named(cx, &shaped, name, &part_at)
            }
            reference => schema_type(cx, reference, name, &part_at),
        };
    }
    let mut merged = ObjectType {
        properties: IndexMap::new(),
        ..ObjectType::default()
    };
    let mut sites = IndexMap::new();
    if !merge_into(cx, schema, at, &mut merged, &mut sites, 0)? {
        return Err(cx.unsupported(
            &at.join("allOf"),
            "allOf whose parts are not all objects (only objects can be merged)",
        ));
    }
    if merged.properties.is_empty() {
        return Ok(TypeRef::Map(Box::new(TypeRef::Json)));
    }
    lower_object(
        cx,
        &merged,
        name,
        docs_of(&schema.schema_data),
        schema.schema_data.deprecated,
        at,
        &sites,
    )
}

pub(crate) fn union(
    cx: &mut Context,
    schema: &Schema,
    alternatives: &[ReferenceOr<Schema>],
    name: &str,
    at: &Pointer,
) -> Result<TypeRef> {
    let docs = docs_of(&schema.schema_data);
    let deprecated = schema.schema_data.deprecated;
    if alternatives.is_empty() {
        return Err(cx.invalid(at, "oneOf/anyOf with no alternatives"));
    }
    // All string enums (dropshot writes one per documented value): one enum
    // with every value, which keeps unlisted values readable.
    if let Some(values) = string_enum_values(cx, alternatives, at)? {
        let mut variants: Vec<EnumVariant> = Vec::new();
        let mut names = super::names::Namespace::default();
        names.claim_fresh("Unknown");
        for value in values {
            if variants.iter().all(|v| v.wire_value != value) {
                let rust_name = names.claim_fresh(&ident::pascal(&value));
                variants.push(EnumVariant {
                    rust_name,
                    wire_value: value,
                });
            }
        }
        return Ok(insert(
            cx,
            name,
            docs,
            deprecated,
            TypeKind::Enum(EnumDef {
                variants,
                integer: false,
            }),
            at,
        ));
    }
    let discriminator = schema.schema_data.discriminator.as_ref();
    if discriminator.is_none() {
        if let Some((property, tagged)) = implicit_tag(alternatives) {
            return tagged_union(cx, &property, tagged, name, at, docs, deprecated);
        }
    }
    let mut names = super::names::Namespace::default();
    let mut variants = Vec::new();
    for (index, alternative) in alternatives.iter().enumerate() {
        let alt_at = at.join(index.to_string());
        let (stem, tags) = match alternative {
            ReferenceOr::Reference { reference } => {
                let component = reference
                    .rsplit('/')
                    .next()
                    .unwrap_or(reference)
                    .to_string();
                let mut tags: Vec<String> = discriminator
                    .map(|d| {
                        d.mapping
                            .iter()
                            .filter(|(_, r)| *r == reference)
                            .map(|(k, _)| k.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                if tags.is_empty() {
                    tags.push(component.clone());
                }
                (ident::pascal(&component), tags)
            }
            ReferenceOr::Item(item) => (variant_stem(item, index), Vec::new()),
        };
        let rust_name = names.claim_fresh(&stem);
        let ty = match alternative {
            ReferenceOr::Reference { reference } => reference_type(cx, reference, &alt_at)?,
            item => schema_type(cx, item, &format!("{name}{rust_name}"), &alt_at)?,
        };
        variants.push(UnionVariant {
            rust_name,
            ty,
            at: cx.at(&alt_at),
            tags,
            boxed: false,
        });
    }
    // Tags come from `$ref` names and the mapping; when an inline
    // alternative has none, the union is read untagged (each alternative
    // tried in turn), which the discriminator's values still satisfy.
    let discriminator = discriminator
        .filter(|_| variants.iter().all(|v| !v.tags.is_empty()))
        .map(|d| d.property_name.clone());
    let kind = TypeKind::Union(UnionDef {
        variants,
        discriminator,
        writes_tag: false,
    });
    Ok(insert(cx, name, docs, deprecated, kind, at))
}

/// The property that tags every alternative when none is declared: each
/// alternative is an inline object that requires it, as a string with one
/// value of its own (`type: {enum: [range_to]}`, as dropshot writes sum
/// types). Returns the property and each alternative with its value.
fn implicit_tag(alternatives: &[ReferenceOr<Schema>]) -> Option<(String, Vec<(&Schema, String)>)> {
    let items: Vec<(&Schema, &ObjectType)> = alternatives
        .iter()
        .map(|alternative| match alternative {
            ReferenceOr::Item(
                item @ Schema {
                    schema_kind: SchemaKind::Type(Type::Object(object)),
                    ..
                },
            ) => Some((item, object)),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let single_value = |object: &ObjectType, property: &str| -> Option<String> {
        if !object.required.iter().any(|r| r == property) {
            return None;
        }
        match object.properties.get(property)? {
            ReferenceOr::Item(schema) => match &schema.schema_kind {
                SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => {
                    s.enumeration[0].clone()
                }
                _ => None,
            },
            ReferenceOr::Reference { .. } => None,
        }
    };
    let (_, first) = items.first()?;
    first.properties.keys().find_map(|property| {
        let tagged: Vec<(&Schema, String)> = items
            .iter()
            .map(|(item, object)| Some((*item, single_value(object, property)?)))
            .collect::<Option<_>>()?;
        let distinct = tagged
            .iter()
            .enumerate()
            .all(|(i, (_, t))| tagged[..i].iter().all(|(_, earlier)| earlier != t));
        distinct.then(|| (property.clone(), tagged))
    })
}

/// A union the `property` tags: each alternative becomes a variant named by
/// its tag, holding the alternative's other properties; the enum itself
/// reads and writes the tag (serde's internally tagged form).
fn tagged_union(
    cx: &mut Context,
    property: &str,
    tagged: Vec<(&Schema, String)>,
    name: &str,
    at: &Pointer,
    docs: crate::model::Docs,
    deprecated: bool,
) -> Result<TypeRef> {
    let mut names = super::names::Namespace::default();
    let mut variants = Vec::new();
    for (index, (item, tag)) in tagged.into_iter().enumerate() {
        let alt_at = at.join(index.to_string());
        let mut item = item.clone();
        if let SchemaKind::Type(Type::Object(object)) = &mut item.schema_kind {
            object.properties.shift_remove(property);
            object.required.retain(|r| r != property);
        }
        let rust_name = names.claim_fresh(&ident::pascal(&tag));
        let ty = schema_type(
            cx,
            &ReferenceOr::Item(item),
            &format!("{name}{rust_name}"),
            &alt_at,
        )?;
        variants.push(UnionVariant {
            rust_name,
            ty,
            at: cx.at(&alt_at),
            tags: vec![tag],
            boxed: false,
        });
    }
    let kind = TypeKind::Union(UnionDef {
        variants,
        discriminator: Some(property.to_string()),
        writes_tag: true,
    });
    Ok(insert(cx, name, docs, deprecated, kind, at))
}

/// The values when every alternative is a string enum, else `None`.
fn string_enum_values(
    cx: &Context,
    alternatives: &[ReferenceOr<Schema>],
    at: &Pointer,
) -> Result<Option<Vec<String>>> {
    let mut values = Vec::new();
    for (index, alternative) in alternatives.iter().enumerate() {
        let (schema, _) = resolve(cx, alternative, &at.join(index.to_string()))?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                values.extend(s.enumeration.iter().flatten().cloned());
            }
            _ => return Ok(None),
        }
    }
    Ok(Some(values))
}

/// A variant name for an inline alternative, from what it is.
fn variant_stem(schema: &Schema, index: usize) -> String {
    let by_kind = match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        SchemaKind::Type(Type::Object(o)) if o.properties.len() == 1 => {
            // Externally tagged enums (`{"variant": {...}}`) read best by their key.
            return ident::pascal(
                o.properties
                    .keys()
                    .next()
                    .map(String::as_str)
                    .unwrap_or("Object"),
            );
        }
        SchemaKind::Type(Type::Object(_)) => "Object",
        _ => "Variant",
    };
    match &schema.schema_data.title {
        Some(title) => ident::pascal(title),
        None if by_kind == "Variant" => format!("Variant{index}"),
        None => by_kind.to_string(),
    }
}
