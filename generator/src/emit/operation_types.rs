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
    let success_arms = op.responses.iter().map(success_arm);
    let body_arms = op.responses.iter().map(body_json_arm);
    // Without a `default` response, success is a fixed set of variants.
    let successes: Vec<TokenStream> = op
        .responses
        .iter()
        .filter(|r| match r.status {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(range) => range == 2,
            StatusMatch::Default => false,
        })
        .map(|r| variant_pattern(r, false, false))
        .collect();
    let has_default = op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default);
    // An operation without responses has an empty enum: nothing to match.
    let (success, body) = if op.responses.is_empty() {
        (quote!(match *self {}), quote!(match *self {}))
    } else if !has_default && successes.is_empty() {
        (quote!(false), quote!(match self { #(#body_arms)* }))
    } else if !has_default {
        (
            quote!(matches!(self, #(#successes)|*)),
            quote!(match self { #(#body_arms)* }),
        )
    } else {
        (
            quote!(match self { #(#success_arms)* }),
            quote!(match self { #(#body_arms)* }),
        )
    };
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        #[cfg(feature = "client")]
        impl runtime::Responses for #name {
            fn is_success(&self) -> bool {
                #success
            }

            fn body_json(&self) -> serde_json::Value {
                #body
            }
        }
    }
}

/// The pattern of a response variant, binding `status` and `body` when
/// asked and present, ignoring the rest.
fn variant_pattern(response: &Response, bind_status: bool, bind_body: bool) -> TokenStream {
    let variant = ident::ident(&response.variant_name);
    let has_body = response.body.is_some();
    let has_headers = response.headers_struct.is_some();
    match response.status {
        StatusMatch::Code(_) => {
            let body = if bind_body { quote!(body) } else { quote!(_) };
            match (has_body, has_headers) {
                (true, true) => quote!(Self::#variant(#body, _)),
                (true, false) => quote!(Self::#variant(#body)),
                (false, true) => quote!(Self::#variant(_)),
                (false, false) => quote!(Self::#variant),
            }
        }
        _ => {
            let status = bind_status.then(|| quote!(status,));
            let body = (bind_body && has_body).then(|| quote!(body,));
            quote!(Self::#variant { #status #body .. })
        }
    }
}

fn success_arm(response: &Response) -> TokenStream {
    let (pattern, value) = match response.status {
        StatusMatch::Code(code) => {
            let success = (200..300).contains(&code);
            (variant_pattern(response, false, false), quote!(#success))
        }
        StatusMatch::Range(range) => {
            let success = range == 2;
            (variant_pattern(response, false, false), quote!(#success))
        }
        // `default` stands for any status, a success too.
        StatusMatch::Default => (
            variant_pattern(response, true, false),
            quote!((200..300).contains(status)),
        ),
    };
    quote!(#pattern => #value,)
}

fn body_json_arm(response: &Response) -> TokenStream {
    let kind = response.body.as_ref().map(|b| b.kind);
    // Raw bytes have no JSON form: such a body is not bound.
    let bind = matches!(
        kind,
        Some(MediaKind::Json | MediaKind::Form | MediaKind::Text)
    );
    let value = match kind {
        Some(MediaKind::Json | MediaKind::Form) => quote!(runtime::body_json(body)),
        Some(MediaKind::Text) => quote!(serde_json::Value::String(body.clone())),
        Some(MediaKind::Binary | MediaKind::Multipart) | None => quote!(serde_json::Value::Null),
    };
    let pattern = variant_pattern(response, false, bind);
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
