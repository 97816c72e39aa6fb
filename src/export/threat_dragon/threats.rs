//! A threat as an entry of its cell's `data.threats`.

use super::{cell_id, kept, Writer, ELEMENTS, ORIGINALS, STATE};
use crate::model::{FindingState, RiskLevel, Threat};
use serde_json::{json, Value};

impl Writer<'_> {
    pub(super) fn threat(&self, t: &Threat) -> Value {
        // Only a threat on several elements is written more than once.
        if t.element_ids.len() < 2 {
            return self.entry(t);
        }
        if let Some(done) = self.written.borrow().get(&t.id) {
            return done.clone();
        }
        let v = self.entry(t);
        self.written.borrow_mut().insert(t.id.clone(), v.clone());
        v
    }

    fn entry(&self, t: &Threat) -> Value {
        let mut out = kept(&t.foreign).unwrap_or_default();
        let originals = out
            .remove(ORIGINALS)
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        // The source's value where it still maps to what Threatloom holds.
        let original = |field: &str, ours: &str| -> Option<String> {
            let pair = originals.get(field)?.as_array()?;
            (pair.get(1)?.as_str()? == ours)
                .then(|| pair.first()?.as_str().map(str::to_string))
                .flatten()
        };
        let title = original("title", &t.title).unwrap_or_else(|| t.title.clone());
        let kept_type = original("type", &t.category.letter().to_string());
        if kept_type.is_none() {
            // Our own category: a STRIDE one, whatever model the source used.
            out.insert("modelType".into(), json!("STRIDE"));
        }
        let ty = kept_type.unwrap_or_else(|| t.category.label().to_string());
        // Only the statuses Threat Dragon 2.6 knows: any other spelling is
        // shown as no status and counted nowhere.
        let status = original("status", &state_name(t.lifecycle))
            .filter(|s| TD_STATUSES.contains(&s.as_str()))
            .unwrap_or_else(|| status_of(t.lifecycle).to_string());
        // Where that status reads back as another state (Accepted is "Open"
        // in 2.6), ours is kept beside it for a re-import.
        if status == "Open" && t.lifecycle != FindingState::Draft {
            out.insert(STATE.into(), json!(state_name(t.lifecycle)));
        } else {
            out.remove(STATE);
        }
        let level = t.risk(&self.state.info.risk_matrix);
        let severity = original("severity", level.map(RiskLevel::label).unwrap_or(""))
            .unwrap_or_else(|| match level {
                Some(RiskLevel::Note) => "Low".to_string(),
                Some(l) => l.label().to_string(),
                None => "TBD".to_string(),
            });
        out.insert("id".into(), out.get("id").cloned().unwrap_or(json!(t.id)));
        out.insert("title".into(), json!(title));
        out.insert("type".into(), json!(ty));
        out.insert("status".into(), json!(status));
        out.insert("severity".into(), json!(severity));
        out.insert("description".into(), json!(t.scenario));
        out.insert(
            "mitigation".into(),
            json!(t.recommended_actions.join("\n\n")),
        );
        if !out.get("modelType").is_some_and(Value::is_string) {
            out.insert("modelType".into(), json!("STRIDE"));
        }
        match out.get("number").and_then(Value::as_u64) {
            Some(n) => self.number.set(self.number.get().max(n)),
            None => {
                self.number.set(self.number.get() + 1);
                out.insert("number".into(), json!(self.number.get()));
            }
        }
        if !out.get("score").is_some_and(Value::is_string) {
            out.insert("score".into(), json!(""));
        }
        if t.element_ids.len() > 1 {
            out.insert(
                ELEMENTS.into(),
                json!(t.element_ids.iter().map(|i| cell_id(i)).collect::<Vec<_>>()),
            );
        } else {
            out.remove(ELEMENTS);
        }
        Value::Object(out)
    }
}

/// The statuses Threat Dragon 2.6 shows and counts.
const TD_STATUSES: [&str; 3] = ["NotApplicable", "Open", "Mitigated"];

/// A state as Threat Dragon 2.6 says it: an accepted risk is still open.
fn status_of(s: FindingState) -> &'static str {
    match s {
        FindingState::Mitigated => "Mitigated",
        FindingState::FalsePositive => "NotApplicable",
        _ => "Open",
    }
}

fn state_name(s: FindingState) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
