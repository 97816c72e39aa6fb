//! The spreadsheet, the Jira CSV and the Markdown deliverables, read back.

mod common;
use common::*;
use std::io::Cursor;
use threatloom::labels::{lifecycle_label, risk_label, status_label, FIELD_LABELS};
use threatloom::report::jira::IssueKeys;
use threatloom::report::{jira, markdown, xlsx, ExportFilter, Report};
use threatloom::session::*;
use threatloom::*;

const T0: f64 = 1_780_000_000_000.0;
const SCENARIO: &str =
    "An attacker, on the same network, rewrites the \"amount\" field.\nThen the ledger books it.";
const SCRIPT_TITLE: &str = "Label <script>alert(1)</script> & more";
const PIPE_TITLE: &str = "Pipe | in the title";

fn rated(t: &mut Threat, impact: Rating, likelihood: Rating) {
    t.impact = Impact {
        affected_users: Some(impact),
        reputational: Some(impact),
        financial: Some(impact),
        rationale: "Money moves.".into(),
    };
    t.likelihood = Likelihood {
        reproducibility: Some(likelihood),
        exploitability: Some(likelihood),
        discoverability: Some(likelihood),
        rationale: String::new(),
    };
}

fn add_threat(eng: &mut Engagement, t: Threat) -> String {
    eng.apply(Op::AddThreat { threat: t })
        .expect("add threat")
        .created[0]
        .clone()
}

struct Fixture {
    _dir: tempfile::TempDir,
    eng: Engagement,
    api: String,
    /// Critical, with commas, quotes and newlines.
    quoted: String,
    /// Medium, `<script>` in the title.
    script: String,
    /// Low, `|` in the title.
    pipe: String,
    /// Not rated.
    unrated: String,
}

/// Four findings of different levels, a session held, an out-of-scope
/// element and a category marked not applicable.
fn fixture() -> Fixture {
    let (dir, mut eng) = new_engagement();
    let browser = add(
        &mut eng,
        ElementKind::ExternalEntity,
        "Browser",
        at(0.0, 0.0),
    );
    let api = add(
        &mut eng,
        ElementKind::Process,
        "Payments API",
        at(200.0, 0.0),
    );
    let db = add(
        &mut eng,
        ElementKind::DataStore,
        "Ledger DB",
        at(400.0, 0.0),
    );
    let legacy = add(
        &mut eng,
        ElementKind::Process,
        "Legacy CRM",
        at(200.0, 200.0),
    );
    connect(&mut eng, &browser, &api, "Payment");
    connect(&mut eng, &api, &db, "Booking");
    eng.apply(Op::SetProperty {
        id: legacy.clone(),
        key: "out_of_scope".into(),
        value: Some(PropValue::Bool(true)),
    })
    .expect("out of scope");
    eng.apply(Op::SetNotApplicable {
        element_id: db.clone(),
        category: Stride::Repudiation,
        reason: Some("Append-only, audited by the bank".into()),
    })
    .expect("not applicable");

    let mut t = Threat::quick(&api, Stride::Tampering, "Tampering, with \"quotes\"");
    t.scenario = SCENARIO.into();
    rated(&mut t, Rating::High, Rating::High);
    t.recommended_actions = vec!["Sign requests".into(), "Validate the amount".into()];
    t.references = vec!["CWE-345".into(), "CAPEC-94".into()];
    let quoted = add_threat(&mut eng, t);

    let mut t = Threat::quick(&db, Stride::InformationDisclosure, SCRIPT_TITLE);
    t.scenario = "Reads <b>all</b> rows".into();
    rated(&mut t, Rating::Medium, Rating::Medium);
    let script = add_threat(&mut eng, t);

    let mut t = Threat::quick(&api, Stride::DenialOfService, PIPE_TITLE);
    rated(&mut t, Rating::Low, Rating::Medium);
    t.status = ThreatStatus::Accepted;
    let pipe = add_threat(&mut eng, t);

    let unrated = add_threat(
        &mut eng,
        Threat::quick(&browser, Stride::Spoofing, "Phished session"),
    );

    let alice = eng
        .apply(Op::PutPerson {
            person: Person {
                id: String::new(),
                name: "Alice".into(),
                side: Side::Team,
                role: "Consultant".into(),
            },
        })
        .expect("person")
        .created[0]
        .clone();
    let session = eng
        .apply(Op::PutSession {
            session: Session {
                id: String::new(),
                kind: SessionKind::Scoping,
                title: "Scoping, payments".into(),
                date: "2026-05-04".into(),
                planned_minutes: 90,
                online: true,
                attendees: vec![Attendee {
                    person_id: alice,
                    role: SessionRole::Driver,
                }],
                recording: "https://rec.example/1".into(),
                started_at_ms: None,
                ended_at_ms: None,
            },
        })
        .expect("session")
        .created[0]
        .clone();
    eng.apply(Op::StartSession {
        id: session.clone(),
        at_ms: Some(T0),
    })
    .expect("start");
    eng.apply(Op::EndSession {
        id: session,
        at_ms: Some(T0 + 3_600_000.0),
    })
    .expect("end");

    Fixture {
        _dir: dir,
        eng,
        api,
        quoted,
        script,
        pipe,
        unrated,
    }
}

fn report_of(eng: &Engagement) -> Report {
    eng.report(&ExportFilter::default())
}

fn finding<'a>(report: &'a Report, id: &str) -> &'a threatloom::report::Finding {
    report
        .findings
        .iter()
        .find(|f| f.id == id)
        .expect("finding in the report")
}

// ---- XLSX ----

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("xlsx");
    let range = book.worksheet_range(name).expect("sheet");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    other => panic!("unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect()
}

fn sheet_names(bytes: &[u8]) -> Vec<String> {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    let book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("xlsx");
    book.sheet_names()
}

/// The Findings sheet as the report says it should be.
fn expected_findings(report: &Report) -> Vec<Vec<String>> {
    let mut header: Vec<String> = vec!["ID".into()];
    header.extend(FIELD_LABELS.iter().map(|l| l.to_string()));
    header.extend(["Status", "Finding state", "References"].map(String::from));
    let changes = report.changes.is_some();
    if changes {
        header.push("Since last delivery".into());
    }
    let mut rows = vec![header];
    for f in &report.findings {
        let mut row = vec![f.id.clone()];
        row.extend(f.fields());
        row.push(status_label(f.status).into());
        row.push(lifecycle_label(f.lifecycle).into());
        row.push(f.references.join("\n"));
        if changes {
            row.push(match &f.change {
                None => String::new(),
                Some(threatloom::report::FindingChange::New) => "New".into(),
                Some(threatloom::report::FindingChange::Changed { fields }) => {
                    format!("Changed: {}", fields.join(", "))
                }
            });
        }
        rows.push(row);
    }
    rows
}

#[test]
fn xlsx_reads_back_as_the_report() {
    let fx = fixture();
    let report = report_of(&fx.eng);
    assert_eq!(report.findings.len(), 4);
    let bytes = xlsx::workbook(&report).expect("workbook");
    assert_eq!(sheet_names(&bytes), ["Findings", "Coverage", "Sessions"]);

    let findings = sheet(&bytes, "Findings");
    assert_eq!(findings, expected_findings(&report));
    // Spot checks that do not go through the report's own helpers.
    assert_eq!(findings[1][3], "Tampering, with \"quotes\"");
    assert_eq!(findings[1][4], SCENARIO);
    assert!(findings[1][7].starts_with("Critical"), "{}", findings[1][7]);
    assert_eq!(findings[1][8], "Sign requests\nValidate the amount");
    assert_eq!(findings[1][11], "CWE-345\nCAPEC-94");

    let coverage = sheet(&bytes, "Coverage");
    assert_eq!(
        coverage[0],
        ["Element", "Kind", "S", "T", "R", "I", "D", "E"].map(String::from)
    );
    let row = |name: &str| {
        coverage
            .iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("{name} in the coverage sheet"))
            .clone()
    };
    let api = row("Payments API");
    assert_eq!(api[1], "Process");
    assert_eq!(api[3], "1 threat");
    assert_eq!(api[2], "not considered");
    let db = row("Ledger DB");
    assert_eq!(db[2], "", "spoofing does not apply to a data store");
    assert_eq!(db[4], "N/A: Append-only, audited by the bank");
    assert_eq!(db[5], "1 threat");
    let legacy = coverage
        .iter()
        .position(|r| r[0] == "Legacy CRM")
        .expect("out-of-scope element listed");
    assert!(coverage[..legacy].iter().any(|r| r[0] == "Out of scope"));

    let sessions = sheet(&bytes, "Sessions");
    assert_eq!(
        sessions,
        [
            [
                "Title",
                "Kind",
                "Date",
                "State",
                "Planned minutes",
                "Online",
                "Attendees",
                "Recording"
            ],
            [
                "Scoping, payments",
                "Scoping",
                "2026-05-04",
                "Held",
                "90",
                "Yes",
                "Alice (driver)",
                "https://rec.example/1"
            ]
        ]
        .map(|r| r.map(String::from).to_vec())
    );
}

#[test]
fn xlsx_of_a_long_international_scenario() {
    let fx = fixture();
    let mut report = report_of(&fx.eng);
    report.findings[0].scenario = "日本語のテキストと Ελληνικά κείμενο. ".repeat(200);
    let bytes = xlsx::workbook(&report).expect("workbook");
    assert_eq!(sheet(&bytes, "Findings")[1][4], report.findings[0].scenario);
}

// ---- Jira CSV ----

fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let records = r
        .records()
        .map(|rec| rec.expect("record").iter().map(String::from).collect())
        .collect();
    (header, records)
}

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
        assert!(page.contains(&format!("## Status\n\n{}", status_label(f.status))));
        assert!(page.contains(&format!(
            "## Finding state\n\n{}",
            lifecycle_label(f.lifecycle)
        )));
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

    // Every row of the findings table has the header's number of cells.
    let cells = |line: &str| line.replace("\\|", "").matches('|').count();
    let table: Vec<&str> = index
        .lines()
        .skip_while(|l| !l.starts_with("| ID |"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(table.len(), report.findings.len() + 2);
    for line in &table {
        assert_eq!(cells(line), cells(table[0]), "{line}");
    }
    assert!(table.iter().any(|l| l.contains("Pipe \\| in the title")));

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
    assert!(s.contains("Recommended: Sign requests; Validate the amount."));
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
