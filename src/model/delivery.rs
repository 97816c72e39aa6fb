//! Deliveries: the reports handed to the customer, finding by finding, and the
//! filter that says what goes into a deliverable.

use super::{FindingState, RiskLevel, RiskMatrix, Threat};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

/// One finding as delivered: its fields in words, to compare with later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DeliveredFinding {
    pub id: String,
    pub title: String,
    /// Field label → text, the eight fields plus "Status".
    pub fields: BTreeMap<String, String>,
}

/// A report handed to the customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Delivery {
    pub id: String,
    #[specta(type = f64)]
    pub at_ms: i64,
    /// e.g. "Report v1 to Acme", or the file name.
    pub label: String,
    pub findings: Vec<DeliveredFinding>,
}

/// What goes into a deliverable. Empty lists mean "all".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ExportFilter {
    pub diagram_ids: Vec<String>,
    /// The statuses reported (see `Default`: all but false positives).
    pub lifecycles: Vec<FindingState>,
    /// Leave out findings below this level (and unrated ones).
    pub min_risk: Option<RiskLevel>,
    /// Draw out-of-scope elements and report their threats.
    pub include_out_of_scope: bool,
    /// Say which findings were made from the team's library (an internal
    /// review's question, never a customer report's by default).
    #[serde(default)]
    pub library_source: bool,
}

/// What a customer should read: every finding but the false positives.
impl Default for ExportFilter {
    fn default() -> Self {
        ExportFilter {
            diagram_ids: vec![],
            lifecycles: FindingState::ALL
                .into_iter()
                .filter(|s| *s != FindingState::FalsePositive)
                .collect(),
            min_risk: None,
            include_out_of_scope: false,
            library_source: false,
        }
    }
}

impl ExportFilter {
    /// Every finding, false positives included.
    pub fn everything() -> Self {
        ExportFilter {
            lifecycles: vec![],
            ..Default::default()
        }
    }

    /// Whether a threat's status and risk let it into the report (which
    /// elements it is on is the caller's part).
    pub fn keeps(&self, t: &Threat, matrix: &RiskMatrix) -> bool {
        (self.lifecycles.is_empty() || self.lifecycles.contains(&t.lifecycle))
            && self
                .min_risk
                .is_none_or(|min| t.risk(matrix).is_some_and(|r| r >= min))
    }
}
