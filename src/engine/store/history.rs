//! The undo history: each entry holds the patches to redo and to undo one op,
//! and the undo scope it belongs to (`Op::undo_scope`).

use crate::error::{Error, Result};
use crate::model::UndoScope;
use rusqlite::{params, Connection, OptionalExtension};

/// One undoable step: its entry, the words undo and redo show, its scope, and
/// whether it is undone now.
#[derive(Debug, Clone)]
pub struct Step {
    pub seq: i64,
    pub label: String,
    pub scope: UndoScope,
    pub undone: bool,
}

/// Every step, oldest first.
pub fn load(conn: &Connection) -> Result<Vec<Step>> {
    let mut stmt = conn.prepare("SELECT seq, label, scope, undone FROM history ORDER BY seq")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
        ))
    })?;
    let mut steps = Vec::new();
    for row in rows {
        let (seq, label, scope, undone) = row?;
        // A scope this build does not know (a newer file is refused before this) counts as the diagram's.
        let scope = UndoScope::parse(&scope).unwrap_or_default();
        steps.push(Step {
            seq,
            label,
            scope,
            undone,
        });
    }
    Ok(steps)
}

/// The patches (JSON) to redo (`forward`) or to undo (`!forward`) step `seq`.
pub fn patches(conn: &Connection, seq: i64, forward: bool) -> Result<String> {
    let column = if forward { "forward" } else { "inverse" };
    let sql = format!("SELECT {column} FROM history WHERE seq = ?1");
    let json: Option<String> = conn.query_row(&sql, [seq], |r| r.get(0)).optional()?;
    json.ok_or_else(|| Error::Storage(format!("history entry {seq} is missing")))
}

pub fn set_undone(conn: &Connection, seq: i64, undone: bool) -> Result<()> {
    conn.execute(
        "UPDATE history SET undone = ?1 WHERE seq = ?2",
        params![undone, seq],
    )?;
    Ok(())
}

/// Drops the undone steps of `scope` (a new op of that scope was applied after
/// an undo); other scopes keep theirs.
pub fn drop_undone(conn: &Connection, scope: UndoScope) -> Result<()> {
    conn.execute(
        "DELETE FROM history WHERE undone = 1 AND scope = ?1",
        [scope.as_str()],
    )?;
    Ok(())
}

/// Appends a step and returns its `seq`.
pub fn push(
    conn: &Connection,
    label: &str,
    scope: UndoScope,
    forward: &str,
    inverse: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO history(label, scope, forward, inverse) VALUES (?1, ?2, ?3, ?4)",
        params![label, scope.as_str(), forward, inverse],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Replaces the redo patches of step `seq`: a rename that joins the step that
/// created the element (its undo, removing the element, stays the same).
pub fn amend(conn: &Connection, seq: i64, forward: &str) -> Result<()> {
    conn.execute(
        "UPDATE history SET forward = ?1 WHERE seq = ?2",
        params![forward, seq],
    )?;
    Ok(())
}

pub fn clear(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM history", [])?;
    Ok(())
}
