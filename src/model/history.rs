//! Undo scopes: each view undoes its own kind of change, so Ctrl+Z on the
//! canvas can never silently take back a finding move, a customer's validation
//! or a delivery record made in the Findings view (issue 12).

use serde::{Deserialize, Serialize};
use specta::Type;

/// Which undo history a step belongs to. The core decides it from the op
/// (`Op::undo_scope`); a view undoes and redoes only its own scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum UndoScope {
    /// The canvas, the inspector and the threat list: diagrams, elements,
    /// flows, properties, threats, suggestions, not-applicable marks.
    #[default]
    Diagram,
    /// Sessions and notes (the Sessions view and the note-taker's window).
    Notes,
    /// The engagement's description, people, components and the checklist.
    Scoping,
    /// The findings' lifecycle, feedback and comments, and deliveries.
    Findings,
}

impl UndoScope {
    pub const ALL: [UndoScope; 4] = [
        UndoScope::Diagram,
        UndoScope::Notes,
        UndoScope::Scoping,
        UndoScope::Findings,
    ];

    /// The name stored in the history table.
    pub fn as_str(self) -> &'static str {
        match self {
            UndoScope::Diagram => "diagram",
            UndoScope::Notes => "notes",
            UndoScope::Scoping => "scoping",
            UndoScope::Findings => "findings",
        }
    }

    pub fn parse(s: &str) -> Option<UndoScope> {
        UndoScope::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// Where the user undoes this scope, for messages ("… in Findings first").
    pub fn view_name(self) -> &'static str {
        match self {
            UndoScope::Diagram => "the diagram",
            UndoScope::Notes => "Sessions or the note-taker",
            UndoScope::Scoping => "the engagement's overview, scoping or checklist",
            UndoScope::Findings => "Findings",
        }
    }
}

/// What undo and redo would do now in one scope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct ScopeHistory {
    pub undo: Option<String>,
    pub redo: Option<String>,
}

/// What undo and redo would do now, per scope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct HistoryState {
    pub diagram: ScopeHistory,
    pub notes: ScopeHistory,
    pub scoping: ScopeHistory,
    pub findings: ScopeHistory,
}

impl HistoryState {
    pub fn of(&self, scope: UndoScope) -> &ScopeHistory {
        match scope {
            UndoScope::Diagram => &self.diagram,
            UndoScope::Notes => &self.notes,
            UndoScope::Scoping => &self.scoping,
            UndoScope::Findings => &self.findings,
        }
    }

    pub fn of_mut(&mut self, scope: UndoScope) -> &mut ScopeHistory {
        match scope {
            UndoScope::Diagram => &mut self.diagram,
            UndoScope::Notes => &mut self.notes,
            UndoScope::Scoping => &mut self.scoping,
            UndoScope::Findings => &mut self.findings,
        }
    }

    /// True when some scope has something to undo.
    pub fn any_undo(&self) -> bool {
        UndoScope::ALL.iter().any(|s| self.of(*s).undo.is_some())
    }
}
