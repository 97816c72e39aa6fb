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
//!   other properties with a readable key (see `props::PROPS`).
//! - `data.threats` → threats on that element (type through `labels::TYPES`).
//! - Everything else of a cell, diagram or threat is kept in its
//!   `foreign["threat-dragon"]` (a JSON object of the source's fields; under
//!   `ORIGINALS`, the source's own spelling of a mapped field beside what it
//!   was mapped to), so that `export::threat_dragon` writes it back.

mod cells;
mod labels;
mod props;
mod threats;

use super::{text, Format, ImportReport, Imported};
use crate::error::{Error, Result};
use crate::model::{Diagram, ElementKind, Foreign, Model, Rect};
use cells::{has_threats, rect_of, shape_of};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// The key of `foreign` this format uses.
pub const FOREIGN: &str = "threat-dragon";
/// Inside a kept object: field → [the source's value, what it was mapped to].
pub const ORIGINALS: &str = "$originals";
/// Where an export wrote properties Threat Dragon has no flag for.
const OTHER_PROPS: &str = "threatloomProperties";
/// Where an export listed the elements of a threat on several.
const ELEMENTS: &str = "threatloomElements";
/// A threat's Threatloom state, kept by the export beside a Threat Dragon
/// status that says less.
const STATE: &str = "threatloomState";

const EXPECTED: &str =
    "expected a Threat Dragon v2 model: a JSON object with \"summary\" and \"detail\": {\"diagrams\": [...]}";

/// What a cell is, by its shape (else its `data.type`).
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
        copies: HashSet::new(),
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
    /// The ids of this diagram's threats on several elements read so far
    /// (their copies on the other elements are skipped).
    copies: HashSet<String>,
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
        self.copies.clear();
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
