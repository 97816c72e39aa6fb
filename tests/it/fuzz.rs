//! Fuzzing on stable Rust (issue 13): every parser of outside input has a
//! target here, fed by mutating real inputs (cargo-fuzz needs nightly).
//!
//! A target is a generator (a seeded `Rng` → the bytes of one input, made by
//! mutating a real file) and a check (the input → what became of it). The
//! shared runner runs each case on its own thread with a time bound, and fails
//! on a panic, a hang or a broken promise, saving the input and printing the
//! seed and the case number that reproduce it:
//! `FUZZ_SEED=… FUZZ_CASE=… cargo test -p threatloom --test it fuzz::<target>`.
//!
//! In the normal test run each target runs a few hundred cases;
//! `FUZZ_MINUTES=N` (`make fuzz`) gives the targets N minutes between them.
//!
//! Targets: the engagement file loader, by its records (`loader_records`)
//! and by its raw bytes (`loader_bytes`); rule files (`rule_files`); checklist
//! files (`checklist_files`); library entry files (`library_files`); other
//! tools' models (`import_json`: Threat Dragon, OTM and pytm JSON;
//! `import_yaml`: OTM YAML; `import_tm7`).
//!
//! **A new parser gets a target here**: add a
//! `#[test]` calling `run("<name>", cases, generate, check)`, where `generate`
//! mutates a real file from `../shared/fixtures` with `mutate_text` /
//! `mutate_bytes` / `mutate_json`, and `check` calls the parser and asserts it
//! returns `Ok` or a clean error (and that a refusal changed nothing); then
//! count it in `TARGETS`.

use crate::common::*;
use crate::rng::Rng;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use threatloom::analysis::rules;
use threatloom::library;

/// The targets `FUZZ_MINUTES` is shared between.
const TARGETS: u32 = 8;
/// Longer than this, a case counts as a hang (a debug build, two cores, other tests).
const CASE_TIMEOUT: Duration = Duration::from_secs(20);

// ---- the runner -----------------------------------------------------------

/// Runs `check` on inputs from `generate`: `quick` cases in the normal test run,
/// or this target's share of `FUZZ_MINUTES`; prints the tally of outcomes.
fn run(
    target: &'static str,
    quick: u64,
    mut generate: impl FnMut(&mut Rng) -> Vec<u8>,
    check: fn(&[u8]) -> String,
) {
    let seed = Rng::seed_from_env("FUZZ_SEED");
    let only: Option<u64> = std::env::var("FUZZ_CASE").ok().and_then(|s| s.parse().ok());
    let minutes: Option<f64> = std::env::var("FUZZ_MINUTES")
        .ok()
        .and_then(|s| s.parse().ok());
    let budget = minutes.map(|m| Duration::from_secs_f64(m * 60.0 / f64::from(TARGETS)));
    let started = Instant::now();
    let mut tally: BTreeMap<String, u64> = BTreeMap::new();
    let mut cases = 0u64;
    let mut slowest = Duration::ZERO;
    for i in 0.. {
        match (only, budget) {
            (Some(c), _) if i != c => continue,
            (Some(c), _) if i > c => break,
            (None, Some(b)) if started.elapsed() >= b => break,
            (None, None) if i >= quick => break,
            _ => {}
        }
        let input = generate(&mut Rng::for_case(seed, i));
        if only.is_some() {
            // A replayed case is saved first: a stack overflow aborts the
            // process before a failure could be saved.
            println!("input saved to {}", save(target, seed, i, &input).display());
        }
        let (tx, rx) = mpsc::channel();
        let data = input.clone();
        let case_started = Instant::now();
        std::thread::Builder::new()
            .name(format!("fuzz {target} case {i} FUZZ_SEED={seed}"))
            .spawn(move || {
                let _ = tx.send(check(&data));
            })
            .expect("spawn");
        let outcome = rx.recv_timeout(CASE_TIMEOUT);
        slowest = slowest.max(case_started.elapsed());
        let failure = match outcome {
            Ok(outcome) => {
                *tally.entry(outcome).or_default() += 1;
                cases += 1;
                None
            }
            Err(RecvTimeoutError::Timeout) => Some(format!("hung for {CASE_TIMEOUT:?}")),
            Err(RecvTimeoutError::Disconnected) => Some("panicked (see above)".to_string()),
        };
        if let Some(failure) = failure {
            let saved = save(target, seed, i, &input);
            panic!(
                "fuzz {target}: case {i} {failure}; input saved to {}; reproduce with FUZZ_SEED={seed} FUZZ_CASE={i}",
                saved.display()
            );
        }
        if only.is_some() {
            break;
        }
    }
    let outcomes: Vec<String> = tally.iter().map(|(k, n)| format!("{n} {k}")).collect();
    println!(
        "fuzz {target}: {cases} cases in {:.1} s, no panic, no hang (slowest {:.0} ms): {}; FUZZ_SEED={seed}",
        started.elapsed().as_secs_f64(),
        slowest.as_secs_f64() * 1000.0,
        outcomes.join(", ")
    );
    assert!(cases > 0, "fuzz {target}: no case ran");
}

fn save(target: &str, seed: u64, case: u64, input: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{target}-{seed}-{case}"));
    let _ = std::fs::write(&path, input);
    path
}

// ---- mutations shared by the targets --------------------------------------

/// Tokens that mean something to TOML, JSON or our grammars, for splicing in.
const TOKENS: &[&str] = &[
    "[[rule]]",
    "[rule]",
    "[[question]]",
    "[question]",
    "=",
    "\"",
    "'",
    "'''",
    "\"\"\"",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    "#",
    ".",
    "\\",
    "\\u0000",
    "\\uD800",
    "\u{202E}",
    "\u{0}",
    "1e308",
    "-1e308",
    "1e999",
    "nan",
    "inf",
    "-inf",
    "-0",
    "0x7fffffffffffffff",
    "9223372036854775808",
    "-9223372036854775809",
    "true",
    "false",
    "null",
    "1979-05-27T07:32:00Z",
    "id",
    "category",
    "applies_to",
    "title",
    "scenario",
    "actions",
    "references",
    "when",
    "unless",
    "prop",
    "equals",
    "set",
    "contains",
    "crosses_boundary",
    "in_boundary",
    "source_kind",
    "target_kind",
    "topic",
    "text",
    "property",
    "value",
    "process",
    "data_store",
    "external_entity",
    "data_flow",
    "trust_boundary",
    "spoofing",
    "tampering",
    "repudiation",
    "information_disclosure",
    "denial_of_service",
    "elevation_of_privilege",
    "protocol",
    "authentication",
    "encrypted_in_transit",
    "internet_facing",
    "out_of_scope",
    "@",
    " ",
    "version",
    "impact",
    "likelihood",
    "[impact]",
    "[likelihood]",
    "rationale",
    "affected_users",
    "recommended_actions",
    "tags",
    "high",
    "\"S\"",
    "CWE-79",
];

/// A few bytes flipped, dropped, repeated, cut or spliced: the raw kind of damage.
pub fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>) {
    for _ in 0..rng.between(1, 4) {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(8) {
            0 if len > 0 => data[at.min(len - 1)] ^= 1 << rng.below(8),
            1 if len > 0 => data[at.min(len - 1)] = rng.byte(),
            2 => {
                let end = (at + rng.between(1, 64)).min(len);
                data.drain(at..end);
            }
            3 => {
                let end = (at + rng.between(1, 64)).min(len);
                let copy = data[at..end].to_vec();
                data.splice(at..at, copy);
            }
            4 => data.truncate(at),
            5 => {
                let token = rng.pick(TOKENS).expect("tokens").as_bytes().to_vec();
                data.splice(at..at, token);
            }
            6 => {
                let bytes: Vec<u8> = (0..rng.between(1, 16)).map(|_| rng.byte()).collect();
                data.splice(at..at, bytes);
            }
            _ => {
                // Repeat a span many times: long lines, deep nesting.
                let end = (at + rng.between(1, 8)).min(len);
                let span = data[at..end].to_vec();
                let times = rng.between(2, 3000);
                let repeated: Vec<u8> = span
                    .iter()
                    .copied()
                    .cycle()
                    .take(span.len() * times)
                    .collect();
                data.splice(at..at, repeated);
            }
        }
    }
}

/// A text mutated as lines (dropped, doubled, swapped), tokens and bytes.
pub fn mutate_text(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..rng.between(1, 3) {
        let n = lines.len();
        let i = rng.below(n);
        match rng.below(8) {
            0 if n > 0 => {
                lines.remove(i);
            }
            1 if n > 0 => {
                let l = lines[i].clone();
                lines.insert(rng.below(n + 1), l);
            }
            2 if n > 1 => {
                let j = rng.below(n);
                lines.swap(i, j);
            }
            3 if n > 0 => {
                // A value replaced: `key = <something else>`.
                if let Some((key, _)) = lines[i].split_once('=') {
                    lines[i] = format!("{key}= {}", value_text(rng));
                }
            }
            4 => lines.insert(rng.below(n + 1), deep(rng)),
            5 => lines.insert(
                rng.below(n + 1),
                format!(
                    "{} = {}",
                    rng.pick(TOKENS).expect("tokens"),
                    value_text(rng)
                ),
            ),
            _ => {
                let mut bytes = lines.get(i).cloned().unwrap_or_default().into_bytes();
                mutate_bytes(rng, &mut bytes);
                let line = String::from_utf8_lossy(&bytes).into_owned();
                match lines.get_mut(i) {
                    Some(l) => *l = line,
                    None => lines.push(line),
                }
            }
        }
    }
    lines.join("\n")
}

/// A TOML value of any type, including the awkward ones.
fn value_text(rng: &mut Rng) -> String {
    match rng.below(12) {
        0 => "nan".into(),
        1 => "1e308".into(),
        2 => "-inf".into(),
        3 => "9223372036854775807".into(),
        4 => format!("\"{}\"", "x".repeat(rng.between(0, 200_000))),
        5 => "[]".into(),
        6 => "{}".into(),
        7 => "true".into(),
        8 => format!("\"{}\"", rng.pick(TOKENS).expect("tokens").escape_default()),
        9 => format!(
            "[\"{}\", \"{}\"]",
            rng.pick(TOKENS).expect("tokens").escape_default(),
            rng.pick(TOKENS).expect("tokens").escape_default()
        ),
        10 => "1979-05-27".into(),
        _ => rng.next_u64().to_string(),
    }
}

/// Deeply nested arrays or inline tables, sometimes unclosed.
fn deep(rng: &mut Rng) -> String {
    let depth = rng.between(10, 20_000);
    let (open, close) = if rng.one_in(2) {
        ("[", "]")
    } else {
        ("{a=", "}")
    };
    let closed = if rng.one_in(3) { 0 } else { depth };
    format!("deep = {}1{}", open.repeat(depth), close.repeat(closed))
}

/// A JSON document mutated: a node replaced by another type, a huge or odd
/// string, a deep nesting, an extreme number, a key dropped or added — or, one
/// time in four, its text damaged as bytes.
pub fn mutate_json(rng: &mut Rng, json: &[u8]) -> Vec<u8> {
    let Ok(mut doc) = serde_json::from_slice::<Value>(json) else {
        let mut bytes = json.to_vec();
        mutate_bytes(rng, &mut bytes);
        return bytes;
    };
    if rng.one_in(4) {
        let mut bytes = json.to_vec();
        mutate_bytes(rng, &mut bytes);
        return bytes;
    }
    for _ in 0..rng.between(1, 3) {
        let mut paths = Vec::new();
        pointers(&doc, String::new(), &mut paths);
        let path = rng.pick(&paths).cloned().unwrap_or_default();
        let Some(node) = doc.pointer_mut(&path) else {
            continue;
        };
        *node = match rng.below(14) {
            0 => Value::Null,
            1 => Value::Bool(rng.one_in(2)),
            2 => serde_json::json!(1e308),
            3 => serde_json::json!(-1e308),
            4 => serde_json::json!(u64::MAX),
            5 => serde_json::json!(i64::MIN),
            6 => serde_json::json!(-1),
            7 => Value::String("A".repeat(rng.between(1, 3 << 20))),
            8 => Value::String(
                [
                    "\u{0}",
                    "\u{202E}",
                    "\n",
                    "<img src=x onerror=alert(1)>",
                    "é",
                    "\u{FFFF}",
                ]
                .iter()
                .cycle()
                .take(rng.between(1, 50))
                .copied()
                .collect(),
            ),
            9 => {
                let mut v = Value::Null;
                for _ in 0..rng.between(2, 100) {
                    v = Value::Array(vec![v]);
                }
                v
            }
            10 => {
                // Repeated, up to about a megabyte (a 3 MB string is not copied 500 times).
                let size = node.to_string().len().max(1);
                let times = rng.between(0, 500).min((1 << 20) / size);
                Value::Array(vec![node.clone(); times])
            }
            11 => serde_json::json!({ "unknown": node.clone() }),
            12 => Value::String(rng.next_u64().to_string()),
            _ => serde_json::json!(rng.next_u64() as f64 / 7.0),
        };
    }
    let mut text = serde_json::to_vec(&doc).expect("json");
    if rng.one_in(6) {
        // What JSON cannot say, said anyway.
        let bad = rng.pick(&["NaN", "Infinity", "-Infinity", "1e999", "-0", "00"]);
        let needle = b"1e308";
        if let (Some(bad), Some(at)) = (bad, find(&text, needle)) {
            text.splice(at..at + needle.len(), bad.bytes());
        }
    }
    text
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Every node's JSON pointer.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(item, format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
}

// ---- the engagement file loader -------------------------------------------

/// A real saved engagement: the demo, plus an undo history (the demo has none).
fn engagement_file() -> &'static [u8] {
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
const TEXT_COLUMNS: &[(&str, &str)] = &[
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
fn damaged_records(rng: &mut Rng) -> Vec<u8> {
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

fn key_of(table: &str) -> &'static str {
    if table == "meta" {
        "key"
    } else {
        "id"
    }
}

/// The engagement's bytes damaged: bytes flipped anywhere, a page overwritten,
/// zeroed, swapped or dropped, the file cut short, a header field changed.
fn damaged_bytes(rng: &mut Rng) -> Vec<u8> {
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
fn check_open(input: &[u8]) -> String {
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
fn kind(e: &Error) -> String {
    let debug = format!("{e:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_string()
}

/// What a window, the CLI and the exports read from an open file, and the
/// writes after it: none may panic; a new element is added, not overwriting one.
fn exercise(eng: &mut Engagement) {
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

// ---- rule files -------------------------------------------------------------

const STRIDE_RULES: &str = include_str!("../../rules/stride.toml");

/// The built-in rule file mutated; one time in five a rule file made up
/// from the grammar's words instead.
fn rule_file(rng: &mut Rng) -> Vec<u8> {
    if rng.one_in(5) {
        return made_up_rules(rng).into_bytes();
    }
    mutate_text(rng, STRIDE_RULES).into_bytes()
}

fn made_up_rules(rng: &mut Rng) -> String {
    let word = |rng: &mut Rng| {
        rng.pick(TOKENS)
            .expect("tokens")
            .escape_default()
            .to_string()
    };
    let mut out = String::new();
    for i in 0..rng.between(0, 6) {
        out.push_str("[[rule]]\n");
        out.push_str(&format!("id = \"r{i}\"\n"));
        let fields = [
            format!("category = \"{}\"", word(rng)),
            format!("applies_to = [\"{}\", \"{}\"]", word(rng), word(rng)),
            format!("title = \"{}\"", word(rng)),
            format!("scenario = \"{}\"", word(rng)),
            format!("actions = [\"{}\"]", word(rng)),
            format!("references = [\"{}\"]", word(rng)),
            format!(
                "when = [{{ prop = \"{}\", {} = {} }}]",
                word(rng),
                word(rng),
                value_text(rng)
            ),
            format!("unless = [{{ {} = {} }}]", word(rng), value_text(rng)),
        ];
        for f in fields {
            if !rng.one_in(4) {
                out.push_str(&f);
                out.push('\n');
            }
        }
    }
    out
}

/// Parses a rule file: `Ok`, whose rules then run over an engagement, or a
/// `RuleError` naming the file and a line that exists.
fn check_rules(input: &[u8]) -> String {
    let text = std::str::from_utf8(input).expect("the generator writes UTF-8");
    match rules::parse(text, "fuzz.toml") {
        Ok(parsed) => {
            let state = sample_state();
            let set = RuleSet { rules: parsed };
            let _ = rules::suggest(state, &set, &containment_all(state), None);
            "parsed".into()
        }
        Err(e) => {
            assert_eq!(e.source, "fuzz.toml");
            let lines = text.lines().count() as u32 + 1;
            assert!(
                (1..=lines).contains(&e.line),
                "line {} of a {lines}-line file: {e}",
                e.line
            );
            assert!(!e.message.trim().is_empty(), "{e:?} says why");
            "refused with a line".into()
        }
    }
}

/// An engagement whose elements have properties the rules look at.
fn sample_state() -> &'static State {
    static STATE: OnceLock<State> = OnceLock::new();
    STATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        demo::write(&dir.path().join("d.threatmodel"))
            .expect("demo")
            .state()
            .clone()
    })
}

#[test]
fn rule_files() {
    run("rule_files", 400, rule_file, check_rules);
}

// ---- checklist files ---------------------------------------------------------

const CHECKLIST: &str = include_str!("../../checklist/questions.toml");

fn checklist_file(rng: &mut Rng) -> Vec<u8> {
    mutate_text(rng, CHECKLIST).into_bytes()
}

/// Parses a question bank: `Ok`, or an error that says why and where.
fn check_checklist(input: &[u8]) -> String {
    let text = std::str::from_utf8(input).expect("the generator writes UTF-8");
    match threatloom::model::checklist::parse(text) {
        Ok(_) => "parsed".into(),
        Err(e) => {
            assert!(e.contains("line"), "an error says where: {e}");
            "refused with a line".into()
        }
    }
}

#[test]
fn checklist_files() {
    run("checklist_files", 400, checklist_file, check_checklist);
}

// ---- library entry files ------------------------------------------------------

/// Library files as the library writes them: a full entry and a bare one.
fn library_bases() -> &'static [(String, String)] {
    static BASES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    BASES.get_or_init(|| {
        let mut full = crate::library::jwt_entry();
        full.id = "jwt-signature-not-verified".into();
        let mut bare = crate::library::entry(
            "Weak TLS",
            Stride::InformationDisclosure,
            &[ElementKind::DataFlow],
        );
        bare.id = "weak-tls".into();
        [full, bare]
            .iter()
            .map(|e| {
                let text = library::file::to_toml(e).expect("toml");
                (format!("{}.toml", e.id), text)
            })
            .collect()
    })
}

fn library_file(rng: &mut Rng) -> Vec<u8> {
    let bases = library_bases();
    let i = rng.below(bases.len());
    // The base's index first: the check names the file as the library would.
    let mut out = vec![i as u8];
    out.extend(mutate_text(rng, &bases[i].1).into_bytes());
    out
}

/// Reads a library file: `Ok` with an entry the app accepts, which writes
/// back and reads again as itself, or a problem naming the file and a line.
fn check_library(input: &[u8]) -> String {
    let (name, text) = match input.split_first() {
        Some((&i, rest)) => (
            &library_bases()[usize::from(i) % library_bases().len()].0,
            std::str::from_utf8(rest).expect("the generator writes UTF-8"),
        ),
        None => return "empty".into(),
    };
    match library::file::parse(text, name) {
        Ok(entry) => {
            assert_eq!(entry.check(), Ok(()));
            let written = library::file::to_toml(&entry).expect("writes");
            assert_eq!(library::file::parse(&written, name), Ok(entry.clone()));
            assert_eq!(library::file::to_toml(&entry).expect("again"), written);
            "parsed".into()
        }
        Err(p) => {
            assert_eq!(&p.file, name);
            let lines = text.lines().count() as u32 + 1;
            let line = p.line.expect("a problem in a file's text has a line");
            assert!((1..=lines).contains(&line), "line {line} of {lines}: {p}");
            assert!(!p.message.trim().is_empty(), "{p:?} says why");
            "refused with a line".into()
        }
    }
}

#[test]
fn library_files() {
    run("library_files", 400, library_file, check_library);
}

// ---- other tools' models (the importers) ------------------------------------

/// A fixture from `../shared/fixtures`, read once.
fn fixture(rel: &str) -> &'static [u8] {
    static FILES: OnceLock<std::sync::Mutex<BTreeMap<String, &'static [u8]>>> = OnceLock::new();
    let files = FILES.get_or_init(Default::default);
    let mut files = files.lock().expect("fixtures");
    files.entry(rel.to_string()).or_insert_with(|| {
        let path = format!("{}/../shared/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
        Box::leak(std::fs::read(&path).expect("fixture").into_boxed_slice())
    })
}

const JSON_MODELS: &[&str] = &[
    "threat-dragon/generic-cms.json",
    "threat-dragon/iot-device.json",
    "threat-dragon/payment-online.json",
    "threat-dragon/three-tier-web-app.json",
    "threat-dragon/v2-new-model.json",
    "threat-dragon/v2-threat-model.json",
    "otm/EXAMPLE.json",
    "mtmt/MTMT_MVP.otm",
    "mtmt/nested_tz.otm",
    "pytm/input.json",
];

/// A JSON model from another tool, mutated as JSON or as bytes.
fn json_model(rng: &mut Rng) -> Vec<u8> {
    let rel = rng.pick(JSON_MODELS).expect("models");
    mutate_json(rng, fixture(rel))
}

/// An OTM model as YAML (the JSON fixtures written as YAML), mutated as text.
fn yaml_model(rng: &mut Rng) -> Vec<u8> {
    static YAML: OnceLock<Vec<String>> = OnceLock::new();
    let texts = YAML.get_or_init(|| {
        ["otm/EXAMPLE.json", "mtmt/nested_tz.otm"]
            .iter()
            .map(|rel| {
                let v: Value = serde_json::from_slice(fixture(rel)).expect("json");
                serde_saphyr::to_string(&v).expect("yaml")
            })
            .collect()
    });
    let text = rng.pick(texts).expect("yaml");
    if rng.one_in(4) {
        // YAML's own hazards: anchors and aliases (a "billion laughs"), tags, deep flows.
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        let extra = match rng.below(3) {
            0 => bomb.to_string(),
            1 => format!(
                "deep: {}x{}\n",
                "[".repeat(rng.between(10, 50_000)),
                "]".repeat(rng.between(0, 10))
            ),
            _ => "t: !!binary aGVsbG8=\nu: !custom {a: 1}\n".to_string(),
        };
        return format!("{text}{extra}").into_bytes();
    }
    mutate_text(rng, text).into_bytes()
}

/// A `.tm7` (the smallest fixture, without its template's knowledge base half
/// the time so cases stay quick), mutated as bytes or with XML's own hazards.
fn tm7_model(rng: &mut Rng) -> Vec<u8> {
    static SMALL: OnceLock<Vec<u8>> = OnceLock::new();
    let small = SMALL.get_or_init(|| {
        let text = String::from_utf8_lossy(fixture("mtmt/MTMT_nested_tz.tm7")).into_owned();
        match (text.find("<KnowledgeBase"), text.find("</KnowledgeBase>")) {
            (Some(a), Some(b)) if a < b => {
                format!("{}{}", &text[..a], &text[b + "</KnowledgeBase>".len()..]).into_bytes()
            }
            _ => text.into_bytes(),
        }
    });
    let mut data = if rng.one_in(2) {
        small.clone()
    } else {
        fixture("mtmt/MTMT_nested_tz.tm7").to_vec()
    };
    match rng.below(6) {
        0 => {
            // An entity bomb or an external entity: there must be no DTD at all.
            let dtd = if rng.one_in(2) {
                "<!DOCTYPE ThreatModel [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
            } else {
                "<!DOCTYPE ThreatModel [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            };
            data.splice(0..0, dtd.bytes());
            if let Some(at) = find(&data, b"<Value") {
                data.splice(at..at, b"&c;&x;".iter().copied());
            }
        }
        1 => {
            // Deep nesting.
            let depth = rng.between(100, 100_000);
            let at = find(&data, b"<Borders").unwrap_or(0);
            let deep = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth / 2));
            data.splice(at..at, deep.bytes());
        }
        _ => mutate_bytes(rng, &mut data),
    }
    data
}

/// Reads a model: `Ok`, and then `Op::Import` takes it (or refuses it whole,
/// changing nothing) and everything that reads an engagement runs on it; or
/// a refusal of one line that says why.
fn check_import(input: &[u8]) -> String {
    match threatloom::import::read(input, None) {
        Ok(imported) => {
            let (_dir, mut eng) = new_engagement();
            match eng.apply(Op::Import {
                model: imported.model,
            }) {
                Ok(_) => {
                    // Everything that reads an engagement, on one case in eight
                    // (it costs more than the import).
                    if input.len().is_multiple_of(8) {
                        exercise(&mut eng);
                    }
                    "imported".into()
                }
                // What the reader returns, the engine takes: the user saw its report.
                Err(e) => panic!("the engine refused what the reader returned: {e}"),
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(!message.trim().is_empty(), "{e:?} says why");
            assert!(!message.contains('\n'), "a refusal is one line: {message}");
            format!("refused ({})", kind(&e))
        }
    }
}

#[test]
fn import_json() {
    run("import_json", 1000, json_model, check_import);
}

#[test]
fn import_yaml() {
    run("import_yaml", 500, yaml_model, check_import);
}

#[test]
fn import_tm7() {
    run("import_tm7", 300, tm7_model, check_import);
}

// ---- what the fuzzing found ----------------------------------------------------

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
