//! The schema, as an ordered list of migrations: `user_version` is the number
//! applied. Append, never edit.

use super::one_status;
use crate::error::Result;
use rusqlite::Connection;

/// One step of the schema.
pub struct Migration {
    /// What it adds, for people reading the list.
    pub adds: &'static str,
    pub sql: &'static str,
    /// A rewrite of the records that SQL cannot express, run after `sql`.
    pub data: Option<fn(&Connection) -> Result<()>>,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        adds: "the engagement: meta, diagrams, elements, threats, triage, undo history, op log",
        sql: r#"
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
        data: None,
    },
    Migration {
        adds: "people, scoped components, sessions and their notes",
        sql: r#"
-- The engagement: people, scoped components, sessions and their notes.
CREATE TABLE people (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE components (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE notes (id TEXT PRIMARY KEY, data TEXT NOT NULL);
"#,
        data: None,
    },
    Migration {
        adds: "the checklist: the team's own questions, and the answers",
        sql: r#"
-- The checklist: the team's own questions, and the answers.
CREATE TABLE questions (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE answers (id TEXT PRIMARY KEY, data TEXT NOT NULL);
"#,
        data: None,
    },
    Migration {
        adds: "deliveries, and the engagement's random uid",
        sql: r#"
-- Deliveries to the customer; and a random id for the engagement, which
-- exports use to give findings ids that stay stable (Jira re-imports).
CREATE TABLE deliveries (id TEXT PRIMARY KEY, data TEXT NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('uid', lower(hex(randomblob(6))));
"#,
        data: None,
    },
    Migration {
        adds: "one status per finding: the threat's status folded into its finding state",
        // The undo history holds threats in the two-status shape; replaying it
        // would bring the second status back, so the upgrade starts a new one
        // (the op log keeps every change).
        sql: "DELETE FROM history;",
        data: Some(one_status::fold),
    },
];

pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Applies the migrations after `from`, in one transaction.
pub fn migrate(conn: &mut Connection, from: u32) -> Result<()> {
    if from >= SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for m in &MIGRATIONS[from as usize..] {
        tx.execute_batch(m.sql)?;
        if let Some(data) = m.data {
            data(&tx)?;
        }
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}
