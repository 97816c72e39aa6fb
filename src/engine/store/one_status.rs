//! The upgrade to one status per finding. Files before schema 5 gave a threat
//! a `status` (open, mitigated, accepted, transferred, not applicable, false
//! positive) beside its finding state, and the two did not follow each other.
//! The later of the two wins: the status's time is read from the op log (the
//! last op that changed it), the state's from its history. When the status
//! wins, the change is appended to the finding's history, so both stay known.

use crate::error::Result;
use crate::model::{FindingState, LifecycleEvent};
use rusqlite::{params, Connection};
use serde_json::Value;
use std::collections::HashMap;

/// Who the history says made the change.
const BY: &str = "Threatloom (upgrade)";

/// Rewrites every threat record in place: `status` removed, folded into `lifecycle`.
pub fn fold(conn: &Connection) -> Result<()> {
    let changed_at = status_times(conn)?;
    let now = crate::engine::engagement::now_ms();
    let mut rows = Vec::new();
    {
        let mut stmt = conn.prepare("SELECT id, data FROM threats")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            rows.push((r.get::<_, String>(0)?, r.get::<_, String>(1)?));
        }
    }
    for (id, data) in rows {
        // A record this cannot read is left for the loader to report.
        let Ok(Value::Object(mut threat)) = serde_json::from_str::<Value>(&data) else {
            continue;
        };
        let Some(status) = threat.remove("status") else {
            continue;
        };
        let state: FindingState = threat
            .get("lifecycle")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default();
        let history: Vec<LifecycleEvent> = threat
            .get("lifecycle_history")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default();
        let status = status.as_str().unwrap_or("open");
        if let Some(event) = winner(status, state, &history, changed_at.get(&id).copied(), now) {
            threat.insert("lifecycle".into(), serde_json::to_value(event.to)?);
            let mut all = threat
                .remove("lifecycle_history")
                .and_then(|v| v.as_array().cloned())
                .unwrap_or_default();
            all.push(serde_json::to_value(&event)?);
            threat.insert("lifecycle_history".into(), Value::Array(all));
        }
        conn.execute(
            "UPDATE threats SET data = ?1 WHERE id = ?2",
            params![Value::Object(threat).to_string(), id],
        )?;
    }
    Ok(())
}

/// The state an old status stands for, given the finding's current state.
fn state_of(status: &str, state: FindingState) -> FindingState {
    use FindingState::*;
    match status {
        "mitigated" => Mitigated,
        "accepted" | "transferred" => Accepted,
        "not_applicable" | "false_positive" => FalsePositive,
        // "Open" set after the finding was closed reopens it.
        _ if !state.is_open() => Validated,
        _ => state,
    }
}

/// The move to append when the status is the later of the two, else `None`.
fn winner(
    status: &str,
    state: FindingState,
    history: &[LifecycleEvent],
    status_at: Option<i64>,
    now_ms: i64,
) -> Option<LifecycleEvent> {
    let to = state_of(status, state);
    if to == state {
        return None;
    }
    let state_at = history.iter().map(|e| e.at_ms).max();
    let status_later = match (status_at, state_at) {
        (Some(s), Some(l)) => s > l,
        (_, None) => true,
        // A status of unknown time does not overturn a recorded move.
        (None, Some(_)) => false,
    };
    status_later.then(|| LifecycleEvent {
        from: state,
        to,
        by: BY.into(),
        at_ms: status_at.unwrap_or(now_ms),
        // No comment: a comment would read as customer feedback in deliverables.
        comment: String::new(),
    })
}

/// Threat id → when its status last changed, from the ops that carried a
/// whole threat (adds, edits, promotions) in the op log.
fn status_times(conn: &Connection) -> Result<HashMap<String, i64>> {
    let mut last: HashMap<String, (String, i64)> = HashMap::new();
    let mut stmt = conn.prepare("SELECT op, at_ms FROM oplog ORDER BY version")?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let (op, at): (String, i64) = (r.get(0)?, r.get(1)?);
        let Ok(op) = serde_json::from_str::<Value>(&op) else {
            continue;
        };
        let Some(threat) = op.get("threat") else {
            continue;
        };
        let (Some(id), Some(status)) = (
            threat.get("id").and_then(Value::as_str),
            threat.get("status").and_then(Value::as_str),
        ) else {
            continue;
        };
        if id.is_empty() {
            continue;
        }
        match last.get_mut(id) {
            Some((s, _)) if s == status => {}
            Some(entry) => *entry = (status.to_string(), at),
            // The first op seen sets the status: a change only if not "open".
            None if status == "open" => {
                last.insert(id.to_string(), (status.to_string(), i64::MIN));
            }
            None => {
                last.insert(id.to_string(), (status.to_string(), at));
            }
        }
    }
    Ok(last
        .into_iter()
        .filter(|(_, (_, at))| *at != i64::MIN)
        .map(|(id, (_, at))| (id, at))
        .collect())
}
