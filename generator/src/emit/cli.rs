//! The command-line caller of one API (`cli` feature): each operation's
//! arguments are read by the same parameter and body code the server uses,
//! so a value is written in the spec's own style and checked against the
//! spec's constraints, then sent through the generated client.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::server::{handler_args, read_fn_ident, route_path};
use crate::ident;
use crate::model::{Api, Operation, ParamLocation, TypeRef};

pub fn cli_file(api: &Api) -> TokenStream {
    let arms = api.operations.iter().map(operation_arm);
    let help = api.operations.iter().map(operation_help);
    let client = client_constructor(api);
    let module = &api.module;
    let doc = format!(
        " Every operation of `{}`, callable by its operationId.",
        api.source
    );
    let calls = (!api.operations.is_empty()).then(|| {
        quote! {
            use crate::runtime::cli::CallOutput;
            use super::server;
        }
    });
    quote! {
        #![doc = " The command-line caller: [`call`] an operation by its operationId."]
        use crate::runtime::cli::{CallArgs, CallError, Endpoint, OperationHelp};
        #calls

        #[doc = #doc]
        pub const OPERATIONS: &[OperationHelp] = &[#(#help),*];

        /// The module name, as the command line names the spec.
        pub const MODULE: &str = #module;

        #client

        /// Calls `operation_id` with `args` through `client`.
        #[allow(deprecated, unused_variables, unused_mut, clippy::needless_borrow)]
        pub async fn call(
            client: &super::Client,
            operation_id: &str,
            args: &CallArgs,
        ) -> Result<CallOutput, CallError> {
            let unknown = || CallError::Usage(format!("{operation_id:?} is not an operation of {MODULE}"));
            let operation = OPERATIONS.iter().find(|op| op.id == operation_id).ok_or_else(unknown)?;
            let mut parsed = args.to_request(operation)?;
            match operation_id {
                #(#arms)*
                _ => Err(unknown()),
            }
        }
    }
}

/// `client(&endpoint)`: the first server (or the caller's URL or region)
/// with the vendor's credentials from the environment, when the spec names
/// a signature.
fn client_constructor(api: &Api) -> TokenStream {
    let (template, variables) = match api.servers.first() {
        Some(server) => (
            server.url.clone(),
            server
                .variables
                .iter()
                .map(|(n, d)| quote!((#n, #d)))
                .collect::<Vec<_>>(),
        ),
        None => (String::new(), Vec::new()),
    };
    let credentials = super::client::env_credentials(api)
        .map(|(ty, _)| quote!(let client = client.with_credentials(#ty::from_env()?);));
    quote! {
        /// A client for `endpoint`, with credentials from the environment.
        pub fn client(endpoint: &Endpoint) -> Result<super::Client, CallError> {
            let url = endpoint.url(#template, &[#(#variables),*])?;
            let client = super::Client::new(&url)?;
            #credentials
            Ok(client)
        }
    }
}

fn operation_help(op: &Operation) -> TokenStream {
    let (id, method, path) = (&op.operation_id, op.http_method.as_str(), &op.path);
    let params = op.params.iter().map(|p| {
        let location = p.location.as_str();
        let (wire, required) = (&p.wire_name, p.required && !p.from_client);
        quote!((#location, #wire, #required))
    });
    let body = match &op.body {
        Some(body) => {
            let media = &body.media_type;
            quote!(Some(#media))
        }
        None => quote!(None),
    };
    quote! {
        OperationHelp { id: #id, method: #method, path: #path, params: &[#(#params),*], body: #body }
    }
}

fn operation_arm(op: &Operation) -> TokenStream {
    let id = &op.operation_id;
    let (_, path_keys) = route_path(op);
    // A path parameter the client fills (`project_id`): given on the
    // command line it is set on the client; else the client's own is used.
    let fills = path_keys
        .iter()
        .filter(|(i, _)| op.params[*i].from_client)
        .map(|(index, key)| {
            let param = &op.params[*index];
            let (wire, setter, getter) = (
                &param.wire_name,
                quote::format_ident!("with_{}", param.rust_name),
                ident::ident(&param.rust_name),
            );
            quote! {
                let client = &match parsed.given(#wire) {
                    Some(value) => client.clone().#setter(value),
                    None => client.clone(),
                };
                parsed.fill_path(#key, client.#getter()?);
            }
        });
    let read_fn = read_fn_ident(op);
    // An input named like a local of the arm is bound under another name.
    let bound = |name: &Ident| match ["client", "parsed", "response"].iter().any(|l| name == l) {
        true => format_ident!("{name}_"),
        false => name.clone(),
    };
    let input_names: Vec<Ident> = handler_args(op)
        .iter()
        .map(|(name, _)| bound(name))
        .collect();
    let method = ident::ident(&op.method_name);
    let call_args = op
        .params_in(ParamLocation::Path)
        .filter(|p| !p.from_client)
        .map(|p| {
            let name = bound(&ident::ident(&p.rust_name));
            quote!(&#name)
        })
        .chain(op.has_params_struct().then(|| quote!(&params)))
        .chain(op.body.as_ref().map(|body| {
            // The client borrows strings, lists and bytes as slices.
            let sliced = matches!(body.ty, TypeRef::String | TypeRef::Vec(_) | TypeRef::Bytes);
            match (body.required, sliced) {
                (true, _) => quote!(&body),
                (false, true) => quote!(body.as_deref()),
                (false, false) => quote!(body.as_ref()),
            }
        }));
    quote! {
        #id => {
            #(#fills)*
            // The server's own reading of parameters and body; a rejection
            // becomes a usage error naming every violation.
            let (#(#input_names,)*) = server::#read_fn(parsed.input())?;
            let response = client.#method(#(#call_args),*).await?;
            Ok(CallOutput::new(response))
        }
    }
}
