//! `oneOf` / `anyOf` as Rust enums. Without a discriminator the variants are
//! tried in spec order (`#[serde(untagged)]`); with one, reading looks at
//! the discriminator property and decodes exactly that variant, so a wrong
//! variant can never match first.

use proc_macro2::TokenStream;
use quote::quote;

use super::typeref::{held_type_tokens, Scope};
use crate::ident;
use crate::model::UnionDef;

pub fn union_def(name: &str, u: &UnionDef) -> TokenStream {
    let type_ident = ident::ident(name);
    let variants = u.variants.iter().map(|v| {
        let variant = ident::ident(&v.rust_name);
        let ty = held_type_tokens(&v.ty, v.boxed, Scope::Types);
        let doc = (!v.tags.is_empty()).then(|| {
            let text = format!(
                " Discriminator values: {}.",
                v.tags
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            quote!(#[doc = #text])
        });
        quote!(#doc #variant(#ty),)
    });
    let Some(property) = &u.discriminator else {
        return quote! {
            #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            pub enum #type_ident {
                #(#variants)*
            }
        };
    };
    let arms = u.variants.iter().map(|v| {
        let variant = ident::ident(&v.rust_name);
        let tags = &v.tags;
        let wrap = if v.boxed {
            quote!(|value| Self::#variant(::std::boxed::Box::new(value)))
        } else {
            quote!(Self::#variant)
        };
        quote! {
            #(#tags)|* => ::serde_json::from_value(value).map(#wrap).map_err(<D::Error as ::serde::de::Error>::custom),
        }
    });
    let missing = format!("missing discriminator property `{property}`");
    let unknown = format!("unknown `{property}` value {{:?}}");
    quote! {
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #type_ident {
            #(#variants)*
        }

        /// Reads the discriminator property and decodes only that variant.
        impl<'de> ::serde::Deserialize<'de> for #type_ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value
                    .get(#property)
                    .and_then(::serde_json::Value::as_str)
                    .ok_or_else(|| <D::Error as ::serde::de::Error>::custom(#missing))?
                    .to_string();
                match tag.as_str() {
                    #(#arms)*
                    other => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(::std::format!(#unknown, other))),
                }
            }
        }
    }
}
