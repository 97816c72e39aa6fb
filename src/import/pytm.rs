//! OWASP pytm's JSON model (what `pytm`'s `load` reads): `boundaries`,
//! `elements` with a `__class__` (Actor, Server, Process, Datastore, Lambda,
//! ExternalEntity, SetOfProcesses, …) and an `inBoundary` by name, `flows`
//! with `source` / `sink` by name, `data` and `note`. pytm has no positions:
//! everything is laid out by the layered layout, boundaries around their members.

use super::layout::Parents;
use super::otm::arr;
use super::{text, Format, ImportReport, Imported};
use crate::error::{Error, Result};
use crate::model::otm::str_of;
use crate::model::*;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

pub(crate) const FOREIGN: &str = "pytm";
pub(crate) const P_CLASS: &str = "pytm class";
pub(crate) const P_DATA: &str = "Data";
pub(crate) const P_NOTE: &str = "Note";

/// The kind a pytm class reads as, and whether the class is one pytm defines.
fn kind_of_class(class: &str) -> (ElementKind, bool) {
    match class {
        "Actor" | "ExternalEntity" => (ElementKind::ExternalEntity, true),
        "Datastore" | "Data" => (ElementKind::DataStore, true),
        "Process" | "Server" | "Lambda" | "SetOfProcesses" | "Element" | "Asset" => {
            (ElementKind::Process, true)
        }
        "Boundary" => (ElementKind::TrustBoundary, true),
        _ => (ElementKind::Process, false),
    }
}

/// Keys read into our fields; every other short scalar becomes a property.
const USED: &[&str] = &[
    "__class__",
    "name",
    "description",
    "inBoundary",
    "source",
    "sink",
    "data",
    "note",
];

pub(super) fn read(bytes: &[u8]) -> Result<(Imported, Parents)> {
    let text_in = std::str::from_utf8(super::detect::strip_bom(bytes))
        .map_err(|_| Error::invalid("This pytm file is not UTF-8 text"))?;
    let root: Value = serde_json::from_str(text_in).map_err(|e| {
        let line: String = e.to_string().chars().take(200).collect();
        Error::invalid(format!("This pytm file is not valid JSON: {line}"))
    })?;
    let is_model = root.is_object()
        && (root.get("elements").is_some_and(Value::is_array)
            || root.get("flows").is_some_and(Value::is_array));
    if !is_model {
        return Err(Error::invalid(
            "This is not a pytm model: expected a JSON object with \"elements\" and \"flows\" arrays",
        ));
    }
    let mut report = ImportReport::new(Format::Pytm, "");
    let title = text::name(
        &str_of(root.get("name")).unwrap_or_default(),
        "the model's name",
        &mut report,
    );
    let description = text::long(
        &str_of(root.get("description")).unwrap_or_default(),
        "the model's description",
        &mut report,
    );
    let mut kept = rest(
        &root,
        &["name", "description", "boundaries", "elements", "flows"],
    );
    kept.retain(|_, v| !v.is_null());
    let mut dforeign = Foreign::new();
    if !kept.is_empty() {
        report.kept(format!(
            "pytm model settings ({}) kept with the diagram",
            kept.keys().cloned().collect::<Vec<_>>().join(", ")
        ));
        dforeign.insert(FOREIGN.into(), Value::Object(kept).to_string());
    }
    let diagram = Diagram {
        id: "pytm".into(),
        name: if title.is_empty() {
            "pytm model".into()
        } else {
            title.clone()
        },
        position: 0,
        foreign: dforeign,
    };
    let data: HashMap<String, String> = arr(&root, "data")
        .iter()
        .filter_map(|d| {
            let name = str_of(d.get("name"))?;
            let label = match str_of(d.get("classification")) {
                Some(c) => format!("{name} ({c})"),
                None => name.clone(),
            };
            Some((name, label))
        })
        .collect();
    let mut b = Builder {
        report,
        elements: vec![],
        used: HashSet::new(),
        by_name: HashMap::new(),
        boundaries: HashMap::new(),
        boundary_of: vec![],
    };
    for (i, bd) in arr(&root, "boundaries").iter().enumerate() {
        let e = b.element(
            bd,
            ElementKind::TrustBoundary,
            &format!("boundary-{}", i + 1),
            "a boundary's name",
        );
        let name = b.elements[e].name.clone();
        b.boundaries.entry(name).or_insert(e);
        b.report.mapped("pytm boundary → trust boundary");
    }
    for (i, el) in arr(&root, "elements").iter().enumerate() {
        let class = str_of(el.get("__class__")).unwrap_or_default();
        let (kind, known) = kind_of_class(&class);
        let e = b.element(el, kind, &format!("element-{}", i + 1), "an element's name");
        if !class.is_empty() {
            let v = text::prop(&class, "a pytm class", &mut b.report);
            b.elements[e]
                .props
                .insert(P_CLASS.into(), PropValue::Text(v));
        }
        if known {
            b.report
                .mapped(format!("pytm {class} → {}", kind.label().to_lowercase()));
        } else {
            b.report.defaulted(format!(
                "pytm class '{class}' unknown: a process, the class kept as property '{P_CLASS}'"
            ));
        }
        let name = b.elements[e].name.clone();
        if kind == ElementKind::TrustBoundary {
            b.boundaries.entry(name).or_insert(e);
        } else {
            b.by_name.entry(name).or_insert(e);
        }
    }
    for (i, f) in arr(&root, "flows").iter().enumerate() {
        let e = b.element(
            f,
            ElementKind::DataFlow,
            &format!("flow-{}", i + 1),
            "a flow's name",
        );
        for (key, end) in [("source", true), ("sink", false)] {
            let name = str_of(f.get(key)).unwrap_or_default();
            let id = b
                .by_name
                .get(&name)
                .and_then(|&x| b.elements.get(x))
                .filter(|x| x.kind.is_endpoint())
                .map(|x| x.id.clone());
            if id.is_none() {
                b.report.kept(format!(
                    "pytm flow whose {key} '{name}' is no element of the model: kept without it"
                ));
            }
            if end {
                b.elements[e].source = id;
            } else {
                b.elements[e].target = id;
            }
        }
        let names: Vec<String> = match f.get("data") {
            Some(Value::Array(a)) => a.iter().filter_map(|d| str_of(Some(d))).collect(),
            Some(v) => str_of(Some(v)).into_iter().collect(),
            None => vec![],
        };
        if !names.is_empty() {
            let joined = names
                .iter()
                .map(|n| data.get(n).cloned().unwrap_or_else(|| n.clone()))
                .collect::<Vec<_>>()
                .join(", ");
            let v = text::prop(&joined, "a flow's data", &mut b.report);
            b.elements[e]
                .props
                .insert(P_DATA.into(), PropValue::Text(v));
            b.report
                .kept(format!("pytm flow data → property '{P_DATA}'"));
        }
        b.report.mapped("pytm flow → data flow");
    }
    // Boundaries: every element's (and boundary's) `inBoundary`.
    let mut parents = Parents::new();
    let sources: Vec<&Value> = arr(&root, "boundaries")
        .iter()
        .chain(arr(&root, "elements"))
        .chain(arr(&root, "flows"))
        .collect();
    for (k, src) in sources.iter().enumerate() {
        let Some(inb) = src.get("inBoundary") else {
            continue;
        };
        let name = match inb {
            Value::Object(o) => o.get("name").and_then(|n| str_of(Some(n))),
            v => str_of(Some(v)),
        };
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            continue;
        };
        let Some(e) = b.boundary_of.get(k).copied() else {
            continue;
        };
        match b.boundaries.get(&name).copied() {
            Some(p) if p != e => {
                if b.elements[e].kind != ElementKind::DataFlow {
                    parents.insert(b.elements[e].id.clone(), b.elements[p].id.clone());
                }
                b.report.mapped("pytm inBoundary → inside that boundary");
            }
            _ => b.report.defaulted(format!(
                "pytm inBoundary '{name}' names no boundary of the model: outside any boundary"
            )),
        }
    }
    let model = Model {
        source: "pytm model".into(),
        diagrams: vec![diagram],
        elements: b.elements,
        threats: vec![],
    };
    Ok((
        Imported {
            title,
            description,
            model,
            report: b.report,
        },
        parents,
    ))
}

struct Builder {
    report: ImportReport,
    elements: Vec<Element>,
    used: HashSet<String>,
    by_name: HashMap<String, usize>,
    boundaries: HashMap<String, usize>,
    /// The element made from the k-th source object (boundaries, elements, flows).
    boundary_of: Vec<usize>,
}

impl Builder {
    fn element(&mut self, obj: &Value, kind: ElementKind, id: &str, what: &str) -> usize {
        let mut our = id.to_string();
        let mut n = 2;
        while self.used.contains(&our) {
            our = format!("{id}-{n}");
            n += 1;
        }
        self.used.insert(our.clone());
        let name = text::name(
            &str_of(obj.get("name")).unwrap_or_default(),
            what,
            &mut self.report,
        );
        let mut description = str_of(obj.get("description")).unwrap_or_default();
        let mut props = BTreeMap::new();
        if let Some(note) = str_of(obj.get("note")).filter(|n| !n.trim().is_empty()) {
            if description.trim().is_empty() {
                description = note;
                self.report.mapped("pytm note → description");
            } else {
                let v = text::prop(&note, "a note", &mut self.report);
                props.insert(P_NOTE.into(), PropValue::Text(v));
                self.report.kept(format!(
                    "pytm note beside a description → property '{P_NOTE}'"
                ));
            }
        }
        let description = text::long(
            &description,
            &format!("{what}'s description"),
            &mut self.report,
        );
        let extra = rest(obj, USED);
        for (k, v) in &extra {
            let value = match v {
                Value::Bool(b) => PropValue::Bool(*b),
                Value::String(s) => PropValue::Text(s.clone()),
                Value::Number(n) => PropValue::Text(n.to_string()),
                _ => continue,
            };
            if props::is_known(k) || props::validate(kind, k, &value).is_err() {
                continue;
            }
            props.insert(k.clone(), value);
            self.report.kept("pytm attributes → properties");
        }
        let mut foreign = Foreign::new();
        if !extra.is_empty() {
            foreign.insert(FOREIGN.into(), Value::Object(extra).to_string());
        }
        self.elements.push(Element {
            id: our,
            diagram_id: "pytm".into(),
            kind,
            name,
            description,
            rect: Rect::default(),
            source: None,
            target: None,
            props,
            points: vec![],
            foreign,
        });
        let idx = self.elements.len() - 1;
        self.boundary_of.push(idx);
        idx
    }
}

fn rest(obj: &Value, keys: &[&str]) -> Map<String, Value> {
    obj.as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| !keys.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}
