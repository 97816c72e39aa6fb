//! An open engagement: the in-memory state, its file, and the one write path.

use crate::checklist::ChecklistAnswer;
use crate::error::{Error, Result};
use crate::model::*;
use crate::op::Op;
use crate::record::{Record, Table};
use crate::rules::Suggestion;
use crate::scope::Component;
use crate::session::{Note, NoteKind, NoteSource, Processing, Session};
use crate::threat::{Comment, Dismissal, LifecycleEvent, NotApplicable, Origin, Threat};
use crate::{props, store};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const MAX_NAME: usize = 200;
const MAX_DESCRIPTION: usize = 20_000;
const MAX_COORD: f64 = 1e7;
const MAX_SIZE: f64 = 1e6;

/// The smallest change to the state; an op becomes a list of these, and so does
/// its inverse. Within one op every patch touches a different record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "p", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)] // a few live for one op: boxing would buy nothing
enum Patch {
    Info { info: EngagementInfo },
    Put { record: Record },
    Remove { table: Table, id: String },
}

/// One undoable step, as the history stack keeps it in memory.
#[derive(Debug, Clone)]
struct Step {
    seq: i64,
    label: String,
}

pub struct Engagement {
    conn: Connection,
    path: PathBuf,
    state: State,
    version: u32,
    next_id: u64,
    /// Random, set when the file is created (or migrated): stable finding ids in exports.
    uid: String,
    done: Vec<Step>,
    undone: Vec<Step>,
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
        };
        store::set_meta(&conn, "info", &serde_json::to_string(&info)?)?;
        store::put(&conn, &Record::Diagram(diagram))?;
        store::set_meta(&conn, "next_id", "2")?;
        Self::load(conn, path)
    }

    /// Opens an engagement file; see `store::open` for what is refused.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = store::open(path)?;
        Self::load(conn, path)
    }

    fn load(conn: Connection, path: &Path) -> Result<Self> {
        let state = store::load_state(&conn)?;
        let next_id = store::meta(&conn, "next_id")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        let uid = store::meta(&conn, "uid")?.unwrap_or_default();
        let version: u32 =
            conn.query_row("SELECT COALESCE(MAX(version), 0) FROM oplog", [], |r| {
                r.get(0)
            })?;
        let mut done = Vec::new();
        let mut undone = Vec::new();
        {
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
        }
        undone.reverse(); // the next to redo is the oldest undone step: keep it last
        Ok(Engagement {
            conn,
            path: path.to_path_buf(),
            state,
            version,
            next_id,
            uid,
            done,
            undone,
        })
    }

    /// The engagement's stable random id (kept by "save as").
    pub fn uid(&self) -> &str {
        &self.uid
    }

    /// The deliverables' content now, filtered.
    pub fn report(&self, filter: &crate::report::ExportFilter) -> crate::report::Report {
        crate::report::build(&self.state, &self.uid, filter, now_ms())
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

    pub fn history(&self) -> HistoryState {
        HistoryState {
            undo: self.done.last().map(|s| s.label.clone()),
            redo: self.undone.last().map(|s| s.label.clone()),
        }
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
        // Undo and redo replay a stored step; every other op is planned afresh.
        let (step, patches, created, label) = match op {
            Op::Undo => {
                let step = self.done.last().ok_or(Error::NothingToUndo)?;
                let label = format!("Undo {}", step.label.to_lowercase());
                (
                    Some((step.seq, true)),
                    self.stored_patches(step.seq, "inverse")?,
                    vec![],
                    label,
                )
            }
            Op::Redo => {
                let step = self.undone.last().ok_or(Error::NothingToRedo)?;
                let label = format!("Redo {}", step.label.to_lowercase());
                (
                    Some((step.seq, false)),
                    self.stored_patches(step.seq, "forward")?,
                    vec![],
                    label,
                )
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
            write_patch(&tx, p)?;
        }
        let new_seq = match step {
            Some((seq, undo)) => {
                tx.execute(
                    "UPDATE history SET undone = ?1 WHERE seq = ?2",
                    params![undo, seq],
                )?;
                None
            }
            None => {
                if !self.undone.is_empty() {
                    tx.execute("DELETE FROM history WHERE undone = 1", [])?;
                }
                tx.execute(
                    "INSERT INTO history(label, forward, inverse) VALUES (?1, ?2, ?3)",
                    params![
                        label,
                        serde_json::to_string(&patches)?,
                        serde_json::to_string(&inverse)?
                    ],
                )?;
                Some(tx.last_insert_rowid())
            }
        };
        tx.execute(
            "INSERT INTO oplog(op, at_ms) VALUES (?1, ?2)",
            params![op_json, now_ms()],
        )?;
        let version = u32::try_from(tx.last_insert_rowid())
            .map_err(|_| Error::Storage("version overflow".into()))?;
        store::set_meta(&tx, "next_id", &self.next_id.to_string())?;
        tx.commit()?;

        // Committed: now the memory follows.
        match (step, new_seq) {
            (Some((_, true)), _) => move_top(&mut self.done, &mut self.undone),
            (Some((_, false)), _) => move_top(&mut self.undone, &mut self.done),
            (None, Some(seq)) => {
                self.undone.clear();
                self.done.push(Step {
                    seq,
                    label: label.clone(),
                });
            }
            (None, None) => {}
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
    fn only_resizes(&self, moves: &[crate::op::Placement]) -> bool {
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

    fn stored_patches(&self, seq: i64, column: &str) -> Result<Vec<Patch>> {
        let sql = format!("SELECT {column} FROM history WHERE seq = ?1");
        let json: Option<String> = self.conn.query_row(&sql, [seq], |r| r.get(0)).optional()?;
        let json = json.ok_or_else(|| Error::Storage(format!("history entry {seq} is missing")))?;
        Ok(serde_json::from_str(&json)?)
    }

    /// Drops the undo history (the demo engagement starts with none).
    pub fn forget_history(&mut self) -> Result<()> {
        self.conn.execute("DELETE FROM history", [])?;
        self.done.clear();
        self.undone.clear();
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

    fn is_noop(&self, p: &Patch) -> bool {
        match p {
            Patch::Info { info } => *info == self.state.info,
            Patch::Put { record } => self.state.holds(record),
            Patch::Remove { table, id } => !self.state.contains(*table, id),
        }
    }

    /// The patches that undo `patches`, in reverse order.
    fn inverse_of(&self, patches: &[Patch]) -> Vec<Patch> {
        let restore = |table: Table, id: &str| match self.state.get(table, id) {
            Some(record) => Patch::Put { record },
            None => Patch::Remove {
                table,
                id: id.to_string(),
            },
        };
        patches
            .iter()
            .rev()
            .map(|p| match p {
                Patch::Info { .. } => Patch::Info {
                    info: self.state.info.clone(),
                },
                Patch::Put { record } => restore(record.table(), record.id()),
                Patch::Remove { table, id } => restore(*table, id),
            })
            .collect()
    }

    fn apply_to_memory(&mut self, p: Patch, change: &mut Change) {
        match p {
            Patch::Info { info } => {
                self.state.info = info.clone();
                change.info = Some(info);
            }
            Patch::Put { record } => {
                change.record_put(record.clone());
                self.state.put(record);
            }
            Patch::Remove { table, id } => {
                self.state.remove(table, &id);
                change.record_removed(table, id);
            }
        }
    }

    fn id_taken(&self, id: &str) -> bool {
        Table::ALL.iter().any(|t| self.state.contains(*t, id))
    }

    fn new_id(&mut self, prefix: &str) -> String {
        loop {
            let id = format!("{prefix}{}", self.next_id);
            self.next_id += 1;
            if !self.id_taken(&id) {
                return id;
            }
        }
    }

    fn pick_id(&mut self, given: Option<String>, prefix: &str) -> Result<String> {
        match given {
            None => Ok(self.new_id(prefix)),
            Some(id) => {
                validate_id(&id)?;
                if self.id_taken(&id) {
                    return Err(Error::invalid(format!("Id '{id}' is already used")));
                }
                Ok(id)
            }
        }
    }

    fn element(&self, id: &str) -> Result<&Element> {
        self.state
            .elements
            .get(id)
            .ok_or_else(|| Error::not_found("Element", id))
    }

    fn diagram(&self, id: &str) -> Result<&Diagram> {
        self.state
            .diagrams
            .get(id)
            .ok_or_else(|| Error::not_found("Diagram", id))
    }

    /// Removes elements and what hangs off them: their threat links (a threat
    /// left with no element goes too), not-applicable marks and dismissals.
    fn removal_patches(&self, ids: BTreeSet<String>) -> Vec<Patch> {
        let mut patches = Vec::new();
        for t in unlinked(&self.state.threats, &ids) {
            patches.push(if t.element_ids.is_empty() {
                Patch::Remove {
                    table: Table::Threat,
                    id: t.id,
                }
            } else {
                Patch::Put {
                    record: Record::Threat(t),
                }
            });
        }
        let puts = unlinked(&self.state.components, &ids)
            .into_iter()
            .map(Record::Component)
            .chain(
                unlinked(&self.state.notes, &ids)
                    .into_iter()
                    .map(Record::Note),
            )
            .chain(
                unlinked(&self.state.answers, &ids)
                    .into_iter()
                    .map(Record::Answer),
            );
        patches.extend(puts.map(|record| Patch::Put { record }));
        for na in self
            .state
            .not_applicable
            .values()
            .filter(|n| ids.contains(&n.element_id))
        {
            patches.push(Patch::Remove {
                table: Table::NotApplicable,
                id: na.id.clone(),
            });
        }
        for d in self.state.dismissals.keys() {
            if d.rsplit_once('@')
                .is_some_and(|(_, element)| ids.contains(element))
            {
                patches.push(Patch::Remove {
                    table: Table::Dismissal,
                    id: d.clone(),
                });
            }
        }
        // Flows before nodes, so an undo restores nodes before their flows.
        let (flows, nodes): (Vec<&String>, Vec<&String>) = ids.iter().partition(|id| {
            self.state
                .elements
                .get(*id)
                .is_some_and(|e| e.kind == ElementKind::DataFlow)
        });
        for id in flows.into_iter().chain(nodes) {
            patches.push(Patch::Remove {
                table: Table::Element,
                id: id.clone(),
            });
        }
        patches
    }

    /// Gives a new record a fresh id (an empty one) or checks the record exists.
    fn resolve_id(&mut self, id: &mut String, prefix: &str, table: Table) -> Result<Vec<String>> {
        if id.is_empty() {
            *id = self.new_id(prefix);
            return Ok(vec![id.clone()]);
        }
        if !self.state.contains(table, id) {
            return Err(Error::not_found("Record", id));
        }
        Ok(vec![])
    }

    fn threat(&self, id: &str) -> Result<&Threat> {
        self.state
            .threats
            .get(id)
            .ok_or_else(|| Error::not_found("Threat", id))
    }

    fn session(&self, id: &str) -> Result<&Session> {
        self.state
            .sessions
            .get(id)
            .ok_or_else(|| Error::not_found("Session", id))
    }

    fn note(&self, id: &str) -> Result<&Note> {
        self.state
            .notes
            .get(id)
            .ok_or_else(|| Error::not_found("Note", id))
    }

    fn validate_elements(&self, ids: &[String]) -> Result<()> {
        let mut seen = BTreeSet::new();
        for id in ids {
            self.element(id)?;
            if !seen.insert(id) {
                return Err(Error::invalid("An element is listed twice"));
            }
        }
        Ok(())
    }

    fn validate_session(&self, s: &Session) -> Result<()> {
        validate_title(&s.title, "A session needs a title")?;
        validate_date(&s.date)?;
        if s.planned_minutes > 24 * 60 {
            return Err(Error::invalid("A session is planned for at most 24 hours"));
        }
        let mut seen = BTreeSet::new();
        for a in &s.attendees {
            self.state
                .people
                .get(&a.person_id)
                .ok_or_else(|| Error::not_found("Person", &a.person_id))?;
            if !seen.insert(&a.person_id) {
                return Err(Error::invalid("A person attends once"));
            }
        }
        validate_text(&s.recording)
    }

    fn validate_note(&self, n: &Note) -> Result<()> {
        self.session(&n.session_id)?;
        if n.text.trim().is_empty() {
            return Err(Error::invalid("A note needs some text"));
        }
        validate_text(&n.text)?;
        self.validate_elements(&n.element_ids)?;
        if let Some(author) = &n.author_id {
            self.state
                .people
                .get(author)
                .ok_or_else(|| Error::not_found("Person", author))?;
        }
        if let Some(q) = &n.answers {
            let question = self.note(q)?;
            if question.kind != NoteKind::Question || n.kind != NoteKind::Answer {
                return Err(Error::invalid("An answer answers a question"));
            }
        }
        Ok(())
    }

    /// A suggestion can be accepted or dismissed once, for an element that exists.
    fn check_pending(&self, s: &Suggestion) -> Result<()> {
        if s.key != Suggestion::key_of(&s.rule_id, &s.element_id) {
            return Err(Error::invalid(
                "The suggestion's key does not match its rule and element",
            ));
        }
        let e = self.element(&s.element_id)?;
        if !s.category.applies_to(e.kind) {
            return Err(Error::invalid(
                "The suggestion's category does not apply to its element",
            ));
        }
        let accepted = self
            .state
            .threats
            .values()
            .any(|t| matches!(&t.origin, Origin::Rule { key, .. } if *key == s.key));
        if accepted {
            return Err(Error::invalid("This suggestion was already accepted"));
        }
        if self.state.dismissals.contains_key(&s.key) {
            return Err(Error::invalid("This suggestion was already dismissed"));
        }
        Ok(())
    }

    fn validate_threat(&self, t: &Threat) -> Result<()> {
        if t.element_ids.is_empty() {
            return Err(Error::invalid("A threat affects at least one element"));
        }
        let mut seen = BTreeSet::new();
        for id in &t.element_ids {
            let e = self.element(id)?;
            if !seen.insert(id) {
                return Err(Error::invalid(format!("'{}' is listed twice", e.name)));
            }
            if !t.category.applies_to(e.kind) {
                return Err(Error::invalid(format!(
                    "{} does not apply to a {} (STRIDE per element)",
                    t.category.label(),
                    e.kind.label().to_lowercase()
                )));
            }
        }
        if t.title.trim().is_empty() {
            return Err(Error::invalid("A threat needs a title"));
        }
        validate_name(&t.title)?;
        let long = [&t.scenario, &t.impact.rationale, &t.likelihood.rationale];
        if long.iter().any(|s| s.chars().count() > MAX_DESCRIPTION)
            || t.recommended_actions
                .iter()
                .any(|a| a.chars().count() > MAX_DESCRIPTION)
        {
            return Err(Error::invalid(format!(
                "A text field is at most {MAX_DESCRIPTION} characters"
            )));
        }
        for r in &t.references {
            let ok = r.split_once('-').is_some_and(|(kind, n)| {
                matches!(kind, "CWE" | "CAPEC")
                    && !n.is_empty()
                    && n.len() <= 6
                    && n.chars().all(|c| c.is_ascii_digit())
            });
            if !ok {
                return Err(Error::invalid(format!(
                    "'{r}' is not a CWE or CAPEC id (like CWE-319 or CAPEC-94)"
                )));
            }
        }
        if let Some(o) = &t.risk_override {
            if o.justification.trim().is_empty() {
                return Err(Error::invalid(
                    "Overriding the risk level needs a justification",
                ));
            }
        }
        Ok(())
    }

    /// Turns an op into patches, or says why it cannot be done.
    fn plan(&mut self, op: Op) -> Result<(Vec<Patch>, Vec<String>)> {
        let put = |element: Element| Patch::Put {
            record: Record::Element(element),
        };
        Ok(match op {
            Op::SetInfo { info } => {
                validate_info(&info)?;
                (vec![Patch::Info { info }], vec![])
            }
            Op::AddDiagram { id, name } => {
                validate_name(&name)?;
                let id = self.pick_id(id, "d")?;
                let position = self
                    .state
                    .diagrams
                    .values()
                    .map(|d| d.position + 1)
                    .max()
                    .unwrap_or(0);
                (
                    vec![Patch::Put {
                        record: Record::Diagram(Diagram {
                            id: id.clone(),
                            name,
                            position,
                        }),
                    }],
                    vec![id],
                )
            }
            Op::RenameDiagram { id, name } => {
                validate_name(&name)?;
                let diagram = Diagram {
                    name,
                    ..self.diagram(&id)?.clone()
                };
                (
                    vec![Patch::Put {
                        record: Record::Diagram(diagram),
                    }],
                    vec![],
                )
            }
            Op::DeleteDiagram { id } => {
                self.diagram(&id)?;
                if self.state.diagrams.len() == 1 {
                    return Err(Error::invalid("An engagement keeps at least one diagram"));
                }
                let ids = self.state.elements_of(&id).map(|e| e.id.clone()).collect();
                let mut patches = self.removal_patches(ids);
                patches.push(Patch::Remove {
                    table: Table::Diagram,
                    id,
                });
                (patches, vec![])
            }
            Op::AddElement {
                id,
                diagram_id,
                kind,
                name,
                rect,
            } => {
                self.diagram(&diagram_id)?;
                if !kind.is_node() {
                    return Err(Error::invalid(
                        "A data flow is drawn between two elements (Connect)",
                    ));
                }
                validate_name(&name)?;
                validate_rect(&rect)?;
                let prefix = if kind == ElementKind::TrustBoundary {
                    "b"
                } else {
                    "n"
                };
                let id = self.pick_id(id, prefix)?;
                let element = Element {
                    id: id.clone(),
                    diagram_id,
                    kind,
                    name,
                    description: String::new(),
                    rect,
                    source: None,
                    target: None,
                    props: Default::default(),
                };
                (vec![put(element)], vec![id])
            }
            Op::Connect {
                id,
                diagram_id,
                source,
                target,
                name,
            } => {
                self.diagram(&diagram_id)?;
                validate_name(&name)?;
                for end in [&source, &target] {
                    let e = self.element(end)?;
                    if e.diagram_id != diagram_id {
                        return Err(Error::invalid(
                            "A data flow connects elements of the same diagram",
                        ));
                    }
                    if !e.kind.is_endpoint() {
                        return Err(Error::invalid(format!(
                            "A data flow cannot start or end at a {}",
                            e.kind.label().to_lowercase()
                        )));
                    }
                }
                if source == target {
                    return Err(Error::invalid(
                        "A data flow connects two different elements",
                    ));
                }
                let id = self.pick_id(id, "f")?;
                let element = Element {
                    id: id.clone(),
                    diagram_id,
                    kind: ElementKind::DataFlow,
                    name,
                    description: String::new(),
                    rect: Rect::default(),
                    source: Some(source),
                    target: Some(target),
                    props: Default::default(),
                };
                (vec![put(element)], vec![id])
            }
            Op::Place { moves } => {
                let mut seen = BTreeSet::new();
                let mut patches = Vec::with_capacity(moves.len());
                for m in moves {
                    validate_rect(&m.rect)?;
                    let e = self.element(&m.id)?;
                    if !e.kind.is_node() {
                        return Err(Error::invalid(
                            "A data flow follows its ends; move them instead",
                        ));
                    }
                    if !seen.insert(m.id.clone()) {
                        return Err(Error::invalid(format!("'{}' is placed twice", m.id)));
                    }
                    patches.push(put(Element {
                        rect: m.rect,
                        ..e.clone()
                    }));
                }
                (patches, vec![])
            }
            Op::Rename { id, name } => {
                validate_name(&name)?;
                (
                    vec![put(Element {
                        name,
                        ..self.element(&id)?.clone()
                    })],
                    vec![],
                )
            }
            Op::SetDescription { id, description } => {
                if description.chars().count() > MAX_DESCRIPTION {
                    return Err(Error::invalid(format!(
                        "A description is at most {MAX_DESCRIPTION} characters"
                    )));
                }
                (
                    vec![put(Element {
                        description,
                        ..self.element(&id)?.clone()
                    })],
                    vec![],
                )
            }
            Op::SetProperty { id, key, value } => {
                let mut e = self.element(&id)?.clone();
                match value {
                    Some(v) => {
                        props::validate(e.kind, &key, &v)?;
                        e.props.insert(key, v);
                    }
                    None => {
                        if !props::catalog().iter().any(|d| d.key == key) {
                            return Err(Error::invalid(format!("Unknown property '{key}'")));
                        }
                        e.props.remove(&key);
                    }
                }
                (vec![put(e)], vec![])
            }
            Op::Delete { ids } => {
                if ids.is_empty() {
                    return Err(Error::invalid("Nothing selected to delete"));
                }
                let mut all = BTreeSet::new();
                for id in &ids {
                    self.element(id)?;
                    all.insert(id.clone());
                    all.extend(self.state.flows_touching(id).map(|f| f.id.clone()));
                }
                (self.removal_patches(all), vec![])
            }
            Op::AddThreat { mut threat } => {
                if threat.origin != Origin::Manual {
                    return Err(Error::invalid(
                        "A rule's threat is added by accepting its suggestion",
                    ));
                }
                check_new_finding(&threat)?;
                let given = (!threat.id.is_empty()).then(|| threat.id.clone());
                threat.id = self.pick_id(given, "t")?;
                self.validate_threat(&threat)?;
                let id = threat.id.clone();
                (
                    vec![Patch::Put {
                        record: Record::Threat(threat),
                    }],
                    vec![id],
                )
            }
            Op::UpdateThreat { mut threat } => {
                let old = self
                    .state
                    .threats
                    .get(&threat.id)
                    .ok_or_else(|| Error::not_found("Threat", &threat.id))?;
                // Provenance and the delivery history are not edited by hand.
                threat.origin = old.origin.clone();
                threat.source = old.source.clone();
                threat.lifecycle = old.lifecycle;
                threat.lifecycle_history = old.lifecycle_history.clone();
                threat.comments = old.comments.clone();
                self.validate_threat(&threat)?;
                (
                    vec![Patch::Put {
                        record: Record::Threat(threat),
                    }],
                    vec![],
                )
            }
            Op::DeleteThreat { id } => {
                if !self.state.threats.contains_key(&id) {
                    return Err(Error::not_found("Threat", &id));
                }
                (
                    vec![Patch::Remove {
                        table: Table::Threat,
                        id,
                    }],
                    vec![],
                )
            }
            Op::AcceptSuggestion { suggestion } => {
                self.check_pending(&suggestion)?;
                let mut threat = suggestion.to_threat();
                threat.id = self.new_id("t");
                self.validate_threat(&threat)?;
                let id = threat.id.clone();
                (
                    vec![Patch::Put {
                        record: Record::Threat(threat),
                    }],
                    vec![id],
                )
            }
            Op::DismissSuggestion { suggestion, reason } => {
                self.check_pending(&suggestion)?;
                let reason = validate_reason(&reason)?;
                let mut patches = vec![Patch::Put {
                    record: Record::Dismissal(Dismissal {
                        id: suggestion.key.clone(),
                        reason: reason.clone(),
                    }),
                }];
                let na_id = NotApplicable::key(&suggestion.element_id, suggestion.category);
                if !self.state.not_applicable.contains_key(&na_id) {
                    patches.push(Patch::Put {
                        record: Record::NotApplicable(NotApplicable {
                            id: na_id,
                            element_id: suggestion.element_id,
                            category: suggestion.category,
                            reason,
                        }),
                    });
                }
                (patches, vec![])
            }
            Op::SetNotApplicable {
                element_id,
                category,
                reason,
            } => {
                let e = self.element(&element_id)?;
                if !category.applies_to(e.kind) {
                    return Err(Error::invalid(format!(
                        "{} does not apply to a {}",
                        category.label(),
                        e.kind.label().to_lowercase()
                    )));
                }
                let id = NotApplicable::key(&element_id, category);
                let patch = match reason {
                    Some(reason) => {
                        let reason = validate_reason(&reason)?;
                        Patch::Put {
                            record: Record::NotApplicable(NotApplicable {
                                id,
                                element_id,
                                category,
                                reason,
                            }),
                        }
                    }
                    None => Patch::Remove {
                        table: Table::NotApplicable,
                        id,
                    },
                };
                (vec![patch], vec![])
            }
            Op::PutPerson { mut person } => {
                validate_title(&person.name, "A person needs a name")?;
                validate_name(&person.role)?;
                let created = self.resolve_id(&mut person.id, "p", Table::Person)?;
                (
                    vec![Patch::Put {
                        record: Record::Person(person),
                    }],
                    created,
                )
            }
            Op::DeletePerson { id } => {
                self.state
                    .people
                    .get(&id)
                    .ok_or_else(|| Error::not_found("Person", &id))?;
                let mut patches = Vec::new();
                for s in self
                    .state
                    .sessions
                    .values()
                    .filter(|s| s.attendees.iter().any(|a| a.person_id == id))
                {
                    let attendees = s
                        .attendees
                        .iter()
                        .filter(|a| a.person_id != id)
                        .cloned()
                        .collect();
                    patches.push(Patch::Put {
                        record: Record::Session(Session {
                            attendees,
                            ..s.clone()
                        }),
                    });
                }
                for n in self
                    .state
                    .notes
                    .values()
                    .filter(|n| n.author_id.as_deref() == Some(id.as_str()))
                {
                    patches.push(Patch::Put {
                        record: Record::Note(Note {
                            author_id: None,
                            ..n.clone()
                        }),
                    });
                }
                patches.push(Patch::Remove {
                    table: Table::Person,
                    id,
                });
                (patches, vec![])
            }
            Op::PutComponent { mut component } => {
                validate_title(&component.name, "A component needs a name")?;
                self.validate_elements(&component.element_ids)?;
                validate_text(&component.notes)?;
                let created = self.resolve_id(&mut component.id, "c", Table::Component)?;
                (
                    vec![Patch::Put {
                        record: Record::Component(component),
                    }],
                    created,
                )
            }
            Op::DeleteComponent { id } => {
                self.state
                    .components
                    .get(&id)
                    .ok_or_else(|| Error::not_found("Component", &id))?;
                (
                    vec![Patch::Remove {
                        table: Table::Component,
                        id,
                    }],
                    vec![],
                )
            }
            Op::PutSession { mut session } => {
                self.validate_session(&session)?;
                let created = self.resolve_id(&mut session.id, "s", Table::Session)?;
                if let Some(old) = self.state.sessions.get(&session.id) {
                    session.started_at_ms = old.started_at_ms;
                    session.ended_at_ms = old.ended_at_ms;
                } else {
                    session.started_at_ms = None;
                    session.ended_at_ms = None;
                }
                (
                    vec![Patch::Put {
                        record: Record::Session(session),
                    }],
                    created,
                )
            }
            Op::DeleteSession { id } => {
                self.session(&id)?;
                let mut patches: Vec<Patch> = self
                    .state
                    .notes
                    .values()
                    .filter(|n| n.session_id == id)
                    .map(|n| Patch::Remove {
                        table: Table::Note,
                        id: n.id.clone(),
                    })
                    .collect();
                patches.push(Patch::Remove {
                    table: Table::Session,
                    id,
                });
                (patches, vec![])
            }
            Op::StartSession { id, at_ms } => {
                let s = self.session(&id)?;
                if s.started_at_ms.is_some() {
                    return Err(Error::invalid(format!("'{}' has already started", s.title)));
                }
                if let Some(running) = self
                    .state
                    .sessions
                    .values()
                    .find(|o| o.started_at_ms.is_some() && o.ended_at_ms.is_none())
                {
                    return Err(Error::invalid(format!(
                        "End '{}' before starting another session",
                        running.title
                    )));
                }
                let session = Session {
                    started_at_ms: Some(time(at_ms)?),
                    ..s.clone()
                };
                (
                    vec![Patch::Put {
                        record: Record::Session(session),
                    }],
                    vec![],
                )
            }
            Op::EndSession { id, at_ms } => {
                let s = self.session(&id)?;
                let Some(started) = s.started_at_ms.filter(|_| s.ended_at_ms.is_none()) else {
                    return Err(Error::invalid(format!("'{}' is not running", s.title)));
                };
                let session = Session {
                    ended_at_ms: Some(time(at_ms)?.max(started)),
                    ..s.clone()
                };
                (
                    vec![Patch::Put {
                        record: Record::Session(session),
                    }],
                    vec![],
                )
            }
            Op::AddNote { mut note, at_ms } => {
                let s = self.session(&note.session_id)?;
                let now = time(at_ms)?;
                if note.offset_ms.is_none() && s.state() == crate::session::SessionState::Running {
                    note.offset_ms = s.started_at_ms.map(|t| (now - t).max(0));
                }
                note.created_at_ms = now;
                note.processing = Processing::Unprocessed;
                self.validate_note(&note)?;
                let created = self.resolve_id(&mut note.id, "note", Table::Note)?;
                (
                    vec![Patch::Put {
                        record: Record::Note(note),
                    }],
                    created,
                )
            }
            Op::UpdateNote { note } => {
                let old = self.note(&note.id)?;
                let note = Note {
                    text: note.text,
                    author_id: note.author_id,
                    kind: note.kind,
                    element_ids: note.element_ids,
                    answers: note.answers,
                    ..old.clone()
                };
                self.validate_note(&note)?;
                (
                    vec![Patch::Put {
                        record: Record::Note(note),
                    }],
                    vec![],
                )
            }
            Op::DeleteNote { id } => {
                self.note(&id)?;
                (
                    vec![Patch::Remove {
                        table: Table::Note,
                        id,
                    }],
                    vec![],
                )
            }
            Op::PromoteNote {
                note_id,
                mut threat,
            } => {
                let note = self.note(&note_id)?.clone();
                if let Processing::Promoted { threat_id } = &note.processing {
                    return Err(Error::invalid(format!(
                        "This note already became threat {threat_id}"
                    )));
                }
                if threat.origin != Origin::Manual {
                    return Err(Error::invalid(
                        "A promoted note makes a hand-written threat",
                    ));
                }
                check_new_finding(&threat)?;
                threat.id = self.new_id("t");
                threat.source = Some(NoteSource {
                    session_id: note.session_id.clone(),
                    note_id: note.id.clone(),
                    offset_ms: note.offset_ms,
                });
                self.validate_threat(&threat)?;
                let id = threat.id.clone();
                let note = Note {
                    processing: Processing::Promoted {
                        threat_id: id.clone(),
                    },
                    ..note
                };
                (
                    vec![
                        Patch::Put {
                            record: Record::Threat(threat),
                        },
                        Patch::Put {
                            record: Record::Note(note),
                        },
                    ],
                    vec![id],
                )
            }
            Op::SetNoteReference { note_id, reference } => {
                let note = self.note(&note_id)?.clone();
                if matches!(note.processing, Processing::Promoted { .. }) {
                    return Err(Error::invalid(
                        "This note became a threat; delete the threat first",
                    ));
                }
                let processing = if reference {
                    Processing::Reference
                } else {
                    Processing::Unprocessed
                };
                (
                    vec![Patch::Put {
                        record: Record::Note(Note { processing, ..note }),
                    }],
                    vec![],
                )
            }
            Op::MoveFinding {
                threat_id,
                to,
                by,
                comment,
                at_ms,
            } => {
                let t = self.threat(&threat_id)?;
                if !t.lifecycle.next().contains(&to) {
                    return Err(Error::invalid(
                        format!("A {:?} finding cannot become {:?}", t.lifecycle, to)
                            .to_lowercase(),
                    ));
                }
                validate_title(&by, "Say who moves the finding")?;
                validate_text(&comment)?;
                let mut t = t.clone();
                t.lifecycle_history.push(LifecycleEvent {
                    from: t.lifecycle,
                    to,
                    by,
                    at_ms: time(at_ms)?,
                    comment,
                });
                t.lifecycle = to;
                (
                    vec![Patch::Put {
                        record: Record::Threat(t),
                    }],
                    vec![],
                )
            }
            Op::RecordDelivery {
                label,
                filter,
                at_ms,
            } => {
                validate_title(&label, "Name the delivery")?;
                let at_ms = time(at_ms)?;
                let report = crate::report::build(&self.state, &self.uid, &filter, at_ms);
                let delivery = crate::report::Delivery {
                    id: self.new_id("dl"),
                    at_ms,
                    label,
                    findings: report
                        .findings
                        .iter()
                        .map(crate::report::DeliveredFinding::of)
                        .collect(),
                };
                (
                    vec![Patch::Put {
                        record: Record::Delivery(delivery),
                    }],
                    vec![],
                )
            }
            Op::CommentOnFinding {
                threat_id,
                by,
                text,
                from_customer,
                at_ms,
            } => {
                let mut t = self.threat(&threat_id)?.clone();
                validate_title(&by, "Say who comments")?;
                if text.trim().is_empty() {
                    return Err(Error::invalid("A comment needs some text"));
                }
                validate_text(&text)?;
                t.comments.push(Comment {
                    by,
                    at_ms: time(at_ms)?,
                    text,
                    from_customer,
                });
                (
                    vec![Patch::Put {
                        record: Record::Threat(t),
                    }],
                    vec![],
                )
            }
            Op::PutQuestion { mut question } => {
                validate_title(&question.text, "A question needs some text")?;
                validate_title(&question.topic, "A question belongs to a topic")?;
                if crate::checklist::builtin()
                    .iter()
                    .any(|q| q.id == question.id)
                {
                    return Err(Error::invalid(
                        "Built-in questions cannot be changed; add your own",
                    ));
                }
                let created = self.resolve_id(&mut question.id, "q", Table::Question)?;
                (
                    vec![Patch::Put {
                        record: Record::Question(question),
                    }],
                    created,
                )
            }
            Op::DeleteQuestion { id } => {
                if !self.state.questions.contains_key(&id) {
                    return Err(Error::not_found("Question", &id));
                }
                let mut patches = vec![Patch::Remove {
                    table: Table::Answer,
                    id: id.clone(),
                }];
                patches.push(Patch::Remove {
                    table: Table::Question,
                    id,
                });
                (patches, vec![])
            }
            Op::AnswerChecklist {
                answer,
                set_property,
            } => {
                let question = crate::checklist::find(&self.state, &answer.id)
                    .ok_or_else(|| Error::not_found("Question", &answer.id))?;
                self.validate_elements(&answer.element_ids)?;
                validate_text(&answer.answer)?;
                validate_text(&answer.led_to)?;
                let mut patches = Vec::new();
                if set_property {
                    let (Some(key), Some(value)) = (&question.property, &question.value) else {
                        return Err(Error::invalid("This question sets no property"));
                    };
                    let targets: Vec<&Element> = answer
                        .element_ids
                        .iter()
                        .filter_map(|id| self.state.elements.get(id))
                        .filter(|e| props::validate(e.kind, key, value).is_ok())
                        .collect();
                    if targets.is_empty() {
                        return Err(Error::invalid("Link an element the property applies to"));
                    }
                    for e in targets {
                        let mut e = e.clone();
                        e.props.insert(key.clone(), value.clone());
                        patches.push(Patch::Put {
                            record: Record::Element(e),
                        });
                    }
                }
                patches.push(Patch::Put {
                    record: Record::Answer(answer),
                });
                (patches, vec![])
            }
            Op::Undo | Op::Redo => unreachable_history_op()?,
        })
    }
}

/// Records that name diagram elements: deleting an element unlinks it from them.
trait LinksElements: Clone {
    fn links(&self) -> &Vec<String>;
    fn links_mut(&mut self) -> &mut Vec<String>;
}

macro_rules! links_elements {
    ($($t:ty),*) => {$(
        impl LinksElements for $t {
            fn links(&self) -> &Vec<String> { &self.element_ids }
            fn links_mut(&mut self) -> &mut Vec<String> { &mut self.element_ids }
        }
    )*};
}
links_elements!(Threat, Component, Note, ChecklistAnswer);

/// The records that link any of `ids`, with those links dropped.
fn unlinked<T: LinksElements>(
    records: &std::collections::BTreeMap<String, T>,
    ids: &BTreeSet<String>,
) -> Vec<T> {
    records
        .values()
        .filter(|r| r.links().iter().any(|e| ids.contains(e)))
        .map(|r| {
            let mut r = r.clone();
            r.links_mut().retain(|e| !ids.contains(e));
            r
        })
        .collect()
}

/// Undo and redo are handled before planning; reaching here is a logic error,
/// reported as an error rather than a panic.
fn unreachable_history_op() -> Result<(Vec<Patch>, Vec<String>)> {
    Err(Error::Storage("undo/redo reached the planner".into()))
}

fn move_top(from: &mut Vec<Step>, to: &mut Vec<Step>) {
    if let Some(step) = from.pop() {
        to.push(step);
    }
}

fn write_patch(conn: &Connection, p: &Patch) -> Result<()> {
    match p {
        Patch::Info { info } => store::set_meta(conn, "info", &serde_json::to_string(info)?),
        Patch::Put { record } => store::put(conn, record),
        Patch::Remove { table, id } => store::remove(conn, *table, id),
    }
}

fn now_ms() -> i64 {
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

fn validate_id(id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!("'{id}' is not a valid id")))
    }
}

fn validate_name(name: &str) -> Result<()> {
    if name.chars().count() > MAX_NAME {
        return Err(Error::invalid(format!(
            "A name is at most {MAX_NAME} characters"
        )));
    }
    if name.chars().any(|c| c.is_control()) {
        return Err(Error::invalid("A name is one line of text"));
    }
    Ok(())
}

/// A new threat starts as a draft with no delivery history.
fn check_new_finding(t: &Threat) -> Result<()> {
    let fresh = t.lifecycle == crate::threat::FindingState::Draft
        && t.lifecycle_history.is_empty()
        && t.comments.is_empty();
    if !fresh {
        return Err(Error::invalid(
            "A new threat starts as a draft, without history",
        ));
    }
    Ok(())
}

fn validate_title(title: &str, empty: &str) -> Result<()> {
    if title.trim().is_empty() {
        return Err(Error::invalid(empty));
    }
    validate_name(title)
}

fn validate_text(text: &str) -> Result<()> {
    if text.chars().count() > MAX_DESCRIPTION {
        return Err(Error::invalid(format!(
            "A text is at most {MAX_DESCRIPTION} characters"
        )));
    }
    Ok(())
}

/// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, or empty while undecided.
fn validate_date(date: &str) -> Result<()> {
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    let ok = match date.split_once(' ') {
        _ if date.is_empty() => true,
        None => is_day(date, &digits),
        Some((day, hm)) => {
            is_day(day, &digits)
                && hm
                    .split_once(':')
                    .is_some_and(|(h, m)| digits(h, 2) && digits(m, 2))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "'{date}' is not a date like 2026-12-03 or 2026-12-03 14:00"
        )))
    }
}

fn is_day(s: &str, digits: &dyn Fn(&str, usize) -> bool) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2))
}

/// A time from an op (ms since the epoch), or now.
fn time(at_ms: Option<f64>) -> Result<i64> {
    match at_ms {
        None => Ok(now_ms()),
        Some(t) if (0.0..1e15).contains(&t) => Ok(t as i64),
        Some(_) => Err(Error::invalid("Not a valid time")),
    }
}

fn validate_reason(reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("Say why it does not apply"));
    }
    if reason.chars().count() > MAX_DESCRIPTION {
        return Err(Error::invalid(format!(
            "A reason is at most {MAX_DESCRIPTION} characters"
        )));
    }
    Ok(reason.to_string())
}

fn validate_info(info: &EngagementInfo) -> Result<()> {
    if !info.risk_matrix.is_valid() {
        return Err(Error::invalid(
            "The risk matrix has three rows of three levels",
        ));
    }
    for field in [&info.name, &info.customer, &info.application] {
        validate_name(field)?;
    }
    if info.description.chars().count() > MAX_DESCRIPTION {
        return Err(Error::invalid(format!(
            "A description is at most {MAX_DESCRIPTION} characters"
        )));
    }
    Ok(())
}

fn validate_rect(r: &Rect) -> Result<()> {
    let finite = [r.x, r.y, r.width, r.height].iter().all(|v| v.is_finite());
    if !finite || r.x.abs() > MAX_COORD || r.y.abs() > MAX_COORD {
        return Err(Error::invalid("Position is off the canvas"));
    }
    if r.width <= 0.0 || r.height <= 0.0 || r.width > MAX_SIZE || r.height > MAX_SIZE {
        return Err(Error::invalid("Size must be positive and reasonable"));
    }
    Ok(())
}
