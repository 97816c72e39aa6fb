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
    Migration {
        adds: "the undo scope of each history step",
        sql: r#"
-- Each step belongs to an undo scope (Op::undo_scope), so each view undoes only
-- its own kind of change. Existing steps: first a guess from the records their
-- forward patches write, then their label (one per op kind) decides.
ALTER TABLE history ADD COLUMN scope TEXT NOT NULL DEFAULT 'diagram';
UPDATE history SET scope = CASE
    WHEN forward LIKE '%"table":"delivery"%' THEN 'findings'
    WHEN forward LIKE '%"table":"session"%' OR forward LIKE '%"table":"note"%' THEN 'notes'
    WHEN forward LIKE '%"p":"info"%' OR forward LIKE '%"table":"person"%'
      OR forward LIKE '%"table":"component"%' OR forward LIKE '%"table":"question"%'
      OR forward LIKE '%"table":"answer"%' THEN 'scoping'
    ELSE 'diagram' END;
UPDATE history SET scope = 'findings' WHERE label LIKE 'Mark finding %'
    OR label LIKE 'Move finding to %' OR label LIKE 'Move % findings to %' OR label IN ('Record customer feedback', 'Comment on finding', 'Record delivery');
UPDATE history SET scope = 'notes' WHERE label IN ('Plan session', 'Edit session',
    'Delete session', 'Start session', 'End session', 'Add note', 'Edit note', 'Delete note',
    'Promote note to threat', 'Mark note as reference', 'Mark note unprocessed');
UPDATE history SET scope = 'scoping' WHERE label IN ('Edit engagement', 'Add person',
    'Edit person', 'Remove person', 'Add component', 'Edit component', 'Delete component',
    'Add checklist question', 'Edit checklist question', 'Delete checklist question',
    'Answer checklist question');
-- Deleting an element also unlinks notes, components and answers: still the diagram's.
UPDATE history SET scope = 'diagram' WHERE label IN ('Add diagram', 'Rename diagram',
    'Delete diagram', 'Add external entity', 'Add process', 'Add data store',
    'Add trust boundary', 'Add data flow', 'Move', 'Resize', 'Rename', 'Edit description',
    'Delete', 'Add threat', 'Edit threat', 'Delete threat', 'Accept suggestion',
    'Dismiss suggestion', 'Mark not applicable', 'Clear not applicable')
    OR label LIKE 'Move % elements' OR label LIKE 'Delete % elements' OR label LIKE 'Set %';
"#,
        data: None,
    },
    Migration {
        adds: "overall ratings: a threat's impact and likelihood given as one level each",
        // The threats' JSON gains `rated_overall` (absent reads as none, so
        // older records stay as they are). No table changes, but the version
        // moves: an older Threatloom would drop the field on its next edit and
        // the threat would lose its risk level, so it must refuse the file.
        sql: "",
        data: None,
    },
];

pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Applies the migrations after `from` inside the caller's transaction.
pub fn migrate(tx: &rusqlite::Transaction, from: u32) -> Result<()> {
    if from >= SCHEMA_VERSION {
        return Ok(());
    }
    for m in &MIGRATIONS[from as usize..] {
        tx.execute_batch(m.sql)?;
        if let Some(data) = m.data {
            data(tx)?;
        }
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    Ok(())
}
