//! An element as a cell in x6 form: Threat Dragon's defaults for its kind,
//! what an import kept merged over them, then what Threatloom holds.

use super::geometry::tm7_point;
use super::labels::{edge_label, set_label, wrap, FLOW_WRAP, NODE_WRAP};
use super::{cell_id, kept, Writer, ORIGINALS, OTHER_PROPS};
use crate::model::{Element, ElementKind, PropValue};
use serde_json::{json, Map, Value};

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

impl Writer<'_> {
    pub(super) fn cell(&self, e: &Element) -> Value {
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
        // The source's label is kept while the name is the one imported.
        let label_kept = originals
            .get("label")
            .and_then(Value::as_array)
            .and_then(|pair| pair.get(1))
            .and_then(Value::as_str)
            == Some(e.name.as_str());
        if !label_kept {
            set_label(c, e, &name);
        }

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
                            let side = if key == "source" { "Source" } else { "Target" };
                            let drawn = tm7_point(e, side).filter(|_| !is_point);
                            if let Some((x, y)) = drawn {
                                c.insert(
                                    key.into(),
                                    json!({ "x": x.round() as i64, "y": y.round() as i64 }),
                                );
                                // Its bend, where the tool drew one.
                                let straight = c
                                    .get("vertices")
                                    .and_then(Value::as_array)
                                    .is_none_or(Vec::is_empty);
                                if let Some((hx, hy)) = tm7_point(e, "Handle").filter(|_| straight)
                                {
                                    c.insert(
                                        "vertices".into(),
                                        json!([{ "x": hx.round() as i64, "y": hy.round() as i64 }]),
                                    );
                                }
                            } else if !is_point {
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
                // Threat Dragon draws a flow centre to centre: one that
                // shares its ends with another bends, as on the canvas.
                let straight = c
                    .get("vertices")
                    .and_then(Value::as_array)
                    .is_none_or(Vec::is_empty);
                let bend = self.layout.bends.get(&cell_id(&e.id)).filter(|_| straight);
                if let Some(((x, y), along)) = bend {
                    c.insert("vertices".into(), json!([{ "x": x, "y": y }]));
                    if let Some(Value::Object(p)) = c
                        .get_mut("labels")
                        .and_then(|l| l.pointer_mut("/0/position"))
                    {
                        p.insert("distance".into(), json!(along));
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
        // Nesting as Threat Dragon 2.6 writes it on save.
        let id = cell_id(&e.id);
        let ids = |m: &std::collections::HashMap<String, Vec<String>>| {
            json!(m.get(&id).cloned().unwrap_or_default())
        };
        match e.kind {
            ElementKind::TrustBoundary if line => {
                data.insert("containedElements".into(), json!([]));
                data.insert("crossingFlows".into(), json!([]));
            }
            ElementKind::TrustBoundary => {
                data.insert("containedElements".into(), ids(&self.layout.contained));
                data.insert("crossingFlows".into(), ids(&self.layout.crossing));
            }
            ElementKind::DataFlow => {
                data.insert("trustBoundaryIds".into(), ids(&self.layout.crossed));
            }
            _ => {}
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
                Some((_, td, _)) => match td_value(td, value) {
                    Some(v) => {
                        data.insert((*td).into(), v);
                    }
                    // Not the type Threat Dragon's schema wants for this
                    // key: kept as ours rather than failing its validation.
                    None => {
                        data.remove(*td);
                        others.insert(key.clone(), prop_json(value));
                    }
                },
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
        let list: Vec<Value> = threats.iter().map(|t| self.threat(t)).collect();
        // Open as Threat Dragon reads it: a threat whose status is "Open".
        let open = list.iter().any(|t| {
            t.get("status")
                .and_then(Value::as_str)
                .is_some_and(|s| s.eq_ignore_ascii_case("open"))
        });
        data.insert("hasOpenThreats".into(), json!(open));
        // Threat Dragon draws no threats on a boundary; one imported there is
        // still written, so that nothing is lost.
        if !boundary || !list.is_empty() {
            data.insert("threats".into(), Value::Array(list));
        }
        c.insert("data".into(), Value::Object(data));
        if !boundary {
            stroke(c, e.kind, open);
        }
        fix(&mut cell);
        cell
    }
}

/// Threat Dragon's keys that hold text; every other mapped key is a boolean.
const TEXT_KEYS: [&str; 2] = ["protocol", "privilegeLevel"];

/// A property as the type the schema wants for Threat Dragon's `key`: text
/// saying yes or no (as TMT and OTM write) becomes a boolean; None where it
/// cannot be that type.
fn td_value(key: &str, v: &PropValue) -> Option<Value> {
    let text = TEXT_KEYS.contains(&key);
    match v {
        PropValue::Text(t) if text => Some(json!(t)),
        PropValue::Bool(_) if text => None,
        PropValue::Bool(b) => Some(json!(b)),
        PropValue::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" => Some(json!(true)),
            "no" | "false" => Some(json!(false)),
            _ => None,
        },
    }
}

/// The stroke Threat Dragon draws an element with: red and wider while it
/// has open threats (`td.vue/src/service/x6/graph/data-changed.js`).
fn stroke(c: &mut Map<String, Value>, kind: ElementKind, open: bool) {
    let (colour, width) = if open { ("red", 2.5) } else { ("#333333", 1.5) };
    let parts: &[&str] = match kind {
        ElementKind::DataFlow => &["line"],
        ElementKind::DataStore => &["topLine", "bottomLine"],
        _ => &["body"],
    };
    let attrs = c.entry("attrs").or_insert_with(|| json!({}));
    let Some(attrs) = attrs.as_object_mut() else {
        return;
    };
    for part in parts {
        let p = attrs.entry(*part).or_insert_with(|| json!({}));
        if let Some(p) = p.as_object_mut() {
            p.insert("stroke".into(), json!(colour));
            p.insert("strokeWidth".into(), json!(width));
        }
    }
}

fn prop_json(v: &PropValue) -> Value {
    match v {
        PropValue::Bool(b) => json!(b),
        PropValue::Text(t) => json!(t),
    }
}

/// Threat Dragon's defaults for a new cell of `e`'s kind
/// (`td.vue/src/service/entity/default-properties.js`).
fn defaults(e: &Element) -> Value {
    let text = wrap(&e.name, NODE_WRAP);
    let dash = if e.is_out_of_scope() { "4 3" } else { "" };
    let body = json!({ "stroke": "#333333", "strokeWidth": 1.5, "strokeDasharray": dash });
    match e.kind {
        ElementKind::ExternalEntity | ElementKind::Process => json!({
            "attrs": { "text": { "text": text }, "body": body },
            "visible": true,
            "data": {}
        }),
        ElementKind::DataStore => json!({
            "attrs": {
                "text": { "text": text },
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
            "labels": [edge_label(&wrap(&e.name, FLOW_WRAP))],
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
pub(super) fn fix(cell: &mut Value) {
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
    // A boundary's shape draws it dashed ('10 5'); an empty dash written
    // over that would draw it solid. The schema wants a dash on a body only,
    // so a boundary's line is left without one and its body gets the shape's.
    let boundary = c
        .get("shape")
        .and_then(Value::as_str)
        .is_some_and(|s| s.starts_with("trust-"));
    for part in ["body", "line"] {
        if let Some(Value::Object(p)) = c.get_mut("attrs").and_then(|a| a.get_mut(part)) {
            if boundary && part == "line" {
                if p.get("strokeDasharray").is_some_and(Value::is_null) {
                    p.remove("strokeDasharray");
                }
                continue;
            }
            if !p.get("strokeDasharray").is_some_and(Value::is_string) {
                let dash = if boundary { "10 5" } else { "" };
                p.insert("strokeDasharray".into(), json!(dash));
            }
        }
    }
}
