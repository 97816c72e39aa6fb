//! Every change to an engagement is an `Op`: the one write path of the app.

use crate::model::{ElementKind, EngagementInfo, PropValue, Rect};
use crate::rules::Suggestion;
use crate::threat::{Stride, Threat};
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
    /// Logs a threat. An empty `id` lets the core pick one; `origin` is manual.
    AddThreat {
        threat: Threat,
    },
    /// Replaces the fields of the threat with this `id` (its origin is kept).
    UpdateThreat {
        threat: Threat,
    },
    DeleteThreat {
        id: String,
    },
    /// Turns a rule's suggestion into a threat, remembering the suggestion's key.
    AcceptSuggestion {
        suggestion: Suggestion,
    },
    /// Dismisses a suggestion for good; its category becomes not applicable to
    /// the element, for the reason given.
    DismissSuggestion {
        suggestion: Suggestion,
        reason: String,
    },
    /// Marks a STRIDE category not applicable to an element, or clears that with `None`.
    SetNotApplicable {
        element_id: String,
        category: Stride,
        reason: Option<String>,
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
            Op::AddThreat { .. } => "Add threat".into(),
            Op::UpdateThreat { .. } => "Edit threat".into(),
            Op::DeleteThreat { .. } => "Delete threat".into(),
            Op::AcceptSuggestion { .. } => "Accept suggestion".into(),
            Op::DismissSuggestion { .. } => "Dismiss suggestion".into(),
            Op::SetNotApplicable {
                reason: Some(_), ..
            } => "Mark not applicable".into(),
            Op::SetNotApplicable { reason: None, .. } => "Clear not applicable".into(),
            Op::Undo => "Undo".into(),
            Op::Redo => "Redo".into(),
        }
    }
}
