//! Every identifier decision lives here: case conversion with heck, then one
//! sanitiser for keywords, leading digits and characters Rust does not allow.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords usable as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Names from Rust's prelude that generated code writes unqualified
/// (`Option<String>`, not `::std::option::Option<::std::string::String>`).
/// A spec type may not take one, or it would shadow the prelude's in its
/// module; it takes a numeric suffix instead.
#[rustfmt::skip]
pub const PRELUDE_NAMES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Clone", "PartialEq",
    "Eq", "Default", "Into", "From", "TryFrom", "Send", "Sync",
    // From serde, imported by the `types.rs` files that use them.
    "Serialize", "Deserialize", "Serializer", "Deserializer",
];

/// Keywords that cannot be raw identifiers; they take a trailing underscore.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Keeps ASCII letters, digits and underscores; turns everything else into a
/// word break so heck splits there. Non-ASCII text (a Chinese enum value, say)
/// has no ASCII spelling and yields an empty string, which callers replace.
fn ascii_words(raw: &str) -> String {
    // `+1` and `-1` (GitHub's reactions) must not both become `_1`.
    let raw = match raw.as_bytes() {
        [b'+', d, ..] if d.is_ascii_digit() => format!("plus {}", &raw[1..]),
        [b'-', d, ..] if d.is_ascii_digit() => format!("minus {}", &raw[1..]),
        _ => raw.to_string(),
    };
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// `workspace_name`, `r#type`, `self_`, `_3d`.
pub fn snake(raw: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name.push_str("value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
}

/// `CreateWorkspaceRequest`, `V200`, `SelfType`.
pub fn pascal(raw: &str) -> String {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name.push_str("Value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push_str("Type");
    }
    name
}

/// `SCREAMING_CASE` for constants.
pub fn screaming(raw: &str) -> String {
    snake(raw).trim_start_matches("r#").to_ascii_uppercase()
}

/// Turns a name made by [`snake`] or [`pascal`] into a token, as a raw
/// identifier for keywords and with a suffix where raw is not allowed.
pub fn ident(name: &str) -> Ident {
    if NON_RAW_KEYWORDS.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if RAW_KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The identifier as it will appear in source, for collision checks.
pub fn spelled(name: &str) -> String {
    ident(name).to_string()
}

/// A local variable of emitted code: `base`, or `base_`, `base__`, ...
/// where one of the spec's own names in scope (`taken`) already is `base`.
pub fn local(base: &str, taken: &[&Ident]) -> Ident {
    let mut name = base.to_string();
    while taken.iter().any(|t| *t == &name) {
        name.push('_');
    }
    Ident::new(&name, Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_steps_aside_for_the_spec_s_names() {
        let (input, input_) = (ident("input"), ident("input_"));
        assert_eq!(local("input", &[]), "input");
        assert_eq!(local("input", &[&ident("limit")]), "input");
        assert_eq!(local("input", &[&input]), "input_");
        assert_eq!(local("input", &[&input, &input_]), "input__");
    }

    #[test]
    fn table() {
        let cases: &[(&str, &str, &str)] = &[
            // raw, snake, Pascal
            ("WorkspaceName", "workspace_name", "WorkspaceName"),
            ("desktop_ids", "desktop_ids", "DesktopIds"),
            ("x-acs-request-id", "x_acs_request_id", "XAcsRequestId"),
            ("list pets", "list_pets", "ListPets"),
            ("type", "r#type", "Type"),
            ("self", "self_", "SelfType"),
            ("Self", "self_", "SelfType"),
            ("super", "super_", "Super"),
            ("crate", "crate_", "Crate"),
            ("3d", "_3d", "V3d"),
            ("工作空间", "value", "Value"),
            ("DESKTOP_SHARER", "desktop_sharer", "DesktopSharer"),
            ("", "value", "Value"),
            ("+1", "plus_1", "Plus1"),
            ("-1", "minus_1", "Minus1"),
        ];
        for (raw, snake_want, pascal_want) in cases {
            assert_eq!(spelled(&snake(raw)), *snake_want, "snake({raw:?})");
            assert_eq!(spelled(&pascal(raw)), *pascal_want, "pascal({raw:?})");
        }
    }
}
