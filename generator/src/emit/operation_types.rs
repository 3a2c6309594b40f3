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

/// The operation's types, and apart from them the client's impl that
/// decodes its responses (`types.rs` imports what each part needs).
pub fn operation_types(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let params = op.has_params_struct().then(|| params_struct(api, op));
    let responses = responses_enum(op);
    (quote! { #params #responses }, responses_decode(op))
}

fn params_struct(api: &Api, op: &Operation) -> TokenStream {
    let fields: Vec<Field> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let location = p.location.as_str();
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
                at: p.at.clone(),
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
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn responses_decode(op: &Operation) -> TokenStream {
    let name = ident::ident(&op.responses_enum_name());
    let decode = decode_fn(op);
    quote! {
        #[cfg(feature = "client")]
        impl runtime::Responses for #name {
            #decode
        }
    }
}

/// `Responses::decode`: the variant a received status selects, its body
/// decoded as its media type says. Arms follow the declared order, exact
/// statuses before the ranges that hold them, as OpenAPI says they take
/// precedence; clippy sees that overlap.
fn decode_fn(op: &Operation) -> TokenStream {
    let status = quote!(let status = response.status().as_u16(););
    let body = match op.responses.as_slice() {
        [] => quote!(Err(response.undeclared())),
        // `default` alone takes every status: there is nothing to match.
        [only] if only.status == StatusMatch::Default => {
            let (lets, value) = decoded_variant(only);
            quote!(#status #lets Ok(#value))
        }
        responses => {
            let arms = responses.iter().map(|r| {
                let pattern = status_pattern(r.status);
                match decoded_variant(r) {
                    (lets, value) if lets.is_empty() => quote!(#pattern => #value,),
                    (lets, value) => quote!(#pattern => { #lets #value }),
                }
            });
            let fallback = (!responses.iter().any(|r| r.status == StatusMatch::Default))
                .then(|| quote!(_ => return Err(response.undeclared()),));
            let overlap = responses
                .iter()
                .any(|r| matches!(r.status, StatusMatch::Range(_)))
                && responses
                    .iter()
                    .any(|r| matches!(r.status, StatusMatch::Code(_)));
            let allow = overlap.then(|| quote!(#[allow(clippy::match_overlapping_arm)]));
            quote! {
                #status
                #allow
                let value = match status {
                    #(#arms)*
                    #fallback
                };
                Ok(value)
            }
        }
    };
    quote! {
        fn decode(response: &runtime::ReceivedResponse) -> Result<Self, runtime::Error> {
            #body
        }
    }
}

/// The match pattern of a response's status window.
fn status_pattern(status: StatusMatch) -> TokenStream {
    let (low, high) = status.window();
    let (low, high) = (
        proc_macro2::Literal::u16_unsuffixed(low),
        proc_macro2::Literal::u16_unsuffixed(high),
    );
    match status {
        StatusMatch::Code(_) => quote!(#low),
        StatusMatch::Range(_) => quote!(#low..=#high),
        StatusMatch::Default => quote!(_),
    }
}

/// The variant built from a received response, `status` bound where the
/// variant keeps it: the statements that bind its fields, and the value.
fn decoded_variant(response: &Response) -> (TokenStream, TokenStream) {
    let variant = ident::ident(&response.variant_name);
    let decode = response.body.as_ref().map(|body| match body.kind {
        MediaKind::Json => quote!(response.json()?),
        MediaKind::Form => quote!(response.form()?),
        MediaKind::Text => quote!(response.text()?),
        MediaKind::Binary | MediaKind::Multipart => quote!(response.bytes()),
    });
    let headers = response.headers_struct.as_ref().map(|name| {
        let name = ident::ident(name);
        let fields = response.headers.iter().map(|h| {
            let field = ident::ident(&h.rust_name);
            let wire = &h.wire_name;
            quote!(#field: response.header_text(#wire),)
        });
        quote!(#name { #(#fields)* })
    });
    let tuple: Vec<&TokenStream> = decode.iter().chain(headers.iter()).collect();
    match response.status {
        StatusMatch::Code(_) if tuple.is_empty() => (quote!(), quote!(Self::#variant)),
        StatusMatch::Code(_) => (quote!(), quote!(Self::#variant(#(#tuple),*))),
        // Fields bound first keep the struct literal short enough for one line.
        _ => {
            let body = decode.as_ref().map(|d| quote!(let body = #d;));
            let headers = headers.as_ref().map(|h| quote!(let headers = #h;));
            let fields = [
                Some(quote!(status)),
                body.as_ref().map(|_| quote!(body)),
                headers.as_ref().map(|_| quote!(headers)),
            ]
            .into_iter()
            .flatten();
            (
                quote!(#body #headers),
                quote!(Self::#variant { #(#fields),* }),
            )
        }
    }
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
        quote! { #docs #note pub #field: Option<String>, }
    });
    let doc = format!(
        " The headers of the {} response.",
        status_label(response.status)
    );
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    })
}

fn response_variant(response: &Response) -> TokenStream {
    // The status leads a one-line description; a longer one gets it as a
    // paragraph of its own.
    let status = status_label(response.status);
    let mut docs = Docs {
        summary: None,
        ..response.docs.clone()
    };
    let status_note = match docs.description.as_deref().map(str::trim) {
        Some(line) if !line.is_empty() && !line.contains('\n') => {
            docs.description = Some(format!("Status {status}: {line}"));
            None
        }
        _ => Some(note_attrs(&format!("Status: {status}."))),
    };
    let docs = doc_attrs(&docs);
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
