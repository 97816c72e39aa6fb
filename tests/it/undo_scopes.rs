//! Undo scopes (issue 12): each view undoes its own kind of change, a selective
//! undo that would overwrite a later change is refused, and the scopes survive
//! a relaunch and a migration.

use crate::common::*;
use threatloom::engine::store::MIGRATIONS;

const FINDINGS: UndoScope = UndoScope::Findings;

fn undo(scope: UndoScope) -> Op {
    Op::Undo { scope }
}
fn redo(scope: UndoScope) -> Op {
    Op::Redo { scope }
}

/// A process with one threat on it: (process, threat).
fn process_with_threat(eng: &mut Engagement) -> (String, String) {
    let app = add(eng, ElementKind::Process, "App", at(0.0, 0.0));
    let t = eng
        .apply(Op::AddThreat {
            threat: Threat::quick(&app, Stride::Spoofing, "Weak SSO"),
        })
        .expect("threat")
        .created[0]
        .clone();
    (app, t)
}

fn report(t: &str) -> Op {
    Op::MoveFinding {
        threat_ids: vec![t.into()],
        to: FindingState::Reported,
        by: "Ana".into(),
        comment: String::new(),
        at_ms: Some(1_780_000_000_000.0),
    }
}

fn edit_title(eng: &Engagement, t: &str, title: &str) -> Op {
    Op::UpdateThreat {
        threat: Threat {
            title: title.into(),
            ..eng.state().threats[t].clone()
        },
    }
}

fn state_of(eng: &Engagement, t: &str) -> FindingState {
    eng.state().threats[t].lifecycle
}

#[test]
fn the_canvas_undoes_its_rename_and_findings_undoes_the_move() {
    let (_dir, mut eng) = new_engagement();
    let (app, t) = process_with_threat(&mut eng);
    eng.apply(report(&t)).expect("move");
    eng.apply(Op::Rename {
        id: app.clone(),
        name: "API".into(),
    })
    .expect("rename");
    let h = eng.history();
    assert_eq!(h.diagram.undo.as_deref(), Some("Rename"));
    assert_eq!(h.findings.undo.as_deref(), Some("Move finding to Reported"));

    let change = eng.apply(UNDO).expect("undo on the canvas");
    assert_eq!(change.label, "Undo rename");
    assert_eq!(eng.state().elements[&app].name, "App");
    assert_eq!(state_of(&eng, &t), FindingState::Reported, "the move stays");

    eng.apply(undo(FINDINGS)).expect("undo in Findings");
    assert_eq!(state_of(&eng, &t), FindingState::Draft);
    assert_eq!(eng.history().findings.undo, None);
    assert_eq!(eng.history().diagram.undo.as_deref(), Some("Add threat"));
}

#[test]
fn a_delivery_cannot_be_undone_from_the_canvas() {
    let (_dir, mut eng) = new_engagement();
    eng.apply(Op::RecordDelivery {
        label: "Report v1".into(),
        filter: ExportFilter::default(),
        at_ms: Some(1_780_000_000_000.0),
    })
    .expect("deliver");
    assert_eq!(eng.apply(UNDO), Err(Error::NothingToUndo));
    assert_eq!(eng.state().deliveries.len(), 1);
    eng.apply(undo(FINDINGS)).expect("undo in Findings");
    assert!(eng.state().deliveries.is_empty());
}

#[test]
fn a_selective_undo_over_a_later_change_is_refused_and_changes_nothing() {
    let (dir, mut eng) = new_engagement();
    let (_, t) = process_with_threat(&mut eng);
    let edit = edit_title(&eng, &t, "Weak single sign-on");
    eng.apply(edit).expect("edit on the canvas");
    eng.apply(report(&t)).expect("move in Findings");
    let (state, version, history) = (eng.state().clone(), eng.version(), eng.history());

    // The canvas's newest step is the edit; the move came later on the same threat.
    let err = eng.apply(UNDO).expect_err("refused");
    let Error::UndoBlocked { message, blocker } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(blocker, "Move finding to Reported");
    assert_eq!(
        message,
        "To undo 'Edit threat', first undo 'Move finding to Reported' in Findings: it changed the same threat later"
    );
    assert_eq!(eng.state(), &state);
    assert_eq!(eng.version(), version);
    assert_eq!(eng.history(), history);
    drop(eng);
    let mut eng = Engagement::open(&dir.path().join("t.threatmodel")).expect("reopen");
    assert_eq!(eng.state(), &state, "nothing was written either");

    // In order it works: the move first, then the edit.
    eng.apply(undo(FINDINGS)).expect("undo the move");
    eng.apply(UNDO).expect("now the edit");
    assert_eq!(eng.state().threats[&t].title, "Weak SSO");
}

#[test]
fn redo_is_per_scope_and_checked_the_same_way() {
    let (_dir, mut eng) = new_engagement();
    let (app, t) = process_with_threat(&mut eng);
    eng.apply(report(&t)).expect("move");
    eng.apply(undo(FINDINGS)).expect("undo the move");
    eng.apply(Op::Rename {
        id: app.clone(),
        name: "API".into(),
    })
    .expect("a canvas edit");
    assert_eq!(
        eng.history().findings.redo.as_deref(),
        Some("Move finding to Reported"),
        "a new canvas step keeps the other scopes' redo"
    );
    eng.apply(UNDO).expect("undo the rename");
    assert_eq!(eng.history().diagram.redo.as_deref(), Some("Rename"));
    eng.apply(redo(FINDINGS)).expect("redo the move");
    assert_eq!(state_of(&eng, &t), FindingState::Reported);
    eng.apply(REDO).expect("redo the rename");
    assert_eq!(eng.state().elements[&app].name, "API");

    // A new step in Findings drops Findings' redo only.
    eng.apply(UNDO).expect("undo the rename again");
    eng.apply(undo(FINDINGS)).expect("undo the move again");
    eng.apply(Op::CommentOnFinding {
        threat_id: t.clone(),
        by: "Cy".into(),
        text: "Agreed".into(),
        from_customer: true,
        at_ms: Some(1_780_000_000_000.0),
    })
    .expect("feedback");
    assert_eq!(eng.history().findings.redo, None);
    assert_eq!(eng.history().diagram.redo.as_deref(), Some("Rename"));
}

#[test]
fn a_redo_over_a_later_change_is_refused() {
    let (_dir, mut eng) = new_engagement();
    let (_, t) = process_with_threat(&mut eng);
    eng.apply(report(&t)).expect("move");
    eng.apply(undo(FINDINGS)).expect("undo the move");
    let edit = edit_title(&eng, &t, "Weak single sign-on");
    eng.apply(edit).expect("then an edit on the canvas");
    let state = eng.state().clone();
    let err = eng.apply(redo(FINDINGS)).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "To redo 'Move finding to Reported', first undo 'Edit threat' in the diagram: it changed the same threat later"
    );
    assert_eq!(eng.state(), &state);
    eng.apply(UNDO).expect("undo the edit");
    eng.apply(redo(FINDINGS)).expect("then the redo is safe");
    assert_eq!(state_of(&eng, &t), FindingState::Reported);

    // Undone in another scope in between: that step is to be redone first.
    let (_dir, mut eng) = new_engagement();
    let (_, t) = process_with_threat(&mut eng);
    let edit = edit_title(&eng, &t, "Weak single sign-on");
    eng.apply(edit).expect("edit");
    eng.apply(report(&t)).expect("move");
    eng.apply(undo(FINDINGS)).expect("undo the move");
    eng.apply(UNDO)
        .expect("undo the edit: the threat is as the edit left it");
    let err = eng.apply(redo(FINDINGS)).expect_err("refused");
    assert_eq!(
        err,
        Error::UndoBlocked {
            message: "To redo 'Move finding to Reported', first redo 'Edit threat' in the diagram: undoing it changed the same threat later".into(),
            blocker: "Edit threat".into(),
        }
    );
    eng.apply(REDO).expect("redo the edit");
    eng.apply(redo(FINDINGS)).expect("redo the move");
    assert_eq!(eng.state().threats[&t].title, "Weak single sign-on");
    assert_eq!(state_of(&eng, &t), FindingState::Reported);
}

#[test]
fn scopes_survive_a_relaunch() {
    let (dir, mut eng) = new_engagement();
    let (app, t) = process_with_threat(&mut eng);
    eng.apply(report(&t)).expect("move");
    eng.apply(Op::Rename {
        id: app.clone(),
        name: "API".into(),
    })
    .expect("rename");
    eng.apply(Op::SetDescription {
        id: app.clone(),
        description: "Serves the API".into(),
    })
    .expect("describe");
    eng.apply(UNDO).expect("undo the description");
    let history = eng.history();
    drop(eng);

    let mut eng = Engagement::open(&dir.path().join("t.threatmodel")).expect("reopen");
    assert_eq!(eng.history(), history);
    eng.apply(UNDO).expect("the canvas undoes its rename");
    assert_eq!(eng.state().elements[&app].name, "App");
    assert_eq!(state_of(&eng, &t), FindingState::Reported);
    eng.apply(undo(FINDINGS)).expect("Findings undoes its move");
    assert_eq!(state_of(&eng, &t), FindingState::Draft);
    eng.apply(REDO).expect("redo the rename after the relaunch");
    assert_eq!(eng.state().elements[&app].name, "API");
}

#[test]
fn every_op_kind_has_the_scope_of_the_view_that_makes_it() {
    let t = Threat::quick("p1", Stride::Spoofing, "x");
    let cases = [
        (
            Op::Rename {
                id: "p1".into(),
                name: "A".into(),
            },
            UndoScope::Diagram,
        ),
        (Op::UpdateThreat { threat: t.clone() }, UndoScope::Diagram),
        (report("t1"), UndoScope::Findings),
        (
            Op::RecordDelivery {
                label: "v1".into(),
                filter: ExportFilter::default(),
                at_ms: None,
            },
            UndoScope::Findings,
        ),
        (
            Op::PromoteNote {
                note_id: "n1".into(),
                threat: t,
            },
            UndoScope::Notes,
        ),
        (
            Op::SetInfo {
                info: EngagementInfo::default(),
            },
            UndoScope::Scoping,
        ),
        (undo(UndoScope::Notes), UndoScope::Notes),
    ];
    for (op, scope) in cases {
        assert_eq!(op.undo_scope(), scope, "{op:?}");
    }
}

#[test]
fn an_older_file_gets_a_scope_for_every_history_step() {
    let (dir, mut eng) = new_engagement();
    let path = dir.path().join("t.threatmodel");
    let (app, t) = process_with_threat(&mut eng);
    let person = Person {
        id: String::new(),
        name: "Ana".into(),
        side: Side::Team,
        role: "Consultant".into(),
    };
    eng.apply(Op::PutPerson { person }).expect("person");
    let s = plan_session(&mut eng, "Kick-off", "2026-05-04", false);
    let note = Note {
        id: String::new(),
        session_id: s,
        text: "TLS?".into(),
        author_id: None,
        kind: NoteKind::Question,
        offset_ms: None,
        element_ids: vec![app.clone()],
        answers: None,
        processing: Processing::Unprocessed,
        created_at_ms: 0,
    };
    eng.apply(Op::AddNote { note, at_ms: None }).expect("note");
    eng.apply(report(&t)).expect("move");
    eng.apply(Op::RecordDelivery {
        label: "Report v1".into(),
        filter: ExportFilter::default(),
        at_ms: Some(1_780_000_000_000.0),
    })
    .expect("deliver");
    eng.apply(Op::SetInfo {
        info: EngagementInfo {
            name: "Renamed".into(),
            ..eng.state().info.clone()
        },
    })
    .expect("info");
    // Deleting the process also unlinks the note: still the canvas's step.
    eng.apply(Op::Delete { ids: vec![app] }).expect("delete");
    let history = eng.history();
    drop(eng);
    {
        // Turn it back into a file from before the undo scopes.
        let before = MIGRATIONS
            .iter()
            .position(|m| m.adds.contains("undo scope"))
            .expect("the migration");
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(&format!(
            "ALTER TABLE history DROP COLUMN scope; PRAGMA user_version = {before};"
        ))
        .expect("downgrade");
    }
    let eng = Engagement::open(&path).expect("migrate");
    assert_eq!(eng.history(), history);
    drop(eng);
    let conn = rusqlite::Connection::open(&path).expect("open");
    let mut stmt = conn
        .prepare("SELECT label, scope FROM history ORDER BY seq")
        .expect("query");
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    let expected = [
        ("Add process", "diagram"),
        ("Add threat", "diagram"),
        ("Add person", "scoping"),
        ("Plan session", "notes"),
        ("Add note", "notes"),
        ("Move finding to Reported", "findings"),
        ("Record delivery", "findings"),
        ("Edit engagement", "scoping"),
        ("Delete", "diagram"),
    ];
    let rows: Vec<(&str, &str)> = rows.iter().map(|(l, s)| (l.as_str(), s.as_str())).collect();
    assert_eq!(rows, expected);
}
