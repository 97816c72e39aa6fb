//! A finding's feedback in words: what the customer said, what the team
//! adjusted, and the lifecycle moves that carry a comment — the process's last
//! step ("adjust after the customer's feedback") as every deliverable shows it.

use super::text::shorten;
use crate::model::labels::{moved_label, status_label, CUSTOMER_FEEDBACK, TEAM_ADJUSTMENT};
use crate::model::{FindingState, Threat};
use serde::{Deserialize, Serialize};
use specta::Type;

/// One comment or commented move on a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FeedbackLine {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub by: String,
    /// "Customer feedback", "Team adjustment", or the move ("Customer validated").
    pub what: String,
    pub text: String,
}

impl FeedbackLine {
    /// "Mitigated — fixed in release 4.2", on one line.
    pub fn said(&self) -> String {
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        format!("{} — {text}", self.what)
    }

    /// "2026-05-04, Ana: Mitigated — fixed in release 4.2".
    pub fn line(&self) -> String {
        format!("{}, {}: {}", self.date, self.by.trim(), self.said())
    }
}

/// The comments and the commented moves, oldest first (a comment before a
/// move made at the same millisecond, as it usually explains it).
pub(super) fn lines(t: &Threat) -> Vec<FeedbackLine> {
    let comments = t.comments.iter().map(|c| {
        let what = if c.from_customer {
            CUSTOMER_FEEDBACK
        } else {
            TEAM_ADJUSTMENT
        };
        (c.at_ms, 0, line(c.at_ms, &c.by, what, &c.text))
    });
    let moves = t
        .lifecycle_history
        .iter()
        .filter(|e| !e.comment.trim().is_empty())
        .map(|e| {
            (
                e.at_ms,
                1,
                line(e.at_ms, &e.by, moved_label(e.to), &e.comment),
            )
        });
    let mut all: Vec<_> = comments.chain(moves).collect();
    // Stable: equal times keep the order they were recorded in.
    all.sort_by_key(|(at, kind, _)| (*at, *kind));
    all.into_iter().map(|(_, _, l)| l).collect()
}

fn line(at_ms: i64, by: &str, what: &str, text: &str) -> FeedbackLine {
    FeedbackLine {
        date: super::date(at_ms),
        by: by.to_string(),
        what: what.to_string(),
        text: text.trim().to_string(),
    }
}

/// The statuses since the finding was reported: the moves whose start is not
/// a draft, e.g. Reported → Validated → Mitigated. Empty when it has not moved
/// since it was reported (a draft closed at once is not customer feedback).
pub(super) fn trail(t: &Threat) -> Vec<FindingState> {
    let mut trail = Vec::new();
    for e in t
        .lifecycle_history
        .iter()
        .filter(|e| e.from != FindingState::Draft)
    {
        if trail.last() != Some(&e.from) {
            trail.push(e.from);
        }
        trail.push(e.to);
    }
    trail
}

/// The latest feedback, short, without the move's word when it is the move
/// to `now` (a status column beside it already says "Mitigated").
pub(super) fn latest(now: FindingState, lines: &[FeedbackLine]) -> Option<String> {
    let last = lines.last()?;
    let text = if last.what == moved_label(now) {
        last.text.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        last.said()
    };
    Some(shorten(&text, 160))
}

/// What the customer's feedback changed, in one short line: the status trail
/// and the latest comment, e.g. "Reported → Validated → Mitigated — fixed in
/// release 4.2 (2026-05-04, Ana)". `None` when nothing did.
pub(super) fn summary(trail: &[FindingState], lines: &[FeedbackLine]) -> Option<String> {
    let words: Vec<&str> = trail.iter().map(|s| status_label(*s)).collect();
    let trail_text = (trail.len() > 1).then(|| words.join(" → "));
    let Some(last) = lines.last() else {
        return trail_text;
    };
    let now = trail.last().copied();
    let latest = match (&trail_text, now) {
        // The latest comment explains the last move: say it once.
        (Some(t), Some(now)) if last.what == moved_label(now) => {
            format!("{t} — {}", latest(now, lines).unwrap_or_default())
        }
        (Some(t), _) => format!("{t}; {}", shorten(&last.said(), 160)),
        (None, _) => shorten(&last.said(), 160),
    };
    Some(format!("{latest} ({}, {})", last.date, last.by.trim()))
}
