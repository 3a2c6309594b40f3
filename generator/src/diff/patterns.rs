//! What a `pattern` means, as opposed to how it is spelled: two patterns
//! that parse to the same regular expression are the same constraint, and
//! an anchored pattern bounds a string's length whether or not `minLength`
//! and `maxLength` say so.
//!
//! Patterns are parsed with `regex-syntax`, the parser behind the `regex`
//! crate. One it cannot read (lookaround, backreferences) is parsed with
//! `fancy-regex`, the runtime's matcher, whose tree keeps the plain parts
//! as `regex` syntax; those parts are compared by their `regex-syntax`
//! parse in turn.

use regex_syntax::hir::{Hir, HirKind, Look};

/// A pattern parsed, with the spelling that does not change what it
/// matches removed: escapes of characters that need none, `{1}`,
/// redundant groups, and the difference between capturing and
/// non-capturing groups (a schema never reads captures).
fn meaning(pattern: &str) -> Option<Hir> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    Some(without_captures(hir))
}

fn without_captures(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Capture(capture) => without_captures(*capture.sub),
        HirKind::Repetition(mut repetition) => {
            repetition.sub = Box::new(without_captures(*repetition.sub));
            Hir::repetition(repetition)
        }
        HirKind::Concat(parts) => Hir::concat(parts.into_iter().map(without_captures).collect()),
        HirKind::Alternation(parts) => {
            Hir::alternation(parts.into_iter().map(without_captures).collect())
        }
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Look(look) => Hir::look(look),
    }
}

/// A pattern with lookaround or backreferences, as `fancy-regex` parses
/// it, with each plain part rewritten in the canonical form of its
/// `regex-syntax` parse and capturing groups unwrapped.
fn fancy_meaning(pattern: &str) -> Option<fancy_regex::Expr> {
    let mut tree = fancy_regex::Expr::parse_tree(pattern).ok()?.expr;
    canonicalise(&mut tree);
    Some(tree)
}

fn canonicalise(expr: &mut fancy_regex::Expr) {
    if let fancy_regex::Expr::Group(child) = expr {
        *expr = (**child).clone();
        return canonicalise(expr);
    }
    if let fancy_regex::Expr::Delegate { inner, .. } = expr {
        if let Some(hir) = meaning(inner) {
            *inner = hir.to_string();
        }
    }
    for child in expr.children_iter_mut() {
        canonicalise(child);
    }
}

/// Whether two patterns accept the same strings, as far as parsing both
/// tells: equal parsed forms are equivalent; anything else is a change.
pub fn equivalent(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (meaning(a), meaning(b)) {
        (Some(a), Some(b)) => a == b,
        _ => match (fancy_meaning(a), fancy_meaning(b)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
    }
}

/// The length bounds, in characters, that a pattern anchored at both ends
/// (`^...$`) puts on a whole string: `(minimum, maximum)`, the maximum
/// `None` when it is unbounded. An unanchored pattern bounds nothing,
/// since it may match anywhere inside a longer string.
pub fn implied_length(pattern: &str) -> Option<(usize, Option<usize>)> {
    let hir = meaning(pattern)?;
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let starts = matches!(
        parts.first().map(Hir::kind),
        Some(HirKind::Look(Look::Start))
    );
    let ends = matches!(parts.last().map(Hir::kind), Some(HirKind::Look(Look::End)));
    (starts && ends).then(|| char_length(&hir))
}

fn char_length(hir: &Hir) -> (usize, Option<usize>) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => (0, Some(0)),
        HirKind::Literal(literal) => {
            let chars = String::from_utf8_lossy(&literal.0).chars().count();
            (chars, Some(chars))
        }
        HirKind::Class(_) => (1, Some(1)),
        HirKind::Capture(capture) => char_length(&capture.sub),
        HirKind::Repetition(repetition) => {
            let (low, high) = char_length(&repetition.sub);
            let min = low.saturating_mul(repetition.min as usize);
            let max = match (repetition.max, high) {
                (_, Some(0)) => Some(0),
                (Some(times), Some(high)) => high.checked_mul(times as usize),
                _ => None,
            };
            (min, max)
        }
        HirKind::Concat(parts) => parts.iter().map(char_length).fold(
            (0, Some(0)),
            |(low, high), (part_low, part_high)| {
                let high = high.zip(part_high).and_then(|(a, b)| a.checked_add(b));
                (low.saturating_add(part_low), high)
            },
        ),
        HirKind::Alternation(parts) => {
            let lengths: Vec<_> = parts.iter().map(char_length).collect();
            let low = lengths.iter().map(|l| l.0).min().unwrap_or(0);
            let high = lengths
                .iter()
                .map(|l| l.1)
                .try_fold(0, |max, high| high.map(|h| max.max(h)));
            (low, high)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn respellings_of_one_regex_are_equivalent() {
        for (a, b) in [
            (r"^a\:b$", "^a:b$"),
            (r"^[a-z]{1}x$", "^[a-z]x$"),
            (r"^(ab)+$", r"^(?:ab)+$"),
            (r"^[ab]$", r"^(a|b)$"),
            (r"^[a-cx]$", r"^[xa-c]$"),
            (r"\-", "-"),
            // Lookahead, which only fancy-regex reads.
            (r"^(?!x)[a-z0-9-]+$", r"^(?!x)[a-z0-9\-]+$"),
            (r"^(?![0-9]{3}$)(a)\:$", r"^(?![0-9]{3}$)(?:a):$"),
        ] {
            assert!(equivalent(a, b), "{a} and {b}");
        }
    }

    #[test]
    fn different_regexes_are_not_equivalent() {
        for (a, b) in [
            ("^a:b$", "^a:c$"),
            ("^[a-z]+$", "^[a-z]*$"),
            ("^a", "^a$"),
            // Lookaheads, read by fancy-regex.
            ("^(?=a)a$", "^(?=a)a+$"),
            ("^(?!a)[a-z]$", "^(?=a)[a-z]$"),
            ("^(?!x)[a-z]+$", "^(?!x)[a-y]+$"),
        ] {
            assert!(!equivalent(a, b), "{a} and {b}");
        }
    }

    #[test]
    fn anchored_patterns_imply_length_bounds_in_characters() {
        assert_eq!(implied_length("^[a-z]{3,8}$"), Some((3, Some(8))));
        assert_eq!(implied_length("^[a-z]+$"), Some((1, None)));
        assert_eq!(implied_length("^(ab|c)-é{2}$"), Some((4, Some(5))));
        assert_eq!(implied_length(r"^\d{4}-\d{2}$"), Some((7, Some(7))));
        assert_eq!(implied_length("^(x{0})*$"), Some((0, Some(0))));
        assert_eq!(implied_length("[a-z]{3}"), None, "unanchored");
        assert_eq!(
            implied_length("^[a-z]{3}"),
            None,
            "anchored at one end only"
        );
    }
}
