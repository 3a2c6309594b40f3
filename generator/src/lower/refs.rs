//! `$ref` resolution for the component kinds that are inlined into the model
//! (parameters, request bodies, responses, headers). Schema references stay
//! references: they become named types.

use openapiv3::{Header, Parameter, ReferenceOr, RequestBody, Response};

use super::{Context, Pointer};
use crate::error::Result;

/// Follows `$ref` chains up to this depth; a longer chain is a cycle.
const MAX_DEPTH: usize = 32;

/// Splits `#/components/<kind>/<name>` and checks the kind.
pub(crate) fn component_name<'r>(
    cx: &Context,
    reference: &'r str,
    kind: &str,
    at: &Pointer,
) -> Result<&'r str> {
    if !reference.starts_with('#') {
        return Err(cx.unsupported(
            at,
            format!("external reference `{reference}`: only references within the document are supported"),
        ));
    }
    let prefix = format!("#/components/{kind}/");
    reference
        .strip_prefix(&prefix)
        .filter(|name| !name.is_empty() && !name.contains('/'))
        .ok_or_else(|| {
            cx.invalid(
                at,
                format!("`{reference}` does not point at #/components/{kind}/<name>"),
            )
        })
}

macro_rules! resolver {
    ($fn_name:ident, $ty:ty, $kind:literal, $field:ident) => {
        /// Resolves a reference, returning the item and the pointer it lives at.
        pub(crate) fn $fn_name<'a>(
            cx: &Context<'a>,
            item: &'a ReferenceOr<$ty>,
            at: &Pointer,
        ) -> Result<(&'a $ty, Pointer)> {
            let mut current = item;
            let mut pointer = at.clone();
            for _ in 0..MAX_DEPTH {
                match current {
                    ReferenceOr::Item(found) => return Ok((found, pointer)),
                    ReferenceOr::Reference { reference } => {
                        let name = component_name(cx, reference, $kind, &pointer)?;
                        let next = cx
                            .spec
                            .components
                            .as_ref()
                            .and_then(|c| c.$field.get(name))
                            .ok_or_else(|| {
                                cx.invalid(&pointer, format!("`{reference}` points at nothing"))
                            })?;
                        pointer = Pointer::from_ref(reference);
                        current = next;
                    }
                }
            }
            Err(cx.invalid(
                at,
                "reference cycle: the chain of `$ref`s never reaches a definition",
            ))
        }
    };
}

resolver!(parameter, Parameter, "parameters", parameters);
resolver!(request_body, RequestBody, "requestBodies", request_bodies);
resolver!(response, Response, "responses", responses);
resolver!(header, Header, "headers", headers);
