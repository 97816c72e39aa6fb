//! A rule's proposal, as data: what the UI shows and what accepting it stores.

use super::{Origin, Stride, Threat};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A threat a rule proposes for an element, not yet accepted or dismissed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Suggestion {
    /// `<rule id>@<element id>`: stable across re-runs.
    pub key: String,
    pub rule_id: String,
    pub element_id: String,
    pub category: Stride,
    pub title: String,
    pub scenario: String,
    pub recommended_actions: Vec<String>,
    pub references: Vec<String>,
}

impl Suggestion {
    pub fn key_of(rule_id: &str, element_id: &str) -> String {
        format!("{rule_id}@{element_id}")
    }

    /// The threat this suggestion becomes when accepted.
    pub fn to_threat(&self) -> Threat {
        Threat {
            scenario: self.scenario.clone(),
            recommended_actions: self.recommended_actions.clone(),
            references: self.references.clone(),
            origin: Origin::Rule {
                rule_id: self.rule_id.clone(),
                key: self.key.clone(),
            },
            ..Threat::quick(&self.element_id, self.category, &self.title)
        }
    }
}
