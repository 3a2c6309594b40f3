//! Spec descriptions into rustdoc. Spec text is Markdown written for other
//! renderers, so it is made safe for rustdoc: brackets would become broken
//! intra-doc links, `<word>` an HTML tag, bare URLs a lint, and an indented
//! or fenced block a doctest that does not compile.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Docs;

/// `#[doc]` attributes for the summary, description and example.
pub fn doc_attrs(docs: &Docs) -> TokenStream {
    lines_to_attrs(&doc_text(docs))
}

/// The same docs as inner attributes (`//!`), for a module's own file.
pub fn inner_doc_attrs(docs: &Docs) -> TokenStream {
    doc_lines(&doc_text(docs))
        .map(|line| quote!(#![doc = #line]))
        .collect()
}

fn doc_text(docs: &Docs) -> String {
    let mut paragraphs = Vec::new();
    if let Some(summary) = docs.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        paragraphs.push(sanitize(summary));
    }
    if let Some(description) = docs.description.as_deref().filter(|s| !s.trim().is_empty()) {
        // A description that starts by repeating the summary replaces it.
        let summary = docs.summary.as_deref().map(str::trim).unwrap_or_default();
        if !summary.is_empty() && description.trim_start().starts_with(summary) {
            paragraphs.clear();
        }
        paragraphs.push(sanitize(description));
    }
    if let Some(example) = &docs.example {
        paragraphs.push(format!(
            "Example: {}",
            code_span(&crate::model::value_text(example))
        ));
    }
    paragraphs.join("\n\n")
}

/// Extra lines (status, path, defaults) appended as their own paragraph.
pub fn note_attrs(note: &str) -> TokenStream {
    lines_to_attrs(&format!("\n{note}"))
}

fn lines_to_attrs(text: &str) -> TokenStream {
    doc_lines(text).map(|line| quote!(#[doc = #line])).collect()
}

/// Each line with the leading space rustdoc expects after `///`.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.trim_end().lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    })
}

/// A Markdown code span that survives backticks in its content.
pub fn code_span(text: &str) -> String {
    let text = text.replace('\n', " ");
    let fence = if text.contains('`') { "`` " } else { "`" };
    let close = if text.contains('`') { " ``" } else { "`" };
    format!("{fence}{text}{close}")
}

/// Makes one block of Markdown safe for rustdoc.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.trim_end().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            // An opening fence gets `text` so rustdoc does not compile it.
            out.push(if in_fence {
                fence.to_string()
            } else {
                format!("{fence}text")
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
            continue;
        }
        // Four spaces of indent would start a code block, hence a doctest.
        let indent = (line.len() - trimmed.len()).min(3);
        out.push(format!("{}{}", " ".repeat(indent), escape_inline(trimmed)));
    }
    if in_fence {
        out.push("```".to_string());
    }
    out.join("\n")
}

/// Escapes brackets and angle brackets outside code spans, and wraps bare
/// URLs in `<...>` so rustdoc renders them as links.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest
                .find(|ch: char| ch.is_whitespace() || matches!(ch, ')' | '>' | '<' | '"' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '[' | ']' | '<' | '>' | '\\' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    if in_code {
        // An unclosed backtick would swallow what follows; close it.
        out.push('`');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(
            sanitize("EnvTypes: [dev, prod]"),
            "EnvTypes: \\[dev, prod\\]"
        );
        assert_eq!(
            sanitize("Access=<AK>, `a<b>[c]`"),
            "Access=\\<AK\\>, `a<b>[c]`"
        );
        assert_eq!(
            sanitize("see https://x.io/a?b=c."),
            "see <https://x.io/a?b=c>."
        );
        assert_eq!(sanitize("```\nfn x\n```"), "```text\nfn x\n```");
        assert_eq!(sanitize("a\n\n        indented"), "a\n\n   indented");
    }
}
