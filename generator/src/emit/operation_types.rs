//! Each operation's own types: a `<Op>Params` struct for its query, header
//! and cookie parameters, and a `<Op>Responses` enum with one variant per
//! declared response.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, note_attrs};
use super::typeref::{type_tokens, Scope};
use super::types::{struct_tokens, StructStyle};
use crate::ident;
use crate::model::{Api, Docs, Field, MediaKind, Operation, ParamLocation, Response, StatusMatch};

pub fn operation_types(api: &Api, op: &Operation) -> TokenStream {
    let params = op.has_params_struct().then(|| params_struct(api, op));
    let responses = responses_enum(op);
    quote! { #params #responses }
}

fn params_struct(api: &Api, op: &Operation) -> TokenStream {
    let fields: Vec<Field> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let location = match p.location {
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
                ParamLocation::Path => "path",
            };
            let mut docs = p.docs.clone();
            let wire = format!("Sent as the {location} parameter `{}`.", p.wire_name);
            docs.description = Some(match docs.description {
                Some(d) => format!("{}\n\n{wire}", d.trim_end()),
                None => wire,
            });
            Field {
                rust_name: p.rust_name.clone(),
                wire_name: p.wire_name.clone(),
                ty: p.ty.clone(),
                required: p.required,
                nullable: false,
                default: p.default.clone(),
                deprecated: p.deprecated,
                docs,
                boxed: false,
            }
        })
        .collect();
    let doc = format!(
        " The query, header and cookie parameters of `{}`.",
        op.operation_id
    );
    let body = struct_tokens(
        api,
        &op.params_struct_name(),
        &fields,
        None,
        StructStyle::Plain,
    );
    quote! { #[doc = #doc] #body }
}

fn responses_enum(op: &Operation) -> TokenStream {
    let name = ident::ident(&op.responses_enum_name());
    let variants = op.responses.iter().map(response_variant);

    let doc = format!(
        " The responses `{}` declares, one variant per status (or range of statuses).",
        op.operation_id
    );
    let error_arms = op.responses.iter().map(error_body_arm);
    let error_arms = if op.responses.is_empty() {
        quote!(_ => ::std::option::Option::None,)
    } else {
        quote!(#(#error_arms)*)
    };
    quote! {
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        #[cfg(feature = "client")]
        impl crate::runtime::Responses for #name {
            fn error_body(&self) -> ::std::option::Option<::serde_json::Value> {
                match self {
                    #error_arms
                }
            }
        }
    }
}

/// `None` for a success variant; the body as JSON for an error variant.
fn error_body_arm(response: &Response) -> TokenStream {
    let variant = ident::ident(&response.variant_name);
    // Raw bytes have no JSON form: such a body is not bound.
    let has_body = response
        .body
        .as_ref()
        .is_some_and(|b| b.kind != MediaKind::Binary);
    let has_payload = response.body.is_some();
    let has_headers = response.headers_struct.is_some();
    let body_json = match response.body.as_ref().map(|b| b.kind) {
        Some(MediaKind::Json | MediaKind::Form) => {
            quote!(::serde_json::to_value(body).unwrap_or(::serde_json::Value::Null))
        }
        Some(MediaKind::Text) => quote!(::serde_json::Value::String(body.clone())),
        Some(MediaKind::Binary) | None => quote!(::serde_json::Value::Null),
    };
    let success = match response.status {
        StatusMatch::Code(code) => (200..300).contains(&code),
        StatusMatch::Range(range) => range == 2,
        StatusMatch::Default => false,
    };
    let (pattern, value) = match response.status {
        StatusMatch::Code(_) if success => {
            let rest = (has_payload || has_headers).then(|| quote!((..)));
            (
                quote!(Self::#variant #rest),
                quote!(::std::option::Option::None),
            )
        }
        StatusMatch::Range(_) if success => (
            quote!(Self::#variant { .. }),
            quote!(::std::option::Option::None),
        ),
        StatusMatch::Code(_) => {
            let body = if has_body { quote!(body) } else { quote!(_) };
            let pattern = match (has_payload, has_headers) {
                (true, true) => quote!(Self::#variant(#body, _)),
                (true, false) => quote!(Self::#variant(#body)),
                (false, true) => quote!(Self::#variant(_)),
                (false, false) => quote!(Self::#variant),
            };
            (pattern, quote!(::std::option::Option::Some(#body_json)))
        }
        StatusMatch::Range(_) => {
            let body = has_body.then(|| quote!(body,));
            (
                quote!(Self::#variant { #body .. }),
                quote!(::std::option::Option::Some(#body_json)),
            )
        }
        // `default` stands for any status, a success too.
        StatusMatch::Default => {
            let body = has_body.then(|| quote!(body,));
            (
                quote!(Self::#variant { status, #body .. }),
                quote! {
                    if (200..300).contains(status) { ::std::option::Option::None } else { ::std::option::Option::Some(#body_json) }
                },
            )
        }
    };
    quote!(#pattern => #value,)
}

/// Every headers struct of the API, once each (shared component responses
/// share one), in name order.
pub fn headers_structs(api: &Api) -> TokenStream {
    let mut seen = std::collections::BTreeMap::new();
    for response in api.operations.iter().flat_map(|op| &op.responses) {
        if let Some(name) = &response.headers_struct {
            seen.entry(name.clone()).or_insert(response);
        }
    }
    seen.values().filter_map(|r| headers_struct(r)).collect()
}

/// The declared headers of one response, as text.
fn headers_struct(response: &Response) -> Option<TokenStream> {
    let name = ident::ident(response.headers_struct.as_ref()?);
    let fields = response.headers.iter().map(|h| {
        let field = ident::ident(&h.rust_name);
        let docs = doc_attrs(&h.docs);
        let note = note_attrs(&format!(
            "The `{}` header{}.",
            h.wire_name,
            if h.required { " (required)" } else { "" }
        ));
        quote! { #docs #note pub #field: ::std::option::Option<::std::string::String>, }
    });
    let doc = format!(
        " The headers of the {} response.",
        status_label(response.status)
    );
    Some(quote! {
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::default::Default, ::std::cmp::PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    })
}

fn response_variant(response: &Response) -> TokenStream {
    let docs = doc_attrs(&Docs {
        summary: None,
        ..response.docs.clone()
    });
    let status_note = note_attrs(&format!("Status: {}.", status_label(response.status)));
    let variant = ident::ident(&response.variant_name);
    let body = response
        .body
        .as_ref()
        .map(|b| type_tokens(&b.ty, Scope::Types));
    let headers = response.headers_struct.as_ref().map(|h| ident::ident(h));
    let fields = match (response.status, body, headers) {
        (StatusMatch::Code(_), Some(body), Some(headers)) => quote!((#body, #headers)),
        (StatusMatch::Code(_), Some(body), None) => quote!((#body)),
        (StatusMatch::Code(_), None, Some(headers)) => quote!((#headers)),
        (StatusMatch::Code(_), None, None) => quote!(),
        (_, Some(body), Some(headers)) => quote!({ status: u16, body: #body, headers: #headers }),
        (_, Some(body), None) => quote!({ status: u16, body: #body }),
        (_, None, Some(headers)) => quote!({ status: u16, headers: #headers }),
        (_, None, None) => quote!({ status: u16 }),
    };
    quote! { #docs #status_note #variant #fields, }
}

pub fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "any other (`default`)".to_string(),
    }
}
