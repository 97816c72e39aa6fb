//! The op log: every op ever applied, in order; its rowid is the engagement's version.

use crate::error::{Error, Result};
use rusqlite::{params, Connection};

/// The engagement's version: the number of the last op logged.
pub fn version(conn: &Connection) -> Result<u32> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(version), 0) FROM oplog", [], |r| {
            r.get(0)
        })?,
    )
}

/// Logs an op (JSON) and returns the new version.
pub fn append(conn: &Connection, op_json: &str, at_ms: i64) -> Result<u32> {
    conn.execute(
        "INSERT INTO oplog(op, at_ms) VALUES (?1, ?2)",
        params![op_json, at_ms],
    )?;
    u32::try_from(conn.last_insert_rowid()).map_err(|_| Error::Storage("version overflow".into()))
}
