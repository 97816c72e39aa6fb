//! The engagement at a glance, by the four questions of the Threat Modeling
//! Manifesto, with live figures.

use super::coverage::{coverage, Coverage};
use super::graph::{containment_all, Analysis};
use super::summaries::checklist_entries;
use crate::model::{
    is_open_question, AnswerStatus, ElementKind, FindingState, Processing, RiskLevel, State,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

/// What are we working on?
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct WorkingOn {
    pub diagrams: u32,
    /// Entities, processes and stores.
    pub elements: u32,
    pub flows: u32,
    pub flows_crossing_boundaries: u32,
    pub components: u32,
    pub out_of_scope: u32,
}

/// What can go wrong? Threats by effective risk level.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct CanGoWrong {
    pub threats: u32,
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
    pub note: u32,
    pub unrated: u32,
}

/// What are we going to do about it?
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct DoingAboutIt {
    pub recommended_actions: u32,
    /// Draft, reported, validated or disputed (`FindingState::is_open`).
    pub open: u32,
    pub mitigated: u32,
    pub accepted: u32,
    pub false_positive: u32,
}

/// Did we do a good enough job?
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct GoodEnough {
    /// `None`: nothing to cover yet (see `Coverage::percent`).
    pub coverage_percent: Option<f64>,
    pub open_questions: u32,
    pub unprocessed_notes: u32,
    pub checklist_answered: u32,
    pub checklist_total: u32,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct FourQuestions {
    pub working_on: WorkingOn,
    pub can_go_wrong: CanGoWrong,
    pub doing_about_it: DoingAboutIt,
    pub good_enough: GoodEnough,
}

pub fn four_questions(state: &State) -> FourQuestions {
    four_questions_with(state, &containment_all(state), &coverage(state))
}

/// As `four_questions`, from the containment and coverage already computed.
pub fn four_questions_with(
    state: &State,
    containment: &BTreeMap<String, Analysis>,
    coverage: &Coverage,
) -> FourQuestions {
    let mut w = WorkingOn {
        diagrams: state.diagrams.len() as u32,
        components: state.components.len() as u32,
        ..Default::default()
    };
    for e in state.elements.values() {
        match e.kind {
            ElementKind::DataFlow => w.flows += 1,
            ElementKind::TrustBoundary => {}
            _ => w.elements += 1,
        }
        if e.is_out_of_scope() {
            w.out_of_scope += 1;
        }
    }
    w.flows_crossing_boundaries = containment.values().map(|a| a.crossings.len() as u32).sum();

    let matrix = &state.info.risk_matrix;
    let mut g = CanGoWrong {
        threats: state.threats.len() as u32,
        ..Default::default()
    };
    let mut d = DoingAboutIt::default();
    for t in state.threats.values() {
        *match t.risk(matrix) {
            Some(RiskLevel::Critical) => &mut g.critical,
            Some(RiskLevel::High) => &mut g.high,
            Some(RiskLevel::Medium) => &mut g.medium,
            Some(RiskLevel::Low) => &mut g.low,
            Some(RiskLevel::Note) => &mut g.note,
            None => &mut g.unrated,
        } += 1;
        d.recommended_actions += t.recommended_actions.len() as u32;
        *match t.lifecycle {
            FindingState::Mitigated => &mut d.mitigated,
            FindingState::Accepted => &mut d.accepted,
            FindingState::FalsePositive => &mut d.false_positive,
            _ => &mut d.open,
        } += 1;
    }

    let entries = checklist_entries(state);
    let good = GoodEnough {
        coverage_percent: coverage.percent,
        open_questions: state
            .notes
            .values()
            .filter(|n| is_open_question(state, n))
            .count() as u32,
        unprocessed_notes: state
            .notes
            .values()
            .filter(|n| n.processing == Processing::Unprocessed)
            .count() as u32,
        checklist_answered: entries
            .iter()
            .filter(|e| {
                e.answer
                    .as_ref()
                    .is_some_and(|a| a.status != AnswerStatus::Open)
            })
            .count() as u32,
        checklist_total: entries.len() as u32,
    };
    FourQuestions {
        working_on: w,
        can_go_wrong: g,
        doing_about_it: d,
        good_enough: good,
    }
}
