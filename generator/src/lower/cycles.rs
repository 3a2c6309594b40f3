//! Recursive types need indirection: a struct that holds itself by value has
//! infinite size. Whole-model analysis before emission finds every by-value
//! edge that lies on a cycle and boxes it. `Vec` and maps are already
//! indirect, so only direct fields, `Option`s and union variants count.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{TypeDef, TypeKind, TypeRef};

/// The named type a reference holds by value, if any.
fn by_value(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Option(inner) => by_value(inner),
        _ => None,
    }
}

fn edges(def: &TypeDef) -> Vec<&str> {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| by_value(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| by_value(&v.ty)).collect(),
        TypeKind::Constrained(c) => by_value(&c.inner).into_iter().collect(),
        TypeKind::Alias(ty) => by_value(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Whether `from` reaches `to` through by-value edges.
fn reaches(types: &BTreeMap<String, TypeDef>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(name) = stack.pop() {
        if name == to {
            return true;
        }
        if !seen.insert(name) {
            continue;
        }
        if let Some(def) = types.get(name) {
            stack.extend(edges(def));
        }
    }
    false
}

pub(crate) fn box_recursive_edges(types: &mut BTreeMap<String, TypeDef>) {
    let mut to_box: Vec<(String, usize)> = Vec::new();
    for (name, def) in types.iter() {
        let targets: Vec<Option<&str>> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| by_value(&f.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| by_value(&v.ty)).collect(),
            _ => continue,
        };
        for (index, target) in targets.into_iter().enumerate() {
            if target.is_some_and(|t| reaches(types, t, name)) {
                to_box.push((name.clone(), index));
            }
        }
    }
    for (name, index) in to_box {
        match types.get_mut(&name).map(|d| &mut d.kind) {
            Some(TypeKind::Struct(s)) => s.fields[index].boxed = true,
            Some(TypeKind::Union(u)) => u.variants[index].boxed = true,
            _ => {}
        }
    }
}
