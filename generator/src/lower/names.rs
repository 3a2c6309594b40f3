//! Name bookkeeping for lowering. Two spec names that map to one Rust
//! identifier (`userId` and `user_id`, `+1` and `-1`) both stay usable: the
//! later one takes a numeric suffix, in document order, so output is stable.
//! The wire name is kept beside the Rust name, so nothing changes on the wire.

use std::collections::BTreeSet;

use crate::ident;

#[derive(Default)]
pub(crate) struct Namespace {
    /// Identifiers as spelled in source (`r#type`), so keywords compare right.
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where `names` are taken from the start.
    pub fn reserving(names: &[&str]) -> Namespace {
        Namespace {
            taken: names.iter().map(|n| ident::spelled(n)).collect(),
        }
    }

    pub fn contains(&self, rust_name: &str) -> bool {
        self.taken.contains(&ident::spelled(rust_name))
    }

    /// Claims `stem`, or `stem2`, `stem3`, ... when it is taken.
    pub fn claim_fresh(&mut self, stem: &str) -> String {
        let mut candidate = stem.to_string();
        let mut n = 2;
        while self.contains(&candidate) {
            candidate = format!("{stem}{n}");
            n += 1;
        }
        self.taken.insert(ident::spelled(&candidate));
        candidate
    }
}
