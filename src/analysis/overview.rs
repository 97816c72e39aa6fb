//! Risk at a glance: each threat's levels through the engagement's matrix, and
//! the badge each element carries, so the UI never computes risk itself.

use crate::model::{Rating, RiskLevel, RiskMatrix, State, Threat};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A threat's risk: the overall impact and likelihood, the level computed
/// from them, and the level that counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ThreatRisk {
    pub impact: Option<Rating>,
    pub likelihood: Option<Rating>,
    pub computed: Option<RiskLevel>,
    pub effective: Option<RiskLevel>,
}

/// What the canvas shows on an element: how many threats, the highest risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Badge {
    pub count: u32,
    pub highest: Option<RiskLevel>,
}

/// Risk levels through the engagement's matrix, and a badge per element, so
/// the UI never computes risk itself.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct ThreatOverview {
    pub risks: std::collections::BTreeMap<String, ThreatRisk>,
    pub badges: std::collections::BTreeMap<String, Badge>,
    /// Each threat's affected asset as deliverables name it ("SQL (App → DB)"
    /// for a flow whose label is not unique), so every list tells findings apart.
    pub assets: std::collections::BTreeMap<String, String>,
}

pub fn overview(state: &State) -> ThreatOverview {
    let matrix = &state.info.risk_matrix;
    let risks = state
        .threats
        .values()
        .map(|t| {
            let risk = ThreatRisk {
                impact: t.impact.overall(),
                likelihood: t.likelihood.overall(),
                computed: t.computed_risk(matrix),
                effective: t.risk(matrix),
            };
            (t.id.clone(), risk)
        })
        .collect();
    let names = super::names::Names::new(state);
    let assets = state
        .threats
        .values()
        .map(|t| {
            let named: Vec<String> = t
                .element_ids
                .iter()
                .filter_map(|id| state.elements.get(id))
                .map(|e| names.of(e))
                .collect();
            (t.id.clone(), named.join(", "))
        })
        .collect();
    ThreatOverview {
        risks,
        badges: badges(state.threats.values(), matrix),
        assets,
    }
}

/// Per element: how many of `threats` it carries, and their highest risk.
pub fn badges<'a>(
    threats: impl IntoIterator<Item = &'a Threat>,
    matrix: &RiskMatrix,
) -> std::collections::BTreeMap<String, Badge> {
    let mut out = std::collections::BTreeMap::new();
    for t in threats {
        let effective = t.risk(matrix);
        for e in &t.element_ids {
            let badge = out.entry(e.clone()).or_insert(Badge {
                count: 0,
                highest: None,
            });
            badge.count += 1;
            badge.highest = badge.highest.max(effective);
        }
    }
    out
}
