//! The model as a Threat Dragon v2 file (written as 2.6.0), one that
//! validates against Threat Dragon's `threat-dragon-v2.schema.json` and
//! that Threat Dragon opens.
//!
//! Each diagram's cells in x6 form: nodes with `position`/`size`, flows with
//! `source: {cell}`/`target: {cell}`, box boundaries as `trust-boundary-box`
//! (each its own cell with its own geometry: Threat Dragon nests nothing, so
//! nested boxes are written side by side, the inner above the outer), line
//! boundaries as `trust-boundary-curve` through their points. What an import
//! from Threat Dragon kept in `foreign["threat-dragon"]` is merged back
//! (attrs, ports, zIndex, vertices, unknown keys; the source's own spelling of
//! a name, a threat type, a status or a severity where it still maps to what
//! Threatloom holds); elements from elsewhere get Threat Dragon's defaults.
//! Properties Threat Dragon has no flag for are written under
//! `data.threatloomProperties`, which Threat Dragon keeps and ignores.

mod cells;
mod geometry;
mod labels;
mod stream;
mod threats;

use crate::error::{Error, Result};
use crate::model::{Diagram, Element, ElementKind, State, Threat};
use cells::fix;
use serde_json::{json, Map, Value};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use stream::{DiagramOut, Doc};

const FOREIGN: &str = "threat-dragon";
const ORIGINALS: &str = "$originals";
const VERSION: &str = "2.6.0";
/// Where properties Threat Dragon has no flag for are written.
pub const OTHER_PROPS: &str = "threatloomProperties";
/// Where a threat's state is kept when Threat Dragon's status reads back as
/// another (an accepted risk is "Open" in Threat Dragon 2.6).
pub const STATE: &str = "threatloomState";
/// Where a threat on several elements lists them (it is written on each, so
/// a re-import makes one threat of the copies).
pub const ELEMENTS: &str = "threatloomElements";

/// The engagement's diagrams, elements and threats as Threat Dragon v2 JSON.
pub fn write(state: &State) -> Result<String> {
    let mut diagrams: Vec<&Diagram> = state.diagrams.values().collect();
    diagrams.sort_by_key(|d| (d.position, d.id.clone()));
    let mut by_diagram: HashMap<&str, Vec<&Element>> = HashMap::new();
    for e in state.elements.values() {
        by_diagram.entry(e.diagram_id.as_str()).or_default().push(e);
    }
    let mut threats_on: HashMap<&str, Vec<&Threat>> = HashMap::new();
    // Threat Dragon shows a threat only on the cell that lists it: one on
    // several elements is written on each (the same entry, the same id).
    for t in state.threats.values() {
        let mut seen = Vec::new();
        for id in t
            .element_ids
            .iter()
            .filter(|id| state.elements.contains_key(*id))
        {
            if !seen.contains(&id) {
                seen.push(id);
                threats_on.entry(id.as_str()).or_default().push(t);
            }
        }
    }
    let kept_model = diagrams
        .iter()
        .filter_map(|d| kept(&d.foreign))
        .find_map(|f| f.get("model").and_then(Value::as_object).cloned())
        .unwrap_or_default();
    let part = |k: &str| {
        kept_model
            .get(k)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };

    let mut summary = part("summary");
    summary.insert("title".into(), json!(state.info.name));
    summary.insert("description".into(), json!(state.info.description));
    if !summary.get("owner").is_some_and(Value::is_string) {
        summary.insert("owner".into(), json!(""));
    }
    let id_ok = match summary.get("id") {
        Some(Value::Number(n)) => n.as_u64().is_some(),
        Some(Value::String(s)) => s.chars().count() >= 2,
        _ => false,
    };
    if !id_ok {
        summary.insert("id".into(), json!(0));
    }
    let mut detail = part("detail");
    if !detail.get("contributors").is_some_and(|c| {
        c.as_array()
            .is_some_and(|a| a.iter().all(|x| x.is_object()))
    }) {
        detail.insert("contributors".into(), json!([]));
    }
    if !detail.get("reviewer").is_some_and(Value::is_string) {
        detail.insert("reviewer".into(), json!(""));
    }
    let threat_top = detail
        .remove("threatTop")
        .and_then(|t| t.as_u64())
        .unwrap_or(0);
    detail.insert("diagramTop".into(), json!(diagrams.len()));
    detail.remove("diagrams");

    let mut root = part("top");
    root.insert("version".into(), json!(VERSION));
    root.insert("summary".into(), Value::Object(summary));
    root.remove("detail");

    let writer = Writer {
        state,
        threats_on,
        number: Cell::new(0),
        layout: geometry::Layout::of(state),
        written: RefCell::new(HashMap::new()),
    };
    let diagrams = diagrams
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let elements = by_diagram
                .get(d.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            writer.diagram(i, d, elements)
        })
        .collect();
    let doc = Doc {
        root,
        detail,
        threat_top,
        diagrams,
        writer,
    };
    // About what a cell takes, so that the text is seldom moved as it grows.
    let mut out = Vec::with_capacity(1024 * (state.elements.len() + 1));
    serde_json::to_writer_pretty(&mut out, &doc)
        .map_err(|e| Error::invalid(format!("The Threat Dragon file could not be written: {e}")))?;
    String::from_utf8(out)
        .map_err(|e| Error::invalid(format!("The Threat Dragon file could not be written: {e}")))
}

/// What makes the cells (`cells.rs`) and their threats (`threats.rs`).
struct Writer<'a> {
    state: &'a State,
    threats_on: HashMap<&'a str, Vec<&'a Threat>>,
    /// The last threat number given (threats are numbered as written).
    number: Cell<u64>,
    layout: geometry::Layout,
    /// A threat's entry once made, by threat id: its copies on its other
    /// elements are the same entry (one number).
    written: RefCell<HashMap<String, Value>>,
}

impl<'a> Writer<'a> {
    /// The diagram's fields and what its cells are made of.
    fn diagram(&self, index: usize, d: &Diagram, elements: &[&'a Element]) -> DiagramOut<'a> {
        let mut kept = kept(&d.foreign).unwrap_or_default();
        let mut out = kept
            .get("diagram")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        out.insert("id".into(), json!(index));
        out.insert("title".into(), json!(d.name));
        out.insert("version".into(), json!(VERSION));
        if out
            .get("diagramType")
            .and_then(Value::as_str)
            .is_none_or(|t| t.chars().count() < 3)
        {
            out.insert("diagramType".into(), json!("STRIDE"));
        }
        if !out.get("thumbnail").is_some_and(Value::is_string) {
            out.insert(
                "thumbnail".into(),
                json!("./public/content/images/thumbnail.stride.jpg"),
            );
        }
        if !out.get("placeholder").is_some_and(Value::is_string) {
            out.insert(
                "placeholder".into(),
                json!("New STRIDE diagram description"),
            );
        }
        if !out.get("description").is_some_and(Value::is_string) {
            out.insert("description".into(), json!(""));
        }
        out.remove("cells");
        // Outer boxes first, so that inner ones are drawn above them; then
        // nodes, flows and lines.
        let mut order: Vec<&Element> = elements.to_vec();
        order.sort_by(|a, b| {
            let rank = |e: &Element| match e.kind {
                ElementKind::TrustBoundary if e.points.is_empty() => 0,
                ElementKind::DataFlow => 2,
                ElementKind::TrustBoundary => 3,
                _ => 1,
            };
            rank(a)
                .cmp(&rank(b))
                .then(b.rect.area().total_cmp(&a.rect.area()))
                .then(a.id.cmp(&b.id))
        });
        let mut extra = match kept.remove("cells") {
            Some(Value::Array(extra)) => extra,
            _ => Vec::new(),
        };
        extra.iter_mut().for_each(fix);
        DiagramOut {
            fields: out,
            elements: order,
            extra,
        }
    }
}

/// An element's cell id: Threat Dragon wants at least two characters.
fn cell_id(id: &str) -> String {
    if id.chars().count() >= 2 {
        id.to_string()
    } else {
        format!("tl-{id}")
    }
}

fn kept(f: &crate::model::Foreign) -> Option<Map<String, Value>> {
    match serde_json::from_str(f.get(FOREIGN)?) {
        Ok(Value::Object(o)) => Some(o),
        _ => None,
    }
}
