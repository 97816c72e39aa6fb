//! Targets `loader_records` and `loader_bytes`: the engagement file loader.

use super::*;

/// A real saved engagement: the demo, plus an undo history (the demo has none).
pub(super) fn engagement_file() -> &'static [u8] {
    static FILE: OnceLock<Vec<u8>> = OnceLock::new();
    FILE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("demo.threatmodel");
        let mut eng = demo::write(&path).expect("demo");
        let app = add(&mut eng, ElementKind::Process, "Fuzz app", at(900.0, 40.0));
        let db = add(
            &mut eng,
            ElementKind::DataStore,
            "Fuzz db",
            at(1200.0, 40.0),
        );
        connect(&mut eng, &app, &db, "writes");
        eng.apply(Op::AddThreat {
            threat: Threat::quick(&db, Stride::Tampering, "Rows rewritten"),
        })
        .expect("threat");
        eng.apply(Op::Rename {
            id: app,
            name: "Fuzz API".into(),
        })
        .expect("rename");
        eng.apply(UNDO).expect("undo");
        eng.apply(Op::PutQuestion {
            question: CustomQuestion {
                id: String::new(),
                topic: "Fuzz".into(),
                text: "Is the file checked?".into(),
            },
        })
        .expect("question");
        drop(eng);
        std::fs::read(&path).expect("read")
    })
}

/// The tables whose text a mutation can damage, with the column holding it.
pub(super) const TEXT_COLUMNS: &[(&str, &str)] = &[
    ("diagrams", "data"),
    ("elements", "data"),
    ("threats", "data"),
    ("not_applicable", "data"),
    ("dismissals", "data"),
    ("people", "data"),
    ("components", "data"),
    ("sessions", "data"),
    ("notes", "data"),
    ("questions", "data"),
    ("answers", "data"),
    ("deliveries", "data"),
    ("meta", "value"),
    ("history", "forward"),
    ("history", "inverse"),
    ("history", "label"),
    ("oplog", "op"),
];

/// The engagement with its records damaged through SQL, as a tool or a
/// hand edit would: a record's JSON mutated, its id changed, its value given
/// another SQL type, a record moved into another table, a row dropped.
pub(super) fn damaged_records(rng: &mut Rng) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("f.threatmodel");
    std::fs::write(&path, engagement_file()).expect("write");
    {
        let conn = rusqlite::Connection::open(&path).expect("raw open");
        for _ in 0..rng.between(1, 3) {
            let &(table, column) = rng.pick(TEXT_COLUMNS).expect("tables");
            let rows: Vec<(i64, Vec<u8>)> = conn
                .prepare(&format!(
                    "SELECT rowid, CAST({column} AS BLOB) FROM {table}"
                ))
                .and_then(|mut s| {
                    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .expect("rows");
            let Some((rowid, text)) = rng.pick(&rows).cloned() else {
                continue;
            };
            let set = |value: &dyn rusqlite::ToSql| {
                conn.execute(
                    &format!("UPDATE {table} SET {column} = ?1 WHERE rowid = ?2"),
                    rusqlite::params![value, rowid],
                )
            };
            let result = match rng.below(10) {
                0 => set(&(rng.next_u64() as i64)),
                1 => set(&1e308f64),
                2 => set(&vec![0xffu8, 0xfe, 0x00, b'{']),
                3 => conn.execute(&format!("DELETE FROM {table} WHERE rowid = ?1"), [rowid]),
                4 if table != "history" && table != "oplog" => {
                    // Another record's id, or a new odd one.
                    let other = rows
                        .get(rng.below(rows.len()))
                        .map(|(r, _)| *r)
                        .unwrap_or(rowid);
                    let id: String = match rng.below(3) {
                        0 => conn
                            .query_row(
                                &format!("SELECT {} FROM {table} WHERE rowid = ?1", key_of(table)),
                                [other],
                                |r| r.get(0),
                            )
                            .unwrap_or_default(),
                        1 => "x".repeat(rng.between(0, 100_000)),
                        _ => "e1 OR 1=1; --\u{202E}".into(),
                    };
                    conn.execute(
                        &format!(
                            "UPDATE OR IGNORE {table} SET {} = ?1 WHERE rowid = ?2",
                            key_of(table)
                        ),
                        rusqlite::params![id, rowid],
                    )
                }
                5 if table != "meta" && table != "history" && table != "oplog" => {
                    // The record moved into another records table: a type confusion.
                    let &(into, _) = rng.pick(&TEXT_COLUMNS[..12]).expect("tables");
                    conn.execute(
                        &format!(
                            "INSERT OR REPLACE INTO {into}(id, data) SELECT id, data FROM {table} WHERE rowid = ?1"
                        ),
                        [rowid],
                    )
                }
                _ => {
                    let mutated = mutate_json(rng, &text);
                    match String::from_utf8(mutated) {
                        Ok(s) => set(&s),
                        Err(e) => set(&e.into_bytes()),
                    }
                }
            };
            // NOT NULL, a duplicate key: the mutation did not take; another will.
            let _ = result;
        }
    }
    std::fs::read(&path).expect("read")
}

pub(super) fn key_of(table: &str) -> &'static str {
    if table == "meta" {
        "key"
    } else {
        "id"
    }
}

/// The engagement's bytes damaged: bytes flipped anywhere, a page overwritten,
/// zeroed, swapped or dropped, the file cut short, a header field changed.
pub(super) fn damaged_bytes(rng: &mut Rng) -> Vec<u8> {
    let mut data = engagement_file().to_vec();
    const PAGE: usize = 4096;
    for _ in 0..rng.between(1, 3) {
        if data.is_empty() {
            break;
        }
        let pages = data.len() / PAGE;
        let page = rng.below(pages);
        let span = page * PAGE..(page + 1) * PAGE;
        match rng.below(8) {
            0 => mutate_bytes(rng, &mut data),
            1 => {
                for _ in 0..rng.between(1, 40) {
                    let at = rng.below(data.len());
                    data[at] ^= 1 << rng.below(8);
                }
            }
            2 if span.end <= data.len() => data[span].iter_mut().for_each(|b| *b = rng.byte()),
            3 if span.end <= data.len() => data[span].iter_mut().for_each(|b| *b = 0),
            4 if pages > 1 && span.end <= data.len() => {
                let other = rng.below(pages) * PAGE;
                let copy = data[other..other + PAGE].to_vec();
                data[span].copy_from_slice(&copy);
            }
            5 => data.truncate(rng.below(data.len() + 1)),
            6 if span.end <= data.len() && page > 0 => {
                data.drain(span);
            }
            _ => {
                // A header field: page size, change counter, page count, freelist,
                // schema cookie, encoding, user version, application id …
                let at = *rng
                    .pick(&[
                        16usize, 18, 19, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 68, 92, 96,
                    ])
                    .expect("offsets");
                let value = match rng.below(4) {
                    0 => [0xff; 4],
                    1 => [0; 4],
                    2 => (rng.next_u64() as u32).to_be_bytes(),
                    _ => (rng.below(8) as u32).to_be_bytes(),
                };
                let end = (at + 4).min(data.len());
                if at < end {
                    data[at..end].copy_from_slice(&value[..end - at]);
                }
            }
        }
    }
    data
}

/// Opens the damaged file: it opens (and then everything that reads it, and
/// undo, runs cleanly), or it is refused with the file left byte for byte as
/// it was and no backup behind.
pub(super) fn check_open(input: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("f.threatmodel");
    std::fs::write(&path, input).expect("write");
    match Engagement::open(&path) {
        Ok(mut eng) => {
            exercise(&mut eng);
            "opened".into()
        }
        Err(e) => {
            assert!(!e.to_string().trim().is_empty(), "{e:?} says why");
            if std::env::var_os("FUZZ_VERBOSE").is_some() {
                let message: String = e.to_string().chars().take(240).collect();
                println!("refused: {message}");
            }
            assert_eq!(
                std::fs::read(&path).expect("read"),
                input,
                "a refused file ({e}) is left as it was"
            );
            let left: Vec<String> = std::fs::read_dir(dir.path())
                .expect("ls")
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".bak"))
                .collect();
            assert!(left.is_empty(), "a refusal leaves no backup: {left:?}");
            format!("refused ({})", kind(&e))
        }
    }
}

/// The error's variant, for the tally.
pub(super) fn kind(e: &Error) -> String {
    let debug = format!("{e:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_string()
}

/// What a window, the CLI and the exports read from an open file, and the
/// writes after it: none may panic; a new element is added, not overwriting one.
pub(super) fn exercise(eng: &mut Engagement) {
    let state = eng.state().clone();
    let rules = RuleSet::builtin().expect("rules");
    let mut cache = DerivedCache::default();
    for d in state.diagrams.keys() {
        let _ = cache.derived(
            "f",
            eng.version(),
            &state,
            &rules,
            &DerivedQuery {
                diagram_id: Some(d.clone()),
                element_id: state.elements.keys().next().cloned(),
                all_suggestions: true,
                engagement: true,
                coverage_rows: true,
            },
        );
        let _ = threatloom::export::svg::diagram(&state, d, &ExportFilter::everything());
    }
    let report = report_of(eng);
    let _ = threatloom::export::markdown::wiki(&report);
    let _ = threatloom::export::jira::csv(&report, &Default::default());
    for scope in UndoScope::ALL {
        let _ = eng.apply(Op::Undo { scope });
        let _ = eng.apply(Op::Redo { scope });
    }
    let before = eng.state().elements.len();
    let added = eng.apply(Op::AddElement {
        id: None,
        diagram_id: "d1".into(),
        kind: ElementKind::Process,
        name: "After".into(),
        rect: at(0.0, 0.0),
    });
    if let Ok(change) = added {
        assert_eq!(change.created.len(), 1);
        assert_eq!(
            eng.state().elements.len(),
            before + 1,
            "a new element adds one, overwriting none"
        );
    }
}

#[test]
fn loader_records() {
    run("loader_records", 150, damaged_records, check_open);
}

#[test]
fn loader_bytes() {
    run("loader_bytes", 150, damaged_bytes, check_open);
}
