//! `cargo bench --bench report`: the PDF report of 200 findings with 5
//! diagrams of about 40 elements each (target: under 1 s), and the executive
//! summary. The engagement is built through ops, like a user's.

use std::time::{Duration, Instant};
use threatloom::export::pdf;
use threatloom::model::{
    ElementKind, EngagementInfo, ExportFilter, Impact, Likelihood, Rating, Rect, Stride, Threat,
};
use threatloom::{Engagement, Op};

const DIAGRAMS: usize = 5;
const NODES: usize = 16;
const FINDINGS: usize = 200;

fn engagement(path: &std::path::Path) -> Result<Engagement, Box<dyn std::error::Error>> {
    let info = EngagementInfo {
        name: "Benchmark: payments platform".into(),
        customer: "Acme Payroll Ltd".into(),
        application: "Payments".into(),
        ..EngagementInfo::default()
    };
    let mut eng = Engagement::create(path, info)?;
    let mut targets = Vec::new();
    for d in 0..DIAGRAMS {
        let diagram = if d == 0 {
            "d1".to_string()
        } else {
            eng.apply(Op::AddDiagram {
                id: None,
                name: format!("Level 1 — subsystem {d}"),
            })?
            .created[0]
                .clone()
        };
        let add = |eng: &mut Engagement, kind, name: String, rect| {
            eng.apply(Op::AddElement {
                id: None,
                diagram_id: diagram.clone(),
                kind,
                name,
                rect,
            })
            .map(|c| c.created[0].clone())
        };
        // Two boundaries, sixteen nodes on a 4 × 4 grid, and flows between
        // neighbours: 2 + 16 + 22 = 40 elements.
        add(
            &mut eng,
            ElementKind::TrustBoundary,
            "Internet".into(),
            Rect::new(0.0, 0.0, 460.0, 700.0),
        )?;
        add(
            &mut eng,
            ElementKind::TrustBoundary,
            "Data centre".into(),
            Rect::new(500.0, 0.0, 480.0, 700.0),
        )?;
        let mut nodes = Vec::new();
        for n in 0..NODES {
            let kind = [
                ElementKind::ExternalEntity,
                ElementKind::Process,
                ElementKind::Process,
                ElementKind::DataStore,
            ][n % 4];
            let rect = Rect::new(
                30.0 + (n % 4) as f64 * 240.0,
                30.0 + (n / 4) as f64 * 170.0,
                150.0,
                80.0,
            );
            nodes.push(add(
                &mut eng,
                kind,
                format!("Service {d}.{n} with a longer name"),
                rect,
            )?);
        }
        let mut flows = 0;
        for n in 0..NODES {
            for m in [n + 1, n + 4] {
                if flows < 22 && m < NODES && (m != n + 1 || n % 4 != 3) {
                    eng.apply(Op::Connect {
                        id: None,
                        diagram_id: diagram.clone(),
                        source: nodes[n].clone(),
                        target: nodes[m].clone(),
                        name: format!("Request {n}→{m}"),
                    })?;
                    flows += 1;
                }
            }
        }
        // Threats on processes, where every STRIDE category applies.
        targets.extend(nodes.iter().skip(1).step_by(4).cloned());
        targets.extend(nodes.iter().skip(2).step_by(4).cloned());
    }
    let ratings = [Rating::Low, Rating::Medium, Rating::High];
    for i in 0..FINDINGS {
        let element = &targets[(i * 7) % targets.len()];
        let mut t = Threat::quick(
            element,
            Stride::ALL[i % 6],
            &format!("Finding {i}: requests can be replayed against the service"),
        );
        t.scenario = "An attacker on the network captures a signed request and replays it later; \
                      the service accepts it because it checks neither a nonce nor a timestamp. "
            .repeat(3);
        t.impact = Impact {
            affected_users: Some(ratings[i % 3]),
            reputational: Some(ratings[(i / 3) % 3]),
            financial: Some(ratings[i % 3]),
            rated_overall: None,
            rationale: "Payments can be duplicated.".into(),
        };
        t.likelihood = Likelihood {
            reproducibility: Some(ratings[(i / 2) % 3]),
            exploitability: Some(ratings[i % 3]),
            discoverability: Some(ratings[(i / 5) % 3]),
            rated_overall: None,
            rationale: String::new(),
        };
        t.recommended_actions = vec![
            "Sign a nonce and a timestamp into every request".into(),
            "Reject requests older than five minutes".into(),
        ];
        t.references = vec!["CWE-294".into()];
        eng.apply(Op::AddThreat { threat: t })?;
    }
    Ok(eng)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let eng = engagement(&dir.path().join("bench.threatmodel"))?;
    let report = eng.report(&ExportFilter::default());
    assert_eq!(report.findings.len(), FINDINGS);
    assert_eq!(report.diagrams.len(), DIAGRAMS);
    // `cargo test --benches` runs this too: one round is enough there.
    let runs = if std::env::args().any(|a| a == "--test") {
        1
    } else {
        7
    };

    let mut times: Vec<Duration> = Vec::new();
    let mut bytes = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        bytes = pdf::report(eng.state(), &report)?;
        times.push(started.elapsed());
    }
    let mut size = bytes.len();
    // To look at what was measured: REPORT_BENCH_PDF=/tmp/bench.pdf cargo bench --bench report
    if let Some(path) = std::env::var_os("REPORT_BENCH_PDF") {
        std::fs::write(path, &bytes)?;
    }
    let first = times[0];
    times.sort();
    println!(
        "PDF report, {FINDINGS} findings, {DIAGRAMS} diagrams: median {:.0?}  min {:.0?}  first {:.0?} (fonts loaded)  {} KB",
        times[times.len() / 2],
        times[0],
        first,
        size / 1024
    );

    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        size = pdf::summary(&report)?.len();
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "Executive summary PDF: median {:.0?}  min {:.0?}  {} KB",
        times[times.len() / 2],
        times[0],
        size / 1024
    );
    Ok(())
}
