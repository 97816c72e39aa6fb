//! `cargo bench --bench derived`: the time from an edit to every view updated:
//! apply one op, then `Workspace::derived` (median, p99) at 1,000 and 10,000
//! elements, for the canvas window's query and for one asking for everything.

use std::path::Path;
use std::time::{Duration, Instant};
use threatloom::analysis::DerivedQuery;
use threatloom::engine::Placement;
use threatloom::model::Rect;
use threatloom::{demo, Op, Workspace};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn edit_then_derived(
    dir: &Path,
    nodes: usize,
    flows: usize,
    runs: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let path = dir.join(format!("derived-{nodes}.threatmodel"));
    let total = demo::large(&path, nodes, flows, 20)?.state().elements.len();
    let mut ws = Workspace::new(dir.join("data"), dir.join("docs"));
    ws.start(Some(&path))?;
    let ids: Vec<String> = ws
        .current()?
        .state()
        .elements
        .values()
        .filter(|e| e.kind.is_endpoint())
        .map(|e| e.id.clone())
        .collect();
    let queries = [
        (
            "canvas (diagram + selection)",
            DerivedQuery {
                diagram_id: Some("d1".into()),
                ..DerivedQuery::default()
            },
        ),
        (
            "every view",
            DerivedQuery {
                diagram_id: Some("d1".into()),
                element_id: None,
                all_suggestions: true,
                engagement: true,
                coverage_rows: true,
            },
        ),
    ];
    for (pass, (name, query)) in queries.into_iter().enumerate() {
        let mut times = Vec::with_capacity(runs);
        let mut derived_only = Vec::with_capacity(runs);
        for i in 0..runs {
            let id = ids[(i * 7919) % ids.len()].clone();
            let q = DerivedQuery {
                element_id: Some(id.clone()),
                ..query.clone()
            };
            // A new position every time, so every edit is a new version.
            let x = (pass * runs + i) as f64 * 3.0;
            let started = Instant::now();
            ws.apply(Op::Place {
                moves: vec![Placement {
                    id,
                    rect: Rect::new(x, 10.0, 120.0, 60.0),
                }],
            })?;
            let applied = Instant::now();
            let d = ws.derived(&q)?;
            times.push(started.elapsed());
            derived_only.push(applied.elapsed());
            assert!(d.analysis.is_some());
        }
        times.sort();
        derived_only.sort();
        println!(
            "edit + derived ({name}), {total} elements: median {:>7.1?}  p99 {:>7.1?}  (derived alone: median {:>7.1?}  p99 {:>7.1?}; {runs} edits)",
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            percentile(&derived_only, 0.5),
            percentile(&derived_only, 0.99),
        );
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo test --benches` runs this too: keep that quick.
    if std::env::args().any(|a| a == "--test") {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    // 1,000 and 10,000 elements in all (nodes + flows + 20 boundaries).
    edit_then_derived(dir.path(), 400, 580, 200)?;
    edit_then_derived(dir.path(), 4_000, 5_980, 40)?;
    Ok(())
}
