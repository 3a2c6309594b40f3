//! Named types: structs, string enums that accept unlisted values, and
//! constrained newtypes that can only hold valid values.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::docs::{code_span, doc_attrs, note_attrs};
use super::typeref::{held_type_tokens, type_tokens, Scope};
use crate::ident;
use crate::model::{
    Api, ConstrainedDef, Constraints, DefaultLiteral, EnumDef, Field, StructDef, TypeDef, TypeKind,
    TypeRef,
};

/// `types.rs` of one API: every named type, in name order.
pub fn types_file(api: &Api) -> TokenStream {
    let types = api.types.values().map(|def| type_def(api, def));
    let operation_types = api
        .operations
        .iter()
        .map(|op| super::operation_types::operation_types(api, op));
    let headers_structs = super::operation_types::headers_structs(api);
    let items = quote! {
        #(#types)*
        #(#operation_types)*
        #headers_structs
    };
    let imports = imports(&items);
    quote! {
        #![doc = " Types of the API's schemas, parameters and responses."]
        #imports
        #items
    }
}

/// The `use` items for the names the types are written with, each only
/// when the file uses it (an unused import is a warning). Serde's traits
/// are imported by name; the runtime's `validate` module by its name, so
/// that a spec type called `Violation` stays free.
fn imports(items: &TokenStream) -> TokenStream {
    let serde: Vec<proc_macro2::Ident> = ["Deserialize", "Deserializer", "Serialize", "Serializer"]
        .into_iter()
        .filter(|name| super::uses(items, name, false))
        .map(|name| proc_macro2::Ident::new(name, proc_macro2::Span::call_site()))
        .collect();
    let serde = (!serde.is_empty()).then(|| quote!(use serde::{#(#serde),*};));
    let runtime = super::uses(items, "runtime", true).then(|| {
        quote!(
            use crate::runtime;
        )
    });
    let validate = super::uses(items, "validate", true).then(|| {
        quote!(
            use runtime::validate;
        )
    });
    quote!(#serde #runtime #validate)
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let name = ident::ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_def(api, &def.name, s),
        TypeKind::Enum(e) => enum_def(&def.name, e),
        TypeKind::Constrained(c) => constrained_def(&def.name, c),
        TypeKind::Union(u) => super::unions::union_def(api, &def.name, u),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty, Scope::Types);
            quote!(pub type #name = #ty;)
        }
    };
    let validate = super::validate::validate_impl(def);
    quote! { #docs #deprecated #body #validate }
}

/// How a struct is emitted: with serde attributes (a schema) or without (an
/// operation's parameters, which travel in the URL and headers).
#[derive(Clone, Copy, PartialEq)]
pub enum StructStyle {
    Serde,
    Plain,
}

fn struct_def(api: &Api, name: &str, s: &StructDef) -> TokenStream {
    let additional = s.additional.as_ref().map(|ty| {
        let ty = type_tokens(ty, Scope::Types);
        quote! {
            /// Properties beyond the declared ones.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    struct_tokens(api, name, &s.fields, additional, StructStyle::Serde)
}

/// A struct with a `new` taking the required fields; optional fields start
/// as `None` and fields with a spec default start at that default.
pub fn struct_tokens(
    api: &Api,
    name: &str,
    fields: &[Field],
    extra_field: Option<TokenStream>,
    style: StructStyle,
) -> TokenStream {
    let type_ident = ident::ident(name);
    let mut field_tokens = Vec::new();
    let mut new_args = Vec::new();
    let mut new_inits = Vec::new();
    let mut default_fns = Vec::new();
    for field in fields {
        let field_ident = ident::ident(&field.rust_name);
        let ty = held_type_tokens(&field.ty, field.boxed, Scope::Types);
        let docs = doc_attrs(&field.docs);
        let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
        let wire = &field.wire_name;
        let default_fn = ident::ident(&format!(
            "default_{}",
            field.rust_name.trim_start_matches("r#")
        ));
        let default_path = format!("{name}::{default_fn}");
        let (field_ty, serde_attr, init) = if field.is_optional() {
            let skip = (!field.required)
                .then(|| quote!(default, skip_serializing_if = "Option::is_none",));
            (
                quote!(Option<#ty>),
                quote!(#[serde(rename = #wire, #skip)]),
                quote!(None),
            )
        } else if let (false, Some(default)) = (field.required, &field.default) {
            let value = literal(api, &field.ty, default);
            default_fns.push(quote! { fn #default_fn() -> #ty { #value } });
            (
                ty,
                quote!(#[serde(rename = #wire, default = #default_path)]),
                quote!(Self::#default_fn()),
            )
        } else {
            new_args.push(quote!(#field_ident: #ty));
            (ty, quote!(#[serde(rename = #wire)]), quote!())
        };
        let serde_attr = (style == StructStyle::Serde).then_some(serde_attr);
        let default_note = field.default.as_ref().map(|d| {
            note_attrs(&format!(
                "Default: {}",
                code_span(&crate::model::value_text(d))
            ))
        });
        field_tokens.push(quote! {
            #docs #default_note #deprecated #serde_attr
            pub #field_ident: #field_ty,
        });
        // An empty init is a required field passed to `new` under its own name.
        new_inits.push(if init.is_empty() {
            quote!(#field_ident)
        } else {
            quote!(#field_ident: #init)
        });
    }
    let extra_init = extra_field
        .as_ref()
        .map(|_| quote!(additional_properties: Default::default(),));
    let derives = match style {
        StructStyle::Serde => quote! {
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        },
        StructStyle::Plain => {
            quote!(#[derive(Clone, Debug, PartialEq)])
        }
    };
    let many_args = (new_args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let default_impl = new_args.is_empty().then(|| {
        quote! {
            impl Default for #type_ident {
                fn default() -> Self { Self::new() }
            }
        }
    });
    quote! {
        #derives
        pub struct #type_ident {
            #(#field_tokens)*
            #extra_field
        }

        #[allow(deprecated)]
        impl #type_ident {
            /// Builds a value from the required fields; the others start
            /// empty or at their spec default.
            #many_args
            pub fn new(#(#new_args),*) -> Self {
                Self { #(#new_inits,)* #extra_init }
            }
            #(#default_fns)*
        }
        #default_impl
    }
}

/// A Rust expression for a spec default. Lowering kept only defaults
/// [`DefaultLiteral::of`] can write; one it cannot is a broken model, and
/// the emitted code says so at compile time rather than use some other
/// value.
pub fn literal(api: &Api, ty: &TypeRef, value: &Value) -> TokenStream {
    match DefaultLiteral::of(&api.types, ty, value) {
        Some(literal) => literal_tokens(&literal),
        None => {
            let message = format!("the generator kept a default it cannot write: {value}");
            quote!(::std::compile_error!(#message))
        }
    }
}

fn literal_tokens(literal: &DefaultLiteral) -> TokenStream {
    match literal {
        DefaultLiteral::Bool(b) => quote!(#b),
        DefaultLiteral::Unsigned(u) => {
            let lit = Literal::u64_unsuffixed(*u);
            quote!(#lit)
        }
        DefaultLiteral::Signed(i) => {
            let lit = Literal::i64_unsuffixed(*i);
            quote!(#lit)
        }
        DefaultLiteral::Float(f) => {
            let lit = Literal::f64_unsuffixed(*f);
            quote!(#lit)
        }
        DefaultLiteral::Text(s) => quote!(String::from(#s)),
        DefaultLiteral::Variant { enum_name, variant } => {
            let (enum_ident, variant) = (ident::ident(enum_name), ident::ident(variant));
            quote!(#enum_ident::#variant)
        }
        // The newtype's field is visible here, and the value was checked
        // against its constraints: no runtime check needed.
        DefaultLiteral::Checked { type_name, inner } => {
            let (type_ident, inner) = (ident::ident(type_name), literal_tokens(inner));
            quote!(#type_ident(#inner))
        }
    }
}

/// Serde for an enum: its values as JSON strings, or as JSON integers
/// for an integer enumeration. Reading is lenient: an unlisted value
/// becomes `Unknown`, so a server that adds a value does not break a client.
fn enum_serde(type_ident: &proc_macro2::Ident, integer: bool) -> TokenStream {
    let (write, read) = if integer {
        (
            quote! {
                match self.as_str().parse::<i64>() {
                    Ok(number) => serializer.serialize_i64(number),
                    Err(_) => serializer.serialize_str(self.as_str()),
                }
            },
            quote!(<i64 as Deserialize>::deserialize(deserializer)
                .map(|n| Self::from_wire(n.to_string()))),
        )
    } else {
        (
            quote!(serializer.serialize_str(self.as_str())),
            quote!(<String as Deserialize>::deserialize(deserializer).map(Self::from_wire)),
        )
    };
    quote! {
        impl Serialize for #type_ident {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #write
            }
        }

        /// Lenient reading: an unlisted value becomes `Unknown`, so a server
        /// that adds a value does not break this client.
        impl<'de> Deserialize<'de> for #type_ident {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #read
            }
        }
    }
}

fn enum_def(name: &str, e: &EnumDef) -> TokenStream {
    let type_ident = ident::ident(name);
    let serde_impls = enum_serde(&type_ident, e.integer);
    let variants: Vec<_> = e
        .variants
        .iter()
        .map(|v| ident::ident(&v.rust_name))
        .collect();
    let values: Vec<_> = e.variants.iter().map(|v| v.wire_value.as_str()).collect();
    let variant_docs = values.iter().map(|v| {
        let doc = format!(" {}", code_span(v));
        quote!(#[doc = #doc])
    });
    quote! {
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #type_ident {
            #(#variant_docs #variants,)*
            /// A value the spec does not list: as received from the other side,
            /// or sent on purpose through [`Self::unlisted`].
            Unknown(runtime::UnknownValue),
        }

        impl #type_ident {
            /// The declared values, in spec order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as it goes over the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether this is one of the declared values.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }

            /// The escape hatch for a value the vendor accepts but the spec
            /// does not list yet. A declared value still comes out as its own
            /// variant, so this never hides a typo behind `Unknown` by accident
            /// of spelling a listed one; a strict server may refuse the rest.
            pub fn unlisted(value: impl Into<String>) -> Self {
                Self::from_wire(value.into())
            }

            fn from_wire(value: String) -> Self {
                match value.as_str() {
                    #(#values => Self::#variants,)*
                    _ => Self::Unknown(runtime::UnknownValue::from_wire(value)),
                }
            }
        }

        impl ::std::fmt::Display for #type_ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Strict parsing: only declared values.
        impl ::std::str::FromStr for #type_ident {
            type Err = runtime::UnknownEnumValue;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value {
                    #(#values => Ok(Self::#variants),)*
                    _ => Err(runtime::UnknownEnumValue::new(#name, value)),
                }
            }
        }

        #serde_impls

        impl runtime::ParamValue for #type_ident {
            fn to_param(&self) -> String {
                self.as_str().to_string()
            }
        }

        /// Parameters are parsed strictly: only declared values.
        impl runtime::FromParam for #type_ident {
            fn from_param(text: &str) -> Result<Self, String> {
                text.parse().map_err(|err: runtime::UnknownEnumValue| err.to_string())
            }
        }
    }
}

fn constrained_def(name: &str, c: &ConstrainedDef) -> TokenStream {
    let type_ident = ident::ident(name);
    let inner = type_tokens(&c.inner, Scope::Types);
    let checks = constraint_checks(name, &c.inner, &c.constraints);
    // `check` borrows the way clippy wants: `&str` and `&[T]`, not `&String` and `&Vec<T>`.
    let borrowed = match &c.inner {
        TypeRef::String => quote!(str),
        TypeRef::Vec(item) => {
            let item = type_tokens(item, Scope::Types);
            quote!([#item])
        }
        _ => inner.clone(),
    };
    let is_scalar = !matches!(
        c.inner,
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Bytes | TypeRef::File | TypeRef::Json
    );
    let (new_arg, new_conv) = match c.inner {
        TypeRef::String => (
            quote!(value: impl Into<String>),
            quote!(let value = value.into();),
        ),
        _ => (quote!(value: #inner), quote!()),
    };
    let scalar_impls = is_scalar.then(|| {
        quote! {
            impl ::std::fmt::Display for #type_ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::std::fmt::Display::fmt(&self.0, f)
                }
            }

            impl runtime::ParamValue for #type_ident {
                fn to_param(&self) -> String {
                    runtime::ParamValue::to_param(&self.0)
                }
            }

            impl runtime::FromParam for #type_ident {
                fn from_param(text: &str) -> Result<Self, String> {
                    let inner = <#inner as runtime::FromParam>::from_param(text)?;
                    Self::new(inner).map_err(|err| err.message)
                }
            }
        }
    });
    let constraint_doc = format!(" Constraints: {}.", describe(&c.constraints));
    quote! {
        #[doc = ""]
        #[doc = #constraint_doc]
        #[derive(Clone, Debug, PartialEq)]
        pub struct #type_ident(#inner);

        impl #type_ident {
            /// Checks the value against the spec's constraints.
            pub fn new(#new_arg) -> Result<Self, runtime::ConstraintError> {
                #new_conv
                Self::check(&value)?;
                Ok(Self(value))
            }

            /// The constraints this type enforces, without building a value.
            pub fn check(value: &#borrowed) -> Result<(), runtime::ConstraintError> {
                #checks
                Ok(())
            }

            pub fn get(&self) -> &#inner {
                &self.0
            }

            pub fn into_inner(self) -> #inner {
                self.0
            }
        }

        impl ::std::ops::Deref for #type_ident {
            type Target = #inner;
            fn deref(&self) -> &#inner {
                &self.0
            }
        }

        impl TryFrom<#inner> for #type_ident {
            type Error = runtime::ConstraintError;
            fn try_from(value: #inner) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl Serialize for #type_ident {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                Serialize::serialize(&self.0, serializer)
            }
        }

        /// Reading goes through the same check as `new`.
        impl<'de> Deserialize<'de> for #type_ident {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <#inner as Deserialize>::deserialize(deserializer)?;
                Self::new(value).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }

        #scalar_impls
    }
}

fn constraint_checks(name: &str, inner: &TypeRef, c: &Constraints) -> TokenStream {
    let opt_usize = |v: Option<usize>| match v {
        Some(n) => {
            let lit = Literal::usize_unsuffixed(n);
            quote!(Some(#lit))
        }
        None => quote!(None),
    };
    let opt_f64 = |v: Option<f64>| match v {
        Some(n) => {
            let lit = Literal::f64_unsuffixed(n);
            quote!(Some(#lit))
        }
        None => quote!(None),
    };
    let mut checks = Vec::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let (min, max) = (opt_usize(c.min_length), opt_usize(c.max_length));
        checks.push(quote!(runtime::check_length(#name, value, #min, #max)?;));
    }
    if let Some(pattern) = &c.pattern {
        checks.push(quote! {
            static PATTERN: ::std::sync::LazyLock<::fancy_regex::Regex> = ::std::sync::LazyLock::new(|| {
                ::fancy_regex::Regex::new(#pattern).expect("the generator checked this pattern")
            });
            runtime::check_pattern(#name, value, &PATTERN, #pattern)?;
        });
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        let (min, max) = (opt_usize(c.min_items), opt_usize(c.max_items));
        checks.push(quote!(runtime::check_items(#name, value.len(), #min, #max)?;));
    }
    if c.unique_items {
        checks.push(quote!(runtime::check_unique(#name, value)?;));
    }
    let number = inner.is_number();
    let as_f64 = match inner {
        TypeRef::F64 => quote!(*value),
        _ => quote!(*value as f64),
    };
    if number && (c.minimum.is_some() || c.maximum.is_some()) {
        let (min, max) = (opt_f64(c.minimum), opt_f64(c.maximum));
        let (emin, emax) = (c.exclusive_minimum, c.exclusive_maximum);
        checks.push(quote! {
            runtime::check_range(#name, #as_f64, #min, #max, #emin, #emax)?;
        });
    }
    if let (true, Some(m)) = (number, c.multiple_of) {
        let m = Literal::f64_unsuffixed(m);
        checks.push(quote!(runtime::check_multiple_of(#name, #as_f64, #m)?;));
    }
    quote!(#(#checks)*)
}

/// The constraints in words, for the type's docs.
fn describe(c: &Constraints) -> String {
    let mut parts = Vec::new();
    let mut push = |label: &str, value: Option<String>| {
        if let Some(v) = value {
            parts.push(format!("{label} {v}"));
        }
    };
    push("minLength", c.min_length.map(|v| v.to_string()));
    push("maxLength", c.max_length.map(|v| v.to_string()));
    push("pattern", c.pattern.as_deref().map(code_span));
    push("minItems", c.min_items.map(|v| v.to_string()));
    push("maxItems", c.max_items.map(|v| v.to_string()));
    push(
        if c.exclusive_minimum {
            "exclusiveMinimum"
        } else {
            "minimum"
        },
        c.minimum.map(|v| v.to_string()),
    );
    push(
        if c.exclusive_maximum {
            "exclusiveMaximum"
        } else {
            "maximum"
        },
        c.maximum.map(|v| v.to_string()),
    );
    push("multipleOf", c.multiple_of.map(|v| v.to_string()));
    if c.unique_items {
        parts.push("uniqueItems".to_string());
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api(schema: &str) -> Api {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Thing:\n{schema}"
        );
        crate::lower_spec(&crate::SpecSource::new("t.yaml", spec)).unwrap()
    }

    #[test]
    fn defaults_are_written_as_the_model_decided() {
        let api = api("      type: object\n      properties:\n        mode: {type: string, enum: [fast, safe], default: safe}\n        size: {type: integer, minimum: 1, default: 3}\n        when: {type: string, format: date-time, default: '2020-01-01T00:00:00Z'}\n");
        let TypeKind::Struct(thing) = &api.types["Thing"].kind else {
            panic!("Thing is a struct")
        };
        let field = |wire: &str| thing.fields.iter().find(|f| f.wire_name == wire).unwrap();
        let written = |wire: &str| {
            let f = field(wire);
            literal(&api, &f.ty, f.default.as_ref().unwrap()).to_string()
        };
        assert_eq!(written("mode"), "ThingMode :: Safe");
        assert_eq!(written("size"), "ThingSize (3)");
        // A date-time default has no literal: lowering keeps it in the docs only,
        // and says so.
        assert_eq!(field("when").default, None);
        let docs = field("when").docs.description.clone().unwrap_or_default();
        assert!(
            docs.contains("default, `2020-01-01T00:00:00Z`, is not applied"),
            "{docs}"
        );
    }

    #[test]
    fn a_default_with_no_literal_fails_loudly_not_as_some_other_value() {
        let api = api("      type: string\n      format: date-time\n");
        let written = literal(
            &api,
            &TypeRef::Named("Thing".into()),
            &json!("2020-01-01T00:00:00Z"),
        )
        .to_string();
        assert!(written.contains("compile_error"), "{written}");
        assert!(!written.contains("Default"), "{written}");
    }
}
