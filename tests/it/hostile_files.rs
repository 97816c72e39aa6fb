//! Files from someone else: whatever they hold, opening one runs nothing,
//! hangs on nothing, and a refused file is left byte for byte as it was.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A saved engagement with a process, a store, a flow and a threat; returns
/// the path (inside `dir`) and the flow's id.
fn saved(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("theirs.threatmodel");
    let mut eng = Engagement::create(&path, EngagementInfo::default()).expect("create");
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let db = add(&mut eng, ElementKind::DataStore, "DB", at(300.0, 0.0));
    let flow = connect(&mut eng, &app, &db, "SQL");
    eng.apply(Op::AddThreat {
        threat: Threat::quick(&db, Stride::Tampering, "Rows rewritten"),
    })
    .expect("threat");
    (path, flow)
}

/// Changes the file with plain SQL, as a hostile tool would.
fn tamper(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).expect("open raw");
    conn.execute_batch(sql).expect("tamper");
}

/// Opens `path`, expecting a refusal quickly and the file unchanged.
fn refused(path: &Path) -> Error {
    let before = std::fs::read(path).expect("read");
    let started = Instant::now();
    let err = match Engagement::open(path) {
        Ok(_) => panic!("{} was opened", path.display()),
        Err(e) => e,
    };
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused at once, not after {:?}",
        started.elapsed()
    );
    assert_eq!(
        std::fs::read(path).expect("read"),
        before,
        "the refused file is untouched"
    );
    let bak: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
        .expect("ls")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".bak"))
        .collect();
    assert!(bak.is_empty(), "no backup left behind by a refusal");
    err
}

#[test]
fn a_planted_trigger_is_refused_and_never_runs() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, _) = saved(dir.path());
    tamper(
        &path,
        "CREATE TRIGGER evil AFTER INSERT ON oplog BEGIN DELETE FROM threats; END;",
    );
    let err = refused(&path);
    assert!(matches!(err, Error::Unsafe { .. }), "{err:?}");
    assert!(err.to_string().contains("a trigger 'evil'"), "{err}");
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let threats: i64 = conn
        .query_row("SELECT COUNT(*) FROM threats", [], |r| r.get(0))
        .expect("count");
    assert_eq!(threats, 1, "every threat is still there");
}

#[test]
fn a_view_in_place_of_a_table_is_refused_without_running_it() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, _) = saved(dir.path());
    tamper(
        &path,
        "DROP TABLE notes; CREATE VIEW notes(id, data) AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i, '{}' FROM n;",
    );
    let err = refused(&path);
    assert!(err.to_string().contains("a view 'notes'"), "{err}");
}

#[test]
fn anything_extra_or_missing_in_the_schema_is_refused() {
    for (sql, says) in [
        ("CREATE TABLE extra (x);", "the table 'extra'"),
        (
            "CREATE INDEX by_data ON threats(data);",
            "the index 'by_data'",
        ),
        (
            "ALTER TABLE threats ADD COLUMN payload TEXT;",
            "the table 'threats' is not as Threatloom writes it",
        ),
        ("DROP TABLE dismissals;", "'dismissals' is missing"),
    ] {
        let dir = tempfile::tempdir().expect("dir");
        let (path, _) = saved(dir.path());
        tamper(&path, sql);
        let err = refused(&path);
        assert!(err.to_string().contains(says), "{sql}: {err}");
    }
}

#[test]
fn records_beyond_the_apps_limits_are_refused_by_table_and_record() {
    let huge = "x".repeat(20 << 20);
    let cases = [
        (
            format!("UPDATE elements SET data = json_set(data, '$.name', '{huge}') WHERE json_extract(data, '$.kind') = 'process';"),
            "the elements record",
        ),
        (
            "UPDATE elements SET data = json_set(data, '$.name', 'A name that goes on and on' || printf('%.300c', 'x')) WHERE json_extract(data, '$.kind') = 'process';".to_string(),
            "at most 200 characters",
        ),
        (
            "UPDATE elements SET data = json_set(data, '$.rect.x', 1e300) WHERE json_extract(data, '$.kind') = 'process';".to_string(),
            "off the canvas",
        ),
        (
            "UPDATE threats SET data = json_set(data, '$.id', 'someone-else');".to_string(),
            "says its id is 'someone-else'",
        ),
        ("UPDATE threats SET data = '{\"id\": ';".to_string(), "is unreadable"),
        (
            "UPDATE elements SET data = json_set(data, '$.diagram_id', 'd9') WHERE json_extract(data, '$.kind') = 'process';".to_string(),
            "on the diagram 'd9', which the file does not hold",
        ),
        // SQLite's own complaint, still said about this file.
        ("UPDATE meta SET value = X'00FF' WHERE key = 'next_id';".to_string(), "Blob"),
    ];
    for (sql, says) in cases {
        let dir = tempfile::tempdir().expect("dir");
        let (path, _) = saved(dir.path());
        tamper(&path, &sql);
        let err = refused(&path);
        let text = err.to_string();
        assert!(matches!(err, Error::Corrupt { .. }), "{text}");
        assert!(text.contains(says), "{}: {text}", &sql[..sql.len().min(60)]);
        assert!(
            text.contains("theirs.threatmodel"),
            "the file is named: {text}"
        );
    }
}

#[test]
fn a_flow_whose_end_is_gone_opens_with_a_dfd_warning() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, flow) = saved(dir.path());
    tamper(
        &path,
        "DELETE FROM elements WHERE json_extract(data, '$.kind') = 'data_store';",
    );
    let eng = Engagement::open(&path).expect("a dangling reference does not refuse the file");
    assert!(eng.state().elements.contains_key(&flow), "the flow is kept");
    let warnings = threatloom::analysis::graph::warnings(eng.state(), "d1");
    let w = warnings
        .iter()
        .find(|w| w.kind == WarningKind::DanglingFlow)
        .expect("a DFD warning");
    assert_eq!(w.element_id, flow);
    assert!(
        w.message.contains("its target no longer exists"),
        "{}",
        w.message
    );
}

#[test]
fn a_file_of_every_older_version_still_opens() {
    // The expected schema is built per version: a version-4 file (no undo
    // scope, two statuses) is not mistaken for a hostile one.
    let dir = tempfile::tempdir().expect("dir");
    let (path, _) = saved(dir.path());
    tamper(
        &path,
        "ALTER TABLE history DROP COLUMN scope; PRAGMA user_version = 4;",
    );
    let eng = Engagement::open(&path).expect("an older file opens");
    assert_eq!(eng.state().threats.len(), 1);
}

#[test]
fn every_kind_of_record_the_app_writes_reads_back() {
    // The demo holds people, components, sessions, notes, answers, moves and
    // deliveries; a dismissal and a not-applicable mark are added.
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("demo.threatmodel");
    let mut eng = demo::write(&path).expect("demo");
    let state = eng.state().clone();
    let rules = threatloom::analysis::rules::RuleSet::builtin().expect("rules");
    let pending =
        threatloom::analysis::rules::suggest(&state, &rules, &containment_all(&state), None);
    let s = pending.first().expect("a pending suggestion").clone();
    eng.apply(Op::DismissSuggestion {
        suggestion: s,
        reason: "Handled by the platform".into(),
    })
    .expect("dismiss");
    let kinds = |st: &State| {
        Table::ALL
            .iter()
            .filter(|t| match t {
                Table::Dismissal => !st.dismissals.is_empty(),
                Table::NotApplicable => !st.not_applicable.is_empty(),
                _ => true,
            })
            .count()
    };
    let before = eng.state().clone();
    drop(eng);
    let again = Engagement::open(&path).expect("the app's own file reads back");
    assert_eq!(again.state(), &before);
    assert_eq!(
        kinds(&before),
        Table::ALL.len(),
        "every kind of record is in the file"
    );
}

#[test]
fn an_undo_step_beyond_the_limits_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("theirs.threatmodel");
    let app = {
        let mut eng = Engagement::create(&path, EngagementInfo::default()).expect("create");
        let app = add(&mut eng, ElementKind::Process, "Alpha", at(0.0, 0.0));
        eng.apply(Op::Rename {
            id: app.clone(),
            name: "Beta".into(),
        })
        .expect("rename");
        app
    };
    tamper(
        &path,
        "UPDATE history SET inverse = replace(inverse, '\"name\":\"Alpha\"', '\"name\":\"' || printf('%.300c', 'x') || '\"') WHERE seq = (SELECT MAX(seq) FROM history);",
    );
    let mut eng = Engagement::open(&path).expect("the file itself is fine");
    let before = eng.state().clone();
    let err = eng
        .apply(Op::Undo {
            scope: UndoScope::Diagram,
        })
        .expect_err("the planted step is not replayed");
    assert!(err.to_string().contains("beyond the app's limits"), "{err}");
    assert_eq!(eng.state(), &before);
    assert_eq!(eng.state().elements[&app].name, "Beta");
}
