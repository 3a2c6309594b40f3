//! `cargo xtask spec-diff`: what a spec change breaks, on the wire and in
//! the generated Rust API.
//!
//!     cargo xtask spec-diff OLD NEW [options]
//!     cargo xtask spec-diff --base GIT_REV [options]   # specs/ at REV vs the working tree
//!
//! Options: --format text|markdown|json|github, --fail-on breaking|warning|info,
//! --level RULE=LEVEL (repeatable), --ignore FILE (accepted findings),
//! --config FILE (levels and accepted findings; `spec-diff.toml` in the
//! current directory is read when present).
//! Exit status: 1 when a finding is at or above --fail-on, 0 otherwise,
//! 2 on bad input.

mod config;

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::diff::{self, Finding, Level, Policy};

pub const USAGE: &str =
    "cargo xtask spec-diff (OLD NEW | --base GIT_REV) [--format text|markdown|json|github] \
[--fail-on breaking|warning|info] [--level RULE=LEVEL]... [--ignore FILE] [--config FILE]";

#[derive(Clone, Copy)]
enum Format {
    Text,
    Markdown,
    Json,
    /// GitHub Actions workflow commands: annotations on the changed lines.
    Github,
}

struct Args {
    files: Vec<String>,
    base: Option<String>,
    format: Format,
    /// From --fail-on; else the config's; else breaking.
    fail_on: Option<Level>,
    /// From the flags; applied after the config's, so they win.
    policy: Policy,
    config: Option<String>,
}

/// Bad input: exit status 2.
pub struct BadInput(pub String);

fn parse(args: &[&str]) -> Result<Args, BadInput> {
    let bad = |m: String| BadInput(m);
    let mut parsed = Args {
        files: Vec::new(),
        base: None,
        format: Format::Text,
        fail_on: None,
        policy: Policy::default(),
        config: None,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |flag: &str| {
            rest.next()
                .copied()
                .ok_or_else(|| bad(format!("{flag} needs a value")))
        };
        match *arg {
            "--base" => parsed.base = Some(value("--base")?.to_string()),
            "--format" => {
                parsed.format = match value("--format")? {
                    "text" => Format::Text,
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    "github" => Format::Github,
                    other => {
                        return Err(bad(format!(
                            "--format {other:?}: expected text, markdown, json or github"
                        )))
                    }
                }
            }
            "--fail-on" => {
                let level = value("--fail-on")?;
                parsed.fail_on = Some(Level::parse(level).ok_or_else(|| {
                    bad(format!(
                        "--fail-on {level:?}: expected breaking, warning or info"
                    ))
                })?);
            }
            "--level" => {
                let spec = value("--level")?;
                let (rule, level) = spec
                    .split_once('=')
                    .ok_or_else(|| bad(format!("--level {spec:?}: expected RULE=LEVEL")))?;
                let level = Level::parse(level).ok_or_else(|| {
                    bad(format!(
                        "--level {spec:?}: the level is breaking, warning or info"
                    ))
                })?;
                parsed.policy.levels.push((rule.to_string(), level));
            }
            "--config" => parsed.config = Some(value("--config")?.to_string()),
            "--ignore" => {
                let path = value("--ignore")?;
                let text =
                    std::fs::read_to_string(path).map_err(|e| bad(format!("{path}: {e}")))?;
                parsed
                    .policy
                    .parse_ignore_file(&text)
                    .map_err(|e| bad(format!("{path}: {e}")))?;
            }
            flag if flag.starts_with("--") => return Err(bad(format!("unknown option {flag}"))),
            file => parsed.files.push(file.to_string()),
        }
    }
    match (&parsed.base, parsed.files.len()) {
        (Some(_), 0) | (None, 2) => Ok(parsed),
        (Some(_), _) => Err(bad(
            "--base compares specs/ with the working tree; give no files".to_string(),
        )),
        (None, _) => Err(bad(
            "give OLD and NEW spec files, or --base GIT_REV".to_string()
        )),
    }
}

/// An API with nothing in it, for a spec file added or deleted.
const EMPTY_SPEC: &str = "openapi: 3.0.3\ninfo: {title: none, version: '0'}\npaths: {}\n";

/// One version of a spec: its root file and where the files it refers to
/// are read from.
struct Version {
    source: generator::SpecSource,
}

impl Version {
    fn on_disk(path: &str, text: &str, root: &Path) -> Version {
        Version {
            source: generator::SpecSource::new(path, text).with_files(generator::load::Disk {
                root: root.to_path_buf(),
            }),
        }
    }

    fn at_revision(path: &str, text: &str, root: &Path, rev: &str) -> Version {
        Version {
            source: generator::SpecSource::new(path, text).with_files(GitFiles {
                root: root.to_path_buf(),
                rev: rev.to_string(),
            }),
        }
    }

    /// A spec file added or deleted compares against an empty API.
    fn empty(path: &str) -> Version {
        Version {
            source: generator::SpecSource::new(path, EMPTY_SPEC)
                .with_files(generator::load::InMemory::default()),
        }
    }
}

/// Files as they were at a git revision, for references from an old spec.
struct GitFiles {
    root: PathBuf,
    rev: String,
}

impl generator::load::ReadFile for GitFiles {
    fn read(&self, path: &str) -> std::io::Result<String> {
        git(&self.root, &["show", &format!("{}:{path}", self.rev)])
            .map_err(|BadInput(message)| std::io::Error::other(message))
    }
}

fn load(version: &Version) -> Result<(generator::load::Document, generator::model::Api), BadInput> {
    let doc = generator::load_spec(&version.source).map_err(|e| BadInput(e.to_string()))?;
    let api = generator::lower_document(&doc).map_err(|e| BadInput(e.to_string()))?;
    Ok((doc, api))
}

fn compare(old: &Version, new: &Version) -> Result<Vec<Finding>, BadInput> {
    let (old_doc, old) = load(old)?;
    let (new_doc, new) = load(new)?;
    let mut findings = diff::diff(&old, &new);
    diff::locate(&mut findings, &old_doc.sources, &new_doc.sources);
    Ok(findings)
}

fn git(root: &Path, args: &[&str]) -> Result<String, BadInput> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| BadInput(format!("could not run git: {e}")))?;
    if !output.status.success() {
        return Err(BadInput(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| BadInput(format!("git {}: output is not UTF-8", args.join(" "))))
}

fn against_base(root: &Path, rev: &str) -> Result<Vec<Finding>, BadInput> {
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| BadInput(format!("{rev:?} is not a commit in this repository")))?;
    let listed = git(root, &["ls-tree", "--name-only", rev, "--", "specs/"])?;
    let is_spec = |p: &str| p.ends_with(".yaml") || p.ends_with(".yml") || p.ends_with(".json");
    let old_files: Vec<String> = listed
        .lines()
        .filter(|p| is_spec(p))
        .map(str::to_string)
        .collect();
    let current = crate::codegen::read_specs(root).map_err(|e| BadInput(e.to_string()))?;
    let mut names: Vec<String> = old_files
        .iter()
        .cloned()
        .chain(current.iter().map(|s| s.path.clone()))
        .collect();
    names.sort();
    names.dedup();
    let mut findings = Vec::new();
    for name in names {
        let old = if old_files.contains(&name) {
            let text = git(root, &["show", &format!("{rev}:{name}")])?;
            Version::at_revision(&name, &text, root, rev)
        } else {
            Version::empty(&name)
        };
        let new = match current.iter().find(|s| s.path == name) {
            Some(spec) => Version {
                source: spec.clone(),
            },
            None => Version::empty(&name),
        };
        let mut found = compare(&old, &new).map_err(|BadInput(message)| {
            BadInput(format!(
                "comparing {name} at {rev} with the working tree: {message}"
            ))
        })?;
        // The old side is read from the revision; say so where it is shown.
        for site in found.iter_mut().filter_map(|f| f.old.as_mut()) {
            site.revision = Some(rev.to_string());
        }
        findings.extend(found);
    }
    Ok(findings)
}

/// Runs the command; the exit status is 0, 1 (a finding at or above
/// --fail-on) or 2 (bad input). The usage text follows an error only when
/// the error is about the arguments.
pub fn run(args: &[&str]) -> u8 {
    let args = match parse(args) {
        Ok(args) => args,
        Err(BadInput(message)) => {
            eprintln!("error: {message}\nusage: {USAGE}");
            return 2;
        }
    };
    match findings(&args).and_then(|found| Ok((found, settings(&args)?))) {
        Ok((findings, (policy, fail_on))) => {
            let findings = args.policy.apply(policy.apply(findings));
            let rendered = match args.format {
                Format::Text => diff::render_text(&findings),
                Format::Markdown => diff::render_markdown(&findings),
                Format::Json => diff::render_json(&findings),
                Format::Github => diff::render_github(&findings),
            };
            print!("{rendered}");
            if !rendered.ends_with('\n') {
                println!();
            }
            let fail_on = args.fail_on.or(fail_on).unwrap_or(Level::Breaking);
            u8::from(findings.iter().any(|f| f.level >= fail_on))
        }
        Err(BadInput(message)) => {
            eprintln!("error: {message}");
            2
        }
    }
}

/// The config file's policy and threshold: the file --config names, else
/// `spec-diff.toml` in the current directory when there is one.
fn settings(args: &Args) -> Result<(Policy, Option<Level>), BadInput> {
    let path = match &args.config {
        Some(path) => PathBuf::from(path),
        None if Path::new(config::DEFAULT_FILE).is_file() => PathBuf::from(config::DEFAULT_FILE),
        None => return Ok((Policy::default(), None)),
    };
    let config = config::Config::read(&path).map_err(BadInput)?;
    Ok((config.policy(), config.fail_on))
}

fn findings(args: &Args) -> Result<Vec<Finding>, BadInput> {
    let mut findings = match &args.base {
        Some(rev) => against_base(&crate::codegen::project_root(), rev)?,
        None => {
            let read =
                |p: &str| std::fs::read_to_string(p).map_err(|e| BadInput(format!("{p}: {e}")));
            let (old, new) = (read(&args.files[0])?, read(&args.files[1])?);
            let here = Path::new(".");
            compare(
                &Version::on_disk(&args.files[0], &old, here),
                &Version::on_disk(&args.files[1], &new, here),
            )?
        }
    };
    // Sites under the current directory are shown relative to it.
    if let Ok(cwd) = std::env::current_dir() {
        for site in findings
            .iter_mut()
            .flat_map(|f| [f.old.as_mut(), f.new.as_mut()])
            .flatten()
        {
            if let Ok(relative) = Path::new(&site.file).strip_prefix(&cwd) {
                site.file = relative.to_string_lossy().into_owned();
            }
        }
    }
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use generator::load::ReadFile;

    #[test]
    fn files_are_read_as_they_were_at_the_revision() {
        let dir = std::env::temp_dir().join(format!("spec-diff-git-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("specs/schemas")).unwrap();
        let run = |args: &[&str]| {
            let status = Command::new("git")
                .args(args)
                .current_dir(&dir)
                .output()
                .unwrap();
            assert!(status.status.success(), "git {args:?}: {status:?}");
        };
        run(&["init", "-q"]);
        std::fs::write(dir.join("specs/schemas/pet.yaml"), "Pet: {type: object}\n").unwrap();
        run(&["add", "."]);
        run(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "first",
        ]);
        std::fs::write(dir.join("specs/schemas/pet.yaml"), "Pet: {type: string}\n").unwrap();
        let files = GitFiles {
            root: dir.clone(),
            rev: "HEAD".to_string(),
        };
        assert_eq!(
            files.read("specs/schemas/pet.yaml").unwrap(),
            "Pet: {type: object}\n"
        );
        let missing = files.read("specs/schemas/none.yaml").unwrap_err();
        assert!(missing.to_string().contains("none.yaml"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
