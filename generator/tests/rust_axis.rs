//! spec-diff's second axis, checked by the compiler: for each spec edit,
//! code written against the crate generated from the old spec is compiled
//! against the crate generated from the new one. It must compile exactly
//! when spec-diff calls every finding source-compatible.
//!
//! When `cargo-semver-checks` is installed, it is asked the same question
//! of the two crates and must agree. It takes minutes to build from
//! crates.io, so CI runs the compile check only.

use std::path::{Path, PathBuf};
use std::process::Command;

const OLD: &str = r#"openapi: 3.0.3
info: {title: Things, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name: {type: string, maxLength: 10}
        state: {type: string, enum: [new, done]}
"#;

/// What a user of the old crate writes: a struct literal, an exhaustive
/// match on an enum, and an implementation of the server trait.
const CONSUMER: &str = r#"
use axis_api::things::types::{CreateThingResponses, Thing, ThingName, ThingState};

pub fn build() -> Thing {
    Thing {
        name: ThingName::new("a").unwrap(),
        state: None,
    }
}

pub fn read(state: &ThingState) -> u8 {
    match state {
        ThingState::New => 0,
        ThingState::Done => 1,
        ThingState::Unknown(_) => 2,
    }
}

pub struct Service;

impl axis_api::things::server::Api for Service {
    async fn create_thing(
        &self,
        _request: axis_api::runtime::server::RequestContext,
        body: Thing,
    ) -> CreateThingResponses {
        CreateThingResponses::Ok(body)
    }
}
"#;

/// (case, edits to the old spec, whether old code still compiles): the
/// last is what the generated API is designed to do, so the check cannot
/// pass with both sides wrong in the same way.
type Case = (&'static str, &'static [(&'static str, &'static str)], bool);

const CASES: &[Case] = &[
    (
        "description_only",
        &[("title: Things,", "title: Things, description: Now documented.,")],
        true,
    ),
    ("max_length_raised", &[("maxLength: 10", "maxLength: 20")], true),
    (
        "optional_property_added",
        &[("        state:", "        note: {type: string}\n        state:")],
        false,
    ),
    (
        "property_became_required",
        &[("required: [name]", "required: [name, state]")],
        false,
    ),
    (
        "enum_value_added",
        &[("enum: [new, done]", "enum: [new, done, archived]")],
        false,
    ),
    (
        "operation_added",
        &[(
            "components:\n",
            "  /things/{id}:\n    delete:\n      operationId: deleteThing\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '204': {description: gone}\ncomponents:\n",
        )],
        false,
    ),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Writes the crate generated from `spec` to `dir`, named `axis-api`.
fn write_crate(spec: &str, dir: &Path) {
    let source = generator::SpecSource::new("things.yaml", spec);
    let files = generator::generate_crate(&source, "axis-api", &generator::Options::default())
        .unwrap_or_else(|e| panic!("{e}\n{spec}"));
    let _ = std::fs::remove_dir_all(dir);
    for file in files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.contents).unwrap();
    }
}

/// Whether the consumer compiles against the crate in `api`; the
/// compiler's complaint when it does not.
fn consumer_compiles(api: &Path, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"consumer\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [workspace]\n\n[dependencies]\naxis-api = {{ path = {:?}, features = [\"cli\"] }}\n",
            api.to_string_lossy()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), CONSUMER).unwrap();
    // The workspace's lock pins the versions it already built, so this
    // runs offline, sharing the corpus test's target directory.
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet", "--message-format", "short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/corpus-target"))
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// `cargo semver-checks` on the two crates, when it is installed:
/// `Some(true)` when it finds no breaking change.
fn semver_checks(old: &Path, new: &Path) -> Option<bool> {
    let installed = Command::new(env!("CARGO"))
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        return None;
    }
    let output = Command::new(env!("CARGO"))
        // Named with -p: the crate is `publish = false`, which it skips
        // otherwise.
        .args(["semver-checks", "check-release", "-p", "axis-api"])
        .args(["--all-features", "--baseline-root"])
        .arg(old)
        .arg("--manifest-path")
        .arg(new.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/semver-checks-target"),
        )
        .output()
        .unwrap();
    Some(output.status.success())
}

#[test]
fn spec_diff_says_source_breaking_exactly_when_old_code_stops_compiling() {
    let work = root().join("target/rust-axis");
    let old = work.join("old");
    write_crate(OLD, &old);
    consumer_compiles(&old, &work.join("consumer-old"))
        .unwrap_or_else(|e| panic!("the consumer must compile against the old crate:\n{e}"));
    let old_api = generator::lower_spec(&generator::SpecSource::new("things.yaml", OLD)).unwrap();

    let mut semver_note = "cargo-semver-checks is not installed: compile check only";
    for (case, edits, still_compiles) in CASES {
        let mut spec = OLD.to_string();
        for (from, to) in *edits {
            assert!(spec.contains(from), "{case}: no {from:?}");
            spec = spec.replacen(from, to, 1);
        }
        let new_api =
            generator::lower_spec(&generator::SpecSource::new("things.yaml", &spec)).unwrap();
        let findings = generator::diff::diff(&old_api, &new_api);
        let claimed_compatible = findings.iter().all(|f| !f.rust.source_breaking);

        let new = work.join(case);
        write_crate(&spec, &new);
        let compiled = consumer_compiles(&new, &work.join(format!("consumer-{case}")));
        assert_eq!(
            compiled.is_ok(),
            claimed_compatible,
            "{case}: spec-diff says source-{}, but the old consumer {}:\n{findings:#?}\n{}",
            if claimed_compatible {
                "compatible"
            } else {
                "breaking"
            },
            if compiled.is_ok() {
                "compiles"
            } else {
                "does not compile"
            },
            compiled.as_ref().err().map_or("", String::as_str)
        );
        assert_eq!(compiled.is_ok(), *still_compiles, "{case}");
        if let Some(semver_ok) = semver_checks(&old, &new) {
            semver_note = "cargo-semver-checks agreed on every case";
            assert_eq!(
                semver_ok, claimed_compatible,
                "{case}: cargo-semver-checks disagrees with spec-diff:\n{findings:#?}"
            );
        }
    }
    eprintln!("{semver_note}");
}
