//! What Threat Dragon 2.6 cannot work out from a cell alone: where a flow
//! that shares its two ends with another bends, and which boxes hold which
//! elements and which flows cross them (as it writes on save:
//! `containedElements`, `crossingFlows`, `trustBoundaryIds`), taken from the
//! core's containment so that the file says what Threatloom shows.

use super::cell_id;
use crate::analysis::graph::containment;
use crate::export::scene::{flow_knee, BEND_STEP};
use crate::model::{Element, ElementKind, State};
use std::collections::{BTreeMap, HashMap};

/// How far along a bent flow its label moves off the middle.
const LABEL_SHIFT: f64 = 0.15;

/// A flow with its source and target.
type Ends<'a> = (&'a Element, &'a Element, &'a Element);

#[derive(Default)]
pub(super) struct Layout {
    /// A flow's bend, where another flow joins the same two elements, and
    /// where along it its label goes (0–1).
    pub bends: HashMap<String, ((f64, f64), f64)>,
    /// A box's cell → the cells of the nodes it holds, nested boxes included.
    pub contained: HashMap<String, Vec<String>>,
    /// A box's cell → the flows with exactly one end inside it.
    pub crossing: HashMap<String, Vec<String>>,
    /// A flow's cell → the boxes it crosses.
    pub crossed: HashMap<String, Vec<String>>,
}

impl Layout {
    pub fn of(state: &State) -> Layout {
        let mut out = Layout::default();
        for d in state.diagrams.keys() {
            out.bends_of(state, d);
            let a = containment(state, d);
            let is_box = |id: &str| state.elements.get(id).is_some_and(Element::is_box_boundary);
            for (e, holders) in &a.inside {
                let held = state
                    .elements
                    .get(e)
                    .is_some_and(|e| e.kind != ElementKind::DataFlow && !e.is_line());
                if !held {
                    continue;
                }
                for b in holders {
                    out.contained
                        .entry(cell_id(b))
                        .or_default()
                        .push(cell_id(e));
                }
            }
            for (f, boundaries) in &a.crossings {
                for b in boundaries.iter().filter(|b| is_box(b)) {
                    out.crossing.entry(cell_id(b)).or_default().push(cell_id(f));
                    out.crossed.entry(cell_id(f)).or_default().push(cell_id(b));
                }
            }
        }
        out
    }

    /// The bend of each flow that shares its two ends with another, spread
    /// as the canvas spreads them (`BEND_STEP` apart, A→B and B→A on
    /// opposite sides); the middle one of an odd group stays straight.
    fn bends_of(&mut self, state: &State, diagram_id: &str) {
        let node = |id: Option<&String>| {
            id.and_then(|i| state.elements.get(i))
                .filter(|e| e.kind.is_endpoint())
        };
        let mut pairs: BTreeMap<(&str, &str), Vec<Ends>> = BTreeMap::new();
        for f in state.elements_of(diagram_id) {
            if f.kind != ElementKind::DataFlow {
                continue;
            }
            let (Some(s), Some(t)) = (node(f.source.as_ref()), node(f.target.as_ref())) else {
                continue;
            };
            if s.id == t.id {
                continue;
            }
            let key = if s.id < t.id {
                (s.id.as_str(), t.id.as_str())
            } else {
                (t.id.as_str(), s.id.as_str())
            };
            pairs.entry(key).or_default().push((f, s, t));
        }
        for group in pairs.values_mut().filter(|g| g.len() > 1) {
            group.sort_by(|a, b| a.0.id.cmp(&b.0.id));
            let n = group.len() as f64;
            for (i, (f, s, t)) in group.iter().enumerate() {
                let k = (i as f64 - (n - 1.0) / 2.0) * BEND_STEP;
                let bend = if s.id < t.id { k } else { -k };
                if bend != 0.0 {
                    let (x, y) = flow_knee(s, t, bend);
                    // Labels of a pair sit side by side when the flows run
                    // up and down: each moves along its flow, the two apart
                    // (as `scene::flow_path` moves them).
                    let (cs, ct) = (s.rect.centre(), t.rect.centre());
                    let (dx, dy) = (ct.0 - cs.0, ct.1 - cs.1);
                    let turn = bend * -dx * dy;
                    // Straight up, down or across: by the side it bends to.
                    let turn = if turn == 0.0 { bend } else { turn };
                    let side = if turn > 0.0 { 1.0 } else { -1.0 };
                    let label = 0.5 + side * LABEL_SHIFT;
                    self.bends
                        .insert(cell_id(&f.id), ((x.round(), y.round()), label));
                }
            }
        }
    }
}

/// Where a file from Microsoft's Threat Modeling Tool drew a flow's point
/// (`Source`, `Target`, `Handle`): the tm7 importer keeps the connector's
/// fields, so a loose end is written where it was drawn.
pub(super) fn tm7_point(e: &Element, which: &str) -> Option<(f64, f64)> {
    let record: serde_json::Value = serde_json::from_str(e.foreign.get("tm7")?).ok()?;
    let number = |axis: &str| -> Option<f64> {
        let v = record.get(format!("{which}{axis}"))?;
        let n = match v {
            serde_json::Value::String(s) => s.trim().parse::<f64>().ok()?,
            other => other.as_f64()?,
        };
        n.is_finite().then_some(n)
    };
    Some((number("X")?, number("Y")?))
}
