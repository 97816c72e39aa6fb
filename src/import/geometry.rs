//! Positions another tool wrote that the canvas cannot hold (not numbers, off
//! the canvas, of no size) are let go before the layout, which then places
//! those elements; whatever the layout makes is held to the canvas after it.
//! So a model a reader returns always passes the engine's checks.

use super::ImportReport;
use crate::model::{ElementKind, Model, Rect, MAX_COORD, MAX_POINTS, MAX_SIZE};

/// Before the layout: undrawable positions become "no position".
pub(super) fn let_go(model: &mut Model, report: &mut ImportReport) {
    for e in &mut model.elements {
        if e.kind == ElementKind::DataFlow {
            // A flow is drawn between its ends; its rect is unused.
            e.rect = Rect::default();
            e.points.clear();
            continue;
        }
        if !e.points.is_empty() {
            let before = e.points.len();
            e.points.retain(|p| p.is_on_canvas());
            if e.points.len() > MAX_POINTS {
                let last = e.points[e.points.len() - 1];
                e.points.truncate(MAX_POINTS - 1);
                e.points.push(last);
            }
            if e.points.len() < 2 || e.kind != ElementKind::TrustBoundary {
                e.points.clear();
                e.rect = Rect::default();
                report.defaulted("a line without two points on the canvas: drawn as a box, laid out");
                continue;
            }
            if e.points.len() < before {
                report.dropped("points of a line boundary off the canvas or beyond 256");
            }
            e.rect = Rect::around(&e.points);
            continue;
        }
        if e.rect != Rect::default() && !e.rect.is_drawable() {
            e.rect = Rect::default();
            report.defaulted("a position off the canvas, of no size or not a number: laid out");
        }
    }
}

/// After the layout: every rect within the canvas's limits.
pub(super) fn hold(model: &mut Model, report: &mut ImportReport) {
    for e in &mut model.elements {
        if e.kind == ElementKind::DataFlow || e.rect.is_drawable() {
            continue;
        }
        let r = e.rect;
        let fix = |v: f64, lo: f64, hi: f64| if v.is_finite() { v.clamp(lo, hi) } else { lo.max(0.0) };
        e.rect = Rect::new(
            fix(r.x, -MAX_COORD, MAX_COORD),
            fix(r.y, -MAX_COORD, MAX_COORD),
            fix(r.width, 1.0, MAX_SIZE),
            fix(r.height, 1.0, MAX_SIZE),
        );
        report.defaulted("a box larger than the canvas allows: held to its limits");
    }
}
