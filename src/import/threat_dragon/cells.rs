//! Cells of a Threat Dragon diagram read as elements: what a cell is, its
//! name, geometry and the ends of a flow.

use super::{num, scalar, text, Reader, Shape, ORIGINALS};
use crate::model::{Element, ElementKind, Point, Rect, MAX_POINTS};
use serde_json::{Map, Value};
use std::collections::HashMap;

impl Reader<'_> {
    pub(super) fn element(
        &mut self,
        diagram_id: &str,
        id: String,
        mut kept: Map<String, Value>,
        shape: Shape,
        nodes: &HashMap<String, (String, ElementKind, Rect)>,
    ) {
        let kind = match shape {
            Shape::Node(k) => k,
            Shape::Flow => ElementKind::DataFlow,
            _ => ElementKind::TrustBoundary,
        };
        let what = kind.label().to_lowercase();
        // The cell itself becomes what is kept: each field read is taken
        // out of it; geometry and label are read before they are.
        kept.remove("id");
        kept.remove("shape");
        let mut data = match kept.remove("data") {
            Some(Value::Object(d)) => d,
            Some(other) => {
                self.report.kept(format!(
                    "a {what}'s \"data\" that is not an object (kept verbatim)"
                ));
                kept.insert("data".into(), other);
                Map::new()
            }
            None => Map::new(),
        };
        let mut originals = Map::new();

        // Name: data.name, else the label's text.
        let label = label_of(&kept, shape);
        let raw = match data.remove("name").and_then(|v| scalar(&v)) {
            Some(n) if !n.trim().is_empty() => Some(n),
            _ => label.clone().filter(|l| !l.trim().is_empty()).inspect(|_| {
                self.report
                    .mapped(format!("{what} without a data.name → named from its label"))
            }),
        };
        let name = match &raw {
            Some(n) => text::name(n, &format!("a {what}'s name"), self.report),
            // Flows and boundaries are often left unnamed in Threat Dragon.
            None if matches!(kind, ElementKind::DataFlow | ElementKind::TrustBoundary) => {
                String::new()
            }
            None => {
                self.report
                    .defaulted(format!("{what} without a name: '{}'", kind.label()));
                kind.label().to_string()
            }
        };
        if let Some(raw) = raw.filter(|r| *r != name) {
            originals.insert(
                "name".into(),
                Value::Array(vec![raw.into(), name.clone().into()]),
            );
        }
        // A label that says other than the name (or nothing, on purpose) is
        // kept by the export while the name stays the one read here.
        let label_line = label
            .as_deref()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "));
        if label_line.as_deref() != Some(name.as_str()) {
            originals.insert(
                "label".into(),
                Value::Array(vec![label.clone().into(), name.clone().into()]),
            );
        }
        let description = match data.remove("description").and_then(|v| scalar(&v)) {
            Some(d) => text::long(&d, &format!("a {what}'s description"), self.report),
            None => String::new(),
        };

        let props = self.props(kind, &what, &mut data);

        // Geometry.
        let mut rect = Rect::default();
        let mut points = Vec::new();
        let (mut source, mut target) = (None, None);
        match shape {
            Shape::Flow => {
                source = self.end(kept.get("source"), nodes, "source");
                target = self.end(kept.get("target"), nodes, "target");
            }
            Shape::LineBoundary => {
                let mut all = Vec::new();
                all.extend(point_of(kept.get("source"), nodes));
                if let Some(Value::Array(vs)) = kept.get("vertices") {
                    all.extend(vs.iter().filter_map(|v| point_of(Some(v), nodes)));
                }
                all.extend(point_of(kept.get("target"), nodes));
                if all.len() > MAX_POINTS {
                    self.report.dropped(format!(
                        "points of a boundary curve beyond {MAX_POINTS} (the line ends at its {MAX_POINTS}th)"
                    ));
                    all.truncate(MAX_POINTS);
                }
                if all.len() >= 2 {
                    kept.remove("source");
                    kept.remove("target");
                    kept.remove("vertices");
                    self.report
                        .mapped("boundary curve → line boundary (source, vertices, target)");
                    rect = Rect::around(&all);
                    points = all;
                } else {
                    self.report.defaulted(
                        "boundary curve without two readable end points → a box boundary placed by the layout (its ends kept for export)",
                    );
                }
            }
            _ => {
                let r = rect_of(&kept);
                if r == Rect::default() {
                    self.report.defaulted(format!(
                        "{what} without a position or size: placed by the layout"
                    ));
                } else {
                    for k in ["position", "size", "x", "y", "width", "height"] {
                        kept.remove(k);
                    }
                }
                rect = r;
            }
        }
        if shape == Shape::BoxBoundary {
            self.report.mapped("trust-boundary-box → box boundary");
        }

        // Threats.
        match data.remove("threats") {
            Some(Value::Array(threats)) => {
                for t in threats {
                    self.threat(&id, kind, t);
                }
            }
            // Not a list: kept as it is.
            Some(other) => {
                data.insert("threats".into(), other);
            }
            None => {}
        }
        if !data.is_empty() {
            kept.insert("data".into(), Value::Object(data));
        }
        if !originals.is_empty() {
            kept.insert(ORIGINALS.into(), Value::Object(originals));
        }
        let foreign = self.foreign(&kept);
        self.model.elements.push(Element {
            id,
            diagram_id: diagram_id.to_string(),
            kind,
            name,
            description,
            rect,
            source,
            target,
            props,
            points,
            foreign,
        });
    }

    /// A flow's end: the element of the cell it names, if that is an
    /// entity, process or store of this diagram.
    fn end(
        &mut self,
        v: Option<&Value>,
        nodes: &HashMap<String, (String, ElementKind, Rect)>,
        which: &str,
    ) -> Option<String> {
        let cell = v
            .and_then(|v| v.as_object())
            .and_then(|o| o.get("cell"))
            .and_then(scalar);
        match cell.and_then(|c| nodes.get(&c)) {
            Some((id, kind, _)) if kind.is_endpoint() => Some(id.clone()),
            Some(_) => {
                self.report.kept(format!(
                    "a flow whose {which} is a trust boundary: kept with no {which}"
                ));
                None
            }
            None => {
                self.report.kept(format!(
                    "a flow whose {which} is missing or no element: kept with no {which}"
                ));
                None
            }
        }
    }
}

pub(super) fn shape_of(c: &Map<String, Value>) -> Shape {
    let shape = c.get("shape").and_then(Value::as_str).unwrap_or("");
    match shape {
        "actor" => return Shape::Node(ElementKind::ExternalEntity),
        "process" => return Shape::Node(ElementKind::Process),
        "store" => return Shape::Node(ElementKind::DataStore),
        "flow" => return Shape::Flow,
        "trust-boundary-box" => return Shape::BoxBoundary,
        "trust-boundary-curve" | "trust-broundary-curve" | "trust-boundary" => {
            return Shape::LineBoundary
        }
        "td-text-block" => return Shape::Text,
        _ => {}
    }
    let ty = c
        .get("data")
        .and_then(|d| d.get("type"))
        .and_then(Value::as_str)
        .unwrap_or("");
    match ty {
        "tm.Actor" => Shape::Node(ElementKind::ExternalEntity),
        "tm.Process" => Shape::Node(ElementKind::Process),
        "tm.Store" => Shape::Node(ElementKind::DataStore),
        "tm.Flow" | "tm.FlowStencil" => Shape::Flow,
        "tm.BoundaryBox" => Shape::BoxBoundary,
        "tm.Boundary" if c.contains_key("size") || c.contains_key("position") => Shape::BoxBoundary,
        "tm.Boundary" => Shape::LineBoundary,
        "tm.Text" => Shape::Text,
        _ => Shape::Unknown,
    }
}

pub(super) fn has_threats(c: &Map<String, Value>) -> bool {
    c.get("data")
        .and_then(|d| d.get("threats"))
        .and_then(Value::as_array)
        .is_some_and(|t| !t.is_empty())
}

/// A node's rect: `position` + `size` (TD 2.x), else `x`/`y`/`width`/`height`;
/// `Rect::default()` when there is none that is usable.
pub(super) fn rect_of(c: &Map<String, Value>) -> Rect {
    let get = |o: Option<&Value>, k: &str| o.and_then(|o| o.get(k)).and_then(num);
    let pos = c.get("position");
    let size = c.get("size");
    let x = get(pos, "x").or_else(|| c.get("x").and_then(num));
    let y = get(pos, "y").or_else(|| c.get("y").and_then(num));
    let w = get(size, "width").or_else(|| c.get("width").and_then(num));
    let h = get(size, "height").or_else(|| c.get("height").and_then(num));
    let on = |v: f64| v.abs() <= 1e7;
    match (x, y, w, h) {
        (Some(x), Some(y), Some(w), Some(h))
            if on(x) && on(y) && w > 0.0 && h > 0.0 && w <= 1e6 && h <= 1e6 =>
        {
            Rect::new(x, y, w, h)
        }
        (Some(x), Some(y), _, _) if on(x) && on(y) => Rect::new(x, y, 100.0, 60.0),
        _ => Rect::default(),
    }
}

/// A point `{x, y}`, or the centre of the cell `{cell}` names.
fn point_of(
    v: Option<&Value>,
    nodes: &HashMap<String, (String, ElementKind, Rect)>,
) -> Option<Point> {
    let o = v?.as_object()?;
    if let (Some(x), Some(y)) = (o.get("x").and_then(num), o.get("y").and_then(num)) {
        return (x.abs() <= 1e7 && y.abs() <= 1e7).then_some(Point { x, y });
    }
    let cell = o.get("cell").and_then(scalar)?;
    let (_, _, r) = nodes.get(&cell)?;
    if *r == Rect::default() {
        return None;
    }
    let (x, y) = r.centre();
    Some(Point { x, y })
}

/// The text x6 draws for the cell: `attrs.text.text` (nodes),
/// `attrs.label.text` (boxes), a label's `attrs.labelText.text` or text (edges).
fn label_of(c: &Map<String, Value>, shape: Shape) -> Option<String> {
    let attrs = c.get("attrs");
    let at = |path: &[&str]| {
        let mut v = attrs?;
        for p in path {
            v = v.get(*p)?;
        }
        scalar(v)
    };
    match shape {
        Shape::Flow | Shape::LineBoundary => {
            let first = c.get("labels")?.as_array()?.first()?;
            match first {
                Value::String(s) => Some(s.clone()),
                v => v
                    .get("attrs")
                    .and_then(|a| a.get("labelText").or_else(|| a.get("text")))
                    .and_then(|t| t.get("text"))
                    .and_then(scalar),
            }
        }
        _ => at(&["text", "text"])
            .or_else(|| at(&["label", "text"]))
            .or_else(|| at(&["label"])),
    }
}
