//! Power loss loses nothing acknowledged (issue 13): a crash campaign.
//!
//! A child process (this test binary, re-run with `CHILD_FILE` set) opens one
//! engagement file and applies a scripted mix of ops — elements, flows,
//! renames, moves, threats, finding moves, a session with notes, undo and redo
//! in three scopes — printing `ack <version> <digest of the state>` (flushed)
//! as soon as each `apply` returns `Ok`. The parent SIGKILLs it at a random
//! moment, then checks the file as the kill left it:
//!
//! - `PRAGMA integrity_check` is `ok`, and the op log runs 1..=version unbroken;
//! - it opens, and its version is at least the last acknowledged one (and at
//!   most one more: the op in flight may have committed before its ack);
//! - the state at the last acknowledged op is there, digest for digest (when
//!   the op in flight committed, undoing it gives that state back);
//! - undo and redo still work on the reopened file.
//!
//! Every round continues on the same file, so the history only grows.
//! `CRASH_ROUNDS` (default 300) sets the rounds, `CRASH_SEED` the seed of the
//! scripts and the kill delays (printed; timing still differs between runs).
//! `make crash` runs thousands of rounds.

use crate::common::*;
use crate::rng::{digest, Rng};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Set in the child's environment: the file to work on, and the script's seed.
const CHILD_FILE: &str = "THREATLOOM_CRASH_CHILD_FILE";
const CHILD_SEED: &str = "THREATLOOM_CRASH_CHILD_SEED";
/// This test's name in the binary, for `--exact`.
const TEST_NAME: &str = "crash::power_cut_at_random_moments_loses_nothing_acknowledged";
/// Ops a child tries before it stops by itself (if not killed first).
const CHILD_OPS: usize = 400;
/// The latest a kill comes after the child is ready (ms).
const MAX_DELAY_MS: u64 = 40;
const T0: f64 = 1_780_000_000_000.0;

#[test]
fn power_cut_at_random_moments_loses_nothing_acknowledged() {
    if let Ok(path) = std::env::var(CHILD_FILE) {
        let seed = std::env::var(CHILD_SEED)
            .ok()
            .and_then(|s| s.parse().ok())
            .expect("the child's seed");
        child(Path::new(&path), seed);
        return;
    }
    let rounds: usize = std::env::var("CRASH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let seed = Rng::seed_from_env("CRASH_SEED");
    println!("crash: {rounds} rounds, CRASH_SEED={seed}");
    let summary = campaign(rounds, seed);
    println!(
        "crash: {} rounds survived, {} acknowledged ops checked ({} kills mid-commit whose op was on disk, {} before the child was ready, {} children finished their script), {:.1} s",
        summary.rounds,
        summary.acks,
        summary.in_flight,
        summary.early,
        summary.finished,
        summary.elapsed.as_secs_f64()
    );
    assert_eq!(summary.rounds, rounds);
    assert!(
        summary.acks >= rounds,
        "the children acknowledged ops: {}",
        summary.acks
    );
}

/// The state, as a number: equal states, equal digests (records are in
/// `BTreeMap`s, so the `Debug` form has one order).
fn state_digest(eng: &Engagement) -> u64 {
    digest(format!("{:?}", eng.state()).as_bytes())
}

// ---- the child ------------------------------------------------------------

fn child(path: &Path, seed: u64) {
    let mut eng = Engagement::open(path).expect("the child opens the file");
    let mut out = std::io::stdout().lock();
    let mut say = |line: String| {
        writeln!(out, "{line}").expect("stdout");
        out.flush().expect("flush");
    };
    // On a line of its own: libtest has printed "test … ... " without a newline.
    say(format!("\nready {}", eng.version()));
    let mut rng = Rng::new(seed);
    for n in 0..CHILD_OPS {
        let Some(op) = next_op(&eng, &mut rng, n) else {
            continue;
        };
        // A refused op (nothing to undo, a finding that cannot move) changes nothing.
        if eng.apply(op).is_ok() {
            say(format!("ack {} {:016x}", eng.version(), state_digest(&eng)));
        }
    }
}

/// The script: an op chosen from what the engagement holds, kept small (old
/// records are deleted) so every round costs about the same.
fn next_op(eng: &Engagement, rng: &mut Rng, n: usize) -> Option<Op> {
    let s = eng.state();
    let diagram_id = "d1".to_string();
    let nodes: Vec<&Element> = s
        .elements
        .values()
        .filter(|e| e.kind.is_endpoint())
        .collect();
    let all: Vec<&Element> = s.elements.values().collect();
    let coord = |rng: &mut Rng| (rng.below(2000) as f64) - 200.0;
    Some(match rng.below(20) {
        0..=2 => {
            if s.elements.len() > 24 {
                return Some(Op::Delete {
                    ids: vec![rng.pick(&all)?.id.clone()],
                });
            }
            let kinds = [
                ElementKind::Process,
                ElementKind::DataStore,
                ElementKind::ExternalEntity,
                ElementKind::TrustBoundary,
            ];
            Op::AddElement {
                id: None,
                diagram_id,
                kind: *rng.pick(&kinds)?,
                name: format!("e{n}"),
                rect: Rect::new(coord(rng), coord(rng), 120.0, 60.0),
            }
        }
        3..=4 => {
            let (a, b) = (rng.pick(&nodes)?, rng.pick(&nodes)?);
            Op::Connect {
                id: None,
                diagram_id,
                source: a.id.clone(),
                target: b.id.clone(),
                name: format!("f{n}"),
            }
        }
        5..=6 => Op::Rename {
            id: rng.pick(&all)?.id.clone(),
            name: format!("renamed {n} «ü»"),
        },
        7..=8 => {
            let e = rng.pick(&nodes)?;
            Op::Place {
                moves: vec![Placement {
                    id: e.id.clone(),
                    rect: Rect::new(coord(rng), coord(rng), e.rect.width, e.rect.height),
                }],
            }
        }
        9..=10 => {
            if s.threats.len() > 16 {
                let ids: Vec<&String> = s.threats.keys().collect();
                return Some(Op::DeleteThreat {
                    id: rng.pick(&ids)?.to_string(),
                });
            }
            let targets: Vec<&&Element> = nodes
                .iter()
                .filter(|e| e.kind != ElementKind::ExternalEntity)
                .collect();
            Op::AddThreat {
                threat: Threat::quick(&rng.pick(&targets)?.id, Stride::Tampering, &format!("t{n}")),
            }
        }
        11..=12 => {
            let threats: Vec<&Threat> = s.threats.values().collect();
            let t = rng.pick(&threats)?;
            Op::MoveFinding {
                threat_ids: vec![t.id.clone()],
                to: *rng.pick(t.lifecycle.next())?,
                by: "Ana".into(),
                comment: format!("step {n}"),
                at_ms: Some(T0 + n as f64),
            }
        }
        13..=15 => session_op(s, rng, n),
        16..=18 => Op::Undo {
            scope: *rng.pick(&[UndoScope::Diagram, UndoScope::Notes, UndoScope::Findings])?,
        },
        _ => Op::Redo {
            scope: *rng.pick(&[UndoScope::Diagram, UndoScope::Notes, UndoScope::Findings])?,
        },
    })
}

/// Notes in a running session; a session is planned, started and ended in turn.
fn session_op(s: &State, rng: &mut Rng, n: usize) -> Op {
    let running = s
        .sessions
        .values()
        .find(|x| x.state() == SessionState::Running);
    let planned = s
        .sessions
        .values()
        .find(|x| x.state() == SessionState::Planned);
    let held: Vec<&Session> = s
        .sessions
        .values()
        .filter(|x| x.state() == SessionState::Held)
        .collect();
    if held.len() > 2 {
        return Op::DeleteSession {
            id: held[0].id.clone(),
        };
    }
    match (running, planned) {
        (Some(r), _) if rng.one_in(12) => Op::EndSession {
            id: r.id.clone(),
            at_ms: Some(T0 + 3_600_000.0),
        },
        (Some(_), _) if s.notes.len() > 24 => {
            let ids: Vec<&String> = s.notes.keys().collect();
            Op::DeleteNote {
                id: ids[rng.below(ids.len())].clone(),
            }
        }
        (Some(r), _) => Op::AddNote {
            note: Note {
                id: String::new(),
                session_id: r.id.clone(),
                text: format!("note {n}: the API trusts the gateway"),
                author_id: None,
                kind: NoteKind::Observation,
                offset_ms: None,
                element_ids: s.elements.keys().take(1).cloned().collect(),
                answers: None,
                processing: Processing::Unprocessed,
                created_at_ms: 0,
            },
            at_ms: Some(T0 + 60_000.0 + n as f64),
        },
        (None, Some(p)) => Op::StartSession {
            id: p.id.clone(),
            at_ms: Some(T0),
        },
        (None, None) => Op::PutSession {
            session: Session {
                id: String::new(),
                kind: SessionKind::FollowUp,
                title: format!("Session {n}"),
                date: "2026-05-04".into(),
                planned_minutes: 90,
                online: false,
                attendees: vec![],
                recording: String::new(),
                started_at_ms: None,
                ended_at_ms: None,
            },
        },
    }
}

// ---- the parent -----------------------------------------------------------

struct Summary {
    rounds: usize,
    acks: usize,
    in_flight: usize,
    early: usize,
    finished: usize,
    elapsed: Duration,
}

fn campaign(rounds: usize, seed: u64) -> Summary {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("crash.threatmodel");
    let mut eng = Engagement::create(&path, EngagementInfo::default()).expect("create");
    add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    // (version, digest) of the last state known to be acknowledged.
    let mut known = (eng.version(), state_digest(&eng));
    drop(eng);
    let exe = std::env::current_exe().expect("the test binary");
    let mut rng = Rng::new(seed);
    let mut summary = Summary {
        rounds: 0,
        acks: 0,
        in_flight: 0,
        early: 0,
        finished: 0,
        elapsed: Duration::ZERO,
    };
    for round in 0..rounds {
        let ctx = format!("round {round} (CRASH_SEED={seed})");
        let child_seed = rng.next_u64();
        // One kill in eight comes while the child is still starting (opening the file).
        let early = rng.one_in(8);
        let delay = Duration::from_micros(rng.next_u64() % (MAX_DELAY_MS * 1000));
        let (lines, killed) = run_child(&exe, &path, dir.path(), child_seed, early, delay, &ctx);
        summary.early += usize::from(early);
        summary.finished += usize::from(!killed);
        let acks = parse_acks(&lines, &ctx);
        for w in acks.windows(2) {
            assert!(w[0].0 <= w[1].0, "{ctx}: versions go up: {acks:?}");
        }
        if let Some(first) = acks.first() {
            assert!(first.0 >= known.0, "{ctx}: the child started from the file");
        }
        summary.acks += acks.len();
        let (v_ack, d_ack) = acks.last().copied().unwrap_or(known);
        let (in_flight, now) = check_file(&path, v_ack, d_ack, &ctx);
        summary.in_flight += usize::from(in_flight);
        known = now;
        summary.rounds += 1;
    }
    summary.elapsed = started.elapsed();
    summary
}

/// Runs one child until the kill (or its end): its stdout lines, and whether it was killed.
fn run_child(
    exe: &Path,
    path: &Path,
    dir: &Path,
    seed: u64,
    early: bool,
    delay: Duration,
    ctx: &str,
) -> (Vec<String>, bool) {
    let err_path = dir.join("child.stderr");
    let stderr = std::fs::File::create(&err_path).expect("stderr file");
    let mut child = Command::new(exe)
        .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_FILE, path)
        .env(CHILD_SEED, seed.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("spawn the child");
    let stdout = child.stdout.take().expect("stdout");
    let (ready_tx, ready_rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if line.starts_with("ready ") {
                let _ = ready_tx.send(());
            }
            lines.push(line);
        }
        lines
    });
    if early {
        std::thread::sleep(delay / 4);
    } else {
        // Not ready in 20 s: the child hangs or died (its stderr says why).
        let _ = ready_rx.recv_timeout(Duration::from_secs(20));
        std::thread::sleep(delay);
    }
    // SIGKILL on Unix: no destructor, no flush, no SQLite close runs.
    let _ = child.kill();
    let status = child.wait().expect("wait for the child");
    let lines = reader.join().expect("reader");
    let killed = {
        use std::os::unix::process::ExitStatusExt;
        status.signal() == Some(9)
    };
    if !killed && !status.success() {
        let err = std::fs::read_to_string(&err_path).unwrap_or_default();
        panic!(
            "{ctx}: the child failed ({status}):\n{}\n{err}",
            lines.join("\n")
        );
    }
    (lines, killed)
}

fn parse_acks(lines: &[String], ctx: &str) -> Vec<(u32, u64)> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("ack "))
        .map(|l| {
            let (v, d) = l.split_once(' ').unwrap_or_else(|| panic!("{ctx}: {l}"));
            (
                v.parse().unwrap_or_else(|_| panic!("{ctx}: {l}")),
                u64::from_str_radix(d, 16).unwrap_or_else(|_| panic!("{ctx}: {l}")),
            )
        })
        .collect()
}

/// Checks the file after a kill (see the module's comment): whether the op in
/// flight had committed, and the (version, digest) it is left at.
fn check_file(path: &Path, v_ack: u32, d_ack: u64, ctx: &str) -> (bool, (u32, u64)) {
    let (count, max, last_op) = {
        let conn = rusqlite::Connection::open(path).expect("raw open");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity_check");
        assert_eq!(check, "ok", "{ctx}: integrity_check");
        let (count, max): (u32, u32) = conn
            .query_row("SELECT COUNT(*), MAX(version) FROM oplog", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("oplog");
        let last: String = conn
            .query_row("SELECT op FROM oplog WHERE version = ?1", [max], |r| {
                r.get(0)
            })
            .expect("last op");
        let last: Op = serde_json::from_str(&last).expect("the last op reads back");
        (count, max, last)
    };
    assert_eq!(count, max, "{ctx}: the op log has no gap");
    let mut eng =
        Engagement::open(path).unwrap_or_else(|e| panic!("{ctx}: the file does not open: {e}"));
    let v = eng.version();
    assert_eq!(v, max, "{ctx}: the version is the op log's");
    assert!(
        v >= v_ack,
        "{ctx}: acknowledged version {v_ack} lost: the file is at {v}"
    );
    assert!(
        v <= v_ack + 1,
        "{ctx}: the file is at {v}, more than one op past the acknowledged {v_ack}"
    );
    let in_flight = v == v_ack + 1;
    let d0 = state_digest(&eng);
    if !in_flight {
        assert_eq!(
            d0, d_ack,
            "{ctx}: the state at version {v} is not the acknowledged one"
        );
    }
    // Take the newest op back (undo it, or redo what it undid), then bring it again.
    let scope = last_op.undo_scope();
    let (back, forth) = match last_op {
        Op::Undo { .. } => (Op::Redo { scope }, Op::Undo { scope }),
        _ => (Op::Undo { scope }, Op::Redo { scope }),
    };
    eng.apply(back.clone())
        .unwrap_or_else(|e| panic!("{ctx}: {back:?} after reopening: {e}"));
    if in_flight {
        assert_eq!(
            state_digest(&eng),
            d_ack,
            "{ctx}: taking back the op in flight does not give the acknowledged state"
        );
    }
    eng.apply(forth.clone())
        .unwrap_or_else(|e| panic!("{ctx}: {forth:?} after reopening: {e}"));
    assert_eq!(state_digest(&eng), d0, "{ctx}: {back:?} then {forth:?}");
    (in_flight, (eng.version(), d0))
}
