//! The engagement file: one SQLite database per engagement, and all of the
//! core's SQL, a file per concern: the records and meta (`records`), the undo
//! history (`history`), the op log (`oplog`), the schema (`migrations`).
//!
//! A file is checked read-only before anything is written to it, so a file that
//! is not ours, is damaged or comes from a newer version is left untouched.

pub(crate) mod history;
mod migrations;
mod one_status;
pub(crate) mod oplog;
mod records;
mod schema;

use crate::error::{Error, Result};
use crate::model::State;
use migrations::migrate;
pub use migrations::{Migration, MIGRATIONS, SCHEMA_VERSION};
pub(crate) use records::{load_state, meta, put, remove, set_meta};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// `PRAGMA application_id` of a Threatloom file: "TLOM".
const APPLICATION_ID: i32 = 0x544C_4F4D;

/// Ordered migrations; `user_version` is the number applied. Append, never edit.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// A file may come from anyone: its schema must not run code on our behalf
/// (`trusted_schema` off: no functions with side effects in views, triggers or
/// defaults), it cannot be edited through SQL tricks (defensive mode), and no
/// extension can be loaded.
fn harden(conn: &Connection) -> Result<()> {
    use rusqlite::config::DbConfig;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.pragma_update(None, "trusted_schema", false)?;
    Ok(())
}

fn configure(conn: &Connection) -> Result<()> {
    harden(conn)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: an op is acknowledged only once it is on disk, so a power cut
    // loses nothing acknowledged (NORMAL in WAL mode can lose the last commits).
    conn.pragma_update(None, "synchronous", "FULL")?;
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
    let tx = conn.transaction()?;
    migrate(&tx, 0)?;
    tx.commit()?;
    Ok(conn)
}

/// Opens an existing engagement file and reads it: checked read-only first
/// (`inspect`), then migrated and every record read and checked in one
/// transaction, so a file refused at any point is left as it was.
pub fn open(path: &Path) -> Result<(Connection, State)> {
    let version = inspect(path)?;
    let mut conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    harden(&conn)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let tx = conn.transaction()?;
    migrate(&tx, version)?;
    let state = load_state(&tx).map_err(|e| match e {
        Error::Corrupt { reason, .. } => Error::Corrupt {
            path: display(path),
            reason,
        },
        e => e,
    })?;
    if version < SCHEMA_VERSION {
        // Still the file as it was: the migration is not committed yet.
        snapshot_before_migration(path, version)?;
    }
    tx.commit()?;
    configure(&conn)?;
    Ok((conn, state))
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
    harden(&conn)?;
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
    if let Err(reason) = schema::check(&conn, version)? {
        return Err(Error::Unsafe {
            path: display(path),
            reason,
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

/// Writes a consistent copy of the open database to `dest` atomically.
pub fn copy_to(conn: &Connection, dest: &Path) -> Result<()> {
    let tmp = dest.with_extension("threatmodel-partial");
    let _ = std::fs::remove_file(&tmp);
    conn.execute("VACUUM INTO ?1", [display(&tmp)])?;
    std::fs::rename(&tmp, dest)?;
    Ok(())
}
