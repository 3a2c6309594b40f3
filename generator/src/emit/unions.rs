//! `oneOf` / `anyOf` as Rust enums. Without a discriminator the variants are
//! tried in spec order (`#[serde(untagged)]`); with one, reading looks at
//! the discriminator property and decodes exactly that variant, so a wrong
//! variant can never match first. A tag the lowering found in the
//! alternatives is serde's internal tag: the enum writes it, not the
//! variant types.

use proc_macro2::TokenStream;
use quote::quote;

use super::typeref::{held_type_tokens, type_tokens, Scope};
use crate::ident;
use crate::model::{has_text_form, Api, TypeRef, UnionDef};

pub fn union_def(api: &Api, name: &str, u: &UnionDef) -> TokenStream {
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
    let as_type = TypeRef::Named(name.to_string());
    let param_value = has_text_form(&api.types, &as_type).then(|| param_value_impl(&type_ident, u));
    if let (true, Some(property)) = (u.writes_tag, &u.discriminator) {
        let variants = u.variants.iter().map(|v| {
            let variant = ident::ident(&v.rust_name);
            let ty = held_type_tokens(&v.ty, v.boxed, Scope::Types);
            let tag = v.tags.first().map(String::as_str).unwrap_or_default();
            quote!(#[serde(rename = #tag)] #variant(#ty),)
        });
        return quote! {
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
            #[serde(tag = #property)]
            pub enum #type_ident {
                #(#variants)*
            }

            #param_value
        };
    }
    let Some(property) = &u.discriminator else {
        return quote! {
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            pub enum #type_ident {
                #(#variants)*
            }

            #param_value
        };
    };
    let arms = u.variants.iter().map(|v| {
        let variant = ident::ident(&v.rust_name);
        let tags = &v.tags;
        let wrap = if v.boxed {
            quote!(|value| Self::#variant(Box::new(value)))
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
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum #type_ident {
            #(#variants)*
        }

        /// Reads the discriminator property and decodes only that variant.
        impl<'de> Deserialize<'de> for #type_ident {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as Deserialize>::deserialize(deserializer)?;
                let tag = value
                    .get(#property)
                    .and_then(serde_json::Value::as_str)
                    .ok_or_else(|| <D::Error as ::serde::de::Error>::custom(#missing))?
                    .to_string();
                match tag.as_str() {
                    #(#arms)*
                    other => Err(<D::Error as ::serde::de::Error>::custom(format!(#unknown, other))),
                }
            }
        }
    }
}

/// A union of primitives (or arrays of them) used as a parameter: the
/// variant's own text form, arrays comma-separated.
fn param_value_impl(type_ident: &proc_macro2::Ident, u: &UnionDef) -> TokenStream {
    let arms = u.variants.iter().map(|v| {
        let variant = ident::ident(&v.rust_name);
        match &v.ty {
            TypeRef::Vec(_) => quote! {
                Self::#variant(items) => items
                    .iter()
                    .map(runtime::ParamValue::to_param)
                    .collect::<Vec<_>>()
                    .join(","),
            },
            _ => quote!(Self::#variant(value) => runtime::ParamValue::to_param(value),),
        }
    });
    let parses = u.variants.iter().map(|v| {
        let variant = ident::ident(&v.rust_name);
        match &v.ty {
            TypeRef::Vec(item) => {
                let item = type_tokens(item, Scope::Types);
                quote! {
                    if let Ok(items) = text
                        .split(',')
                        .map(<#item as runtime::FromParam>::from_param)
                        .collect::<Result<Vec<_>, _>>()
                    {
                        return Ok(Self::#variant(items));
                    }
                }
            }
            ty => {
                let ty = type_tokens(ty, Scope::Types);
                quote! {
                    if let Ok(value) = <#ty as runtime::FromParam>::from_param(text) {
                        return Ok(Self::#variant(value));
                    }
                }
            }
        }
    });
    let none = format!("matches none of the {} alternatives", u.variants.len());
    quote! {
        impl runtime::ParamValue for #type_ident {
            fn to_param(&self) -> String {
                match self {
                    #(#arms)*
                }
            }
        }

        /// Tried in spec order, like reading the JSON form.
        impl runtime::FromParam for #type_ident {
            fn from_param(text: &str) -> Result<Self, String> {
                #(#parses)*
                Err(String::from(#none))
            }
        }
    }
}
