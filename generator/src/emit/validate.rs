//! `validation.rs`: `validate::Validate` for every struct and union: a JSON
//! value is checked against the schema the type stands for, collecting
//! every violation with its JSON pointer, before any typed decoding. Only
//! the server runs this, on requests, so the module exists only with the
//! `server` feature; enums and newtypes get theirs from the runtime's
//! macros.

use proc_macro2::TokenStream;
use quote::quote;

use super::typeref::{held_type_tokens, type_tokens, Scope};
use crate::ident;
use crate::model::{Api, TypeDef, TypeKind};

pub fn validation_file(api: &Api) -> TokenStream {
    let impls: TokenStream = api.types.values().map(validate_impl).collect();
    // An API with no structs or unions has nothing here to import for.
    let runtime = if super::uses(&impls, "runtime", true) {
        quote!(
            use crate::runtime::{self, validate};
        )
    } else {
        quote!(
            use crate::runtime::validate;
        )
    };
    let imports = (!impls.is_empty()).then(|| quote!(use super::types::*; #runtime));
    quote! {
        #![doc = " How each struct and union of the spec checks a JSON value (server only)."]
        #imports
        #impls
    }
}

fn validate_impl(def: &TypeDef) -> TokenStream {
    let name = ident::ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let required: Vec<&str> = s
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.wire_name.as_str())
                .collect();
            let properties = s.fields.iter().map(|f| {
                let ty = held_type_tokens(&f.ty, f.boxed, Scope::Types);
                let wire = &f.wire_name;
                let nullable = f.nullable;
                quote!(validate::property::<#ty>(map, #wire, #nullable, at, out);)
            });
            let additional = s.additional.as_ref().map(|ty| {
                let ty = type_tokens(ty, Scope::Types);
                let declared: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
                quote! {
                    for (key, item) in map {
                        if ![#(#declared),*].contains(&key.as_str()) {
                            <#ty as validate::Validate>::validate(
                                item, &validate::child(at, key), out,
                            );
                        }
                    }
                }
            });
            quote! {
                let Some(map) = validate::object(value, at, &[#(#required),*], out) else {
                    return;
                };
                #(#properties)*
                #additional
            }
        }
        // `runtime::enumeration!` and `runtime::constrained!` write theirs.
        TypeKind::Enum(_) | TypeKind::Constrained(_) => return TokenStream::new(),
        // An alias is the aliased type, which has its own impl.
        TypeKind::Alias(_) => return TokenStream::new(),
        TypeKind::Union(u) => {
            let validators = u.variants.iter().map(|v| {
                let ty = held_type_tokens(&v.ty, v.boxed, Scope::Types);
                quote!(<#ty as validate::Validate>::validate)
            });
            match &u.discriminator {
                None => {
                    quote!(validate::any_of(value, at, out, &[#(#validators),*]);)
                }
                Some(property) => {
                    let pairs = u.variants.iter().zip(validators).map(|(v, validator)| {
                        let tags = &v.tags;
                        quote!((&[#(#tags),*], #validator))
                    });
                    quote!(validate::tagged(value, at, out, #property, &[#(#pairs),*]);)
                }
            }
        }
    };
    quote! {
        impl validate::Validate for #name {
            fn validate(value: &serde_json::Value, at: &str, out: &mut validate::Violations) {
                #body
            }
        }
    }
}
