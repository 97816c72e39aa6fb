//! `cargo bench --bench rules`: every built-in rule over a diagram of 1,000
//! elements and 1,500 flows (analysis of boundaries included), and coverage.

use std::time::{Duration, Instant};
use threatloom::analysis::rules::{matches, suggest, RuleSet};
use threatloom::analysis::{containment_all, coverage};
use threatloom::demo;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::args().any(|a| a == "--test") {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let eng = demo::large(&dir.path().join("rules.threatmodel"), 1_000, 1_500, 20)?;
    let rules = RuleSet::builtin()?;
    let (mut all, mut owned, mut cov) = (Vec::new(), Vec::new(), Vec::new());
    let mut found = 0;
    for _ in 0..30 {
        // What the issue measures: the boundary analysis plus every rule on every element.
        let started = Instant::now();
        found = matches(eng.state(), &rules, &containment_all(eng.state()), None).len();
        all.push(started.elapsed());
        let started = Instant::now();
        assert_eq!(
            suggest(eng.state(), &rules, &containment_all(eng.state()), None).len(),
            found
        );
        owned.push(started.elapsed());
        let started = Instant::now();
        let c = coverage(eng.state());
        cov.push(started.elapsed());
        assert!(c.total > 0);
    }
    println!(
        "rules: {} rules over {} elements: median {:.2?} ({found} suggestions; {:.2?} as owned suggestions); coverage: median {:.2?}",
        rules.rules.len(),
        eng.state().elements.len(),
        median(all),
        median(owned),
        median(cov)
    );
    Ok(())
}
