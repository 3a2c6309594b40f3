//! The async client: a `Client` with one method per operation. Request
//! building, sending and decoding helpers live in the runtime module; each
//! method only says what is specific to its operation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{doc_attrs, note_attrs};
use super::typeref::{type_tokens, Scope};
use crate::ident;
use crate::model::{
    Api, MediaKind, Operation, ParamLocation, Parameter, PathSegment, StatusMatch, TypeRef,
};

pub fn client_file(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(method);
    let default_base_url = default_base_url(api).map(|url| {
        quote! {
            /// The first server the spec lists, with its variables at their defaults.
            pub const DEFAULT_BASE_URL: &'static str = #url;
        }
    });
    let title = format!(" A client for {}.", api.title);
    quote! {
        #![doc = " The async client."]

        #[doc = #title]
        ///
        /// Every method returns the response typed per declared status, with the
        /// status and headers alongside, or an [`Error`](crate::runtime::Error)
        /// that tells invalid input, transport failures, undeclared statuses and
        /// undecodable bodies apart.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            core: crate::runtime::ClientCore,
        }

        impl Client {
            #default_base_url

            /// A client for `base_url` with a default `reqwest` client.
            pub fn new(base_url: &str) -> ::std::result::Result<Self, crate::runtime::Error> {
                ::std::result::Result::Ok(Self { core: crate::runtime::ClientCore::new(base_url)? })
            }

            /// A client for `base_url` that sends through the caller's `reqwest` client.
            pub fn with_client(base_url: &str, http: ::reqwest::Client) -> ::std::result::Result<Self, crate::runtime::Error> {
                ::std::result::Result::Ok(Self { core: crate::runtime::ClientCore::with_client(base_url, http)? })
            }

            /// Adds a hook applied to every request before it is sent, in the
            /// order added: where headers or a request signer plug in.
            pub fn with_hook(mut self, hook: impl crate::runtime::RequestHook + 'static) -> Self {
                self.core = self.core.with_hook(hook);
                self
            }

            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            #(#methods)*
        }
    }
}

fn default_base_url(api: &Api) -> Option<String> {
    let server = api.servers.first()?;
    let mut url = server.url.clone();
    for (name, default) in &server.variables {
        url = url.replace(&format!("{{{name}}}"), default);
    }
    let absolute =
        (url.starts_with("https://") || url.starts_with("http://")) && !url.contains('{');
    absolute.then(|| url.trim_end_matches('/').to_string())
}

fn method(op: &Operation) -> TokenStream {
    let name = ident::ident(&op.method_name);
    let docs = doc_attrs(&op.docs);
    let route = note_attrs(&format!("`{} {}`", op.http_method.as_str(), op.path));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let responses = ident::ident(&op.responses_enum_name());

    let mut args = Vec::new();
    for param in op.params_in(ParamLocation::Path) {
        let arg = ident::ident(&param.rust_name);
        let ty = arg_type(&param.ty);
        args.push(quote!(#arg: #ty));
    }
    if op.has_params_struct() {
        let params_ty = ident::ident(&op.params_struct_name());
        args.push(quote!(params: &super::types::#params_ty));
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty, Scope::Sibling);
        args.push(if body.required {
            quote!(body: &#ty)
        } else {
            quote!(body: ::std::option::Option<&#ty>)
        });
    }

    let path = path_expr(op);
    let query = op.params_in(ParamLocation::Query).map(query_push);
    let headers = op.params_in(ParamLocation::Header).map(header_set);
    let cookies: Vec<_> = op
        .params_in(ParamLocation::Cookie)
        .map(cookie_push)
        .collect();
    let cookie_header = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies = crate::runtime::CookieString::default();
            #(#cookies)*
            cookies.apply(&mut request)?;
        }
    });
    let body = op.body.as_ref().map(|body| {
        let media = &body.media_type;
        let setter = match body.kind {
            MediaKind::Json => quote!(crate::runtime::set_json_body),
            MediaKind::Form => quote!(crate::runtime::set_form_body),
            MediaKind::Text => quote!(crate::runtime::set_text_body),
            MediaKind::Binary => quote!(crate::runtime::set_bytes_body),
        };
        if body.required {
            quote!(#setter(&mut request, #media, body)?;)
        } else {
            quote!(if let ::std::option::Option::Some(body) = body { #setter(&mut request, #media, body)?; })
        }
    });
    let method = ident::ident(op.http_method.as_str());
    let arms = op.responses.iter().map(|r| response_arm(op, r));
    let fallback = if op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default)
    {
        quote!()
    } else {
        quote!(_ => return ::std::result::Result::Err(response.unexpected()),)
    };
    // With no declared response at all, every status is undeclared.
    let decode = if op.responses.is_empty() {
        quote!(::std::result::Result::Err(response.unexpected()))
    } else {
        quote! {
            let value = match response.status().as_u16() {
                #(#arms)*
                #fallback
            };
            ::std::result::Result::Ok(response.into_api_response(value))
        }
    };

    quote! {
        #docs
        #route
        #deprecated
        #[allow(deprecated)]
        pub async fn #name(&self, #(#args),*) -> ::std::result::Result<crate::runtime::ApiResponse<super::types::#responses>, crate::runtime::Error> {
            #path
            #[allow(unused_mut)]
            let mut query = crate::runtime::QueryString::default();
            #(#query)*
            #[allow(unused_mut)]
            let mut request = self.core.request(::reqwest::Method::#method, &path, &query)?;
            #(#headers)*
            #cookie_header
            #body
            let response = self.core.send(request).await?;
            #decode
        }
    }
}

/// Path parameters are taken by reference; strings as `&str`.
fn arg_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        other => {
            let ty = type_tokens(other, Scope::Sibling);
            quote!(&#ty)
        }
    }
}

/// Each parameter is percent-encoded as one segment, so `../x` or `a/b`
/// cannot change the path.
fn path_expr(op: &Operation) -> TokenStream {
    let pushes = op.path_segments.iter().map(|segment| match segment {
        PathSegment::Literal(text) => quote!(path.push_str(#text);),
        PathSegment::Param(index) => {
            let param = &op.params[*index];
            let arg = ident::ident(&param.rust_name);
            let wire = &param.wire_name;
            quote! {
                path.push_str(&crate::runtime::encode_path_segment(#wire, &crate::runtime::ParamValue::to_param(#arg))?);
            }
        }
    });
    quote! {
        let mut path = ::std::string::String::new();
        #(#pushes)*
    }
}

fn query_push(param: &Parameter) -> TokenStream {
    let field = ident::ident(&param.rust_name);
    let wire = &param.wire_name;
    let explode = param.explode;
    let push = match (&param.ty, &param.array_item) {
        (TypeRef::Vec(_), _) => quote!(query.push_array(#wire, value, #explode);),
        // A checked newtype over a Vec: its items.
        (_, Some(_)) => quote!(query.push_array(#wire, value.get(), #explode);),
        _ => quote!(query.push(#wire, value);),
    };
    if param.is_optional() {
        quote!(if let ::std::option::Option::Some(value) = &params.#field { #push })
    } else {
        quote!({ let value = &params.#field; #push })
    }
}

fn header_set(param: &Parameter) -> TokenStream {
    let field = ident::ident(&param.rust_name);
    let wire = &param.wire_name;
    let set = quote!(crate::runtime::set_header(&mut request, #wire, value)?;);
    if param.is_optional() {
        quote!(if let ::std::option::Option::Some(value) = &params.#field { #set })
    } else {
        quote!({ let value = &params.#field; #set })
    }
}

fn cookie_push(param: &Parameter) -> TokenStream {
    let field = ident::ident(&param.rust_name);
    let wire = &param.wire_name;
    if param.is_optional() {
        quote!(if let ::std::option::Option::Some(value) = &params.#field { cookies.push(#wire, value); })
    } else {
        quote!(cookies.push(#wire, &params.#field);)
    }
}

fn response_arm(op: &Operation, response: &crate::model::Response) -> TokenStream {
    let responses = ident::ident(&op.responses_enum_name());
    let variant = ident::ident(&response.variant_name);
    let decode = response.body.as_ref().map(|body| match body.kind {
        MediaKind::Json | MediaKind::Form => quote!(response.json()?),
        MediaKind::Text => quote!(response.text()?),
        MediaKind::Binary => quote!(response.bytes()),
    });
    let pattern = match response.status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(range) => {
            let (low, high) = (
                Literal::u16_unsuffixed(range * 100),
                Literal::u16_unsuffixed(range * 100 + 99),
            );
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    };
    let headers = response.headers_struct.as_ref().map(|name| {
        let name = ident::ident(name);
        let fields = response.headers.iter().map(|h| {
            let field = ident::ident(&h.rust_name);
            let wire = &h.wire_name;
            quote!(#field: response.header_text(#wire),)
        });
        quote!(super::types::#name { #(#fields)* })
    });
    let tuple: Vec<&TokenStream> = decode.iter().chain(headers.iter()).collect();
    let value = match response.status {
        StatusMatch::Code(_) if tuple.is_empty() => quote!(super::types::#responses::#variant),
        StatusMatch::Code(_) => quote!(super::types::#responses::#variant(#(#tuple),*)),
        _ => {
            let body = decode.as_ref().map(|d| quote!(body: #d,));
            let headers = headers.as_ref().map(|h| quote!(headers: #h,));
            quote!(super::types::#responses::#variant { status: response.status().as_u16(), #body #headers })
        }
    };
    quote!(#pattern => #value,)
}
