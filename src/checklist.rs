//! The threat-modeling checklist: a built-in question bank grouped by topic,
//! the team's own questions, and the answers, which can set element
//! properties so the STRIDE rules see what was learnt.

use crate::model::PropValue;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::OnceLock;

const BUILTIN: &str = include_str!("../checklist/questions.toml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub topic: String,
    pub text: String,
    /// The element property a "yes" sets, and to what.
    #[serde(default)]
    pub property: Option<String>,
    #[serde(default)]
    pub value: Option<PropValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bank {
    question: Vec<Question>,
}

/// Parses a question bank; the built-in one is checked by a test.
pub fn parse(text: &str) -> Result<Vec<Question>, String> {
    toml::from_str::<Bank>(text)
        .map(|b| b.question)
        .map_err(|e| e.to_string())
}

/// The built-in questions (empty if the bank were ever malformed).
pub fn builtin() -> &'static [Question] {
    static BANK: OnceLock<Vec<Question>> = OnceLock::new();
    BANK.get_or_init(|| parse(BUILTIN).unwrap_or_default())
}

/// A question the team added for this engagement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CustomQuestion {
    pub id: String,
    pub topic: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AnswerStatus {
    #[default]
    Open,
    Answered,
    NotRelevant,
}

/// The answer to a question (its `id` is the question's), and where it led.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ChecklistAnswer {
    pub id: String,
    #[serde(default)]
    pub status: AnswerStatus,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub element_ids: Vec<String>,
    /// Where it led: a threat, a follow-up question, a decision.
    #[serde(default)]
    pub led_to: String,
}

/// One row of the checklist as the app shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ChecklistEntry {
    pub question: Question,
    pub custom: bool,
    pub answer: Option<ChecklistAnswer>,
}

pub fn entries(state: &crate::model::State) -> Vec<ChecklistEntry> {
    let custom = state.questions.values().map(|q| {
        let question = Question {
            id: q.id.clone(),
            topic: q.topic.clone(),
            text: q.text.clone(),
            property: None,
            value: None,
        };
        (question, true)
    });
    builtin()
        .iter()
        .map(|q| (q.clone(), false))
        .chain(custom)
        .map(|(question, custom)| ChecklistEntry {
            answer: state.answers.get(&question.id).cloned(),
            question,
            custom,
        })
        .collect()
}

/// The question with this id, built-in or the team's.
pub fn find(state: &crate::model::State, id: &str) -> Option<Question> {
    builtin().iter().find(|q| q.id == id).cloned().or_else(|| {
        state.questions.get(id).map(|q| Question {
            id: q.id.clone(),
            topic: q.topic.clone(),
            text: q.text.clone(),
            property: None,
            value: None,
        })
    })
}
