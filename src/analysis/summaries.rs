//! The engagement's planning views: each session's state and notes, the time
//! scoped against the time planned, and the checklist with its answers.

use crate::model::checklist::builtin;
use crate::model::{
    is_open_question, ChecklistAnswer, Note, Processing, Question, Session, SessionState, Side,
    State,
};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A session as the planning view shows it: its state, its unprocessed notes,
/// whether they went stale, and advice that does not block. `session_summaries`
/// lists sessions in their planned order (date, then id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SessionSummary {
    pub session_id: String,
    pub state: SessionState,
    /// Its clock runs (at most one session at a time).
    pub running: bool,
    pub notes: u32,
    pub unprocessed: u32,
    pub open_questions: u32,
    /// The ids of its open questions (see `is_open_question`), oldest first.
    pub open_question_ids: Vec<String>,
    /// Notes still unprocessed when a later session started.
    pub stale: bool,
    pub warnings: Vec<String>,
}

pub const MAX_ONLINE_MINUTES: u32 = 120;

pub fn session_summaries(state: &State) -> Vec<SessionSummary> {
    let mut sessions: Vec<&Session> = state.sessions.values().collect();
    sessions.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    sessions
        .iter()
        .map(|s| {
            let mut notes: Vec<&Note> = state.notes.values().filter(|n| n.session_id == s.id).collect();
            notes.sort_by(|a, b| Note::taken_order(a, b));
            let open_question_ids: Vec<String> =
                notes.iter().filter(|n| is_open_question(state, n)).map(|n| n.id.clone()).collect();
            let unprocessed = notes.iter().filter(|n| n.processing == Processing::Unprocessed).count() as u32;
            let later_started = |end: i64| {
                state.sessions.values().any(|o| o.id != s.id && o.started_at_ms.is_some_and(|t| t >= end))
            };
            let stale = unprocessed > 0 && s.ended_at_ms.is_some_and(later_started);
            let mut warnings = Vec::new();
            if s.online && s.planned_minutes > MAX_ONLINE_MINUTES {
                warnings.push(format!(
                    "Online for {} h {:02} min: fatigue sets in after 2 hours; consider two shorter sessions",
                    s.planned_minutes / 60,
                    s.planned_minutes % 60
                ));
            }
            let team = s
                .attendees
                .iter()
                .filter(|a| state.people.get(&a.person_id).is_some_and(|p| p.side == Side::Team))
                .count();
            if team < 2 {
                warnings.push("Fewer than two team members: one drives, one takes notes".into());
            }
            SessionSummary {
                session_id: s.id.clone(),
                state: s.state(),
                running: s.state() == SessionState::Running,
                notes: notes.len() as u32,
                unprocessed,
                open_questions: open_question_ids.len() as u32,
                open_question_ids,
                stale,
                warnings,
            }
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ScopeSummary {
    /// Time planned for the components.
    pub component_minutes: u32,
    /// Time planned in sessions (scoping included).
    pub session_minutes: u32,
}

pub fn scope_summary(state: &State) -> ScopeSummary {
    ScopeSummary {
        component_minutes: state.components.values().map(|c| c.planned_minutes).sum(),
        session_minutes: state.sessions.values().map(|s| s.planned_minutes).sum(),
    }
}

/// One row of the checklist as the app shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ChecklistEntry {
    pub question: Question,
    pub custom: bool,
    pub answer: Option<ChecklistAnswer>,
}

pub fn checklist_entries(state: &State) -> Vec<ChecklistEntry> {
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
