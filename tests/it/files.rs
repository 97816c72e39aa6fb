//! The engagement file refuses what it cannot safely open, and writes nothing to it.

use crate::common::*;
use std::path::Path;

fn fingerprint(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
    let bytes = std::fs::read(path).expect("read");
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime");
    (bytes, modified)
}

fn no_sidecars(path: &Path) -> bool {
    let s = path.display().to_string();
    !Path::new(&format!("{s}-wal")).exists() && !Path::new(&format!("{s}-journal")).exists()
}

#[test]
fn a_file_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("new.threatmodel");
    drop(Engagement::create(&path, EngagementInfo::default()).expect("create"));
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(
            None,
            "user_version",
            threatloom::engine::store::SCHEMA_VERSION + 1,
        )
        .expect("bump");
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("no wal");
    }
    let before = fingerprint(&path);
    match Engagement::open(&path) {
        Err(Error::NewerVersion {
            found, supported, ..
        }) => {
            assert_eq!(found, threatloom::engine::store::SCHEMA_VERSION + 1);
            assert_eq!(supported, threatloom::engine::store::SCHEMA_VERSION);
        }
        other => panic!("expected NewerVersion, got {:?}", other.err()),
    }
    assert_eq!(fingerprint(&path), before);
    assert!(no_sidecars(&path));
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("notes.threatmodel");
    std::fs::write(&path, "these are my notes, not a database\n").expect("write");
    let before = fingerprint(&path);
    assert!(matches!(
        Engagement::open(&path),
        Err(Error::NotAnEngagement { .. })
    ));
    assert_eq!(fingerprint(&path), before);
    assert!(no_sidecars(&path));

    let empty = dir.path().join("empty.threatmodel");
    std::fs::write(&empty, "").expect("write");
    assert!(matches!(
        Engagement::open(&empty),
        Err(Error::NotAnEngagement { .. })
    ));
}

#[test]
fn a_sqlite_file_of_another_application_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .expect("write");
    }
    let before = fingerprint(&path);
    assert!(matches!(
        Engagement::open(&path),
        Err(Error::NotAnEngagement { .. })
    ));
    assert_eq!(fingerprint(&path), before);
}

#[test]
fn a_truncated_file_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("big.threatmodel");
    {
        let mut eng = Engagement::create(&path, EngagementInfo::default()).expect("create");
        for i in 0..300 {
            add(
                &mut eng,
                ElementKind::Process,
                &format!("process number {i} with a long name"),
                at(i as f64, 0.0),
            );
        }
    }
    {
        // Fold the WAL into the file and leave a single-file database.
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("checkpoint");
    }
    let len = std::fs::metadata(&path).expect("meta").len();
    assert!(len > 8192, "the file spans several pages");
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, &bytes[..(len as usize) / 2]).expect("truncate");
    let before = fingerprint(&path);
    let result = Engagement::open(&path);
    assert!(
        matches!(result, Err(Error::Corrupt { .. })),
        "got {:?}",
        result.err()
    );
    assert_eq!(fingerprint(&path), before);
    assert!(no_sidecars(&path));
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let err = Engagement::open(Path::new("/nonexistent/x.threatmodel"))
        .err()
        .expect("error");
    assert!(matches!(err, Error::Io(_)));
    assert!(err.to_string().contains("/nonexistent/x.threatmodel"));
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("x.threatmodel");
    std::fs::write(&path, "precious").expect("write");
    assert!(matches!(
        Engagement::create(&path, EngagementInfo::default()),
        Err(Error::AlreadyExists { .. })
    ));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "precious");
}

#[test]
fn an_acknowledged_op_is_on_disk_without_a_clean_close() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("x.threatmodel");
    let mut eng = Engagement::create(&path, EngagementInfo::default()).expect("create");
    let id = add(&mut eng, ElementKind::Process, "Kept", at(0.0, 0.0));
    // A second connection sees it while the first is still open (never closed cleanly).
    let other = Engagement::open(&path).expect("second open");
    assert_eq!(other.state().elements[&id].name, "Kept");
    std::mem::forget(eng);
}
