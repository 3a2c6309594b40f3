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
    let types: Vec<TokenStream> = api.types.values().map(|def| type_def(api, def)).collect();
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
/// are imported by name, the runtime by its module.
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
    quote!(#serde #runtime)
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
    quote! { #docs #deprecated #body }
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
        // Serde is told the wire name only where it differs from the field's.
        let rename = (field_ident.to_string().trim_start_matches("r#") != wire.as_str())
            .then(|| quote!(rename = #wire));
        let (field_ty, serde_args, init) = if field.is_optional() {
            let skip =
                (!field.required).then(|| quote!(default, skip_serializing_if = "Option::is_none"));
            (quote!(Option<#ty>), vec![rename, skip], quote!(None))
        } else if let (false, Some(default)) = (field.required, &field.default) {
            let value = literal(api, &field.ty, default);
            // A parameters struct's defaults also fill what a request leaves out.
            let visibility = (style == StructStyle::Plain).then(|| quote!(pub(crate)));
            default_fns.push(quote! { #visibility fn #default_fn() -> #ty { #value } });
            (
                ty,
                vec![rename, Some(quote!(default = #default_path))],
                quote!(Self::#default_fn()),
            )
        } else {
            new_args.push(quote!(#field_ident: #ty));
            (ty, vec![rename], quote!())
        };
        let serde_args: Vec<TokenStream> = serde_args.into_iter().flatten().collect();
        let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        let serde_attr = serde_attr.filter(|_| style == StructStyle::Serde);
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
    // With every field optional, `Default` is derived and `new` is it.
    let all_optional = new_args.is_empty() && default_fns.is_empty();
    let default_derive = all_optional.then(|| quote!(Default,));
    let derives = match style {
        StructStyle::Serde => quote! {
            #[derive(Clone, Debug, #default_derive PartialEq, Serialize, Deserialize)]
        },
        StructStyle::Plain => {
            quote!(#[derive(Clone, Debug, #default_derive PartialEq)])
        }
    };
    let new_body = if all_optional {
        quote!(Self::default())
    } else {
        quote!(Self { #(#new_inits,)* #extra_init })
    };
    // `new` names every field, deprecated ones too.
    let allow_deprecated = (!all_optional && fields.iter().any(|f| f.deprecated))
        .then(|| quote!(#[allow(deprecated)]));
    let many_args = (new_args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let default_impl = (new_args.is_empty() && !all_optional).then(|| {
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

        #allow_deprecated
        impl #type_ident {
            /// Builds a value from the required fields; the rest start empty or at their default.
            #many_args
            pub fn new(#(#new_args),*) -> Self {
                #new_body
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

/// An enum: its variants, and the two matches between variant and wire
/// text. `runtime::enumeration!` adds the rest (serde, parsing, `Display`,
/// parameters, validation), which is the same for every enum.
fn enum_def(name: &str, e: &EnumDef) -> TokenStream {
    let type_ident = ident::ident(name);
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
    let integer = e.integer.then(|| {
        quote!(
            const INTEGER: bool = true;
        )
    });
    quote! {
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #type_ident {
            #(#variant_docs #variants,)*
            /// A value the spec does not list: as received from the other side,
            /// or sent on purpose through [`Self::unlisted`].
            Unknown(runtime::UnknownValue),
        }

        impl runtime::Enumeration for #type_ident {
            const NAME: &'static str = #name;
            const VALUES: &'static [&'static str] = &[#(#values),*];
            #integer

            fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            fn from_wire(value: String) -> Self {
                match value.as_str() {
                    #(#values => Self::#variants,)*
                    _ => Self::Unknown(runtime::UnknownValue::from_wire(value)),
                }
            }
        }

        runtime::enumeration!(#type_ident);
    }
}

/// A newtype: the struct, and its constraints as the checks of
/// `runtime::Constrained`. `runtime::constrained!` adds the rest (`new`,
/// serde through `new`, `Deref`, parameters, validation).
fn constrained_def(name: &str, c: &ConstrainedDef) -> TokenStream {
    let type_ident = ident::ident(name);
    let inner = type_tokens(&c.inner, Scope::Types);
    let checks = constraint_checks(name, &c.inner, &c.constraints);
    let is_scalar = !matches!(
        c.inner,
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Bytes | TypeRef::File | TypeRef::Json
    );
    // `String` newtypes are scalar and take `impl Into<String>`: the macro
    // has an arm of its own for them.
    let shared = match (&c.inner, is_scalar) {
        (TypeRef::String, _) | (_, false) => quote!(runtime::constrained!(#type_ident(#inner));),
        (_, true) => quote!(runtime::constrained!(scalar #type_ident(#inner));),
    };
    let constraint_doc = format!(" Constraints: {}.", describe(&c.constraints));
    quote! {
        #[doc = ""]
        #[doc = #constraint_doc]
        #[derive(Clone, Debug, PartialEq)]
        pub struct #type_ident(#inner);

        impl runtime::Constrained for #type_ident {
            type Inner = #inner;

            fn check(value: &#inner) -> Result<(), runtime::ConstraintError> {
                #checks
                Ok(())
            }
        }

        #shared
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
