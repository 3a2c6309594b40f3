//! Server stubs: a trait with one method per operation, and a router that
//! decodes, validates and answers malformed requests in the API's own
//! error format before a handler runs. A handler returns the operation's
//! `<Op>Responses`, so a status the spec does not declare cannot compile.

use std::collections::HashMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, note_attrs};
use super::errors::{error_templates, Template};
use super::typeref::{type_tokens, Scope};
use crate::ident;
use crate::model::{
    Api, CrossFieldRule, HttpMethod, MediaKind, Operation, ParamLocation, ParamShape, ParamStyle,
    Parameter, PathSegment, RuleKind, RuleTest, StatusMatch, TypeRef,
};

fn rt() -> TokenStream {
    quote!(rt)
}

pub fn server_file(api: &Api) -> TokenStream {
    let rt = rt();
    let methods = api.operations.iter().map(trait_method);
    let errors = ErrorSets::of(api);
    let error_consts = errors.consts();
    let handlers = api
        .operations
        .iter()
        .map(|op| handler(api, op, &errors.for_operation(op)));
    let routes = routes(api, &errors);
    let title = format!(" The operations of {}, to implement.", api.title);
    let items = quote! {

        #[doc = #title]
        ///
        /// Each method receives typed, validated inputs and returns the
        /// operation's responses enum. The raw request parts are in the
        /// `RequestContext`.
        pub trait Api: Send + Sync + 'static {
            #(#methods)*

            /// Checks the credentials of a request that carries some (a request
            /// with none is answered 401 before this). The default accepts all.
            fn check_credentials(
                &self,
                _request: &#rt::RequestContext,
            ) -> impl Future<Output = Result<(), #rt::Rejection>> + Send {
                async { Ok(()) }
            }

            /// Renders a rejection. The default fills the error body the
            /// operation declares for the status; override to change it.
            fn render_rejection(&self, rejection: &#rt::Rejection, templates: &[#rt::ErrorTemplate]) -> Response {
                #rt::render(rejection, templates)
            }
        }

        /// The router for `service`, with the default settings.
        pub fn router<S: Api>(service: Arc<S>) -> ::axum::Router {
            router_with_config(service, #rt::ServerConfig::default())
        }

        /// The router for `service`. It has no fallback of its own, so routers
        /// of several APIs can be merged.
        pub fn router_with_config<S: Api>(service: Arc<S>, config: #rt::ServerConfig) -> ::axum::Router {
            ::axum::Router::new()
                #(#routes)*
                .with_state(#rt::Shared::new(service, config))
        }

        /// A route's declared methods; any other is answered 405, with `Allow`.
        fn refuse_others<S: Api>(
            methods: MethodRouter<#rt::Shared<S>>,
            allow: &'static str,
            errors: &'static [#rt::ErrorTemplate],
        ) -> MethodRouter<#rt::Shared<S>> {
            methods.fallback(move |State(shared): State<#rt::Shared<S>>| async move {
                shared.service.render_rejection(&#rt::Rejection::method_not_allowed(allow), errors)
            })
        }

        #error_consts
        #(#handlers)*
    };
    let imports = super::sibling_imports(&items);
    quote! {
        #![doc = " Server stubs: implement [`Api`], then serve [`router`]."]
        #imports
        #items
    }
}

fn handler_ident(op: &Operation) -> Ident {
    format_ident!("handle_{}", op.method_name.trim_start_matches("r#"))
}

/// `read_<op>`: the typed inputs of an operation, from a request.
pub(super) fn read_fn_ident(op: &Operation) -> Ident {
    format_ident!("read_{}", op.method_name.trim_start_matches("r#"))
}

/// The error bodies each operation renders rejections with. Operations
/// with the same templates (most, in a spec with one error schema) share
/// one constant: `ERRORS`, then `ERRORS_2`, ... in operation order.
struct ErrorSets {
    sets: Vec<Vec<Template>>,
    /// Each operation's set, by operationId (unique within an API).
    of_operation: HashMap<String, usize>,
}

impl ErrorSets {
    fn of(api: &Api) -> ErrorSets {
        let mut sets: Vec<Vec<Template>> = Vec::new();
        let of_operation = api
            .operations
            .iter()
            .map(|op| {
                let templates = error_templates(api, op);
                let index = match sets.iter().position(|set| *set == templates) {
                    Some(index) => index,
                    None => {
                        sets.push(templates);
                        sets.len() - 1
                    }
                };
                (op.operation_id.clone(), index)
            })
            .collect();
        ErrorSets { sets, of_operation }
    }

    fn ident(index: usize) -> Ident {
        match index {
            0 => format_ident!("ERRORS"),
            n => format_ident!("ERRORS_{}", n + 1),
        }
    }

    /// The constant an operation's rejections are rendered with.
    fn for_operation(&self, op: &Operation) -> Ident {
        ErrorSets::ident(
            self.of_operation
                .get(&op.operation_id)
                .copied()
                .unwrap_or_default(),
        )
    }

    fn consts(&self) -> TokenStream {
        let rt = rt();
        let consts = self.sets.iter().enumerate().map(|(index, set)| {
            let name = ErrorSets::ident(index);
            let templates = set.iter().map(|t| {
                let (low, high, content_type, template) =
                    (t.low, t.high, &t.content_type, &t.template);
                quote!(#rt::ErrorTemplate { low: #low, high: #high, content_type: #content_type, template: #template })
            });
            quote! {
                /// Error bodies for rejections, by status window, as the operations declare them.
                const #name: &[#rt::ErrorTemplate] = &[#(#templates),*];
            }
        });
        quote!(#(#consts)*)
    }
}

fn trait_method(op: &Operation) -> TokenStream {
    let rt = rt();
    let name = ident::ident(&op.method_name);
    let docs = doc_attrs(&op.docs);
    let route = note_attrs(&format!("`{} {}`", op.http_method.as_str(), op.path));
    let responses = ident::ident(&op.responses_enum_name());
    let args: Vec<_> = handler_args(op)
        .into_iter()
        .map(|(name, ty)| quote!(#name: #ty))
        .collect();
    // `self` and the request context come first: past clippy's seven, the
    // spec decided the count, not us.
    let many = (args.len() + 2 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #route
        #many
        fn #name(&self, request: #rt::RequestContext, #(#args),*)
            -> impl Future<Output = types::#responses> + Send;
    }
}

/// The typed inputs after the request context: path parameters, the
/// parameters struct, the body.
pub(super) fn handler_args(op: &Operation) -> Vec<(Ident, TokenStream)> {
    let mut args = Vec::new();
    for param in op.params_in(ParamLocation::Path) {
        args.push((
            ident::ident(&param.rust_name),
            type_tokens(&param.ty, Scope::Sibling),
        ));
    }
    if op.has_params_struct() {
        let params = ident::ident(&op.params_struct_name());
        args.push((format_ident!("params"), quote!(types::#params)));
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty, Scope::Sibling);
        let ty = if body.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        args.push((format_ident!("body"), ty));
    }
    args
}

/// Routes use positional parameter names (`{p0}`), so operations that
/// spell a path's parameters differently still share one route.
pub(super) fn route_path(op: &Operation) -> (String, Vec<(usize, String)>) {
    let mut route = String::new();
    let mut keys = Vec::new();
    for segment in &op.path_segments {
        match segment {
            PathSegment::Literal(text) => route.push_str(text),
            PathSegment::Param(index) => {
                let key = format!("p{}", keys.len());
                route.push_str(&format!("{{{key}}}"));
                keys.push((*index, key));
            }
        }
    }
    (route, keys)
}

fn method_filter(method: HttpMethod) -> TokenStream {
    let name = format_ident!("{}", method.as_str());
    quote!(MethodFilter::#name)
}

fn routes(api: &Api, errors: &ErrorSets) -> Vec<TokenStream> {
    let mut by_route: Vec<(String, Vec<&Operation>)> = Vec::new();
    for op in &api.operations {
        let (route, _) = route_path(op);
        match by_route.iter_mut().find(|(r, _)| *r == route) {
            Some((_, ops)) => ops.push(op),
            None => by_route.push((route, vec![op])),
        }
    }
    by_route
        .into_iter()
        .map(|(route, ops)| {
            let mut methods: Vec<&str> = ops.iter().map(|op| op.http_method.as_str()).collect();
            methods.sort();
            let allow = methods.join(", ");
            let first_errors = errors.for_operation(ops[0]);
            let mut chain = TokenStream::new();
            for (i, op) in ops.iter().enumerate() {
                let filter = method_filter(op.http_method);
                let handler = handler_ident(op);
                chain = if i == 0 {
                    quote!(on(#filter, #handler::<S>))
                } else {
                    quote!(#chain.on(#filter, #handler::<S>))
                };
            }
            quote!(.route(#route, refuse_others(#chain, #allow, #first_errors)))
        })
        .collect()
}

fn param_var(param: &Parameter) -> Ident {
    format_ident!("p_{}", param.rust_name.trim_start_matches("r#"))
}

/// Reads one parameter into `Option<T>`, recording any violation. Scalar
/// reads leave `T` to inference: each value flows into a typed field,
/// argument or the read function's return type.
fn parse_param(
    api: &Api,
    op: &Operation,
    index: usize,
    path_keys: &[(usize, String)],
) -> TokenStream {
    let rt = rt();
    let param = &op.params[index];
    let var = param_var(param);
    let wire = &param.wire_name;
    let required = param.required;
    let scalar = type_tokens(&param.ty, Scope::Sibling);
    let key = path_keys
        .iter()
        .find(|(i, _)| *i == index)
        .map(|(_, k)| k.as_str())
        .unwrap_or_default();
    let explode = param.explode;
    if param.shape == ParamShape::Object && param.style != ParamStyle::DeepObject {
        let fields = object_fields(api, &param.ty);
        let fields = quote!(&[#(#fields),*]);
        return match param.location {
            ParamLocation::Path => {
                quote!(let #var = #rt::path_object::<#scalar>(path, #key, #wire, #fields, #explode, &mut violations);)
            }
            ParamLocation::Query => {
                quote!(let #var = #rt::query_object::<#scalar>(&query, #wire, #fields, #explode, #required, &mut violations);)
            }
            ParamLocation::Header => {
                quote!(let #var = #rt::header_object::<#scalar>(parts, #wire, #fields, #explode, #required, &mut violations);)
            }
            ParamLocation::Cookie => {
                quote!(let #var = #rt::cookie_object::<#scalar>(parts, #wire, #fields, #explode, #required, &mut violations);)
            }
        };
    }
    if param.shape == ParamShape::Array && param.location != ParamLocation::Query {
        let item = param
            .array_item
            .as_ref()
            .map(|i| type_tokens(i, Scope::Sibling));
        let read = match param.location {
            ParamLocation::Path => {
                quote!(#rt::path_array::<#item>(path, #key, #wire, &mut violations))
            }
            ParamLocation::Header => {
                quote!(#rt::header_array::<#item>(parts, #wire, #required, &mut violations))
            }
            _ => quote!(#rt::cookie_array::<#item>(parts, #wire, #required, &mut violations)),
        };
        return checked_array(param, &var, read);
    }
    match (param.location, &param.ty) {
        (ParamLocation::Path, _) => {
            quote!(let #var = #rt::path_param(path, #key, #wire, &mut violations);)
        }
        (ParamLocation::Query, _) if param.json_content => {
            quote!(let #var = #rt::query_json::<#scalar>(&query, #wire, #required, &mut violations);)
        }
        (ParamLocation::Header, _) if param.json_content => {
            quote!(let #var = #rt::header_json::<#scalar>(parts, #wire, #required, &mut violations);)
        }
        (ParamLocation::Query, _) if param.style == ParamStyle::DeepObject => {
            let fields = form_fields(api, &param.ty);
            quote!(let #var = #rt::query_deep_object::<#scalar>(&query, #wire, &[#(#fields),*], #required, &mut violations);)
        }
        (ParamLocation::Query, TypeRef::Vec(item)) => {
            let item = type_tokens(item, Scope::Sibling);
            let separator = param.style.separator();
            quote!(let #var = #rt::query_array::<#item>(&query, #wire, #explode, #separator, #required, &mut violations);)
        }
        (ParamLocation::Query, _) if param.array_item.is_some() => {
            let item = param
                .array_item
                .as_ref()
                .map(|i| type_tokens(i, Scope::Sibling));
            let separator = param.style.separator();
            checked_array(
                param,
                &var,
                quote!(#rt::query_array::<#item>(&query, #wire, #explode, #separator, #required, &mut violations)),
            )
        }
        (ParamLocation::Query, _) => {
            quote!(let #var = #rt::query_param(&query, #wire, #required, &mut violations);)
        }
        (ParamLocation::Header, _) => {
            quote!(let #var = #rt::header_param(parts, #wire, #required, &mut violations);)
        }
        (ParamLocation::Cookie, _) => {
            quote!(let #var = #rt::cookie_param(parts, #wire, #required, &mut violations);)
        }
    }
}

/// `read` gives the items as `Option<Vec<_>>`; a checked newtype over a
/// `Vec` (minItems and the like) then checks its own constraints.
fn checked_array(param: &Parameter, var: &Ident, read: TokenStream) -> TokenStream {
    if matches!(param.ty, TypeRef::Vec(_)) {
        return quote!(let #var = #read;);
    }
    let scalar = type_tokens(&param.ty, Scope::Sibling);
    let location = format!("{}/{}", param.location.as_str(), param.wire_name);
    quote! {
        let #var = #read.and_then(|items| match <#scalar>::new(items) {
            Ok(value) => Some(value),
            Err(err) => {
                violations.push(runtime::validate::Violation::new(#location, err.message));
                None
            }
        });
    }
}

fn handler(api: &Api, op: &Operation, errors: &Ident) -> TokenStream {
    let rt = rt();
    let name = handler_ident(op);
    let operation_id = &op.operation_id;
    let (_, path_keys) = route_path(op);
    let credentials = op.security.iter().map(|alternative| {
        let pairs = alternative.iter().map(|c| {
            let (location, name) = (&c.location, &c.name);
            quote!((#location, #name))
        });
        quote!(&[#(#pairs),*])
    });
    let has_query = op.params_in(ParamLocation::Query).next().is_some();
    let query = has_query.then(|| quote!(let query = #rt::query_pairs(parts, &mut violations);));
    let parse_params = (0..op.params.len()).map(|i| parse_param(api, op, i, &path_keys));
    let (parse_body, finish_body) = body_code(api, op);
    let body_limit = if op.body.is_some() {
        quote!(Some(shared.config.body_limit))
    } else {
        quote!(None)
    };
    let required_path: Vec<&Parameter> = op.params_in(ParamLocation::Path).collect();
    let path_vars = required_path.iter().map(|p| param_var(p));
    let path_names: Vec<Ident> = required_path
        .iter()
        .map(|p| ident::ident(&p.rust_name))
        .collect();
    let build_params = op.has_params_struct().then(|| build_params(op));
    let rules = rules_code(op);
    let inputs = handler_args(op);
    let call_args: Vec<&Ident> = inputs.iter().map(|(name, _)| name).collect();
    let input_names = call_args.clone();
    let input_types = inputs.iter().map(|(_, ty)| ty);
    let read_fn = read_fn_ident(op);
    let method = ident::ident(&op.method_name);
    let response_arms = op.responses.iter().map(response_arm);
    let responses = ident::ident(&op.responses_enum_name());
    // An operation without responses has an empty enum: nothing to match.
    let reply = if op.responses.is_empty() {
        quote!(match self {})
    } else {
        quote!(match self { #(#response_arms)* })
    };
    let path_arg = if required_path.is_empty() {
        quote!(_path)
    } else {
        quote!(path)
    };
    // No violations means every required value is there; the `else` only
    // keeps this free of `unwrap`.
    let unwrap_path = (!required_path.is_empty()).then(|| {
        quote! {
            let (#(Some(#path_names),)*) = (#(#path_vars,)*) else {
                return Err(#rt::Rejection::internal());
            };
        }
    });
    quote! {
        #[allow(deprecated)]
        async fn #name<S: Api>(
            State(shared): State<#rt::Shared<S>>,
            path: #rt::RawPath,
            request: Request,
        ) -> Response {
            let answer: Result<Response, #rt::Rejection> = async {
                let (context, path) = #rt::receive(request, path, #operation_id, &[#(#credentials),*], #body_limit).await?;
                // Credentials first, as a gateway checks them: a request that
                // is not authentic learns nothing about its parameters.
                shared.service.check_credentials(&context).await?;
                let (#(#call_args,)*) = #read_fn(&path, &context.parts, &context.body).await?;
                let service = shared.service.clone();
                #rt::isolate(async move { service.#method(context, #(#call_args),*).await }).await?.reply()
            }
            .await;
            answer.unwrap_or_else(|rejection| shared.service.render_rejection(&rejection, #errors))
        }

        /// Reads the operation's typed inputs from a request, checking every
        /// constraint; also the command-line caller's reading of its arguments.
        #[allow(deprecated, unused_variables, unused_mut)]
        pub(crate) async fn #read_fn(
            #path_arg: &[(String, String)],
            parts: &::axum::http::request::Parts,
            bytes: &[u8],
        ) -> Result<(#(#input_types,)*), #rt::Rejection> {
            let mut violations = Vec::new();
            #query
            #(#parse_params)*
            #parse_body
            if !violations.is_empty() {
                return Err(#rt::Rejection::invalid(violations));
            }
            #finish_body
            #unwrap_path
            #build_params
            #rules
            Ok((#(#input_names,)*))
        }

        #[allow(deprecated)]
        impl Reply for types::#responses {
            fn reply(self) -> Result<Response, #rt::Rejection> {
                #reply
            }
        }
    }
}

/// Checking the body (read by `rt::receive`, within the size limit)
/// against the schema, and decoding it once every other check has passed.
fn body_code(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let rt = rt();
    let Some(body) = &op.body else {
        return (TokenStream::new(), TokenStream::new());
    };
    let required = body.required;
    let media = &body.media_type;
    let ty = type_tokens(&body.ty, Scope::Sibling);
    let unwrap = if required {
        quote! {
            let Some(body) = body else {
                return Err(#rt::Rejection::invalid(vec![
                    runtime::validate::Violation::new("body", "is required"),
                ]));
            };
        }
    } else {
        TokenStream::new()
    };
    let read_value = match body.kind {
        MediaKind::Form => {
            let fields = form_fields(api, &body.ty);
            quote!(let body_value = #rt::form_body(parts, bytes, #media, #required, &[#(#fields),*], &mut violations)?;)
        }
        MediaKind::Multipart => {
            let fields = form_fields(api, &body.ty);
            quote!(let body_value = #rt::multipart_body(parts, bytes, #media, #required, &[#(#fields),*], &mut violations).await?;)
        }
        _ => {
            quote!(let body_value = #rt::json_body(parts, bytes, #media, #required, &mut violations)?;)
        }
    };
    let (parse, finish) = match body.kind {
        MediaKind::Json | MediaKind::Form | MediaKind::Multipart => (
            quote! {
                #read_value
                if let Some(value) = &body_value {
                    <#ty as runtime::validate::Validate>::validate(value, "body", &mut violations);
                }
            },
            quote! {
                let body: Option<#ty> = match body_value {
                    Some(value) => Some(
                        ::serde_json::from_value(value).map_err(|err| #rt::Rejection::invalid(vec![
                            runtime::validate::Violation::new("body", err.to_string()),
                        ]))?,
                    ),
                    None => None,
                };
                #unwrap
            },
        ),
        MediaKind::Text => (
            quote!(let body = #rt::text_body(parts, bytes, #media, #required, &mut violations)?;),
            unwrap,
        ),
        MediaKind::Binary => (
            quote!(let body = #rt::bytes_body(bytes, #required, &mut violations);),
            unwrap,
        ),
    };
    (parse, finish)
}

/// How each property of a form body's struct is read from text.
fn form_fields(api: &Api, ty: &TypeRef) -> Vec<TokenStream> {
    field_kinds(api, ty)
        .into_iter()
        .map(|(wire, kind, array)| quote!((#wire, #kind, #array)))
        .collect()
}

/// Each property of a struct: its wire name, the kind of text it is read
/// from, and whether it is a list.
fn field_kinds<'a>(api: &'a Api, ty: &TypeRef) -> Vec<(&'a str, TokenStream, bool)> {
    let rt = rt();
    let TypeRef::Named(name) = ty else {
        return Vec::new();
    };
    let Some(crate::model::TypeKind::Struct(s)) = api.types.get(name).map(|t| &t.kind) else {
        return Vec::new();
    };
    s.fields
        .iter()
        .map(|field| {
            let (item, array) = match &field.ty {
                TypeRef::Vec(item) => (item.as_ref(), true),
                other => (other, false),
            };
            let scalar = match item {
                TypeRef::Named(n) => match api.types.get(n).map(|t| &t.kind) {
                    Some(crate::model::TypeKind::Constrained(c)) => c.inner.clone(),
                    Some(crate::model::TypeKind::Alias(inner)) => inner.clone(),
                    Some(crate::model::TypeKind::Enum(e)) if e.integer => TypeRef::I64,
                    Some(crate::model::TypeKind::Enum(_)) => TypeRef::String,
                    _ => item.clone(),
                },
                other => other.clone(),
            };
            let kind = match scalar {
                TypeRef::Bytes | TypeRef::File => quote!(#rt::FormKind::File),
                TypeRef::String => quote!(#rt::FormKind::Text),
                TypeRef::Bool => quote!(#rt::FormKind::Bool),
                t if t.is_integer() => quote!(#rt::FormKind::Integer),
                t if t.is_number() => quote!(#rt::FormKind::Number),
                _ => quote!(#rt::FormKind::Json),
            };
            (field.wire_name.as_str(), kind, array)
        })
        .collect()
}

/// The properties of an object parameter as the runtime reads them: wire
/// name and the kind of text each holds.
fn object_fields(api: &Api, ty: &TypeRef) -> Vec<TokenStream> {
    field_kinds(api, ty)
        .into_iter()
        .map(|(wire, kind, _)| quote!((#wire, #kind)))
        .collect()
}

/// The parameters struct: required ones through `new`, the others set.
fn build_params(op: &Operation) -> TokenStream {
    let params_ty = ident::ident(&op.params_struct_name());
    let non_path: Vec<&Parameter> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .collect();
    let required: Vec<&&Parameter> = non_path.iter().filter(|p| p.required).collect();
    let required_vars = required.iter().map(|p| param_var(p));
    let required_names: Vec<Ident> = required
        .iter()
        .map(|p| format_ident!("r_{}", p.rust_name.trim_start_matches("r#")))
        .collect();
    let sets = non_path.iter().filter(|p| !p.required).map(|p| {
        let var = param_var(p);
        let field = ident::ident(&p.rust_name);
        if p.is_optional() {
            quote!(params.#field = #var;)
        } else {
            quote!(if let Some(value) = #var { params.#field = value; })
        }
    });
    let unwrap = (!required.is_empty()).then(|| {
        quote! {
            let (#(Some(#required_names),)*) = (#(#required_vars,)*) else {
                return Err(runtime::server::Rejection::internal());
            };
        }
    });
    quote! {
        #unwrap
        let mut params = types::#params_ty::new(#(#required_names),*);
        #(#sets)*
    }
}

fn rules_code(op: &Operation) -> TokenStream {
    let rt = rt();
    if op.rules.is_empty() {
        return TokenStream::new();
    }
    let rules = op.rules.iter().map(rule_tokens);
    let view_sets = op.params.iter().map(|p| {
        let name = ident::ident(&p.rust_name);
        let (location, value) = match p.location {
            ParamLocation::Path => (quote!(Path), quote!(&#name)),
            ParamLocation::Query => (quote!(Query), quote!(&params.#name)),
            ParamLocation::Header => (quote!(Header), quote!(&params.#name)),
            ParamLocation::Cookie => (quote!(Cookie), quote!(&params.#name)),
        };
        let wire = &p.wire_name;
        quote!(view.set(ParamIn::#location, #wire, #value);)
    });
    let body = op.body.as_ref().map(|_| quote!(view.set_body(&body);));
    quote! {
        const RULES: &[#rt::Rule] = &[#(#rules),*];
        use #rt::ParamIn;
        let mut view = #rt::RequestView::default();
        #(#view_sets)*
        #body
        let mut violations = Vec::new();
        #rt::check_rules(&view.into_value(), RULES, &mut violations);
        if !violations.is_empty() {
            return Err(#rt::Rejection::invalid(violations));
        }
    }
}

fn rule_tokens(rule: &CrossFieldRule) -> TokenStream {
    let rt = rt();
    let (id, message) = (&rule.id, &rule.message);
    let test = |test: &RuleTest| match test {
        RuleTest::In(values) => quote!(#rt::Test::In(&[#(#values),*])),
        RuleTest::Present => quote!(#rt::Test::Present),
    };
    match &rule.kind {
        RuleKind::RequireAny(fields) => {
            quote!(#rt::Rule::RequireAny { id: #id, fields: &[#(#fields),*], message: #message })
        }
        RuleKind::Implies { when, then } => {
            let (when_field, when_test) = (&when.field, test(&when.test));
            let (then_field, then_test) = (&then.field, test(&then.test));
            quote!(#rt::Rule::Implies {
                id: #id,
                when: (#when_field, #when_test),
                then: (#then_field, #then_test),
                message: #message,
            })
        }
    }
}

fn response_arm(response: &crate::model::Response) -> TokenStream {
    let rt = rt();
    let variant = ident::ident(&response.variant_name);
    let has_body = response.body.is_some();
    let has_headers = response.headers_struct.is_some();
    let (pattern, status) = match response.status {
        StatusMatch::Code(code) => {
            let fields: Vec<TokenStream> = [
                has_body.then(|| quote!(body)),
                has_headers.then(|| quote!(headers)),
            ]
            .into_iter()
            .flatten()
            .collect();
            let pattern = if fields.is_empty() {
                quote!(Self::#variant)
            } else {
                quote!(Self::#variant(#(#fields),*))
            };
            let code = Literal::u16_unsuffixed(code);
            (pattern, quote!(#code))
        }
        StatusMatch::Range(_) | StatusMatch::Default => {
            let (low, high) = response.status.window();
            let (low, high) = (Literal::u16_unsuffixed(low), Literal::u16_unsuffixed(high));
            let body_field = has_body.then(|| quote!(body,));
            let headers_field = has_headers.then(|| quote!(headers,));
            let pattern = quote!(Self::#variant { status, #body_field #headers_field });
            (pattern, quote!(#rt::status_in(status, #low, #high)?))
        }
    };
    // The common cases have a helper each; the rest spell it out.
    let json = response
        .body
        .as_ref()
        .is_some_and(|b| b.kind == MediaKind::Json && b.media_type == "application/json");
    if !has_headers && json {
        return quote!(#pattern => #rt::json_response(#status, &body),);
    }
    if !has_headers && !has_body {
        return quote!(#pattern => #rt::empty_response(#status),);
    }
    let (content_type, encode) = match &response.body {
        Some(body) => {
            let media = &body.media_type;
            let encode = match body.kind {
                MediaKind::Json => quote!(#rt::to_json(&body)?),
                MediaKind::Form => quote!(#rt::to_form(&body)?),
                MediaKind::Text => quote!(body.into_bytes()),
                // Multipart responses are lowered as raw bytes.
                MediaKind::Binary | MediaKind::Multipart => quote!(body),
            };
            (quote!(Some(#media)), encode)
        }
        None => (quote!(None), quote!(Vec::new())),
    };
    let header_pairs = response.headers.iter().map(|h| {
        let wire = &h.wire_name;
        let field = ident::ident(&h.rust_name);
        quote!((#wire, &headers.#field))
    });
    let headers = quote!(&[#(#header_pairs),*]);
    quote!(#pattern => #rt::response(#status, #content_type, #encode, #headers),)
}
