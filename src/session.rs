//! Who takes part, the sessions they hold, and the notes taken during them.
//! "Unprocessed notes run stale": each session's unprocessed notes are counted,
//! and a session still holding some when a later one starts is flagged.

use crate::model::State;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The consultancy's team.
    Team,
    /// The customer's people.
    Customer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub side: Side,
    /// e.g. "Security consultant", "Tech lead".
    pub role: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Scoping,
    FollowUp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SessionRole {
    Driver,
    NoteTaker,
    Participant,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Attendee {
    pub person_id: String,
    pub role: SessionRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Session {
    pub id: String,
    pub kind: SessionKind,
    pub title: String,
    /// When it is planned: `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`.
    pub date: String,
    pub planned_minutes: u32,
    pub online: bool,
    pub attendees: Vec<Attendee>,
    /// Where the recording is: a path or a URL.
    pub recording: String,
    /// Milliseconds since the Unix epoch; set by starting and ending the session.
    #[specta(type = Option<f64>)]
    pub started_at_ms: Option<i64>,
    #[specta(type = Option<f64>)]
    pub ended_at_ms: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    Planned,
    Running,
    Held,
}

impl Session {
    pub fn state(&self) -> SessionState {
        match (self.started_at_ms, self.ended_at_ms) {
            (None, _) => SessionState::Planned,
            (Some(_), None) => SessionState::Running,
            (Some(_), Some(_)) => SessionState::Held,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Observation,
    /// Open until an answer note answers it.
    Question,
    Answer,
    Decision,
}

/// What became of a note after the session.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Processing {
    #[default]
    Unprocessed,
    /// Kept as reference documentation.
    Reference,
    /// Turned into this threat.
    Promoted { threat_id: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
/// Only `session_id`, `text` and `kind` are required from the UI: the core
/// fills in the rest of a new note.
pub struct Note {
    #[serde(default)]
    pub id: String,
    pub session_id: String,
    pub text: String,
    #[serde(default)]
    pub author_id: Option<String>,
    pub kind: NoteKind,
    /// Elapsed time into the session's recording when the note was taken.
    #[serde(default)]
    #[specta(type = Option<f64>)]
    pub offset_ms: Option<i64>,
    /// The diagram elements the note is about.
    #[serde(default)]
    pub element_ids: Vec<String>,
    /// For an answer: the question it answers.
    #[serde(default)]
    pub answers: Option<String>,
    #[serde(default)]
    pub processing: Processing,
    #[serde(default)]
    #[specta(type = f64)]
    pub created_at_ms: i64,
}

impl Note {
    /// The order notes were taken in: time, then offset, then id.
    pub fn taken_order(a: &Note, b: &Note) -> std::cmp::Ordering {
        a.created_at_ms
            .cmp(&b.created_at_ms)
            .then(a.offset_ms.unwrap_or(0).cmp(&b.offset_ms.unwrap_or(0)))
            .then_with(|| a.id.cmp(&b.id))
    }
}

/// Where a threat promoted from a note came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct NoteSource {
    pub session_id: String,
    pub note_id: String,
    #[specta(type = Option<f64>)]
    pub offset_ms: Option<i64>,
}

/// `00:34:12`: hours, minutes, seconds into a recording.
pub fn stamp(offset_ms: i64) -> String {
    let s = offset_ms.max(0) / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// A session as the planning view shows it: its state, its unprocessed notes,
/// whether they went stale, and advice that does not block. `summaries`
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

pub fn is_open_question(state: &State, note: &Note) -> bool {
    note.kind == NoteKind::Question
        && !state
            .notes
            .values()
            .any(|n| n.answers.as_deref() == Some(note.id.as_str()))
}

pub fn summaries(state: &State) -> Vec<SessionSummary> {
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
