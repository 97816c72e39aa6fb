//! The Markdown wiki and summary, and what every format says about changes since a delivery.

use super::*;

#[test]
fn wiki_index_links_every_page_and_pages_hold_the_eight_fields() {
    let fx = fixture();
    let report = report_of(&fx.eng);
    let files = markdown::wiki(&report);
    assert_eq!(files.len(), report.findings.len() + 1);
    assert_eq!(files[0].0, "index.md");
    let index = &files[0].1;
    let names: std::collections::BTreeSet<_> = files.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(names.len(), files.len(), "file names are unique");

    for ((name, page), f) in files[1..].iter().zip(&report.findings) {
        assert!(name.starts_with(&format!("{}-", f.id)) && name.ends_with(".md"));
        assert!(index.contains(&format!("]({name})")), "index links {name}");
        assert!(page.contains("](index.md)"), "{name} links back");
        for label in FIELD_LABELS {
            assert!(page.contains(&format!("## {label}\n")), "{name}: {label}");
        }
        assert!(page.contains(&format!("## Status\n\n{}", status_label(f.lifecycle))));
        assert!(!page.contains("Finding state"), "one status, not two");
        assert!(page.contains(&format!("## Risk level\n\n{}", risk_label(f.risk))));
        assert!(page.contains(&f.affected_asset));
        assert!(page.contains(&f.category));
    }
    // Names are stable across exports.
    let again: Vec<String> = markdown::wiki(&report_of(&fx.eng))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        again,
        files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>()
    );

    let quoted = finding(&report, &fx.quoted);
    let page = &files
        .iter()
        .find(|(n, _)| n.starts_with(&format!("{}-", quoted.id)))
        .expect("page")
        .1;
    assert!(page.contains("## Recommended actions\n\n- Sign requests\n- Validate the amount\n"));
    assert!(page.contains("[CWE-345](https://cwe.mitre.org/data/definitions/345.html)"));
    assert!(page.contains("[CAPEC-94](https://capec.mitre.org/data/definitions/94.html)"));
    assert!(page.contains("rewrites the \"amount\" field.\nThen the ledger books it."));
    assert!(page.contains(&format!("## Impact\n\n{}", quoted.fields()[4])));
}

#[test]
fn markdown_escapes_html_and_keeps_the_table_whole() {
    let fx = fixture();
    let report = report_of(&fx.eng);
    let files = markdown::wiki(&report);
    let index = &files[0].1;
    for (name, text) in &files {
        assert!(!text.contains("<script>"), "{name} injects HTML");
        assert!(!text.contains("<b>"), "{name} injects HTML");
    }
    assert!(index.contains("Label &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
    let script_page = &files
        .iter()
        .find(|(n, _)| n.starts_with(&format!("{}-", fx.script)))
        .expect("page")
        .1;
    assert!(script_page.contains("Reads &lt;b&gt;all&lt;/b&gt; rows"));

    // Every row of the findings tables (open, then resolved: the accepted
    // one) has the header's number of cells.
    let cells = |line: &str| line.replace("\\|", "").matches('|').count();
    let tables: Vec<Vec<&str>> = ["## Open findings", "## Resolved findings"]
        .iter()
        .map(|h| {
            index
                .lines()
                .skip_while(|l| l != h)
                .skip_while(|l| !l.starts_with("| ID |"))
                .take_while(|l| l.starts_with('|'))
                .collect()
        })
        .collect();
    assert_eq!(tables[0].len(), report.open_findings().len() + 2);
    assert_eq!(tables[1].len(), report.resolved_findings().len() + 2);
    for line in tables.concat() {
        assert_eq!(cells(line), cells(tables[0][0]), "{line}");
    }
    assert!(tables[1]
        .iter()
        .any(|l| l.contains("Pipe \\| in the title")));

    let summary = markdown::summary(&report);
    assert!(!summary.contains("<script>"));
}

#[test]
fn summary_has_scope_sessions_counts_and_top_risks() {
    let fx = fixture();
    let report = report_of(&fx.eng);
    let s = markdown::summary(&report);
    assert!(s.starts_with("# Executive summary: Test\n"));
    assert!(s.contains("## Scope"));
    assert!(s.contains("Legacy CRM"), "out-of-scope element listed");
    assert!(s.contains("1 session held"), "{s}");
    assert!(s.contains("| Critical | 1 |"));
    assert!(s.contains("| Medium | 1 |"));
    assert!(s.contains("| Not rated | 1 |"));
    assert!(s.contains("| **Total** | **4** |"));
    let top = report.top_risks();
    assert_eq!(top.len(), 1);
    assert!(s.contains("### ") && s.contains("Tampering, with \"quotes\" (Critical)"));
    // Actions are inlined as sentences (issue 12: no "a.; b.." joins).
    assert!(s.contains("Recommended: Sign requests. Validate the amount. Status: draft."));
    assert!(!s.contains("Changes since"), "no delivery yet");
}

// ---- Changes since a delivery ----

#[test]
fn exports_mark_new_changed_and_removed_findings() {
    let mut fx = fixture();
    fx.eng
        .apply(Op::RecordDelivery {
            label: "Report v1".into(),
            filter: ExportFilter::default(),
            at_ms: Some(T0),
        })
        .expect("delivery");
    let mut edited = fx.eng.state().threats[&fx.quoted].clone();
    edited.scenario = "A different scenario.".into();
    fx.eng
        .apply(Op::UpdateThreat { threat: edited })
        .expect("edit");
    let added = add_threat(
        &mut fx.eng,
        Threat::quick(&fx.api, Stride::ElevationOfPrivilege, "Admin by default"),
    );
    fx.eng
        .apply(Op::DeleteThreat {
            id: fx.pipe.clone(),
        })
        .expect("delete");

    let report = report_of(&fx.eng);
    let diff = report.changes.as_ref().expect("changes");
    assert_eq!((diff.new, diff.changed, diff.removed.len()), (1, 1, 1));

    // XLSX: the last column says what changed.
    let bytes = xlsx::workbook(&report).expect("workbook");
    let rows = sheet(&bytes, "Findings");
    assert_eq!(rows, expected_findings(&report));
    assert_eq!(
        rows[0].last().map(String::as_str),
        Some("Since last delivery")
    );
    let change_of = |id: &str| {
        rows.iter()
            .find(|r| r[0] == id)
            .and_then(|r| r.last())
            .cloned()
            .expect("row")
    };
    assert_eq!(change_of(&added), "New");
    assert_eq!(change_of(&fx.quoted), "Changed: Scenario");
    assert_eq!(change_of(&fx.script), "");

    // Wiki: the index lists new, changed and removed; the pages say so.
    let files = markdown::wiki(&report);
    let index = &files[0].1;
    assert!(index.contains("## Changes since the previous delivery"));
    assert!(index.contains("Since “Report v1”"));
    assert!(index.contains("- **New**: [") && index.contains("Admin by default"));
    assert!(index.contains("- **Changed**: [") && index.contains("(Scenario)"));
    assert!(index.contains(&format!("- **Removed**: {}: {PIPE_TITLE_ESCAPED}", fx.pipe)));
    let page = |id: &str| {
        files
            .iter()
            .find(|(n, _)| n.starts_with(&format!("{id}-")))
            .map(|(_, t)| t.clone())
            .expect("page")
    };
    assert!(page(&added).contains("> **New** since “Report v1”"));
    assert!(page(&fx.quoted).contains("> **Changed: Scenario** since “Report v1”"));
    assert!(!page(&fx.script).contains("since “Report v1”"));

    // Summary: the same changes.
    let s = markdown::summary(&report);
    assert!(s.contains("## Changes since the previous delivery"));
    assert!(
        s.contains("1 new, 1 changed, 2 unchanged, 1 removed"),
        "{s}"
    );
    assert!(s.contains(&format!("- **Removed**: {}: {PIPE_TITLE_ESCAPED}", fx.pipe)));

    // Jira: the removed finding is gone, the others keep their ids.
    let (_, records) = parse_csv(&jira::csv(&report, &IssueKeys::new()).expect("csv"));
    assert_eq!(records.len(), report.findings.len());
    assert!(!records.iter().any(|r| r[0] == PIPE_TITLE));
}

const PIPE_TITLE_ESCAPED: &str = "Pipe \\| in the title";

#[test]
fn an_empty_engagement_exports_every_format() {
    let (_dir, eng) = new_engagement();
    let report = eng.report(&ExportFilter::default());
    let bytes = xlsx::workbook(&report).expect("workbook");
    assert_eq!(sheet(&bytes, "Findings").len(), 1, "header only");
    let (_, records) = parse_csv(&jira::csv(&report, &IssueKeys::new()).expect("csv"));
    assert!(records.is_empty());
    let files = markdown::wiki(&report);
    assert_eq!(files.len(), 1);
    assert!(files[0].1.contains("No findings."));
    assert!(markdown::summary(&report).contains("No rated findings."));
}
