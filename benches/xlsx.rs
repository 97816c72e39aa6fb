//! `cargo bench --bench xlsx`: the spreadsheet of 1,000 findings (target
//! below 0.3 s in release), median and min over several runs.

use std::time::{Duration, Instant};
use threatloom::export::xlsx;
use threatloom::model::{
    ElementKind, EngagementInfo, ExportFilter, Impact, Likelihood, Rating, Rect, Stride, Threat,
};
use threatloom::{Engagement, Op};

const FINDINGS: usize = 1000;
const RUNS: usize = 9;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut eng = Engagement::create(
        &dir.path().join("xlsx.threatmodel"),
        EngagementInfo {
            name: "XLSX bench".into(),
            ..EngagementInfo::default()
        },
    )?;
    let mut processes = Vec::new();
    for i in 0..20 {
        let change = eng.apply(Op::AddElement {
            id: None,
            diagram_id: "d1".into(),
            kind: ElementKind::Process,
            name: format!("Service {i}"),
            rect: Rect::new(f64::from(i) * 200.0, 0.0, 120.0, 60.0),
        })?;
        processes.push(change.created[0].clone());
    }
    let ratings = [Rating::Low, Rating::Medium, Rating::High];
    for i in 0..FINDINGS {
        let category = Stride::ALL[i % Stride::ALL.len()];
        let mut t = Threat::quick(
            &processes[i % processes.len()],
            category,
            &format!("Finding {i}: {} of the service", category.label()),
        );
        t.scenario = "An attacker who controls a client sends a crafted request, \"with quotes\", commas, and several sentences of detail. ".repeat(4);
        let (a, b) = (ratings[i % 3], ratings[(i / 3) % 3]);
        t.impact = Impact {
            affected_users: Some(a),
            reputational: Some(b),
            financial: Some(a),
            rated_overall: None,
            rationale: "All tenants share the service.".into(),
        };
        t.likelihood = Likelihood {
            reproducibility: Some(b),
            exploitability: Some(a),
            discoverability: Some(b),
            rated_overall: None,
            rationale: String::new(),
        };
        t.recommended_actions = vec![
            "Validate every field on the server".into(),
            "Log and alert on rejected requests".into(),
        ];
        t.references = vec!["CWE-20".into(), "CAPEC-153".into()];
        eng.apply(Op::AddThreat { threat: t })?;
    }
    let report = eng.report(&ExportFilter::default());
    assert_eq!(report.findings.len(), FINDINGS);

    let mut times: Vec<Duration> = Vec::new();
    let mut size = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let bytes = xlsx::workbook(&report)?;
        times.push(started.elapsed());
        size = bytes.len();
    }
    times.sort();
    println!(
        "XLSX, {FINDINGS} findings: median {:>7.1?}  min {:>7.1?}  max {:>7.1?}  ({RUNS} runs, {} KiB)",
        times[RUNS / 2],
        times[0],
        times[RUNS - 1],
        size / 1024
    );
    Ok(())
}
