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
    Parameter, PathSegment, RuleField, RuleKind, RuleTest, TypeRef,
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
    let serve = serve_fn();
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
        #serve
        #(#handlers)*
    };
    let imports = super::sibling_imports(&items);
    // Readers take a required input with `.required()?`.
    let takes_required = api.operations.iter().any(|op| {
        op.params.iter().any(|p| p.required) || op.body.as_ref().is_some_and(|b| b.required)
    });
    let required = takes_required.then(|| {
        quote!(
            use crate::runtime::server::Required;
        )
    });
    quote! {
        #![doc = " Server stubs: implement [`Api`], then serve [`router`]."]
        #imports
        #required
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
    let inputs = handler_args(op);
    let request = ident::local(
        "request",
        &inputs.iter().map(|(name, _)| name).collect::<Vec<_>>(),
    );
    let args: Vec<_> = inputs.iter().map(|(name, ty)| quote!(#name: #ty)).collect();
    // `self` and the request context come first: past clippy's seven, the
    // spec decided the count, not us.
    let many = (args.len() + 2 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #route
        #many
        fn #name(&self, #request: #rt::RequestContext, #(#args),*)
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

/// The variable a parameter is read into: its own name, so a parameters
/// struct is built with field shorthand.
fn param_var(param: &Parameter) -> Ident {
    ident::ident(&param.rust_name)
}

/// Reads one parameter into `Option<T>` through the request's `Input`,
/// which records any violation. `T` is left to inference: each value flows
/// into a typed field, argument or the read function's return type.
fn parse_param(api: &Api, input: &Ident, param: &Parameter, path_key: Option<&str>) -> TokenStream {
    let var = param_var(param);
    let wire = &param.wire_name;
    let required = param.required;
    let key = path_key.unwrap_or_default();
    let explode = param.explode;
    if param.shape == ParamShape::Object && param.style != ParamStyle::DeepObject {
        let fields = object_fields(api, &param.ty);
        let fields = quote!(&[#(#fields),*]);
        let read = match param.location {
            ParamLocation::Path => quote!(#input.path_object(#key, #wire, #fields, #explode)),
            ParamLocation::Query => {
                quote!(#input.query_object(#wire, #fields, #explode, #required))
            }
            ParamLocation::Header => {
                quote!(#input.header_object(#wire, #fields, #explode, #required))
            }
            ParamLocation::Cookie => {
                quote!(#input.cookie_object(#wire, #fields, #explode, #required))
            }
        };
        return quote!(let #var = #read;);
    }
    if param.shape == ParamShape::Array {
        let item = param
            .array_item
            .as_ref()
            .map(|i| type_tokens(i, Scope::Sibling));
        let separator = param.style.separator();
        let read = match param.location {
            ParamLocation::Path => quote!(#input.path_array::<#item>(#key, #wire)),
            ParamLocation::Header => quote!(#input.header_array::<#item>(#wire, #required)),
            ParamLocation::Cookie => quote!(#input.cookie_array::<#item>(#wire, #required)),
            ParamLocation::Query => {
                quote!(#input.query_array::<#item>(#wire, #explode, #separator, #required))
            }
        };
        return checked_array(input, param, &var, read);
    }
    let read = match param.location {
        ParamLocation::Path => quote!(#input.path(#key, #wire)),
        ParamLocation::Query if param.json_content => quote!(#input.query_json(#wire, #required)),
        ParamLocation::Header if param.json_content => {
            quote!(#input.header_json(#wire, #required))
        }
        ParamLocation::Query if param.style == ParamStyle::DeepObject => {
            let fields = form_fields(api, &param.ty);
            quote!(#input.query_deep_object(#wire, &[#(#fields),*], #required))
        }
        ParamLocation::Query => quote!(#input.query(#wire, #required)),
        ParamLocation::Header => quote!(#input.header(#wire, #required)),
        ParamLocation::Cookie => quote!(#input.cookie(#wire, #required)),
    };
    quote!(let #var = #read;)
}

/// `read` gives the items as `Option<Vec<_>>`; a checked newtype over a
/// `Vec` (minItems and the like) then checks its own constraints.
fn checked_array(input: &Ident, param: &Parameter, var: &Ident, read: TokenStream) -> TokenStream {
    if matches!(param.ty, TypeRef::Vec(_)) {
        return quote!(let #var = #read;);
    }
    let location = format!("{}/{}", param.location.as_str(), param.wire_name);
    quote! {
        let #var = #read;
        let #var = #input.checked(#location, #var);
    }
}

/// The security alternatives' `(in, name)` pairs, and whether a body is
/// read: what the shared pipeline is told of the operation.
fn endpoint(op: &Operation, errors: &Ident) -> TokenStream {
    let rt = rt();
    let operation_id = &op.operation_id;
    let body = op.body.is_some().then(|| quote!(.with_body()));
    let credentials = (!op.security.is_empty()).then(|| {
        let alternatives = op.security.iter().map(|alternative| {
            let pairs = alternative.iter().map(|c| {
                let (location, name) = (c.location.as_str(), &c.name);
                quote!((#location, #name))
            });
            quote!(&[#(#pairs),*])
        });
        quote!(.with_credentials(&[#(#alternatives),*]))
    });
    quote!(#rt::Endpoint::new(#operation_id, #errors) #body #credentials)
}

/// The generic half of every handler, written once: credentials, then the
/// inputs `read` takes, then the service's answer through `call`.
fn serve_fn() -> TokenStream {
    let rt = rt();
    quote! {
        /// Answers one request: its credentials, then the inputs `read` takes,
        /// then the service's answer through `call`; a rejection anywhere is
        /// rendered in the operation's own error format.
        async fn serve<S: Api, I, R, F>(
            incoming: #rt::Incoming<S>,
            endpoint: #rt::Endpoint,
            read: fn(#rt::Input<'_>) -> Result<I, #rt::Rejection>,
            call: impl FnOnce(Arc<S>, #rt::RequestContext, I) -> F,
        ) -> Response
        where
            R: Reply + Send + 'static,
            F: Future<Output = R> + Send + 'static,
        {
            let #rt::Incoming { shared, path, request } = incoming;
            let answer = async {
                let (context, path) = #rt::receive(request, path, &endpoint, shared.config.body_limit).await?;
                // Credentials first, as a gateway checks them: a request that
                // is not authentic learns nothing about its parameters.
                shared.service.check_credentials(&context).await?;
                let inputs = read(#rt::Input::new(&path, &context.parts, &context.body))?;
                #rt::isolate(call(shared.service.clone(), context, inputs)).await?.reply()
            };
            answer.await.unwrap_or_else(|rejection| shared.service.render_rejection(&rejection, endpoint.errors))
        }
    }
}

fn handler(api: &Api, op: &Operation, errors: &Ident) -> TokenStream {
    let rt = rt();
    let name = handler_ident(op);
    let endpoint = endpoint(op, errors);
    let inputs = handler_args(op);
    let call_args: Vec<&Ident> = inputs.iter().map(|(name, _)| name).collect();
    let service = ident::local("service", &call_args);
    let context = ident::local("context", &call_args);
    let read_fn = read_fn_ident(op);
    let method = ident::ident(&op.method_name);
    let read = read_fn_tokens(api, op);
    let response_arms = op.responses.iter().map(response_arm);
    let responses = ident::ident(&op.responses_enum_name());
    // An operation without responses has an empty enum: nothing to match.
    let reply = if op.responses.is_empty() {
        quote!(match self {})
    } else {
        quote!(match self { #(#response_arms)* })
    };
    quote! {
        async fn #name<S: Api>(incoming: #rt::Incoming<S>) -> Response {
            let endpoint = #endpoint;
            serve(incoming, endpoint, #read_fn, |#service, #context, (#(#call_args,)*)| async move {
                #service.#method(#context, #(#call_args),*).await
            })
            .await
        }

        #read

        impl Reply for types::#responses {
            fn reply(self) -> Result<Response, #rt::Rejection> {
                #reply
            }
        }
    }
}

/// `read_<op>`: every parameter and the body through one `Input`, then the
/// typed inputs once no read found a violation.
fn read_fn_tokens(api: &Api, op: &Operation) -> TokenStream {
    let rt = rt();
    let (_, path_keys) = route_path(op);
    let vars: Vec<Ident> = op.params.iter().map(param_var).collect();
    let input = ident::local("input", &vars.iter().collect::<Vec<_>>());
    let reads = op.params.iter().enumerate().map(|(index, param)| {
        let key = path_keys
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, k)| k.as_str());
        parse_param(api, &input, param, key)
    });
    let read_body = read_body(api, &input, op);
    let inputs = handler_args(op);
    let input_types = inputs.iter().map(|(_, ty)| ty);
    let mut values: Vec<(Ident, TokenStream)> = op
        .params_in(ParamLocation::Path)
        .map(|p| {
            let name = param_var(p);
            (name.clone(), quote!(#name.required()?))
        })
        .collect();
    let build_params = op.has_params_struct().then(|| {
        values.push((format_ident!("params"), quote!(params)));
        build_params(op)
    });
    if let Some(body) = &op.body {
        let value = if body.required {
            quote!(body.required()?)
        } else {
            quote!(body)
        };
        values.push((format_ident!("body"), value));
    }
    // Rules see the typed values, so those are bound first.
    let (bind, result) = if op.rules.is_empty() {
        let exprs = values.iter().map(|(_, expr)| expr);
        (TokenStream::new(), quote!(Ok((#(#exprs,)*))))
    } else {
        let binds = values
            .iter()
            .filter(|(name, _)| name != "params")
            .map(|(name, expr)| quote!(let #name = #expr;));
        let names = values.iter().map(|(name, _)| name);
        let rules = rules_code(op);
        (quote!(#(#binds)* #rules), quote!(Ok((#(#names,)*))))
    };
    let read_fn = read_fn_ident(op);
    let allow = op
        .has_deprecated_params_field()
        .then(|| quote!(#[allow(deprecated)]));
    let input_arg = if op.params.is_empty() && op.body.is_none() {
        quote!(#input)
    } else {
        quote!(mut #input)
    };
    let doc = format!(
        " Reads `{}`'s typed inputs, checking every constraint; also",
        op.operation_id
    );
    quote! {
        #[doc = #doc]
        /// the command-line caller's reading of its arguments.
        #allow
        pub(crate) fn #read_fn(#input_arg: #rt::Input<'_>) -> Result<(#(#input_types,)*), #rt::Rejection> {
            #(#reads)*
            #read_body
            #input.finish()?;
            #build_params
            #bind
            #result
        }
    }
}

/// Reading the body (read by `rt::receive`, within the size limit) by its
/// media type: checked against the schema, then decoded.
fn read_body(api: &Api, input: &Ident, op: &Operation) -> TokenStream {
    let Some(body) = &op.body else {
        return TokenStream::new();
    };
    let required = body.required;
    let media = &body.media_type;
    let read = match body.kind {
        MediaKind::Json => quote!(#input.json_body(#media, #required)?),
        MediaKind::Form => {
            let fields = form_fields(api, &body.ty);
            quote!(#input.form_body(#media, #required, &[#(#fields),*])?)
        }
        MediaKind::Multipart => {
            let fields = form_fields(api, &body.ty);
            quote!(#input.multipart_body(#media, #required, &[#(#fields),*])?)
        }
        MediaKind::Text => quote!(#input.text_body(#media, #required)?),
        MediaKind::Binary => quote!(#input.bytes_body(#required)),
    };
    quote!(let body = #read;)
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

/// The parameters struct, field by field: a required one is there after
/// `finish`, one with a spec default takes it when absent.
fn build_params(op: &Operation) -> TokenStream {
    let params_ty = ident::ident(&op.params_struct_name());
    let fields = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let field = param_var(p);
            if p.required {
                quote!(#field: #field.required()?)
            } else if p.is_optional() {
                quote!(#field)
            } else {
                let default_fn = format_ident!("default_{}", p.rust_name.trim_start_matches("r#"));
                quote!(#field: #field.unwrap_or_else(types::#params_ty::#default_fn))
            }
        });
    quote! {
        let params = types::#params_ty { #(#fields),* };
    }
}

fn rules_code(op: &Operation) -> TokenStream {
    let rt = rt();
    if op.rules.is_empty() {
        return TokenStream::new();
    }
    let rules = op.rules.iter().map(rule_tokens);
    // The view holds only what some rule reads.
    let read: Vec<&RuleField> = op.rules.iter().flat_map(CrossFieldRule::fields).collect();
    let view_sets = op
        .params
        .iter()
        .filter(|p| read.iter().any(|field| field.is_param(p)))
        .map(|p| {
            let name = ident::ident(&p.rust_name);
            let (location, value) = match p.location {
                ParamLocation::Path => (quote!(Path), quote!(&#name)),
                ParamLocation::Query => (quote!(Query), quote!(&params.#name)),
                ParamLocation::Header => (quote!(Header), quote!(&params.#name)),
                ParamLocation::Cookie => (quote!(Cookie), quote!(&params.#name)),
            };
            let wire = &p.wire_name;
            quote!(view.set(ParamIn::#location, #wire, #value);)
        })
        .collect::<Vec<_>>();
    let use_param_in = (!view_sets.is_empty()).then(|| quote!(use #rt::ParamIn;));
    let body = read
        .iter()
        .any(|field| matches!(field, RuleField::Body(_)))
        .then(|| quote!(view.set_body(&body);));
    quote! {
        const RULES: &[#rt::Rule] = &[#(#rules),*];
        #use_param_in
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
            let fields = fields.iter().map(ToString::to_string);
            quote!(#rt::Rule::RequireAny { id: #id, fields: &[#(#fields),*], message: #message })
        }
        RuleKind::Implies { when, then } => {
            let (when_field, when_test) = (when.field.to_string(), test(&when.test));
            let (then_field, then_test) = (then.field.to_string(), test(&then.test));
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
    let pattern = super::variant::variant(
        response,
        quote!(Self::#variant),
        quote!(status),
        has_body.then(|| quote!(body)),
        has_headers.then(|| quote!(headers)),
    );
    let (low, high) = response.status.window();
    let (low, high) = (Literal::u16_unsuffixed(low), Literal::u16_unsuffixed(high));
    let (status, window) = if response.carries_status() {
        (
            quote!(#rt::status_in(status, #low, #high)?),
            Some(quote!(status, #low, #high)),
        )
    } else {
        (quote!(#low), None)
    };
    // The common cases have a helper each; the rest spell it out.
    let json = response
        .body
        .as_ref()
        .is_some_and(|b| b.kind == MediaKind::Json && b.media_type == "application/json");
    match (has_headers, json, has_body, window) {
        (false, true, _, None) => return quote!(#pattern => #rt::json_response(#status, &body),),
        (false, true, _, Some(window)) => return quote!(#pattern => #rt::json_in(#window, &body),),
        (false, _, false, None) => return quote!(#pattern => #rt::empty_response(#status),),
        (false, _, false, Some(window)) => return quote!(#pattern => #rt::empty_in(#window),),
        _ => {}
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
