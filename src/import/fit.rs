//! The last word on what a reader returns, so that it always passes the
//! engine's checks: positions the canvas cannot hold (not numbers, off the
//! canvas, of no size) are let go before the layout, which then places those
//! elements, and whatever the layout makes is held to the canvas after it;
//! a property of the catalogue with a value of the wrong type is kept as text
//! under another name.

use super::{text, ImportReport};
use crate::model::props::{self, MAX_KEY, MAX_TEXT};
use crate::model::{ElementKind, Model, PropValue, Rect, MAX_COORD, MAX_POINTS, MAX_SIZE};

/// Before the layout: undrawable positions become "no position".
pub(super) fn before_layout(model: &mut Model, report: &mut ImportReport) {
    for t in &mut model.threats {
        fit_threat(t, report);
    }
    for e in &mut model.elements {
        fit_props(e, report);
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
                report
                    .defaulted("a line without two points on the canvas: drawn as a box, laid out");
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
pub(super) fn after_layout(model: &mut Model, report: &mut ImportReport) {
    for e in &mut model.elements {
        if e.kind == ElementKind::DataFlow || e.rect.is_drawable() {
            continue;
        }
        let r = e.rect;
        let fix = |v: f64, lo: f64, hi: f64| {
            if v.is_finite() {
                v.clamp(lo, hi)
            } else {
                lo.max(0.0)
            }
        };
        e.rect = Rect::new(
            fix(r.x, -MAX_COORD, MAX_COORD),
            fix(r.y, -MAX_COORD, MAX_COORD),
            fix(r.width, 1.0, MAX_SIZE),
            fix(r.height, 1.0, MAX_SIZE),
        );
        report.defaulted("a box larger than the canvas allows: held to its limits");
    }
}

/// Every property as the engine takes it: a value the catalogue's key does not
/// take (a yes/no for a text, a word outside a choice, a key for another kind)
/// moves to an other property "<key> (as written)"; keys and texts held to length.
fn fit_props(e: &mut crate::model::Element, report: &mut ImportReport) {
    if e.props
        .iter()
        .all(|(k, v)| props::validate(e.kind, k, v).is_ok())
    {
        return;
    }
    let taken = std::mem::take(&mut e.props);
    for (key, value) in taken {
        if props::validate(e.kind, &key, &value).is_ok() {
            e.props.insert(key, value);
            continue;
        }
        let text = match &value {
            PropValue::Bool(true) => "yes".to_string(),
            PropValue::Bool(false) => "no".to_string(),
            PropValue::Text(t) => t
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_TEXT)
                .collect(),
        };
        let name: String = if props::is_known(&key) {
            format!("{key} (as written)")
        } else {
            key.clone()
        };
        let name: String = name
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_KEY)
            .collect();
        let name = if name.trim().is_empty() {
            "Property".to_string()
        } else {
            name
        };
        report.kept(format!(
            "a property Threatloom reads another way ('{}'): kept as text",
            name
        ));
        e.props.insert(name, PropValue::Text(text));
    }
}

/// A threat as the engine takes it: a title, texts held to length, references
/// that are CWE or CAPEC ids (any other is kept at the end of the scenario), a
/// reason for a level set by hand.
fn fit_threat(t: &mut crate::model::Threat, report: &mut ImportReport) {
    t.title = text::name(&t.title, "a threat's title", report);
    if t.title.is_empty() {
        t.title = "Untitled threat".into();
        report.defaulted("a threat without a title: \"Untitled threat\"");
    }
    let (ids, other): (Vec<String>, Vec<String>) = std::mem::take(&mut t.references)
        .into_iter()
        .partition(|r| crate::model::Threat::is_reference(r));
    t.references = ids;
    if !other.is_empty() {
        report.kept("references that are not CWE or CAPEC ids: at the end of the scenario");
        t.scenario = format!(
            "{}\n\nReferences: {}",
            t.scenario.trim_end(),
            other.join(", ")
        );
    }
    t.scenario = text::long(&t.scenario, "a threat's scenario", report);
    t.impact.rationale = text::long(&t.impact.rationale, "a rationale", report);
    t.likelihood.rationale = text::long(&t.likelihood.rationale, "a rationale", report);
    for a in &mut t.recommended_actions {
        *a = text::long(a, "a recommended action", report);
    }
    if let Some(o) = &mut t.risk_override {
        o.justification = text::long(&o.justification, "a justification", report);
        if o.justification.trim().is_empty() {
            o.justification = "Set in the imported model".into();
        }
    }
    for c in &mut t.comments {
        c.by = text::name(&c.by, "a comment's author", report);
        c.text = text::long(&c.text, "a comment", report);
    }
    for e in &mut t.lifecycle_history {
        e.by = text::name(&e.by, "a move's author", report);
        e.comment = text::long(&e.comment, "a move's comment", report);
    }
}
