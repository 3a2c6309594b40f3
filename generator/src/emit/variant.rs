//! How a responses-enum variant is written, in its declaration, in the
//! server's patterns and in the client's and mock's values alike: a tuple
//! for an exact status, named fields led by `status` when the variant
//! covers several (the model decides: `Response::carries_status`).

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::model::Response;

/// `path` with the response's parts: `status` (only where the variant
/// carries one), then the body and the headers when it has them.
///
/// Each part is what stands in that place: a type in the declaration, a
/// binding in a pattern, an expression in a value. Named fields take the
/// shorthand (`{ status, body }`) when the part is the field's own name.
pub(crate) fn variant(
    response: &Response,
    path: impl ToTokens,
    status: impl ToTokens,
    body: Option<impl ToTokens>,
    headers: Option<impl ToTokens>,
) -> TokenStream {
    let status = response
        .carries_status()
        .then(|| ("status", status.into_token_stream()));
    let parts: Vec<(&str, TokenStream)> = status
        .into_iter()
        .chain(body.map(|b| ("body", b.into_token_stream())))
        .chain(headers.map(|h| ("headers", h.into_token_stream())))
        .collect();
    if parts.is_empty() {
        return quote!(#path);
    }
    if !response.carries_status() {
        let parts = parts.iter().map(|(_, tokens)| tokens);
        return quote!(#path(#(#parts),*));
    }
    let fields = parts.iter().map(|(name, tokens)| {
        if tokens.to_string() == *name {
            quote!(#tokens)
        } else {
            let name = quote::format_ident!("{name}");
            quote!(#name: #tokens)
        }
    });
    quote!(#path { #(#fields),* })
}
