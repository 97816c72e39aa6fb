//! Deliverables: what the report says, gathered once from the engagement and
//! filtered, so that every format (PDF, XLSX, Jira CSV, Markdown) renders the
//! same findings with the same words.

pub mod delivery;
mod feedback;
mod text;

use super::coverage::{coverage, percent_of, CellState, Coverage};
use super::names::asset_name;
use super::questions::{four_questions, DoingAboutIt, FourQuestions};
use crate::model::labels::{
    kind_label, rating_label, risk_label, session_kind_label, session_state_label, status_noun,
    IMPACT_FACTORS, LIKELIHOOD_FACTORS, RATED_OVERALL, RISK_ORDER,
};
use crate::model::{
    Component, Diagram, EngagementInfo, ExportFilter, FindingState, Origin, Rating, RiskLevel,
    Session, SessionRole, Side, State, Threat,
};
pub use delivery::{delivered, DeliveryDiff, FindingChange, RemovedFinding};
pub use feedback::FeedbackLine;
use serde::{Deserialize, Serialize};
use specta::Type;
pub use text::{sentence, sentences, shorten, status_words};

/// One finding, every field already in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Finding {
    /// The threat's id in the engagement: stable across deliveries.
    pub id: String,
    /// `<engagement uid>-<id>`: stable across exports, for Jira re-imports.
    pub external_id: String,
    pub affected_asset: String,
    pub element_ids: Vec<String>,
    pub diagram_ids: Vec<String>,
    pub category: String,
    pub category_letter: String,
    pub title: String,
    pub scenario: String,
    pub impact: Option<Rating>,
    /// The rated factors and the rationale, e.g. "Affected users: high; …".
    pub impact_detail: String,
    pub likelihood: Option<Rating>,
    pub likelihood_detail: String,
    pub risk: Option<RiskLevel>,
    /// Set when the level was overridden (why, and what was computed), or
    /// "rated overall" when it comes from levels given without factors.
    pub risk_note: String,
    pub recommended_actions: Vec<String>,
    pub lifecycle: FindingState,
    pub references: Vec<String>,
    /// Compared with the previous delivery; `None` without one.
    pub change: Option<FindingChange>,
    /// The customer's feedback, the team's adjustments and the lifecycle
    /// moves that carry a comment, oldest first.
    pub feedback: Vec<FeedbackLine>,
    /// The statuses since it was reported (Reported → Validated → Mitigated);
    /// empty when it has not moved since.
    pub status_trail: Vec<FindingState>,
    /// "jwt-not-verified, version 2": the library entry it was made from,
    /// only when the filter asks (`ExportFilter::library_source`).
    pub library_source: Option<String>,
}

impl Finding {
    /// The eight fields in `FIELD_LABELS` order, as plain text.
    pub fn fields(&self) -> [String; 8] {
        [
            self.affected_asset.clone(),
            self.category.clone(),
            self.title.clone(),
            self.scenario.clone(),
            with_detail(rating_label(self.impact), &self.impact_detail),
            with_detail(rating_label(self.likelihood), &self.likelihood_detail),
            with_detail(risk_label(self.risk), &self.risk_note),
            self.recommended_actions.join("\n"),
        ]
    }

    /// What the customer's feedback changed, in one short line, for the
    /// summary's "Changes after customer feedback"; `None` when nothing did.
    pub fn feedback_summary(&self) -> Option<String> {
        feedback::summary(&self.status_trail, &self.feedback)
    }

    /// The latest feedback, short, for a list that shows the status beside it
    /// ("Fixed in release 4.2" for a mitigated finding).
    pub fn latest_feedback(&self) -> Option<String> {
        feedback::latest(self.lifecycle, &self.feedback)
    }
}

fn with_detail(level: &str, detail: &str) -> String {
    if detail.is_empty() {
        level.to_string()
    } else {
        format!("{level} — {detail}")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PersonLine {
    pub name: String,
    pub role: String,
    /// The customer's people, else the team.
    pub customer: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SessionLine {
    pub title: String,
    /// "Scoping" or "Follow-up".
    pub kind: String,
    pub date: String,
    pub planned_minutes: u32,
    pub online: bool,
    /// Held (started and ended), running, or planned.
    pub state: String,
    /// "Name (driver)", "Name (note-taker)", "Name".
    pub attendees: Vec<String>,
    pub recording: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ScopeLine {
    pub name: String,
    pub kind: String,
    pub in_scope: bool,
    /// Why it is out of scope (empty when in scope).
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RiskCount {
    pub level: Option<RiskLevel>,
    pub count: u32,
}

/// Everything a deliverable says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Report {
    pub info: EngagementInfo,
    pub engagement_kind: String,
    /// `YYYY-MM-DD`, the day it was made.
    pub date: String,
    /// When it was made (Unix ms): the PDF's creation date.
    #[specta(type = f64)]
    pub made_at_ms: i64,
    /// "1" for the first delivery, then "2", …
    pub version: String,
    pub team: Vec<PersonLine>,
    pub customer_people: Vec<PersonLine>,
    pub diagrams: Vec<Diagram>,
    pub components: Vec<Component>,
    pub scope: Vec<ScopeLine>,
    pub sessions: Vec<SessionLine>,
    /// Sorted by risk, highest first, then by id.
    pub findings: Vec<Finding>,
    /// Findings per level, Critical first, "not rated" last.
    pub by_risk: Vec<RiskCount>,
    pub four_questions: FourQuestions,
    pub coverage: Coverage,
    /// What changed since the previous delivery, if there was one.
    pub changes: Option<DeliveryDiff>,
    pub filter: ExportFilter,
    /// The threats the filter leaves out, by why (the dialog shows them).
    pub left_out: Vec<LeftOut>,
    /// Open findings without a risk level, by id: they would read "Not rated".
    pub unrated: Vec<String>,
}

/// Threats a deliverable does not hold, and why, e.g. 2 "false positives".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LeftOut {
    pub count: u32,
    /// The noun for `count`: "false positives", "finding below Medium or not rated".
    pub what: String,
}

impl Report {
    /// The top risks for the executive summary: the open Critical and High
    /// findings, else the top three open ones. Resolved findings never count.
    pub fn top_risks(&self) -> Vec<&Finding> {
        let open = || self.findings.iter().filter(|f| f.lifecycle.is_open());
        let top: Vec<&Finding> = open()
            .filter(|f| f.risk >= Some(RiskLevel::High))
            .take(5)
            .collect();
        if top.is_empty() {
            open().filter(|f| f.risk.is_some()).take(3).collect()
        } else {
            top
        }
    }

    /// The findings still to be dealt with, highest risk first.
    pub fn open_findings(&self) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| f.lifecycle.is_open())
            .collect()
    }

    /// Accepted, mitigated (and, when the filter lets them in, false-positive)
    /// findings: reported in their own section, after the open ones.
    pub fn resolved_findings(&self) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| !f.lifecycle.is_open())
            .collect()
    }

    /// The report's findings by status, counted as the four questions count
    /// the engagement's (so that, unfiltered, the two agree).
    pub fn by_status(&self) -> DoingAboutIt {
        let mut d = DoingAboutIt::default();
        for f in &self.findings {
            d.recommended_actions += f.recommended_actions.len() as u32;
            *match f.lifecycle {
                FindingState::Mitigated => &mut d.mitigated,
                FindingState::Accepted => &mut d.accepted,
                FindingState::FalsePositive => &mut d.false_positive,
                _ => &mut d.open,
            } += 1;
        }
        d
    }

    /// Sessions that were actually held.
    pub fn sessions_held(&self) -> usize {
        self.sessions.iter().filter(|s| s.state == "Held").count()
    }
}

/// Gathers the report on `state` at `now_ms`; `uid` is the engagement's
/// stable id (see `Engagement::uid`).
pub fn build(state: &State, uid: &str, filter: &ExportFilter, now_ms: i64) -> Report {
    let wanted_diagram =
        |id: &str| filter.diagram_ids.is_empty() || filter.diagram_ids.iter().any(|d| d == id);
    let in_report = |element_id: &str| {
        state.elements.get(element_id).is_some_and(|e| {
            wanted_diagram(&e.diagram_id) && (filter.include_out_of_scope || !e.is_out_of_scope())
        })
    };
    let matrix = &state.info.risk_matrix;
    let mut findings = Vec::new();
    let mut left_out = LeftOutTally::default();
    for t in state.threats.values() {
        if !t
            .element_ids
            .iter()
            .any(|e| wanted_diagram_of(state, e, &wanted_diagram))
        {
            continue; // another diagram's threat: not this report's to count
        }
        if !t.element_ids.iter().any(|e| in_report(e)) {
            left_out.out_of_scope += 1;
        } else if !filter.keeps(t, matrix) {
            left_out.count(t, filter);
        } else {
            let mut f = finding(state, uid, t);
            if let (true, Origin::Library { entry_id, version }) =
                (filter.library_source, &t.origin)
            {
                f.library_source = Some(format!("{entry_id}, version {version}"));
            }
            findings.push(f);
        }
    }
    findings.sort_by(|a, b| {
        b.risk
            .cmp(&a.risk)
            .then_with(|| natural(&a.id).cmp(&natural(&b.id)))
    });

    let previous = delivery::latest(state);
    let changes = previous.map(|d| delivery::diff(d, &mut findings));

    let by_risk = RISK_ORDER
        .into_iter()
        .map(|level| RiskCount {
            level,
            count: findings.iter().filter(|f| f.risk == level).count() as u32,
        })
        .collect();

    let mut diagrams: Vec<Diagram> = state
        .diagrams
        .values()
        .filter(|d| wanted_diagram(&d.id))
        .cloned()
        .collect();
    diagrams.sort_by_key(|d| d.position);

    let people = |customer: bool| {
        state
            .people
            .values()
            .filter(|p| (p.side == Side::Customer) == customer)
            .map(|p| PersonLine {
                name: p.name.clone(),
                role: p.role.clone(),
                customer,
            })
            .collect::<Vec<_>>()
    };

    let mut scope: Vec<ScopeLine> = state
        .elements
        .values()
        .filter(|e| e.kind.is_endpoint() && wanted_diagram(&e.diagram_id))
        .map(|e| {
            let out = e.is_out_of_scope();
            ScopeLine {
                name: e.name.clone(),
                kind: e.kind.label().to_string(),
                in_scope: !out,
                reason: if out {
                    prop_text(e, "out_of_scope_reason")
                } else {
                    String::new()
                },
            }
        })
        .collect();
    scope.sort_by(|a, b| {
        b.in_scope
            .cmp(&a.in_scope)
            .then_with(|| a.name.cmp(&b.name))
    });

    let mut sessions: Vec<&Session> = state.sessions.values().collect();
    sessions.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    let sessions = sessions
        .into_iter()
        .map(|s| session_line(state, s))
        .collect();

    let mut cov = coverage(state);
    cov.rows.retain(|r| wanted_diagram(&r.diagram_id));
    cov.total = cov.rows.iter().map(|r| r.cells.len() as u32).sum();
    cov.considered = cov
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.state != CellState::NotConsidered)
        .count() as u32;
    cov.percent = percent_of(cov.considered, cov.total);

    let mut components: Vec<Component> = state.components.values().cloned().collect();
    components.sort_by(|a, b| {
        a.priority
            .cmp(&b.priority)
            .then_with(|| a.name.cmp(&b.name))
    });

    let unrated = findings
        .iter()
        .filter(|f| f.risk.is_none() && f.lifecycle.is_open())
        .map(|f| f.id.clone())
        .collect();
    Report {
        info: state.info.clone(),
        engagement_kind: kind_label(state.info.kind).to_string(),
        date: date(now_ms),
        made_at_ms: now_ms,
        version: (state.deliveries.len() + 1).to_string(),
        team: people(false),
        customer_people: people(true),
        diagrams,
        components,
        scope,
        sessions,
        findings,
        by_risk,
        four_questions: four_questions(state),
        coverage: cov,
        unrated,
        changes,
        filter: filter.clone(),
        left_out: left_out.lines(filter),
    }
}

fn wanted_diagram_of(state: &State, element_id: &str, wanted: &impl Fn(&str) -> bool) -> bool {
    state
        .elements
        .get(element_id)
        .is_some_and(|e| wanted(&e.diagram_id))
}

/// Why threats stay out of a deliverable, counted.
#[derive(Default)]
struct LeftOutTally {
    by_status: std::collections::BTreeMap<FindingState, u32>,
    below_min_risk: u32,
    out_of_scope: u32,
}

impl LeftOutTally {
    fn count(&mut self, t: &Threat, filter: &ExportFilter) {
        if filter.lifecycles.is_empty() || filter.lifecycles.contains(&t.lifecycle) {
            self.below_min_risk += 1;
        } else {
            *self.by_status.entry(t.lifecycle).or_default() += 1;
        }
    }

    fn lines(self, filter: &ExportFilter) -> Vec<LeftOut> {
        let mut lines: Vec<LeftOut> = self
            .by_status
            .into_iter()
            .map(|(state, count)| LeftOut {
                count,
                what: status_noun(state, count).into(),
            })
            .collect();
        if self.below_min_risk > 0 {
            let min = filter.min_risk.map_or("Not rated", RiskLevel::label);
            let noun = if self.below_min_risk == 1 {
                "finding"
            } else {
                "findings"
            };
            lines.push(LeftOut {
                count: self.below_min_risk,
                what: format!("{noun} below {min} or not rated"),
            });
        }
        if self.out_of_scope > 0 {
            lines.push(LeftOut {
                count: self.out_of_scope,
                what: if self.out_of_scope == 1 {
                    "threat on an out-of-scope element"
                } else {
                    "threats on out-of-scope elements"
                }
                .into(),
            });
        }
        lines
    }
}

fn finding(state: &State, uid: &str, t: &Threat) -> Finding {
    let matrix = &state.info.risk_matrix;
    let elements: Vec<_> = t
        .element_ids
        .iter()
        .filter_map(|id| state.elements.get(id))
        .collect();
    let mut diagram_ids: Vec<String> = elements.iter().map(|e| e.diagram_id.clone()).collect();
    diagram_ids.dedup();
    let risk_note = match &t.risk_override {
        Some(o) => format!(
            "set by hand (computed: {}): {}",
            risk_label(t.computed_risk(matrix)),
            o.justification
        ),
        None if t.is_rated_overall() && t.computed_risk(matrix).is_some() => {
            RATED_OVERALL.to_lowercase()
        }
        None => String::new(),
    };
    Finding {
        id: t.id.clone(),
        external_id: format!("{uid}-{}", t.id),
        affected_asset: elements
            .iter()
            .map(|e| asset_name(state, e))
            .collect::<Vec<_>>()
            .join(", "),
        element_ids: t.element_ids.clone(),
        diagram_ids,
        category: t.category.label().to_string(),
        category_letter: t.category.letter().to_string(),
        title: t.title.clone(),
        scenario: t.scenario.clone(),
        impact: t.impact.overall(),
        impact_detail: factors(
            &IMPACT_FACTORS,
            &t.impact.factors(),
            t.impact.is_rated_overall(),
            &t.impact.rationale,
        ),
        likelihood: t.likelihood.overall(),
        likelihood_detail: factors(
            &LIKELIHOOD_FACTORS,
            &t.likelihood.factors(),
            t.likelihood.is_rated_overall(),
            &t.likelihood.rationale,
        ),
        risk: t.risk(matrix),
        risk_note,
        recommended_actions: t.recommended_actions.clone(),
        lifecycle: t.lifecycle,
        references: t.references.clone(),
        change: None,
        feedback: feedback::lines(t),
        status_trail: feedback::trail(t),
        library_source: None,
    }
}

/// "Affected users: high; financial damage: medium. Rationale." (unrated
/// factors left out); "Rated overall. Rationale." when the level was given
/// without factors.
fn factors(
    names: &[(&str, &str)],
    rated: &[Option<Rating>],
    rated_overall: bool,
    rationale: &str,
) -> String {
    let parts: Vec<String> = names
        .iter()
        .zip(rated)
        .filter_map(|((_, name), r)| {
            r.map(|r| {
                format!(
                    "{}: {}",
                    name.to_lowercase(),
                    rating_label(Some(r)).to_lowercase()
                )
            })
        })
        .collect();
    let mut text = parts.join("; ");
    if rated_overall {
        text = RATED_OVERALL.to_string();
    }
    if !text.is_empty() {
        text = capitalise(&text);
        text.push('.');
    }
    let rationale = rationale.trim();
    if !rationale.is_empty() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(rationale);
    }
    text
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn prop_text(e: &crate::model::Element, key: &str) -> String {
    match e.props.get(key) {
        Some(crate::model::PropValue::Text(t)) => t.clone(),
        _ => String::new(),
    }
}

fn session_line(state: &State, s: &Session) -> SessionLine {
    SessionLine {
        title: s.title.clone(),
        kind: session_kind_label(s.kind).into(),
        date: s.date.clone(),
        planned_minutes: s.planned_minutes,
        online: s.online,
        state: session_state_label(s.state()).into(),
        attendees: s
            .attendees
            .iter()
            .filter_map(|a| {
                let p = state.people.get(&a.person_id)?;
                Some(match a.role {
                    SessionRole::Driver => format!("{} (driver)", p.name),
                    SessionRole::NoteTaker => format!("{} (note-taker)", p.name),
                    SessionRole::Participant => p.name.clone(),
                })
            })
            .collect(),
        recording: s.recording.clone(),
    }
}

/// Sorts "t2" before "t10".
fn natural(id: &str) -> (String, u64, String) {
    let digits_at = id.find(|c: char| c.is_ascii_digit()).unwrap_or(id.len());
    let (prefix, rest) = id.split_at(digits_at);
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    (
        prefix.to_string(),
        rest[..end].parse().unwrap_or(0),
        rest[end..].to_string(),
    )
}

/// `YYYY-MM-DD` (UTC) of a Unix time in milliseconds.
pub fn date(ms: i64) -> String {
    // Civil-from-days, Howard Hinnant's algorithm: no date crate for one line.
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
