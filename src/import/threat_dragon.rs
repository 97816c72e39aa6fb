//! Threat Dragon v2 JSON (versions 2.0 to 2.6 as written in the wild) read
//! into a `Model`, in one pass over each diagram's cells.
//!
//! - `actor` / `process` / `store` / `flow` → external entity / process /
//!   data store / data flow (by shape, else by `data.type`);
//!   `trust-boundary-box` → a box boundary; `trust-boundary-curve` (and the
//!   misspelled `trust-broundary-curve`) → a line boundary through its
//!   source, vertices and target (an end attached to a cell: that cell's
//!   centre); `td-text-block` and unknown shapes are kept verbatim on their
//!   diagram for an export back.
//! - `data` flags → catalogue properties where the meaning is the same, else
//!   other properties with a readable key (see `PROPS`).
//! - `data.threats` → threats on that element (type through `labels::TYPES`).
//! - Everything else of a cell, diagram or threat is kept in its
//!   `foreign["threat-dragon"]` (a JSON object of the source's fields; under
//!   `ORIGINALS`, the source's own spelling of a mapped field beside what it
//!   was mapped to), so that `export::threat_dragon` writes it back.

mod labels;

use super::{text, Format, ImportReport, Imported};
use crate::error::{Error, Result};
use crate::model::{
    Diagram, Element, ElementKind, FindingState, Foreign, Model, Point, PropValue, Rect, RiskLevel,
    RiskOverride, Stride, Threat,
};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The key of `foreign` this format uses.
pub const FOREIGN: &str = "threat-dragon";
/// Inside a kept object: field → [the source's value, what it was mapped to].
pub const ORIGINALS: &str = "$originals";
/// Where an export wrote properties Threat Dragon has no flag for.
const OTHER_PROPS: &str = "threatloomProperties";
/// Where an export listed the elements of a threat on several.
const ELEMENTS: &str = "threatloomElements";

const EXPECTED: &str =
    "expected a Threat Dragon v2 model: a JSON object with \"summary\" and \"detail\": {\"diagrams\": [...]}";

/// The most points a line boundary keeps (the engine's limit).
use crate::model::MAX_POINTS;

/// TD data key → (our key, applies to, what the report calls it). Catalogue
/// keys where Threat Dragon's flag means the same, else a readable key of
/// an "other property". Flags are kept where true (Threat Dragon writes
/// false for every flag nobody looked at), texts where not empty.
const PROPS: &[(&str, &str, &[ElementKind])] = {
    use ElementKind::*;
    &[
        ("isEncrypted", "encrypted_in_transit", &[DataFlow]),
        ("protocol", "protocol", &[DataFlow]),
        ("isPublicNetwork", "Public network", &[DataFlow]),
        ("isBidirectional", "Bidirectional", &[DataFlow]),
        ("isEncrypted", "encrypted_at_rest", &[DataStore]),
        ("storesCredentials", "stores_credentials", &[DataStore]),
        ("isALog", "is_log", &[DataStore]),
        ("isSigned", "Signed", &[DataStore]),
        ("storesInventory", "Stores inventory", &[DataStore]),
        ("privilegeLevel", "Privilege level", &[Process]),
        ("isWebApplication", "Web application", &[Process]),
        ("handlesCardPayment", "Handles card payment", &[Process]),
        (
            "handlesGoodsOrServices",
            "Handles goods or services",
            &[Process],
        ),
        (
            "providesAuthentication",
            "Provides authentication",
            &[ExternalEntity],
        ),
        (
            "outOfScope",
            "out_of_scope",
            &[ExternalEntity, Process, DataStore, DataFlow, TrustBoundary],
        ),
        (
            "reasonOutOfScope",
            "out_of_scope_reason",
            &[ExternalEntity, Process, DataStore, DataFlow, TrustBoundary],
        ),
    ]
};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    Node(ElementKind),
    Flow,
    BoxBoundary,
    LineBoundary,
    Text,
    Unknown,
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported> {
    let root: Value = serde_json::from_slice(bytes).map_err(|e| {
        Error::invalid(format!(
            "This is not valid JSON ({}): {EXPECTED}",
            one_line(&e.to_string())
        ))
    })?;
    let Value::Object(mut root) = root else {
        return Err(Error::invalid(format!(
            "The file holds a JSON {}, not an object: {EXPECTED}",
            kind_of(&root)
        )));
    };
    // The document is taken apart by moves: what is not mapped is kept as
    // it is, and nothing of a 3 MB tree is copied.
    let mut summary = match root.remove("summary") {
        None => Map::new(),
        Some(Value::Object(s)) => s,
        Some(v) => return Err(wrong("\"summary\"", "an object", &v)),
    };
    let mut detail = match root.remove("detail") {
        Some(Value::Object(d)) => d,
        Some(v) => return Err(wrong("\"detail\"", "an object", &v)),
        None => {
            return Err(Error::invalid(format!(
                "The file has no \"detail\"{}: {EXPECTED}",
                if root.contains_key("details") {
                    " (it has \"details\")"
                } else {
                    ""
                }
            )))
        }
    };
    let diagrams = match detail.remove("diagrams") {
        Some(Value::Array(d)) => d,
        Some(v) => return Err(wrong("\"detail.diagrams\"", "a list", &v)),
        None => {
            return Err(Error::invalid(format!(
                "\"detail\" has no \"diagrams\": {EXPECTED}"
            )))
        }
    };
    if diagrams.is_empty() {
        return Err(Error::invalid("The Threat Dragon model holds no diagram"));
    }
    for (i, d) in diagrams.iter().enumerate() {
        match d {
            Value::Object(o) if o.contains_key("diagramJson") => {
                return Err(Error::invalid(
                    "This is a Threat Dragon v1 model (\"diagramJson\"): expected v2; open and save it in Threat Dragon 2 first",
                ))
            }
            Value::Object(o) => {
                if let Some(c) = o.get("cells") {
                    if !c.is_array() {
                        return Err(wrong(&format!("diagram {}'s \"cells\"", i + 1), "a list", c));
                    }
                }
            }
            v => return Err(wrong(&format!("diagram {}", i + 1), "an object", v)),
        }
    }
    if let Some(v) = summary.get("title") {
        if v.is_object() || v.is_array() {
            return Err(wrong("\"summary.title\"", "a text", v));
        }
    }

    let version = root.get("version").and_then(scalar).unwrap_or_default();
    let mut report = ImportReport::new(Format::ThreatDragon, short(&version));
    let mut r = Reader {
        report: &mut report,
        model: Model {
            source: "Threat Dragon model".into(),
            ..Model::default()
        },
        ids: HashSet::new(),
        next: 0,
        pending: Vec::new(),
        catalog: crate::model::props::catalog(),
        buf: Vec::new(),
    };

    let title = match summary.get("title").and_then(scalar) {
        Some(t) if !t.trim().is_empty() => {
            r.report.mapped("model title → engagement name");
            text::name(&t, "the model's title", r.report)
        }
        _ => {
            r.report
                .defaulted("the model has no title: 'Threat Dragon model'");
            "Threat Dragon model".to_string()
        }
    };
    let description = match summary.get("description").and_then(scalar) {
        Some(d) => text::long(&d, "the model's description", r.report),
        None => String::new(),
    };

    // The model's own fields beside the diagrams, kept on the first diagram.
    if let Some(owner) = summary
        .get("owner")
        .and_then(scalar)
        .filter(|s| !s.is_empty())
    {
        r.report.kept(format!(
            "owner '{}' (written back on export)",
            short(&owner)
        ));
    }
    if let Some(rev) = detail
        .get("reviewer")
        .and_then(scalar)
        .filter(|s| !s.is_empty())
    {
        r.report.kept(format!(
            "reviewer '{}' (written back on export)",
            short(&rev)
        ));
    }
    if let Some(Value::Array(c)) = detail.get("contributors") {
        if !c.is_empty() {
            r.report.kept(format!(
                "{} contributor(s) (written back on export)",
                c.len()
            ));
        }
    }
    summary.remove("title");
    summary.remove("description");
    let mut kept_model = Map::new();
    kept_model.insert("top".into(), Value::Object(root));
    kept_model.insert("summary".into(), Value::Object(summary));
    kept_model.insert("detail".into(), Value::Object(detail));

    let mut kept_model = Some(kept_model);
    for (i, d) in diagrams.into_iter().enumerate() {
        if let Value::Object(d) = d {
            r.diagram(i, d, kept_model.take());
        }
    }
    let model = r.model;
    Ok(Imported {
        title,
        description,
        model,
        report,
    })
}

struct Reader<'a> {
    report: &'a mut ImportReport,
    model: Model,
    /// Every id given (elements, diagrams and threats share one space here,
    /// so that no two records of the model share one).
    ids: HashSet<String>,
    next: u64,
    /// Threats (by index) an export wrote on several elements: their cells.
    pending: Vec<(usize, Vec<String>)>,
    catalog: Vec<crate::model::props::PropertyDef>,
    /// Where kept fields are written, reused for every record.
    buf: Vec<u8>,
}

impl Reader<'_> {
    /// `kept` as `foreign["threat-dragon"]` holds it (nothing when empty).
    fn foreign(&mut self, kept: &Map<String, Value>) -> Foreign {
        let mut f = Foreign::new();
        if kept.is_empty() {
            return f;
        }
        self.buf.clear();
        // Writing a map of JSON values into memory cannot fail.
        if serde_json::to_writer(&mut self.buf, kept).is_ok() {
            if let Ok(text) = std::str::from_utf8(&self.buf) {
                f.insert(FOREIGN.to_string(), text.to_string());
            }
        }
        f
    }

    /// `wanted` if it is a usable id not yet given, else a new one.
    fn id(&mut self, wanted: Option<String>, prefix: &str) -> String {
        if let Some(w) = wanted {
            let ok = (1..=64).contains(&w.len())
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-'));
            if ok && self.ids.insert(w.clone()) {
                return w;
            }
        }
        loop {
            self.next += 1;
            let id = format!("td-{prefix}{}", self.next);
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }

    fn diagram(
        &mut self,
        index: usize,
        mut d: Map<String, Value>,
        model: Option<Map<String, Value>>,
    ) {
        // `read` let through only a list or nothing.
        let cells = match d.remove("cells") {
            Some(Value::Array(c)) => c,
            _ => Vec::new(),
        };
        let diagram_id = self.id(d.get("id").and_then(scalar), "d");
        let name = match d.get("title").and_then(scalar) {
            Some(t) if !t.trim().is_empty() => text::name(&t, "a diagram's title", self.report),
            _ => {
                self.report
                    .defaulted("a diagram without a title: 'Diagram <n>'");
                format!("Diagram {}", index + 1)
            }
        };
        self.report.mapped("diagram title → diagram name");
        let mut kept = d;
        kept.remove("title");
        if kept
            .get("description")
            .and_then(scalar)
            .is_some_and(|s| !s.is_empty())
        {
            self.report.kept(
                "a diagram's description (Threatloom diagrams have none; written back on export)",
            );
        }

        // Pass 1: what each cell is, and each node's id and rect (ends of
        // flows and of line boundaries are looked up here).
        let mut shapes = Vec::with_capacity(cells.len());
        let mut nodes: HashMap<String, (String, ElementKind, Rect)> = HashMap::new();
        let mut given: Vec<Option<String>> = Vec::with_capacity(cells.len());
        let mut cell_ids: HashMap<String, String> = HashMap::new();
        for cell in &cells {
            let Value::Object(c) = cell else {
                shapes.push(Shape::Unknown);
                given.push(None);
                continue;
            };
            let shape = shape_of(c);
            shapes.push(shape);
            let source_id = c.get("id").and_then(scalar);
            let id = match shape {
                Shape::Node(_) | Shape::Flow | Shape::BoxBoundary | Shape::LineBoundary => {
                    Some(self.id(source_id.clone(), "e"))
                }
                _ => None,
            };
            if let (Some(id), Some(src)) = (&id, &source_id) {
                cell_ids.insert(src.clone(), id.clone());
                let kind = match shape {
                    Shape::Node(k) => Some(k),
                    Shape::BoxBoundary => Some(ElementKind::TrustBoundary),
                    _ => None,
                };
                if let Some(kind) = kind {
                    nodes.insert(src.clone(), (id.clone(), kind, rect_of(c)));
                }
            }
            given.push(id);
        }

        // Pass 2: the elements.
        let mut extra = Vec::new();
        for ((cell, shape), id) in cells.into_iter().zip(shapes).zip(given) {
            let Value::Object(c) = cell else {
                self.report.dropped(format!(
                    "a cell that is not a JSON object but a {} (nothing Threat Dragon could draw)",
                    kind_of(&cell)
                ));
                continue;
            };
            let Some(id) = id else {
                match shape {
                    Shape::Text => self.report.kept(
                        "text block (Threatloom has no free text on the canvas; written back on export)",
                    ),
                    _ => self.report.kept(format!(
                        "cell of shape '{}' (unknown to Threatloom; kept verbatim, written back on export)",
                        short(&c.get("shape").and_then(scalar).unwrap_or_default())
                    )),
                }
                if has_threats(&c) {
                    self.report.kept(
                        "threats on a text block or unknown shape (kept with it, not imported)",
                    );
                }
                extra.push(Value::Object(c));
                continue;
            };
            self.element(&diagram_id, id, c, shape, &nodes);
        }
        for (i, cells) in std::mem::take(&mut self.pending) {
            if let Some(t) = self.model.threats.get_mut(i) {
                for c in cells {
                    match cell_ids.get(&c) {
                        Some(id) if !t.element_ids.contains(id) => t.element_ids.push(id.clone()),
                        Some(_) => {}
                        None => self.report.dropped(format!(
                            "a threat's element '{}' that is on no element of its diagram",
                            short(&c)
                        )),
                    }
                }
            }
        }
        let mut foreign = Map::new();
        foreign.insert("diagram".into(), Value::Object(kept));
        if !extra.is_empty() {
            foreign.insert("cells".into(), Value::Array(extra));
        }
        if let Some(m) = model {
            foreign.insert("model".into(), Value::Object(m));
        }
        let foreign = self.foreign(&foreign);
        self.model.diagrams.push(Diagram {
            id: diagram_id,
            name,
            position: index as u32,
            foreign,
        });
    }

    fn element(
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
            _ => label.filter(|l| !l.trim().is_empty()).inspect(|_| {
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
        let description = match data.remove("description").and_then(|v| scalar(&v)) {
            Some(d) => text::long(&d, &format!("a {what}'s description"), self.report),
            None => String::new(),
        };

        // Properties.
        let mut props = BTreeMap::new();
        let mut unset = false;
        for (td, ours, kinds) in PROPS {
            if !kinds.contains(&kind) {
                continue;
            }
            let Some(v) = data.get(*td) else { continue };
            let value = match v {
                Value::Bool(true) => Some(PropValue::Bool(true)),
                Value::String(s) if s == "true" => Some(PropValue::Bool(true)),
                Value::Bool(false) => {
                    unset = true;
                    None
                }
                Value::String(s) if s == "false" => {
                    unset = true;
                    None
                }
                Value::String(s) if td_is_text(td) => {
                    let t = text::prop(s, &format!("a {what}'s {td}"), self.report);
                    (!t.is_empty()).then_some(PropValue::Text(t))
                }
                Value::Number(n) if td_is_text(td) => Some(PropValue::Text(n.to_string())),
                _ => {
                    self.report.kept(format!(
                        "{what} {td} that is neither yes/no nor a text (kept for export)"
                    ));
                    continue;
                }
            };
            data.remove(*td);
            if let Some(value) = value {
                let label = self
                    .catalog
                    .iter()
                    .find(|d| d.key == *ours)
                    .map(|d| d.label.to_string())
                    .unwrap_or_else(|| format!("other property '{ours}'"));
                self.report.mapped(format!("{what} {td} → {label}"));
                if *td == "isBidirectional" {
                    self.report.mapped(
                        "a bidirectional flow is kept as one flow with property 'Bidirectional' (both directions; written back as isBidirectional)",
                    );
                }
                props.insert(ours.to_string(), value);
            }
        }
        if unset {
            self.report.defaulted(format!(
                "{what} flags that are false (Threat Dragon's default for a flag nobody set) → left unset, written back as false"
            ));
        }
        if let Some(Value::Object(others)) = data.remove(OTHER_PROPS) {
            for (key, v) in others {
                let key = text::name(&key, "a property's name", self.report);
                let key: String = key.chars().take(crate::model::props::MAX_KEY).collect();
                if key.is_empty()
                    || crate::model::props::is_known(&key) && !known_applies(&key, kind)
                {
                    self.report.dropped(format!(
                        "property '{}' that does not apply to a {what}",
                        short(&key)
                    ));
                    continue;
                }
                let value = match v {
                    Value::Bool(b) => PropValue::Bool(b),
                    v => match scalar(&v) {
                        Some(t) => PropValue::Text(text::prop(
                            &t,
                            &format!("property '{key}'"),
                            self.report,
                        )),
                        None => continue,
                    },
                };
                if crate::model::props::validate(kind, &key, &value).is_err() {
                    self.report.dropped(format!(
                        "property '{}' with a value it cannot hold",
                        short(&key)
                    ));
                    continue;
                }
                self.report.mapped(format!("{OTHER_PROPS} → properties"));
                props.insert(key, value);
            }
        }
        if props.get("out_of_scope") != Some(&PropValue::Bool(true)) {
            // A reason without the flag is still the user's text.
            if props.contains_key("out_of_scope_reason") {
                self.report
                    .kept("a reason out of scope on an element in scope (kept as the reason)");
            }
        }

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

    fn threat(&mut self, element_id: &str, kind: ElementKind, t: Value) {
        let Value::Object(mut kept) = t else {
            self.report
                .dropped("a threat that is not a JSON object (nothing to read)");
            return;
        };
        let mut originals = Map::new();
        let raw_title = kept
            .remove("title")
            .and_then(|v| scalar(&v))
            .unwrap_or_default();
        let title = if raw_title.trim().is_empty() {
            self.report
                .defaulted("a threat without a title: 'Untitled threat'");
            "Untitled threat".to_string()
        } else {
            text::name(&raw_title, "a threat's title", self.report)
        };
        if raw_title != title {
            originals.insert(
                "title".into(),
                Value::Array(vec![raw_title.into(), title.clone().into()]),
            );
        }
        let raw_type = kept
            .remove("type")
            .and_then(|v| scalar(&v))
            .unwrap_or_default();
        let key = raw_type
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let category = match labels::TYPES.iter().find(|(l, _, _)| *l == key) {
            Some((_, letter, model)) => {
                let c = stride_of(*letter);
                if *model == "STRIDE" {
                    self.report.mapped(format!(
                        "threat type '{}' → {}",
                        short(&raw_type),
                        c.label()
                    ));
                } else {
                    self.report.mapped(format!(
                        "{model} threat type '{}' → {} (the closest STRIDE category; the original kept)",
                        short(&raw_type),
                        c.label()
                    ));
                }
                c
            }
            None => {
                let c = Stride::applicable(kind)
                    .first()
                    .copied()
                    .unwrap_or(Stride::Tampering);
                if raw_type.trim().is_empty() {
                    self.report.defaulted(format!(
                        "a threat without a type on a {}: {}",
                        kind.label().to_lowercase(),
                        c.label()
                    ));
                } else {
                    self.report.defaulted(format!(
                        "threat type '{}' matches no STRIDE category: {} (the first that applies to a {}; the original kept)",
                        short(&raw_type),
                        c.label(),
                        kind.label().to_lowercase()
                    ));
                }
                c
            }
        };
        originals.insert(
            "type".into(),
            Value::Array(vec![raw_type.into(), category.letter().to_string().into()]),
        );

        let raw_status = kept
            .remove("status")
            .and_then(|v| scalar(&v))
            .unwrap_or_default();
        let lifecycle = match raw_status
            .trim()
            .to_lowercase()
            .replace([' ', '_', '-', '/'], "")
            .as_str()
        {
            "open" => {
                self.report.mapped("threat status Open → Draft");
                FindingState::Draft
            }
            "mitigated" => {
                self.report.mapped("threat status Mitigated → Mitigated");
                FindingState::Mitigated
            }
            "notapplicable" | "na" => {
                self.report
                    .mapped("threat status NotApplicable → False positive");
                FindingState::FalsePositive
            }
            "accepted" => {
                self.report.mapped("threat status Accepted → Accepted");
                FindingState::Accepted
            }
            "transferred" => {
                self.report
                    .mapped("threat status Transferred → Accepted (the risk is taken elsewhere; the original kept)");
                FindingState::Accepted
            }
            "avoided" | "eliminated" => {
                self.report.mapped(format!(
                    "threat status {} → Mitigated (the original kept)",
                    short(&raw_status)
                ));
                FindingState::Mitigated
            }
            _ => {
                self.report.defaulted(format!(
                    "threat status '{}' → Draft (the original kept)",
                    short(&raw_status)
                ));
                FindingState::Draft
            }
        };
        originals.insert(
            "status".into(),
            Value::Array(vec![raw_status.into(), state_name(lifecycle).into()]),
        );

        let raw_severity = kept
            .remove("severity")
            .and_then(|v| scalar(&v))
            .unwrap_or_default();
        let level = match raw_severity.trim().to_lowercase().as_str() {
            "critical" => Some(RiskLevel::Critical),
            "high" => Some(RiskLevel::High),
            "medium" => Some(RiskLevel::Medium),
            "low" => Some(RiskLevel::Low),
            _ => None,
        };
        let risk_override = match level {
            Some(level) => {
                self.report.mapped(format!(
                    "threat severity {} → risk set to {} (justified as Threat Dragon's severity)",
                    level.label(),
                    level.label()
                ));
                Some(RiskOverride {
                    level,
                    justification: format!("Severity {} in the Threat Dragon model", level.label()),
                })
            }
            None => {
                self.report.defaulted(format!(
                    "threat severity '{}' → unrated",
                    short(&raw_severity)
                ));
                None
            }
        };
        originals.insert(
            "severity".into(),
            Value::Array(vec![
                raw_severity.into(),
                level.map(|l| l.label()).unwrap_or("").into(),
            ]),
        );
        if kept
            .get("score")
            .and_then(scalar)
            .is_some_and(|s| !s.trim().is_empty())
        {
            self.report
                .kept("threat score (kept for export; Threatloom rates impact and likelihood)");
        }

        let scenario = match kept.remove("description").and_then(|v| scalar(&v)) {
            Some(d) => text::long(&d, "a threat's description", self.report),
            None => String::new(),
        };
        let mitigation = match kept.remove("mitigation").and_then(|v| scalar(&v)) {
            Some(m) => text::long(&m, "a threat's mitigation", self.report),
            None => String::new(),
        };
        if !mitigation.is_empty() {
            self.report
                .mapped("threat mitigation → a recommended action");
        }
        let wanted = kept
            .get("id")
            .and_then(scalar)
            .or_else(|| kept.get("threatId").and_then(scalar));
        let id = self.id(wanted, "t");
        if let Some(Value::Array(list)) = kept.remove(ELEMENTS) {
            let cells: Vec<String> = list.iter().filter_map(scalar).collect();
            self.pending.push((self.model.threats.len(), cells));
        }
        kept.insert(ORIGINALS.into(), Value::Object(originals));
        let mut threat = Threat::quick(element_id, category, &title);
        threat.id = id;
        threat.scenario = scenario;
        threat.risk_override = risk_override;
        threat.recommended_actions = if mitigation.is_empty() {
            vec![]
        } else {
            vec![mitigation]
        };
        threat.lifecycle = lifecycle;
        threat.foreign = self.foreign(&kept);
        self.model.threats.push(threat);
    }
}

fn known_applies(key: &str, kind: ElementKind) -> bool {
    crate::model::props::catalog()
        .iter()
        .any(|d| d.key == key && d.kinds.contains(&kind))
}

fn td_is_text(td: &str) -> bool {
    matches!(td, "protocol" | "privilegeLevel" | "reasonOutOfScope")
}

fn stride_of(letter: char) -> Stride {
    match letter {
        'S' => Stride::Spoofing,
        'R' => Stride::Repudiation,
        'I' => Stride::InformationDisclosure,
        'D' => Stride::DenialOfService,
        'E' => Stride::ElevationOfPrivilege,
        _ => Stride::Tampering,
    }
}

/// A lifecycle state as its serde name ("draft", "false_positive").
pub fn state_name(s: FindingState) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn shape_of(c: &Map<String, Value>) -> Shape {
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

fn has_threats(c: &Map<String, Value>) -> bool {
    c.get("data")
        .and_then(|d| d.get("threats"))
        .and_then(Value::as_array)
        .is_some_and(|t| !t.is_empty())
}

/// A node's rect: `position` + `size` (TD 2.x), else `x`/`y`/`width`/`height`;
/// `Rect::default()` when there is none that is usable.
fn rect_of(c: &Map<String, Value>) -> Rect {
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

/// A text or a number as text (files in the wild write either).
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A finite number, or a text that is one.
fn num(v: &Value) -> Option<f64> {
    let n = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "number",
        Value::String(_) => "text",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

fn wrong(what: &str, expected: &str, got: &Value) -> Error {
    Error::invalid(format!(
        "{what} is a {}, not {expected}: {EXPECTED}",
        kind_of(got)
    ))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A source's text shortened for a report line.
fn short(s: &str) -> String {
    let s = one_line(s);
    if s.chars().count() <= 60 {
        s
    } else {
        format!("{}…", s.chars().take(60).collect::<String>())
    }
}
