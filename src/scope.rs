//! Scoping: the components named at the scoping meeting, the time planned for
//! each, and how that compares with the sessions planned.

use crate::model::State;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    High,
    Medium,
    Low,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub planned_minutes: u32,
    pub priority: Priority,
    /// The diagram elements this component maps to.
    pub element_ids: Vec<String>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ScopeSummary {
    /// Time planned for the components.
    pub component_minutes: u32,
    /// Time planned in sessions (scoping included).
    pub session_minutes: u32,
}

pub fn summary(state: &State) -> ScopeSummary {
    ScopeSummary {
        component_minutes: state.components.values().map(|c| c.planned_minutes).sum(),
        session_minutes: state.sessions.values().map(|s| s.planned_minutes).sum(),
    }
}
