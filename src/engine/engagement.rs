//! An open engagement: the in-memory state, its file, and the one write path.

use super::op::{Op, Placement};
use super::patch::Patch;
use super::store::{self, history, history::Step, oplog};
use super::validate::validate_info;
use crate::analysis::report::{build, Report};
use crate::error::{Error, Result};
use crate::model::*;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// An open engagement. Planning (`plan`), validation (`validate`) and patches
/// (`patch`) are its other files in `engine`.
pub struct Engagement {
    conn: Connection,
    path: PathBuf,
    pub(super) state: State,
    version: u32,
    pub(super) next_id: u64,
    /// Random, set when the file is created (or migrated): stable finding ids in exports.
    pub(super) uid: String,
    /// The undo history, oldest first; each step has its scope (see `undo`).
    pub(super) steps: Vec<Step>,
    /// The step of the last op, when it was a `WrapInBoundary`, and the
    /// boundary it drew: renaming that boundary next joins the step.
    name_joins: Option<(i64, String)>,
}

impl Engagement {
    /// Creates a new engagement file with one empty diagram.
    pub fn create(path: &Path, info: EngagementInfo) -> Result<Self> {
        validate_info(&info)?;
        let conn = store::create(path)?;
        let diagram = Diagram {
            id: "d1".into(),
            name: "Level 0".into(),
            position: 0,
            foreign: Default::default(),
        };
        store::set_meta(&conn, "info", &serde_json::to_string(&info)?)?;
        store::put(&conn, &Record::Diagram(diagram))?;
        store::set_meta(&conn, "next_id", "2")?;
        let state = store::load_state(&conn)?;
        Self::load(conn, state, path)
    }

    /// Creates a new engagement file at `path` holding `model` (another tool's,
    /// from `import::read`) and nothing else. It is written under a temporary
    /// name and renamed once complete, so a refused model leaves no file.
    pub fn create_imported(path: &Path, info: EngagementInfo, model: Model) -> Result<Self> {
        if path.exists() {
            return Err(Error::AlreadyExists {
                path: path.display().to_string(),
            });
        }
        let mut partial = path.as_os_str().to_owned();
        partial.push(".importing");
        let partial = PathBuf::from(partial);
        let built = (|| {
            let _ = std::fs::remove_file(&partial);
            let mut eng = Engagement::create(&partial, info)?;
            eng.apply(Op::Import { model })?;
            eng.apply(Op::DeleteDiagram { id: "d1".into() })?;
            eng.forget_history()?;
            // Closing checkpoints the WAL into the file, so the rename moves all of it.
            drop(eng);
            std::fs::rename(&partial, path)?;
            Ok(())
        })();
        if let Err(e) = built {
            for suffix in ["", "-wal", "-shm"] {
                let mut p = partial.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            return Err(e);
        }
        Engagement::open(path)
    }

    /// Opens an engagement file; see `store::open` for what is refused.
    pub fn open(path: &Path) -> Result<Self> {
        // Whatever SQLite says about a file it cannot read, the user is told
        // which file: a bare "Storage error" names nothing.
        let named = |e: Error| match e {
            Error::Storage(reason) => Error::Corrupt {
                path: path.display().to_string(),
                reason,
            },
            e => e,
        };
        let (conn, state) = store::open(path).map_err(named)?;
        Self::load(conn, state, path).map_err(named)
    }

    fn load(conn: Connection, state: State, path: &Path) -> Result<Self> {
        let next_id = store::meta(&conn, "next_id")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        let uid = store::meta(&conn, "uid")?.unwrap_or_default();
        let version = oplog::version(&conn)?;
        let steps = history::load(&conn)?;
        Ok(Engagement {
            conn,
            path: path.to_path_buf(),
            state,
            version,
            next_id,
            uid,
            steps,
            name_joins: None,
        })
    }

    /// The engagement's stable random id (kept by "save as").
    pub fn uid(&self) -> &str {
        &self.uid
    }

    /// The deliverables' content now, filtered.
    pub fn report(&self, filter: &ExportFilter) -> Report {
        build(&self.state, &self.uid, filter, now_ms())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn state(&self) -> &State {
        &self.state
    }
    pub fn version(&self) -> u32 {
        self.version
    }

    pub fn snapshot(&self) -> Snapshot {
        let mut diagrams: Vec<Diagram> = self.state.diagrams.values().cloned().collect();
        diagrams.sort_by_key(|d| d.position);
        Snapshot {
            path: self.path.display().to_string(),
            version: self.version,
            info: self.state.info.clone(),
            diagrams,
            elements: self.state.elements.values().cloned().collect(),
            threats: self.state.threats.values().cloned().collect(),
            not_applicable: self.state.not_applicable.values().cloned().collect(),
            dismissals: self.state.dismissals.values().cloned().collect(),
            people: self.state.people.values().cloned().collect(),
            components: self.state.components.values().cloned().collect(),
            sessions: self.state.sessions.values().cloned().collect(),
            notes: self.state.notes.values().cloned().collect(),
            questions: self.state.questions.values().cloned().collect(),
            answers: self.state.answers.values().cloned().collect(),
            deliveries: self.state.deliveries.values().cloned().collect(),
            history: self.history(),
        }
    }

    /// Validates `op`, stores it with its inverse in one transaction, updates the
    /// state and says what changed. An op that would change nothing stores nothing.
    pub fn apply(&mut self, op: Op) -> Result<Change> {
        let label = match &op {
            Op::Place { moves } if self.only_resizes(moves) => "Resize".to_string(),
            op => op.label(),
        };
        let id_before = self.next_id;
        let result = self.apply_inner(op, label);
        if result.is_err() {
            self.next_id = id_before;
        }
        result
    }

    fn apply_inner(&mut self, op: Op, label: String) -> Result<Change> {
        let op_json = serde_json::to_string(&op)?;
        let scope = op.undo_scope();
        let wraps = matches!(op, Op::WrapInBoundary { .. });
        // Naming the boundary just wrapped, with nothing in between: the name
        // joins the wrap's step, so one undo takes back the whole gesture.
        let joins = match (&op, self.name_joins.take()) {
            (Op::Rename { id, .. }, Some((seq, wrapped))) if *id == wrapped => self
                .steps
                .last()
                .filter(|s| s.seq == seq && !s.undone)
                .map(|s| s.seq),
            _ => None,
        };
        // Undo and redo replay a stored step of their scope; every other op is planned afresh.
        let (step, patches, created, label) = match op {
            Op::Undo { scope } | Op::Redo { scope } => {
                let (seq, undo, patches, label) =
                    self.replay(scope, matches!(op, Op::Undo { .. }))?;
                (Some((seq, undo)), patches, vec![], label)
            }
            op => {
                let (patches, created) = self.plan(op)?;
                (None, patches, created, label)
            }
        };
        let patches: Vec<Patch> = patches.into_iter().filter(|p| !self.is_noop(p)).collect();
        if patches.is_empty() && step.is_none() {
            return Ok(Change {
                version: self.version,
                label,
                history: self.history(),
                ..Change::default()
            });
        }
        let inverse = self.inverse_of(&patches);
        let tx = self.conn.unchecked_transaction()?;
        for p in &patches {
            p.write(&tx)?;
        }
        let new_seq = match step {
            Some((seq, undo)) => {
                history::set_undone(&tx, seq, undo)?;
                None
            }
            None if joins.is_some() => {
                if let Some(seq) = joins {
                    history::amend(&tx, seq, &serde_json::to_string(&patches)?)?;
                }
                None
            }
            None => {
                // A new change drops its own scope's redo steps only.
                if self.steps.iter().any(|s| s.undone && s.scope == scope) {
                    history::drop_undone(&tx, scope)?;
                }
                Some(history::push(
                    &tx,
                    &label,
                    scope,
                    &serde_json::to_string(&patches)?,
                    &serde_json::to_string(&inverse)?,
                )?)
            }
        };
        let version = oplog::append(&tx, &op_json, now_ms())?;
        store::set_meta(&tx, "next_id", &self.next_id.to_string())?;
        tx.commit()?;

        // Committed: now the memory follows.
        match (step, new_seq) {
            (Some((seq, undo)), _) => {
                if let Some(s) = self.steps.iter_mut().find(|s| s.seq == seq) {
                    s.undone = undo;
                }
            }
            (None, Some(seq)) => {
                self.steps.retain(|s| !(s.undone && s.scope == scope));
                self.steps.push(Step {
                    seq,
                    label: label.clone(),
                    scope,
                    undone: false,
                });
            }
            (None, None) => {}
        }
        if wraps {
            self.name_joins = new_seq.zip(created.first().cloned());
        }
        self.version = version;
        let mut change = Change {
            version,
            label,
            created,
            ..Change::default()
        };
        for p in patches {
            self.apply_to_memory(p, &mut change);
        }
        change.history = self.history();
        Ok(change)
    }

    /// A placement that keeps every position and changes a size is a resize.
    fn only_resizes(&self, moves: &[Placement]) -> bool {
        moves.iter().all(|m| {
            self.state
                .elements
                .get(&m.id)
                .is_some_and(|e| e.rect.x == m.rect.x && e.rect.y == m.rect.y)
        }) && moves.iter().any(|m| {
            self.state
                .elements
                .get(&m.id)
                .is_some_and(|e| e.rect != m.rect)
        })
    }

    pub(super) fn stored_patches(&self, seq: i64, forward: bool) -> Result<Vec<Patch>> {
        Ok(serde_json::from_str(&history::patches(
            &self.conn, seq, forward,
        )?)?)
    }

    /// Drops the undo history (the demo engagement starts with none).
    pub fn forget_history(&mut self) -> Result<()> {
        history::clear(&self.conn)?;
        self.steps.clear();
        self.name_joins = None;
        Ok(())
    }

    /// Writes a consistent copy to `dest` and continues working in the copy.
    pub fn save_as(&mut self, dest: &Path) -> Result<()> {
        if dest.exists() && same_file(dest, &self.path) {
            return Err(Error::invalid("Choose a different file to save a copy to"));
        }
        store::copy_to(&self.conn, dest)?;
        *self = Engagement::open(dest)?;
        Ok(())
    }
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
