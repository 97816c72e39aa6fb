//! Every change to an engagement is an `Op`: the one write path of the app.

use crate::model::{ElementKind, EngagementInfo, PropValue, Rect};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A user's intention. `Engagement::apply` validates it and stores it, with its
/// inverse, in one transaction. Ids are optional on creation: the core picks one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Op {
    SetInfo {
        info: EngagementInfo,
    },
    AddDiagram {
        id: Option<String>,
        name: String,
    },
    RenameDiagram {
        id: String,
        name: String,
    },
    /// Removes the diagram and all its elements; an engagement keeps at least one.
    DeleteDiagram {
        id: String,
    },
    /// Adds an external entity, process, data store or trust boundary.
    AddElement {
        id: Option<String>,
        diagram_id: String,
        kind: ElementKind,
        name: String,
        rect: Rect,
    },
    /// Adds a data flow from `source` to `target`.
    Connect {
        id: Option<String>,
        diagram_id: String,
        source: String,
        target: String,
        name: String,
    },
    /// Moves and/or resizes elements, as one step (a multi-selection drag).
    Place {
        moves: Vec<Placement>,
    },
    Rename {
        id: String,
        name: String,
    },
    SetDescription {
        id: String,
        description: String,
    },
    /// Sets a property from the catalogue, or clears it with `None`.
    SetProperty {
        id: String,
        key: String,
        value: Option<PropValue>,
    },
    /// Deletes elements; a deleted node takes its flows with it.
    Delete {
        ids: Vec<String>,
    },
    Undo,
    Redo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Placement {
    pub id: String,
    pub rect: Rect,
}

impl Op {
    /// The words undo and redo show for this op.
    pub fn label(&self) -> String {
        match self {
            Op::SetInfo { .. } => "Edit engagement".into(),
            Op::AddDiagram { .. } => "Add diagram".into(),
            Op::RenameDiagram { .. } => "Rename diagram".into(),
            Op::DeleteDiagram { .. } => "Delete diagram".into(),
            Op::AddElement { kind, .. } => format!("Add {}", kind.label().to_lowercase()),
            Op::Connect { .. } => "Add data flow".into(),
            Op::Place { moves } if moves.len() == 1 => "Move".into(),
            Op::Place { moves } => format!("Move {} elements", moves.len()),
            Op::Rename { .. } => "Rename".into(),
            Op::SetDescription { .. } => "Edit description".into(),
            Op::SetProperty { key, .. } => format!("Set {}", key.replace('_', " ")),
            Op::Delete { ids } if ids.len() == 1 => "Delete".into(),
            Op::Delete { ids } => format!("Delete {} elements", ids.len()),
            Op::Undo => "Undo".into(),
            Op::Redo => "Redo".into(),
        }
    }
}
