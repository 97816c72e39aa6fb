//! The Microsoft Threat Modeling Tool's `.tm7`: DataContract XML, root
//! `ThreatModel`. Read in one pass into a small element tree (`dom`), then
//! walked once with hash lookups:
//!
//! - `DrawingSurfaceList/DrawingSurfaceModel` → one diagram each;
//! - `Borders` → stencils (entity, process, store; the template's own types
//!   by their generic parent) and box boundaries, at their `Left`/`Top`/
//!   `Width`/`Height`;
//! - `Lines` → flows (`Connector`; one per direction, never merged; a missing
//!   or unknown end is kept open and reported) and line boundaries
//!   (`LineBoundary`; the curve through its handle sampled into points);
//! - `ThreatInstances` → threats on the flow (or element) they belong to;
//! - element properties (`Properties/anyType`) → the name, the catalogue's
//!   properties where the meaning is the same, else properties by their
//!   display name; the template type's name as "TMT type".
//!
//! What Threatloom has no field for is kept verbatim under the "tm7" key of
//! `foreign` (JSON), so nothing the file says about an element is lost; the
//! template's own definitions (the `KnowledgeBase`) are read for names and
//! categories only, and the report says so.
//!
//! A free-text annotation (`GE.A`) has no element of ours: its text is kept
//! on its diagram's "tm7" record (`annotations`) and in the report.
//!
//! A "Not Applicable" threat becomes a false positive whose justification
//! (`StateInformation`) is kept as a team comment on the threat; every other
//! state's justification is kept the same way.

mod dom;
mod kb;
mod properties;
mod shapes;
mod threats;

use super::{text, ImportReport, Imported, Outcome, ReportLine};
use crate::error::{Error, Result};
use crate::import::Format;
use crate::model::*;
use dom::{Node, EXPECTED};
use kb::Kb;
use properties::{props_of, Val};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

const TOOL: &str = "Microsoft Threat Modeling Tool";
const FOREIGN: &str = "tm7";
const NIL_GUID: &str = "00000000-0000-0000-0000-000000000000";
/// The property that keeps the template type's display name.
pub const TYPE_PROP: &str = "TMT type";
/// Points a line boundary's curve is sampled into.
const CURVE_POINTS: usize = 9;

pub(super) fn read(bytes: &[u8]) -> Result<Imported> {
    let text = dom::decode(bytes)?;
    let root = dom::parse(&text)?;
    if root.name != "ThreatModel" {
        return Err(Error::invalid(format!(
            "This XML file's root is <{}>, not <ThreatModel>: {EXPECTED}",
            root.name.chars().take(60).collect::<String>()
        )));
    }
    let version = root.text_of("Version").unwrap_or_default().to_string();
    let mut r = Reader {
        report: ImportReport::new(Format::Tm7, version.chars().take(40).collect::<String>()),
        kb: Kb::read(root.child("KnowledgeBase")),
        model: Model {
            source: format!("{TOOL} model"),
            ..Model::default()
        },
        placed: HashMap::new(),
        used: HashSet::new(),
        log: Log::default(),
        known: props::catalog().iter().map(|d| d.key).collect(),
    };
    let surfaces: Vec<&Node> = root
        .child("DrawingSurfaceList")
        .map(|l| l.children.iter().collect())
        .unwrap_or_default();
    if surfaces.is_empty() {
        return Err(Error::invalid(format!(
            "This .tm7 file holds no diagram (no DrawingSurfaceList/DrawingSurfaceModel): {EXPECTED}"
        )));
    }
    for (i, s) in surfaces.into_iter().enumerate() {
        r.diagram(s, i);
    }
    if let Some(threats) = root.child("ThreatInstances") {
        for t in &threats.children {
            r.threat(t);
        }
    }
    let (title, description) = r.meta(&root);
    r.log.into_report(&mut r.report);
    Ok(Imported {
        title,
        description,
        model: r.model,
        report: r.report,
    })
}

/// An element as placed: its id in the model, kind and diagram.
struct Placed {
    id: String,
    kind: ElementKind,
    diagram: String,
}

/// The report's lines as they are made, counted through a hash index (the
/// report's own `add` looks lines up one by one, which a file with many
/// distinct lines would make quadratic); merged into the report at the end.
#[derive(Default)]
struct Log {
    lines: Vec<ReportLine>,
    index: HashMap<(u8, String), usize>,
}

impl Log {
    fn add(&mut self, outcome: Outcome, text: String) {
        match self.index.get(&(outcome as u8, text.clone())) {
            Some(&i) => {
                if let Some(l) = self.lines.get_mut(i) {
                    l.count += 1;
                }
            }
            None => {
                self.index
                    .insert((outcome as u8, text.clone()), self.lines.len());
                self.lines.push(ReportLine {
                    outcome,
                    text,
                    count: 1,
                });
            }
        }
    }
    fn mapped(&mut self, text: impl Into<String>) {
        self.add(Outcome::Mapped, text.into())
    }
    fn defaulted(&mut self, text: impl Into<String>) {
        self.add(Outcome::Defaulted, text.into())
    }
    fn kept(&mut self, text: impl Into<String>) {
        self.add(Outcome::Kept, text.into())
    }
    fn dropped(&mut self, text: impl Into<String>) {
        self.add(Outcome::Dropped, text.into())
    }

    /// Adds the lines to `report` (after the lines the text limits wrote there).
    fn into_report(mut self, report: &mut ImportReport) {
        for l in std::mem::take(&mut report.lines) {
            for _ in 0..l.count {
                self.add(l.outcome, l.text.clone());
            }
        }
        report.lines = self.lines;
    }
}

struct Reader {
    /// Where the text limits (`text::…`) write; `log` holds the rest.
    report: ImportReport,
    log: Log,
    /// The catalogue's keys.
    known: HashSet<&'static str>,
    kb: Kb,
    model: Model,
    /// The file's guid → the element made of it.
    placed: HashMap<String, Placed>,
    /// Ids given so far (elements, diagrams, threats).
    used: HashSet<String>,
}

fn number(node: &Node, name: &str) -> Option<f64> {
    node.text_of(name)
        .and_then(|t| t.parse::<f64>().ok())
        .filter(|v| v.is_finite() && v.abs() <= 1e6)
}

fn guid_of(node: &Node, name: &str) -> Option<String> {
    node.text_of(name)
        .map(|g| g.trim().to_ascii_lowercase())
        .filter(|g| g != NIL_GUID)
}

/// A node as JSON: a leaf is its text (`null` if nil), else an object of its
/// children (a repeated name becomes a list), with its `i:type` as "@type".
fn to_json(n: &Node) -> Value {
    if n.children.is_empty() {
        return if n.is_nil() {
            Value::Null
        } else {
            Value::String(n.text.trim().to_string())
        };
    }
    let mut map = Map::new();
    if let Some(t) = n.xsi_type() {
        map.insert("@type".into(), Value::String(t.to_string()));
    }
    for c in &n.children {
        let v = to_json(c);
        match map.get_mut(&c.name) {
            Some(Value::Array(list)) if c.name != "@type" => list.push(v),
            Some(old) => {
                let first = old.take();
                *old = Value::Array(vec![first, v]);
            }
            None => {
                // Lists of values (`a:string`) are always arrays.
                let v = if c.name == "string" || c.name == "anyType" {
                    Value::Array(vec![v])
                } else {
                    v
                };
                map.insert(c.name.clone(), v);
            }
        }
    }
    Value::Object(map)
}

impl Reader {
    /// `wanted` if it is a valid id not yet given, else `prefix` and a number.
    fn id(&mut self, wanted: Option<&str>, prefix: &str) -> String {
        let valid = |s: &str| {
            !s.is_empty()
                && s.len() <= 64
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        };
        if let Some(w) = wanted.filter(|w| valid(w)) {
            if self.used.insert(w.to_string()) {
                return w.to_string();
            }
        }
        let mut n = self.used.len();
        loop {
            let id = format!("tm7-{prefix}{n}");
            if self.used.insert(id.clone()) {
                return id;
            }
            n += 1;
        }
    }

    fn diagram(&mut self, s: &Node, index: usize) {
        let guid = guid_of(s, "Guid");
        let id = self.id(guid.as_deref(), "d");
        let props = props_of(s);
        let named = s.text_of("Header").map(str::to_string).or_else(|| {
            props.iter().find_map(|p| match (&p.value, p.display) {
                (Val::Text(t), "Name") => Some(t.clone()),
                _ => None,
            })
        });
        let name = match named {
            Some(n) => {
                self.log.mapped("diagram header → diagram name");
                text::name(&n, "a diagram's name", &mut self.report)
            }
            None => {
                self.log
                    .defaulted("a diagram without a header or name: named 'Diagram <n>'");
                format!("Diagram {}", index + 1)
            }
        };
        let mut record = Map::new();
        for c in &s.children {
            if !matches!(c.name.as_str(), "Borders" | "Lines") {
                record.insert(c.name.clone(), to_json(c));
            }
        }
        if let Some(z) = s.attr("Id") {
            record.insert("z:Id".into(), Value::String(z.to_string()));
        }
        let mut annotations = Vec::new();
        // Nodes first, so that flows find their ends.
        let entries = |list: &str| -> Vec<&Node> {
            s.child(list)
                .map(|l| l.children.iter().collect())
                .unwrap_or_default()
        };
        let borders = entries("Borders");
        let lines = entries("Lines");
        let mut zrefs: HashSet<String> = HashSet::new();
        for (entry, in_lines) in borders
            .into_iter()
            .map(|e| (e, false))
            .chain(lines.into_iter().map(|e| (e, true)))
        {
            let Some(value) = entry.child("Value") else {
                self.log
                    .dropped("a diagram entry without a value (nothing to read)");
                continue;
            };
            if let Some(z) = value.attr("Id") {
                zrefs.insert(z.to_string());
            }
            if value.children.is_empty() {
                if value.attr("Ref").is_some_and(|r| zrefs.contains(r)) {
                    self.log
                        .kept("a repeated reference (z:Ref) to a shape already read: read once");
                } else {
                    self.log.dropped("an empty diagram entry (no shape in it)");
                }
                continue;
            }
            let key = entry.text_of("Key").map(|k| k.to_ascii_lowercase());
            self.shape(value, key, &id, in_lines, &mut annotations);
        }
        if !annotations.is_empty() {
            record.insert("annotations".into(), Value::Array(annotations));
        }
        let mut foreign = Foreign::new();
        foreign.insert(FOREIGN.into(), Value::Object(record).to_string());
        self.model.diagrams.push(Diagram {
            id,
            name,
            position: index as u32,
            foreign,
        });
    }

    /// The model's title and description, from `MetaInformation` and `Notes`.
    fn meta(&mut self, root: &Node) -> (String, String) {
        let meta = root.child("MetaInformation");
        let get = |name: &str| meta.and_then(|m| m.text_of(name));
        let title = match get("ThreatModelName") {
            Some(t) => {
                self.log.mapped("threat model name → engagement name");
                text::name(t, "the model's name", &mut self.report)
            }
            None => {
                let first = self.model.diagrams.first().map(|d| d.name.clone());
                self.log
                    .defaulted("a model without a name: named after its first diagram");
                first.unwrap_or_else(|| format!("{TOOL} model"))
            }
        };
        let mut description = get("HighLevelSystemDescription").unwrap_or("").to_string();
        for (field, label) in [
            ("Owner", "Owner"),
            ("Reviewer", "Reviewer"),
            ("Contributors", "Contributors"),
            ("Assumptions", "Assumptions"),
            ("ExternalDependencies", "External dependencies"),
        ] {
            if let Some(v) = get(field) {
                description.push_str(&format!("\n\n{label}: {v}"));
                self.log.kept(format!(
                    "the model's {} kept in the description",
                    label.to_lowercase()
                ));
            }
        }
        let notes: Vec<String> = root
            .child("Notes")
            .into_iter()
            .flat_map(|n| n.children.iter())
            .filter_map(|n| {
                let msg = n.text_of("Message")?;
                Some(match n.text_of("AddedBy") {
                    Some(by) => format!("- {msg} ({by})"),
                    None => format!("- {msg}"),
                })
            })
            .collect();
        if !notes.is_empty() {
            description.push_str(&format!("\n\nNotes:\n{}", notes.join("\n")));
            self.log.kept("the model's notes kept in the description");
        }
        // The template: named on the first diagram's record, its definitions not kept.
        if let Some(d) = self.model.diagrams.first_mut() {
            let mut extra = Map::new();
            for name in [
                "Version",
                "ThreatGenerationEnabled",
                "Validations",
                "Profile",
                "MetaInformation",
                "Notes",
            ] {
                if let Some(n) = root.child(name) {
                    extra.insert(name.into(), to_json(n));
                }
            }
            if let Some(m) = &self.kb.manifest {
                extra.insert("KnowledgeBase.Manifest".into(), m.clone());
            }
            if let Some(rec) = d.foreign.get_mut(FOREIGN) {
                if let Ok(Value::Object(mut map)) = serde_json::from_str::<Value>(rec) {
                    map.insert("model".into(), Value::Object(extra));
                    *rec = Value::Object(map).to_string();
                }
            }
        }
        if self.kb.element_types > 0 || !self.kb.threat_types.is_empty() {
            self.log.dropped(format!(
                "the template's own definitions (KnowledgeBase: {} element types, {} threat types), read for names and categories; its name and version are kept on the first diagram's tm7 record",
                self.kb.element_types,
                self.kb.threat_types.len()
            ));
        }
        (
            title,
            text::long(&description, "the model's description", &mut self.report),
        )
    }
}
