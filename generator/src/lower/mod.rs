//! Lower: `openapiv3::OpenAPI` into the generator's model. Resolves every
//! `$ref`, chooses every name (through `ident`) and checks the rules that
//! emission relies on, so `emit` never sees a dangling reference or a clash.

mod compose;
mod cycles;
mod names;
mod operation;
mod refs;
mod responses;
pub(crate) mod rules;
mod schema;

use std::collections::{BTreeMap, HashMap};

use openapiv3::OpenAPI;

use crate::error::{Error, Location, Result};
use crate::ident;
use crate::load::{escape_pointer_token, Document};
use crate::model::{Api, Docs, Server, TypeDef, TypeRef};
use names::Namespace;

/// Everything lowering one document needs, passed as one value instead of
/// long argument lists.
pub(crate) struct Context<'a> {
    pub doc: &'a Document,
    pub spec: &'a OpenAPI,
    pub types: BTreeMap<String, TypeDef>,
    /// Rust type names taken so far, with where each came from.
    pub type_names: Namespace,
    /// Component schema name to the Rust name chosen for it.
    pub component_types: HashMap<String, String>,
    /// Component response name to the headers struct emitted for it.
    pub response_headers: HashMap<String, String>,
    /// Every example seen, with the type it must fit and where it stands;
    /// checked once all types are known.
    pub examples: Vec<(TypeRef, serde_json::Value, Pointer)>,
    /// See [`Api::string_formats`](crate::model::Api::string_formats).
    pub string_formats: BTreeMap<(String, String), String>,
}

impl Context<'_> {
    pub fn at(&self, pointer: &Pointer) -> Location {
        self.doc.location(pointer.as_str())
    }

    pub fn invalid(&self, pointer: &Pointer, message: impl Into<String>) -> Error {
        Error::Invalid {
            at: self.at(pointer),
            message: message.into(),
        }
    }

    pub fn unsupported(&self, pointer: &Pointer, what: impl Into<String>) -> Error {
        Error::Unsupported {
            at: self.at(pointer),
            what: what.into(),
        }
    }
}

/// A JSON pointer under construction, `#/paths/~1a/get`.
#[derive(Clone, Debug)]
pub(crate) struct Pointer(String);

impl Pointer {
    pub fn root() -> Pointer {
        Pointer("#".to_string())
    }

    pub fn from_ref(reference: &str) -> Pointer {
        Pointer(reference.to_string())
    }

    pub fn join(&self, token: impl AsRef<str>) -> Pointer {
        Pointer(format!(
            "{}/{}",
            self.0,
            escape_pointer_token(token.as_ref())
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A spec example that does not fit its own schema is a spec bug: the
/// mock would answer with it and clients would be taught the wrong shape.
fn check_examples(cx: &Context) -> Result<()> {
    for (ty, example, at) in &cx.examples {
        let problems = crate::values::check_shape(&cx.types, ty, example);
        if !problems.is_empty() {
            return Err(cx.invalid(
                at,
                format!(
                    "the example does not conform to its schema: {}",
                    problems.join("; ")
                ),
            ));
        }
    }
    Ok(())
}

/// Lowers one loaded document into the model of its API.
pub fn lower(doc: &Document, module: &str) -> Result<Api> {
    let spec = &doc.spec;
    let mut cx = Context {
        doc,
        spec,
        types: BTreeMap::new(),
        type_names: Namespace::reserving(ident::PRELUDE_NAMES),
        component_types: HashMap::new(),
        response_headers: HashMap::new(),
        examples: Vec::new(),
        string_formats: BTreeMap::new(),
    };
    schema::lower_components(&mut cx)?;
    let operations = operation::lower_operations(&mut cx)?;
    schema::prune_defaults(&mut cx);
    cycles::box_recursive_edges(&mut cx.types);
    check_examples(&cx)?;
    let servers = spec
        .servers
        .iter()
        .map(|server| Server {
            url: server.url.clone(),
            description: server.description.clone(),
            variables: server
                .variables
                .iter()
                .flatten()
                .map(|(name, var)| (name.clone(), var.default.clone()))
                .collect(),
        })
        .collect();
    Ok(Api {
        module: module.to_string(),
        source: doc.file.clone(),
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        docs: Docs {
            summary: Some(spec.info.title.clone()),
            description: spec.info.description.clone(),
            example: None,
        },
        servers,
        types: cx.types,
        operations,
        not_generated: doc.notes.clone(),
        string_formats: cx.string_formats,
    })
}
