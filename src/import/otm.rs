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

use super::layout::{self, Parents};
use super::{text, Format, ImportReport, Imported};
use crate::error::{Error, Result};
use crate::model::otm::*;
use crate::model::*;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// The JSON or YAML text as a value, or a one-line refusal.
pub(crate) fn parse(bytes: &[u8]) -> Result<Value> {
    let text = std::str::from_utf8(super::detect::strip_bom(bytes))
        .map_err(|_| Error::invalid("This OTM file is not UTF-8 text"))?;
    let value: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| refuse("JSON", &e.to_string()))?
    } else {
        let mut budget = serde_saphyr::Budget::default();
        budget.max_depth = super::MAX_DEPTH;
        budget.max_aliases = 1_000;
        budget.max_anchors = 1_000;
        budget.max_recorded_anchor_events = 20_000;
        budget.max_events = 5_000_000;
        let mut options = serde_saphyr::Options::default();
        options.budget = Some(budget);
        serde_saphyr::from_str_with_options(text, options)
            .map_err(|e| refuse("YAML", &e.to_string()))?
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

    fn props_from(
        &mut self,
        obj: &Value,
        kind: ElementKind,
        props: &mut std::collections::BTreeMap<String, PropValue>,
    ) {
        if let Some(tags) = obj.get("tags").and_then(Value::as_array) {
            let t: Vec<String> = tags.iter().filter_map(|v| str_of(Some(v))).collect();
            if !t.is_empty() {
                let joined = t.join(", ");
                if joined.chars().count() <= props::MAX_TEXT {
                    props.insert(P_TAGS.into(), PropValue::Text(joined));
                    self.report.kept("OTM tags → property 'Tags'");
                }
            }
        }
        let Some(attrs) = obj.get("attributes").and_then(Value::as_object) else {
            return;
        };
        for (k, v) in attrs {
            if k.starts_with("threatloom:")
                || [P_TYPE, P_TRUST, P_BIDI, P_TAGS, P_PARENT].contains(&k.as_str())
            {
                continue;
            }
            let value = match v {
                Value::Bool(b) => PropValue::Bool(*b),
                Value::String(s) => PropValue::Text(s.clone()),
                Value::Number(n) => PropValue::Text(n.to_string()),
                _ => continue,
            };
            if props::validate(kind, k, &value).is_ok() {
                if props::is_known(k) {
                    self.report.mapped(format!("OTM attribute '{k}' → {k}"));
                } else {
                    self.report.kept("OTM attributes → properties");
                }
                props.insert(k.clone(), value);
            } else {
                self.report.kept(format!(
                    "OTM attribute '{k}' (too long, or not a property of a {}) kept for an export back to OTM",
                    kind.label().to_lowercase()
                ));
            }
        }
    }

    fn element(
        &mut self,
        obj: &Value,
        kind: ElementKind,
        id: &str,
        fallback: &str,
        what: &str,
    ) -> usize {
        let (diagram, rect) = self.placement(obj);
        let our_id = self.fresh_id(id, fallback);
        let name = text::name(
            &str_of(obj.get("name")).unwrap_or_default(),
            what,
            &mut self.report,
        );
        let description = text::long(
            &str_of(obj.get("description")).unwrap_or_default(),
            &format!("{what}'s description"),
            &mut self.report,
        );
        let mut props = std::collections::BTreeMap::new();
        self.props_from(obj, kind, &mut props);
        let diagram_id = self
            .diagrams
            .get(diagram)
            .map(|d| d.id.clone())
            .unwrap_or_default();
        let mut foreign_obj = rest(
            obj,
            &[
                "name",
                "description",
                "parent",
                "threats",
                "representations",
                "source",
                "destination",
                "bidirectional",
            ],
        );
        let others: Vec<Value> = arr(obj, "representations")
            .iter()
            .filter(|rep| {
                str_of(rep.get("representation"))
                    .and_then(|r| self.reps.get(&r))
                    .is_none()
            })
            .cloned()
            .collect();
        if !others.is_empty() {
            self.report
                .kept("OTM representations that are not diagrams (code, files) kept for an export back to OTM");
            foreign_obj.insert("representations".into(), Value::Array(others));
        }
        let mut foreign = Foreign::new();
        foreign.insert(FOREIGN.into(), Value::Object(foreign_obj).to_string());
        let idx = self.elements.len();
        if let Some(r) = rect {
            self.relative.insert(idx, r);
        }
        self.elements.push(Element {
            id: our_id,
            diagram_id,
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
        idx
    }

    /// Trust zones → boundaries; returns the ids of zones Threatloom wrote for
    /// components outside any boundary (they become no boundary).
    fn trust_zones(&mut self, zones: &[Value]) -> HashSet<String> {
        let mut outside = HashSet::new();
        for (i, z) in zones.iter().enumerate() {
            let id = str_of(z.get("id")).unwrap_or_default();
            let attrs = z.get("attributes");
            if attrs
                .and_then(|a| a.get(ATTR_OUTSIDE))
                .is_some_and(|v| truthy(Some(v)))
            {
                outside.insert(id);
                self.report
                    .mapped("OTM trust zone written by Threatloom for components outside any boundary → no boundary");
                continue;
            }
            let e = self.element(
                z,
                ElementKind::TrustBoundary,
                &id,
                &format!("zone-{}", i + 1),
                "a trust zone's name",
            );
            if !id.is_empty() {
                self.zones.entry(id).or_insert(e);
            }
            let el = &mut self.elements[e];
            if let Some(t) = num(z.get("risk").and_then(|r| r.get("trustRating")))
                .map(format_num)
                .or_else(|| str_of(z.get("risk").and_then(|r| r.get("trustRating"))))
            {
                if !defaulted_by_us(z, "trustRating") && t.chars().count() <= props::MAX_TEXT {
                    el.props.insert(P_TRUST.into(), PropValue::Text(t));
                    self.report
                        .kept("OTM trust rating → property 'Trust rating'");
                }
            }
            if let Some(t) = str_of(z.get("type"))
                .filter(|t| !t.is_empty() && t.chars().count() <= props::MAX_TEXT)
            {
                el.props.insert(P_TYPE.into(), PropValue::Text(t));
            }
            // A line boundary Threatloom wrote: its points.
            if let Some(pts) = attrs
                .and_then(|a| a.get(ATTR_LINE))
                .and_then(Value::as_array)
            {
                let points: Vec<Point> = pts
                    .iter()
                    .filter_map(|p| {
                        Some(Point {
                            x: num(p.get("x"))?,
                            y: num(p.get("y"))?,
                        })
                    })
                    .collect();
                if points.len() >= 2 && points.len() == pts.len() {
                    el.rect = Rect::around(&points);
                    el.points = points;
                    self.relative.remove(&e);
                    self.report
                        .mapped("OTM trust zone with Threatloom's line points → line boundary");
                }
            }
            self.report.mapped("OTM trust zone → trust boundary");
        }
        for z in zones {
            let Some(&e) = str_of(z.get("id")).and_then(|id| self.zones.get(&id)) else {
                continue;
            };
            let Some(parent) = z.get("parent") else {
                continue;
            };
            match str_of(parent.get("trustZone")).and_then(|p| self.zones.get(&p).copied()) {
                Some(p) if p != e => {
                    self.parent_of.insert(e, p);
                    self.report
                        .mapped("OTM trust zone's parent → nested boundary");
                }
                _ if parent.is_null() => {}
                _ => self.report.defaulted(
                    "OTM trust zone whose parent is no trust zone of the file: at the top level",
                ),
            }
        }
        outside
    }

    fn components(&mut self, comps: &[Value], outside: &HashSet<String>) -> Vec<usize> {
        let mut made = Vec::with_capacity(comps.len());
        for (i, c) in comps.iter().enumerate() {
            let id = str_of(c.get("id")).unwrap_or_else(|| format!("component-{i}"));
            let t = str_of(c.get("type")).unwrap_or_default();
            let kind = match kind_of_type(&t) {
                Some(k) => {
                    self.report.mapped(format!(
                        "OTM component type '{t}' → {}",
                        k.label().to_lowercase()
                    ));
                    k
                }
                None => {
                    self.report
                        .mapped(format!("OTM component type '{t}' → process"));
                    ElementKind::Process
                }
            };
            let e = self.element(
                c,
                kind,
                &id,
                &format!("component-{}", i + 1),
                "a component's name",
            );
            if !t.is_empty() && !defaulted_by_us(c, "type") {
                let v = text::prop(&t, "a component's OTM type", &mut self.report);
                self.elements[e]
                    .props
                    .insert(P_TYPE.into(), PropValue::Text(v));
                self.report
                    .kept("OTM component type kept as property 'OTM type'");
            }
            if let Some(assets) = c.get("assets") {
                for (key, prop) in [("processed", P_PROCESSED), ("stored", P_STORED)] {
                    let names: Vec<String> = arr(assets, key)
                        .iter()
                        .filter_map(|a| str_of(Some(a)))
                        .map(|a| self.assets.get(&a).cloned().unwrap_or(a))
                        .collect();
                    let joined = names.join(", ");
                    if !names.is_empty() && joined.chars().count() <= props::MAX_TEXT {
                        self.elements[e]
                            .props
                            .insert(prop.into(), PropValue::Text(joined));
                    }
                }
            }
            self.components.entry(id).or_insert(e);
            made.push(e);
        }
        // Parents, once every component is known.
        for (c, &e) in comps.iter().zip(&made) {
            let parent = c.get("parent");
            let zone = str_of(parent.and_then(|p| p.get("trustZone")));
            let comp = str_of(parent.and_then(|p| p.get("component")));
            if let Some(z) = &zone {
                if let Some(&p) = self.zones.get(z) {
                    self.parent_of.insert(e, p);
                    continue;
                }
                if outside.contains(z) {
                    continue;
                }
            }
            if let Some(pc) = comp
                .and_then(|pc| self.components.get(&pc).copied())
                .filter(|&p| p != e)
            {
                self.parent_of.insert(e, pc);
                let pname = self.elements[pc].name.clone();
                let pid = str_of(parent.and_then(|p| p.get("component")));
                if !pname.is_empty() {
                    self.elements[e].props.insert(
                        P_PARENT.into(),
                        PropValue::Text(text::prop(
                            &pname,
                            "a parent component's name",
                            &mut self.report,
                        )),
                    );
                }
                if let Some(pid) = pid {
                    set_foreign(&mut self.elements[e], "parentComponent", Value::String(pid));
                }
                self.report.kept("OTM component inside another component: in that component's boundary, the parent named in property 'Parent component'");
                continue;
            }
            self.report.defaulted(
                "OTM component whose parent is no trust zone of the file: outside any boundary",
            );
        }
        made
    }

    /// Absolute rects from the source's relative ones; boxes grown to hold
    /// their members. Elements without a position keep a zero rect (the layout's).
    fn positions(&mut self) {
        let n = self.elements.len();
        let mut abs: Vec<Option<Rect>> = vec![None; n];
        for (i, slot) in abs.iter_mut().enumerate() {
            let mut chain = vec![i];
            let mut cur = i;
            while let Some(&p) = self.parent_of.get(&cur) {
                if chain.contains(&p) || chain.len() > 256 {
                    break;
                }
                chain.push(p);
                cur = p;
            }
            let Some(mut r) = self.relative.get(&i).copied() else {
                continue;
            };
            for &p in chain.iter().skip(1) {
                let same = self.elements[p].diagram_id == self.elements[i].diagram_id;
                match self.relative.get(&p) {
                    Some(pr) if same => {
                        r.x += pr.x;
                        r.y += pr.y;
                    }
                    _ => break,
                }
            }
            *slot = Some(r);
        }
        // Grow boxes, deepest first, to hold their placed members.
        let depth = |i: usize| {
            let mut d = 0;
            let mut cur = i;
            while let Some(&p) = self.parent_of.get(&cur) {
                d += 1;
                cur = p;
                if d > 256 {
                    break;
                }
            }
            d
        };
        let mut order: Vec<usize> = (0..n)
            .filter(|&i| self.elements[i].is_box_boundary())
            .collect();
        order.sort_by_key(|&i| std::cmp::Reverse(depth(i)));
        let mut grown = 0;
        for b in order {
            let Some(mut br) = abs[b] else { continue };
            let mut changed = false;
            for (&m, &p) in &self.parent_of {
                if p != b || self.elements[m].diagram_id != self.elements[b].diagram_id {
                    continue;
                }
                let Some(mr) = abs[m] else { continue };
                let holds = mr.x >= br.x
                    && mr.y >= br.y
                    && mr.x + mr.width <= br.x + br.width
                    && mr.y + mr.height <= br.y + br.height;
                if holds {
                    continue;
                }
                let (x0, y0) = (br.x.min(mr.x - 20.0), br.y.min(mr.y - 40.0));
                let (x1, y1) = (
                    (br.x + br.width).max(mr.x + mr.width + 20.0),
                    (br.y + br.height).max(mr.y + mr.height + 20.0),
                );
                if x0 < br.x || y0 < br.y || x1 > br.x + br.width || y1 > br.y + br.height {
                    br = Rect::new(x0, y0, x1 - x0, y1 - y0);
                    changed = true;
                }
            }
            if changed {
                abs[b] = Some(br);
                grown += 1;
            }
        }
        if grown > 0 {
            self.report.defaulted(format!(
                "{grown} trust zones' boxes grown to hold their components (the file drew them outside)"
            ));
        }
        for (i, r) in abs.into_iter().enumerate() {
            if let Some(r) = r {
                if self.elements[i].points.is_empty() {
                    self.elements[i].rect = r;
                }
            }
        }
    }

    fn dataflows(&mut self, flows: &[Value]) -> Vec<usize> {
        let mut made = Vec::with_capacity(flows.len());
        for (i, f) in flows.iter().enumerate() {
            let id = str_of(f.get("id")).unwrap_or_default();
            let src = str_of(f.get("source")).unwrap_or_default();
            let dst = str_of(f.get("destination")).unwrap_or_default();
            let s = self.components.get(&src).copied();
            let t = self.components.get(&dst).copied();
            let e = self.element(
                f,
                ElementKind::DataFlow,
                &id,
                &format!("flow-{}", i + 1),
                "a dataflow's name",
            );
            // The flow is drawn on its source's diagram (else its destination's).
            let diagram = s.or(t).map(|x| self.elements[x].diagram_id.clone());
            if let Some(d) = diagram {
                self.elements[e].diagram_id = d;
            }
            self.relative.remove(&e);
            let d = self.elements[e].diagram_id.clone();
            let end = |x: Option<usize>, els: &[Element]| {
                x.filter(|&x| els[x].kind.is_endpoint() && els[x].diagram_id == d)
                    .map(|x| els[x].id.clone())
            };
            let (so, to) = (end(s, &self.elements), end(t, &self.elements));
            if so.is_none() {
                self.report.kept(format!(
                    "OTM dataflow whose source '{src}' is no component of its diagram: kept without a source"
                ));
            }
            if to.is_none() {
                self.report.kept(format!(
                    "OTM dataflow whose destination '{dst}' is no component of its diagram: kept without a destination"
                ));
            }
            if so.is_none() || to.is_none() {
                let el = &mut self.elements[e];
                set_foreign(el, "source", Value::String(src.clone()));
                set_foreign(el, "destination", Value::String(dst.clone()));
            }
            let el = &mut self.elements[e];
            el.source = so;
            el.target = to;
            if truthy(f.get("bidirectional")) {
                el.props.insert(P_BIDI.into(), PropValue::Bool(true));
                self.report.mapped(
                    "OTM bidirectional dataflow → flow with property 'Bidirectional' = yes",
                );
            }
            let names: Vec<String> = arr(f, "assets")
                .iter()
                .filter_map(|a| str_of(Some(a)))
                .map(|a| self.assets.get(&a).cloned().unwrap_or(a))
                .collect();
            let joined = names.join(", ");
            if !names.is_empty() && joined.chars().count() <= props::MAX_TEXT {
                el.props.insert(P_ASSETS.into(), PropValue::Text(joined));
            }
            self.report.mapped("OTM dataflow → data flow");
            made.push(e);
        }
        made
    }

    fn threat_instances(&mut self, obj: &Value, e: usize) {
        for inst in arr(obj, "threats") {
            let def_id = str_of(inst.get("threat")).unwrap_or_default();
            let def = self
                .threat_defs
                .get(&def_id)
                .cloned()
                .unwrap_or(Value::Null);
            if def.is_null() {
                self.report.defaulted(
                    "OTM threat instance naming no threat of the file: titled by its id",
                );
            }
            let kind = self.elements[e].kind;
            let el_id = self.elements[e].id.clone();
            let title_src =
                str_of(def.get("name")).unwrap_or_else(|| format!("OTM threat {def_id}"));
            let mut title = text::name(&title_src, "a threat's title", &mut self.report);
            if title.trim().is_empty() {
                title = format!("OTM threat {def_id}");
                self.report
                    .defaulted("OTM threat without a name: titled by its id");
            }
            let cats: Vec<String> = arr(&def, "categories")
                .iter()
                .filter_map(|c| str_of(Some(c)))
                .collect();
            let category = match cats.iter().find_map(|c| stride_of(c)) {
                Some(c) => {
                    self.report
                        .mapped(format!("OTM threat category → {}", c.label()));
                    if cats.len() > 1 {
                        self.report.kept("OTM threat with several categories: the first STRIDE one used, all kept for an export back to OTM");
                    }
                    c
                }
                None => {
                    let c = Stride::applicable(kind)
                        .first()
                        .copied()
                        .unwrap_or(Stride::Tampering);
                    if cats.is_empty() {
                        self.report.defaulted(format!(
                            "OTM threat without a category: {} (the first STRIDE category of a {})",
                            c.label(),
                            kind.label().to_lowercase()
                        ));
                    } else {
                        self.report.kept(format!(
                            "OTM threat category '{}' is not STRIDE: kept for an export back to OTM, the threat filed under {}",
                            cats.join(", "),
                            c.label()
                        ));
                    }
                    c
                }
            };
            let mut t = Threat::quick(&el_id, category, &title);
            t.id = format!("otm-threat-{}", self.threats.len() + 1);
            t.scenario = text::long(
                &str_of(def.get("description")).unwrap_or_default(),
                "a threat's description",
                &mut self.report,
            );
            let risk = def.get("risk");
            let lik_defaulted = defaulted_by_us(&def, "likelihood");
            let imp_defaulted = defaulted_by_us(&def, "impact");
            if let Some((rating, raw)) =
                rating_of(risk.and_then(|r| r.get("likelihood"))).filter(|_| !lik_defaulted)
            {
                t.likelihood.exploitability = Some(rating);
                t.likelihood.rationale = match risk.and_then(|r| r.get("likelihoodComment")) {
                    Some(Value::String(c)) => {
                        text::long(c, "a threat's likelihood comment", &mut self.report)
                    }
                    _ => format!("OTM likelihood {raw}"),
                };
                self.report.mapped(
                    "OTM likelihood → exploitability (below 34 low, below 67 medium, else high)",
                );
            }
            if let Some((rating, raw)) =
                rating_of(risk.and_then(|r| r.get("impact"))).filter(|_| !imp_defaulted)
            {
                t.impact.affected_users = Some(rating);
                t.impact.rationale = match risk.and_then(|r| r.get("impactComment")) {
                    Some(Value::String(c)) => {
                        text::long(c, "a threat's impact comment", &mut self.report)
                    }
                    _ => format!("OTM impact {raw}"),
                };
                self.report.mapped(
                    "OTM impact → affected users (below 34 low, below 67 medium, else high)",
                );
            }
            for cwe in arr(&def, "cwes").iter().filter_map(|c| str_of(Some(c))) {
                let r = text::name(&cwe, "a CWE reference", &mut self.report);
                if !r.is_empty() && !t.references.contains(&r) {
                    t.references.push(r);
                }
            }
            let state = str_of(inst.get("state")).unwrap_or_default();
            let (lifecycle, known) = state_of(&state);
            t.lifecycle = lifecycle;
            if known {
                self.report
                    .mapped(format!("OTM threat state '{state}' → {lifecycle:?}"));
            } else {
                self.report
                    .defaulted(format!("OTM threat state '{state}' unknown: Draft"));
            }
            let mut defs = Map::new();
            for m in arr(inst, "mitigations") {
                let mid = str_of(m.get("mitigation")).unwrap_or_default();
                match self.mitigation_defs.get(&mid) {
                    Some(md) => {
                        let name = str_of(md.get("name")).unwrap_or_default();
                        let desc = str_of(md.get("description")).unwrap_or_default();
                        let action = if desc.trim().is_empty() || desc.trim() == name.trim() {
                            name
                        } else {
                            format!("{name}\n\n{desc}")
                        };
                        t.recommended_actions.push(text::long(
                            &action,
                            "a mitigation",
                            &mut self.report,
                        ));
                        defs.insert(mid, Value::Object(rest(md, &["name", "description"])));
                        self.report.mapped("OTM mitigation → recommended action");
                    }
                    None => {
                        t.recommended_actions.push(format!("OTM mitigation {mid}"));
                        defs.insert(mid, Value::Null);
                        self.report.defaulted(
                            "OTM mitigation naming no mitigation of the file: its id as the action",
                        );
                    }
                }
            }
            let mut f = Map::new();
            f.insert("threat".into(), Value::String(def_id));
            f.insert("instance".into(), Value::Object(rest(inst, &[])));
            f.insert(
                "definition".into(),
                Value::Object(rest(&def, &["name", "description"])),
            );
            f.insert("mitigationDefs".into(), Value::Object(defs));
            t.foreign
                .insert(FOREIGN.into(), Value::Object(f).to_string());
            self.report.mapped("OTM threat instance → threat");
            self.threats.push(t);
        }
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
