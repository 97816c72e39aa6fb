//! The engagement file: one SQLite database per engagement.
//!
//! A file is checked read-only before anything is written to it, so a file that
//! is not ours, is damaged or comes from a newer version is left untouched.

use crate::error::{Error, Result};
use crate::model::{EngagementInfo, State};
use crate::record::{Record, Table};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;

/// `PRAGMA application_id` of a Threatloom file: "TLOM".
const APPLICATION_ID: i32 = 0x544C_4F4D;

/// Ordered migrations; `user_version` is the number applied. Append, never edit.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE diagrams (id TEXT PRIMARY KEY, data TEXT NOT NULL);
-- Records are JSON documents keyed by id; the core keeps their integrity.
CREATE TABLE elements (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE threats (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE not_applicable (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE dismissals (id TEXT PRIMARY KEY, data TEXT NOT NULL);
-- Undo history: each entry holds the patches to redo and to undo one op.
CREATE TABLE history (
    seq INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    forward TEXT NOT NULL,
    inverse TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
-- Every op ever applied, in order; its rowid is the engagement's version.
CREATE TABLE oplog (version INTEGER PRIMARY KEY, op TEXT NOT NULL, at_ms INTEGER NOT NULL);
"#,
    r#"
-- The engagement: people, scoped components, sessions and their notes.
CREATE TABLE people (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE components (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE notes (id TEXT PRIMARY KEY, data TEXT NOT NULL);
"#,
    r#"
-- The checklist: the team's own questions, and the answers.
CREATE TABLE questions (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE answers (id TEXT PRIMARY KEY, data TEXT NOT NULL);
"#,
    r#"
-- Deliveries to the customer; and a random id for the engagement, which
-- exports use to give findings ids that stay stable (Jira re-imports).
CREATE TABLE deliveries (id TEXT PRIMARY KEY, data TEXT NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('uid', lower(hex(randomblob(6))));
"#,
];

pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Creates a new, empty engagement file.
pub fn create(path: &Path) -> Result<Connection> {
    if path.exists() {
        return Err(Error::AlreadyExists {
            path: display(path),
        });
    }
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    configure(&conn)?;
    migrate(&mut conn, 0)?;
    Ok(conn)
}

/// Opens an existing engagement file, after checking it without writing.
pub fn open(path: &Path) -> Result<Connection> {
    let version = inspect(path)?;
    if version < SCHEMA_VERSION {
        snapshot_before_migration(path, version)?;
    }
    let mut conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    configure(&conn)?;
    migrate(&mut conn, version)?;
    Ok(conn)
}

/// Reads the header, application id, schema version and integrity, read-only.
fn inspect(path: &Path) -> Result<u32> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut file =
        std::fs::File::open(path).map_err(|e| Error::Io(format!("{}: {e}", display(path))))?;
    if file.read_exact(&mut header).is_err() || &header != SQLITE_HEADER {
        return Err(Error::NotAnEngagement {
            path: display(path),
        });
    }
    let corrupt = |e: rusqlite::Error| Error::Corrupt {
        path: display(path),
        reason: e.to_string(),
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(corrupt)?;
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(corrupt)?;
    if app_id != APPLICATION_ID {
        return Err(Error::NotAnEngagement {
            path: display(path),
        });
    }
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(corrupt)?;
    if version > SCHEMA_VERSION {
        return Err(Error::NewerVersion {
            path: display(path),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let check: String = conn
        .pragma_query_value(None, "quick_check", |r| r.get(0))
        .map_err(corrupt)?;
    if check != "ok" {
        return Err(Error::Corrupt {
            path: display(path),
            reason: check,
        });
    }
    Ok(version)
}

fn snapshot_before_migration(path: &Path, version: u32) -> Result<()> {
    let backup = path.with_extension(format!("v{version}.bak"));
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.execute("VACUUM INTO ?1", [display(&backup)])?;
    Ok(())
}

fn migrate(conn: &mut Connection, from: u32) -> Result<()> {
    if from >= SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for sql in &MIGRATIONS[from as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// Writes a consistent copy of the open database to `dest` atomically.
pub fn copy_to(conn: &Connection, dest: &Path) -> Result<()> {
    let tmp = dest.with_extension("threatmodel-partial");
    let _ = std::fs::remove_file(&tmp);
    conn.execute("VACUUM INTO ?1", [display(&tmp)])?;
    std::fs::rename(&tmp, dest)?;
    Ok(())
}

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
