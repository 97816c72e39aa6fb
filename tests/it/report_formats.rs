//! The spreadsheet, the Jira CSV and the Markdown deliverables, read back.

use crate::common::*;
use std::io::Cursor;
use threatloom::analysis::report::FindingChange;
use threatloom::export::jira::IssueKeys;
use threatloom::export::{jira, markdown, xlsx};
use threatloom::model::labels::{risk_label, status_label, FIELD_LABELS};

mod jira_csv;
mod wiki_markdown;

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
        rated_overall: None,
        rationale: "Money moves.".into(),
    };
    t.likelihood = Likelihood {
        reproducibility: Some(likelihood),
        exploitability: Some(likelihood),
        discoverability: Some(likelihood),
        rated_overall: None,
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
    let pipe = add_threat(&mut eng, t);
    move_to(&mut eng, &pipe, FindingState::Accepted);

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

fn finding<'a>(report: &'a Report, id: &str) -> &'a Finding {
    report
        .findings
        .iter()
        .find(|f| f.id == id)
        .expect("finding in the report")
}

// ---- XLSX ----

pub(crate) fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
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
    header.extend(["Status", "References", "Customer feedback"].map(String::from));
    let changes = report.changes.is_some();
    if changes {
        header.push("Since last delivery".into());
    }
    let mut rows = vec![header];
    for f in &report.findings {
        let mut row = vec![f.id.clone()];
        row.extend(f.fields());
        row.push(status_label(f.lifecycle).into());
        row.push(f.references.join("\n"));
        row.push(
            f.feedback
                .iter()
                .map(|l| l.line())
                .collect::<Vec<_>>()
                .join("\n"),
        );
        if changes {
            row.push(match &f.change {
                None => String::new(),
                Some(FindingChange::New) => "New".into(),
                Some(FindingChange::Changed { fields }) => {
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
    assert_eq!(findings[1][10], "CWE-345\nCAPEC-94");

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

pub(crate) fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
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
