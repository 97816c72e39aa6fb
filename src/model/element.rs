//! Diagrams and their elements: the five kinds of a DFD, geometry, typed properties.

use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

/// The five kinds of a data-flow diagram.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum ElementKind {
    ExternalEntity,
    Process,
    DataStore,
    DataFlow,
    TrustBoundary,
}

impl ElementKind {
    pub const ALL: [ElementKind; 5] = [
        ElementKind::ExternalEntity,
        ElementKind::Process,
        ElementKind::DataStore,
        ElementKind::DataFlow,
        ElementKind::TrustBoundary,
    ];

    /// Boxes on the canvas: everything but flows.
    pub fn is_node(self) -> bool {
        self != ElementKind::DataFlow
    }

    /// What a flow may start or end at.
    pub fn is_endpoint(self) -> bool {
        matches!(self, Self::ExternalEntity | Self::Process | Self::DataStore)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ExternalEntity => "External entity",
            Self::Process => "Process",
            Self::DataStore => "Data store",
            Self::DataFlow => "Data flow",
            Self::TrustBoundary => "Trust boundary",
        }
    }
}

/// The longest name or title the app takes, in characters.
pub const MAX_NAME: usize = 200;
/// The longest description, scenario or other long text, in characters.
pub const MAX_DESCRIPTION: usize = 20_000;

/// How far from the origin the canvas reaches, in canvas units, either way.
pub const MAX_COORD: f64 = 1e7;
/// The widest or tallest an element may be.
pub const MAX_SIZE: f64 = 1e6;
/// The most points a line boundary has.
pub const MAX_POINTS: usize = 256;

/// Position and size on the canvas, in canvas units; `x`, `y` is the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, width: f64, height: f64) -> Self {
        Rect {
            x,
            y,
            width,
            height,
        }
    }
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }
    pub fn contains_point(&self, (px, py): (f64, f64)) -> bool {
        px >= self.x && px <= self.x + self.width && py >= self.y && py <= self.y + self.height
    }
    pub fn area(&self) -> f64 {
        self.width * self.height
    }
    /// Drawable: finite, on the canvas, with a positive and reasonable size.
    pub fn is_drawable(&self) -> bool {
        [self.x, self.y, self.width, self.height]
            .iter()
            .all(|v| v.is_finite())
            && self.x.abs() <= MAX_COORD
            && self.y.abs() <= MAX_COORD
            && self.width > 0.0
            && self.height > 0.0
            && self.width <= MAX_SIZE
            && self.height <= MAX_SIZE
    }
    /// The smallest rect holding `points` (at least 1 × 1, so it is never empty).
    pub fn around(points: &[Point]) -> Rect {
        let xs = points.iter().map(|p| p.x);
        let ys = points.iter().map(|p| p.y);
        let (x0, x1) = (
            xs.clone().fold(f64::INFINITY, f64::min),
            xs.fold(f64::NEG_INFINITY, f64::max),
        );
        let (y0, y1) = (
            ys.clone().fold(f64::INFINITY, f64::min),
            ys.fold(f64::NEG_INFINITY, f64::max),
        );
        if points.is_empty() {
            return Rect::default();
        }
        Rect::new(x0, y0, (x1 - x0).max(1.0), (y1 - y0).max(1.0))
    }
}

/// A point on the canvas, in canvas units.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub fn is_on_canvas(&self) -> bool {
        [self.x, self.y]
            .iter()
            .all(|v| v.is_finite() && v.abs() <= MAX_COORD)
    }
}

/// A typed property value: a yes/no flag or a text (free or from a list of choices).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(untagged)]
pub enum PropValue {
    Bool(bool),
    Text(String),
}

/// One element of a diagram. Flows carry `source` and `target`; their `rect` is unused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Element {
    pub id: String,
    pub diagram_id: String,
    pub kind: ElementKind,
    pub name: String,
    pub description: String,
    /// A line boundary's bounding box (kept equal to its points' by the core).
    pub rect: Rect,
    pub source: Option<String>,
    pub target: Option<String>,
    /// The catalogue's properties (`props::catalog`) and, under other keys,
    /// properties another tool wrote (kept as text or yes/no).
    pub props: BTreeMap<String, PropValue>,
    /// A trust boundary drawn as a line (two or more points) rather than a
    /// box: flows whose path meets the line cross it. Empty for all else.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<Point>,
    /// What another tool wrote for this element that Threatloom does not use,
    /// by format, kept verbatim so an export back to that tool writes it again.
    #[serde(default, skip_serializing_if = "Foreign::is_empty")]
    pub foreign: Foreign,
}

/// Fields of another tool's file kept verbatim: format name → a JSON object.
pub type Foreign = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Diagram {
    pub id: String,
    pub name: String,
    /// Order of the diagram tabs.
    pub position: u32,
    #[serde(default, skip_serializing_if = "Foreign::is_empty")]
    pub foreign: Foreign,
}

impl Element {
    /// A new element as drawn: no description, ends, properties, points or
    /// other tool's fields (flows and lines set theirs on top).
    pub fn new(
        id: String,
        diagram_id: String,
        kind: ElementKind,
        name: String,
        rect: Rect,
    ) -> Self {
        Element {
            id,
            diagram_id,
            kind,
            name,
            description: String::new(),
            rect,
            source: None,
            target: None,
            props: Default::default(),
            points: vec![],
            foreign: Default::default(),
        }
    }

    /// A trust boundary drawn as a line.
    pub fn is_line(&self) -> bool {
        self.kind == ElementKind::TrustBoundary && !self.points.is_empty()
    }

    /// A box that can hold elements: a trust boundary that is not a line.
    pub fn is_box_boundary(&self) -> bool {
        self.kind == ElementKind::TrustBoundary && self.points.is_empty()
    }

    /// Marked out of scope (`out_of_scope = true`): left out of rules and coverage.
    pub fn is_out_of_scope(&self) -> bool {
        self.props.get("out_of_scope") == Some(&PropValue::Bool(true))
    }
}
