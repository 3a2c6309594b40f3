//! Name bookkeeping for lowering. Two spec names that map to one Rust
//! identifier (`userId` and `user_id`, `+1` and `-1`) both stay usable: the
//! later one takes a numeric suffix, in document order, so output is stable.
//! The wire name is kept beside the Rust name, so nothing changes on the wire.

use std::collections::BTreeMap;

use crate::error::Location;
use crate::ident;

#[derive(Default)]
pub(crate) struct Namespace {
    taken: BTreeMap<String, (String, Location)>,
}

impl Namespace {
    pub fn contains(&self, rust_name: &str) -> bool {
        self.taken.contains_key(&ident::spelled(rust_name))
    }

    /// Claims `stem`, or `stem2`, `stem3`, ... for a name the generator made
    /// up itself (an inline schema), where a clash is not the user's doing.
    pub fn claim_fresh(&mut self, stem: &str, at: &Location) -> String {
        let mut candidate = stem.to_string();
        let mut n = 2;
        while self.contains(&candidate) {
            candidate = format!("{stem}{n}");
            n += 1;
        }
        self.taken
            .insert(ident::spelled(&candidate), (stem.to_string(), at.clone()));
        candidate
    }
}
