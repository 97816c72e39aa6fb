//! The undo history: each entry holds the patches to redo and to undo one op.

use crate::error::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension};

/// One undoable step: its entry and the words undo and redo show.
#[derive(Debug, Clone)]
pub struct Step {
    pub seq: i64,
    pub label: String,
}

/// The steps done and the steps undone (the next to redo last), oldest first.
pub fn load(conn: &Connection) -> Result<(Vec<Step>, Vec<Step>)> {
    let mut done = Vec::new();
    let mut undone = Vec::new();
    let mut stmt = conn.prepare("SELECT seq, label, undone FROM history ORDER BY seq")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
        ))
    })?;
    for row in rows {
        let (seq, label, is_undone) = row?;
        if is_undone {
            undone.push(Step { seq, label });
        } else {
            done.push(Step { seq, label });
        }
    }
    undone.reverse(); // the next to redo is the oldest undone step: keep it last
    Ok((done, undone))
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

/// Drops the undone steps (a new op was applied after an undo).
pub fn drop_undone(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM history WHERE undone = 1", [])?;
    Ok(())
}

/// Appends a step and returns its `seq`.
pub fn push(conn: &Connection, label: &str, forward: &str, inverse: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO history(label, forward, inverse) VALUES (?1, ?2, ?3)",
        params![label, forward, inverse],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn clear(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM history", [])?;
    Ok(())
}
