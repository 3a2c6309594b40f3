//! Spec diff rules, one pair of small specs per rule: the base spec below,
//! and the same spec with one edit. Pairs that differ only in form (inline
//! vs `$ref`, key order, descriptions, a renamed path parameter) must give
//! no breaking finding.

use generator::diff::{diff, Finding, Level};

const BASE: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    post:
      operationId: updateItem
      security: [{key: []}]
      parameters:
        - name: mode
          in: query
          schema: {type: string, enum: [fast, safe], default: fast}
        - name: tags
          in: query
          style: form
          explode: false
          schema: {type: array, items: {type: string}}
        - name: limit
          in: query
          schema: {type: integer, format: int32, minimum: 1, maximum: 100}
        - name: trace
          in: query
          deprecated: true
          schema: {type: boolean}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Item'}
      responses:
        '200':
          description: ok
          headers:
            X-Request-Id: {required: true, schema: {type: string}}
            X-Trace: {schema: {type: string}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Stored'}
        '404':
          description: missing
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
  /old:
    get:
      operationId: getOld
      responses:
        '204': {description: none}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    token: {type: apiKey, in: header, name: X-Token}
  schemas:
    Item:
      type: object
      required: [name]
      properties:
        name: {type: string, maxLength: 10, pattern: '^[a-z]+$'}
        size: {type: integer, minimum: 0}
        color: {type: string, enum: [red, green]}
        labels: {type: array, items: {type: string}, maxItems: 5}
        note: {type: string, nullable: true}
    Stored:
      type: object
      required: [id, state]
      properties:
        id: {type: string}
        state: {type: string, enum: [new, done]}
        note: {type: string}
        count: {type: integer, format: int32, maximum: 10}
    Error:
      type: object
      properties:
        message: {type: string}
"#;

fn lower(text: &str) -> generator::model::Api {
    generator::lower_spec(&generator::SpecSource::new("spec.yaml", text))
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "the base spec has no {from:?}");
        text = text.replacen(from, to, 1);
    }
    text
}

fn findings(old: &str, new: &str) -> Vec<Finding> {
    diff(&lower(old), &lower(new))
}

/// The edit gives the finding, and no breaking finding it did not expect.
fn check(old: &str, new: &str, rule: &str, level: Level, rust_breaking: bool) {
    let found = findings(old, new);
    let hit = found.iter().find(|f| f.rule == rule);
    let Some(hit) = hit else {
        panic!("{rule}: not found in {found:#?}")
    };
    assert_eq!(hit.level, level, "{rule}: {hit:#?}");
    assert_eq!(hit.rust.source_breaking, rust_breaking, "{rule}: {hit:#?}");
    assert!(
        hit.new.is_some() || hit.old.is_some(),
        "{rule}: no location"
    );
    let other_breaking: Vec<_> = found
        .iter()
        .filter(|f| f.level == Level::Breaking && f.rule != rule)
        .collect();
    assert!(
        level != Level::Breaking || other_breaking.is_empty(),
        "{rule}: also {other_breaking:#?}"
    );
}

macro_rules! rule {
    ($name:ident, $rule:literal, $level:ident, $rust:literal, [$(($from:literal, $to:literal)),* $(,)?]) => {
        #[test]
        fn $name() {
            check(BASE, &edited(&[$(($from, $to)),*]), $rule, Level::$level, $rust);
        }
    };
    ($name:ident, $rule:literal, $level:ident, $rust:literal, old [$(($ofrom:literal, $oto:literal)),*], new [$(($from:literal, $to:literal)),*]) => {
        #[test]
        fn $name() {
            check(&edited(&[$(($ofrom, $oto)),*]), &edited(&[$(($from, $to)),*]), $rule, Level::$level, $rust);
        }
    };
}

// Endpoints.
rule!(path_removed, "api-removed-without-deprecation", Breaking, true, [("  /old:\n    get:\n      operationId: getOld\n      responses:\n        '204': {description: none}\n", "")]);
rule!(path_removed_after_deprecation, "api-removed-with-deprecation", Info, true,
    old [("operationId: getOld", "operationId: getOld\n      deprecated: true")],
    new [("  /old:\n    get:\n      operationId: getOld\n      responses:\n        '204': {description: none}\n", "")]);
rule!(endpoint_added, "endpoint-added", Info, true, [("  /old:\n", "  /new:\n    get:\n      operationId: getNew\n      responses:\n        '204': {description: none}\n  /old:\n")]);
rule!(
    operation_id_changed,
    "api-operation-id-changed",
    Info,
    true,
    [("operationId: updateItem", "operationId: changeItem")]
);
rule!(
    endpoint_deprecated,
    "endpoint-deprecated",
    Info,
    false,
    [(
        "operationId: getOld",
        "operationId: getOld\n      deprecated: true"
    )]
);

// Parameters.
rule!(new_required_parameter, "new-required-request-parameter", Breaking, true, [("        - name: limit\n", "        - {name: tenant, in: query, required: true, schema: {type: string}}\n        - name: limit\n")]);
rule!(
    new_optional_parameter,
    "new-optional-request-parameter",
    Info,
    false,
    [(
        "        - name: limit\n",
        "        - {name: tenant, in: query, schema: {type: string}}\n        - name: limit\n"
    )]
);
rule!(
    new_header_parameter,
    "new-optional-request-parameter",
    Info,
    false,
    [(
        "        - name: limit\n",
        "        - {name: X-Tenant, in: header, schema: {type: string}}\n        - name: limit\n"
    )]
);
rule!(parameter_removed, "request-parameter-removed", Warning, true, [("        - name: limit\n          in: query\n          schema: {type: integer, format: int32, minimum: 1, maximum: 100}\n", "")]);
rule!(deprecated_parameter_removed, "request-parameter-removed-with-deprecation", Info, true, [("        - name: trace\n          in: query\n          deprecated: true\n          schema: {type: boolean}\n", "")]);
rule!(
    parameter_became_required,
    "request-parameter-became-required",
    Breaking,
    true,
    [(
        "          in: query\n          schema: {type: integer",
        "          in: query\n          required: true\n          schema: {type: integer"
    )]
);
rule!(parameter_became_optional, "request-parameter-became-optional", Info, true,
    old [("          in: query\n          schema: {type: integer", "          in: query\n          required: true\n          schema: {type: integer")],
    new []);
rule!(
    parameter_type_changed,
    "request-parameter-type-changed",
    Breaking,
    true,
    [(
        "schema: {type: integer, format: int32, minimum: 1, maximum: 100}",
        "schema: {type: string}"
    )]
);
rule!(
    parameter_format_widened,
    "request-parameter-format-changed",
    Info,
    true,
    [(
        "{type: integer, format: int32, minimum: 1",
        "{type: integer, format: int64, minimum: 1"
    )]
);
rule!(
    parameter_format_narrowed,
    "request-parameter-format-changed",
    Breaking,
    true,
    [(
        "{type: integer, format: int32, minimum: 1",
        "{type: integer, format: int8, minimum: 1"
    )]
);
rule!(
    parameter_enum_value_removed,
    "request-parameter-enum-value-removed",
    Breaking,
    true,
    [(
        "enum: [fast, safe], default: fast",
        "enum: [fast], default: fast"
    )]
);
rule!(
    parameter_enum_value_added,
    "request-parameter-enum-value-added",
    Info,
    true,
    [(
        "enum: [fast, safe], default: fast",
        "enum: [fast, safe, slow], default: fast"
    )]
);
rule!(
    parameter_default_changed,
    "request-parameter-default-value-changed",
    Breaking,
    false,
    [(
        "enum: [fast, safe], default: fast",
        "enum: [fast, safe], default: safe"
    )]
);
rule!(
    parameter_default_removed,
    "request-parameter-default-value-removed",
    Breaking,
    true,
    [("enum: [fast, safe], default: fast", "enum: [fast, safe]")]
);
rule!(
    parameter_explode_changed,
    "request-parameter-explode-changed",
    Breaking,
    false,
    [("          explode: false\n", "          explode: true\n")]
);
rule!(
    parameter_max_decreased,
    "request-parameter-max-decreased",
    Breaking,
    false,
    [("minimum: 1, maximum: 100", "minimum: 1, maximum: 50")]
);
rule!(
    parameter_max_increased,
    "request-parameter-max-increased",
    Info,
    false,
    [("minimum: 1, maximum: 100", "minimum: 1, maximum: 500")]
);
rule!(
    parameter_min_increased,
    "request-parameter-min-increased",
    Breaking,
    false,
    [("minimum: 1, maximum: 100", "minimum: 2, maximum: 100")]
);
rule!(
    parameter_min_decreased,
    "request-parameter-min-decreased",
    Info,
    false,
    [("minimum: 1, maximum: 100", "minimum: 0, maximum: 100")]
);
rule!(
    parameter_max_length_set,
    "request-parameter-max-length-set",
    Breaking,
    true,
    [(
        "schema: {type: array, items: {type: string}}",
        "schema: {type: array, items: {type: string, maxLength: 3}}"
    )]
);
rule!(
    parameter_max_items_set,
    "request-parameter-max-items-set",
    Breaking,
    true,
    [(
        "schema: {type: array, items: {type: string}}",
        "schema: {type: array, maxItems: 3, items: {type: string}}"
    )]
);
rule!(
    parameter_deprecated,
    "request-parameter-deprecated",
    Info,
    false,
    [(
        "        - name: limit\n          in: query\n",
        "        - name: limit\n          in: query\n          deprecated: true\n"
    )]
);

// Request bodies.
rule!(
    body_became_optional,
    "request-body-became-optional",
    Info,
    true,
    [(
        "      requestBody:\n        required: true\n",
        "      requestBody:\n        required: false\n"
    )]
);
rule!(body_became_required, "request-body-became-required", Breaking, true,
    old [("      requestBody:\n        required: true\n", "      requestBody:\n        required: false\n")], new []);
rule!(body_removed, "request-body-removed", Breaking, true, [("      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Item'}\n", "")]);
rule!(body_added, "request-body-added-required", Breaking, true,
    old [("      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Item'}\n", "")], new []);
rule!(body_media_type_removed, "request-body-media-type-removed", Breaking, false, [("        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Item'}", "        content:\n          application/merge-patch+json:\n            schema: {$ref: '#/components/schemas/Item'}")]);
rule!(
    new_required_property,
    "new-required-request-property",
    Breaking,
    true,
    [(
        "      required: [name]\n      properties:\n",
        "      required: [name, kind]\n      properties:\n        kind: {type: string}\n"
    )]
);
rule!(
    new_optional_property,
    "new-optional-request-property",
    Info,
    true,
    [(
        "      required: [name]\n      properties:\n",
        "      required: [name]\n      properties:\n        kind: {type: string}\n"
    )]
);
rule!(
    property_removed,
    "request-property-removed",
    Warning,
    true,
    [("        color: {type: string, enum: [red, green]}\n", "")]
);
rule!(
    property_became_required,
    "request-property-became-required",
    Breaking,
    true,
    [("      required: [name]\n", "      required: [name, size]\n")]
);
rule!(
    property_became_optional,
    "request-property-became-optional",
    Info,
    true,
    [("      required: [name]\n", "      required: []\n")]
);
rule!(
    property_type_changed,
    "request-property-type-changed",
    Breaking,
    true,
    [("size: {type: integer, minimum: 0}", "size: {type: string}")]
);
rule!(
    property_enum_value_removed,
    "request-property-enum-value-removed",
    Breaking,
    true,
    [(
        "color: {type: string, enum: [red, green]}",
        "color: {type: string, enum: [red]}"
    )]
);
rule!(property_became_enum, "request-property-became-enum", Breaking, true,
    old [("color: {type: string, enum: [red, green]}", "color: {type: string}")], new []);
rule!(property_enum_removed, "request-property-enum-removed", Info, true,
    old [], new [("color: {type: string, enum: [red, green]}", "color: {type: string}")]);
rule!(
    property_max_length_decreased,
    "request-property-max-length-decreased",
    Breaking,
    false,
    [("maxLength: 10,", "maxLength: 5,")]
);
rule!(
    property_max_length_increased,
    "request-property-max-length-increased",
    Info,
    false,
    [("maxLength: 10,", "maxLength: 50,")]
);
rule!(
    property_min_length_set,
    "request-property-min-length-set",
    Breaking,
    true,
    [(
        "note: {type: string, nullable: true}",
        "note: {type: string, nullable: true, minLength: 2}"
    )]
);
// `name` has `pattern: '^[a-z]+$'`, which already asks for one character.
rule!(
    property_min_length_raised_above_the_pattern,
    "request-property-min-length-increased",
    Breaking,
    false,
    [("maxLength: 10,", "maxLength: 10, minLength: 2,")]
);
rule!(
    property_pattern_changed,
    "request-property-pattern-changed",
    Warning,
    false,
    [("pattern: '^[a-z]+$'", "pattern: '^[a-z0-9]+$'")]
);
rule!(
    property_pattern_added,
    "request-property-pattern-added",
    Breaking,
    true,
    [(
        "note: {type: string, nullable: true}",
        "note: {type: string, nullable: true, pattern: '^[A-Z]+$'}"
    )]
);
rule!(
    property_max_items_decreased,
    "request-property-max-items-decreased",
    Breaking,
    false,
    [("maxItems: 5", "maxItems: 2")]
);
rule!(
    property_unique_items_set,
    "request-property-unique-items-set",
    Breaking,
    false,
    [("maxItems: 5", "maxItems: 5, uniqueItems: true")]
);
rule!(
    property_multiple_of_changed,
    "request-property-multiple-of-changed",
    Breaking,
    false,
    [(
        "size: {type: integer, minimum: 0}",
        "size: {type: integer, minimum: 0, multipleOf: 2}"
    )]
);
rule!(
    property_min_increased,
    "request-property-min-increased",
    Breaking,
    false,
    [(
        "size: {type: integer, minimum: 0}",
        "size: {type: integer, minimum: 1}"
    )]
);
rule!(
    property_became_not_nullable,
    "request-property-became-not-nullable",
    Breaking,
    false,
    [(
        "note: {type: string, nullable: true}",
        "note: {type: string}"
    )]
);
rule!(property_became_nullable, "request-property-became-nullable", Info, false,
    old [("note: {type: string, nullable: true}", "note: {type: string}")], new []);
rule!(additional_properties_restricted, "request-additional-properties-restricted", Breaking, true,
    old [("      required: [name]\n      properties:\n", "      required: [name]\n      additionalProperties: true\n      properties:\n")], new []);

// Responses.
rule!(
    success_status_removed,
    "response-success-status-removed",
    Breaking,
    true,
    [(
        "        '200':\n          description: ok\n",
        "        '201':\n          description: ok\n"
    )]
);
rule!(
    success_status_added,
    "response-success-status-added",
    Info,
    true,
    [(
        "        '404':\n",
        "        '202':\n          description: accepted\n        '404':\n"
    )]
);
rule!(non_success_status_removed, "response-non-success-status-removed", Info, true, [("        '404':\n          description: missing\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Error'}\n", "")]);
rule!(
    non_success_status_added,
    "response-non-success-status-added",
    Info,
    true,
    [(
        "        '404':\n",
        "        '409':\n          description: conflict\n        '404':\n"
    )]
);
rule!(response_media_type_removed, "response-media-type-removed", Breaking, false, [("            application/json:\n              schema: {$ref: '#/components/schemas/Stored'}", "            application/vnd.stored+json:\n              schema: {$ref: '#/components/schemas/Stored'}")]);
rule!(
    response_required_property_removed,
    "response-required-property-removed",
    Breaking,
    true,
    [(
        "      required: [id, state]\n      properties:\n        id: {type: string}\n",
        "      required: [state]\n      properties:\n"
    )]
);
rule!(
    response_optional_property_removed,
    "response-optional-property-removed",
    Warning,
    true,
    [(
        "        note: {type: string}\n        count",
        "        count"
    )]
);
rule!(
    response_property_became_optional,
    "response-property-became-optional",
    Breaking,
    true,
    [("      required: [id, state]\n", "      required: [id]\n")]
);
rule!(
    response_property_type_changed,
    "response-property-type-changed",
    Breaking,
    true,
    [(
        "        note: {type: string}\n        count",
        "        note: {type: integer}\n        count"
    )]
);
rule!(
    response_enum_value_added,
    "response-property-enum-value-added",
    Warning,
    true,
    [("enum: [new, done]", "enum: [new, done, archived]")]
);
rule!(
    response_enum_value_removed,
    "response-property-enum-value-removed",
    Info,
    true,
    [("enum: [new, done]", "enum: [new]")]
);
rule!(
    response_max_increased,
    "response-property-max-increased",
    Breaking,
    false,
    [("format: int32, maximum: 10}", "format: int32, maximum: 20}")]
);
rule!(
    response_max_decreased,
    "response-property-max-decreased",
    Info,
    false,
    [("format: int32, maximum: 10}", "format: int32, maximum: 5}")]
);
rule!(
    response_format_widened,
    "response-property-format-changed",
    Breaking,
    true,
    [("format: int32, maximum: 10}", "format: int64, maximum: 10}")]
);
rule!(
    response_became_nullable,
    "response-property-became-nullable",
    Breaking,
    false,
    [(
        "        note: {type: string}\n        count",
        "        note: {type: string, nullable: true}\n        count"
    )]
);
rule!(
    response_property_added,
    "response-optional-property-added",
    Info,
    true,
    [(
        "        count: {type: integer",
        "        extra: {type: string}\n        count: {type: integer"
    )]
);
rule!(
    required_header_removed,
    "required-response-header-removed",
    Breaking,
    true,
    [(
        "            X-Request-Id: {required: true, schema: {type: string}}\n",
        ""
    )]
);
rule!(
    optional_header_removed,
    "optional-response-header-removed",
    Warning,
    true,
    [("            X-Trace: {schema: {type: string}}\n", "")]
);
rule!(header_added, "response-header-added", Info, false, [("            X-Trace: {schema: {type: string}}\n", "            X-Trace: {schema: {type: string}}\n            X-Cost: {schema: {type: string}}\n")]);

// Security.
rule!(
    security_alternative_removed,
    "api-security-removed",
    Breaking,
    false,
    [("security: [{key: []}]", "security: [{token: []}]")]
);
rule!(
    security_alternative_added,
    "api-security-alternative-added",
    Info,
    false,
    [(
        "security: [{key: []}]",
        "security: [{key: []}, {token: []}]"
    )]
);
rule!(security_added, "api-security-added", Breaking, false,
    old [("      security: [{key: []}]\n", "")], new []);

#[test]
fn a_credential_moved_elsewhere_is_one_breaking_finding_at_its_scheme() {
    let new = edited(&[(
        "key: {type: apiKey, in: header, name: X-Key}",
        "key: {type: apiKey, in: query, name: api_key}",
    )]);
    check(
        BASE,
        &new,
        "api-security-credential-moved",
        Level::Breaking,
        false,
    );
    let found = findings(BASE, &new);
    let moved = found
        .iter()
        .find(|f| f.rule == "api-security-credential-moved")
        .unwrap();
    assert_eq!(
        moved.change,
        "credential moved from header `X-Key` to query `api_key`"
    );
    assert_eq!(
        moved.new.as_ref().unwrap().pointer,
        "#/components/securitySchemes/key"
    );
    // The same scheme with its header named again the same way is no change.
    let respelled = edited(&[(
        "key: {type: apiKey, in: header, name: X-Key}",
        "key: {name: X-Key, in: header, type: apiKey}",
    )]);
    assert!(findings(BASE, &respelled).is_empty());
}

// Cross-field rules: the server enforces them, the client does not.
const RULE: &str = "      security: [{key: []}]\n      x-cross-field-rules:\n        - {id: safe-needs-limit, kind: implies, when: {field: query/mode, in: [safe]}, then: {field: query/limit, present: true}, message: A safe update needs a limit.}\n";
const SECURITY: &str = "      security: [{key: []}]\n";

#[test]
fn cross_field_rule_added() {
    let new = edited(&[(SECURITY, RULE)]);
    check(
        BASE,
        &new,
        "x-cross-field-rule-added",
        Level::Breaking,
        false,
    );
}

#[test]
fn cross_field_rule_removed() {
    let old = edited(&[(SECURITY, RULE)]);
    check(&old, BASE, "x-cross-field-rule-removed", Level::Info, false);
}

#[test]
fn cross_field_rule_changed() {
    let old = edited(&[(SECURITY, RULE)]);
    let new = edited(&[
        (SECURITY, RULE),
        ("then: {field: query/limit", "then: {field: body/size"),
    ]);
    check(
        &old,
        &new,
        "x-cross-field-rule-changed",
        Level::Warning,
        false,
    );
}

#[test]
fn a_changed_rule_says_what_it_was_and_is() {
    let old = edited(&[(SECURITY, RULE)]);
    let new = edited(&[(SECURITY, RULE), ("in: [safe]", "in: [safe, fast]")]);
    let found = findings(&old, &new);
    let changed = found
        .iter()
        .find(|f| f.rule == "x-cross-field-rule-changed")
        .unwrap_or_else(|| panic!("no change found in {found:#?}"));
    assert_eq!(
        changed.change,
        "`safe-needs-limit` changed from query/mode in [safe] implies query/limit present \
         to query/mode in [safe, fast] implies query/limit present"
    );
    assert!(changed
        .new
        .as_ref()
        .unwrap()
        .pointer
        .ends_with("/post/x-cross-field-rules"));
    // The same rule under the same id is no change.
    assert!(findings(&old, &old).is_empty());
}

#[test]
fn identical_specs_have_no_findings() {
    assert!(findings(BASE, BASE).is_empty());
}

fn assert_no_breaking(old: &str, new: &str) {
    let found = findings(old, new);
    let breaking: Vec<_> = found
        .iter()
        .filter(|f| f.level == Level::Breaking)
        .collect();
    assert!(breaking.is_empty(), "{breaking:#?}");
}

#[test]
fn moving_a_schema_inline_is_not_a_change_on_the_wire() {
    let inline = edited(&[(
        "            schema: {$ref: '#/components/schemas/Item'}",
        "            schema:\n              type: object\n              required: [name]\n              properties:\n                name: {type: string, maxLength: 10, pattern: '^[a-z]+$'}\n                size: {type: integer, minimum: 0}\n                color: {type: string, enum: [red, green]}\n                labels: {type: array, items: {type: string}, maxItems: 5}\n                note: {type: string, nullable: true}",
    )]);
    assert_no_breaking(BASE, &inline);
    assert_no_breaking(&inline, BASE);
    // Only the Rust type's name changes, which the second axis reports.
    let found = findings(BASE, &inline);
    assert!(
        found
            .iter()
            .all(|f| f.rule == "rust-type-renamed" && f.rust.source_breaking),
        "{found:#?}"
    );
}

#[test]
fn key_order_descriptions_and_path_parameter_names_are_not_changes() {
    let reordered = edited(&[
        ("        name: {type: string, maxLength: 10, pattern: '^[a-z]+$'}\n        size: {type: integer, minimum: 0}\n", "        size: {minimum: 0, type: integer}\n        name: {pattern: '^[a-z]+$', type: string, maxLength: 10}\n"),
        ("info: {title: t, version: '1'}", "info: {version: '1', title: t, description: A new description.}"),
        ("      operationId: updateItem\n", "      operationId: updateItem\n      summary: Updates an item.\n      description: Now documented.\n"),
        ("        id: {type: string}\n", "        id: {type: string, description: The id.}\n"),
        ("  /items/{id}:\n    parameters:\n      - {name: id,", "  /items/{itemId}:\n    parameters:\n      - {name: itemId,"),
    ]);
    assert!(
        findings(BASE, &reordered).is_empty(),
        "{:#?}",
        findings(BASE, &reordered)
    );
}

/// Findings with the line numbers of both versions filled in.
fn located_findings(old: &str, new: &str) -> Vec<Finding> {
    let mut found = findings(old, new);
    let sources = |text: &str| {
        generator::load_spec(&generator::SpecSource::new("spec.yaml", text))
            .unwrap()
            .sources
    };
    generator::diff::locate(&mut found, &sources(old), &sources(new));
    found
}

#[test]
fn findings_carry_both_locations_and_lines() {
    let new = edited(&[("maxLength: 10,", "maxLength: 5,")]);
    let found = located_findings(BASE, &new);
    let finding = &found[0];
    assert_eq!(finding.endpoint, "POST /items/{id}");
    let site = finding.new.as_ref().unwrap();
    assert_eq!(site.pointer, "#/components/schemas/Item/properties/name");
    let line = |text: &str| {
        text.lines()
            .position(|l| l.contains("        name: {type: string, maxLength"))
            .map(|i| i + 1)
    };
    assert_eq!(site.line, line(&new));
    assert_eq!(finding.old.as_ref().unwrap().line, line(BASE));
}

#[test]
fn policy_overrides_levels_and_ignores_accepted_findings() {
    let new = edited(&[
        ("maxLength: 10,", "maxLength: 5,"),
        (
            "enum: [fast, safe], default: fast",
            "enum: [fast], default: fast",
        ),
    ]);
    let found = findings(BASE, &new);
    let mut policy = generator::diff::Policy::default();
    policy.levels.push((
        "request-property-max-length-decreased".into(),
        Level::Warning,
    ));
    policy
        .parse_ignore_file(
            "# accepted in review\nrequest-parameter-enum-value-removed POST /items/{id}\n",
        )
        .unwrap();
    let kept = policy.apply(found);
    assert_eq!(kept.len(), 1, "{kept:#?}");
    assert_eq!(
        (kept[0].rule.as_str(), kept[0].level),
        ("request-property-max-length-decreased", Level::Warning)
    );
    assert!(generator::diff::Policy::default()
        .parse_ignore_file("just-a-rule")
        .is_err());
}

#[test]
fn renderers_show_every_finding() {
    let new = edited(&[("maxLength: 10,", "maxLength: 5,")]);
    let found = findings(BASE, &new);
    // `Item` is a component: the change is shown once, at its definition.
    let markdown = generator::diff::render_markdown(&found);
    assert!(
        markdown.contains("#### `#/components/schemas/Item`"),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "| 🔴 breaking | `request-property-max-length-decreased` | `/properties/name`: max-length decreased (10 to 5) |"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("| `POST /items/{id}` | body/name |"),
        "{markdown}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&generator::diff::render_json(&found)).unwrap();
    let cause = &json["causes"][0];
    assert_eq!(cause["rule"], "request-property-max-length-decreased");
    assert_eq!(cause["level"], "breaking");
    assert_eq!(cause["component"], "#/components/schemas/Item");
    assert_eq!(cause["rust"]["source_breaking"], false);
    assert_eq!(cause["affects"][0]["endpoint"], "POST /items/{id}");
    assert_eq!(json["summary"]["breaking"], 1);
    let text = generator::diff::render_text(&found);
    assert!(
        text.starts_with("breaking request-property-max-length-decreased `#/components/schemas/Item/properties/name`: max-length decreased (10 to 5)"),
        "{text}"
    );
    assert!(
        text.contains("           POST /items/{id}: body/name\n"),
        "{text}"
    );
    assert!(generator::diff::render_text(&[]).contains("no changes"));

    // A change to one endpoint stays under that endpoint.
    let local = edited(&[(
        "schema: {type: integer, format: int32, minimum: 1, maximum: 100}",
        "schema: {type: integer, format: int32, minimum: 1, maximum: 50}",
    )]);
    let markdown = generator::diff::render_markdown(&findings(BASE, &local));
    assert!(markdown.contains("### `POST /items/{id}`"), "{markdown}");
    assert!(!markdown.contains("### Components"), "{markdown}");
    assert!(
        markdown.contains("parameter `limit`: max decreased (100 to 50)"),
        "{markdown}"
    );
}

#[test]
fn github_annotations_sit_on_the_changed_line() {
    let new = edited(&[("maxLength: 10,", "maxLength: 5,")]);
    let found = located_findings(BASE, &new);
    let line = new
        .lines()
        .position(|l| l.contains("maxLength: 5,"))
        .unwrap()
        + 1;
    let out = generator::diff::render_github(&found);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "::error file=spec.yaml,line={line},title=request-property-max-length-decreased::"
        )),
        "{out}"
    );
    assert!(
        first.contains("Reaches 1 endpoint: POST /items/{id}"),
        "{out}"
    );
}

/// An API of `count` endpoints that all take a `Name` (from one component)
/// as a path parameter and in their body.
fn many_endpoints(count: usize, pattern: &str) -> String {
    let mut spec = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
    for i in 0..count {
        spec.push_str(&format!(
            "  /things{i}/{{name}}:\n    put:\n      operationId: putThing{i}\n      parameters:\n        - {{name: name, in: path, required: true, schema: {{$ref: '#/components/schemas/Name'}}}}\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Thing'}}\n      responses:\n        '204': {{description: done}}\n"
        ));
    }
    spec.push_str(&format!(
        "components:\n  schemas:\n    Name: {{type: string, pattern: '{pattern}'}}\n    Thing:\n      type: object\n      properties:\n        name: {{$ref: '#/components/schemas/Name'}}\n"
    ));
    spec
}

#[test]
fn one_shared_change_reads_as_one_finding_however_many_endpoints_it_reaches() {
    let found = findings(
        &many_endpoints(200, "^[a-z]+$"),
        &many_endpoints(200, "^[a-z0-9]+$"),
    );
    assert_eq!(found.len(), 400, "a parameter and a property per endpoint");
    let causes = generator::diff::causes(&found);
    assert_eq!(causes.len(), 2, "{causes:#?}");
    assert!(causes
        .iter()
        .all(|c| c.affects.len() == 200
            && c.component.as_deref() == Some("#/components/schemas/Name")));

    let markdown = generator::diff::render_markdown(&found);
    let before_details = markdown.split("<details>").next().unwrap();
    let lines = before_details.lines().count();
    assert!(
        lines <= 40,
        "{lines} lines before the details:\n{before_details}"
    );
    assert!(
        markdown.contains("2 changes: 0 breaking, 2 warning, 0 info; 200 endpoints affected"),
        "{before_details}"
    );
    assert!(markdown.contains("<details><summary>Reaches 200 endpoints</summary>"));
    assert!(
        markdown.contains("| `PUT /things199/{name}` | body/name; path parameter `name` |"),
        "{markdown}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&generator::diff::render_json(&found)).unwrap();
    assert_eq!(json["summary"]["causes"], 2);
    assert_eq!(json["summary"]["endpoints_affected"], 200);
    assert_eq!(json["causes"][0]["affects"].as_array().unwrap().len(), 200);
}

#[test]
fn string_formats_are_compared() {
    let spec = |id: &str, when: &str| {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /things/{{id}}:
    get:
      operationId: getThing
      parameters:
        - {{name: id, in: path, required: true, schema: {id}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  when: {when}
"#
        )
    };
    let base = spec("{type: string}", "{type: string, format: date-time}");
    let rules = |new: &str| -> Vec<(String, Level)> {
        findings(&base, new)
            .into_iter()
            .map(|f| (f.rule, f.level))
            .collect()
    };
    // A format added to a request parameter: values that were fine may be refused.
    assert_eq!(
        rules(&spec(
            "{type: string, format: uuid}",
            "{type: string, format: date-time}"
        )),
        vec![("request-parameter-format-added".to_string(), Level::Warning)]
    );
    // A response's format changed: a client that parses it fails.
    let changed = rules(&spec("{type: string}", "{type: string, format: date}"));
    assert_eq!(
        changed,
        vec![(
            "response-property-format-changed".to_string(),
            Level::Breaking
        )]
    );
    // A response's format removed: any string may now come back.
    assert_eq!(
        rules(&spec("{type: string}", "{type: string}")),
        vec![(
            "response-property-format-removed".to_string(),
            Level::Warning
        )]
    );
}

#[test]
fn respelled_enum_values_are_renames_and_break() {
    let spec = |values: &str| {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /jobs:
    get:
      operationId: listJobs
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  state: {{type: string, enum: [{values}]}}
"#
        )
    };
    let found = findings(
        &spec("actionFailed, actionSucceeded, pending"),
        &spec("action_failed, action-succeeded, pending, queued"),
    );
    let rules: Vec<(&str, Level, &str)> = found
        .iter()
        .map(|f| (f.rule.as_str(), f.level, f.message.as_str()))
        .collect();
    assert_eq!(
        rules,
        vec![
            (
                "response-property-enum-value-renamed",
                Level::Breaking,
                "response 200 body/state: enum value `actionFailed` renamed to `action_failed`"
            ),
            (
                "response-property-enum-value-renamed",
                Level::Breaking,
                "response 200 body/state: enum value `actionSucceeded` renamed to `action-succeeded`"
            ),
            (
                "response-property-enum-value-added",
                Level::Warning,
                "response 200 body/state: enum value `queued` added"
            ),
        ],
        "{found:#?}"
    );
}

#[test]
fn a_pattern_respelled_as_an_equivalent_regex_is_no_change() {
    let respelled = edited(&[("pattern: '^[a-z]+$'", r"pattern: '^(?:[a-z]){1,}$'")]);
    assert!(
        findings(BASE, &respelled).is_empty(),
        "{:#?}",
        findings(BASE, &respelled)
    );
    let escaped = |colon: &str| {
        edited(&[(
            "pattern: '^[a-z]+$'",
            &format!("pattern: '^[a-z]+{colon}[0-9]$'"),
        )])
    };
    assert!(findings(&escaped(r"\:"), &escaped(":")).is_empty());
    // A real change still shows, as a warning at most.
    let found = findings(&escaped(":"), &escaped(";"));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].rule.as_str(), found[0].level),
        ("request-property-pattern-changed", Level::Warning)
    );
}

#[test]
fn a_length_bound_the_anchored_pattern_already_sets_is_no_change() {
    let bounded = |max_length: &str| {
        edited(&[(
            "name: {type: string, maxLength: 10, pattern: '^[a-z]+$'}",
            &format!("name: {{type: string{max_length}, pattern: '^[a-z]{{1,10}}$'}}"),
        )])
    };
    // maxLength removed, or loosened, where the pattern bounds the length the same way.
    assert!(findings(&bounded(", maxLength: 10"), &bounded("")).is_empty());
    assert!(findings(&bounded(", maxLength: 10"), &bounded(", maxLength: 40")).is_empty());
    assert!(findings(&bounded(""), &bounded(", maxLength: 10")).is_empty());
    // Below what the pattern allows, the keyword is a real limit.
    let found = findings(&bounded(""), &bounded(", maxLength: 5"));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "request-property-max-length-decreased");
    assert!(found[0].message.contains("10 to 5"), "{found:#?}");
    // An unanchored pattern bounds nothing: removing maxLength loosens.
    let unanchored = |max_length: &str| {
        edited(&[(
            "name: {type: string, maxLength: 10, pattern: '^[a-z]+$'}",
            &format!("name: {{type: string{max_length}, pattern: '[a-z]{{1,10}}'}}"),
        )])
    };
    let found = findings(&unanchored(", maxLength: 10"), &unanchored(""));
    assert_eq!(
        found[0].rule, "request-property-max-length-unset",
        "{found:#?}"
    );
}

/// A response whose body is `Event`: a oneOf of an inline object and a
/// `$ref`, the inline one an allOf of a shared base and its own part.
fn composed(kind_values: &str, extra: &str) -> String {
    format!(
        r#"openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /events:
    get:
      operationId: listEvents
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {{$ref: '#/components/schemas/Event'}}
components:
  schemas:
    Base:
      type: object
      properties:
        id: {{type: string}}
    Event:
      oneOf:
        - allOf:
            - $ref: '#/components/schemas/Base'
            - type: object
              properties:
                kind: {{type: string, enum: [{kind_values}]}}
                tags:
                  type: object
                  additionalProperties: {{type: string{extra}}}
        - $ref: '#/components/schemas/Base'
"#
    )
}

#[test]
fn locations_are_named_the_spec_way_not_by_generated_types() {
    let found = findings(
        &composed("a, b", ""),
        &composed("a, b, c", ", maxLength: 3"),
    );
    let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "response 200 body/items/oneOf[0]/allOf[1]/kind: enum value `c` added",
            "response 200 body/items/oneOf[0]/allOf[1]/tags/additionalProperties: max-length set (none to 3)",
        ],
        "{found:#?}"
    );
    let pointers: Vec<&str> = found
        .iter()
        .map(|f| f.new.as_ref().unwrap().pointer.as_str())
        .collect();
    assert!(
        pointers.contains(&"#/components/schemas/Event/oneOf/0/allOf/1/properties/kind"),
        "{pointers:?}"
    );
}

#[test]
fn formats_without_a_rust_type_are_compared_too() {
    let spec = |query: &str, property: &str| {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /users:
    post:
      operationId: addUser
      parameters:
        - {{name: site, in: query, schema: {query}}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                contact: {property}
      responses:
        '204': {{description: done}}
"#
        )
    };
    let rules = |old: &str, new: &str| -> Vec<(String, Level, String)> {
        findings(old, new)
            .into_iter()
            .map(|f| (f.rule, f.level, f.message))
            .collect()
    };
    let base = spec("{type: string}", "{type: string, format: email}");
    assert_eq!(
        rules(
            &base,
            &spec(
                "{type: string, format: uri}",
                "{type: string, format: email}"
            )
        ),
        vec![(
            "request-parameter-format-added".to_string(),
            Level::Warning,
            "query parameter `site`: format `uri` added".to_string()
        )]
    );
    assert_eq!(
        rules(
            &base,
            &spec("{type: string}", "{type: string, format: hostname}")
        ),
        vec![(
            "request-property-format-changed".to_string(),
            Level::Breaking,
            "body/contact: format changed from `email` to `hostname`".to_string()
        )]
    );
    // A length check keeps a date-time as text; its format still counts.
    let bounded = |format: &str| {
        spec(
            "{type: string}",
            &format!("{{type: string, format: {format}, maxLength: 40}}"),
        )
    };
    assert_eq!(
        rules(&bounded("date-time"), &bounded("date"))
            .into_iter()
            .map(|(rule, level, _)| (rule, level))
            .collect::<Vec<_>>(),
        vec![(
            "request-property-format-changed".to_string(),
            Level::Breaking
        )]
    );
}
