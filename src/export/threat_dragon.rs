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

use crate::error::{Error, Result};
use crate::model::{
    Diagram, Element, ElementKind, FindingState, PropValue, RiskLevel, State, Threat,
};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Map, Value};
use std::cell::Cell;
use std::collections::HashMap;

const FOREIGN: &str = "threat-dragon";
const ORIGINALS: &str = "$originals";
const VERSION: &str = "2.6.0";
/// Where properties Threat Dragon has no flag for are written.
pub const OTHER_PROPS: &str = "threatloomProperties";
/// Where a threat on several elements lists them (it is written on the first).
pub const ELEMENTS: &str = "threatloomElements";

/// Our property key → Threat Dragon's data key, per kind.
const PROPS: &[(&str, &str, ElementKind)] = {
    use ElementKind::*;
    &[
        ("encrypted_in_transit", "isEncrypted", DataFlow),
        ("protocol", "protocol", DataFlow),
        ("Public network", "isPublicNetwork", DataFlow),
        ("Bidirectional", "isBidirectional", DataFlow),
        ("encrypted_at_rest", "isEncrypted", DataStore),
        ("stores_credentials", "storesCredentials", DataStore),
        ("is_log", "isALog", DataStore),
        ("Signed", "isSigned", DataStore),
        ("Stores inventory", "storesInventory", DataStore),
        ("Privilege level", "privilegeLevel", Process),
        ("Web application", "isWebApplication", Process),
        ("Handles card payment", "handlesCardPayment", Process),
        (
            "Handles goods or services",
            "handlesGoodsOrServices",
            Process,
        ),
        (
            "Provides authentication",
            "providesAuthentication",
            ExternalEntity,
        ),
    ]
};

/// The engagement's diagrams, elements and threats as Threat Dragon v2 JSON.
pub fn write(state: &State) -> Result<String> {
    let mut diagrams: Vec<&Diagram> = state.diagrams.values().collect();
    diagrams.sort_by_key(|d| (d.position, d.id.clone()));
    let mut by_diagram: HashMap<&str, Vec<&Element>> = HashMap::new();
    for e in state.elements.values() {
        by_diagram.entry(e.diagram_id.as_str()).or_default().push(e);
    }
    let mut threats_on: HashMap<&str, Vec<&Threat>> = HashMap::new();
    for t in state.threats.values() {
        if let Some(first) = t
            .element_ids
            .iter()
            .find(|id| state.elements.contains_key(*id))
        {
            threats_on.entry(first.as_str()).or_default().push(t);
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

/// The file, written as a `Value` of it would be (keys in order, pretty),
/// without one ever being built: each cell is made when the serializer
/// reaches it and dropped once written, so that 10,000 cells never sit in
/// memory as trees.
struct Doc<'a> {
    /// The model's own fields and `summary`, without `detail`.
    root: Map<String, Value>,
    /// `detail` without `diagrams` and `threatTop`.
    detail: Map<String, Value>,
    /// The source's `threatTop`.
    threat_top: u64,
    diagrams: Vec<DiagramOut<'a>>,
    writer: Writer<'a>,
}

/// A diagram's fields without `cells`, what goes in them, in order.
struct DiagramOut<'a> {
    fields: Map<String, Value>,
    elements: Vec<&'a Element>,
    /// Cells kept verbatim from the source (text blocks, unknown shapes).
    extra: Vec<Value>,
}

/// `map`'s entries and the `late` ones, each written by `late_entry` when
/// its key's turn comes: the order of a `Map` holding them all.
fn entries<M: SerializeMap>(
    m: &mut M,
    map: &Map<String, Value>,
    late: &[&str],
    mut late_entry: impl FnMut(&mut M, &str) -> std::result::Result<(), M::Error>,
) -> std::result::Result<(), M::Error> {
    let mut late = late.iter().peekable();
    for (k, v) in map {
        while let Some(l) = late.next_if(|l| **l < k.as_str()) {
            late_entry(m, l)?;
        }
        m.serialize_entry(k, v)?;
    }
    for l in late {
        late_entry(m, l)?;
    }
    Ok(())
}

impl Serialize for Doc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.root.len() + 1))?;
        entries(&mut m, &self.root, &["detail"], |m, k| {
            m.serialize_entry(k, &Detail(self))
        })?;
        m.end()
    }
}

struct Detail<'a, 'b>(&'b Doc<'a>);

impl Serialize for Detail<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let doc = self.0;
        let mut m = s.serialize_map(Some(doc.detail.len() + 2))?;
        // "diagrams" sorts before "threatTop": the threats are numbered by
        // the time the top is written.
        entries(&mut m, &doc.detail, &["diagrams", "threatTop"], |m, k| {
            if k == "diagrams" {
                let list: Vec<Cells> = doc.diagrams.iter().map(|d| Cells(&doc.writer, d)).collect();
                m.serialize_entry(k, &list)
            } else {
                let top = doc.threat_top.max(doc.writer.number.get());
                m.serialize_entry(k, &top)
            }
        })?;
        m.end()
    }
}

/// A diagram with its cells.
struct Cells<'a, 'b>(&'b Writer<'a>, &'b DiagramOut<'a>);

impl Serialize for Cells<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let Cells(w, d) = self;
        let mut m = s.serialize_map(Some(d.fields.len() + 1))?;
        entries(&mut m, &d.fields, &["cells"], |m, k| {
            m.serialize_entry(k, &CellList(w, d))
        })?;
        m.end()
    }
}

struct CellList<'a, 'b>(&'b Writer<'a>, &'b DiagramOut<'a>);

impl Serialize for CellList<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let CellList(w, d) = self;
        let mut seq = s.serialize_seq(Some(d.elements.len() + d.extra.len()))?;
        for e in &d.elements {
            seq.serialize_element(&w.cell(e))?;
        }
        for c in &d.extra {
            seq.serialize_element(c)?;
        }
        seq.end()
    }
}

struct Writer<'a> {
    state: &'a State,
    threats_on: HashMap<&'a str, Vec<&'a Threat>>,
    /// The last threat number given (threats are numbered as written).
    number: Cell<u64>,
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

    fn cell(&self, e: &Element) -> Value {
        let mut kept = kept(&e.foreign).unwrap_or_default();
        let originals = kept
            .remove(ORIGINALS)
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        let mut cell = defaults(e);
        merge(&mut cell, &Value::Object(kept));
        let Value::Object(c) = &mut cell else {
            return cell;
        };
        let line = e.is_line();
        let (shape, ty) = match e.kind {
            ElementKind::ExternalEntity => ("actor", "tm.Actor"),
            ElementKind::Process => ("process", "tm.Process"),
            ElementKind::DataStore => ("store", "tm.Store"),
            ElementKind::DataFlow => ("flow", "tm.Flow"),
            ElementKind::TrustBoundary if line => ("trust-boundary-curve", "tm.Boundary"),
            ElementKind::TrustBoundary => ("trust-boundary-box", "tm.BoundaryBox"),
        };
        c.insert("id".into(), json!(cell_id(&e.id)));
        c.insert("shape".into(), json!(shape));
        if c.get("zIndex").is_none_or(|z| z.as_i64().is_none()) {
            let z = match e.kind {
                ElementKind::TrustBoundary if !line => -1,
                ElementKind::DataFlow | ElementKind::TrustBoundary => 10,
                _ => 1,
            };
            c.insert("zIndex".into(), json!(z));
        }

        // The source's spelling of the name where it still is ours.
        let name = match originals.get("name").and_then(Value::as_array) {
            Some(pair) if pair.get(1).and_then(Value::as_str) == Some(e.name.as_str()) => pair
                .first()
                .and_then(Value::as_str)
                .unwrap_or(&e.name)
                .to_string(),
            _ => e.name.clone(),
        };
        set_label(c, e, &name);

        match e.kind {
            ElementKind::DataFlow => {
                for (key, end) in [("source", &e.source), ("target", &e.target)] {
                    let kept_cell = c
                        .get(key)
                        .and_then(|v| v.get("cell"))
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    match end {
                        Some(id) if kept_cell.as_deref() == Some(cell_id(id).as_str()) => {}
                        Some(id) => {
                            c.insert(key.into(), json!({ "cell": cell_id(id) }));
                        }
                        None => {
                            // A loose end: where the source drew it, else
                            // beside the other end.
                            let is_point = c.get(key).is_some_and(|v| v.get("x").is_some());
                            if !is_point {
                                let other = if key == "source" {
                                    &e.target
                                } else {
                                    &e.source
                                };
                                let (x, y) = other
                                    .as_ref()
                                    .and_then(|o| self.state.elements.get(o))
                                    .map(|o| o.rect.centre())
                                    .unwrap_or((0.0, 0.0));
                                let dx = if key == "source" { -150.0 } else { 150.0 };
                                c.insert(
                                    key.into(),
                                    json!({ "x": (x + dx).round() as i64, "y": y.round() as i64 }),
                                );
                            }
                        }
                    }
                }
                let bidi = e.props.get("Bidirectional") == Some(&PropValue::Bool(true));
                if let Some(l) = c
                    .get_mut("attrs")
                    .and_then(|a| a.get_mut("line"))
                    .and_then(Value::as_object_mut)
                {
                    let marker = if bidi { "block" } else { "" };
                    let has = l
                        .get("sourceMarker")
                        .and_then(|m| m.get("name").or(Some(m)))
                        .and_then(Value::as_str)
                        .is_some_and(|n| !n.is_empty());
                    if has != bidi {
                        l.insert("sourceMarker".into(), json!({ "name": marker }));
                    }
                }
            }
            ElementKind::TrustBoundary if line => {
                let first = e.points.first().copied().unwrap_or_default();
                let last = e.points.last().copied().unwrap_or_default();
                c.insert(
                    "source".into(),
                    json!({ "x": first.x.round() as i64, "y": first.y.round() as i64 }),
                );
                c.insert(
                    "target".into(),
                    json!({ "x": last.x.round() as i64, "y": last.y.round() as i64 }),
                );
                let inner = e
                    .points
                    .get(1..e.points.len().saturating_sub(1))
                    .unwrap_or(&[]);
                c.insert(
                    "vertices".into(),
                    Value::Array(
                        inner
                            .iter()
                            .map(|p| json!({ "x": p.x, "y": p.y }))
                            .collect(),
                    ),
                );
                c.remove("position");
                c.remove("size");
            }
            _ => {
                c.insert("position".into(), json!({ "x": e.rect.x, "y": e.rect.y }));
                c.insert(
                    "size".into(),
                    json!({ "width": e.rect.width.max(10.0), "height": e.rect.height.max(10.0) }),
                );
            }
        }

        // data
        let mut data = match c.remove("data") {
            Some(Value::Object(d)) => d,
            _ => Map::new(),
        };
        let kept_type = data.get("type").and_then(Value::as_str).unwrap_or("");
        let keep_type = matches!(
            (e.kind, line, kept_type),
            (
                ElementKind::TrustBoundary,
                false,
                "tm.Boundary" | "tm.BoundaryBox"
            ) | (ElementKind::DataFlow, _, "tm.Flow" | "tm.FlowStencil")
        );
        if !keep_type {
            data.insert("type".into(), json!(ty));
        }
        data.insert("name".into(), json!(name));
        data.insert("description".into(), json!(e.description));
        let boundary = e.kind == ElementKind::TrustBoundary;
        if boundary {
            data.insert("isTrustBoundary".into(), json!(true));
        } else {
            let out = e.is_out_of_scope();
            data.insert("outOfScope".into(), json!(out));
            let reason = match e.props.get("out_of_scope_reason") {
                Some(PropValue::Text(t)) => t.clone(),
                _ => String::new(),
            };
            data.insert("reasonOutOfScope".into(), json!(reason));
        }
        let mut others = Map::new();
        for (key, value) in &e.props {
            if matches!(key.as_str(), "out_of_scope" | "out_of_scope_reason") {
                continue;
            }
            match PROPS
                .iter()
                .find(|(ours, _, k)| ours == key && *k == e.kind)
            {
                Some((_, td, _)) => {
                    data.insert((*td).into(), prop_json(value));
                }
                None => {
                    others.insert(key.clone(), prop_json(value));
                }
            }
        }
        if others.is_empty() {
            data.remove(OTHER_PROPS);
        } else {
            data.insert(OTHER_PROPS.into(), Value::Object(others));
        }
        let threats = self
            .threats_on
            .get(e.id.as_str())
            .cloned()
            .unwrap_or_default();
        let open = threats.iter().any(|t| t.lifecycle.is_open());
        data.insert("hasOpenThreats".into(), json!(open));
        // Threat Dragon draws no threats on a boundary; one imported there is
        // still written, so that nothing is lost.
        if !boundary || !threats.is_empty() {
            let list: Vec<Value> = threats.iter().map(|t| self.threat(t)).collect();
            data.insert("threats".into(), Value::Array(list));
        }
        c.insert("data".into(), Value::Object(data));
        fix(&mut cell);
        cell
    }

    fn threat(&self, t: &Threat) -> Value {
        let mut out = kept(&t.foreign).unwrap_or_default();
        let originals = out
            .remove(ORIGINALS)
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        // The source's value where it still maps to what Threatloom holds.
        let original = |field: &str, ours: &str| -> Option<String> {
            let pair = originals.get(field)?.as_array()?;
            (pair.get(1)?.as_str()? == ours)
                .then(|| pair.first()?.as_str().map(str::to_string))
                .flatten()
        };
        let title = original("title", &t.title).unwrap_or_else(|| t.title.clone());
        let kept_type = original("type", &t.category.letter().to_string());
        if kept_type.is_none() {
            // Our own category: a STRIDE one, whatever model the source used.
            out.insert("modelType".into(), json!("STRIDE"));
        }
        let ty = kept_type.unwrap_or_else(|| t.category.label().to_string());
        let status = original("status", &state_name(t.lifecycle))
            .unwrap_or_else(|| status_of(t.lifecycle).to_string());
        let level = t.risk(&self.state.info.risk_matrix);
        let severity = original("severity", level.map(RiskLevel::label).unwrap_or(""))
            .unwrap_or_else(|| match level {
                Some(RiskLevel::Note) => "Low".to_string(),
                Some(l) => l.label().to_string(),
                None => "TBD".to_string(),
            });
        out.insert("id".into(), out.get("id").cloned().unwrap_or(json!(t.id)));
        out.insert("title".into(), json!(title));
        out.insert("type".into(), json!(ty));
        out.insert("status".into(), json!(status));
        out.insert("severity".into(), json!(severity));
        out.insert("description".into(), json!(t.scenario));
        out.insert(
            "mitigation".into(),
            json!(t.recommended_actions.join("\n\n")),
        );
        if !out.get("modelType").is_some_and(Value::is_string) {
            out.insert("modelType".into(), json!("STRIDE"));
        }
        match out.get("number").and_then(Value::as_u64) {
            Some(n) => self.number.set(self.number.get().max(n)),
            None => {
                self.number.set(self.number.get() + 1);
                out.insert("number".into(), json!(self.number.get()));
            }
        }
        if !out.get("score").is_some_and(Value::is_string) {
            out.insert("score".into(), json!(""));
        }
        if t.element_ids.len() > 1 {
            out.insert(
                ELEMENTS.into(),
                json!(t.element_ids.iter().map(|i| cell_id(i)).collect::<Vec<_>>()),
            );
        } else {
            out.remove(ELEMENTS);
        }
        Value::Object(out)
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

fn status_of(s: FindingState) -> &'static str {
    match s {
        FindingState::Mitigated => "Mitigated",
        FindingState::FalsePositive => "NotApplicable",
        FindingState::Accepted => "Accepted",
        _ => "Open",
    }
}

fn state_name(s: FindingState) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn prop_json(v: &PropValue) -> Value {
    match v {
        PropValue::Bool(b) => json!(b),
        PropValue::Text(t) => json!(t),
    }
}

/// The label x6 draws, where the kept one (made one line) is not the name.
fn set_label(c: &mut Map<String, Value>, e: &Element, name: &str) {
    let same = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ") == e.name;
    match e.kind {
        ElementKind::DataFlow | ElementKind::TrustBoundary
            if e.kind == ElementKind::DataFlow || e.is_line() =>
        {
            let labels = c.entry("labels").or_insert_with(|| json!([]));
            if !labels.is_array() {
                *labels = json!([]);
            }
            let Some(list) = labels.as_array_mut() else {
                return;
            };
            let current = list
                .first()
                .and_then(|l| l.get("attrs"))
                .and_then(|a| a.get("labelText"))
                .and_then(|t| t.get("text"))
                .and_then(Value::as_str);
            if current.is_some_and(same) {
                return;
            }
            match list
                .first_mut()
                .and_then(|l| l.pointer_mut("/attrs/labelText"))
            {
                Some(Value::Object(lt)) => {
                    lt.insert("text".into(), json!(name));
                }
                _ => match list.first_mut() {
                    Some(first) => *first = edge_label(name),
                    None => list.push(edge_label(name)),
                },
            }
        }
        _ => {
            let key = if e.kind == ElementKind::TrustBoundary {
                "label"
            } else {
                "text"
            };
            let attrs = c.entry("attrs").or_insert_with(|| json!({}));
            if !attrs.is_object() {
                *attrs = json!({});
            }
            let Some(a) = attrs.as_object_mut() else {
                return;
            };
            let current = a
                .get(key)
                .and_then(|t| t.get("text"))
                .and_then(Value::as_str);
            if current.is_some_and(same) {
                return;
            }
            match a.get_mut(key) {
                Some(Value::Object(t)) => {
                    t.insert("text".into(), json!(name));
                }
                _ => {
                    a.insert(key.into(), json!({ "text": name }));
                }
            }
        }
    }
}

fn edge_label(name: &str) -> Value {
    json!({
        "markup": [
            { "tagName": "ellipse", "selector": "labelBody" },
            { "tagName": "text", "selector": "labelText" }
        ],
        "attrs": {
            "labelText": { "text": name, "textAnchor": "middle", "textVerticalAnchor": "middle" },
            "labelBody": { "ref": "labelText", "refRx": "50%", "refRy": "60%", "fill": "#fff", "strokeWidth": 0 }
        },
        "position": { "distance": 0.5, "args": { "keepGradient": true, "ensureLegibility": true } }
    })
}

/// Threat Dragon's defaults for a new cell of `e`'s kind
/// (`td.vue/src/service/entity/default-properties.js`).
fn defaults(e: &Element) -> Value {
    let dash = if e.is_out_of_scope() { "4 3" } else { "" };
    let body = json!({ "stroke": "#333333", "strokeWidth": 1.5, "strokeDasharray": dash });
    match e.kind {
        ElementKind::ExternalEntity | ElementKind::Process => json!({
            "attrs": { "text": { "text": e.name }, "body": body },
            "visible": true,
            "data": {}
        }),
        ElementKind::DataStore => json!({
            "attrs": {
                "text": { "text": e.name },
                "topLine": { "strokeWidth": 1.5, "strokeDasharray": dash },
                "bottomLine": { "strokeWidth": 1.5, "strokeDasharray": dash }
            },
            "visible": true,
            "data": {}
        }),
        ElementKind::DataFlow => json!({
            "attrs": { "line": {
                "stroke": "#333333", "strokeWidth": 1.5,
                "targetMarker": { "name": "block" }, "sourceMarker": { "name": "" },
                "strokeDasharray": dash
            }},
            "width": 200,
            "height": 100,
            "labels": [edge_label(&e.name)],
            "connector": "smooth",
            "vertices": [],
            "data": {}
        }),
        ElementKind::TrustBoundary if e.is_line() => json!({
            "width": 200,
            "height": 100,
            "labels": [edge_label(&e.name)],
            "connector": "smooth",
            "data": {}
        }),
        ElementKind::TrustBoundary => json!({
            "attrs": { "label": { "text": e.name } },
            "visible": true,
            "data": {}
        }),
    }
}

/// `over` merged into `base`: objects key by key, anything else replaced.
fn merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, o) => *b = o.clone(),
    }
}

/// What the schema wants that files in the wild leave out: a `zIndex`, and
/// a text (not null) as the body's and line's `strokeDasharray` (Threat
/// Dragon writes null, which its own validator allows as "nullable").
fn fix(cell: &mut Value) {
    let Value::Object(c) = cell else { return };
    if c.get("zIndex").is_none_or(|z| z.as_i64().is_none()) {
        c.insert("zIndex".into(), json!(0));
    }
    if !c.get("shape").is_some_and(Value::is_string) {
        c.insert("shape".into(), json!("unknown"));
    }
    if c.get("id")
        .and_then(Value::as_str)
        .is_none_or(|id| id.chars().count() < 2)
    {
        let id = match c.get("id") {
            Some(Value::String(s)) => format!("tl-{s}"),
            Some(Value::Number(n)) => format!("tl-{n}"),
            _ => format!("tl-cell-{}", c.len()),
        };
        c.insert("id".into(), json!(id));
    }
    if let Some(Value::Object(d)) = c.get_mut("data") {
        if !d.get("hasOpenThreats").is_some_and(Value::is_boolean) {
            d.insert("hasOpenThreats".into(), json!(false));
        }
        if !d.get("type").is_some_and(Value::is_string) {
            d.insert("type".into(), json!(""));
        }
    }
    for part in ["body", "line"] {
        if let Some(Value::Object(p)) = c.get_mut("attrs").and_then(|a| a.get_mut(part)) {
            if !p.get("strokeDasharray").is_some_and(Value::is_string) {
                p.insert("strokeDasharray".into(), json!(""));
            }
        }
    }
}

fn kept(f: &crate::model::Foreign) -> Option<Map<String, Value>> {
    match serde_json::from_str(f.get(FOREIGN)?) {
        Ok(Value::Object(o)) => Some(o),
        _ => None,
    }
}
