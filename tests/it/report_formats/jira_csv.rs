//! The Jira CSV: one issue per finding, stable external ids, re-imports.

use super::*;

#[test]
fn jira_csv_parses_back_one_issue_per_finding() {
    let fx = fixture();
    let report = report_of(&fx.eng);
    let text = jira::csv(&report, &IssueKeys::new()).expect("csv");
    let (header, records) = parse_csv(&text);
    assert_eq!(
        header,
        [
            "Summary",
            "Description",
            "Issue Type",
            "Priority",
            "Labels",
            "Labels",
            "Labels",
            "Component/s",
            "Threatloom ID"
        ]
    );
    assert_eq!(records.len(), report.findings.len());
    // Every field quoted: each line starts with a quote, the header too.
    assert!(text.starts_with("\"Summary\",\"Description\""));
    assert!(text.contains("\"Tampering, with \"\"quotes\"\"\""));

    for (f, rec) in report.findings.iter().zip(&records) {
        assert_eq!(rec[0], f.title, "summary");
        assert_eq!(rec[2], "Bug");
        assert_eq!(rec[4], "threatloom");
        assert_eq!(rec[7], f.affected_asset);
        assert_eq!(rec[8], f.external_id);
        assert!(rec[1].contains("h3. Affected asset\n"), "{}", rec[1]);
    }
    let by_id = |id: &str| {
        let f = finding(&report, id);
        records
            .iter()
            .find(|r| r[8] == f.external_id)
            .expect("record of the finding")
            .clone()
    };
    let quoted = by_id(&fx.quoted);
    assert_eq!(quoted[0], "Tampering, with \"quotes\"");
    assert!(
        quoted[1].contains(SCENARIO),
        "scenario kept exactly: {}",
        quoted[1]
    );
    assert!(quoted[1].contains("h3. Recommended actions\n* Sign requests\n* Validate the amount"));
    assert!(quoted[1].contains("[CWE-345|https://cwe.mitre.org/data/definitions/345.html]"));
    assert_eq!(quoted[3], "Highest");
    assert_eq!(quoted[5], "stride-tampering");
    assert_eq!(quoted[6], "risk-critical");
    assert_eq!(quoted[7], "Payments API");

    let script = by_id(&fx.script);
    assert_eq!(script[3], "Medium");
    assert_eq!(script[5], "stride-information-disclosure");
    let pipe = by_id(&fx.pipe);
    assert_eq!((pipe[3].as_str(), pipe[6].as_str()), ("Low", "risk-low"));
    assert_eq!(pipe[0], PIPE_TITLE);
    let unrated = by_id(&fx.unrated);
    assert_eq!(unrated[3], "Medium", "unrated findings get Jira's default");
    assert_eq!(unrated[6], "risk-not-rated");
    assert_eq!(unrated[5], "stride-spoofing");
}

#[test]
fn jira_summary_is_one_line_and_markup_is_escaped() {
    let fx = fixture();
    let mut report = report_of(&fx.eng);
    report.findings[0].title = "Two\nlines".into();
    report.findings[0].scenario = "Uses {code} and [links|x] *here*".into();
    let (_, records) = parse_csv(&jira::csv(&report, &IssueKeys::new()).expect("csv"));
    assert_eq!(records[0][0], "Two lines");
    assert!(
        records[0][1].contains("Uses \\{code\\} and \\[links\\|x\\] \\*here\\*"),
        "{}",
        records[0][1]
    );
}

#[test]
fn jira_external_ids_are_stable_across_exports() {
    let fx = fixture();
    let path = fx.eng.path().to_path_buf();
    let ids = |text: &str| -> Vec<String> {
        let (_, records) = parse_csv(text);
        records.iter().map(|r| r[8].clone()).collect()
    };
    let first = ids(&jira::csv(&report_of(&fx.eng), &IssueKeys::new()).expect("csv"));
    let second = ids(&jira::csv(&report_of(&fx.eng), &IssueKeys::new()).expect("csv"));
    assert_eq!(first, second);
    let unique: std::collections::BTreeSet<_> = first.iter().collect();
    assert_eq!(unique.len(), first.len(), "one id per finding");

    let Fixture { _dir, eng, .. } = fx;
    drop(eng);
    let reopened = Engagement::open(&path).expect("reopen");
    assert_eq!(
        ids(&jira::csv(&report_of(&reopened), &IssueKeys::new()).expect("csv")),
        first
    );
}

#[test]
fn jira_issue_keys_from_a_jira_export_make_a_reimport_update() {
    let fx = fixture();
    let report = report_of(&fx.eng);
    let first = &report.findings[0].external_id;
    // As Jira exports issues: its own columns, the custom field named its way, a BOM.
    let export = format!(
        "\u{feff}Summary,Issue key,Issue id,Custom field (Threatloom ID)\n\"x, y\",SEC-42,10042,{first}\nOther,SEC-7,10007,\n"
    );
    let keys = jira::issue_keys(&export).expect("keys");
    assert_eq!(keys.len(), 1, "rows without a Threatloom ID are not ours");
    let (header, records) = parse_csv(&jira::csv(&report, &keys).expect("csv"));
    assert_eq!(header[0], "Issue key", "the key column comes first");
    let keyed: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r[0].as_str(), r[9].as_str()))
        .collect();
    assert_eq!(keyed[0], ("SEC-42", first.as_str()));
    assert!(
        keyed[1..].iter().all(|(key, _)| key.is_empty()),
        "new findings get no key: Jira creates them"
    );

    let err = jira::issue_keys("Summary,Key\nx,SEC-1\n").expect_err("no issue key column");
    assert!(err.to_string().contains("Issue key"), "{err}");
}

// ---- Markdown ----
