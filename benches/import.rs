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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let tm7 = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/mtmt/MTMT_MVP.tm7"
    ))?;
    let imported = time(
        &format!("read a .tm7 ({:.1} MB)", tm7.len() as f64 / 1e6),
        || import::read(&tm7, Some(Format::Tm7)).expect("tm7"),
    );
    let mut n = 0;
    time(
        &format!(
            "add it to an engagement ({} elements)",
            imported.model.elements.len()
        ),
        || {
            n += 1;
            let mut eng = demo::large(&dir.path().join(format!("tm7-{n}.threatmodel")), 0, 0, 0)
                .expect("empty");
            eng.apply(Op::Import {
                model: imported.model.clone(),
            })
            .expect("import")
        },
    );

    let small = demo::large(&dir.path().join("2500.threatmodel"), 1250, 1200, 50)?;
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
    time(
        &format!(
            "add it to an engagement ({} elements)",
            imported.model.elements.len()
        ),
        || {
            n += 1;
            let mut eng = demo::large(&dir.path().join(format!("td-{n}.threatmodel")), 0, 0, 0)
                .expect("empty");
            eng.apply(Op::Import {
                model: imported.model.clone(),
            })
            .expect("import")
        },
    );

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
