//! Every change to an engagement is an `Op`: the one write path of the app.

use crate::model::labels::status_label;
use crate::model::{
    ChecklistAnswer, Component, CustomQuestion, ElementKind, EngagementInfo, ExportFilter,
    FindingState, LibraryEntry, Model, Note, Person, Point, PropValue, Rating, Rect, Session,
    Stride, Suggestion, Threat, UndoScope,
};
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
    /// Draws a trust boundary around elements (`analysis::wrap_rect`: with a
    /// margin, nested in the boundary that already holds them all). Renaming
    /// it by the very next op joins this step, so naming it in place is part
    /// of the one gesture (see `Engagement::apply`).
    WrapInBoundary {
        id: Option<String>,
        diagram_id: String,
        element_ids: Vec<String>,
        name: String,
    },
    /// Adds a trust boundary drawn as a line through `points` (two or more).
    AddLineBoundary {
        id: Option<String>,
        diagram_id: String,
        name: String,
        points: Vec<Point>,
    },
    /// Moves a line boundary's points.
    Reshape {
        id: String,
        points: Vec<Point>,
    },
    /// Adds another tool's model (`import::read`) to the engagement as new
    /// diagrams, in one step. Ids already taken get new ones.
    Import {
        model: Model,
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
    /// Lays the diagram out again (`analysis::layout::tidy`): layers from left
    /// to right, every element kept in the boundaries that hold it; one step
    /// of `Place`s.
    Tidy {
        diagram_id: String,
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
    /// Rates a threat overall, as logged in a session: each level given
    /// replaces that axis's factors (their rationale stays); `None` clears the
    /// axis's overall level and leaves its factors.
    RateThreat {
        id: String,
        impact: Option<Rating>,
        likelihood: Option<Rating>,
    },
    DeleteThreat {
        id: String,
    },
    /// Applies a library entry: a new threat on each element, in one step. The
    /// op carries the entry's content, so the log means the same whatever
    /// becomes of the library later.
    ApplyLibraryEntry {
        entry: LibraryEntry,
        element_ids: Vec<String>,
    },
    /// A newer version of the entry these threats were made from: with `take`
    /// its text replaces theirs (ratings, status and history stay); either
    /// way they now follow that version, so keeping the team's text ends the
    /// "entry updated" notice.
    TakeLibraryUpdate {
        threat_ids: Vec<String>,
        entry: LibraryEntry,
        take: bool,
    },
    /// Copies threats (of this engagement, or pasted from another) onto each
    /// element: every field and the history kept, new ids.
    CopyThreats {
        threats: Vec<Threat>,
        element_ids: Vec<String>,
    },
    /// Moves threats to other elements: the same threats (ids, status,
    /// history) now affect `element_ids`.
    MoveThreats {
        threat_ids: Vec<String>,
        element_ids: Vec<String>,
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
    /// Adds (empty `id`) or edits a team member or customer attendee.
    PutPerson {
        person: Person,
    },
    /// Removes a person from the engagement and from the sessions they attend.
    DeletePerson {
        id: String,
    },
    /// Adds (empty `id`) or edits a component named at scoping.
    PutComponent {
        component: Component,
    },
    DeleteComponent {
        id: String,
    },
    /// Plans (empty `id`) or re-plans a session; its start and end are kept.
    PutSession {
        session: Session,
    },
    /// Deletes a session and its notes.
    DeleteSession {
        id: String,
    },
    /// Starts the session's clock (`at_ms`: ms since the epoch; now if absent).
    StartSession {
        id: String,
        at_ms: Option<f64>,
    },
    EndSession {
        id: String,
        at_ms: Option<f64>,
    },
    /// Takes a note (empty `id`); in a running session it is stamped with the
    /// elapsed time unless `offset_ms` is given.
    AddNote {
        note: Note,
        at_ms: Option<f64>,
    },
    /// Edits a note's text, kind, elements, author or the question it answers.
    UpdateNote {
        note: Note,
    },
    DeleteNote {
        id: String,
    },
    /// Turns a note into a threat that keeps a link to the note, its session and time.
    PromoteNote {
        note_id: String,
        threat: Threat,
    },
    /// Marks a note as reference documentation, or back to unprocessed.
    SetNoteReference {
        note_id: String,
        reference: bool,
    },
    /// Moves findings along their lifecycle (see `FindingState::next`), all in
    /// one step with one who and why; refused whole if any cannot make the move.
    MoveFinding {
        threat_ids: Vec<String>,
        to: FindingState,
        by: String,
        comment: String,
        at_ms: Option<f64>,
    },
    /// Records that the report (the findings `filter` selects) was handed to the
    /// customer, so the next export marks what changed since.
    RecordDelivery {
        label: String,
        filter: ExportFilter,
        at_ms: Option<f64>,
    },
    /// Records the customer's feedback or the team's adjustment on a finding.
    CommentOnFinding {
        threat_id: String,
        by: String,
        text: String,
        from_customer: bool,
        at_ms: Option<f64>,
    },
    /// Adds (empty `id`) or edits one of the team's checklist questions.
    PutQuestion {
        question: CustomQuestion,
    },
    /// Deletes one of the team's questions and its answer.
    DeleteQuestion {
        id: String,
    },
    /// Answers a checklist question. With `set_property`, the question's
    /// property is set on each linked element it applies to, in the same step.
    AnswerChecklist {
        answer: ChecklistAnswer,
        set_property: bool,
    },
    /// Undoes the newest step of `scope` (refused if a later step changed the
    /// same records: see `engine/undo.rs`).
    Undo {
        scope: UndoScope,
    },
    /// Redoes the step of `scope` undone last.
    Redo {
        scope: UndoScope,
    },
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
            Op::AddLineBoundary { .. } => "Add line boundary".into(),
            Op::WrapInBoundary { .. } => "Wrap in boundary".into(),
            Op::Reshape { .. } => "Reshape boundary".into(),
            Op::Import { model } => format!("Import {}", model.source),
            Op::Connect { .. } => "Add data flow".into(),
            Op::Place { moves } if moves.len() == 1 => "Move".into(),
            Op::Place { moves } => format!("Move {} elements", moves.len()),
            Op::Tidy { .. } => "Tidy".into(),
            Op::Rename { .. } => "Rename".into(),
            Op::SetDescription { .. } => "Edit description".into(),
            Op::SetProperty { key, .. } => format!("Set {}", key.replace('_', " ")),
            Op::Delete { ids } if ids.len() == 1 => "Delete".into(),
            Op::Delete { ids } => format!("Delete {} elements", ids.len()),
            Op::AddThreat { .. } => "Add threat".into(),
            Op::UpdateThreat { .. } => "Edit threat".into(),
            Op::RateThreat { .. } => "Rate threat".into(),
            Op::DeleteThreat { .. } => "Delete threat".into(),
            Op::ApplyLibraryEntry { element_ids, .. } if element_ids.len() == 1 => {
                "Apply library entry".into()
            }
            Op::ApplyLibraryEntry { element_ids, .. } => {
                format!("Apply library entry to {} elements", element_ids.len())
            }
            Op::TakeLibraryUpdate { take: true, .. } => "Take library update".into(),
            Op::TakeLibraryUpdate { take: false, .. } => "Keep own text".into(),
            Op::CopyThreats {
                threats,
                element_ids,
            } => match threats.len() * element_ids.len() {
                1 => "Copy threat".into(),
                n => format!("Copy {n} threats"),
            },
            Op::MoveThreats { threat_ids, .. } if threat_ids.len() == 1 => "Move threat".into(),
            Op::MoveThreats { threat_ids, .. } => format!("Move {} threats", threat_ids.len()),
            Op::AcceptSuggestion { .. } => "Accept suggestion".into(),
            Op::DismissSuggestion { .. } => "Dismiss suggestion".into(),
            Op::SetNotApplicable {
                reason: Some(_), ..
            } => "Mark not applicable".into(),
            Op::SetNotApplicable { reason: None, .. } => "Clear not applicable".into(),
            Op::PutPerson { person } if person.id.is_empty() => "Add person".into(),
            Op::PutPerson { .. } => "Edit person".into(),
            Op::DeletePerson { .. } => "Remove person".into(),
            Op::PutComponent { component } if component.id.is_empty() => "Add component".into(),
            Op::PutComponent { .. } => "Edit component".into(),
            Op::DeleteComponent { .. } => "Delete component".into(),
            Op::PutSession { session } if session.id.is_empty() => "Plan session".into(),
            Op::PutSession { .. } => "Edit session".into(),
            Op::DeleteSession { .. } => "Delete session".into(),
            Op::StartSession { .. } => "Start session".into(),
            Op::EndSession { .. } => "End session".into(),
            Op::AddNote { .. } => "Add note".into(),
            Op::UpdateNote { .. } => "Edit note".into(),
            Op::DeleteNote { .. } => "Delete note".into(),
            Op::PromoteNote { .. } => "Promote note to threat".into(),
            Op::SetNoteReference {
                reference: true, ..
            } => "Mark note as reference".into(),
            Op::SetNoteReference {
                reference: false, ..
            } => "Mark note unprocessed".into(),
            Op::MoveFinding { threat_ids, to, .. } if threat_ids.len() == 1 => {
                format!("Move finding to {}", status_label(*to))
            }
            Op::MoveFinding { threat_ids, to, .. } => {
                format!(
                    "Move {} findings to {}",
                    threat_ids.len(),
                    status_label(*to)
                )
            }
            Op::CommentOnFinding {
                from_customer: true,
                ..
            } => "Record customer feedback".into(),
            Op::CommentOnFinding { .. } => "Comment on finding".into(),
            Op::RecordDelivery { .. } => "Record delivery".into(),
            Op::PutQuestion { question } if question.id.is_empty() => {
                "Add checklist question".into()
            }
            Op::PutQuestion { .. } => "Edit checklist question".into(),
            Op::DeleteQuestion { .. } => "Delete checklist question".into(),
            Op::AnswerChecklist { .. } => "Answer checklist question".into(),
            Op::Undo { .. } => "Undo".into(),
            Op::Redo { .. } => "Redo".into(),
        }
    }

    /// The undo history this op's step joins, by the view that makes such
    /// changes: Ctrl+Z in one view never takes back another view's work.
    /// Listed exhaustively so a new op has to choose.
    pub fn undo_scope(&self) -> UndoScope {
        use UndoScope::*;
        match self {
            Op::AddDiagram { .. }
            | Op::RenameDiagram { .. }
            | Op::DeleteDiagram { .. }
            | Op::AddElement { .. }
            | Op::AddLineBoundary { .. }
            | Op::WrapInBoundary { .. }
            | Op::Reshape { .. }
            | Op::Import { .. }
            | Op::Connect { .. }
            | Op::Place { .. }
            | Op::Tidy { .. }
            | Op::Rename { .. }
            | Op::SetDescription { .. }
            | Op::SetProperty { .. }
            | Op::Delete { .. }
            | Op::AddThreat { .. }
            | Op::UpdateThreat { .. }
            | Op::RateThreat { .. }
            | Op::DeleteThreat { .. }
            | Op::ApplyLibraryEntry { .. }
            | Op::TakeLibraryUpdate { .. }
            | Op::CopyThreats { .. }
            | Op::MoveThreats { .. }
            | Op::AcceptSuggestion { .. }
            | Op::DismissSuggestion { .. }
            | Op::SetNotApplicable { .. } => Diagram,
            Op::PutSession { .. }
            | Op::DeleteSession { .. }
            | Op::StartSession { .. }
            | Op::EndSession { .. }
            | Op::AddNote { .. }
            | Op::UpdateNote { .. }
            | Op::DeleteNote { .. }
            | Op::PromoteNote { .. }
            | Op::SetNoteReference { .. } => Notes,
            // The engagement's description (and its risk matrix, also edited in
            // the canvas's inspector) is scoping: it is the Overview's content.
            Op::SetInfo { .. }
            | Op::PutPerson { .. }
            | Op::DeletePerson { .. }
            | Op::PutComponent { .. }
            | Op::DeleteComponent { .. }
            | Op::PutQuestion { .. }
            | Op::DeleteQuestion { .. }
            | Op::AnswerChecklist { .. } => Scoping,
            Op::MoveFinding { .. } | Op::CommentOnFinding { .. } | Op::RecordDelivery { .. } => {
                Findings
            }
            Op::Undo { scope } | Op::Redo { scope } => *scope,
        }
    }
}
