//! A spec-first OpenAPI 3.0 code generator.
//!
//! The pipeline, one module per step:
//! [`load`] reads YAML or JSON into `openapiv3`, [`lower`] resolves and checks
//! it into the generator's own [`model`], [`emit`] turns the model into token
//! streams, and [`write`] prints them with prettyplease. Names are decided in
//! [`ident`]; every error is located ([`error`]).

pub mod diff;
pub mod emit;
pub mod error;
pub mod ident;
pub mod load;
pub mod lower;
pub mod model;
pub mod values;
pub mod write;

use std::sync::Arc;

pub use error::{Error, Location, Result};
pub use write::GeneratedFile;

/// One input spec: its name as the user gave it, its text, and where the
/// files it refers to are read from.
#[derive(Clone)]
pub struct SpecSource {
    pub path: String,
    pub text: String,
    pub files: Arc<dyn load::ReadFile>,
}

impl SpecSource {
    /// A spec whose referenced files are read from disk, relative to the
    /// current directory (as `path` is).
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SpecSource {
        SpecSource {
            path: path.into(),
            text: text.into(),
            files: Arc::new(load::Disk::current_dir()),
        }
    }

    /// Reads referenced files through `files` instead: another root
    /// directory, a git revision, memory.
    pub fn with_files(self, files: impl load::ReadFile + 'static) -> SpecSource {
        SpecSource {
            files: Arc::new(files),
            ..self
        }
    }
}

impl std::fmt::Debug for SpecSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpecSource")
            .field("path", &self.path)
            .field("text", &format_args!("{} bytes", self.text.len()))
            .finish_non_exhaustive()
    }
}

/// Settings for one generation run.
#[derive(Clone, Debug)]
pub struct Options {
    /// The command named in every header as the way to regenerate.
    pub regenerate_with: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            regenerate_with: "cargo xtask codegen".to_string(),
        }
    }
}

/// A standalone crate for one spec: `Cargo.toml` and `src/`, ready for
/// `cargo build` outside this project.
pub fn generate_crate(
    spec: &SpecSource,
    crate_name: &str,
    options: &Options,
) -> Result<Vec<GeneratedFile>> {
    let mut files = generate(std::slice::from_ref(spec), options)?;
    files.extend(write::runtime_crate());
    files.push(write::manifest(
        crate_name,
        &spec.path,
        &options.regenerate_with,
    ));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Whether `name` can be a Cargo package name.
pub fn is_valid_crate_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64
}

/// The module name of a spec: its file stem in snake case.
pub fn module_name(spec_path: &str) -> String {
    let file = spec_path.rsplit(['/', '\\']).next().unwrap_or(spec_path);
    let stem = file.split('.').next().unwrap_or(file);
    ident::snake(stem)
}

/// Loads and lowers one spec.
pub fn lower_spec(spec: &SpecSource) -> Result<model::Api> {
    lower_document(&load_spec(spec)?)
}

/// Reads one spec and the files it refers to into one document.
pub fn load_spec(spec: &SpecSource) -> Result<load::Document> {
    load::load(&spec.path, &spec.text, spec.files.as_ref())
}

/// Lowers a loaded spec into the model, with errors located in the file
/// they are in.
pub fn lower_document(doc: &load::Document) -> Result<model::Api> {
    lower::lower(doc, &module_name(&doc.file)).map_err(|err| doc.locate(err))
}

/// Generates the `src/` files of a crate with one module per spec. Nothing
/// is written: the caller decides, so a failing spec never leaves a
/// half-written tree behind.
pub fn generate(specs: &[SpecSource], options: &Options) -> Result<Vec<GeneratedFile>> {
    let mut apis: Vec<model::Api> = Vec::new();
    for spec in specs {
        let api = lower_spec(spec)?;
        if let Some(other) = apis.iter().find(|a| a.module == api.module) {
            return Err(Error::Invalid {
                at: Location {
                    file: spec.path.clone(),
                    pointer: "#".to_string(),
                    line_col: None,
                },
                message: format!(
                    "module name `{}` is already taken by {}",
                    api.module, other.source
                ),
            });
        }
        apis.push(api);
    }
    apis.sort_by(|a, b| a.module.cmp(&b.module));
    let mut files = Vec::new();
    files.push(write::render(
        emit::lib_file(&apis),
        &options.regenerate_with,
    )?);
    files.push(write::render(
        emit::mock_server_file(&apis),
        &options.regenerate_with,
    )?);
    files.push(write::render(
        emit::cli_index_file(&apis),
        &options.regenerate_with,
    )?);
    for api in &apis {
        for file in emit::api_files(api) {
            files.push(write::render(file, &options.regenerate_with)?);
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
