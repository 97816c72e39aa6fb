//! The label Threat Dragon draws for a cell: x6 does not wrap, so long
//! names are broken into lines here (the name itself is kept whole).

use crate::model::{Element, ElementKind};
use serde_json::{json, Map, Value};

/// The label x6 draws, where the kept one (made one line) is not the name.
pub(super) fn set_label(c: &mut Map<String, Value>, e: &Element, name: &str) {
    // Threat Dragon does not wrap: its own models break long names by hand.
    let width = match e.kind {
        ElementKind::DataFlow => FLOW_WRAP,
        ElementKind::TrustBoundary => usize::MAX,
        _ => NODE_WRAP,
    };
    let wrapped = wrap(name, width);
    let name = wrapped.as_str();
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

/// Characters a line of a node's label holds before it wraps.
pub(super) const NODE_WRAP: usize = 20;
/// Characters a line of a flow's label holds before it wraps.
pub(super) const FLOW_WRAP: usize = 30;

/// `text` broken into lines of at most `width` characters at word
/// boundaries (a longer word stays whole on its own line).
pub(super) fn wrap(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let wanted = line.chars().count() + 1 + word.chars().count();
        if !line.is_empty() && wanted > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}

pub(super) fn edge_label(name: &str) -> Value {
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
