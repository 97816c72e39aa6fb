//! `cargo bench --bench ops`: op apply + commit latency (median, p99) on large
//! engagements, and the time to open one and take its snapshot.

use std::path::Path;
use std::time::{Duration, Instant};
use threatloom::analysis::analyze;
use threatloom::engine::Placement;
use threatloom::model::{ElementKind, PropValue, Rect, UndoScope};
use threatloom::{demo, Engagement, Op};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ops_latency(dir: &Path, nodes: usize, flows: usize) -> Result<(), Box<dyn std::error::Error>> {
    let path = dir.join(format!("ops-{nodes}.threatmodel"));
    let mut eng = demo::large(&path, nodes, flows, 20)?;
    let total = eng.state().elements.len();
    let ids: Vec<String> = eng
        .state()
        .elements
        .values()
        .filter(|e| e.kind.is_endpoint())
        .map(|e| e.id.clone())
        .collect();
    let mut times = Vec::new();
    for i in 0..3000usize {
        let id = ids[(i * 7919) % ids.len()].clone();
        let op = match i % 6 {
            0 => Op::Place {
                moves: vec![Placement {
                    id,
                    rect: Rect::new(i as f64, 10.0, 120.0, 60.0),
                }],
            },
            1 => Op::Rename {
                id,
                name: format!("Renamed {i}"),
            },
            2 => Op::SetProperty {
                id,
                key: "out_of_scope".into(),
                value: Some(PropValue::Bool(i % 4 == 0)),
            },
            3 => Op::AddElement {
                id: None,
                diagram_id: "d1".into(),
                kind: ElementKind::Process,
                name: "New".into(),
                rect: Rect::new(0.0, 0.0, 100.0, 100.0),
            },
            4 => Op::Connect {
                id: None,
                diagram_id: "d1".into(),
                source: id,
                target: ids[(i * 31) % ids.len()].clone(),
                name: "flow".into(),
            },
            _ => Op::Undo {
                scope: UndoScope::Diagram,
            },
        };
        let started = Instant::now();
        let result = eng.apply(op);
        times.push(started.elapsed());
        if let Err(e) = result {
            // A random self-loop is refused; anything else is a bench bug.
            if !e.to_string().contains("two different") {
                return Err(e.into());
            }
        }
    }
    times.sort();
    println!(
        "apply+commit, {total} elements: median {:>7.1?}  p99 {:>7.1?}  max {:>7.1?}  ({} ops)",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times[times.len() - 1],
        times.len()
    );
    Ok(())
}

fn open_and_snapshot(
    dir: &Path,
    nodes: usize,
    flows: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let path = dir.join(format!("open-{nodes}.threatmodel"));
    let total = demo::large(&path, nodes, flows, 20)?.state().elements.len();
    let mut open = Vec::new();
    let mut analysis = Vec::new();
    for _ in 0..15 {
        let started = Instant::now();
        let eng = Engagement::open(&path)?;
        let snapshot = eng.snapshot();
        open.push(started.elapsed());
        assert_eq!(snapshot.elements.len(), total);
        let started = Instant::now();
        let a = analyze(eng.state(), "d1");
        analysis.push(started.elapsed());
        assert!(!a.inside.is_empty());
    }
    open.sort();
    analysis.sort();
    println!(
        "open + snapshot, {total} elements: median {:>7.1?}   DFD analysis: median {:>7.1?}",
        percentile(&open, 0.5),
        percentile(&analysis, 0.5)
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo test --benches` runs this too: keep that quick.
    if std::env::args().any(|a| a == "--test") {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    // 1,000 and 10,000 elements in all (nodes + flows + 20 boundaries).
    ops_latency(dir.path(), 400, 580)?;
    ops_latency(dir.path(), 4_000, 5_980)?;
    open_and_snapshot(dir.path(), 1_000, 1_500)?;
    open_and_snapshot(dir.path(), 4_000, 5_980)?;
    Ok(())
}
