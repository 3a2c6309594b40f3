//! The mock: an implementation of each API's trait that answers every
//! validated request with the operation's first success response, built
//! from the spec's examples (checked against their schemas when lowering)
//! or, without one, from the smallest value that conforms to the schema.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::typeref::{type_tokens, Scope};
use crate::ident;
use crate::model::{Api, MediaKind, Operation, ParamLocation, Response, StatusMatch};
use crate::values;

pub fn mock_file(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(|op| mock_method(api, op));
    let mut locations: Vec<(&str, &str)> = Vec::new();
    for credential in api
        .operations
        .iter()
        .flat_map(|op| op.security.iter().flatten())
    {
        let pair = (credential.location.as_str(), credential.name.as_str());
        if !locations.contains(&pair) {
            locations.push(pair);
        }
    }
    let credentials = locations
        .iter()
        .map(|(location, name)| quote!((#location, #name)));
    let signatures = api.signatures().into_iter().map(|a| a.name());
    let doc = format!(
        " A mock of {}: accepts any credential and answers from the spec's examples.",
        api.title
    );
    let items = quote! {

        #[doc = #doc]
        #[derive(Clone, Debug, Default)]
        pub struct Mock {
            accepted: runtime::server::AcceptedCredentials,
        }

        impl Mock {
            /// A mock that accepts any credential.
            pub fn new() -> Self {
                Self::default()
            }

            /// A mock that accepts only these credentials (listed values, or
            /// signatures that verify).
            pub fn accepting(accepted: runtime::server::AcceptedCredentials) -> Self {
                Mock { accepted }
            }
        }

        /// Where the spec's security schemes carry their credentials.
        const CREDENTIALS: &[(&str, &str)] = &[#(#credentials),*];

        /// The signature algorithms the spec's security schemes name.
        const SIGNATURES: &[&str] = &[#(#signatures),*];

        #[allow(deprecated)]
        impl super::server::Api for Mock {
            async fn check_credentials(
                &self,
                request: &runtime::server::RequestContext,
            ) -> Result<(), runtime::server::Rejection> {
                self.accepted.check(request, CREDENTIALS, SIGNATURES)
            }

            #(#methods)*
        }
    };
    let imports = super::sibling_imports(&items);
    quote! {
        #![doc = " The mock implementation of [`super::server::Api`]."]
        #imports
        #items
    }
}

/// The response the mock gives: the first declared success, else the first.
/// `mock_server.rs`: every API's mock in one router, and one call to serve
/// it, for `cargo xtask mock` and for consumers' own tests.
pub fn mock_server_file(apis: &[Api]) -> TokenStream {
    let merges = apis.iter().map(|api| {
        let module = ident::ident(&api.module);
        quote! {
            .merge(crate::#module::server::router(::std::sync::Arc::new(
                crate::#module::mock::Mock::accepting(accepted.clone()),
            )))
        }
    });
    quote! {
        #![doc = " All the mocks in one process: the APIs' paths do not clash."]

        /// Every API's mock, merged, with a 404 for unknown paths.
        pub fn router(accepted: crate::runtime::server::AcceptedCredentials) -> ::axum::Router {
            ::axum::Router::new()
                #(#merges)*
                .fallback(|| async {
                    crate::runtime::server::render(&crate::runtime::server::Rejection::not_found(), &[])
                })
        }

        /// Serves every mock on 127.0.0.1:`port` (0 picks a free port). The
        /// server stops when the returned value is dropped or stopped.
        pub async fn start(port: u16) -> ::std::io::Result<crate::runtime::server::RunningServer> {
            start_with(port, crate::runtime::server::AcceptedCredentials::any()).await
        }

        /// As [`start`], accepting only the given credentials.
        pub async fn start_with(
            port: u16,
            accepted: crate::runtime::server::AcceptedCredentials,
        ) -> ::std::io::Result<crate::runtime::server::RunningServer> {
            crate::runtime::server::serve(router(accepted), port).await
        }
    }
}

fn chosen(op: &Operation) -> Option<&Response> {
    let success = |r: &&Response| match r.status {
        StatusMatch::Code(code) => (200..300).contains(&code),
        StatusMatch::Range(range) => range == 2,
        StatusMatch::Default => false,
    };
    op.responses.iter().find(success).or(op.responses.first())
}

fn mock_method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident::ident(&op.method_name);
    let responses = ident::ident(&op.responses_enum_name());
    let mut args = Vec::new();
    for param in op.params_in(ParamLocation::Path) {
        let ty = type_tokens(&param.ty, Scope::Sibling);
        args.push(quote!(_: #ty));
    }
    if op.has_params_struct() {
        let params = ident::ident(&op.params_struct_name());
        args.push(quote!(_: types::#params));
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty, Scope::Sibling);
        args.push(if body.required {
            quote!(_: #ty)
        } else {
            quote!(_: Option<#ty>)
        });
    }
    let value = match chosen(op) {
        Some(response) => response_value(api, &responses, response),
        // OpenAPI requires a response; a spec that declares none leaves the
        // responses enum without a variant, so nothing can be returned. The
        // router turns this panic into a 500 in the API's error format.
        None => quote!(::std::panic!(
            "the spec declares no response for this operation, so the mock has none to give"
        )),
    };
    quote! {
        async fn #name(&self, _: runtime::server::RequestContext, #(#args),*) -> types::#responses {
            #value
        }
    }
}

fn response_value(api: &Api, responses: &proc_macro2::Ident, response: &Response) -> TokenStream {
    let variant = ident::ident(&response.variant_name);
    let body = response.body.as_ref().map(|body| match body.kind {
        MediaKind::Json | MediaKind::Form | MediaKind::Multipart => {
            let example = match &body.example {
                Some(example) if values::check(&api.types, &body.ty, example).is_empty() => {
                    example.clone()
                }
                _ => values::example(&api.types, &body.ty),
            };
            let json = example.to_string();
            quote!(runtime::server::mock_value(#json))
        }
        MediaKind::Text => {
            let text = match &body.example {
                Some(Value::String(s)) => s.clone(),
                _ => "string".to_string(),
            };
            quote!(String::from(#text))
        }
        MediaKind::Binary => quote!(Vec::new()),
    });
    let headers = response.headers_struct.as_ref().map(|name| {
        let name = ident::ident(name);
        let fields = response.headers.iter().map(|h| {
            let field = ident::ident(&h.rust_name);
            let value = match &h.docs.example {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => "mock".to_string(),
            };
            quote!(#field: Some(String::from(#value)),)
        });
        quote!(types::#name { #(#fields)* })
    });
    // A range answers with its first status; `default` with 200.
    let status = Literal::u16_unsuffixed(match response.status {
        StatusMatch::Range(range) => range * 100,
        _ => 200,
    });
    super::variant::variant(
        response,
        quote!(types::#responses::#variant),
        quote!(#status),
        body,
        headers,
    )
}
