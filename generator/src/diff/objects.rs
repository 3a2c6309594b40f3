//! Objects and unions compared property by property and alternative by
//! alternative: what was removed, added, made required or optional.

use super::schemas::{direction_name, show, spec_path, Compare, Direction, Place, Role};
use super::{Level, RustEffect};
use crate::model::{Field, StructDef, UnionDef, UnionVariant};

/// An alternative as the spec names it, by its place in the list:
/// `oneOf[2]`.
fn alternative_name(variant: &UnionVariant) -> String {
    let mut tokens = variant.at.pointer.rsplit('/');
    match (tokens.next(), tokens.next()) {
        (Some(index), Some(keyword)) => format!("{keyword}[{index}]"),
        _ => variant.rust_name.clone(),
    }
}

impl Compare<'_> {
    pub(super) fn objects(
        &mut self,
        dir: Direction,
        old: &StructDef,
        new: &StructDef,
        place: &Place,
    ) {
        let d = direction_name(dir);
        // The label follows the newer declaration (`/allOf[1]/name` for a
        // property of a merged part); a removed property, the old one.
        let field_place = |f_old: Option<&Field>, f_new: Option<&Field>| {
            let (named, within) = match (f_new, f_old) {
                (Some(f), _) => (f, &place.new),
                (None, Some(f)) => (f, &place.old),
                (None, None) => return place.clone(),
            };
            place.moved(
                &spec_path(&within.pointer, &named.at.pointer, &named.wire_name),
                f_old.map(|f| &f.at),
                f_new.map(|f| &f.at),
            )
        };
        for old_field in &old.fields {
            let Some(new_field) = new
                .fields
                .iter()
                .find(|f| f.wire_name == old_field.wire_name)
            else {
                // Said of the object, naming the property, at the
                // property's place in the old version.
                let p = Place {
                    label: place.label.clone(),
                    ..field_place(Some(old_field), None)
                };
                let rust = RustEffect {
                    source_breaking: true,
                    note: format!("field `{}` is removed", old_field.rust_name),
                };
                let (rule, level) = match (dir, old_field.required) {
                    (Direction::Request, _) => ("request-property-removed", Level::Warning),
                    (Direction::Response, true) => {
                        ("response-required-property-removed", Level::Breaking)
                    }
                    (Direction::Response, false) => {
                        ("response-optional-property-removed", Level::Warning)
                    }
                };
                self.push(
                    rule.to_string(),
                    level,
                    format!("{}: property `{}` removed", p.label, old_field.wire_name),
                    &p,
                    rust,
                );
                continue;
            };
            let p = field_place(Some(old_field), Some(new_field));
            if old_field.required != new_field.required {
                let became = if new_field.required {
                    "required"
                } else {
                    "optional"
                };
                let level = match (dir, new_field.required) {
                    (Direction::Request, true) | (Direction::Response, false) => Level::Breaking,
                    _ => Level::Info,
                };
                let optional_changes = old_field.is_optional() != new_field.is_optional();
                let rust = RustEffect {
                    source_breaking: optional_changes
                        || (dir == Direction::Request && new_field.required),
                    note: if optional_changes {
                        format!(
                            "field `{}` changes between `Option<T>` and `T`",
                            new_field.rust_name
                        )
                    } else {
                        "same Rust field".to_string()
                    },
                };
                self.push(
                    format!("{d}-property-became-{became}"),
                    level,
                    format!("{}: became {became}", p.label),
                    &p,
                    rust,
                );
            }
            if old_field.nullable != new_field.nullable {
                let became = if new_field.nullable {
                    "nullable"
                } else {
                    "not-nullable"
                };
                let level = match (dir, new_field.nullable) {
                    (Direction::Request, false) | (Direction::Response, true) => Level::Breaking,
                    _ => Level::Info,
                };
                let optional_changes = old_field.is_optional() != new_field.is_optional();
                let rust = RustEffect {
                    source_breaking: optional_changes,
                    note: if optional_changes {
                        "the field changes between `Option<T>` and `T`"
                    } else {
                        "same Rust field"
                    }
                    .to_string(),
                };
                let message = format!("{}: became {}", p.label, became.replace('-', " "));
                self.push(
                    format!("{d}-property-became-{became}"),
                    level,
                    message,
                    &p,
                    rust,
                );
            }
            if dir == Direction::Request && old_field.default != new_field.default {
                let message = format!(
                    "{}: default changed from {} to {}",
                    p.label,
                    show(&old_field.default),
                    show(&new_field.default)
                );
                let rust = RustEffect {
                    source_breaking: false,
                    note: "the constructor's default changes".to_string(),
                };
                self.push(
                    "request-property-default-value-changed".to_string(),
                    Level::Info,
                    message,
                    &p,
                    rust,
                );
            }
            let (a, b) = (old_field.ty.clone(), new_field.ty.clone());
            self.compare(dir, Role::Property, &a, &b, &p);
        }
        for new_field in new
            .fields
            .iter()
            .filter(|f| !old.fields.iter().any(|o| o.wire_name == f.wire_name))
        {
            let p = Place {
                label: place.label.clone(),
                ..field_place(None, Some(new_field))
            };
            let needs_arg =
                dir == Direction::Request && new_field.required && new_field.default.is_none();
            // The struct's fields are public, so code that builds it with a
            // literal stops compiling either way (cargo-semver-checks:
            // `constructible_struct_adds_field`); code that uses `new` only
            // when the field is a new argument.
            let rust = RustEffect {
                source_breaking: true,
                note: if needs_arg {
                    format!("`new` takes a new argument `{}`", new_field.rust_name)
                } else {
                    format!(
                        "new field `{}`: `new` is unchanged, a struct literal needs it",
                        new_field.rust_name
                    )
                },
            };
            let (rule, level) = match (dir, new_field.required) {
                (Direction::Request, true) => ("new-required-request-property", Level::Breaking),
                (Direction::Request, false) => ("new-optional-request-property", Level::Info),
                (Direction::Response, true) => ("response-required-property-added", Level::Info),
                (Direction::Response, false) => ("response-optional-property-added", Level::Info),
            };
            self.push(
                rule.to_string(),
                level,
                format!("{}: property `{}` added", p.label, new_field.wire_name),
                &p,
                rust,
            );
        }
        match (&old.additional, &new.additional) {
            (Some(_), None) | (None, Some(_)) => {
                let allowed = new.additional.is_some();
                let level = match (dir, allowed) {
                    (Direction::Request, false) | (Direction::Response, true) => Level::Breaking,
                    _ => Level::Info,
                };
                let what = if allowed { "allowed" } else { "restricted" };
                let message = format!("{}: additional properties {what}", place.label);
                let rust = RustEffect {
                    source_breaking: true,
                    note: "the `additional_properties` map appears or goes".to_string(),
                };
                self.push(
                    format!("{d}-additional-properties-{what}"),
                    level,
                    message,
                    place,
                    rust,
                );
            }
            (Some(a), Some(b)) => {
                let (a, b) = (a.clone(), b.clone());
                let p = place.child(
                    "/additionalProperties",
                    "/additionalProperties",
                    "/additionalProperties",
                );
                self.compare(dir, Role::Property, &a, &b, &p);
            }
            (None, None) => {}
        }
    }

    pub(super) fn unions(
        &mut self,
        dir: Direction,
        role: Role,
        old: &UnionDef,
        new: &UnionDef,
        place: &Place,
    ) {
        let (d, r) = (direction_name(dir), role.as_str());
        let rust = RustEffect {
            source_breaking: true,
            note: "the Rust enum gains or loses a variant".to_string(),
        };
        for v in old
            .variants
            .iter()
            .filter(|v| !new.variants.iter().any(|n| n.rust_name == v.rust_name))
        {
            let level = if dir == Direction::Request {
                Level::Breaking
            } else {
                Level::Info
            };
            let message = format!(
                "{}: alternative {} removed",
                place.label,
                alternative_name(v)
            );
            self.push(
                format!("{d}-{r}-one-of-removed"),
                level,
                message,
                place,
                rust.clone(),
            );
        }
        for v in new
            .variants
            .iter()
            .filter(|v| !old.variants.iter().any(|o| o.rust_name == v.rust_name))
        {
            let level = if dir == Direction::Request {
                Level::Info
            } else {
                Level::Breaking
            };
            let message = format!("{}: alternative {} added", place.label, alternative_name(v));
            self.push(
                format!("{d}-{r}-one-of-added"),
                level,
                message,
                place,
                rust.clone(),
            );
        }
        for (a, b) in old.variants.iter().filter_map(|o| {
            new.variants
                .iter()
                .find(|n| n.rust_name == o.rust_name)
                .map(|n| (o, n))
        }) {
            let label = format!("/{}", alternative_name(b));
            let p = place.moved(&label, Some(&a.at), Some(&b.at));
            let (x, y) = (a.ty.clone(), b.ty.clone());
            self.compare(dir, role, &x, &y, &p);
        }
        if old.discriminator != new.discriminator {
            let message = format!(
                "{}: discriminator changed from {:?} to {:?}",
                place.label, old.discriminator, new.discriminator
            );
            self.push(
                format!("{d}-{r}-discriminator-changed"),
                Level::Breaking,
                message,
                place,
                rust,
            );
        }
    }
}
