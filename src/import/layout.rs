//! A layered layout for the elements a reader left without a position.
//!
//! The reader marks an element "not placed" by leaving its rect zero-sized
//! (`Rect::default()`), and says which box boundary each element belongs to
//! in a `Parents` map (element id → boundary id; the Threat Dragon and TM7
//! readers always give positions and pass an empty map). A boundary's members
//! are laid out as a group by `analysis::layout` (the one Tidy uses): layers
//! from left to right, each boundary's box sized around its members.
//!
//! On a diagram where every unplaced element belongs to no placed boundary,
//! the unplaced ones are laid out as one block to the right of what has a
//! position. Where an unplaced element belongs to a placed boundary, the
//! whole diagram is laid out again (the report says so).

use super::ImportReport;
use crate::analysis::layout::{break_cycles, layered, GAP};
use crate::model::{Element, ElementKind, Model, Rect};
use std::collections::HashMap;

pub(crate) use crate::analysis::layout::NODE;

/// Element id → the id of the box boundary it lies in (as the source says).
pub(crate) type Parents = HashMap<String, String>;

/// Where a laid-out diagram starts.
const ORIGIN: f64 = 40.0;

/// Whether the reader left `e` without a position.
pub(crate) fn unplaced(e: &Element) -> bool {
    e.kind != ElementKind::DataFlow
        && e.points.is_empty()
        && e.rect.width <= 0.0
        && e.rect.height <= 0.0
}

/// Places the elements the source gave no position, with one report line.
pub(super) fn arrange(model: &mut Model, parents: &Parents, report: &mut ImportReport) {
    let missing = model.elements.iter().filter(|e| unplaced(e)).count();
    if missing == 0 {
        return;
    }
    let diagrams: Vec<String> = model.diagrams.iter().map(|d| d.id.clone()).collect();
    let mut redone = 0;
    for d in &diagrams {
        redone += arrange_diagram(model, d, parents);
    }
    report.defaulted(format!(
        "{missing} elements had no position: laid out in layers"
    ));
    if redone > 0 {
        report.defaulted(format!(
            "{redone} positions replaced by the layout, as elements inside a placed boundary had none"
        ));
    }
}

/// Lays out one diagram; returns how many source positions were replaced.
fn arrange_diagram(model: &mut Model, diagram: &str, parents: &Parents) -> usize {
    // The diagram's nodes (not flows, not line boundaries), by index in model.elements.
    let nodes: Vec<usize> = model
        .elements
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.diagram_id == diagram && e.kind != ElementKind::DataFlow && e.points.is_empty()
        })
        .map(|(i, _)| i)
        .collect();
    if !nodes.iter().any(|&i| unplaced(&model.elements[i])) {
        return 0;
    }
    let index: HashMap<&str, usize> = nodes
        .iter()
        .map(|&i| (model.elements[i].id.as_str(), i))
        .collect();
    // Each node's parent: a box boundary of this diagram, cycles broken.
    let mut parent: HashMap<usize, usize> = HashMap::new();
    for &i in &nodes {
        let Some(p) = parents.get(&model.elements[i].id) else {
            continue;
        };
        let Some(&pi) = index.get(p.as_str()) else {
            continue;
        };
        if pi != i && model.elements[pi].is_box_boundary() {
            parent.insert(i, pi);
        }
    }
    break_cycles(&mut parent);
    let placed_ancestor = |i: usize| {
        let mut cur = i;
        let mut steps = 0;
        while let Some(&p) = parent.get(&cur) {
            if !unplaced(&model.elements[p]) {
                return true;
            }
            cur = p;
            steps += 1;
            if steps > nodes.len() {
                break;
            }
        }
        false
    };
    let todo: Vec<usize> = nodes
        .iter()
        .copied()
        .filter(|&i| unplaced(&model.elements[i]))
        .collect();
    let whole = todo.iter().any(|&i| placed_ancestor(i));
    let (members, start_x, start_y) = if whole {
        (nodes.clone(), ORIGIN, ORIGIN)
    } else {
        // To the right of what has a position.
        let right = nodes
            .iter()
            .map(|&i| &model.elements[i])
            .filter(|e| !unplaced(e))
            .map(|e| e.rect.x + e.rect.width)
            .fold(f64::NEG_INFINITY, f64::max);
        let top = nodes
            .iter()
            .map(|&i| &model.elements[i])
            .filter(|e| !unplaced(e))
            .map(|e| e.rect.y)
            .fold(f64::INFINITY, f64::min);
        let x = if right.is_finite() {
            right + GAP * 2.0
        } else {
            ORIGIN
        };
        let y = if top.is_finite() { top } else { ORIGIN };
        (todo.clone(), x, y)
    };
    let replaced = if whole { nodes.len() - todo.len() } else { 0 };
    let refs: Vec<&Element> = model.elements.iter().collect();
    let rects = layered(&refs, &members, &parent);
    for (i, r) in rects {
        if let Some(e) = model.elements.get_mut(i) {
            e.rect = Rect::new(r.x + start_x, r.y + start_y, r.width, r.height);
        }
    }
    replaced
}
