//! The records' tables (one JSON document per id) and the `meta` table.

use crate::engine::validate::loaded;
use crate::error::{Error, Result};
use crate::model::{EngagementInfo, Record, State, Table};
use rusqlite::{Connection, OptionalExtension};

/// The largest record a file may hold: far above what the app writes (a
/// threat with every text at its limit), far below what would stall a load.
const MAX_RECORD_BYTES: i64 = 4 << 20;
/// All records together: reading a file is bounded work, whatever it holds.
const MAX_TOTAL_BYTES: i64 = 1 << 30;

/// Reads every record, refusing (with the table and record named) one that
/// is unreadable, too big, stored under another id, or beyond the limits the
/// app applies when typing. `Err(Error::Corrupt)` is for the caller to name the file.
pub fn load_state(conn: &Connection) -> Result<State> {
    let bad = |what: String| Error::Corrupt {
        path: String::new(),
        reason: what,
    };
    let mut state = State::default();
    if let Some(info) = meta(conn, "info")? {
        state.info = serde_json::from_str::<EngagementInfo>(&info)
            .map_err(|e| bad(format!("the engagement's details are unreadable ({e})")))?;
        crate::engine::validate::validate_info(&state.info)
            .map_err(|e| bad(format!("the engagement's details break a limit: {e}")))?;
    }
    let mut total = 0i64;
    for &table in Table::ALL {
        let name = table.sql();
        let mut stmt = conn.prepare(&format!(
            "SELECT CAST(id AS BLOB), length(CAST(data AS BLOB)), CASE WHEN length(CAST(data AS BLOB)) <= {MAX_RECORD_BYTES} THEN CAST(data AS BLOB) END FROM {name}"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            // Read as bytes: a hand-made file may hold a blob (or NULL) where
            // text belongs, and the refusal must still name the record.
            let id = row.get::<_, Option<Vec<u8>>>(0)?.unwrap_or_default();
            let id = String::from_utf8(id)
                .map_err(|_| bad(format!("a {name} record's id is not text")))?;
            let size: i64 = row.get::<_, Option<i64>>(1)?.unwrap_or(0);
            let at = || format!("the {name} record '{}'", clip(&id));
            total += size;
            if total > MAX_TOTAL_BYTES {
                return Err(bad(format!(
                    "it holds more than {} MB of records",
                    MAX_TOTAL_BYTES >> 20
                )));
            }
            let Some(data) = row.get::<_, Option<Vec<u8>>>(2)? else {
                return Err(bad(format!(
                    "{} is {} MB, more than a record can be",
                    at(),
                    size >> 20
                )));
            };
            let data = String::from_utf8(data)
                .map_err(|_| bad(format!("{} is unreadable (not UTF-8 text)", at())))?;
            let record = Record::from_data_json(table, &data)
                .map_err(|e| bad(format!("{} is unreadable ({e})", at())))?;
            if record.id() != id {
                return Err(bad(format!(
                    "{} says its id is '{}'",
                    at(),
                    clip(record.id())
                )));
            }
            loaded::check(&record).map_err(|e| bad(format!("{}: {e}", at())))?;
            state.put(record);
        }
    }
    // An element on a diagram the file does not hold could be neither drawn
    // nor warned about; other dangling references are shown (a flow's missing
    // end is a DFD warning, a deleted element a "(deleted)" chip).
    if let Some(e) = state
        .elements
        .values()
        .find(|e| !state.diagrams.contains_key(&e.diagram_id))
    {
        return Err(bad(format!(
            "the elements record '{}' is on the diagram '{}', which the file does not hold",
            clip(&e.id),
            clip(&e.diagram_id)
        )));
    }
    Ok(state)
}

/// An id from a file, short enough to quote in a message.
fn clip(id: &str) -> String {
    let mut s: String = id.chars().take(40).collect();
    if s.len() < id.len() {
        s.push('…');
    }
    s
}

pub fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

pub fn put(conn: &Connection, record: &Record) -> Result<()> {
    let sql = format!(
        "INSERT OR REPLACE INTO {}(id, data) VALUES (?1, ?2)",
        record.table().sql()
    );
    conn.prepare_cached(&sql)?
        .execute([record.id(), &record.data_json()?])?;
    Ok(())
}

pub fn remove(conn: &Connection, table: Table, id: &str) -> Result<()> {
    conn.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", table.sql()))?
        .execute([id])?;
    Ok(())
}
