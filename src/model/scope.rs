//! Scoping: the components named at the scoping meeting, the time planned for
//! each, and how that compares with the sessions planned.

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
