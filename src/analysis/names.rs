//! What deliverables and lists call an element, so that every finding can be
//! told apart: a node by its name, a flow by its label, or by
//! "label (source → target)" when that label is empty or not unique in the
//! engagement (labels such as "HTTPS" repeat; the report spans diagrams).

use crate::model::{Element, ElementKind, State};
use std::collections::HashMap;

/// An element's own name, or "Unnamed process" (its kind) when blank.
pub fn display_name(e: &Element) -> String {
    let name = e.name.trim();
    if name.is_empty() {
        format!("Unnamed {}", e.kind.label().to_lowercase())
    } else {
        name.to_string()
    }
}

/// Where an element is, for a title: a flow's "source → target", else its name.
pub fn location(state: &State, e: &Element) -> String {
    if e.kind != ElementKind::DataFlow {
        return display_name(e);
    }
    let end = |id: &Option<String>| {
        id.as_ref()
            .and_then(|i| state.elements.get(i))
            .map_or_else(|| "?".to_string(), display_name)
    };
    format!("{} → {}", end(&e.source), end(&e.target))
}

fn key(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

fn named(state: &State, e: &Element, unique: bool) -> String {
    if e.kind != ElementKind::DataFlow {
        return display_name(e);
    }
    match e.name.trim() {
        "" => location(state, e),
        label if unique => label.to_string(),
        label => format!("{label} ({})", location(state, e)),
    }
}

/// Asset names for many elements: the labels counted once.
pub struct Names<'a> {
    state: &'a State,
    counts: HashMap<String, u32>,
}

impl<'a> Names<'a> {
    pub fn new(state: &'a State) -> Self {
        let mut counts = HashMap::new();
        for e in state
            .elements
            .values()
            .filter(|e| e.kind != ElementKind::TrustBoundary)
        {
            *counts.entry(key(&e.name)).or_insert(0) += 1;
        }
        Names { state, counts }
    }

    /// The element as deliverables name it (see the module's header).
    pub fn of(&self, e: &Element) -> String {
        let unique = self.counts.get(&key(&e.name)).copied().unwrap_or(0) <= 1;
        named(self.state, e, unique)
    }
}

/// One element's asset name, without building `Names` (scans the elements).
pub fn asset_name(state: &State, e: &Element) -> String {
    let label = e.name.trim();
    let unique = e.kind != ElementKind::DataFlow
        || !state.elements.values().any(|o| {
            o.id != e.id
                && o.kind != ElementKind::TrustBoundary
                && o.name.trim().eq_ignore_ascii_case(label)
        });
    named(state, e, unique)
}
