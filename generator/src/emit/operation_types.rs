//! Each operation's own types: a `<Op>Params` struct for its query, header
//! and cookie parameters, and a `<Op>Responses` enum with one variant per
//! declared response.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, note_attrs};
use super::typeref::{type_tokens, Scope};
use super::types::{struct_tokens, StructStyle};
use crate::ident;
use crate::model::{Api, Docs, Field, Operation, ParamLocation, Response, StatusMatch};

/// The operation's types: its parameters struct, when it has query, header
/// or cookie parameters, and its responses enum.
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
    let declared = super::variant::variant(response, variant, quote!(u16), body, headers);
    quote! { #docs #status_note #declared, }
}

pub fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "any other (`default`)".to_string(),
    }
}
