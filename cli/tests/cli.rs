//! The `threatloom` binary: every export headless on the demo engagement, and
//! one clear line with a non-zero exit on bad input.

use std::path::Path;
use std::process::{Command, Output};

fn threatloom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threatloom"))
        .args(args)
        .output()
        .expect("run threatloom")
}

fn demo(dir: &Path) -> String {
    let file = dir.join("payslip.threatmodel");
    let out = threatloom(&["demo", file.to_str().expect("utf-8 path")]);
    assert!(
        out.status.success(),
        "demo: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    file.display().to_string()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_export_runs_on_the_demo_engagement() {
    let dir = tempfile::tempdir().expect("dir");
    let file = demo(dir.path());
    let p = |name: &str| dir.path().join(name).display().to_string();
    let out = threatloom(&[
        "report",
        &file,
        "--pdf",
        &p("report.pdf"),
        "--summary-pdf",
        &p("summary.pdf"),
        "--summary-md",
        &p("summary.md"),
        "--xlsx",
        &p("findings.xlsx"),
        "--jira-csv",
        &p("jira.csv"),
        "--markdown",
        &p("wiki"),
        "--svg",
        &p("diagrams"),
    ]);
    assert!(out.status.success(), "report: {}", stderr(&out));
    let progress = stderr(&out);
    assert!(
        progress.contains("report v1: 6 findings, 1 diagrams"),
        "{progress}"
    );
    assert!(
        progress.contains("[7/7] diagrams (SVG)"),
        "a progress line per export: {progress}"
    );

    let bytes = |name: &str| std::fs::read(dir.path().join(name)).expect(name);
    assert!(bytes("report.pdf").starts_with(b"%PDF"));
    assert!(bytes("summary.pdf").starts_with(b"%PDF"));
    assert!(
        bytes("findings.xlsx").starts_with(b"PK"),
        "an XLSX is a zip"
    );
    let summary = String::from_utf8(bytes("summary.md")).expect("utf-8");
    assert!(
        summary.contains("Any employee can download another employee"),
        "{summary}"
    );
    let csv = String::from_utf8(bytes("jira.csv")).expect("utf-8");
    assert!(csv.matches("Payslip").count() >= 2, "{csv}");
    let pages = std::fs::read_dir(dir.path().join("wiki"))
        .expect("wiki")
        .count();
    assert_eq!(pages, 7, "index.md and one page per finding");
    let svgs: Vec<_> = std::fs::read_dir(dir.path().join("diagrams"))
        .expect("svg dir")
        .collect();
    assert_eq!(svgs.len(), 1, "one SVG per diagram");
}

#[test]
fn filters_narrow_the_report_and_a_delivery_marks_changes_next_time() {
    let dir = tempfile::tempdir().expect("dir");
    let file = demo(dir.path());
    let csv = dir.path().join("high.csv").display().to_string();
    let out = threatloom(&[
        "report",
        &file,
        "--jira-csv",
        &csv,
        "--min-risk",
        "high",
        "--deliver",
        "Report v1",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("report v1: 2 findings"),
        "critical + high only: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("recorded delivery \"Report v1\""));

    let again = threatloom(&["report", &file, "--jira-csv", &csv]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains(
            "report v2: 6 findings, 1 diagrams; since \"Report v1\": 4 new, 0 changed, 0 removed"
        ),
        "{}",
        stderr(&again)
    );
}

#[test]
fn jira_keys_from_a_jira_export_fill_the_issue_key_column() {
    let dir = tempfile::tempdir().expect("dir");
    let file = demo(dir.path());
    let first = dir.path().join("first.csv");
    let out = threatloom(&[
        "report",
        &file,
        "--jira-csv",
        first.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&first).expect("csv");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let id_at = rows
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "Threatloom ID")
        .expect("id column");
    let ids: Vec<String> = rows
        .records()
        .map(|r| r.expect("row")[id_at].to_string())
        .collect();
    // What Jira exports after the first import: keys beside our ids.
    let jira = dir.path().join("jira-export.csv");
    let mut export = String::from("Issue key,Summary,Custom field (Threatloom ID)\n");
    for (i, id) in ids.iter().enumerate() {
        export.push_str(&format!("SEC-{},x,{id}\n", i + 1));
    }
    std::fs::write(&jira, export).expect("write");
    let again = dir.path().join("again.csv");
    let out = threatloom(&[
        "report",
        &file,
        "--jira-csv",
        again.to_str().expect("utf-8"),
        "--jira-keys",
        jira.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&again).expect("csv");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(&rows.headers().expect("header")[0], "Issue key");
    let keys: Vec<String> = rows
        .records()
        .map(|r| r.expect("row")[0].to_string())
        .collect();
    assert_eq!(
        keys,
        (1..=ids.len())
            .map(|i| format!("SEC-{i}"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn bad_input_is_one_line_and_a_non_zero_exit() {
    let dir = tempfile::tempdir().expect("dir");
    let file = demo(dir.path());
    let junk = dir.path().join("junk.threatmodel");
    std::fs::write(&junk, "not a database").expect("junk");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "report".into(),
                dir.path().join("missing.threatmodel").display().to_string(),
                "--xlsx".into(),
                "x.xlsx".into(),
            ],
            "missing file",
        ),
        (
            vec![
                "report".into(),
                junk.display().to_string(),
                "--xlsx".into(),
                "x.xlsx".into(),
            ],
            "not an engagement",
        ),
        (
            vec![
                "report".into(),
                file.clone(),
                "--xlsx".into(),
                dir.path().join("no/such/dir/x.xlsx").display().to_string(),
            ],
            "no such folder",
        ),
        (
            vec![
                "report".into(),
                file.clone(),
                "--diagram".into(),
                "Nope".into(),
                "--xlsx".into(),
                "x.xlsx".into(),
            ],
            "unknown diagram",
        ),
        (vec!["report".into(), file.clone()], "no output asked for"),
    ];
    for (args, what) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = threatloom(&args);
        assert!(!out.status.success(), "{what}: should fail");
        let err = stderr(&out);
        let lines: Vec<&str> = err
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with("report v"))
            .collect();
        assert!(
            lines.len() == 1 || (lines.len() == 2 && lines[0].starts_with('[')),
            "{what}: one error line (after at most the progress line), got {err:?}"
        );
        assert!(
            lines.last().is_some_and(|l| l.starts_with("threatloom: ")),
            "{what}: {err:?}"
        );
    }
    assert!(
        !dir.path().join("no").exists(),
        "nothing created for a bad path"
    );
}

#[test]
fn report_has_help() {
    let out = threatloom(&["report", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--pdf",
        "--summary-pdf",
        "--summary-md",
        "--xlsx",
        "--jira-csv",
        "--markdown",
        "--svg",
        "--min-risk",
        "--deliver",
    ] {
        assert!(help.contains(flag), "--help lists {flag}");
    }
}
