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

use super::{text, ImportReport, Imported, Outcome, ReportLine};
use crate::error::{Error, Result};
use crate::import::Format;
use crate::model::*;
use dom::{Node, EXPECTED};
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

/// What the template (`KnowledgeBase`) says: element types' names and
/// parents, threat categories, threat types and the labels of threat fields.
#[derive(Default)]
struct Kb {
    /// Element type id → (display name, parent id).
    types: HashMap<String, (String, String)>,
    /// Threat category id → name.
    categories: HashMap<String, String>,
    /// Threat type id → (category id, short title).
    threat_types: HashMap<String, (String, String)>,
    /// Threat field key → label.
    labels: HashMap<String, String>,
    manifest: Option<Value>,
    element_types: usize,
}

impl Kb {
    fn read(kb: Option<&Node>) -> Kb {
        let mut out = Kb::default();
        let Some(kb) = kb else { return out };
        for list in ["GenericElements", "StandardElements", "CustomElements"] {
            for t in kb
                .child(list)
                .into_iter()
                .flat_map(|l| l.all("ElementType"))
            {
                if let Some(id) = t.text_of("Id") {
                    let name = t.text_of("Name").unwrap_or(id).to_string();
                    let parent = t.text_of("ParentId").unwrap_or_default().to_string();
                    out.types.insert(id.to_string(), (name, parent));
                    out.element_types += 1;
                }
            }
        }
        for c in kb
            .child("ThreatCategories")
            .into_iter()
            .flat_map(|l| l.all("ThreatCategory"))
        {
            if let (Some(id), Some(name)) = (c.text_of("Id"), c.text_of("Name")) {
                out.categories.insert(id.to_string(), name.to_string());
            }
        }
        for t in kb
            .child("ThreatTypes")
            .into_iter()
            .flat_map(|l| l.all("ThreatType"))
        {
            if let Some(id) = t.text_of("Id") {
                out.threat_types.insert(
                    id.to_string(),
                    (
                        t.text_of("Category").unwrap_or_default().to_string(),
                        t.text_of("ShortTitle").unwrap_or_default().to_string(),
                    ),
                );
            }
        }
        let data = kb
            .child("ThreatMetaData")
            .and_then(|m| m.child("PropertiesMetaData"));
        for d in data.into_iter().flat_map(|l| l.all("ThreatMetaDatum")) {
            if let (Some(name), Some(label)) = (d.text_of("Name"), d.text_of("Label")) {
                out.labels.insert(name.to_string(), label.to_string());
            }
        }
        out.manifest = kb.child("Manifest").map(to_json);
        out
    }

    /// The generic class of an element type, following its parents.
    fn class_of(&self, type_id: &str) -> Option<Class> {
        let mut id = type_id;
        for _ in 0..16 {
            if let Some(c) = Class::generic(id) {
                return Some(c);
            }
            id = self.types.get(id).map(|(_, p)| p.as_str())?;
        }
        None
    }

    fn type_name(&self, type_id: &str) -> Option<&str> {
        self.types.get(type_id).map(|(n, _)| n.as_str())
    }
}

/// What a `Borders` or `Lines` entry is drawn as.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Entity,
    Process,
    Store,
    Flow,
    BoxBoundary,
    LineBoundary,
    Annotation,
}

impl Class {
    fn generic(id: &str) -> Option<Class> {
        Some(match id {
            "GE.EI" => Class::Entity,
            "GE.P" => Class::Process,
            "GE.DS" => Class::Store,
            "GE.DF" => Class::Flow,
            "GE.TB.B" => Class::BoxBoundary,
            "GE.TB.L" => Class::LineBoundary,
            "GE.A" => Class::Annotation,
            _ => return None,
        })
    }

    fn shape(xsi: &str) -> Option<Class> {
        Some(match xsi {
            "StencilRectangle" => Class::Entity,
            "StencilEllipse" => Class::Process,
            "StencilParallelLines" => Class::Store,
            "BorderBoundary" => Class::BoxBoundary,
            "LineBoundary" => Class::LineBoundary,
            "Connector" => Class::Flow,
            "StencilAnnotation" | "Annotation" => Class::Annotation,
            _ => return None,
        })
    }

    /// The last resort: the template's naming (`SE.EI.…`, `SE.P.…`).
    fn prefix(type_id: &str) -> Option<Class> {
        let p = |s: &str| type_id.starts_with(s);
        Some(if p("SE.EI.") {
            Class::Entity
        } else if p("SE.P.") || p("SE.GP.") {
            Class::Process
        } else if p("SE.DS.") {
            Class::Store
        } else if p("SE.DF.") {
            Class::Flow
        } else if p("SE.TB.L.") {
            Class::LineBoundary
        } else if p("SE.TB.") {
            Class::BoxBoundary
        } else if p("SE.A.") {
            Class::Annotation
        } else {
            return None;
        })
    }

    fn kind(self) -> Option<ElementKind> {
        Some(match self {
            Class::Entity => ElementKind::ExternalEntity,
            Class::Process => ElementKind::Process,
            Class::Store => ElementKind::DataStore,
            Class::Flow => ElementKind::DataFlow,
            Class::BoxBoundary | Class::LineBoundary => ElementKind::TrustBoundary,
            Class::Annotation => return None,
        })
    }

    fn label(self) -> &'static str {
        match self {
            Class::Entity => "external entity",
            Class::Process => "process",
            Class::Store => "data store",
            Class::Flow => "data flow",
            Class::BoxBoundary => "box trust boundary",
            Class::LineBoundary => "line trust boundary",
            Class::Annotation => "free-text annotation",
        }
    }
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

/// One entry of an element's `Properties`.
struct Prop<'a> {
    xsi: &'a str,
    display: &'a str,
    name: &'a str,
    value: Val,
}

enum Val {
    None,
    Text(String),
    Bool(bool),
    /// A list property's options and the one selected (`SelectedIndex`).
    Choice(Option<String>),
}

fn props_of(node: &Node) -> Vec<Prop<'_>> {
    let Some(list) = node.child("Properties") else {
        return vec![];
    };
    list.children
        .iter()
        .map(|p| {
            let xsi = p.xsi_type().unwrap_or("");
            let display = p.text_of("DisplayName").unwrap_or("");
            let name = p.text_of("Name").unwrap_or("");
            let value = match p.child("Value") {
                None => Val::None,
                Some(v) if v.is_nil() => Val::None,
                Some(v) if !v.children.is_empty() || xsi.contains("List") => {
                    let options: Vec<&str> = v.children.iter().map(|o| o.text.trim()).collect();
                    let index = p
                        .text_of("SelectedIndex")
                        .and_then(|i| i.parse::<usize>().ok())
                        .unwrap_or(0);
                    Val::Choice(options.get(index).map(|s| s.to_string()))
                }
                Some(v) => {
                    let t = v.text.trim();
                    match (xsi, v.xsi_type()) {
                        (_, Some("boolean")) | ("BooleanDisplayAttribute", _) => {
                            match t.to_ascii_lowercase().as_str() {
                                "true" | "1" => Val::Bool(true),
                                "false" | "0" => Val::Bool(false),
                                _ => Val::Text(t.to_string()),
                            }
                        }
                        _ if t.is_empty() => Val::None,
                        _ => Val::Text(t.to_string()),
                    }
                }
            };
            Prop {
                xsi,
                display,
                name,
                value,
            }
        })
        .collect()
}

fn yes_no(v: &Val) -> Option<bool> {
    match v {
        Val::Bool(b) => Some(*b),
        Val::Text(t) | Val::Choice(Some(t)) => match t.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The catalogue property a template property means, for `kind`.
fn catalogue(kind: ElementKind, display: &str, v: &Val) -> Option<(&'static str, PropValue)> {
    use ElementKind::*;
    let d = display.trim().to_ascii_lowercase();
    let flag = |key: &'static str| yes_no(v).map(|b| (key, PropValue::Bool(b)));
    match (d.as_str(), kind) {
        ("out of scope", _) => flag("out_of_scope"),
        ("reason for out of scope", _) => match v {
            Val::Text(t) if !t.trim().is_empty() => {
                Some(("out_of_scope_reason", PropValue::Text(t.trim().to_string())))
            }
            _ => None,
        },
        ("authenticates itself", ExternalEntity | DataFlow) => flag("authenticated"),
        ("source authenticated", DataFlow) => flag("authenticated"),
        ("stores credentials", DataStore) => flag("stores_credentials"),
        ("stores log data", DataStore) => flag("is_log"),
        ("encrypted", DataStore) => flag("encrypted_at_rest"),
        ("encrypted", DataFlow) | ("provides confidentiality", DataFlow) => {
            flag("encrypted_in_transit")
        }
        ("running as", Process) => match v {
            Val::Choice(Some(t)) | Val::Text(t) => match t.as_str() {
                "Kernel" | "System" | "Administrator" => {
                    Some(("runs_as_privileged", PropValue::Bool(true)))
                }
                "Standard User Without Elevation" | "Windows Store App" => {
                    Some(("runs_as_privileged", PropValue::Bool(false)))
                }
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// Whether the catalogue mapping says all the template value said (else the
/// value is kept under its own name as well).
fn mapping_is_whole(display: &str) -> bool {
    !display.trim().eq_ignore_ascii_case("running as")
}

/// The flow types of the SDL template that name a protocol.
fn protocol_of(type_name: &str) -> Option<&str> {
    const PROTOCOLS: [&str; 11] = [
        "HTTP",
        "HTTPS",
        "IPsec",
        "SMB",
        "RPC or DCOM",
        "ALPC",
        "UDP",
        "Named Pipe",
        "IOCTL Interface",
        "Binary",
        "TCP",
    ];
    PROTOCOLS.iter().find(|p| **p == type_name).copied()
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

/// `2023-01-31T12:34:56(.fff)(Z)` as milliseconds since 1970, if after it.
fn millis(s: &str) -> Option<i64> {
    let num = |a: usize, b: usize| s.get(a..b).and_then(|t| t.parse::<i64>().ok());
    let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, se) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + h) * 60 + mi) * 60_000 + se * 1000)
}

fn stride_of(name: &str) -> Option<Stride> {
    let n: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match n.as_str() {
        "s" | "spoofing" => Stride::Spoofing,
        "t" | "tampering" => Stride::Tampering,
        "r" | "repudiation" => Stride::Repudiation,
        "i" | "informationdisclosure" => Stride::InformationDisclosure,
        "d" | "denialofservice" => Stride::DenialOfService,
        "e" | "elevationofprivilege" | "elevationofprivileges" => Stride::ElevationOfPrivilege,
        _ => return None,
    })
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

    fn classify(
        &mut self,
        v: &Node,
        type_id: &str,
        generic: &str,
        in_lines: bool,
    ) -> Option<Class> {
        let xsi = v.xsi_type().unwrap_or("");
        let class = Class::generic(generic)
            .or_else(|| self.kb.class_of(type_id))
            .or_else(|| Class::shape(xsi))
            .or_else(|| Class::prefix(type_id));
        // A Lines entry is a connector or a line; Borders hold the rest.
        match class {
            Some(Class::Flow | Class::LineBoundary) if !in_lines => {
                self.log.dropped(format!(
                    "a '{xsi}' shape of type {type_id} among the nodes (Borders), where only nodes and box boundaries are drawn"
                ));
                None
            }
            Some(c) if in_lines && !matches!(c, Class::Flow | Class::LineBoundary) => {
                self.log.dropped(format!(
                    "a '{xsi}' shape of type {type_id} among the lines (Lines), where only connectors and line boundaries are drawn"
                ));
                None
            }
            Some(c) => Some(c),
            None => {
                self.log.dropped(format!(
                    "a shape of unknown type (i:type '{xsi}', type {type_id}, generic type {generic})"
                ));
                None
            }
        }
    }

    fn shape(
        &mut self,
        v: &Node,
        key: Option<String>,
        diagram: &str,
        in_lines: bool,
        annotations: &mut Vec<Value>,
    ) {
        let type_id = v.text_of("TypeId").unwrap_or("").to_string();
        let generic = v.text_of("GenericTypeId").unwrap_or("").to_string();
        let Some(class) = self.classify(v, &type_id, &generic, in_lines) else {
            return;
        };
        let props = props_of(v);
        let type_name = self
            .kb
            .type_name(&type_id)
            .map(str::to_string)
            .or_else(|| {
                props
                    .iter()
                    .find(|p| p.xsi == "HeaderDisplayAttribute" && !p.display.is_empty())
                    .map(|p| p.display.to_string())
            })
            .unwrap_or_else(|| type_id.clone());
        let mut record = Map::new();
        for c in &v.children {
            record.insert(c.name.clone(), to_json(c));
        }
        if let Some(t) = v.xsi_type() {
            record.insert("i:type".into(), Value::String(t.to_string()));
        }
        if let Some(z) = v.attr("Id") {
            record.insert("z:Id".into(), Value::String(z.to_string()));
        }
        let Some(kind) = class.kind() else {
            // A free-text annotation: no element of ours.
            let text = props
                .iter()
                .find_map(|p| match (&p.value, p.display) {
                    (Val::Text(t), "Name") | (Val::Text(t), "Text") => Some(t.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            self.log.kept(format!(
                "free-text annotation '{}' (no element of ours): kept on its diagram's tm7 record",
                text.chars().take(80).collect::<String>()
            ));
            annotations.push(Value::Object(record));
            return;
        };
        let guid = guid_of(v, "Guid").or(key);
        let id = self.id(guid.as_deref(), "e");
        if let Some(g) = &guid {
            if g.as_str() != id {
                self.log.defaulted(format!(
                    "a {} whose guid is missing, repeated or not an id: given a new id",
                    class.label()
                ));
            }
        }
        self.log.mapped(format!(
            "{} '{}' ({}) → {}",
            v.xsi_type().unwrap_or("shape"),
            type_name,
            if type_id.is_empty() {
                "no type id"
            } else {
                &type_id
            },
            class.label()
        ));
        let mut el = Element {
            id: id.clone(),
            diagram_id: diagram.to_string(),
            kind,
            name: String::new(),
            description: String::new(),
            rect: Rect::default(),
            source: None,
            target: None,
            props: Default::default(),
            points: vec![],
            foreign: Foreign::new(),
        };
        if !type_name.is_empty() {
            el.props.insert(
                TYPE_PROP.into(),
                PropValue::Text(text::prop(
                    &type_name,
                    "a template type's name",
                    &mut self.report,
                )),
            );
        }
        self.properties(&mut el, &props);
        if el.name.is_empty() {
            self.log.defaulted(format!(
                "a {} without a name: named after its type",
                class.label()
            ));
            el.name = text::name(&type_name, "a name", &mut self.report);
        }
        match class {
            Class::Flow => self.ends(&mut el, v),
            Class::LineBoundary => {
                if !self.curve(&mut el, v) {
                    return;
                }
            }
            _ => self.rect(&mut el, v),
        }
        if kind == ElementKind::DataFlow {
            if let Some(p) = protocol_of(&type_name) {
                if !el.props.contains_key("protocol") {
                    el.props
                        .insert("protocol".into(), PropValue::Text(p.to_string()));
                    self.log
                        .mapped("a flow's template type naming a protocol → Protocol");
                }
            }
        }
        el.foreign
            .insert(FOREIGN.into(), Value::Object(record).to_string());
        if let Some(g) = guid {
            self.placed.entry(g).or_insert(Placed {
                id,
                kind,
                diagram: diagram.to_string(),
            });
        }
        self.model.elements.push(el);
    }

    fn properties(&mut self, el: &mut Element, props: &[Prop]) {
        for p in props {
            if p.xsi == "HeaderDisplayAttribute" {
                continue;
            }
            if p.display == "Name" && p.xsi == "StringDisplayAttribute" && el.name.is_empty() {
                if let Val::Text(t) = &p.value {
                    el.name = text::name(t, "a name", &mut self.report);
                    self.log.mapped("property 'Name' → the element's name");
                }
                continue;
            }
            let display = if p.display.is_empty() {
                p.name
            } else {
                p.display
            };
            if display.is_empty() {
                self.log
                    .kept("a property without a name: kept only on the element's tm7 record");
                continue;
            }
            if let Some((key, value)) = catalogue(el.kind, display, &p.value) {
                if el.props.contains_key(key) {
                    self.log.kept(format!(
                        "property '{display}' where '{key}' was already set by another property: kept only on the element's tm7 record"
                    ));
                } else {
                    self.log.mapped(format!("property '{display}' → {key}"));
                    let value = match value {
                        PropValue::Text(t) => {
                            PropValue::Text(text::prop(&t, "a property's value", &mut self.report))
                        }
                        v => v,
                    };
                    el.props.insert(key.to_string(), value);
                }
                if mapping_is_whole(display) {
                    continue;
                }
            }
            let value = match &p.value {
                Val::Bool(b) => PropValue::Bool(*b),
                Val::Text(t) => {
                    PropValue::Text(text::prop(t, "a property's value", &mut self.report))
                }
                Val::Choice(Some(t)) if t == "Not Selected" || t.is_empty() => {
                    self.log.kept(format!(
                        "property '{display}' left at 'Not Selected': kept only on the element's tm7 record"
                    ));
                    continue;
                }
                Val::Choice(Some(t)) => {
                    PropValue::Text(text::prop(t, "a property's value", &mut self.report))
                }
                Val::Choice(None) | Val::None => {
                    self.log.kept(format!(
                        "property '{display}' without a value: kept only on the element's tm7 record"
                    ));
                    continue;
                }
            };
            let mut key: String = display
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .take(props::MAX_KEY)
                .collect::<String>()
                .trim()
                .to_string();
            if key.is_empty() {
                self.log.kept(
                    "a property whose name is not text: kept only on the element's tm7 record",
                );
                continue;
            }
            if self.known.contains(key.as_str()) || key == TYPE_PROP || el.props.contains_key(&key)
            {
                let alt = format!("{key} ({})", if p.name.is_empty() { p.xsi } else { p.name });
                key = alt.chars().take(props::MAX_KEY).collect();
                if el.props.contains_key(&key) {
                    self.log.kept(format!(
                        "a second property '{display}' on one element: kept only on the element's tm7 record"
                    ));
                    continue;
                }
            }
            self.log.kept(format!(
                "property '{display}' kept as a property of that name"
            ));
            el.props.insert(key, value);
        }
    }

    fn rect(&mut self, el: &mut Element, v: &Node) {
        let (x, y, w, h) = (
            number(v, "Left"),
            number(v, "Top"),
            number(v, "Width"),
            number(v, "Height"),
        );
        match (x, y, w, h) {
            (Some(x), Some(y), Some(w), Some(h)) if w > 0.0 && h > 0.0 => {
                el.rect = Rect::new(x, y, w, h);
            }
            (Some(x), Some(y), _, _) => {
                self.log
                    .defaulted("a shape without a readable size: 100 × 100 at its position");
                el.rect = Rect::new(x, y, 100.0, 100.0);
            }
            _ => {
                self.log
                    .defaulted("a shape without a readable position: placed by the layout");
            }
        }
    }

    /// A flow's ends: an open end where the file names none, or names
    /// something that is not an entity, process or store of the same diagram.
    fn ends(&mut self, el: &mut Element, v: &Node) {
        let point = |xn: &str, yn: &str| -> Option<Point> {
            Some(Point {
                x: number(v, xn)?,
                y: number(v, yn)?,
            })
        };
        let drawn: Vec<Point> = [point("SourceX", "SourceY"), point("TargetX", "TargetY")]
            .into_iter()
            .flatten()
            .collect();
        el.rect = Rect::around(&drawn);
        for (field, which) in [("SourceGuid", "source"), ("TargetGuid", "target")] {
            let end = match guid_of(v, field) {
                None => {
                    self.log.kept(format!(
                        "flow '{}' has no {which} in the file: kept with that end open",
                        el.name
                    ));
                    None
                }
                Some(g) => match self.placed.get(&g) {
                    Some(p) if p.kind.is_endpoint() && p.diagram == el.diagram_id => {
                        Some(p.id.clone())
                    }
                    Some(_) => {
                        self.log.kept(format!(
                            "flow '{}' has a {which} that is not an entity, process or store of its diagram: kept with that end open",
                            el.name
                        ));
                        None
                    }
                    None => {
                        self.log.kept(format!(
                            "flow '{}' has a {which} the file does not hold: kept with that end open",
                            el.name
                        ));
                        None
                    }
                },
            };
            match which {
                "source" => el.source = end,
                _ => el.target = end,
            }
        }
        self.log
            .mapped("connector → data flow (one per direction, as the tool draws them)");
    }

    /// A line boundary's points: the quadratic curve from its source to its
    /// target through its handle, sampled. `false` if it has no ends.
    fn curve(&mut self, el: &mut Element, v: &Node) -> bool {
        let point = |xn: &str, yn: &str| -> Option<Point> {
            Some(Point {
                x: number(v, xn)?,
                y: number(v, yn)?,
            })
        };
        let (Some(s), Some(t)) = (point("SourceX", "SourceY"), point("TargetX", "TargetY")) else {
            self.log.dropped(format!(
                "line boundary '{}' without readable end points (nothing to draw)",
                el.name
            ));
            return false;
        };
        el.points = match point("HandleX", "HandleY") {
            Some(h) => {
                // The control point of the quadratic curve that passes through the handle halfway.
                let c = Point {
                    x: 2.0 * h.x - (s.x + t.x) / 2.0,
                    y: 2.0 * h.y - (s.y + t.y) / 2.0,
                };
                (0..CURVE_POINTS)
                    .map(|i| {
                        let u = i as f64 / (CURVE_POINTS - 1) as f64;
                        let (a, b, d) = ((1.0 - u) * (1.0 - u), 2.0 * u * (1.0 - u), u * u);
                        Point {
                            x: a * s.x + b * c.x + d * t.x,
                            y: a * s.y + b * c.y + d * t.y,
                        }
                    })
                    .collect()
            }
            None => {
                self.log
                    .defaulted("a line boundary without a handle: drawn straight");
                vec![s, t]
            }
        };
        el.rect = Rect::around(&el.points);
        self.log.mapped(format!(
            "line boundary → a line of {CURVE_POINTS} points along its curve"
        ));
        true
    }

    fn threat(&mut self, entry: &Node) {
        let Some(v) = entry.child("Value") else {
            self.log.dropped("a threat entry without a value");
            return;
        };
        let mut fields: HashMap<&str, &str> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for kv in v
            .child("Properties")
            .into_iter()
            .flat_map(|p| p.children.iter())
        {
            if let (Some(k), Some(val)) = (kv.text_of("Key"), kv.text_of("Value")) {
                if fields.insert(k, val).is_none() {
                    order.push(k);
                }
            }
        }
        let field =
            |name: &str| -> Option<&str> { fields.get(name).copied().or_else(|| v.text_of(name)) };
        let type_id = v.text_of("TypeId").unwrap_or("");
        let kb_type = self.kb.threat_types.get(type_id);
        // Where it belongs: the flow, else its source or target.
        let mut on = None;
        for (name, how) in [
            ("FlowGuid", None),
            ("SourceGuid", Some("its source")),
            ("TargetGuid", Some("its target")),
        ] {
            if let Some(p) = guid_of(v, name).and_then(|g| self.placed.get(&g)) {
                on = Some((p.id.clone(), p.kind, how));
                break;
            }
        }
        let title = field("Title")
            .map(str::to_string)
            .or_else(|| kb_type.map(|(_, t)| t.clone()).filter(|t| !t.is_empty()));
        let title = title
            .map(|t| text::name(&t, "a threat's title", &mut self.report))
            .filter(|t| !t.is_empty());
        let title = match title {
            Some(t) => t,
            None => {
                self.log
                    .defaulted("a threat without a title: titled by its type");
                format!(
                    "Threat {}",
                    if type_id.is_empty() {
                        "without a type"
                    } else {
                        type_id
                    }
                )
            }
        };
        let Some((element, kind, how)) = on else {
            self.log.dropped(format!(
                "threat '{}': its flow, source and target are not in the file (a threat needs an element)",
                title.chars().take(80).collect::<String>()
            ));
            return;
        };
        match how {
            None => self
                .report
                .mapped("threat instance → threat on its flow (FlowGuid)"),
            Some(w) => self.log.defaulted(format!(
                "a threat whose flow is not in the file: put on {w}"
            )),
        }
        // Its category: the instance's, else its type's in the template.
        let named = field("UserThreatCategory").map(str::to_string).or_else(|| {
            let (cat, _) = kb_type?;
            Some(
                self.kb
                    .categories
                    .get(cat)
                    .cloned()
                    .unwrap_or_else(|| cat.clone()),
            )
        });
        let category = match named.as_deref().map(|n| (n, stride_of(n))) {
            Some((n, Some(s))) => {
                self.log
                    .mapped(format!("threat category '{n}' → {}", s.label()));
                s
            }
            other => {
                let s = Stride::applicable(kind)
                    .first()
                    .copied()
                    .unwrap_or(Stride::Spoofing);
                let n = other.map(|(n, _)| n).unwrap_or("none");
                self.log.defaulted(format!(
                    "threat category '{n}' is not STRIDE: set to {} (the first that applies to its element), the tool's category kept with the threat",
                    s.label()
                ));
                s
            }
        };
        let mut t = Threat::quick(&element, category, &title);
        let mut used_fields: HashSet<&str> = [
            "Title",
            "UserThreatCategory",
            "UserThreatDescription",
            "PossibleMitigations",
            "Priority",
            "InteractionString",
            "UserThreatShortDescription",
        ]
        .into_iter()
        .collect();
        let mut scenario = plain(field("UserThreatDescription").unwrap_or(""));
        if !scenario.is_empty() {
            self.log.mapped("threat description → scenario");
        }
        // Fields of the template's threat form beyond those above: in the scenario.
        for k in &order {
            if used_fields.contains(k) {
                continue;
            }
            used_fields.insert(*k);
            let label = self.kb.labels.get(*k).map(String::as_str).unwrap_or(k);
            if let Some(val) = fields.get(k) {
                scenario.push_str(&format!("\n\n{label}: {val}"));
                self.log
                    .kept(format!("threat field '{label}' kept in the scenario"));
            }
        }
        t.scenario = text::long(&scenario, "a threat's scenario", &mut self.report);
        if let Some(m) = field("PossibleMitigations") {
            t.recommended_actions = vec![text::long(
                &plain(m),
                "a threat's mitigations",
                &mut self.report,
            )];
            self.log
                .mapped("possible mitigations → recommended actions");
        }
        let state = v.text_of("State").unwrap_or("");
        t.lifecycle = match state {
            "AutoGenerated" => {
                self.log.mapped("state AutoGenerated → Draft");
                FindingState::Draft
            }
            "NeedsInvestigation" => {
                self.log.mapped(
                    "state NeedsInvestigation → Draft (no status of its own here; the tool's state is kept with the threat)",
                );
                FindingState::Draft
            }
            "NotApplicable" => {
                self.log.mapped(
                    "state NotApplicable → False positive (its justification kept as a comment)",
                );
                FindingState::FalsePositive
            }
            "Mitigated" => {
                self.log.mapped("state Mitigated → Mitigated");
                FindingState::Mitigated
            }
            other => {
                self.log.defaulted(format!(
                    "threat state '{}' unknown: Draft",
                    other.chars().take(40).collect::<String>()
                ));
                FindingState::Draft
            }
        };
        let at_ms = v.text_of("ModifiedAt").and_then(millis).unwrap_or(0);
        if let Some(why) = v.text_of("StateInformation") {
            let by = v
                .text_of("ChangedBy")
                .map(|b| text::name(b, "who changed a threat", &mut self.report))
                .unwrap_or_else(|| TOOL.to_string());
            t.comments.push(Comment {
                by,
                at_ms,
                text: text::long(
                    &format!("Justification in the {TOOL} (state {state}): {why}"),
                    "a threat's justification",
                    &mut self.report,
                ),
                from_customer: false,
            });
            self.log
                .kept("threat justification (StateInformation) kept as a comment");
        }
        let priority = v
            .text_of("Priority")
            .or_else(|| fields.get("Priority").copied());
        if let Some(p) = priority {
            let level = match p.to_ascii_lowercase().as_str() {
                "high" => Some(RiskLevel::High),
                "medium" => Some(RiskLevel::Medium),
                "low" => Some(RiskLevel::Low),
                _ => None,
            };
            match level {
                Some(level) => {
                    t.risk_override = Some(RiskOverride {
                        level,
                        justification: format!("Priority {p} in the {TOOL}"),
                    });
                    self.log
                        .mapped("threat priority → risk level set by hand (its reason says it came from the tool)");
                }
                None => self.log.kept(format!(
                    "threat priority '{}' is not High, Medium or Low: kept with the threat",
                    p.chars().take(40).collect::<String>()
                )),
            }
        }
        let mut record = Map::new();
        for c in &v.children {
            record.insert(c.name.clone(), to_json(c));
        }
        if let Some(k) = entry.text_of("Key") {
            record.insert("Key".into(), Value::String(k.to_string()));
        }
        if let Some(n) = &named {
            record.insert("category".into(), Value::String(n.clone()));
        }
        t.foreign
            .insert(FOREIGN.into(), Value::Object(record).to_string());
        let wanted = v.text_of("Id").map(|i| format!("tm7-{i}"));
        t.id = self.id(wanted.as_deref(), "t");
        self.model.threats.push(t);
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

/// The tool's templates write links as HTML (`Refer: <a href="https://aka.ms/x">
/// https://aka.ms/x</a>`), which a report would show as tags: as plain text,
/// "text (address)" or the address alone; other tags are dropped.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let (mut href, mut link_text) = (None::<String>, String::new());
    let mut rest = s;
    while let Some(at) = rest.find('<') {
        let Some(end) = rest[at..].find('>') else {
            break;
        };
        let before = &rest[..at];
        match &href {
            Some(_) => link_text.push_str(before),
            None => out.push_str(before),
        }
        let tag = rest[at + 1..at + end].trim();
        let lower = tag.to_ascii_lowercase();
        let name = lower
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or("");
        let bare = lower.trim_start_matches('/').trim_end_matches('/').trim();
        let is_tag = match name {
            // A link has attributes; the others are written bare (`<br/>`, `</p>`).
            "a" => bare == "a" || bare.starts_with("a "),
            "br" | "p" | "li" | "ul" | "ol" | "b" | "i" | "em" | "strong" => bare == name,
            _ => false,
        };
        if !is_tag {
            // Not a tag (a "<" in the text): kept as written.
            match &href {
                Some(_) => link_text.push('<'),
                None => out.push('<'),
            }
            rest = &rest[at + 1..];
            continue;
        }
        if lower.starts_with("a ") || lower == "a" {
            let address = lower.find("href=").and_then(|i| {
                let v = &tag[i + 5..];
                let q = v.chars().next().filter(|c| *c == '"' || *c == '\'');
                match q {
                    Some(q) => v[1..].split(q).next(),
                    None => v.split_whitespace().next(),
                }
            });
            href = Some(address.unwrap_or("").to_string());
            link_text.clear();
        } else if lower == "/a" {
            let address = href.take().unwrap_or_default();
            let words = link_text.trim();
            let shown = match (words.is_empty(), address.is_empty()) {
                (true, _) => address,
                (false, true) => words.to_string(),
                (false, false) if words == address => address,
                _ => format!("{words} ({address})"),
            };
            out.push_str(&shown);
            link_text.clear();
        } else if matches!(lower.trim_end_matches('/').trim(), "br" | "p" | "/p" | "li") {
            out.push(' ');
        }
        rest = &rest[at + end + 1..];
    }
    match href {
        Some(_) => {
            out.push_str(&link_text);
            out.push_str(rest);
        }
        None => out.push_str(rest),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn the_tools_html_links_become_plain_text() {
        assert_eq!(
            plain(
                r#"Refer: <a href="https://aka.ms/tmt-th154a">https://aka.ms/tmt-th154a</a> and <a href='https://x.y/z'>the guide</a>."#
            ),
            "Refer: https://aka.ms/tmt-th154a and the guide (https://x.y/z)."
        );
        assert_eq!(plain("a < b and c > d"), "a < b and c > d");
        assert_eq!(
            plain("<b>bold</b> <script>x</script>"),
            "bold <script>x</script>"
        );
        assert_eq!(plain("no tags"), "no tags");
        assert_eq!(plain("<a href=\"u\">cut"), "cut");
        assert_eq!(plain("one<br/>two"), "one two");
    }
}
