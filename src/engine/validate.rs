//! What an op may write: the checks on names, texts, dates, geometry and the
//! records an op refers to.

use super::engagement::now_ms;
use crate::engine::Engagement;
use crate::error::{Error, Result};
use crate::model::*;
use std::collections::BTreeSet;

pub(crate) mod loaded;

impl Engagement {
    pub(super) fn validate_elements(&self, ids: &[String]) -> Result<()> {
        let mut seen = BTreeSet::new();
        for id in ids {
            self.element(id)?;
            if !seen.insert(id) {
                return Err(Error::invalid("An element is listed twice"));
            }
        }
        Ok(())
    }

    pub(super) fn validate_session(&self, s: &Session) -> Result<()> {
        validate_title(&s.title, "A session needs a title")?;
        validate_date(&s.date)?;
        if s.planned_minutes > 24 * 60 {
            return Err(Error::invalid("A session is planned for at most 24 hours"));
        }
        let mut seen = BTreeSet::new();
        for a in &s.attendees {
            self.state
                .people
                .get(&a.person_id)
                .ok_or_else(|| Error::not_found("Person", &a.person_id))?;
            if !seen.insert(&a.person_id) {
                return Err(Error::invalid("A person attends once"));
            }
        }
        validate_text(&s.recording)
    }

    pub(super) fn validate_note(&self, n: &Note) -> Result<()> {
        self.session(&n.session_id)?;
        if n.text.trim().is_empty() {
            return Err(Error::invalid("A note needs some text"));
        }
        validate_text(&n.text)?;
        self.validate_elements(&n.element_ids)?;
        if let Some(author) = &n.author_id {
            self.state
                .people
                .get(author)
                .ok_or_else(|| Error::not_found("Person", author))?;
        }
        if let Some(q) = &n.answers {
            let question = self.note(q)?;
            if question.kind != NoteKind::Question || n.kind != NoteKind::Answer {
                return Err(Error::invalid("An answer answers a question"));
            }
        }
        Ok(())
    }

    /// A suggestion can be accepted or dismissed once, for an element that exists.
    pub(super) fn check_pending(&self, s: &Suggestion) -> Result<()> {
        if s.key != Suggestion::key_of(&s.rule_id, &s.element_id) {
            return Err(Error::invalid(
                "The suggestion's key does not match its rule and element",
            ));
        }
        let e = self.element(&s.element_id)?;
        if !s.category.applies_to(e.kind) {
            return Err(Error::invalid(
                "The suggestion's category does not apply to its element",
            ));
        }
        let accepted = self
            .state
            .threats
            .values()
            .any(|t| matches!(&t.origin, Origin::Rule { key, .. } if *key == s.key));
        if accepted {
            return Err(Error::invalid("This suggestion was already accepted"));
        }
        if self.state.dismissals.contains_key(&s.key) {
            return Err(Error::invalid("This suggestion was already dismissed"));
        }
        Ok(())
    }

    /// A threat as logged in Threatloom: STRIDE per element holds.
    pub(super) fn validate_threat(&self, t: &Threat) -> Result<()> {
        let on = self.threat_elements(t)?;
        validate_threat_on(t, &on, true)
    }

    /// An edited threat: a category another tool gave an element that STRIDE
    /// per element does not (kept by the import) may stay as it was.
    pub(super) fn validate_edited_threat(&self, t: &Threat, old: &Threat) -> Result<()> {
        let on = self.threat_elements(t)?;
        let kept = t.category == old.category && t.element_ids == old.element_ids;
        validate_threat_on(t, &on, !kept)
    }

    fn threat_elements<'a>(&'a self, t: &Threat) -> Result<Vec<&'a Element>> {
        t.element_ids.iter().map(|id| self.element(id)).collect()
    }
}

/// A threat's fields, on the elements `on` (its `element_ids`, resolved).
/// With `per_element`, its category must apply to each element's kind.
pub(super) fn validate_threat_on(t: &Threat, on: &[&Element], per_element: bool) -> Result<()> {
    if on.is_empty() {
        return Err(Error::invalid("A threat affects at least one element"));
    }
    let mut seen = BTreeSet::new();
    for e in on {
        if !seen.insert(&e.id) {
            return Err(Error::invalid(format!("'{}' is listed twice", e.name)));
        }
        if per_element && !t.category.applies_to(e.kind) {
            return Err(Error::invalid(format!(
                "{} does not apply to a {} (STRIDE per element)",
                t.category.label(),
                e.kind.label().to_lowercase()
            )));
        }
    }
    if t.title.trim().is_empty() {
        return Err(Error::invalid("A threat needs a title"));
    }
    validate_name(&t.title)?;
    let long = [&t.scenario, &t.impact.rationale, &t.likelihood.rationale];
    if long.iter().any(|s| s.chars().count() > MAX_DESCRIPTION)
        || t.recommended_actions
            .iter()
            .any(|a| a.chars().count() > MAX_DESCRIPTION)
    {
        return Err(Error::invalid(format!(
            "A text field is at most {MAX_DESCRIPTION} characters"
        )));
    }
    for r in &t.references {
        if !Threat::is_reference(r) {
            return Err(Error::invalid(format!(
                "'{r}' is not a CWE or CAPEC id (like CWE-319 or CAPEC-94)"
            )));
        }
    }
    // One home per axis: a level given overall, or factors (refining in
    // `UpdateThreat` settles it); never both, which could disagree.
    if t.impact.rated_overall.is_some() && !t.impact.is_rated_overall() {
        return Err(Error::invalid(
            "Rate the impact overall or by its factors, not both",
        ));
    }
    if t.likelihood.rated_overall.is_some() && !t.likelihood.is_rated_overall() {
        return Err(Error::invalid(
            "Rate the likelihood overall or by its factors, not both",
        ));
    }
    if let Some(o) = &t.risk_override {
        if o.justification.trim().is_empty() {
            return Err(Error::invalid(
                "Overriding the risk level needs a justification",
            ));
        }
    }
    Ok(())
}

pub(super) fn validate_id(id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!("'{id}' is not a valid id")))
    }
}

pub(super) fn validate_name(name: &str) -> Result<()> {
    if name.chars().count() > MAX_NAME {
        return Err(Error::invalid(format!(
            "A name is at most {MAX_NAME} characters"
        )));
    }
    if name.chars().any(|c| c.is_control()) {
        return Err(Error::invalid("A name is one line of text"));
    }
    Ok(())
}

/// A new threat starts as a draft with no delivery history.
pub(super) fn check_new_finding(t: &Threat) -> Result<()> {
    let fresh = t.lifecycle == crate::model::FindingState::Draft
        && t.lifecycle_history.is_empty()
        && t.comments.is_empty();
    if !fresh {
        return Err(Error::invalid(
            "A new threat starts as a draft, without history",
        ));
    }
    Ok(())
}

pub(super) fn validate_title(title: &str, empty: &str) -> Result<()> {
    if title.trim().is_empty() {
        return Err(Error::invalid(empty));
    }
    validate_name(title)
}

pub(super) fn validate_text(text: &str) -> Result<()> {
    if text.chars().count() > MAX_DESCRIPTION {
        return Err(Error::invalid(format!(
            "A text is at most {MAX_DESCRIPTION} characters"
        )));
    }
    Ok(())
}

/// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, or empty while undecided.
pub(super) fn validate_date(date: &str) -> Result<()> {
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    let ok = match date.split_once(' ') {
        _ if date.is_empty() => true,
        None => is_day(date, &digits),
        Some((day, hm)) => {
            is_day(day, &digits)
                && hm
                    .split_once(':')
                    .is_some_and(|(h, m)| digits(h, 2) && digits(m, 2))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "'{date}' is not a date like 2026-12-03 or 2026-12-03 14:00"
        )))
    }
}

fn is_day(s: &str, digits: &dyn Fn(&str, usize) -> bool) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2))
}

/// A time from an op (ms since the epoch), or now.
pub(super) fn time(at_ms: Option<f64>) -> Result<i64> {
    match at_ms {
        None => Ok(now_ms()),
        Some(t) if (0.0..1e15).contains(&t) => Ok(t as i64),
        Some(_) => Err(Error::invalid("Not a valid time")),
    }
}

pub(super) fn validate_reason(reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("Say why it does not apply"));
    }
    if reason.chars().count() > MAX_DESCRIPTION {
        return Err(Error::invalid(format!(
            "A reason is at most {MAX_DESCRIPTION} characters"
        )));
    }
    Ok(reason.to_string())
}

pub(super) fn validate_info(info: &EngagementInfo) -> Result<()> {
    if !info.risk_matrix.is_valid() {
        return Err(Error::invalid(
            "The risk matrix has three rows of three levels",
        ));
    }
    for field in [&info.name, &info.customer, &info.application] {
        validate_name(field)?;
    }
    if info.description.chars().count() > MAX_DESCRIPTION {
        return Err(Error::invalid(format!(
            "A description is at most {MAX_DESCRIPTION} characters"
        )));
    }
    Ok(())
}

/// A line boundary's points: two to `MAX_POINTS`, each on the canvas.
pub(super) fn validate_points(points: &[Point]) -> Result<()> {
    if points.len() < 2 || points.len() > MAX_POINTS {
        return Err(Error::invalid(format!(
            "A line boundary has 2 to {MAX_POINTS} points"
        )));
    }
    validate_points_or_box(points)
}

/// Points (none for a box) on the canvas.
pub(super) fn validate_points_or_box(points: &[Point]) -> Result<()> {
    if points.iter().all(Point::is_on_canvas) {
        Ok(())
    } else {
        Err(Error::invalid("Position is off the canvas"))
    }
}

pub(super) fn validate_rect(r: &Rect) -> Result<()> {
    let finite = [r.x, r.y, r.width, r.height].iter().all(|v| v.is_finite());
    if !finite || r.x.abs() > MAX_COORD || r.y.abs() > MAX_COORD {
        return Err(Error::invalid("Position is off the canvas"));
    }
    if r.width <= 0.0 || r.height <= 0.0 || r.width > MAX_SIZE || r.height > MAX_SIZE {
        return Err(Error::invalid("Size must be positive and reasonable"));
    }
    Ok(())
}
