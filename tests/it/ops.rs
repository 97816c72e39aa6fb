//! The one write path: every op applies, undoes and redoes to the identical
//! state, and the state and its history survive closing and reopening the file.

use crate::common::*;

fn small_diagram(eng: &mut Engagement) -> (String, String, String, String, String) {
    let user = add(eng, ElementKind::ExternalEntity, "User", at(0.0, 0.0));
    let app = add(eng, ElementKind::Process, "App", at(300.0, 0.0));
    let db = add(eng, ElementKind::DataStore, "DB", at(600.0, 0.0));
    let f1 = connect(eng, &user, &app, "request");
    let f2 = connect(eng, &app, &db, "query");
    (user, app, db, f1, f2)
}

fn every_kind_of_op(user: &str, app: &str, db: &str, f1: &str) -> Vec<Op> {
    vec![
        Op::SetInfo {
            info: EngagementInfo {
                name: "Renamed".into(),
                customer: "ACME".into(),
                ..Default::default()
            },
        },
        Op::AddDiagram {
            id: None,
            name: "Level 1".into(),
        },
        Op::RenameDiagram {
            id: "d1".into(),
            name: "Context".into(),
        },
        Op::AddElement {
            id: None,
            diagram_id: "d1".into(),
            kind: ElementKind::TrustBoundary,
            name: "DMZ".into(),
            rect: Rect::new(-50.0, -50.0, 500.0, 200.0),
        },
        Op::Connect {
            id: None,
            diagram_id: "d1".into(),
            source: db.into(),
            target: app.into(),
            name: "rows".into(),
        },
        Op::Place {
            moves: vec![
                Placement {
                    id: user.into(),
                    rect: at(10.0, 20.0),
                },
                Placement {
                    id: db.into(),
                    rect: Rect::new(700.0, 5.0, 150.0, 80.0),
                },
            ],
        },
        Op::Rename {
            id: app.into(),
            name: "Web app".into(),
        },
        Op::Rename {
            id: f1.into(),
            name: "login".into(),
        },
        Op::SetDescription {
            id: app.into(),
            description: "Serves the UI".into(),
        },
        Op::SetProperty {
            id: f1.into(),
            key: "encrypted_in_transit".into(),
            value: Some(PropValue::Bool(true)),
        },
        Op::SetProperty {
            id: app.into(),
            key: "authentication".into(),
            value: Some(PropValue::Text("none".into())),
        },
        Op::Delete {
            ids: vec![f1.into()],
        },
        Op::Delete {
            ids: vec![app.into()],
        },
    ]
}

#[test]
fn every_op_applies_undoes_and_redoes_to_the_identical_state() {
    let (_dir, mut eng) = new_engagement();
    let (user, app, db, f1, _) = small_diagram(&mut eng);
    for op in every_kind_of_op(&user, &app, &db, &f1) {
        let before = eng.state().clone();
        let change = eng.apply(op.clone()).expect("apply");
        let after = eng.state().clone();
        assert_ne!(before, after, "{op:?} changed something");
        let scope = op.undo_scope();
        assert!(change.history.of(scope).undo.is_some());
        eng.apply(Op::Undo { scope }).expect("undo");
        assert_eq!(eng.state(), &before, "undo of {op:?}");
        eng.apply(Op::Redo { scope }).expect("redo");
        assert_eq!(eng.state(), &after, "redo of {op:?}");
    }
}

#[test]
fn deleting_a_diagram_takes_its_elements_and_undo_brings_them_back() {
    let (_dir, mut eng) = new_engagement();
    small_diagram(&mut eng);
    eng.apply(Op::AddDiagram {
        id: Some("d2".into()),
        name: "Other".into(),
    })
    .expect("add diagram");
    let before = eng.state().clone();
    eng.apply(Op::DeleteDiagram { id: "d1".into() })
        .expect("delete diagram");
    assert!(eng.state().elements.is_empty());
    assert_eq!(eng.state().diagrams.len(), 1);
    assert!(
        matches!(
            eng.apply(Op::DeleteDiagram { id: "d2".into() }),
            Err(Error::Invalid(_))
        ),
        "the last diagram stays"
    );
    eng.apply(UNDO).expect("undo");
    assert_eq!(eng.state(), &before);
}

#[test]
fn deleting_a_node_takes_its_flows_with_it() {
    let (_dir, mut eng) = new_engagement();
    let (_, app, _, f1, f2) = small_diagram(&mut eng);
    let change = eng
        .apply(Op::Delete {
            ids: vec![app.clone()],
        })
        .expect("delete");
    let mut removed = change.elements_removed.clone();
    removed.sort();
    let mut expected = vec![app, f1, f2];
    expected.sort();
    assert_eq!(removed, expected);
    assert_eq!(eng.state().elements.len(), 2);
}

#[test]
fn state_and_history_survive_reopening_the_file() {
    let (dir, mut eng) = new_engagement();
    let (_, app, _, _, _) = small_diagram(&mut eng);
    eng.apply(Op::Rename {
        id: app.clone(),
        name: "API".into(),
    })
    .expect("rename");
    eng.apply(Op::Rename {
        id: app.clone(),
        name: "Gateway".into(),
    })
    .expect("rename");
    eng.apply(UNDO).expect("undo");
    let state = eng.state().clone();
    let version = eng.version();
    let history = eng.history();
    drop(eng);

    let mut eng = Engagement::open(&dir.path().join("t.threatmodel")).expect("reopen");
    assert_eq!(eng.state(), &state);
    assert_eq!(eng.version(), version);
    assert_eq!(eng.history(), history);
    eng.apply(REDO).expect("redo after reopen");
    assert_eq!(eng.state().elements[&app].name, "Gateway");
    eng.apply(UNDO).expect("undo");
    eng.apply(UNDO).expect("undo the first rename after reopen");
    assert_eq!(eng.state().elements[&app].name, "App");
}

#[test]
fn a_new_edit_after_undo_discards_the_redo_branch() {
    let (dir, mut eng) = new_engagement();
    let (_, app, _, _, _) = small_diagram(&mut eng);
    eng.apply(Op::Rename {
        id: app.clone(),
        name: "A".into(),
    })
    .expect("rename");
    eng.apply(UNDO).expect("undo");
    assert!(eng.history().diagram.redo.is_some());
    eng.apply(Op::Rename {
        id: app.clone(),
        name: "B".into(),
    })
    .expect("rename");
    assert_eq!(eng.history().diagram.redo, None);
    assert_eq!(eng.apply(REDO), Err(Error::NothingToRedo));
    drop(eng);
    let mut eng = Engagement::open(&dir.path().join("t.threatmodel")).expect("reopen");
    assert_eq!(
        eng.apply(REDO),
        Err(Error::NothingToRedo),
        "the discarded branch stays gone after a restart"
    );
}

#[test]
fn undo_with_nothing_to_undo_is_a_typed_error() {
    let (_dir, mut eng) = new_engagement();
    assert_eq!(eng.apply(UNDO), Err(Error::NothingToUndo));
    assert_eq!(eng.apply(REDO), Err(Error::NothingToRedo));
    assert_eq!(eng.version(), 0);
}

#[test]
fn invalid_ops_are_refused_and_change_nothing() {
    let (dir, mut eng) = new_engagement();
    let (user, app, db, f1, _) = small_diagram(&mut eng);
    let boundary = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Zone",
        Rect::new(0.0, 0.0, 900.0, 300.0),
    );
    let before = eng.state().clone();
    let version = eng.version();
    let bad = vec![
        Op::Connect {
            id: None,
            diagram_id: "d1".into(),
            source: user.clone(),
            target: user.clone(),
            name: String::new(),
        },
        Op::Connect {
            id: None,
            diagram_id: "d1".into(),
            source: user.clone(),
            target: boundary.clone(),
            name: String::new(),
        },
        Op::Connect {
            id: None,
            diagram_id: "d1".into(),
            source: user.clone(),
            target: "missing".into(),
            name: String::new(),
        },
        Op::Connect {
            id: None,
            diagram_id: "nope".into(),
            source: user.clone(),
            target: app.clone(),
            name: String::new(),
        },
        Op::AddElement {
            id: None,
            diagram_id: "d1".into(),
            kind: ElementKind::DataFlow,
            name: "x".into(),
            rect: at(0.0, 0.0),
        },
        Op::AddElement {
            id: None,
            diagram_id: "d1".into(),
            kind: ElementKind::Process,
            name: "x".into(),
            rect: Rect::new(f64::NAN, 0.0, 10.0, 10.0),
        },
        Op::AddElement {
            id: None,
            diagram_id: "d1".into(),
            kind: ElementKind::Process,
            name: "x".into(),
            rect: Rect::new(0.0, 0.0, -1.0, 10.0),
        },
        Op::AddElement {
            id: Some(app.clone()),
            diagram_id: "d1".into(),
            kind: ElementKind::Process,
            name: "dup".into(),
            rect: at(0.0, 0.0),
        },
        Op::AddElement {
            id: Some("bad id!".into()),
            diagram_id: "d1".into(),
            kind: ElementKind::Process,
            name: "x".into(),
            rect: at(0.0, 0.0),
        },
        Op::Rename {
            id: app.clone(),
            name: "two\nlines".into(),
        },
        Op::Rename {
            id: app.clone(),
            name: "x".repeat(201),
        },
        Op::Place {
            moves: vec![Placement {
                id: f1.clone(),
                rect: at(0.0, 0.0),
            }],
        },
        Op::Place {
            moves: vec![
                Placement {
                    id: app.clone(),
                    rect: at(1.0, 0.0),
                },
                Placement {
                    id: app.clone(),
                    rect: at(2.0, 0.0),
                },
            ],
        },
        Op::SetProperty {
            id: f1.clone(),
            key: "encrypted_in_transit".into(),
            value: Some(PropValue::Text("yes".into())),
        },
        Op::SetProperty {
            id: db.clone(),
            key: "internet_facing".into(),
            value: Some(PropValue::Bool(true)),
        },
        Op::SetProperty {
            id: app.clone(),
            key: "authentication".into(),
            value: Some(PropValue::Text("magic".into())),
        },
        Op::SetProperty {
            id: app.clone(),
            key: "no_such_property".into(),
            value: None,
        },
        Op::Delete { ids: vec![] },
        Op::Delete {
            ids: vec![app.clone(), "missing".into()],
        },
        Op::DeleteDiagram { id: "d1".into() },
    ];
    for op in bad {
        assert!(eng.apply(op.clone()).is_err(), "{op:?} is refused");
        assert_eq!(eng.state(), &before, "{op:?} changed nothing in memory");
        assert_eq!(eng.version(), version);
    }
    drop(eng);
    let eng = Engagement::open(&dir.path().join("t.threatmodel")).expect("reopen");
    assert_eq!(eng.state(), &before, "and nothing on disk");
}

#[test]
fn an_op_that_changes_nothing_records_nothing() {
    let (_dir, mut eng) = new_engagement();
    let (_, app, _, _, _) = small_diagram(&mut eng);
    let version = eng.version();
    let undo = eng.history().diagram.undo;
    let change = eng
        .apply(Op::Rename {
            id: app.clone(),
            name: "App".into(),
        })
        .expect("same name");
    assert_eq!(change.version, version);
    assert!(change.elements_put.is_empty());
    assert_eq!(eng.history().diagram.undo, undo);
}

#[test]
fn a_change_lists_what_it_touched() {
    let (_dir, mut eng) = new_engagement();
    let (user, app, _, _, _) = small_diagram(&mut eng);
    let change = eng
        .apply(Op::Place {
            moves: vec![
                Placement {
                    id: user.clone(),
                    rect: at(5.0, 5.0),
                },
                Placement {
                    id: app.clone(),
                    rect: at(305.0, 5.0),
                },
            ],
        })
        .expect("move");
    let ids: Vec<_> = change.elements_put.iter().map(|e| e.id.clone()).collect();
    assert_eq!(ids, vec![user, app]);
    assert_eq!(change.label, "Move 2 elements");
    let undo = eng.apply(UNDO).expect("undo");
    assert_eq!(undo.label, "Undo move 2 elements");
    assert_eq!(undo.version, change.version + 1);
}

#[test]
fn save_as_writes_a_copy_and_continues_in_it() {
    let (dir, mut eng) = new_engagement();
    small_diagram(&mut eng);
    let state = eng.state().clone();
    let copy = dir.path().join("copy.threatmodel");
    eng.save_as(&copy).expect("save as");
    assert_eq!(eng.path(), copy.as_path());
    assert_eq!(eng.state(), &state);
    let (_, _, _, _, _) = small_diagram(&mut eng);
    let original = Engagement::open(&dir.path().join("t.threatmodel")).expect("original");
    assert_eq!(
        original.state(),
        &state,
        "edits after save-as go to the copy only"
    );
    assert!(eng.apply(UNDO).is_ok(), "history travels with the copy");
}

#[test]
fn a_placement_that_only_changes_sizes_is_labelled_resize() {
    let (_dir, mut eng) = new_engagement();
    let zone = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Zone",
        Rect::new(0.0, 0.0, 300.0, 300.0),
    );
    let change = eng
        .apply(Op::Place {
            moves: vec![Placement {
                id: zone.clone(),
                rect: Rect::new(0.0, 0.0, 400.0, 300.0),
            }],
        })
        .expect("resize");
    assert_eq!(change.label, "Resize");
    let change = eng
        .apply(Op::Place {
            moves: vec![Placement {
                id: zone,
                rect: Rect::new(10.0, 0.0, 400.0, 300.0),
            }],
        })
        .expect("move");
    assert_eq!(change.label, "Move");
}
