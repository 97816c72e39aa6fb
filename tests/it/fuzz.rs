//! Fuzzing on stable Rust (issue 13): every parser of outside input has a
//! target here, fed by mutating real inputs (cargo-fuzz needs nightly).
//!
//! A target is a generator (a seeded `Rng` → the bytes of one input, made by
//! mutating a real file) and a check (the input → what became of it). The
//! shared runner runs each case on its own thread with a time bound, and fails
//! on a panic, a hang or a broken promise, saving the input and printing the
//! seed and the case number that reproduce it:
//! `FUZZ_SEED=… FUZZ_CASE=… cargo test -p threatloom --test it <target>`.
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

mod files;
mod found;
mod loader;
mod models;
mod mutate;

use loader::{exercise, kind};
use mutate::*;
