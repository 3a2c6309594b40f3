//! Operation-level comparison: endpoints, parameters, request bodies,
//! responses, security and cross-field rules, matched by what identifies
//! them on the wire (rules by their id).

use super::schemas::{show, Compare, Direction, Place, Role};
use super::{Finding, Level, RustEffect, Site};
use crate::model::{
    Api, Credential, CrossFieldRule, Operation, ParamLocation, Parameter, PathSegment, Response,
    RuleKind, RuleTest, StatusMatch,
};

/// An operation's identity on the wire: its method and its path with the
/// parameter names left out (renaming `{id}` changes nothing on the wire).
fn wire_key(op: &Operation) -> (String, String) {
    let path: String = op
        .path_segments
        .iter()
        .map(|s| match s {
            PathSegment::Literal(text) => text.clone(),
            PathSegment::Param(_) => "{}".to_string(),
        })
        .collect();
    (op.http_method.as_str().to_string(), path)
}

fn endpoint(op: &Operation) -> String {
    format!("{} {}", op.http_method.as_str(), op.path)
}

fn rust(source_breaking: bool, note: impl Into<String>) -> RustEffect {
    RustEffect {
        source_breaking,
        note: note.into(),
    }
}

pub fn compare(old: &Api, new: &Api) -> Vec<Finding> {
    let mut findings = Vec::new();
    for old_op in &old.operations {
        match new
            .operations
            .iter()
            .find(|n| wire_key(n) == wire_key(old_op))
        {
            Some(new_op) => operation(old, new, old_op, new_op, &mut findings),
            None => {
                let (rule, level) = if old_op.deprecated {
                    ("api-removed-with-deprecation", Level::Info)
                } else {
                    ("api-removed-without-deprecation", Level::Breaking)
                };
                findings.push(Finding {
                    rule: rule.to_string(),
                    level,
                    endpoint: endpoint(old_op),
                    message: format!("operation `{}` removed", old_op.operation_id),
                    change: format!("operation `{}` removed", old_op.operation_id),
                    old: Some(Site::from(&old_op.at)),
                    new: None,
                    rust: rust(true, format!("method `{}` is removed", old_op.method_name)),
                });
            }
        }
    }
    for new_op in new
        .operations
        .iter()
        .filter(|n| !old.operations.iter().any(|o| wire_key(o) == wire_key(n)))
    {
        findings.push(Finding {
            rule: "endpoint-added".to_string(),
            level: Level::Info,
            endpoint: endpoint(new_op),
            message: format!("operation `{}` added", new_op.operation_id),
            change: format!("operation `{}` added", new_op.operation_id),
            old: None,
            new: Some(Site::from(&new_op.at)),
            // Callers of the client are unaffected, but every implementor
            // of the server trait must add the method (cargo-semver-checks:
            // `trait_method_added`).
            rust: rust(
                true,
                format!(
                    "new client method `{0}`; the server trait `Api` gains a required `{0}`",
                    new_op.method_name
                ),
            ),
        });
    }
    findings
}

fn operation(
    old_api: &Api,
    new_api: &Api,
    old: &Operation,
    new: &Operation,
    findings: &mut Vec<Finding>,
) {
    let mut cx = Compare::new(old_api, new_api, endpoint(new), findings);
    let place = Place {
        label: String::new(),
        old: old.at.clone(),
        new: new.at.clone(),
    };
    if old.operation_id != new.operation_id {
        let message = format!(
            "operationId changed from `{}` to `{}`",
            old.operation_id, new.operation_id
        );
        let breaking = old.method_name != new.method_name;
        let note = if breaking {
            format!(
                "method `{}` is renamed `{}`, and its types too",
                old.method_name, new.method_name
            )
        } else {
            "same method name".to_string()
        };
        cx.push(
            "api-operation-id-changed".to_string(),
            Level::Info,
            message,
            &place,
            rust(breaking, note),
        );
    }
    if !old.deprecated && new.deprecated {
        cx.push(
            "endpoint-deprecated".to_string(),
            Level::Info,
            "operation deprecated".to_string(),
            &place,
            rust(false, "the method is `#[deprecated]`"),
        );
    }
    parameters(&mut cx, old, new);
    body(&mut cx, old, new, &place);
    responses(&mut cx, old, new);
    security(&mut cx, &old.security, &new.security, &place);
    cross_field_rules(&mut cx, &old.rules, &new.rules, &place);
}

fn parameters(cx: &mut Compare, old: &Operation, new: &Operation) {
    let same = |a: &Parameter, b: &Parameter| {
        a.location == b.location
            && if a.location == ParamLocation::Header {
                a.wire_name.eq_ignore_ascii_case(&b.wire_name)
            } else {
                a.wire_name == b.wire_name
            }
    };
    let label = |p: &Parameter| {
        format!(
            "{} parameter `{}`",
            ParamLocation::as_str(p.location),
            p.wire_name
        )
    };
    for old_param in &old.params {
        let Some(new_param) = new.params.iter().find(|n| same(old_param, n)) else {
            // A path parameter renamed in the template is the same parameter.
            if old_param.location == ParamLocation::Path {
                continue;
            }
            let (rule, level) = if old_param.deprecated {
                ("request-parameter-removed-with-deprecation", Level::Info)
            } else {
                ("request-parameter-removed", Level::Warning)
            };
            let place = Place {
                label: label(old_param),
                old: old_param.at.clone(),
                new: new.at.clone(),
            };
            cx.push(
                rule.to_string(),
                level,
                format!("{} removed", place.label),
                &place,
                rust(true, format!("field `{}` is removed", old_param.rust_name)),
            );
            continue;
        };
        let place = Place {
            label: label(new_param),
            old: old_param.at.clone(),
            new: new_param.at.clone(),
        };
        if old_param.required != new_param.required {
            let became = if new_param.required {
                "required"
            } else {
                "optional"
            };
            let level = if new_param.required {
                Level::Breaking
            } else {
                Level::Info
            };
            let breaking = old_param.is_optional() != new_param.is_optional();
            let note = if breaking {
                "the field changes between `Option<T>` and `T`, and `new`'s arguments"
            } else {
                "same Rust field"
            };
            cx.push(
                format!("request-parameter-became-{became}"),
                level,
                format!("{} became {became}", place.label),
                &place,
                rust(breaking, note),
            );
        }
        if old_param.default != new_param.default {
            let change = match (&old_param.default, &new_param.default) {
                (None, Some(_)) => "added",
                (Some(_), None) => "removed",
                _ => "changed",
            };
            let message = format!(
                "{}: default {change} ({} to {})",
                place.label,
                show(&old_param.default),
                show(&new_param.default)
            );
            // A client that relied on the server's default now gets another behaviour.
            let breaking = old_param.is_optional() != new_param.is_optional();
            cx.push(
                format!("request-parameter-default-value-{change}"),
                Level::Breaking,
                message,
                &place,
                rust(breaking, "the default the client sends changes"),
            );
        }
        if old_param.explode != new_param.explode
            && matches!(new_param.ty, crate::model::TypeRef::Vec(_))
        {
            let message = format!(
                "{}: explode changed from {} to {}",
                place.label, old_param.explode, new_param.explode
            );
            cx.push(
                "request-parameter-explode-changed".to_string(),
                Level::Breaking,
                message,
                &place,
                rust(false, "same Rust field; the encoding changes"),
            );
        }
        if !old_param.deprecated && new_param.deprecated {
            cx.push(
                "request-parameter-deprecated".to_string(),
                Level::Info,
                format!("{} deprecated", place.label),
                &place,
                rust(false, "the field is `#[deprecated]`"),
            );
        }
        let (a, b) = (old_param.ty.clone(), new_param.ty.clone());
        cx.compare(Direction::Request, Role::Parameter, &a, &b, &place);
    }
    for new_param in new
        .params
        .iter()
        .filter(|n| !old.params.iter().any(|o| same(o, n)))
    {
        if new_param.location == ParamLocation::Path
            && old.params_in(ParamLocation::Path).count()
                == new.params_in(ParamLocation::Path).count()
        {
            continue;
        }
        let place = Place {
            label: label(new_param),
            old: old.at.clone(),
            new: new_param.at.clone(),
        };
        let required = new_param.required && new_param.default.is_none();
        let (rule, level) = if new_param.location == ParamLocation::Path {
            ("new-request-path-parameter", Level::Breaking)
        } else if required {
            ("new-required-request-parameter", Level::Breaking)
        } else {
            ("new-optional-request-parameter", Level::Info)
        };
        let effect = if required {
            rust(true, format!("a new argument `{}`", new_param.rust_name))
        } else if !old.has_params_struct() {
            rust(true, "the method takes a new `params` argument")
        } else {
            rust(false, format!("new field `{}`", new_param.rust_name))
        };
        cx.push(
            rule.to_string(),
            level,
            format!("{} added", place.label),
            &place,
            effect,
        );
    }
}

fn body(cx: &mut Compare, old: &Operation, new: &Operation, place: &Place) {
    let body_place = |tail: &str| Place {
        label: "request body".to_string(),
        old: with_tail(&old.at, tail),
        new: with_tail(&new.at, tail),
    };
    match (&old.body, &new.body) {
        (None, None) => {}
        (None, Some(b)) => {
            let (rule, level) = if b.required {
                ("request-body-added-required", Level::Breaking)
            } else {
                ("request-body-added-optional", Level::Info)
            };
            cx.push(
                rule.to_string(),
                level,
                "request body added".to_string(),
                place,
                rust(true, "the method takes a new `body` argument"),
            );
        }
        (Some(_), None) => {
            cx.push(
                "request-body-removed".to_string(),
                Level::Breaking,
                "request body removed".to_string(),
                place,
                rust(true, "the method loses its `body` argument"),
            );
        }
        (Some(a), Some(b)) => {
            let p = body_place("/requestBody");
            if a.required != b.required {
                let became = if b.required { "required" } else { "optional" };
                let level = if b.required {
                    Level::Breaking
                } else {
                    Level::Info
                };
                cx.push(
                    format!("request-body-became-{became}"),
                    level,
                    format!("request body became {became}"),
                    &p,
                    rust(true, "`body` changes between `&T` and `Option<&T>`"),
                );
            }
            if a.media_type != b.media_type {
                let message = format!(
                    "request body media type changed from `{}` to `{}`",
                    a.media_type, b.media_type
                );
                cx.push(
                    "request-body-media-type-removed".to_string(),
                    Level::Breaking,
                    message,
                    &p,
                    rust(a.kind != b.kind, "the body's encoding changes"),
                );
            }
            let content = |m: &str| {
                format!(
                    "/requestBody/content/{}/schema",
                    crate::load::escape_pointer_token(m)
                )
            };
            let p = Place {
                label: "body".to_string(),
                old: with_tail(&old.at, &content(&a.media_type)),
                new: with_tail(&new.at, &content(&b.media_type)),
            };
            let (x, y) = (a.ty.clone(), b.ty.clone());
            cx.compare(Direction::Request, Role::Body, &x, &y, &p);
        }
    }
}

fn is_success(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => (200..300).contains(&code),
        StatusMatch::Range(range) => range == 2,
        StatusMatch::Default => false,
    }
}

fn status_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "default".to_string(),
    }
}

fn responses(cx: &mut Compare, old: &Operation, new: &Operation) {
    let variant_change = |r: &Response, what: &str| {
        rust(
            true,
            format!(
                "`{}` {what} variant `{}`",
                old.responses_enum_name(),
                r.variant_name
            ),
        )
    };
    for old_response in &old.responses {
        let Some(new_response) = new
            .responses
            .iter()
            .find(|n| n.status == old_response.status)
        else {
            let success = is_success(old_response.status);
            let (rule, level) = if success {
                ("response-success-status-removed", Level::Breaking)
            } else {
                ("response-non-success-status-removed", Level::Info)
            };
            let place = Place {
                label: format!("response {}", status_name(old_response.status)),
                old: old_response.at.clone(),
                new: new.at.clone(),
            };
            cx.push(
                rule.to_string(),
                level,
                format!("{} removed", place.label),
                &place,
                variant_change(old_response, "loses"),
            );
            continue;
        };
        let label = format!("response {}", status_name(new_response.status));
        let place = Place {
            label: label.clone(),
            old: old_response.at.clone(),
            new: new_response.at.clone(),
        };
        match (&old_response.body, &new_response.body) {
            (Some(a), Some(b)) => {
                if a.media_type != b.media_type {
                    let message = format!(
                        "{label}: media type `{}` removed (now `{}`)",
                        a.media_type, b.media_type
                    );
                    cx.push(
                        "response-media-type-removed".to_string(),
                        Level::Breaking,
                        message,
                        &place,
                        rust(a.kind != b.kind, "the body's decoding changes"),
                    );
                }
                let content =
                    |m: &str| format!("/content/{}/schema", crate::load::escape_pointer_token(m));
                let body_place = Place {
                    label: format!("{label} body"),
                    old: with_tail(&old_response.at, &content(&a.media_type)),
                    new: with_tail(&new_response.at, &content(&b.media_type)),
                };
                let (x, y) = (a.ty.clone(), b.ty.clone());
                cx.compare(Direction::Response, Role::Body, &x, &y, &body_place);
            }
            (Some(a), None) => {
                let message = format!(
                    "{label}: media type `{}` removed (no body now)",
                    a.media_type
                );
                cx.push(
                    "response-media-type-removed".to_string(),
                    Level::Breaking,
                    message,
                    &place,
                    variant_change(new_response, "changes"),
                );
            }
            (None, Some(b)) => {
                let message = format!("{label}: media type `{}` added", b.media_type);
                cx.push(
                    "response-media-type-added".to_string(),
                    Level::Info,
                    message,
                    &place,
                    variant_change(new_response, "changes"),
                );
            }
            (None, None) => {}
        }
        for header in &old_response.headers {
            if !new_response
                .headers
                .iter()
                .any(|h| h.wire_name.eq_ignore_ascii_case(&header.wire_name))
            {
                let (rule, level) = if header.required {
                    ("required-response-header-removed", Level::Breaking)
                } else {
                    ("optional-response-header-removed", Level::Warning)
                };
                let message = format!("{label}: header `{}` removed", header.wire_name);
                cx.push(
                    rule.to_string(),
                    level,
                    message,
                    &place,
                    rust(true, format!("field `{}` is removed", header.rust_name)),
                );
            }
        }
        for header in new_response.headers.iter().filter(|h| {
            !old_response
                .headers
                .iter()
                .any(|o| o.wire_name.eq_ignore_ascii_case(&h.wire_name))
        }) {
            let message = format!("{label}: header `{}` added", header.wire_name);
            cx.push(
                "response-header-added".to_string(),
                Level::Info,
                message,
                &place,
                rust(false, format!("new field `{}`", header.rust_name)),
            );
        }
    }
    for new_response in new
        .responses
        .iter()
        .filter(|n| !old.responses.iter().any(|o| o.status == n.status))
    {
        let success = is_success(new_response.status);
        let rule = if success {
            "response-success-status-added"
        } else {
            "response-non-success-status-added"
        };
        let place = Place {
            label: format!("response {}", status_name(new_response.status)),
            old: old.at.clone(),
            new: new_response.at.clone(),
        };
        let effect = rust(
            true,
            format!(
                "`{}` gains variant `{}`",
                new.responses_enum_name(),
                new_response.variant_name
            ),
        );
        cx.push(
            rule.to_string(),
            Level::Info,
            format!("{} added", place.label),
            &place,
            effect,
        );
    }
}

fn security(cx: &mut Compare, old: &[Vec<Credential>], new: &[Vec<Credential>], place: &Place) {
    let names = |alternative: &[Credential]| {
        let mut names: Vec<&str> = alternative.iter().map(|c| c.scheme.as_str()).collect();
        names.sort();
        names.join(" + ")
    };
    let old_names: Vec<String> = old.iter().map(|a| names(a)).collect();
    let new_names: Vec<String> = new.iter().map(|a| names(a)).collect();
    let p = Place {
        label: "security".to_string(),
        old: with_tail(&place.old, "/security"),
        new: with_tail(&place.new, "/security"),
    };
    let effect = || {
        rust(
            false,
            "the client's request hook must send other credentials",
        )
    };
    if old.is_empty() && !new.is_empty() {
        cx.push(
            "api-security-added".to_string(),
            Level::Breaking,
            format!("security now required: {}", new_names.join(" or ")),
            &p,
            effect(),
        );
        return;
    }
    for removed in old_names.iter().filter(|n| !new_names.contains(n)) {
        let level = if new.is_empty() {
            Level::Info
        } else {
            Level::Breaking
        };
        cx.push(
            "api-security-removed".to_string(),
            level,
            format!("security alternative `{removed}` removed"),
            &p,
            effect(),
        );
    }
    for added in new_names.iter().filter(|n| !old_names.contains(n)) {
        cx.push(
            "api-security-alternative-added".to_string(),
            Level::Info,
            format!("security alternative `{added}` added"),
            &p,
            effect(),
        );
    }
    credentials_moved(cx, old, new);
}

/// A scheme both versions use whose credential now travels elsewhere (a
/// header renamed, a key moved to the query): a client sending it where it
/// went before is refused. Found at the scheme's declaration, so one
/// shared scheme is one cause however many endpoints use it.
fn credentials_moved(cx: &mut Compare, old: &[Vec<Credential>], new: &[Vec<Credential>]) {
    let mut seen: Vec<&str> = Vec::new();
    for after in new.iter().flatten() {
        if seen.contains(&after.scheme.as_str()) {
            continue;
        }
        seen.push(&after.scheme);
        let Some(before) = old.iter().flatten().find(|c| c.scheme == after.scheme) else {
            continue;
        };
        if (before.location, &before.name) == (after.location, &after.name) {
            continue;
        }
        let label = format!("security scheme `{}`", after.scheme);
        let place = Place {
            label: label.clone(),
            old: before.at.clone(),
            new: after.at.clone(),
        };
        cx.push(
            "api-security-credential-moved".to_string(),
            Level::Breaking,
            format!(
                "{label}: credential moved from {} `{}` to {} `{}`",
                before.location.as_str(),
                before.name,
                after.location.as_str(),
                after.name
            ),
            &place,
            rust(
                false,
                "the regenerated client sends it where the spec now says",
            ),
        );
    }
}

/// The server enforces `x-cross-field-rules`, so a rule that is new, or
/// changed, may refuse requests it used to accept.
fn cross_field_rules(
    cx: &mut Compare,
    old: &[CrossFieldRule],
    new: &[CrossFieldRule],
    place: &Place,
) {
    let label = crate::lower::rules::EXTENSION;
    let p = Place {
        label: label.to_string(),
        old: with_tail(&place.old, &format!("/{label}")),
        new: with_tail(&place.new, &format!("/{label}")),
    };
    let effect = || {
        rust(
            false,
            "the server checks it; the client sends requests unchecked",
        )
    };
    for rule in new {
        match old.iter().find(|r| r.id == rule.id) {
            None => cx.push(
                "x-cross-field-rule-added".to_string(),
                Level::Breaking,
                format!(
                    "{label}: `{}` added: {}",
                    rule.id,
                    describe_rule(&rule.kind)
                ),
                &p,
                effect(),
            ),
            Some(before) if before.kind != rule.kind => cx.push(
                "x-cross-field-rule-changed".to_string(),
                Level::Warning,
                format!(
                    "{label}: `{}` changed from {} to {}",
                    rule.id,
                    describe_rule(&before.kind),
                    describe_rule(&rule.kind)
                ),
                &p,
                effect(),
            ),
            Some(_) => {}
        }
    }
    for rule in old.iter().filter(|r| !new.iter().any(|n| n.id == r.id)) {
        cx.push(
            "x-cross-field-rule-removed".to_string(),
            Level::Info,
            format!("{label}: `{}` removed", rule.id),
            &p,
            effect(),
        );
    }
}

/// A rule in one line: `any of query/A, query/B` or
/// `query/A in [x] implies body/B present`.
fn describe_rule(kind: &RuleKind) -> String {
    let test = |test: &RuleTest| match test {
        RuleTest::In(values) => format!("in [{}]", values.join(", ")),
        RuleTest::Present => "present".to_string(),
    };
    match kind {
        RuleKind::RequireAny(fields) => {
            let fields: Vec<String> = fields.iter().map(ToString::to_string).collect();
            format!("any of {}", fields.join(", "))
        }
        RuleKind::Implies { when, then } => format!(
            "{} {} implies {} {}",
            when.field,
            test(&when.test),
            then.field,
            test(&then.test)
        ),
    }
}

fn with_tail(location: &crate::error::Location, tail: &str) -> crate::error::Location {
    crate::error::Location {
        pointer: format!("{}{tail}", location.pointer),
        ..location.clone()
    }
}
