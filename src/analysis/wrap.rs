//! "Wrap in a boundary": the box a new trust boundary gets around elements.
//!
//! The box holds the elements with a margin (more at the top, where the
//! boundary's name is drawn). When all of them already lie in a boundary, the
//! box stays inside that one, so the new boundary nests in it (see
//! `graph::containment`: a boundary is held by a larger one around its centre).

use super::graph::containment;
use crate::error::{Error, Result};
use crate::model::{Rect, State};

/// Room around the elements on the left, right and bottom.
pub const WRAP_MARGIN: f64 = 32.0;
/// Room above the elements: the boundary's name sits there.
pub const WRAP_TOP: f64 = 44.0;
/// The least room kept when an enclosing boundary is tight.
const MIN_MARGIN: f64 = 12.0;
const MIN_TOP: f64 = 30.0;
/// Space left between the new boundary and the one it nests in.
const NEST_GAP: f64 = 10.0;

/// The rect of a new boundary around elements `ids` of `diagram_id`. Flows
/// follow their ends and are passed over; at least one other element is needed.
pub fn wrap_rect(state: &State, diagram_id: &str, ids: &[String]) -> Result<Rect> {
    let mut boxes = Vec::new();
    for id in ids {
        let e = state
            .elements
            .get(id)
            .ok_or_else(|| Error::not_found("Element", id))?;
        if e.diagram_id != diagram_id {
            return Err(Error::invalid(
                "Only elements of the same diagram can be wrapped in one boundary",
            ));
        }
        if e.kind.is_node() {
            boxes.push(e.rect);
        }
    }
    if boxes.is_empty() {
        return Err(Error::invalid(
            "Select an element (not only flows) to wrap in a boundary",
        ));
    }
    let x0 = boxes.iter().map(|r| r.x).fold(f64::INFINITY, f64::min);
    let y0 = boxes.iter().map(|r| r.y).fold(f64::INFINITY, f64::min);
    let x1 = boxes
        .iter()
        .map(|r| r.x + r.width)
        .fold(f64::NEG_INFINITY, f64::max);
    let y1 = boxes
        .iter()
        .map(|r| r.y + r.height)
        .fold(f64::NEG_INFINITY, f64::max);

    // Prefer the full margin; inside an enclosing boundary, shrink it down to
    // the minimum so the new box stays within that boundary.
    let (mut lo_x, mut lo_y, mut hi_x, mut hi_y) = (
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::INFINITY,
    );
    if let Some(h) = innermost_common_holder(state, diagram_id, ids) {
        lo_x = h.x + NEST_GAP;
        lo_y = h.y + NEST_GAP;
        hi_x = h.x + h.width - NEST_GAP;
        hi_y = h.y + h.height - NEST_GAP;
    }
    let left = (x0 - WRAP_MARGIN).max(lo_x).min(x0 - MIN_MARGIN);
    let top = (y0 - WRAP_TOP).max(lo_y).min(y0 - MIN_TOP);
    let right = (x1 + WRAP_MARGIN).min(hi_x).max(x1 + MIN_MARGIN);
    let bottom = (y1 + WRAP_MARGIN).min(hi_y).max(y1 + MIN_MARGIN);
    let (left, top) = (left.floor(), top.floor());
    Ok(Rect::new(
        left,
        top,
        right.ceil() - left,
        bottom.ceil() - top,
    ))
}

/// The innermost box boundary that holds every element of `ids` (those that
/// are not flows), if there is one: the new boundary nests inside it.
fn innermost_common_holder(state: &State, diagram_id: &str, ids: &[String]) -> Option<Rect> {
    let analysis = containment(state, diagram_id);
    let none = Vec::new();
    let mut common: Option<Vec<&String>> = None;
    for id in ids {
        let Some(e) = state.elements.get(id) else {
            continue;
        };
        if !e.kind.is_node() {
            continue;
        }
        let held = analysis.inside.get(id).unwrap_or(&none);
        common = Some(match common {
            None => held.iter().collect(),
            Some(c) => c.into_iter().filter(|b| held.contains(b)).collect(),
        });
    }
    // `inside` lists the outermost first: the last common one is the innermost.
    let b = common?.last().copied()?;
    state.elements.get(b).map(|e| e.rect)
}
