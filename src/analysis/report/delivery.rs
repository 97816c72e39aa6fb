//! Deliveries: what the customer was given, finding by finding, so that the
//! next export can say what is new, what changed and what was removed.

use super::Finding;
use crate::model::labels::{status_label, FIELD_LABELS};
use crate::model::{DeliveredFinding, Delivery, State};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FindingChange {
    New,
    /// The labels of the fields that changed.
    Changed {
        fields: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RemovedFinding {
    pub id: String,
    pub title: String,
}

/// What changed since a delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DeliveryDiff {
    pub since_label: String,
    /// `YYYY-MM-DD` of that delivery.
    pub since_date: String,
    pub new: u32,
    pub changed: u32,
    pub unchanged: u32,
    pub removed: Vec<RemovedFinding>,
}

/// A finding as it is delivered: its fields in words.
pub fn delivered(f: &Finding) -> DeliveredFinding {
    let mut fields: BTreeMap<String, String> = FIELD_LABELS
        .iter()
        .map(|l| l.to_string())
        .zip(f.fields())
        .collect();
    fields.insert("Status".into(), status_label(f.lifecycle).into());
    DeliveredFinding {
        id: f.id.clone(),
        title: f.title.clone(),
        fields,
    }
}

/// The most recent delivery, if any.
pub fn latest(state: &State) -> Option<&Delivery> {
    state
        .deliveries
        .values()
        .max_by(|a, b| a.at_ms.cmp(&b.at_ms).then_with(|| a.id.cmp(&b.id)))
}

/// Marks each finding new or changed against `previous`, and lists the removed.
pub fn diff(previous: &Delivery, findings: &mut [Finding]) -> DeliveryDiff {
    let before: BTreeMap<&str, &DeliveredFinding> = previous
        .findings
        .iter()
        .map(|f| (f.id.as_str(), f))
        .collect();
    let (mut new, mut changed, mut unchanged) = (0, 0, 0);
    for f in findings.iter_mut() {
        f.change = match before.get(f.id.as_str()) {
            None => {
                new += 1;
                Some(FindingChange::New)
            }
            Some(old) => {
                let now = delivered(f);
                let fields: Vec<String> = now
                    .fields
                    .iter()
                    .filter(|(k, v)| old.fields.get(*k) != Some(v))
                    .map(|(k, _)| k.clone())
                    .collect();
                if fields.is_empty() {
                    unchanged += 1;
                    None
                } else {
                    changed += 1;
                    Some(FindingChange::Changed { fields })
                }
            }
        };
    }
    let removed = previous
        .findings
        .iter()
        .filter(|old| !findings.iter().any(|f| f.id == old.id))
        .map(|old| RemovedFinding {
            id: old.id.clone(),
            title: old.title.clone(),
        })
        .collect();
    DeliveryDiff {
        since_label: previous.label.clone(),
        since_date: super::date(previous.at_ms),
        new,
        changed,
        unchanged,
        removed,
    }
}
