//! The DFD as a graph: which trust boundaries hold each element, which
//! boundaries each flow crosses, and the sanity warnings of a data-flow diagram.

use super::proposals::{proposals, Proposal};
use crate::model::{Element, ElementKind, Point, State};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::Direction;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A flow between two non-processes: data does not move by itself.
    FlowWithoutProcess,
    /// An entity, process or store with no flow in or out.
    NoFlows,
    ProcessWithoutInput,
    ProcessWithoutOutput,
    Unnamed,
    /// A flow whose source or target is not on its diagram (a file made
    /// elsewhere, or damaged): kept, so nothing is lost, but not drawn.
    DanglingFlow,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Warning {
    pub kind: WarningKind,
    pub element_id: String,
    pub message: String,
}

/// What the model derives from one diagram's geometry and connections.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct Analysis {
    pub diagram_id: String,
    /// For each element, the trust boundaries it lies in, outermost first.
    /// A flow lies in the boundaries that hold both of its ends.
    pub inside: BTreeMap<String, Vec<String>>,
    /// For each flow that crosses trust boundaries, the boundaries it crosses.
    pub crossings: BTreeMap<String, Vec<String>>,
    pub warnings: Vec<Warning>,
    /// Properties the diagram already implies (`proposals`), for the inspector.
    pub proposals: Vec<Proposal>,
}

impl Analysis {
    /// What a window needs beside the canvas: every warning (the canvas marks
    /// them), and of the rest only what concerns `element` (the inspector): its
    /// boundaries, its crossings, the flows crossing it, its proposals. On a
    /// big diagram the whole maps are most of the answer to every edit.
    pub fn only(&self, element: Option<&str>) -> Analysis {
        let Some(id) = element else {
            return Analysis {
                diagram_id: self.diagram_id.clone(),
                warnings: self.warnings.clone(),
                ..Analysis::default()
            };
        };
        let mine = |map: &BTreeMap<String, Vec<String>>| -> BTreeMap<String, Vec<String>> {
            map.iter()
                .filter(|(k, v)| k.as_str() == id || v.iter().any(|b| b == id))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        Analysis {
            diagram_id: self.diagram_id.clone(),
            inside: self
                .inside
                .get_key_value(id)
                .map(|(k, v)| (k.clone(), v.clone()))
                .into_iter()
                .collect(),
            crossings: mine(&self.crossings),
            warnings: self.warnings.clone(),
            proposals: self
                .proposals
                .iter()
                .filter(|p| p.element_id == id)
                .cloned()
                .collect(),
        }
    }
}

/// A diagram's DFD: nodes are entities, processes and stores; edges are flows.
pub struct Dfd<'a> {
    pub graph: StableDiGraph<&'a Element, &'a Element>,
    pub index: HashMap<&'a str, NodeIndex>,
}

impl<'a> Dfd<'a> {
    pub fn build(state: &'a State, diagram_id: &'a str) -> Self {
        let mut graph = StableDiGraph::new();
        let mut index = HashMap::new();
        let elements: Vec<&Element> = state.elements_of(diagram_id).collect();
        for e in elements.iter().filter(|e| e.kind.is_endpoint()) {
            index.insert(e.id.as_str(), graph.add_node(*e));
        }
        for f in elements.iter().filter(|e| e.kind == ElementKind::DataFlow) {
            let ends = (
                f.source.as_deref().and_then(|s| index.get(s)),
                f.target.as_deref().and_then(|t| index.get(t)),
            );
            if let (Some(&s), Some(&t)) = ends {
                graph.add_edge(s, t, *f);
            }
        }
        Dfd { graph, index }
    }
}

/// Boundaries that hold `e`: its centre lies inside, and (for a boundary) the
/// holder is strictly larger, so two boundaries never hold each other.
fn holders<'a>(e: &Element, boundaries: &[&'a Element]) -> Vec<&'a Element> {
    let centre = e.rect.centre();
    let mut held: Vec<&Element> = boundaries
        .iter()
        .filter(|b| b.id != e.id && b.rect.contains_point(centre))
        .filter(|b| e.kind != ElementKind::TrustBoundary || b.rect.area() > e.rect.area())
        .copied()
        .collect();
    held.sort_by(|a, b| {
        b.rect
            .area()
            .total_cmp(&a.rect.area())
            .then_with(|| a.id.cmp(&b.id))
    });
    held
}

/// Containment, crossings, warnings and proposals of one diagram.
pub fn analyze(state: &State, diagram_id: &str) -> Analysis {
    Analysis {
        warnings: warnings(state, diagram_id),
        proposals: proposals(state, diagram_id),
        ..containment(state, diagram_id)
    }
}

/// Which boundaries hold each element and which each flow crosses; no warnings.
pub fn containment(state: &State, diagram_id: &str) -> Analysis {
    let elements: Vec<&Element> = state.elements_of(diagram_id).collect();
    let boundaries: Vec<&Element> = elements
        .iter()
        .filter(|e| e.is_box_boundary())
        .copied()
        .collect();
    let lines: Vec<&Element> = elements.iter().filter(|e| e.is_line()).copied().collect();
    let centres: HashMap<&str, (f64, f64)> = elements
        .iter()
        .filter(|e| e.kind.is_endpoint())
        .map(|e| (e.id.as_str(), e.rect.centre()))
        .collect();
    let mut inside: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in elements.iter().filter(|e| e.kind.is_node()) {
        let held = holders(e, &boundaries);
        if !held.is_empty() {
            inside.insert(
                e.id.clone(),
                held.into_iter().map(|b| b.id.clone()).collect(),
            );
        }
    }
    let mut crossings = BTreeMap::new();
    let none = Vec::new();
    for f in elements.iter().filter(|e| e.kind == ElementKind::DataFlow) {
        let src = f
            .source
            .as_ref()
            .and_then(|s| inside.get(s))
            .unwrap_or(&none);
        let dst = f
            .target
            .as_ref()
            .and_then(|t| inside.get(t))
            .unwrap_or(&none);
        let mut crossed: Vec<String> = src
            .iter()
            .filter(|b| !dst.contains(b))
            .chain(dst.iter().filter(|b| !src.contains(b)))
            .cloned()
            .collect();
        let ends = (
            f.source.as_deref().and_then(|s| centres.get(s)),
            f.target.as_deref().and_then(|t| centres.get(t)),
        );
        if let (Some(&a), Some(&b)) = ends {
            crossed.extend(
                lines
                    .iter()
                    .filter(|l| l.points.windows(2).any(|w| meets(a, b, &w[0], &w[1])))
                    .map(|l| l.id.clone()),
            );
        }
        let common: Vec<String> = src.iter().filter(|b| dst.contains(b)).cloned().collect();
        if !crossed.is_empty() {
            crossings.insert(f.id.clone(), crossed);
        }
        if !common.is_empty() {
            inside.insert(f.id.clone(), common);
        }
    }
    Analysis {
        diagram_id: diagram_id.to_string(),
        inside,
        crossings,
        warnings: vec![],
        proposals: vec![],
    }
}

/// Whether segment `a`–`b` (a flow, centre to centre) meets segment `p`–`q`
/// (a piece of a line boundary), touching included.
fn meets(a: (f64, f64), b: (f64, f64), p: &Point, q: &Point) -> bool {
    let (p, q) = ((p.x, p.y), (q.x, q.y));
    let side = |o: (f64, f64), u: (f64, f64), v: (f64, f64)| {
        (u.0 - o.0) * (v.1 - o.1) - (u.1 - o.1) * (v.0 - o.0)
    };
    let (d1, d2) = (side(p, q, a), side(p, q, b));
    let (d3, d4) = (side(a, b, p), side(a, b, q));
    let within = |o: (f64, f64), u: (f64, f64), v: (f64, f64)| {
        v.0 >= o.0.min(u.0) && v.0 <= o.0.max(u.0) && v.1 >= o.1.min(u.1) && v.1 <= o.1.max(u.1)
    };
    ((d1 > 0.0) != (d2 > 0.0)
        && d1 != 0.0
        && d2 != 0.0
        && (d3 > 0.0) != (d4 > 0.0)
        && d3 != 0.0
        && d4 != 0.0)
        || (d1 == 0.0 && within(p, q, a))
        || (d2 == 0.0 && within(p, q, b))
        || (d3 == 0.0 && within(a, b, p))
        || (d4 == 0.0 && within(a, b, q))
}

/// The containment of every diagram, by diagram id (what the rules need).
pub fn containment_all(state: &State) -> BTreeMap<String, Analysis> {
    state
        .diagrams
        .keys()
        .map(|d| (d.clone(), containment(state, d)))
        .collect()
}

fn name_of(e: &Element) -> String {
    if e.name.trim().is_empty() {
        format!("An unnamed {}", e.kind.label().to_lowercase())
    } else {
        format!("'{}'", e.name)
    }
}

pub fn warnings(state: &State, diagram_id: &str) -> Vec<Warning> {
    let dfd = Dfd::build(state, diagram_id);
    let mut out = Vec::new();
    let mut warn = |kind, e: &Element, message: String| {
        out.push(Warning {
            kind,
            element_id: e.id.clone(),
            message,
        })
    };
    for e in state.elements_of(diagram_id) {
        if e.kind == ElementKind::DataFlow {
            let ends = [("source", &e.source), ("target", &e.target)];
            for (end, id) in ends {
                let here = id
                    .as_ref()
                    .and_then(|id| state.elements.get(id))
                    .is_some_and(|n| n.diagram_id == diagram_id && n.kind.is_endpoint());
                if !here {
                    warn(
                        WarningKind::DanglingFlow,
                        e,
                        format!(
                            "Data flow {}: its {end} no longer exists on this diagram",
                            name_of(e)
                        ),
                    );
                }
            }
        }
        if e.name.trim().is_empty() {
            warn(
                WarningKind::Unnamed,
                e,
                format!("{} has no name", name_of(e)),
            );
        }
    }
    for f in dfd.graph.edge_indices() {
        let (Some(flow), Some((s, t))) = (dfd.graph.edge_weight(f), dfd.graph.edge_endpoints(f))
        else {
            continue;
        };
        let is_process = |n: NodeIndex| dfd.graph[n].kind == ElementKind::Process;
        if !is_process(s) && !is_process(t) {
            warn(
                WarningKind::FlowWithoutProcess,
                flow,
                format!(
                    "Data flow {} connects {} and {} with no process at either end",
                    name_of(flow),
                    name_of(dfd.graph[s]),
                    name_of(dfd.graph[t])
                ),
            );
        }
    }
    for n in dfd.graph.node_indices() {
        let e = dfd.graph[n];
        let ins = dfd.graph.neighbors_directed(n, Direction::Incoming).count();
        let outs = dfd.graph.neighbors_directed(n, Direction::Outgoing).count();
        if ins + outs == 0 {
            warn(
                WarningKind::NoFlows,
                e,
                format!("{} has no data flows", name_of(e)),
            );
        } else if e.kind == ElementKind::Process && ins == 0 {
            warn(
                WarningKind::ProcessWithoutInput,
                e,
                format!("Process {} has no input", name_of(e)),
            );
        } else if e.kind == ElementKind::Process && outs == 0 {
            warn(
                WarningKind::ProcessWithoutOutput,
                e,
                format!("Process {} has no output", name_of(e)),
            );
        }
    }
    out
}
