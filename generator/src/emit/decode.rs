//! How the client reads a response into its operation's `<Op>Responses`:
//! the status picks the variant, the media type how its body decodes.
//! Written into `client.rs`, which only client builds compile.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::model::{MediaKind, Operation, Response, StatusMatch};

/// `impl Responses for <Op>Responses`.
pub fn responses_decode(op: &Operation) -> TokenStream {
    let name = ident::ident(&op.responses_enum_name());
    let decode = decode_fn(op);
    quote! {
        impl runtime::Responses for types::#name {
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
            quote!(#status #lets #value)
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
                .then(|| quote!(_ => Err(response.undeclared()),));
            // An exact status inside a range (`404` before `4XX`).
            let overlap = responses.iter().any(|range| {
                let (low, high) = range.status.window();
                matches!(range.status, StatusMatch::Range(_))
                    && responses.iter().any(|r| {
                        matches!(r.status, StatusMatch::Code(code) if (low..=high).contains(&code))
                    })
            });
            let allow = overlap.then(|| quote!(#[allow(clippy::match_overlapping_arm)]));
            quote! {
                #status
                #allow
                match status {
                    #(#arms)*
                    #fallback
                }
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
/// variant keeps it: the statements that bind its fields, and the
/// `Result` of building it. A body that can fail to decode is mapped into
/// its variant, which keeps most arms to one line.
fn decoded_variant(response: &Response) -> (TokenStream, TokenStream) {
    let variant = ident::ident(&response.variant_name);
    let read = response.body.as_ref().map(|body| match body.kind {
        MediaKind::Json => quote!(response.json()),
        MediaKind::Form => quote!(response.form()),
        MediaKind::Text => quote!(response.text()),
        MediaKind::Binary | MediaKind::Multipart => quote!(response.bytes()),
    });
    let fallible = response
        .body
        .as_ref()
        .is_some_and(|body| !matches!(body.kind, MediaKind::Binary | MediaKind::Multipart));
    let headers = response.headers_struct.as_ref().map(|name| {
        let name = ident::ident(name);
        let fields = response.headers.iter().map(|h| {
            let field = ident::ident(&h.rust_name);
            let wire = &h.wire_name;
            quote!(#field: response.header_text(#wire),)
        });
        quote!(let headers = types::#name { #(#fields)* };)
    });
    let value = super::variant::variant(
        response,
        quote!(Self::#variant),
        quote!(status),
        read.as_ref().map(|_| quote!(body)),
        headers.as_ref().map(|_| quote!(headers)),
    );
    match read {
        Some(read) if fallible && !response.carries_status() && headers.is_none() => {
            (quote!(), quote!(#read.map(Self::#variant)))
        }
        Some(read) if fallible => (quote!(#headers), quote!(#read.map(|body| #value))),
        Some(read) => (quote!(#headers let body = #read;), quote!(Ok(#value))),
        None => (quote!(#headers), quote!(Ok(#value))),
    }
}
