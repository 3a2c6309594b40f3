//! Name bookkeeping for lowering: two spec names that map to one Rust
//! identifier are an error that names both places, never a silent overwrite.

use std::collections::BTreeMap;

use crate::error::{Error, Location};
use crate::ident;

#[derive(Default)]
pub(crate) struct Namespace {
    taken: BTreeMap<String, (String, Location)>,
}

impl Namespace {
    /// Claims `rust_name` for the spec name `wire_name` found at `at`.
    pub fn claim(&mut self, rust_name: &str, wire_name: &str, at: &Location) -> Result<(), Error> {
        let spelled = ident::spelled(rust_name);
        if let Some((other_wire, other_at)) = self.taken.get(&spelled) {
            return Err(Error::Invalid {
                at: at.clone(),
                message: format!(
                    "`{wire_name}` and `{other_wire}` (at {}) both become the Rust name `{spelled}`; rename one",
                    other_at.pointer
                ),
            });
        }
        self.taken
            .insert(spelled, (wire_name.to_string(), at.clone()));
        Ok(())
    }

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
