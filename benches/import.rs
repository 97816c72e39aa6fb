//! `cargo bench --bench import`: other tools' models in and out (issue 10's
//! goal: each under 100 ms in release). Reading a 1.2 MB `.tm7` and a
//! 2,500-cell Threat Dragon file (our own export of a synthetic model), adding
//! each to an engagement (`Op::Import`), and writing a 10,000-element
//! engagement as Threat Dragon and as OTM. Median and min over several runs.

use std::time::{Duration, Instant};
use threatloom::export::{otm, threat_dragon};
use threatloom::import::{self, Format};
use threatloom::{demo, Op};

const RUNS: usize = 9;

fn time<T>(label: &str, mut f: impl FnMut() -> T) -> T {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        last = Some(f());
        times.push(started.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<52} median {:>8.1} ms   min {:>8.1} ms",
        ms(times[RUNS / 2]),
        ms(times[0])
    );
    last.expect("ran")
}

/// `Op::Import` of `model` into an empty engagement (made beforehand, untimed).
fn add_to_engagement(
    dir: &std::path::Path,
    name: &str,
    model: &threatloom::model::Model,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut empty = (0..RUNS)
        .map(|i| demo::large(&dir.join(format!("{name}-{i}.threatmodel")), 0, 0, 0))
        .collect::<Result<Vec<_>, _>>()?;
    let mut done = Vec::with_capacity(RUNS);
    time(
        &format!(
            "add it to an engagement ({} elements)",
            model.elements.len()
        ),
        || {
            let mut eng = empty.pop().expect("one per run");
            let change = eng.apply(Op::Import {
                model: model.clone(),
            });
            // Closed after the timing: the close's checkpoint is not the import's.
            done.push(eng);
            change.expect("import")
        },
    );
    Ok(())
}

/// Each way in is a function of its own, so that what it made is dropped
/// before the next is timed: the models kept alive behind the writes below
/// once cost the OTM writes 15 ms (a fragmented heap), a figure of the
/// bench's order, not of OTM.
fn tm7_in(dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let tm7 = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/mtmt/MTMT_MVP.tm7"
    ))?;
    let imported = time(
        &format!("read a .tm7 ({:.1} MB)", tm7.len() as f64 / 1e6),
        || import::read(&tm7, Some(Format::Tm7)).expect("tm7"),
    );
    add_to_engagement(dir, "tm7", &imported.model)
}

fn threat_dragon_in(dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let small = demo::large(&dir.join("2500.threatmodel"), 1250, 1200, 50)?;
    let td = threat_dragon::write(small.state())?;
    let cells = serde_json::from_str::<serde_json::Value>(&td)?["detail"]["diagrams"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .map(|d| d["cells"].as_array().map_or(0, Vec::len))
                .sum::<usize>()
        })
        .unwrap_or(0);
    let imported = time(
        &format!(
            "read a Threat Dragon file ({cells} cells, {:.1} MB)",
            td.len() as f64 / 1e6
        ),
        || import::read(td.as_bytes(), Some(Format::ThreatDragon)).expect("td"),
    );
    add_to_engagement(dir, "td", &imported.model)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    tm7_in(dir.path())?;
    threat_dragon_in(dir.path())?;

    let large = demo::large(&dir.path().join("10k.threatmodel"), 5000, 4900, 100)?;
    let elements = large.state().elements.len();
    time(
        &format!("write {elements} elements as Threat Dragon"),
        || threat_dragon::write(large.state()).expect("td"),
    );
    time(&format!("write {elements} elements as OTM (JSON)"), || {
        otm::write(large.state(), false).expect("otm")
    });
    time(&format!("write {elements} elements as OTM (YAML)"), || {
        otm::write(large.state(), true).expect("otm")
    });
    Ok(())
}
