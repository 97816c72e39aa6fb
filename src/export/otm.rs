//! The model as an OTM 0.2.0 file (JSON or YAML) that validates against the
//! official schema: diagrams → diagram representations; box boundaries →
//! trust zones (nested by `parent`, positions relative to the parent as
//! IriusRisk and startleft write them); line boundaries → trust zones too,
//! their points in the attribute `threatloom:linePoints` so that an import
//! restores the line; components whose centre is in no box go into a zone
//! "Outside any boundary" (marked `threatloom:outside`, read back as no
//! boundary); flows → dataflows; threats → threat definitions and instances,
//! likelihood and impact on OTM's 0–100, recommended actions → mitigations.
//! What an import kept in `foreign["otm"]` is merged back (ours wins where
//! both say something different). Where the model has nothing for a field
//! the schema requires (a trust rating, a component type, a likelihood), a
//! neutral value is written and named in the attribute `threatloom:defaulted`,
//! so that an import back does not take it for the team's.

mod threats;

use crate::error::{Error, Result};
use crate::model::otm::*;
use crate::model::*;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The engagement's diagrams, elements and threats as OTM 0.2, JSON or YAML.
pub fn write(state: &State, yaml: bool) -> Result<String> {
    let v = build(state);
    if yaml {
        serde_saphyr::to_string(&v).map_err(|e| Error::Export(format!("OTM as YAML: {e}")))
    } else {
        serde_json::to_string_pretty(&v).map_err(|e| Error::Export(format!("OTM as JSON: {e}")))
    }
}

fn foreign_of(f: &Foreign) -> Map<String, Value> {
    f.get(FOREIGN)
        .and_then(|s| serde_json::from_str::<Value>(s).ok())
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => n.as_f64().map(format_num),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `ours` over `base`: objects merged key by key; a scalar that reads the same
/// as the base's keeps the base's spelling (a number stays a number).
fn merge(base: Value, ours: Value) -> Value {
    match (base, ours) {
        (Value::Object(mut b), Value::Object(o)) => {
            for (k, v) in o {
                let merged = match b.remove(&k) {
                    Some(bv) => merge(bv, v),
                    None => v,
                };
                b.insert(k, merged);
            }
            Value::Object(b)
        }
        (b, o) => {
            if !o.is_object()
                && !o.is_array()
                && text_of(&b).is_some()
                && text_of(&b) == text_of(&o)
            {
                b
            } else {
                o
            }
        }
    }
}

fn slug(s: &str) -> String {
    let out: String = s
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if out.is_empty() {
        "threatloom".into()
    } else {
        out
    }
}

/// Our properties that are no OTM field, as attributes.
fn attributes(e: &Element) -> Map<String, Value> {
    let ours = [
        P_TYPE,
        P_TRUST,
        P_BIDI,
        P_TAGS,
        P_PARENT,
        P_ASSETS,
        P_PROCESSED,
        P_STORED,
    ];
    e.props
        .iter()
        .filter(|(k, _)| !ours.contains(&k.as_str()))
        .map(|(k, v)| {
            let v = match v {
                PropValue::Bool(b) => Value::Bool(*b),
                PropValue::Text(t) => Value::String(t.clone()),
            };
            (k.clone(), v)
        })
        .collect()
}

fn prop_text<'a>(e: &'a Element, key: &str) -> Option<&'a str> {
    match e.props.get(key) {
        Some(PropValue::Text(t)) => Some(t.as_str()),
        _ => None,
    }
}

fn contains(outer: &Rect, inner: &Rect) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.x + inner.width <= outer.x + outer.width
        && inner.y + inner.height <= outer.y + outer.height
}

struct Writer<'a> {
    state: &'a State,
    /// Diagram id → its representation's id.
    rep: HashMap<&'a str, String>,
    /// Element id → its parent box (innermost containing it).
    parent: HashMap<&'a str, &'a str>,
    threat_defs: Vec<Value>,
    def_content: HashMap<String, String>,
    mitigation_defs: Vec<Value>,
    mit_content: HashMap<String, String>,
    /// Threat id → the definition id written for it.
    def_of: HashMap<&'a str, String>,
    /// Threat id → its instance's mitigations.
    inst_mits: HashMap<&'a str, Vec<Value>>,
    ids: HashSet<String>,
}

fn build(state: &State) -> Value {
    let mut diagrams: Vec<&Diagram> = state.diagrams.values().collect();
    diagrams.sort_by(|a, b| a.position.cmp(&b.position).then(a.id.cmp(&b.id)));
    let mut w = Writer {
        state,
        rep: HashMap::new(),
        parent: HashMap::new(),
        threat_defs: vec![],
        def_content: HashMap::new(),
        mitigation_defs: vec![],
        mit_content: HashMap::new(),
        def_of: HashMap::new(),
        inst_mits: HashMap::new(),
        ids: HashSet::new(),
    };
    // Representations: the first diagram's kept top-level fields, then ours.
    let first = diagrams
        .first()
        .map(|d| foreign_of(&d.foreign))
        .unwrap_or_default();
    let mut reps: Vec<Value> = first
        .get("representations")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter(|r| r.get("type").and_then(Value::as_str) != Some("diagram"))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let mut rep_ids: HashSet<String> = reps
        .iter()
        .filter_map(|r| r.get("id").and_then(text_of))
        .collect();
    for d in &diagrams {
        let f = foreign_of(&d.foreign);
        let base = f
            .get("representation")
            .cloned()
            .unwrap_or(Value::Object(Map::new()));
        let mut id = base
            .get("id")
            .and_then(text_of)
            .unwrap_or_else(|| d.id.clone());
        if rep_ids.contains(&id) {
            id = format!("{}-{}", id, d.id);
        }
        rep_ids.insert(id.clone());
        let (mut x1, mut y1) = (1.0f64, 1.0f64);
        for e in state.elements_of(&d.id).filter(|e| e.kind.is_node()) {
            x1 = x1.max(e.rect.x + e.rect.width);
            y1 = y1.max(e.rect.y + e.rect.height);
        }
        let ours = json!({
            "name": d.name, "id": id, "type": "diagram",
            "size": {"width": (x1 + 40.0).ceil(), "height": (y1 + 40.0).ceil()},
        });
        reps.push(merge(base, ours));
        w.rep.insert(d.id.as_str(), id);
    }
    w.parents();
    w.threat_definitions();
    let mut zones = vec![];
    let mut components = vec![];
    let mut flows = vec![];
    let mut outside: Option<String> = None;
    let elements: Vec<&Element> = diagrams
        .iter()
        .flat_map(|d| state.elements_of(&d.id))
        .collect();
    for e in &elements {
        w.ids.insert(e.id.clone());
    }
    for e in &elements {
        match e.kind {
            ElementKind::TrustBoundary => zones.push(w.zone(e)),
            ElementKind::DataFlow => flows.push(w.flow(e)),
            _ => {
                if !w.parent.contains_key(e.id.as_str()) && outside.is_none() {
                    let mut id = "threatloom-outside".to_string();
                    while w.ids.contains(&id) {
                        id.push('-');
                    }
                    w.ids.insert(id.clone());
                    outside = Some(id);
                }
                components.push(w.component(e, outside.as_deref().unwrap_or_default()));
            }
        }
    }
    if let Some(id) = outside {
        zones.push(json!({
            "id": id, "name": "Outside any boundary", "type": "threatloom-outside",
            "description": "Components Threatloom found outside any trust boundary",
            "risk": {"trustRating": 0},
            "attributes": {ATTR_OUTSIDE: true},
        }));
    }
    let info = &state.info;
    let name = if info.name.trim().is_empty() {
        "Threat model".to_string()
    } else {
        info.name.clone()
    };
    let mut project = json!({"name": name, "id": slug(&name)});
    if !info.description.is_empty() {
        project["description"] = Value::String(info.description.clone());
    }
    let project = merge(
        first.get("project").cloned().unwrap_or(Value::Null),
        project,
    );
    let mut root = Map::new();
    for (k, v) in &first {
        if !["project", "representation", "representations", "otmVersion"].contains(&k.as_str()) {
            root.insert(k.clone(), v.clone());
        }
    }
    root.insert("otmVersion".into(), json!("0.2.0"));
    root.insert("project".into(), project);
    root.insert("representations".into(), Value::Array(reps));
    root.insert("trustZones".into(), Value::Array(zones));
    root.insert("components".into(), Value::Array(components));
    root.insert("dataflows".into(), Value::Array(flows));
    root.insert(
        "threats".into(),
        Value::Array(std::mem::take(&mut w.threat_defs)),
    );
    root.insert(
        "mitigations".into(),
        Value::Array(std::mem::take(&mut w.mitigation_defs)),
    );
    Value::Object(root)
}

impl<'a> Writer<'a> {
    /// Each node's innermost box boundary: a box by containment of its rect,
    /// anything else by its centre.
    fn parents(&mut self) {
        let mut by_diagram: BTreeMap<&str, Vec<&'a Element>> = BTreeMap::new();
        for e in self.state.elements.values().filter(|e| e.is_box_boundary()) {
            by_diagram.entry(e.diagram_id.as_str()).or_default().push(e);
        }
        for e in self.state.elements.values() {
            if e.kind == ElementKind::DataFlow || e.is_line() {
                continue;
            }
            let Some(boxes) = by_diagram.get(e.diagram_id.as_str()) else {
                continue;
            };
            let best = boxes
                .iter()
                .filter(|b| b.id != e.id)
                .filter(|b| {
                    if e.is_box_boundary() {
                        contains(&b.rect, &e.rect)
                            && (b.rect.area() > e.rect.area()
                                || (b.rect.area() == e.rect.area() && b.id < e.id))
                    } else {
                        b.rect.contains_point(e.rect.centre())
                    }
                })
                .min_by(|a, b| {
                    a.rect
                        .area()
                        .total_cmp(&b.rect.area())
                        .then(a.id.cmp(&b.id))
                });
            if let Some(b) = best {
                self.parent.insert(e.id.as_str(), b.id.as_str());
            }
        }
    }

    fn representation(&self, e: &Element) -> Value {
        let rep = self
            .rep
            .get(e.diagram_id.as_str())
            .cloned()
            .unwrap_or_default();
        let (px, py) = match self
            .parent
            .get(e.id.as_str())
            .and_then(|p| self.state.elements.get(*p))
        {
            Some(p) => (p.rect.x, p.rect.y),
            None => (0.0, 0.0),
        };
        json!({
            "representation": rep,
            "id": format!("{}-representation", e.id),
            "name": format!("{} Representation", e.name),
            "position": {"x": e.rect.x - px, "y": e.rect.y - py},
            "size": {"width": e.rect.width, "height": e.rect.height},
        })
    }

    fn base(&self, e: &Element) -> (Map<String, Value>, Vec<Value>) {
        let mut f = foreign_of(&e.foreign);
        let reps = f
            .remove("representations")
            .and_then(|r| r.as_array().cloned())
            .unwrap_or_default();
        (f, reps)
    }

    fn common(&self, e: &Element, defaulted: &mut Vec<&str>) -> Map<String, Value> {
        let mut o = Map::new();
        o.insert("id".into(), json!(e.id));
        o.insert("name".into(), json!(e.name));
        if !e.description.is_empty() {
            o.insert("description".into(), json!(e.description));
        }
        if let Some(t) = prop_text(e, P_TAGS) {
            let tags: Vec<&str> = t.split(", ").filter(|s| !s.is_empty()).collect();
            o.insert("tags".into(), json!(tags));
        }
        let mut attrs = attributes(e);
        if !defaulted.is_empty() {
            attrs.insert(ATTR_DEFAULTED.into(), json!(std::mem::take(defaulted)));
        }
        if !attrs.is_empty() {
            o.insert("attributes".into(), Value::Object(attrs));
        }
        o
    }

    fn zone(&mut self, e: &Element) -> Value {
        let (base, mut reps) = self.base(e);
        let mut defaulted = vec![];
        let rating = match prop_text(e, P_TRUST).and_then(|t| t.trim().parse::<f64>().ok()) {
            Some(r) if r.is_finite() => r,
            _ => {
                defaulted.push("trustRating");
                50.0
            }
        };
        let mut o = self.common(e, &mut defaulted);
        o.insert("risk".into(), json!({"trustRating": rating}));
        if let Some(t) = prop_text(e, P_TYPE) {
            o.insert("type".into(), json!(t));
        }
        if e.is_line() {
            let pts: Vec<Value> = e
                .points
                .iter()
                .map(|p| json!({"x": p.x, "y": p.y}))
                .collect();
            let attrs = o
                .entry("attributes")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(a) = attrs.as_object_mut() {
                a.insert(ATTR_LINE.into(), Value::Array(pts));
            }
        } else if let Some(p) = self.parent.get(e.id.as_str()) {
            o.insert("parent".into(), json!({"trustZone": p}));
        }
        reps.push(self.representation(e));
        o.insert("representations".into(), Value::Array(reps));
        merge(Value::Object(base), Value::Object(o))
    }

    fn component(&mut self, e: &Element, outside: &str) -> Value {
        let (mut base, mut reps) = self.base(e);
        let parent_component = base
            .remove("parentComponent")
            .and_then(|v| text_of(&v))
            .filter(|p| {
                self.state
                    .elements
                    .get(p)
                    .is_some_and(|c| c.kind.is_endpoint() && c.diagram_id == e.diagram_id)
            });
        let mut defaulted = vec![];
        let t = match prop_text(e, P_TYPE) {
            Some(t) if !t.trim().is_empty() => t.to_string(),
            _ => {
                defaulted.push("type");
                match e.kind {
                    ElementKind::ExternalEntity => "generic-client".into(),
                    ElementKind::DataStore => "other-database".into(),
                    _ => "empty-component".into(),
                }
            }
        };
        let mut o = self.common(e, &mut defaulted);
        o.insert("type".into(), json!(t));
        let parent = match (&parent_component, self.parent.get(e.id.as_str())) {
            (Some(c), _) => json!({"component": c}),
            (None, Some(z)) => json!({"trustZone": z}),
            (None, None) => json!({"trustZone": outside}),
        };
        o.insert("parent".into(), parent);
        reps.push(self.representation(e));
        o.insert("representations".into(), Value::Array(reps));
        o.insert("threats".into(), Value::Array(self.instances(&e.id)));
        merge(Value::Object(base), Value::Object(o))
    }

    fn flow(&mut self, e: &Element) -> Value {
        let (mut base, reps) = self.base(e);
        let end = |ours: &Option<String>, key: &str, base: &Map<String, Value>| -> String {
            match ours {
                Some(id) => id.clone(),
                None => base.get(key).and_then(text_of).unwrap_or_default(),
            }
        };
        let source = end(&e.source, "source", &base);
        let destination = end(&e.target, "destination", &base);
        base.remove("source");
        base.remove("destination");
        let mut none = vec![];
        let mut o = self.common(e, &mut none);
        o.insert("source".into(), json!(source));
        o.insert("destination".into(), json!(destination));
        o.insert(
            "bidirectional".into(),
            json!(e.props.get(P_BIDI) == Some(&PropValue::Bool(true))),
        );
        let rep = self
            .rep
            .get(e.diagram_id.as_str())
            .cloned()
            .unwrap_or_default();
        let mut reps = reps;
        reps.push(json!({"representation": rep, "id": format!("{}-representation", e.id)}));
        o.insert("representations".into(), Value::Array(reps));
        o.insert("threats".into(), Value::Array(self.instances(&e.id)));
        merge(Value::Object(base), Value::Object(o))
    }
}
