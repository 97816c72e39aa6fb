//! The engagement as a whole: what it is about, its records in memory, the
//! snapshot a window draws, and the change one op makes.

use super::{
    ChecklistAnswer, Component, CustomQuestion, Delivery, Diagram, Dismissal, Element, ElementKind,
    HistoryState, NotApplicable, Note, Person, RiskMatrix, Session, Threat,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EngagementKind {
    #[default]
    FullApplication,
    SingleFeature,
    PentestSupport,
}

/// What the engagement is about, and its settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct EngagementInfo {
    pub name: String,
    pub customer: String,
    pub application: String,
    pub kind: EngagementKind,
    pub description: String,
    /// Who uses the application.
    #[serde(default)]
    pub audience: String,
    /// The data it handles.
    #[serde(default)]
    pub data_handled: String,
    /// Who may want to break it.
    #[serde(default)]
    pub adversaries: String,
    #[serde(default)]
    pub risk_matrix: RiskMatrix,
}

/// The whole engagement held in memory; the SQLite file is its durable copy.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    pub info: EngagementInfo,
    pub diagrams: BTreeMap<String, Diagram>,
    pub elements: BTreeMap<String, Element>,
    pub threats: BTreeMap<String, Threat>,
    /// Keyed `<element id>:<STRIDE letter>`.
    pub not_applicable: BTreeMap<String, NotApplicable>,
    /// Keyed by suggestion key.
    pub dismissals: BTreeMap<String, Dismissal>,
    pub people: BTreeMap<String, Person>,
    pub components: BTreeMap<String, Component>,
    pub sessions: BTreeMap<String, Session>,
    pub notes: BTreeMap<String, Note>,
    /// The team's own checklist questions.
    pub questions: BTreeMap<String, CustomQuestion>,
    /// Checklist answers, keyed by question id.
    pub answers: BTreeMap<String, ChecklistAnswer>,
    /// Reports handed to the customer.
    pub deliveries: BTreeMap<String, Delivery>,
}

impl State {
    pub fn elements_of<'a>(
        &'a self,
        diagram_id: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements
            .values()
            .filter(move |e| e.diagram_id == diagram_id)
    }

    /// Flows that start or end at `id`.
    pub fn flows_touching<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements.values().filter(move |e| {
            e.kind == ElementKind::DataFlow
                && (e.source.as_deref() == Some(id) || e.target.as_deref() == Some(id))
        })
    }
}

/// Everything a window needs to draw the engagement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Snapshot {
    pub path: String,
    pub version: u32,
    pub info: EngagementInfo,
    pub diagrams: Vec<Diagram>,
    pub elements: Vec<Element>,
    pub threats: Vec<Threat>,
    pub not_applicable: Vec<NotApplicable>,
    pub dismissals: Vec<Dismissal>,
    pub people: Vec<Person>,
    pub components: Vec<Component>,
    pub sessions: Vec<Session>,
    pub notes: Vec<Note>,
    pub questions: Vec<CustomQuestion>,
    pub answers: Vec<ChecklistAnswer>,
    pub deliveries: Vec<Delivery>,
    pub history: HistoryState,
}

/// What one applied op changed: enough for a window to update without a reload.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct Change {
    pub version: u32,
    /// A few words for the user: "Add process", "Undo rename".
    pub label: String,
    pub info: Option<EngagementInfo>,
    pub diagrams_put: Vec<Diagram>,
    pub diagrams_removed: Vec<String>,
    pub elements_put: Vec<Element>,
    pub elements_removed: Vec<String>,
    pub threats_put: Vec<Threat>,
    pub threats_removed: Vec<String>,
    pub not_applicable_put: Vec<NotApplicable>,
    pub not_applicable_removed: Vec<String>,
    pub dismissals_put: Vec<Dismissal>,
    pub dismissals_removed: Vec<String>,
    pub people_put: Vec<Person>,
    pub people_removed: Vec<String>,
    pub components_put: Vec<Component>,
    pub components_removed: Vec<String>,
    pub sessions_put: Vec<Session>,
    pub sessions_removed: Vec<String>,
    pub notes_put: Vec<Note>,
    pub notes_removed: Vec<String>,
    pub questions_put: Vec<CustomQuestion>,
    pub questions_removed: Vec<String>,
    pub answers_put: Vec<ChecklistAnswer>,
    pub answers_removed: Vec<String>,
    pub deliveries_put: Vec<Delivery>,
    pub deliveries_removed: Vec<String>,
    /// Ids the op created (a new element, flow, diagram or threat), so the UI can select it.
    pub created: Vec<String>,
    pub history: HistoryState,
}
