//! OTM (Open Threat Model, IriusRisk / startleft) 0.1 and 0.2, JSON or YAML.
//!
//! Trust zones → box trust boundaries, nested by `parent`; components →
//! elements (kind from the IriusRisk / startleft type vocabulary where it is
//! clear, else a process; the type kept as the property "OTM type");
//! dataflows → flows (a bidirectional flow keeps "Bidirectional" = yes);
//! threat instances on components and dataflows → threats on that element,
//! with the category, likelihood and impact of the threat they name and its
//! mitigations as recommended actions; positions from the diagram
//! representations (relative to the parent, as startleft and IriusRisk write
//! them), else the layered layout. What Threatloom has no field for is kept:
//! short scalar attributes as properties, and every field verbatim in
//! `foreign["otm"]` for an export back to OTM.

mod elements;
mod positions;
mod threats;

use super::layout::{self, Parents};
use super::{text, Format, ImportReport, Imported};
use crate::error::{Error, Result};
use crate::model::otm::*;
use crate::model::*;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// The stack of the thread that reads YAML (see `parse`).
const YAML_STACK: usize = 16 << 20;

/// YAML within budgets: depth, aliases (no alias bomb), events.
fn read_yaml(text: &str) -> Result<Value> {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = super::MAX_DEPTH;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_recorded_anchor_events = 20_000;
    budget.max_events = 5_000_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options(text, options).map_err(|e| refuse("YAML", &e.to_string()))
}

/// The JSON or YAML text as a value, or a one-line refusal.
pub(crate) fn parse(bytes: &[u8]) -> Result<Value> {
    let text = std::str::from_utf8(super::detect::strip_bom(bytes))
        .map_err(|_| Error::invalid("This OTM file is not UTF-8 text"))?;
    let value: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| refuse("JSON", &e.to_string()))?
    } else {
        // The YAML parser recurses about ten frames a level: at the depth
        // budget that is more than the 2 MB of a command's thread in a debug
        // build (found by fuzzing), so it runs on a thread with room for it.
        std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("otm-yaml".into())
                .stack_size(YAML_STACK)
                .spawn_scoped(scope, || read_yaml(text))
                .map_err(|e| Error::Storage(format!("could not start the YAML reader: {e}")))?
                .join()
                .map_err(|_| Error::invalid("This OTM file could not be read as YAML"))?
        })?
    };
    if !value.is_object() || value.get("otmVersion").is_none() {
        return Err(Error::invalid(
            "This is not an OTM model: expected an object with \"otmVersion\", \"project\", \"trustZones\", \"components\" and \"dataflows\"",
        ));
    }
    Ok(value)
}

fn refuse(what: &str, err: &str) -> Error {
    let line: String = err
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(200)
        .collect();
    Error::invalid(format!("This OTM file is not valid {what}: {line}"))
}

// ---- reading values leniently ----

pub(crate) fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.trim().to_lowercase().as_str(), "true" | "yes" | "1"),
        Some(Value::Number(n)) => n.as_f64() == Some(1.0),
        _ => false,
    }
}

/// `obj` without `keys`, as JSON text; `None` if nothing is left.
fn rest(obj: &Value, keys: &[&str]) -> Map<String, Value> {
    match obj.as_object() {
        Some(m) => m
            .iter()
            .filter(|(k, _)| !keys.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        None => Map::new(),
    }
}

fn defaulted_by_us(obj: &Value, what: &str) -> bool {
    obj.get("attributes")
        .and_then(|a| a.get(ATTR_DEFAULTED))
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(what)))
}

// ---- the vocabulary ----

/// The kind an IriusRisk / startleft component type reads as, if it is clear.
pub(crate) fn kind_of_type(t: &str) -> Option<ElementKind> {
    let lower = t.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect();
    let has = |words: &[&str]| tokens.iter().any(|t| words.contains(t));
    if has(&[
        "client",
        "browser",
        "user",
        "users",
        "actor",
        "person",
        "human",
        "customer",
        "external",
        "android",
        "ios",
        "mobile",
        "smartphone",
        "desktop",
        "iot",
        "device",
    ]) && !has(&["server", "service", "api", "gateway"])
    {
        return Some(ElementKind::ExternalEntity);
    }
    if has(&[
        "db",
        "database",
        "databases",
        "datastore",
        "sql",
        "nosql",
        "postgresql",
        "postgres",
        "mysql",
        "mariadb",
        "oracle",
        "mongo",
        "mongodb",
        "redis",
        "memcached",
        "cache",
        "s3",
        "storage",
        "store",
        "blob",
        "bucket",
        "queue",
        "sqs",
        "sns",
        "kafka",
        "rabbitmq",
        "table",
        "rds",
        "aurora",
        "elasticsearch",
        "filesystem",
        "file",
        "files",
        "vault",
        "keyvault",
        "datalake",
        "warehouse",
        "cassandra",
        "couchdb",
        "neo4j",
        "ledger",
    ]) || tokens.iter().any(|t| t.len() > 2 && t.ends_with("db"))
    {
        return Some(ElementKind::DataStore);
    }
    None
}

// ---- the reader ----

struct Reader {
    report: ImportReport,
    diagrams: Vec<Diagram>,
    /// OTM representation id → index in `diagrams`.
    reps: HashMap<String, usize>,
    elements: Vec<Element>,
    threats: Vec<Threat>,
    used: HashSet<String>,
    zones: HashMap<String, usize>,
    components: HashMap<String, usize>,
    /// Element index → the index of its parent (zone or component) in the source.
    parent_of: HashMap<usize, usize>,
    /// Element index → its position relative to its parent, if the source has one.
    relative: HashMap<usize, Rect>,
    assets: HashMap<String, String>,
    threat_defs: HashMap<String, Value>,
    mitigation_defs: HashMap<String, Value>,
}

pub(super) fn read(bytes: &[u8]) -> Result<(Imported, Parents)> {
    let root = parse(bytes)?;
    let version = str_of(root.get("otmVersion")).unwrap_or_default();
    let mut r = Reader {
        report: ImportReport::new(Format::Otm, version.chars().take(50).collect::<String>()),
        diagrams: vec![],
        reps: HashMap::new(),
        elements: vec![],
        threats: vec![],
        used: HashSet::new(),
        zones: HashMap::new(),
        components: HashMap::new(),
        parent_of: HashMap::new(),
        relative: HashMap::new(),
        assets: HashMap::new(),
        threat_defs: HashMap::new(),
        mitigation_defs: HashMap::new(),
    };
    if !version.starts_with("0.") {
        r.report.defaulted(format!(
            "OTM version '{version}' is not 0.1 or 0.2: read as 0.2"
        ));
    }
    let project = root.get("project").cloned().unwrap_or(Value::Null);
    let title = text::name(
        &str_of(project.get("name")).unwrap_or_default(),
        "the project's name",
        &mut r.report,
    );
    let description = text::long(
        &str_of(project.get("description")).unwrap_or_default(),
        "the project's description",
        &mut r.report,
    );
    r.diagrams(&root, &project, &title);
    for a in arr(&root, "assets") {
        if let (Some(id), Some(name)) = (str_of(a.get("id")), str_of(a.get("name"))) {
            r.assets.insert(id, name);
        }
    }
    if !arr(&root, "assets").is_empty() {
        r.report.kept(format!(
            "{} OTM assets kept for an export back to OTM, and named in the properties of the components and flows that use them",
            arr(&root, "assets").len()
        ));
    }
    for t in arr(&root, "threats") {
        if let Some(id) = str_of(t.get("id")) {
            r.threat_defs.insert(id, t.clone());
        }
    }
    for m in arr(&root, "mitigations") {
        if let Some(id) = str_of(m.get("id")) {
            r.mitigation_defs.insert(id, m.clone());
        }
    }
    let zones = arr(&root, "trustZones");
    let zones_01 = arr(&root, "trustzones");
    let outside = r.trust_zones(if zones.is_empty() { zones_01 } else { zones });
    let components = arr(&root, "components");
    let comp_elements = r.components(components, &outside);
    r.positions();
    let flows = arr(&root, "dataflows");
    let flow_elements = r.dataflows(flows);
    for (c, e) in components.iter().zip(comp_elements) {
        r.threat_instances(c, e);
    }
    for (f, e) in flows.iter().zip(flow_elements) {
        r.threat_instances(f, e);
    }
    let unused = r.threat_defs.len().saturating_sub(
        r.threats
            .iter()
            .filter_map(|t| t.foreign.get(FOREIGN))
            .filter_map(|f| serde_json::from_str::<Value>(f).ok())
            .filter_map(|f| str_of(f.get("threat")))
            .collect::<HashSet<_>>()
            .len(),
    );
    if unused > 0 {
        r.report.dropped(format!(
            "{unused} OTM threats on no component or dataflow (Threatloom holds a threat only on an element)"
        ));
    }
    let known = [
        "otmVersion",
        "project",
        "representations",
        "assets",
        "trustZones",
        "trustzones",
        "components",
        "dataflows",
        "threats",
        "mitigations",
    ];
    for k in root
        .as_object()
        .map(|m| m.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default()
    {
        if !known.contains(&k.as_str()) {
            r.report
                .kept(format!("OTM field '{k}' kept for an export back to OTM"));
        }
    }
    let parents = r.parents();
    let model = Model {
        source: "OTM model".into(),
        diagrams: r.diagrams,
        elements: r.elements,
        threats: r.threats,
    };
    Ok((
        Imported {
            title,
            description,
            model,
            report: r.report,
        },
        parents,
    ))
}

impl Reader {
    fn diagrams(&mut self, root: &Value, project: &Value, title: &str) {
        let mut kept = Map::new();
        kept.insert(
            "project".into(),
            Value::Object(rest(project, &["name", "description"])),
        );
        for (k, v) in root.as_object().into_iter().flatten() {
            if ![
                "project",
                "trustZones",
                "trustzones",
                "components",
                "dataflows",
                "threats",
                "mitigations",
            ]
            .contains(&k.as_str())
            {
                kept.insert(k.clone(), v.clone());
            }
        }
        for rep in arr(root, "representations") {
            let kind = str_of(rep.get("type")).unwrap_or_default();
            if kind != "diagram" {
                continue;
            }
            let id = str_of(rep.get("id")).unwrap_or_default();
            let name = str_of(rep.get("name")).unwrap_or_else(|| id.clone());
            let mut foreign = Foreign::new();
            let mut f = Map::new();
            f.insert("representation".into(), rep.clone());
            if self.diagrams.is_empty() {
                f.extend(kept.clone());
            }
            foreign.insert(FOREIGN.into(), Value::Object(f).to_string());
            let our_id = if id.is_empty() {
                format!("otm-diagram-{}", self.diagrams.len() + 1)
            } else {
                id.clone()
            };
            self.reps.insert(id, self.diagrams.len());
            self.diagrams.push(Diagram {
                id: our_id,
                name: text::name(&name, "a diagram's name", &mut self.report),
                position: self.diagrams.len() as u32,
                foreign,
            });
            self.report.mapped("OTM diagram representation → diagram");
        }
        if self.diagrams.is_empty() {
            let mut foreign = Foreign::new();
            foreign.insert(FOREIGN.into(), Value::Object(kept).to_string());
            self.diagrams.push(Diagram {
                id: "otm".into(),
                name: if title.is_empty() {
                    "OTM model".into()
                } else {
                    title.to_string()
                },
                position: 0,
                foreign,
            });
            self.report
                .defaulted("no diagram representation: one diagram named after the project");
        }
    }

    fn fresh_id(&mut self, id: &str, fallback: &str) -> String {
        let base = if id.is_empty() {
            fallback.to_string()
        } else {
            id.to_string()
        };
        let mut cand = base.clone();
        let mut n = 2;
        while self.used.contains(&cand) {
            cand = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(cand.clone());
        cand
    }

    /// The diagram an object is drawn on, and its rect there (relative to its parent).
    fn placement(&mut self, obj: &Value) -> (usize, Option<Rect>) {
        let mut first: Option<usize> = None;
        for rep in arr(obj, "representations") {
            let Some(d) =
                str_of(rep.get("representation")).and_then(|r| self.reps.get(&r).copied())
            else {
                continue;
            };
            first.get_or_insert(d);
            let pos = rep.get("position");
            let (Some(x), Some(y)) = (
                num(pos.and_then(|p| p.get("x"))),
                num(pos.and_then(|p| p.get("y"))),
            ) else {
                continue;
            };
            let size = rep.get("size");
            let (w, h) = match (
                num(size.and_then(|s| s.get("width"))).filter(|w| *w > 0.0),
                num(size.and_then(|s| s.get("height"))).filter(|h| *h > 0.0),
            ) {
                (Some(w), Some(h)) => (w, h),
                _ => {
                    self.report.defaulted(format!(
                        "a representation without a size: {} × {}",
                        layout::NODE.0,
                        layout::NODE.1
                    ));
                    layout::NODE
                }
            };
            return (d, Some(Rect::new(x, y, w, h)));
        }
        (first.unwrap_or(0), None)
    }

    /// Each element's box boundary, for the layout: its zone, or its parent
    /// component's (nearest up the chain).
    fn parents(&self) -> Parents {
        let mut out = Parents::new();
        for i in 0..self.elements.len() {
            let mut cur = i;
            let mut steps = 0;
            while let Some(&p) = self.parent_of.get(&cur) {
                if self.elements[p].is_box_boundary() {
                    out.insert(self.elements[i].id.clone(), self.elements[p].id.clone());
                    break;
                }
                cur = p;
                steps += 1;
                if steps > 256 {
                    break;
                }
            }
        }
        out
    }
}

fn set_foreign(e: &mut Element, key: &str, value: Value) {
    let mut m: Map<String, Value> = e
        .foreign
        .get(FOREIGN)
        .and_then(|f| serde_json::from_str(f).ok())
        .unwrap_or_default();
    m.insert(key.into(), value);
    e.foreign
        .insert(FOREIGN.into(), Value::Object(m).to_string());
}
