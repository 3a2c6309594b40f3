//! Emit: the model into token streams, one per output file. Plain functions
//! from the model to `TokenStream`; nothing here reads the OpenAPI document.

mod cli;
mod client;
mod decode;
mod docs;
mod errors;
mod mock;
mod operation_types;
mod server;
mod typeref;
mod types;
mod unions;
mod validate;
mod variant;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::model::Api;

/// A file of Rust code before printing, with the spec it comes from.
pub struct RustFile {
    /// Path relative to the crate's `src/`, `/`-separated.
    pub path: String,
    /// The spec file this was generated from, for the header.
    pub source: Option<String>,
    pub tokens: TokenStream,
}

/// The files of one API module: `mod.rs`, `types.rs`, `validation.rs`,
/// `client.rs`, `server.rs`, `mock.rs`, `cli.rs`.
pub fn api_files(api: &Api) -> Vec<RustFile> {
    let module = &api.module;
    let file = |name: &str, tokens| RustFile {
        path: format!("{module}/{name}"),
        source: Some(api.source.clone()),
        tokens,
    };
    vec![
        file("mod.rs", module_root(api)),
        file("types.rs", types::types_file(api)),
        file("validation.rs", validate::validation_file(api)),
        file("client.rs", client::client_file(api)),
        file("server.rs", server::server_file(api)),
        file("mock.rs", mock::mock_file(api)),
        file("cli.rs", cli::cli_file(api)),
    ]
}

fn module_root(api: &Api) -> TokenStream {
    let inner_docs = docs::inner_doc_attrs(&api.docs);
    let version = format!(" API version `{}`, from `{}`.", api.version, api.source);
    let not_generated = api.not_generated.iter().map(|note| {
        let line = format!(" Not generated: {note}.");
        quote! {
            #![doc = ""]
            #![doc = #line]
        }
    });
    quote! {
        #inner_docs
        #![doc = ""]
        #![doc = #version]
        #(#not_generated)*

        pub mod types;
        #[cfg(feature = "client")]
        pub mod client;
        #[cfg(feature = "server")]
        mod validation;
        #[cfg(feature = "server")]
        pub mod server;
        #[cfg(feature = "server")]
        pub mod mock;
        #[cfg(feature = "cli")]
        pub mod cli;

        pub use types::*;
        #[cfg(feature = "client")]
        pub use client::Client;
    }
}

/// `mock_server.rs`: every API's mock in one router.
pub fn mock_server_file(apis: &[Api]) -> RustFile {
    RustFile {
        path: "mock_server.rs".to_string(),
        source: None,
        tokens: mock::mock_server_file(apis),
    }
}

/// `cli.rs`: every API's command-line caller, by module name.
pub fn cli_index_file(apis: &[Api]) -> RustFile {
    let modules: Vec<_> = apis.iter().map(|api| ident::ident(&api.module)).collect();
    let sources = apis.iter().map(|api| &api.source);
    let tokens = quote! {
        #![doc = " Every API's command-line caller (`cargo xtask call`), by module name."]

        /// Each spec: its module name, its file, and its operations.
        pub const SPECS: &[(&str, &str, &[crate::runtime::cli::OperationHelp])] = &[
            #((super::#modules::cli::MODULE, #sources, super::#modules::cli::OPERATIONS)),*
        ];

        /// Calls `operation_id` of the spec whose module is `module`.
        pub async fn call(
            module: &str,
            operation_id: &str,
            args: &crate::runtime::cli::CallArgs,
        ) -> Result<crate::runtime::cli::CallOutput, crate::runtime::cli::CallError> {
            #(
                if module == super::#modules::cli::MODULE {
                    let client = super::#modules::cli::client(&args.endpoint)?;
                    return super::#modules::cli::call(&client, operation_id, args).await;
                }
            )*
            Err(crate::runtime::cli::CallError::Usage(format!("no spec has the module name {module:?}")))
        }
    };
    RustFile {
        path: "cli.rs".to_string(),
        source: None,
        tokens,
    }
}

/// `lib.rs`: the modules, each kept out of rustfmt's reach (prettyplease and
/// rustfmt disagree on details, and generated files are not hand-formatted).
pub fn lib_file(apis: &[Api]) -> RustFile {
    let modules = apis.iter().map(|api| {
        let name = ident::ident(&api.module);
        let doc = format!(" {} (`{}`).", api.title, api.source);
        quote! {
            #[doc = #doc]
            #[rustfmt::skip]
            pub mod #name;
        }
    });
    let tokens = quote! {
        #![doc = " Rust clients and server stubs generated from OpenAPI specs."]
        #![doc = ""]
        #![doc = " Each module is one spec. The `client` feature adds an async client per"]
        #![doc = " module; the `server` feature adds server stubs."]

        /// The runtime crate the generated modules lean on, re-exported so a
        /// consumer never has to match its version by hand.
        pub use spec_runtime as runtime;

        #(#modules)*

        /// Every API's mock in one router (`mock_server::start(0)`).
        #[cfg(feature = "server")]
        #[rustfmt::skip]
        pub mod mock_server;

        /// Every API's command-line caller (`cargo xtask call`).
        #[cfg(feature = "cli")]
        #[rustfmt::skip]
        pub mod cli;
    };
    RustFile {
        path: "lib.rs".to_string(),
        source: None,
        tokens,
    }
}

/// Whether `name` occurs in `tokens` as an identifier (followed by `::`
/// when `as_path`: a module).
pub(super) fn uses(tokens: &TokenStream, name: &str, as_path: bool) -> bool {
    use proc_macro2::TokenTree;
    // An identifier after `::` continues a path written in full
    // (`::axum::response::Response`), which needs no import.
    let mut after_path_separator = false;
    // The previous token was the first `:` of a `::`.
    let mut half_separator = false;
    let mut trees = tokens.clone().into_iter().peekable();
    while let Some(tree) = trees.next() {
        let colon = match &tree {
            TokenTree::Punct(p) if p.as_char() == ':' => Some(p.spacing()),
            _ => None,
        };
        match &tree {
            TokenTree::Ident(ident) if ident == name && !after_path_separator => {
                let followed_by_path =
                    matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                if !as_path || followed_by_path {
                    return true;
                }
            }
            TokenTree::Group(group) if uses(&group.stream(), name, as_path) => return true,
            _ => {}
        }
        after_path_separator = half_separator && colon.is_some();
        half_separator = colon == Some(proc_macro2::Spacing::Joint);
    }
    false
}

/// The `use` items of a sibling of `types.rs` (`client.rs`, `server.rs`,
/// `mock.rs`): the names it is written with, each only when it uses it
/// (intra-doc links keep full paths, so none depends on an import).
/// None can collide with a spec's names, which live in `types`.
fn sibling_imports(items: &TokenStream) -> TokenStream {
    // (name, whether it is used as a path, what to import)
    let candidates = [
        ("Future", false, quote!(std::future::Future)),
        ("Arc", false, quote!(std::sync::Arc)),
        ("Request", false, quote!(axum::extract::Request)),
        ("Response", false, quote!(axum::response::Response)),
        ("State", false, quote!(axum::extract::State)),
        ("MethodFilter", false, quote!(axum::routing::MethodFilter)),
        ("MethodRouter", false, quote!(axum::routing::MethodRouter)),
        ("on", false, quote!(axum::routing::on)),
        ("Reply", false, quote!(crate::runtime::server::Reply)),
        ("runtime", true, quote!(crate::runtime)),
        ("rt", true, quote!(crate::runtime::server as rt)),
        ("types", true, quote!(super::types)),
    ];
    let used = candidates
        .into_iter()
        .filter(|(name, as_path, _)| uses(items, name, *as_path))
        .map(|(_, _, import)| quote!(use #import;));
    quote!(#(#used)*)
}
