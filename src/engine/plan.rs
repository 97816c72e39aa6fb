//! Planning: an op becomes the patches that do it (and the ids it created),
//! or an error saying why it cannot be done. One file per domain below.

mod checklist;
mod diagram;
mod import;
mod reuse;
mod scope;
mod session;
mod threat;

use super::patch::Patch;
use super::validate::validate_id;
use crate::engine::op::Op;
use crate::engine::Engagement;
use crate::error::{Error, Result};
use crate::model::{Diagram, Element, Note, Session, Table, Threat};

/// The patches of one op, and the ids it created.
pub(super) type Plan = (Vec<Patch>, Vec<String>);

/// An op handed to a planner that does not plan it: a logic error, reported
/// as an error rather than a panic (undo and redo are replayed, not planned).
fn misrouted(op: &Op) -> Error {
    match op {
        Op::Undo { .. } | Op::Redo { .. } => Error::Storage("undo/redo reached the planner".into()),
        op => Error::Storage(format!("'{}' reached the wrong planner", op.label())),
    }
}

impl Engagement {
    /// Turns an op into patches, or says why it cannot be done.
    pub(super) fn plan(&mut self, op: Op) -> Result<Plan> {
        match op {
            Op::SetInfo { .. }
            | Op::AddDiagram { .. }
            | Op::RenameDiagram { .. }
            | Op::DeleteDiagram { .. }
            | Op::AddElement { .. }
            | Op::AddLineBoundary { .. }
            | Op::WrapInBoundary { .. }
            | Op::Reshape { .. }
            | Op::Connect { .. }
            | Op::Place { .. }
            | Op::Tidy { .. }
            | Op::Rename { .. }
            | Op::SetDescription { .. }
            | Op::SetProperty { .. }
            | Op::Delete { .. } => self.plan_diagram(op),
            Op::Import { model } => self.plan_import(model),
            Op::AddThreat { .. }
            | Op::UpdateThreat { .. }
            | Op::RateThreat { .. }
            | Op::DeleteThreat { .. }
            | Op::AcceptSuggestion { .. }
            | Op::DismissSuggestion { .. }
            | Op::SetNotApplicable { .. }
            | Op::MoveFinding { .. }
            | Op::RecordDelivery { .. }
            | Op::CommentOnFinding { .. } => self.plan_threat(op),
            Op::ApplyLibraryEntry { .. }
            | Op::TakeLibraryUpdate { .. }
            | Op::CopyThreats { .. }
            | Op::MoveThreats { .. } => self.plan_reuse(op),
            Op::PutPerson { .. }
            | Op::DeletePerson { .. }
            | Op::PutComponent { .. }
            | Op::DeleteComponent { .. } => self.plan_scope(op),
            Op::PutSession { .. }
            | Op::DeleteSession { .. }
            | Op::StartSession { .. }
            | Op::EndSession { .. }
            | Op::AddNote { .. }
            | Op::UpdateNote { .. }
            | Op::DeleteNote { .. }
            | Op::PromoteNote { .. }
            | Op::SetNoteReference { .. } => self.plan_session(op),
            Op::PutQuestion { .. } | Op::DeleteQuestion { .. } | Op::AnswerChecklist { .. } => {
                self.plan_checklist(op)
            }
            Op::Undo { .. } | Op::Redo { .. } => Err(misrouted(&op)),
        }
    }

    pub(super) fn id_taken(&self, id: &str) -> bool {
        Table::ALL.iter().any(|t| self.state.contains(*t, id))
    }

    pub(super) fn new_id(&mut self, prefix: &str) -> String {
        loop {
            let id = format!("{prefix}{}", self.next_id);
            // Wrapping: a file's next id can be any number (u64::MAX made this
            // overflow); `id_taken` keeps the ids unique either way.
            self.next_id = self.next_id.wrapping_add(1);
            if !self.id_taken(&id) {
                return id;
            }
        }
    }

    pub(super) fn pick_id(&mut self, given: Option<String>, prefix: &str) -> Result<String> {
        match given {
            None => Ok(self.new_id(prefix)),
            Some(id) => {
                validate_id(&id)?;
                if self.id_taken(&id) {
                    return Err(Error::invalid(format!("Id '{id}' is already used")));
                }
                Ok(id)
            }
        }
    }

    pub(super) fn element(&self, id: &str) -> Result<&Element> {
        self.state
            .elements
            .get(id)
            .ok_or_else(|| Error::not_found("Element", id))
    }

    pub(super) fn diagram(&self, id: &str) -> Result<&Diagram> {
        self.state
            .diagrams
            .get(id)
            .ok_or_else(|| Error::not_found("Diagram", id))
    }

    /// Gives a new record a fresh id (an empty one) or checks the record exists.
    pub(super) fn resolve_id(
        &mut self,
        id: &mut String,
        prefix: &str,
        table: Table,
    ) -> Result<Vec<String>> {
        if id.is_empty() {
            *id = self.new_id(prefix);
            return Ok(vec![id.clone()]);
        }
        if !self.state.contains(table, id) {
            return Err(Error::not_found("Record", id));
        }
        Ok(vec![])
    }

    pub(super) fn threat(&self, id: &str) -> Result<&Threat> {
        self.state
            .threats
            .get(id)
            .ok_or_else(|| Error::not_found("Threat", id))
    }

    pub(super) fn session(&self, id: &str) -> Result<&Session> {
        self.state
            .sessions
            .get(id)
            .ok_or_else(|| Error::not_found("Session", id))
    }

    pub(super) fn note(&self, id: &str) -> Result<&Note> {
        self.state
            .notes
            .get(id)
            .ok_or_else(|| Error::not_found("Note", id))
    }
}
