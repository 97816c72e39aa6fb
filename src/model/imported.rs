//! Another tool's model as Threatloom holds it: what `import` reads and
//! `Op::Import` adds to an engagement.

use super::{Diagram, Element, Threat};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct Model {
    /// What it came from, in words ("Threat Dragon model"): the undo label.
    pub source: String,
    pub diagrams: Vec<Diagram>,
    pub elements: Vec<Element>,
    pub threats: Vec<Threat>,
}
