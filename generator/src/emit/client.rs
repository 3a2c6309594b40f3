//! The async client: a `Client` with one method per operation. Request
//! building, sending and decoding helpers live in the runtime module; each
//! method only says what is specific to its operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, note_attrs};
use super::typeref::{type_tokens, Scope};
use crate::ident;
use crate::model::{
    Api, CredentialKind, MediaKind, Operation, ParamLocation, ParamShape, ParamStyle, Parameter,
    PathSegment, SignatureAlgorithm, TypeRef,
};

pub fn client_file(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(|op| method(api, op));
    let decoders = api.operations.iter().map(super::decode::responses_decode);
    let default_base_url = default_base_url(api).map(|url| {
        quote! {
            /// The first server the spec lists, with its variables at their defaults.
            pub const DEFAULT_BASE_URL: &'static str = #url;
        }
    });
    let server_constructor = server_constructor(api);
    let from_env = from_env(api);
    let client_params = client_param_setters(api);
    let title = format!(" A client for {}.", api.title);
    let items = quote! {

        /// This crate's name and version, first in every request's user agent.
        const USER_AGENT: &str = ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION"));

        #[doc = #title]
        ///
        /// Every method returns the response typed per declared status, with the
        /// status and headers alongside, or an [`Error`](crate::runtime::Error)
        /// that tells invalid input, transport failures, undeclared statuses and
        /// undecodable bodies apart. `.into_result()` on a response turns a
        /// declared error status into [`Error::Api`](crate::runtime::Error::Api),
        /// for `?`.
        #[derive(Clone, Debug)]
        pub struct Client {
            core: runtime::ClientCore,
        }

        impl Client {
            #default_base_url

            /// A client for `base_url` with a default `reqwest` client.
            pub fn new(base_url: &str) -> Result<Self, runtime::Error> {
                let core = runtime::ClientCore::new(base_url)?.with_user_agent(USER_AGENT);
                Ok(Self { core })
            }

            #server_constructor
            #from_env

            /// A client for `base_url` that sends through the caller's `reqwest` client.
            pub fn with_client(base_url: &str, http: runtime::reqwest::Client) -> Result<Self, runtime::Error> {
                let core = runtime::ClientCore::with_client(base_url, http)?.with_user_agent(USER_AGENT);
                Ok(Self { core })
            }

            /// Sends with these credentials, applied as each operation's
            /// security schemes ask (signed afresh for every attempt).
            pub fn with_credentials(mut self, credentials: impl Into<runtime::Credentials>) -> Self {
                self.core = self.core.with_credentials(credentials);
                self
            }

            /// Timeouts, retries and the user agent.
            pub fn with_config(mut self, config: runtime::ClientConfig) -> Result<Self, runtime::Error> {
                self.core = self.core.with_config(config)?;
                Ok(self)
            }

            /// Adds a hook applied to every attempt of every request, in the
            /// order added, after the URL, host and body are final and before
            /// the credentials are applied.
            pub fn with_hook(mut self, hook: impl runtime::RequestHook + 'static) -> Self {
                self.core = self.core.with_hook(hook);
                self
            }

            #client_params

            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            #(#methods)*
        }

        #(#decoders)*
    };
    let imports = super::sibling_imports(&items);
    quote! {
        #![doc = " The async client."]
        #imports
        #items
    }
}

/// `for_<variable>(..)`: the first server with its variables chosen, each
/// defaulting as the spec says (`DEFAULT_BASE_URL`).
fn server_constructor(api: &Api) -> Option<TokenStream> {
    let server = api.servers.first()?;
    if server.variables.is_empty() {
        return None;
    }
    let names: Vec<String> = server
        .variables
        .iter()
        .map(|(n, _)| ident::snake(n))
        .collect();
    let constructor = if names.len() == 1 {
        format_ident!("for_{}", names[0])
    } else {
        format_ident!("for_server")
    };
    let args = names.iter().map(|n| {
        let n = ident::ident(n);
        quote!(#n: &str)
    });
    let pairs = server
        .variables
        .iter()
        .zip(&names)
        .map(|((wire, _), rust)| {
            let rust = ident::ident(rust);
            quote!((#wire, #rust))
        });
    let defaults = server
        .variables
        .iter()
        .map(|(name, default)| format!("`{name}` defaults to `{default}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!(
        " A client for `{}` with its variables chosen; {defaults}.",
        server.url
    );
    let template = &server.url;
    Some(quote! {
        #[doc = #doc]
        pub fn #constructor(#(#args),*) -> Result<Self, runtime::Error> {
            Self::new(&runtime::server_url(#template, &[#(#pairs),*])?)
        }
    })
}

/// `from_env()`: the default server and the vendor's credentials from its
/// standard environment variables, when the spec names a signature.
fn from_env(api: &Api) -> Option<TokenStream> {
    default_base_url(api)?;
    let (ty, variables) = env_credentials(api)?;
    let doc = format!(" A client for `DEFAULT_BASE_URL` signing with credentials from {variables}. A missing variable is an error that names it.");
    Some(quote! {
        #[doc = #doc]
        pub fn from_env() -> Result<Self, runtime::Error> {
            Ok(Self::new(Self::DEFAULT_BASE_URL)?.with_credentials(#ty::from_env()?))
        }
    })
}

/// The credentials type whose `from_env()` serves the API's first
/// signature, and the variables it reads.
pub(super) fn env_credentials(api: &Api) -> Option<(TokenStream, &'static str)> {
    Some(match api.signatures().first()? {
        SignatureAlgorithm::Acs3 => (
            quote!(crate::runtime::signing::AlibabaCredentials),
            "`ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and, for STS, `ALIBABA_CLOUD_SECURITY_TOKEN`",
        ),
        SignatureAlgorithm::SdkHmac => (
            quote!(crate::runtime::signing::HuaweiCredentials),
            "`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, and when set `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_PROJECT_ID`",
        ),
    })
}

/// `with_<param>(..)` for each path parameter the client fills once.
fn client_param_setters(api: &Api) -> TokenStream {
    let mut seen: Vec<&str> = Vec::new();
    let setters = api
        .operations
        .iter()
        .flat_map(|op| op.params.iter().filter(|p| p.from_client))
        .filter(|p| {
            let fresh = !seen.contains(&p.wire_name.as_str());
            seen.push(&p.wire_name);
            fresh
        })
        .map(|p| {
            let setter = format_ident!("with_{}", p.rust_name);
            let wire = &p.wire_name;
            let getter = ident::ident(&p.rust_name);
            let doc = format!(
                " Sets `{wire}` for every call; without it, the credentials' `{wire}` is used."
            );
            let getter_doc =
                format!(" The `{wire}` calls use: the one set, else the credentials'.");
            quote! {
                #[doc = #doc]
                pub fn #setter(mut self, value: impl Into<String>) -> Self {
                    self.core = self.core.with_path_param(#wire, value.into());
                    self
                }

                #[doc = #getter_doc]
                pub fn #getter(&self) -> Result<&str, runtime::Error> {
                    self.core.path_param(#wire)
                }
            }
        })
        .collect::<Vec<_>>();
    quote!(#(#setters)*)
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

fn method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident::ident(&op.method_name);
    let docs = doc_attrs(&op.docs);
    let route = note_attrs(&format!("`{} {}`", op.http_method.as_str(), op.path));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let responses = ident::ident(&op.responses_enum_name());

    let mut args = Vec::new();
    for param in op.params_in(ParamLocation::Path).filter(|p| !p.from_client) {
        let arg = ident::ident(&param.rust_name);
        let ty = arg_type(&param.ty);
        args.push(quote!(#arg: #ty));
    }
    if op.has_params_struct() {
        let params_ty = ident::ident(&op.params_struct_name());
        args.push(quote!(params: &types::#params_ty));
    }
    if let Some(body) = &op.body {
        let ty = arg_type(&body.ty);
        args.push(if body.required {
            quote!(body: #ty)
        } else {
            quote!(body: Option<#ty>)
        });
    }

    let (path_bindings, path) = path_segments(op);
    let query: Vec<_> = op.params_in(ParamLocation::Query).map(query_push).collect();
    let (query, query_arg) = if query.is_empty() {
        (None, quote!(None))
    } else {
        (
            Some(quote! {
                let mut query = runtime::QueryString::default();
                #(#query)*
            }),
            quote!(Some(&query)),
        )
    };
    let headers: Vec<_> = op
        .params_in(ParamLocation::Header)
        .map(header_set)
        .collect();
    let cookies: Vec<_> = op
        .params_in(ParamLocation::Cookie)
        .map(cookie_push)
        .collect();
    let cookie_header = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies = runtime::CookieString::default();
            #(#cookies)*
            cookies.apply(&mut request)?;
        }
    });
    let body = op.body.as_ref().map(|body| {
        let media = &body.media_type;
        if body.kind == MediaKind::Multipart {
            return multipart_body(api, body);
        }
        let setter = match body.kind {
            MediaKind::Json => quote!(runtime::set_json_body),
            MediaKind::Form => quote!(runtime::set_form_body),
            MediaKind::Text => quote!(runtime::set_text_body),
            MediaKind::Binary => quote!(runtime::set_bytes_body),
            MediaKind::Multipart => unreachable!("built by multipart_body"),
        };
        if body.required {
            quote!(#setter(&mut request, #media, body)?;)
        } else {
            quote!(if let Some(body) = body { #setter(&mut request, #media, body)?; })
        }
    });
    let mutable =
        (!headers.is_empty() || cookie_header.is_some() || body.is_some()).then(|| quote!(mut));
    let operation = operation_info(op);
    // Reading a deprecated parameter's field is not a use to warn about.
    let allow_deprecated = op
        .has_deprecated_params_field()
        .then(|| quote!(#[allow(deprecated)]));

    quote! {
        #docs
        #route
        #deprecated
        #allow_deprecated
        pub async fn #name(&self, #(#args),*) -> Result<runtime::ApiResponse<types::#responses>, runtime::Error> {
            #operation
            #path_bindings
            #query
            let #mutable request = self.core.request(&OPERATION, #path, #query_arg)?;
            #(#headers)*
            #cookie_header
            #body
            self.core.send(&OPERATION, request).await?.decode()
        }
    }
}

/// A `multipart/form-data` body: a part per property of the body's
/// struct, `format: binary` properties as file parts named after the
/// property, with the content type the media type's `encoding` gives.
fn multipart_body(api: &Api, body: &crate::model::RequestBody) -> TokenStream {
    let fields = match &body.ty {
        TypeRef::Named(name) => match api.types.get(name).map(|t| &t.kind) {
            Some(crate::model::TypeKind::Struct(s)) => s.fields.as_slice(),
            _ => &[],
        },
        _ => &[],
    };
    let parts = fields.iter().map(|field| {
        let name = ident::ident(&field.rust_name);
        let wire = &field.wire_name;
        let content_type = body
            .part_content_types
            .iter()
            .find(|(n, _)| n == wire)
            .map(|(_, c)| c.as_str())
            .unwrap_or("application/octet-stream");
        let add = match &field.ty {
            // The caller's file name and media type, else the property's
            // name and the spec's `encoding`.
            TypeRef::File => quote!(form.file(#wire, value, #content_type);),
            TypeRef::Vec(item) if **item == TypeRef::File => {
                quote!(for item in value { form.file(#wire, item, #content_type); })
            }
            _ => quote!(form.value(#wire, value)?;),
        };
        if field.is_optional() {
            quote!(if let Some(value) = &body.#name { #add })
        } else {
            quote!({ let value = &body.#name; #add })
        }
    });
    let build = quote! {
        let mut form = runtime::MultipartBody::default();
        #(#parts)*
        form.apply(&mut request)?;
    };
    if body.required {
        quote!({ #build })
    } else {
        quote!(if let Some(body) = body { #build })
    }
}

/// Path parameters and bodies are taken by reference; strings as `&str`,
/// lists and bytes as slices.
fn arg_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Bytes => quote!(&[u8]),
        TypeRef::Vec(item) => {
            let item = type_tokens(item, Scope::Sibling);
            quote!(&[#item])
        }
        other => {
            let ty = type_tokens(other, Scope::Sibling);
            quote!(&#ty)
        }
    }
}

/// The path segments of one call, each parameter percent-encoded as one
/// segment (so `../x` or `a/b` cannot change the path), in template order:
/// the runtime fills the operation's path template with them. Returns the
/// statement that builds them and the expression passed on.
fn path_segments(op: &Operation) -> (TokenStream, TokenStream) {
    let segments: Vec<TokenStream> = op
        .path_segments
        .iter()
        .filter_map(|segment| match segment {
            PathSegment::Literal(_) => None,
            PathSegment::Param(index) => Some(path_segment(&op.params[*index])),
        })
        .collect();
    // The segments are read before any other local exists, so a parameter
    // called `query` or `request` shadows nothing the method needs.
    if segments.is_empty() {
        (quote!(), quote!(&[]))
    } else {
        (quote!(let segments = [#(#segments),*];), quote!(&segments))
    }
}

fn path_segment(param: &Parameter) -> TokenStream {
    let wire = &param.wire_name;
    if param.from_client {
        return quote!(runtime::encode_path_segment(#wire, self.core.path_param(#wire)?)?);
    }
    let arg = ident::ident(&param.rust_name);
    let explode = param.explode;
    match param.shape {
        ParamShape::Array => {
            let items = list_items(param, quote!(#arg));
            quote!(runtime::path_array(#wire, #items)?)
        }
        ParamShape::Object => quote! {
            runtime::path_object(#wire, #arg, #explode).map_err(|message| runtime::Error::InvalidRequest { message })?
        },
        ParamShape::Scalar | ParamShape::Json => quote!(runtime::path_param(#wire, #arg)?),
    }
}

/// The operation as the runtime's hooks and signers see it.
fn operation_info(op: &Operation) -> TokenStream {
    let id = &op.operation_id;
    let method = op.http_method.as_str();
    let path = &op.path;
    let accept = op.accept();
    let alternatives = op.security.iter().map(|alternative| {
        let schemes = alternative.iter().map(|credential| {
            let name = &credential.name;
            match &credential.kind {
                CredentialKind::Acs3 { action, version } => {
                    quote!(runtime::Scheme::Acs3 { action: #action, version: #version })
                }
                CredentialKind::SdkHmac => quote!(runtime::Scheme::SdkHmac),
                CredentialKind::Bearer => quote!(runtime::Scheme::Bearer),
                CredentialKind::ApiKey | CredentialKind::Other => {
                    let location = match credential.location {
                        ParamLocation::Query => quote!(Query),
                        ParamLocation::Cookie => quote!(Cookie),
                        ParamLocation::Header | ParamLocation::Path => quote!(Header),
                    };
                    quote!(runtime::Scheme::ApiKey { location: runtime::KeyLocation::#location, name: #name })
                }
            }
        });
        quote!(&[#(#schemes),*])
    });
    let accept = (accept != "application/json").then(|| quote!(.accepting(#accept)));
    let security = (!op.security.is_empty()).then(|| quote!(.with_security(&[#(#alternatives),*])));
    quote! {
        static OPERATION: runtime::Operation = runtime::Operation::new(#method, #id, #path) #accept #security;
    }
}

/// The items of a list parameter held in `value`: the `Vec` itself, or
/// the one a checked newtype holds.
fn list_items(param: &Parameter, value: TokenStream) -> TokenStream {
    match &param.ty {
        TypeRef::Vec(_) => value,
        _ => quote!(#value.get()),
    }
}

/// Maps a runtime encoding message to the client's error.
fn invalid_request() -> TokenStream {
    quote!(map_err(|message| runtime::Error::InvalidRequest {
        message
    }))
}

fn query_push(param: &Parameter) -> TokenStream {
    let field = ident::ident(&param.rust_name);
    let wire = &param.wire_name;
    let explode = param.explode;
    let invalid = invalid_request();
    let push = match (param.shape, param.style) {
        (ParamShape::Json, _) => quote!(query.push_json(#wire, value).#invalid?;),
        (ParamShape::Object, ParamStyle::DeepObject) => {
            quote!(query.push_deep_object(#wire, value).#invalid?;)
        }
        (ParamShape::Object, _) => quote!(query.push_object(#wire, value, #explode).#invalid?;),
        (ParamShape::Array, ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited) if !explode => {
            let items = list_items(param, quote!(value));
            let separator = param.style.separator();
            quote!(query.push_delimited(#wire, #items, #separator);)
        }
        (ParamShape::Array, _) => {
            let items = list_items(param, quote!(value));
            quote!(query.push_array(#wire, #items, #explode);)
        }
        (ParamShape::Scalar, _) if param.is_optional() => {
            return quote!(query.push_some(#wire, &params.#field););
        }
        (ParamShape::Scalar, _) => quote!(query.push(#wire, value);),
    };
    if param.is_optional() {
        quote!(if let Some(value) = &params.#field { #push })
    } else {
        quote!({ let value = &params.#field; #push })
    }
}

fn header_set(param: &Parameter) -> TokenStream {
    let field = ident::ident(&param.rust_name);
    let wire = &param.wire_name;
    let explode = param.explode;
    let invalid = invalid_request();
    let set = match param.shape {
        ParamShape::Json => quote! {
            let json = ::serde_json::to_string(value)
                .map_err(|err| runtime::Error::InvalidRequest { message: format!("header {}: {err}", #wire) })?;
            runtime::set_header(&mut request, #wire, &json)?;
        },
        ParamShape::Array => {
            let items = list_items(param, quote!(value));
            quote!(runtime::set_header(&mut request, #wire, &runtime::simple_array(#items))?;)
        }
        ParamShape::Object => quote! {
            let text = runtime::simple_object(#wire, value, #explode).#invalid?;
            runtime::set_header(&mut request, #wire, &text)?;
        },
        ParamShape::Scalar => quote!(runtime::set_header(&mut request, #wire, value)?;),
    };
    if param.is_optional() {
        quote!(if let Some(value) = &params.#field { #set })
    } else {
        quote!({ let value = &params.#field; #set })
    }
}

fn cookie_push(param: &Parameter) -> TokenStream {
    let field = ident::ident(&param.rust_name);
    let wire = &param.wire_name;
    let invalid = invalid_request();
    let push = match param.shape {
        ParamShape::Array => {
            let items = list_items(param, quote!(value));
            quote!(cookies.push(#wire, &runtime::simple_array(#items));)
        }
        // Exploded, each property is a cookie of its own.
        ParamShape::Object if param.explode => quote! {
            for (name, text) in runtime::object_pairs(#wire, value).#invalid? {
                cookies.push(&name, &text);
            }
        },
        ParamShape::Object => quote! {
            cookies.push(#wire, &runtime::simple_object(#wire, value, false).#invalid?);
        },
        ParamShape::Scalar | ParamShape::Json => quote!(cookies.push(#wire, value);),
    };
    if param.is_optional() {
        quote!(if let Some(value) = &params.#field { #push })
    } else {
        quote!({ let value = &params.#field; #push })
    }
}
