//! Model types into Rust type paths: named types through the `types`
//! module that each sibling file imports, the rest fully qualified.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::model::{TextFormat, TypeRef};

/// How named types are reached from the module being emitted.
#[derive(Clone, Copy)]
pub enum Scope {
    /// From `types.rs`, where the named types live.
    Types,
    /// From a sibling module of `types.rs` (`client.rs`).
    Sibling,
}

pub fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I8 => quote!(i8),
        TypeRef::I16 => quote!(i16),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::File => quote!(runtime::File),
        TypeRef::Format(TextFormat::DateTime) => quote!(runtime::DateTime),
        TypeRef::Format(TextFormat::Date) => quote!(runtime::Date),
        TypeRef::Format(TextFormat::Uuid) => quote!(runtime::Uuid),
        TypeRef::Format(TextFormat::Byte) => quote!(runtime::Base64),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Option(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Option<#inner>)
        }
        TypeRef::Named(name) => {
            let name = ident::ident(name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Sibling => quote!(types::#name),
            }
        }
    }
}

/// The type of a field or variant, boxed where it would otherwise contain
/// itself.
pub fn held_type_tokens(ty: &TypeRef, boxed: bool, scope: Scope) -> TokenStream {
    let ty = type_tokens(ty, scope);
    if boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}
