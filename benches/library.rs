//! `cargo bench --bench library`: a library of 2,000 made-up entries of
//! realistic length, written to a temporary folder: the load, search as you
//! type (a title typed one letter at a time, each keystroke a search; goal
//! < 5 ms), the check for changes on disk the app polls with, and a save.

use std::time::{Duration, Instant};
use threatloom::library::Library;
use threatloom::model::*;

const ENTRIES: usize = 2_000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// A small deterministic generator (no dependency, the same library each run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.next() as usize % words.len()]
    }
}

const WHAT: &[&str] = &[
    "Session tokens",
    "Passwords",
    "API keys",
    "Payslip PDFs",
    "Audit logs",
    "Database snapshots",
    "JWT signatures",
    "Upload filenames",
    "Webhook payloads",
    "SAML assertions",
    "Backups",
    "Error messages",
    "Admin endpoints",
    "Service accounts",
    "TLS certificates",
    "Cookies",
    "Message queues",
    "Cache entries",
    "Feature flags",
    "Résumé uploads",
    "OAuth redirects",
];
const HOW: &[&str] = &[
    "not verified",
    "readable by operations staff",
    "sent in clear text",
    "kept forever",
    "guessable",
    "replayable",
    "not rate limited",
    "shared between tenants",
    "logged in full",
    "writable by any user",
    "accepted without validation",
    "exposed to the internet",
];
const WHERE: &[&str] = &[
    "in the mobile app",
    "at the API gateway",
    "in the batch jobs",
    "on shared kiosks",
    "in the reporting service",
    "between data centres",
    "in the admin console",
    "",
];
const SENTENCES: &[&str] = &[
    "An attacker who can reach the component sends crafted requests and reads what the team assumed was private.",
    "The weakness was confirmed during the session with the customer's developers, who showed the code path.",
    "Because the check happens only in the browser, any client that skips it is trusted by the server.",
    "Operations staff with routine access to the platform can copy the data without anyone noticing.",
    "The logs record the full request, including the personal data the customer is obliged to protect.",
    "A replayed message is processed twice, and the second run overwrites the corrected values.",
];
const ACTIONS: &[&str] = &[
    "Verify every token's signature on the server with a pinned algorithm and reject unsigned tokens.",
    "Encrypt the data at rest with keys held in the key management service, rotated every year.",
    "Limit the rate of requests per account and per address, and alert on bursts.",
    "Log the identity of every reader of the data, and keep the logs where the readers cannot change them.",
    "Validate the input against an allow-list on the server before it reaches the parser.",
];
const TAGS: &[&str] = &[
    "auth", "crypto", "privacy", "logging", "web", "mobile", "cloud", "payroll",
];

fn made_up(rng: &mut Lcg, i: usize) -> LibraryEntry {
    use ElementKind::*;
    let category = Stride::ALL[rng.next() as usize % Stride::ALL.len()];
    let applies_to: Vec<ElementKind> = [ExternalEntity, Process, DataStore, DataFlow]
        .into_iter()
        .filter(|k| category.applies_to(*k) && (*k == Process || rng.next().is_multiple_of(2)))
        .collect();
    let title = format!(
        "{} {} {} ({i})",
        rng.pick(WHAT),
        rng.pick(HOW),
        rng.pick(WHERE)
    )
    .replace("  ", " ");
    let scenario: Vec<&str> = (0..4 + rng.next() % 8)
        .map(|_| rng.pick(SENTENCES))
        .collect();
    LibraryEntry {
        id: String::new(),
        version: 1,
        title,
        category,
        applies_to,
        scenario: scenario.join(" "),
        impact: Impact {
            rationale: rng.pick(SENTENCES).into(),
            ..Impact::default()
        },
        likelihood: Likelihood::default(),
        recommended_actions: (0..1 + rng.next() % 3)
            .map(|_| rng.pick(ACTIONS).to_string())
            .collect(),
        references: vec![format!("CWE-{}", 100 + rng.next() % 800)],
        tags: (0..1 + rng.next() % 3)
            .map(|_| rng.pick(TAGS).to_string())
            .collect(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::args().any(|a| a == "--test") {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let folder = dir.path().join("library");
    let mut rng = Lcg(11);
    let mut lib = Library::load(std::slice::from_ref(&folder));
    let started = Instant::now();
    let mut titles = Vec::new();
    for i in 0..ENTRIES {
        titles.push(lib.save(&folder, made_up(&mut rng, i))?.title);
    }
    let write = started.elapsed();

    let mut loads = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        lib = Library::load(std::slice::from_ref(&folder));
        loads.push(started.elapsed());
    }
    assert_eq!(lib.len(), ENTRIES);
    assert!(lib.problems().is_empty());
    loads.sort();

    // Typing 40 titles letter by letter, then two-word queries, as the picker does.
    let mut keys = Vec::new();
    let mut slow: Vec<(Duration, String)> = Vec::new();
    for n in 0..40 {
        let title = &titles[(n * 97) % titles.len()];
        let typed: Vec<char> = title.chars().take(24).collect();
        for len in 1..=typed.len() {
            let query: String = typed[..len].iter().collect();
            let started = Instant::now();
            let found = lib.search(&query, &[ElementKind::Process], 50);
            keys.push(started.elapsed());
            slow.push((started.elapsed(), query.clone()));
            assert!(
                len < typed.len() || !found.is_empty(),
                "'{query}' finds its entry"
            );
        }
    }
    for query in [
        "s", "se", "ses", "sess", "sess k", "sess ki", "sess kio", "log priv", "cwe-3",
    ] {
        let started = Instant::now();
        let _ = lib.search(query, &[], 50);
        keys.push(started.elapsed());
        slow.push((started.elapsed(), query.to_string()));
    }
    keys.sort();
    slow.sort();
    let slowest: Vec<String> = slow
        .iter()
        .rev()
        .take(3)
        .map(|(d, q)| format!("'{q}' {d:.2?}"))
        .collect();

    let mut polls = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        assert!(!lib.changed_on_disk());
        polls.push(started.elapsed());
    }
    polls.sort();
    let mut e = lib.entries()[0].entry.clone();
    e.scenario.push_str(" Edited.");
    let started = Instant::now();
    lib.save(&folder, e)?;
    let save = started.elapsed();

    println!(
        "library: {ENTRIES} entries written in {:.2?}; load: median {:.2?}, max {:.2?}; \
         search per keystroke ({} keystrokes): median {:.3?}, p99 {:.3?}, max {:.3?} (goal < 5 ms; slowest {}); \
         changed-on-disk check: median {:.2?}; one save: {:.2?}",
        write,
        percentile(&loads, 0.5),
        percentile(&loads, 1.0),
        keys.len(),
        percentile(&keys, 0.5),
        percentile(&keys, 0.99),
        percentile(&keys, 1.0),
        slowest.join(", "),
        percentile(&polls, 0.5),
        save
    );
    Ok(())
}
