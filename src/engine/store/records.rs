//! The records' tables (one JSON document per id) and the `meta` table.

use crate::error::Result;
use crate::model::{EngagementInfo, Record, State, Table};
use rusqlite::{Connection, OptionalExtension};

pub fn load_state(conn: &Connection) -> Result<State> {
    let mut state = State::default();
    if let Some(info) = meta(conn, "info")? {
        state.info = serde_json::from_str::<EngagementInfo>(&info)?;
    }
    for &table in Table::ALL {
        let mut stmt = conn.prepare(&format!("SELECT data FROM {}", table.sql()))?;
        for data in stmt.query_map([], |r| r.get::<_, String>(0))? {
            state.put(Record::from_data_json(table, &data?)?);
        }
    }
    Ok(state)
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
