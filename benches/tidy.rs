//! `cargo bench --bench tidy`: Tidy (Op::Tidy: the layered layout of a whole
//! diagram, planned, written and committed as one step) on large diagrams.

use std::time::{Duration, Instant};
use threatloom::model::UndoScope;
use threatloom::{demo, Op};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    for (nodes, flows, boundaries) in [(1000, 1500, 20), (4000, 5960, 40)] {
        let path = dir.path().join(format!("tidy-{nodes}.threatmodel"));
        let mut eng = demo::large(&path, nodes, flows, boundaries)?;
        let total = eng.state().elements.len();
        let diagram = eng
            .state()
            .diagrams
            .keys()
            .next()
            .ok_or("no diagram")?
            .clone();
        let mut times: Vec<Duration> = Vec::new();
        for _ in 0..7 {
            let t = Instant::now();
            eng.apply(Op::Tidy {
                diagram_id: diagram.clone(),
            })?;
            times.push(t.elapsed());
            eng.apply(Op::Undo {
                scope: UndoScope::Diagram,
            })?;
        }
        times.sort();
        println!(
            "tidy {total} elements ({nodes} nodes, {flows} flows, {boundaries} boundaries): median {:.0} ms, max {:.0} ms",
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
        );
    }
    Ok(())
}
