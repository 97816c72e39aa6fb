//! "Did we do a good enough job?": for every in-scope element and every STRIDE
//! category that applies to its kind, whether it was considered.

use super::names::Names;
use crate::model::{ElementKind, NotApplicable, State, Stride};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CellState {
    NotConsidered,
    Threats { count: u32 },
    NotApplicable { reason: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CoverageCell {
    pub category: Stride,
    pub state: CellState,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CoverageRow {
    pub element_id: String,
    pub diagram_id: String,
    /// As deliverables name it: a flow with a repeated or empty label is
    /// "label (source → target)" (`names`).
    pub name: String,
    pub kind: ElementKind,
    /// One cell per applicable category, in STRIDE order.
    pub cells: Vec<CoverageCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct OutOfScope {
    pub element_id: String,
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Coverage {
    pub rows: Vec<CoverageRow>,
    /// Element-categories with threats logged or marked not applicable.
    pub considered: u32,
    pub total: u32,
    /// `considered / total` in percent; `None` when there is nothing to cover
    /// yet (no element in scope): shown as "—", never as 100 %.
    pub percent: Option<f64>,
    pub out_of_scope: Vec<OutOfScope>,
}

impl Coverage {
    /// The figures with the row of `element` only (none without one).
    pub fn only(&self, element: Option<&str>) -> Coverage {
        Coverage {
            rows: self
                .rows
                .iter()
                .filter(|r| Some(r.element_id.as_str()) == element)
                .cloned()
                .collect(),
            out_of_scope: self.out_of_scope.clone(),
            ..*self
        }
    }
}

/// `considered` of `total` in percent, or `None` when there is nothing to cover.
pub fn percent_of(considered: u32, total: u32) -> Option<f64> {
    (total > 0).then(|| f64::from(considered) * 100.0 / f64::from(total))
}

/// How a coverage figure reads in every view and deliverable: "83 %", or "—"
/// when there is nothing to cover yet. Whole percents, but never 100 % unless
/// everything was considered, nor 0 % once something was.
pub fn percent_text(percent: Option<f64>) -> String {
    let Some(p) = percent.filter(|p| p.is_finite()) else {
        return "—".into();
    };
    let p = p.clamp(0.0, 100.0);
    let r = p.round();
    let shown = if r == 100.0 && p < 100.0 {
        99.0
    } else if r == 0.0 && p > 0.0 {
        1.0
    } else {
        r
    };
    format!("{shown:.0} %")
}

pub fn coverage(state: &State) -> Coverage {
    let mut counts: HashMap<(&str, Stride), u32> = HashMap::new();
    for t in state.threats.values() {
        for e in &t.element_ids {
            *counts.entry((e.as_str(), t.category)).or_default() += 1;
        }
    }
    let names = Names::new(state);
    let mut rows = Vec::new();
    let mut out_of_scope = Vec::new();
    let (mut considered, mut total) = (0u32, 0u32);
    for e in state
        .elements
        .values()
        .filter(|e| e.kind != ElementKind::TrustBoundary)
    {
        if e.is_out_of_scope() {
            let reason = match e.props.get("out_of_scope_reason") {
                Some(crate::model::PropValue::Text(r)) => r.clone(),
                _ => String::new(),
            };
            out_of_scope.push(OutOfScope {
                element_id: e.id.clone(),
                name: names.of(e),
                reason,
            });
            continue;
        }
        let cells: Vec<CoverageCell> = Stride::applicable(e.kind)
            .into_iter()
            .map(|category| {
                let state = match (
                    counts.get(&(e.id.as_str(), category)),
                    state
                        .not_applicable
                        .get(&NotApplicable::key(&e.id, category)),
                ) {
                    (Some(&count), _) => CellState::Threats { count },
                    (None, Some(na)) => CellState::NotApplicable {
                        reason: na.reason.clone(),
                    },
                    (None, None) => CellState::NotConsidered,
                };
                CoverageCell { category, state }
            })
            .collect();
        total += cells.len() as u32;
        considered += cells
            .iter()
            .filter(|c| c.state != CellState::NotConsidered)
            .count() as u32;
        rows.push(CoverageRow {
            element_id: e.id.clone(),
            diagram_id: e.diagram_id.clone(),
            name: names.of(e),
            kind: e.kind,
            cells,
        });
    }
    let percent = percent_of(considered, total);
    Coverage {
        rows,
        considered,
        total,
        percent,
        out_of_scope,
    }
}
