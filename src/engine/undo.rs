//! Undo and redo per scope, and only when safe.
//!
//! Each view undoes its own scope (`Op::undo_scope`), so undo is selective: the
//! newest step of a scope may be older than another scope's steps. A step
//! stores whole-record patches, so replaying it over a record that something
//! else changed since would silently overwrite that change. Hence the rule:
//! a step is undone only while every record it wrote is still exactly as it
//! left it, and redone only while every record is still as it found it.
//! Checking the values (rather than the order of steps) also covers undos in
//! other scopes made in between; a refusal names the step to take back first.

use super::engagement::Engagement;
use super::patch::Patch;
use super::store::history::Step;
use crate::error::{Error, Result};
use crate::model::{HistoryState, Table, UndoScope};

/// The record a patch writes: the engagement's description, or a table's record.
type Key<'a> = (Option<Table>, &'a str);

fn key(p: &Patch) -> Key<'_> {
    match p {
        Patch::Info { .. } => (None, ""),
        Patch::Put { record } => (Some(record.table()), record.id()),
        Patch::Remove { table, id } => (Some(*table), id),
    }
}

/// A replayed step: its `seq`, whether it is an undo, the patches, the label.
pub(super) type Replay = (i64, bool, Vec<Patch>, String);

impl Engagement {
    pub(super) fn next_undo(&self, scope: UndoScope) -> Option<&Step> {
        self.steps
            .iter()
            .rev()
            .find(|s| s.scope == scope && !s.undone)
    }

    /// A new op of a scope drops its undone steps, so they all come after its
    /// done ones, and the oldest is the next to redo.
    pub(super) fn next_redo(&self, scope: UndoScope) -> Option<&Step> {
        self.steps.iter().find(|s| s.scope == scope && s.undone)
    }

    pub fn history(&self) -> HistoryState {
        let mut h = HistoryState::default();
        for scope in UndoScope::ALL {
            let s = h.of_mut(scope);
            s.undo = self.next_undo(scope).map(|s| s.label.clone());
            s.redo = self.next_redo(scope).map(|s| s.label.clone());
        }
        h
    }

    /// The step `Op::Undo { scope }` (`undo`) or `Op::Redo { scope }` replays,
    /// checked as the module says; nothing is changed here.
    pub(super) fn replay(&self, scope: UndoScope, undo: bool) -> Result<Replay> {
        let step = if undo {
            self.next_undo(scope).ok_or(Error::NothingToUndo)?
        } else {
            self.next_redo(scope).ok_or(Error::NothingToRedo)?
        };
        // What the step left (undo) or found (redo): forward or inverse patches.
        let expected = self.stored_patches(step.seq, undo)?;
        if let Some(p) = expected.iter().find(|p| !self.is_noop(p)) {
            return Err(self.blocked(step, undo, key(p)));
        }
        let verb = if undo { "Undo" } else { "Redo" };
        let label = format!("{verb} {}", step.label.to_lowercase());
        let patches = self.stored_patches(step.seq, !undo)?;
        // The history came from the file too: what a step would write keeps
        // the limits every loaded record keeps.
        for p in &patches {
            let broken = match p {
                Patch::Put { record } => super::validate::loaded::check(record).err(),
                Patch::Info { info } => super::validate::validate_info(info).err(),
                Patch::Remove { .. } => None,
            };
            if let Some(e) = broken {
                return Err(Error::Storage(format!(
                    "the undo history's step '{}' would write a record beyond the app's limits ({e}); nothing was changed",
                    step.label
                )));
            }
        }
        Ok((step.seq, undo, patches, label))
    }

    /// The refusal: names the step that changed the record since, looking at
    /// later done steps (newest first), then undone ones (in redo order), then
    /// earlier done ones.
    fn blocked(&self, step: &Step, undo: bool, record: Key) -> Error {
        let what = record_word(record.0);
        let verb = if undo { "undo" } else { "redo" };
        let done = |later: bool| {
            self.steps
                .iter()
                .rev()
                .filter(move |s| !s.undone && (s.seq > step.seq) == later)
        };
        let undone = self.steps.iter().filter(|s| s.undone);
        let candidates = done(true).chain(undone).chain(done(false));
        let blocker = candidates.filter(|s| s.seq != step.seq).find(|s| {
            self.stored_patches(s.seq, true)
                .is_ok_and(|ps| ps.iter().any(|p| key(p) == record))
        });
        let message = match blocker {
            Some(b) => format!(
                "To {verb} '{}', first {} '{}' in {}: {} the same {what} later",
                step.label,
                if b.undone { "redo" } else { "undo" },
                b.label,
                b.scope.view_name(),
                if b.undone {
                    "undoing it changed"
                } else {
                    "it changed"
                },
            ),
            None => format!(
                "Cannot {verb} '{}': the same {what} has changed since",
                step.label
            ),
        };
        Error::UndoBlocked {
            message,
            blocker: blocker.map(|b| b.label.clone()).unwrap_or_default(),
        }
    }
}

/// The record's kind in a refusal: "it changed the same threat later".
fn record_word(table: Option<Table>) -> &'static str {
    match table {
        None => "engagement description",
        Some(Table::Diagram) => "diagram",
        Some(Table::Element) => "element",
        Some(Table::Threat) => "threat",
        Some(Table::NotApplicable) => "not-applicable mark",
        Some(Table::Dismissal) => "dismissed suggestion",
        Some(Table::Person) => "person",
        Some(Table::Component) => "component",
        Some(Table::Session) => "session",
        Some(Table::Note) => "note",
        Some(Table::Question) => "checklist question",
        Some(Table::Answer) => "checklist answer",
        Some(Table::Delivery) => "delivery",
    }
}
