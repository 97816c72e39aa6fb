//! What the fuzzing found, kept as plain tests.

use super::*;

/// Found by `loader_records`: a record whose data (or id) is a blob, not text,
/// was refused as "Storage error: Invalid column type Blob at index: 2, name:
/// CASE WHEN length(CAST(data AS BLOB)) …", naming neither table nor record.
#[test]
fn a_record_stored_as_a_blob_is_refused_naming_its_table_and_record() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("blob.threatmodel");
    let mut eng = Engagement::create(&path, EngagementInfo::default()).expect("create");
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    drop(eng);
    for (sql, named) in [
        (
            "UPDATE elements SET data = x'7bff00' WHERE id = ?1",
            format!("the elements record '{app}' is unreadable (not UTF-8 text)"),
        ),
        (
            "UPDATE elements SET id = x'ff' WHERE id = ?1",
            "a elements record's id is not text".to_string(),
        ),
    ] {
        let copy = dir.path().join("copy.threatmodel");
        std::fs::copy(&path, &copy).expect("copy");
        let conn = rusqlite::Connection::open(&copy).expect("raw");
        conn.execute(sql, [&app]).expect("tamper");
        drop(conn);
        let before = std::fs::read(&copy).expect("read");
        let err = Engagement::open(&copy).err().expect("refused");
        assert!(matches!(err, Error::Corrupt { .. }), "{err:?}");
        assert!(err.to_string().contains(&named), "{err}");
        assert_eq!(std::fs::read(&copy).expect("read"), before, "untouched");
        std::fs::remove_file(&copy).expect("rm");
    }
    // The same text stored as a blob is still the record.
    let conn = rusqlite::Connection::open(&path).expect("raw");
    conn.execute(
        "UPDATE elements SET data = CAST(data AS BLOB) WHERE id = ?1",
        [&app],
    )
    .expect("as blob");
    drop(conn);
    let eng = Engagement::open(&path).expect("a UTF-8 blob reads as its text");
    assert_eq!(eng.state().elements[&app].name, "App");
}

/// Found by `loader_records`: a file whose next id is the largest number made
/// the next new record panic ("attempt to add with overflow" in `new_id`).
#[test]
fn a_file_whose_next_id_is_the_largest_number_still_takes_new_records() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ids.threatmodel");
    let mut eng = Engagement::create(&path, EngagementInfo::default()).expect("create");
    add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    drop(eng);
    let conn = rusqlite::Connection::open(&path).expect("raw");
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'next_id'",
        [u64::MAX.to_string()],
    )
    .expect("tamper");
    drop(conn);
    let mut eng = Engagement::open(&path).expect("opens");
    let a = add(&mut eng, ElementKind::Process, "A", at(0.0, 100.0));
    let b = add(&mut eng, ElementKind::Process, "B", at(0.0, 200.0));
    assert_ne!(a, b);
    assert_eq!(eng.state().elements.len(), 3, "new ids overwrite nothing");
}

/// Found by `import_yaml`: a YAML OTM nesting sequences just inside the depth
/// budget overflowed the 2 MB stack of a thread (a command's, in the debug
/// app) inside the YAML parser and aborted the process.
#[test]
fn deep_yaml_within_the_budget_is_read_on_a_small_stack() {
    for depth in [60, 127, 200] {
        let mut yaml = String::from("otmVersion: 0.2.0\nproject: {name: x, id: x}\nextra:\n  ");
        yaml.push_str(&"- ".repeat(depth));
        yaml.push_str("1\n");
        let outcome = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || threatloom::import::read(yaml.as_bytes(), None).map(|_| ()))
            .expect("spawn")
            .join()
            .expect("no crash");
        if depth > 128 {
            let err = outcome.expect_err("beyond the budget");
            assert!(err.to_string().contains("YAML"), "{err}");
        }
    }
}
