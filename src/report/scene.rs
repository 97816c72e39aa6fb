//! A diagram laid out for drawing: the shapes, flows, labels and badges of the
//! canvas in report coordinates. SVG, PNG and PDF draw the same scene, so the
//! three look alike. The builder is deterministic: same model, same scene.

use crate::model::Rect;
use crate::threat::RiskLevel;
use serde::Serialize;

/// Space around the diagram's content, in canvas units.
pub const MARGIN: f64 = 24.0;
/// Label text size, in canvas units.
pub const FONT_SIZE: f64 = 13.0;
pub const LINE_HEIGHT: f64 = 16.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scene {
    pub title: String,
    /// Size of the drawing; items lie in (0, 0)–(width, height), y down.
    pub width: f64,
    pub height: f64,
    /// In drawing order: boundaries (outermost first), flows, then nodes, then badges.
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Rectangle.
    Entity,
    /// Circle / rounded box.
    Process,
    /// Open-ended box: two parallel horizontal lines.
    Store,
    /// Dashed box, label at its top-left inside.
    Boundary,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Item {
    Node {
        id: String,
        shape: Shape,
        rect: Rect,
        /// The name wrapped to fit, one entry per line; drawn centred (boundaries: top-left).
        lines: Vec<String>,
        /// Out of scope: drawn greyed.
        out_of_scope: bool,
    },
    Flow {
        id: String,
        /// From the edge of the source shape to the edge of the target; an arrowhead at the last point.
        points: Vec<(f64, f64)>,
        lines: Vec<String>,
        /// Centre of the label.
        label_at: (f64, f64),
        out_of_scope: bool,
    },
    /// Threat count on an element, coloured by its highest risk.
    Badge {
        element_id: String,
        /// Centre.
        at: (f64, f64),
        count: u32,
        risk: Option<RiskLevel>,
    },
}

/// Fill colour of a risk level (RGB), shared by every renderer.
pub fn risk_colour(level: Option<RiskLevel>) -> (u8, u8, u8) {
    match level {
        Some(RiskLevel::Critical) => (0x9b, 0x1c, 0x1c),
        Some(RiskLevel::High) => (0xd9, 0x48, 0x1f),
        Some(RiskLevel::Medium) => (0xd9, 0x8e, 0x04),
        Some(RiskLevel::Low) => (0x2f, 0x7d, 0x4f),
        Some(RiskLevel::Note) => (0x4a, 0x6f, 0xa5),
        None => (0x6b, 0x72, 0x80),
    }
}
