//! The customer's feedback in every deliverable; resolved findings apart from
//! the open ones and never among the top risks; status figures that agree
//! across formats; the summary's sentences; the PDF's creation date.

use crate::common::*;
use crate::report_formats::{parse_csv, sheet};
use crate::report_pdf::{checked, flat, pages_text};
use threatloom::analysis::report::{build, status_words};
use threatloom::export::jira::IssueKeys;
use threatloom::export::{jira, markdown, pdf, xlsx};
use threatloom::model::labels::status_label;

/// 2026-05-28 10:00 UTC.
const NOW: i64 = 1_779_962_400_000;
const DAY: i64 = 86_400_000;
const FIXED: &str = "Fixed in release 4.2";
const MFA: &str = "SSO enforces MFA";
const STAGING: &str = "Reproduced in staging";
const MOBILE: &str = "Please cover the mobile app too";
const ADJUSTED: &str = "Scenario extended to the mobile app";

struct Fx {
    _dir: tempfile::TempDir,
    eng: Engagement,
    /// Critical, validated by the customer, two comments.
    open: String,
    /// Critical, mitigated with a comment.
    mitigated: String,
    /// Critical, disputed then found a false positive.
    false_positive: String,
    /// Medium, a draft: no feedback.
    draft: String,
}

fn mv(eng: &mut Engagement, id: &str, to: FindingState, by: &str, comment: &str, at: i64) {
    eng.apply(Op::MoveFinding {
        threat_ids: vec![id.into()],
        to,
        by: by.into(),
        comment: comment.into(),
        at_ms: Some(at as f64),
    })
    .expect("move");
}

fn comment(eng: &mut Engagement, id: &str, by: &str, text: &str, customer: bool, at: i64) {
    eng.apply(Op::CommentOnFinding {
        threat_id: id.into(),
        by: by.into(),
        text: text.into(),
        from_customer: customer,
        at_ms: Some(at as f64),
    })
    .expect("comment");
}

fn fixture() -> Fx {
    let (dir, mut eng) = new_engagement();
    let (_, api) = browser_and_api(&mut eng);
    let mut threat = |title: &str, level: Rating| {
        let mut t = Threat::quick(&api, Stride::Tampering, title);
        t.scenario = "Traffic goes over plaintext connections.".into();
        t.recommended_actions = vec![
            "Use TLS on all plaintext connections.".into(),
            "Record the protocol and its encryption on the flow.".into(),
        ];
        rate(&mut t, level, level);
        eng.apply(Op::AddThreat { threat: t })
            .expect("threat")
            .created[0]
            .clone()
    };
    let open = threat("Order total altered", Rating::High);
    let mitigated = threat("Session fixation", Rating::High);
    let false_positive = threat("No MFA on login", Rating::High);
    let draft = threat("Verbose errors", Rating::Medium);

    let t0 = NOW - 20 * DAY;
    for id in [&open, &mitigated, &false_positive] {
        mv(&mut eng, id, FindingState::Reported, "Ana", "", t0);
    }
    mv(
        &mut eng,
        &open,
        FindingState::Validated,
        "Cy",
        STAGING,
        t0 + DAY,
    );
    comment(&mut eng, &open, "Cy", MOBILE, true, t0 + 2 * DAY);
    comment(&mut eng, &open, "Ana", ADJUSTED, false, t0 + 3 * DAY);
    mv(
        &mut eng,
        &mitigated,
        FindingState::Validated,
        "Cy",
        "",
        t0 + DAY,
    );
    mv(
        &mut eng,
        &mitigated,
        FindingState::Mitigated,
        "Ana",
        FIXED,
        t0 + 4 * DAY,
    );
    mv(
        &mut eng,
        &false_positive,
        FindingState::Disputed,
        "Cy",
        MFA,
        t0 + DAY,
    );
    mv(
        &mut eng,
        &false_positive,
        FindingState::FalsePositive,
        "Ana",
        "",
        t0 + 2 * DAY,
    );
    Fx {
        _dir: dir,
        eng,
        open,
        mitigated,
        false_positive,
        draft,
    }
}

fn report(fx: &Fx, filter: &ExportFilter) -> Report {
    build(fx.eng.state(), fx.eng.uid(), filter, NOW)
}

fn title(fx: &Fx, id: &str) -> String {
    fx.eng.state().threats[id].title.clone()
}

/// The text between the first line equal to `from` and the next line that is
/// one of `to` (or the end).
fn section(text: &str, from: &str, to: &[&str]) -> String {
    let mut lines = text.lines().skip_while(|l| l.trim() != from);
    let mut out = String::new();
    if lines.next().is_none() {
        return out;
    }
    for l in lines.take_while(|l| !to.contains(&l.trim())) {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// The report's text after its contents page(s), whose lines name every heading.
fn after_contents(pages: &[String]) -> String {
    pages
        .iter()
        .skip_while(|p| !p.lines().any(|l| l.trim() == "Contents"))
        .skip(1)
        .skip_while(|p| !p.lines().any(|l| l.trim() == "1 Executive summary"))
        .cloned()
        .collect()
}

#[test]
fn the_report_holds_each_findings_feedback_in_words() {
    let fx = fixture();
    let r = report(&fx, &ExportFilter::default());
    let f = r.findings.iter().find(|f| f.id == fx.open).expect("open");
    let lines: Vec<String> = f.feedback.iter().map(|l| l.line()).collect();
    let d = |n: i64| threatloom::analysis::report::date(NOW - 20 * DAY + n * DAY);
    assert_eq!(
        lines,
        [
            format!("{}, Cy: Customer validated — {STAGING}", d(1)),
            format!("{}, Cy: Customer feedback — {MOBILE}", d(2)),
            format!("{}, Ana: Team adjustment — {ADJUSTED}", d(3)),
        ]
    );
    let m = r
        .findings
        .iter()
        .find(|f| f.id == fx.mitigated)
        .expect("mitigated");
    assert_eq!(
        m.feedback.len(),
        1,
        "moves without a comment are not feedback"
    );
    assert_eq!(m.feedback[0].said(), format!("Mitigated — {FIXED}"));
    assert_eq!(
        m.status_trail,
        [
            FindingState::Reported,
            FindingState::Validated,
            FindingState::Mitigated
        ]
    );
    let draft = r.findings.iter().find(|f| f.id == fx.draft).expect("draft");
    assert!(draft.feedback.is_empty() && draft.feedback_summary().is_none());
    let changed: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.feedback_summary().is_some())
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(changed, [fx.open.as_str(), fx.mitigated.as_str()]);
}

#[test]
fn feedback_is_in_every_format() {
    let fx = fixture();
    let r = report(&fx, &ExportFilter::default());
    let dir = tempfile::tempdir().expect("dir");

    // PDF report: a block under the finding; the summary: what changed.
    let full = checked(
        dir.path(),
        "r.pdf",
        &pdf::report(fx.eng.state(), &r).expect("pdf"),
    );
    let all = flat(&pages_text(&full).concat());
    for said in [
        "Customer feedback and adjustments",
        STAGING,
        MOBILE,
        ADJUSTED,
        FIXED,
    ] {
        assert!(all.contains(said), "the report says {said}");
    }
    let summary = checked(dir.path(), "s.pdf", &pdf::summary(&r).expect("summary"));
    let text = pages_text(&summary).concat();
    let changes = flat(&section(
        &text,
        "Changes after customer feedback",
        &["Changes since the previous delivery"],
    ));
    assert!(changes.contains(&title(&fx, &fx.open)), "{changes}");
    assert!(changes.contains(&title(&fx, &fx.mitigated)), "{changes}");
    assert!(
        changes.contains("Reported → Validated → Mitigated"),
        "{changes}"
    );
    assert!(
        !changes.contains(&title(&fx, &fx.draft)),
        "no feedback, no change"
    );

    // XLSX: a column.
    let rows = sheet(&xlsx::workbook(&r).expect("xlsx"), "Findings");
    let col = rows[0]
        .iter()
        .position(|h| h == "Customer feedback")
        .expect("column");
    let row = rows.iter().find(|row| row[0] == fx.mitigated).expect("row");
    assert!(
        row[col].ends_with(&format!("Ana: Mitigated — {FIXED}")),
        "{}",
        row[col]
    );
    let row = rows.iter().find(|row| row[0] == fx.open).expect("row");
    assert_eq!(row[col].lines().count(), 3);
    assert_eq!(
        rows.iter().find(|row| row[0] == fx.draft).expect("row")[col],
        ""
    );

    // Jira: a section of the description.
    let (_, records) = parse_csv(&jira::csv(&r, &IssueKeys::new()).expect("csv"));
    let desc = |id: &str| {
        let ext = format!("{}-{id}", fx.eng.uid());
        records.iter().find(|rec| rec[8] == ext).expect("issue")[1].clone()
    };
    let open = desc(&fx.open);
    assert!(
        open.contains("h3. Customer feedback and adjustments\n* "),
        "{open}"
    );
    assert!(
        open.contains(&format!("Cy: Customer feedback — {MOBILE}")),
        "{open}"
    );
    assert!(!desc(&fx.draft).contains("Customer feedback"));

    // Wiki: a section on the page.
    let files = markdown::wiki(&r);
    let page = &files
        .iter()
        .find(|(n, _)| n.starts_with(&format!("{}-", fx.mitigated)))
        .expect("page")
        .1;
    assert!(
        page.contains("## Customer feedback and adjustments\n\n- "),
        "{page}"
    );
    assert!(
        page.contains(&format!("Ana: Mitigated — {FIXED}")),
        "{page}"
    );

    // Markdown summary: what the feedback changed.
    let s = markdown::summary(&r);
    let changes = section(&s, "## Changes after customer feedback", &[]);
    assert!(changes.contains(&title(&fx, &fx.open)), "{s}");
    assert!(changes.contains(&format!("Mitigated — {FIXED}")), "{s}");
}

#[test]
fn without_feedback_there_is_no_feedback_section() {
    let (_dir, mut eng) = new_engagement();
    let api = add(&mut eng, ElementKind::Process, "API", at(0.0, 0.0));
    eng.apply(Op::AddThreat {
        threat: Threat::quick(&api, Stride::Spoofing, "Spoofed"),
    })
    .expect("threat");
    let r = eng.report(&ExportFilter::default());
    assert!(!markdown::summary(&r).contains("Changes after customer feedback"));
    assert!(!markdown::wiki(&r)[1].1.contains("Customer feedback"));
    assert!(!jira::description(&r.findings[0]).contains("Customer feedback"));
}

#[test]
fn status_figures_agree_in_every_format() {
    let fx = fixture();
    let mut eng = fx.eng;
    let accepted = {
        let api = eng.state().threats[&fx.draft].element_ids[0].clone();
        let id = eng
            .apply(Op::AddThreat {
                threat: Threat::quick(&api, Stride::Spoofing, "Accepted one"),
            })
            .expect("threat")
            .created[0]
            .clone();
        move_to(&mut eng, &id, FindingState::Accepted);
        id
    };
    let d = four_questions(eng.state()).doing_about_it;
    assert_eq!(
        (d.open, d.mitigated, d.accepted, d.false_positive),
        (2, 1, 1, 1)
    );
    let r = build(eng.state(), eng.uid(), &ExportFilter::everything(), NOW);
    assert_eq!(
        r.by_status(),
        d,
        "the report counts as the four questions do"
    );
    assert!(r.findings.iter().any(|f| f.id == accepted));

    let count = |labels: Vec<String>| {
        let n = |s: FindingState| labels.iter().filter(|l| *l == status_label(s)).count() as u32;
        let resolved = [
            FindingState::Mitigated,
            FindingState::Accepted,
            FindingState::FalsePositive,
        ];
        (
            labels.len() as u32 - resolved.iter().map(|s| n(*s)).sum::<u32>(),
            n(FindingState::Mitigated),
            n(FindingState::Accepted),
            n(FindingState::FalsePositive),
        )
    };
    let want = (d.open, d.mitigated, d.accepted, d.false_positive);

    let rows = sheet(&xlsx::workbook(&r).expect("xlsx"), "Findings");
    let col = rows[0]
        .iter()
        .position(|h| h == "Status")
        .expect("status column");
    assert_eq!(
        count(rows[1..].iter().map(|row| row[col].clone()).collect()),
        want
    );

    let (_, records) = parse_csv(&jira::csv(&r, &IssueKeys::new()).expect("csv"));
    let jira_status: Vec<String> = records
        .iter()
        .map(|rec| {
            let (_, after) = rec[1].split_once("h3. Status\n").expect("status section");
            after.lines().next().unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(count(jira_status), want);

    let words = format!("By status: {}.", status_words(&d));
    assert_eq!(
        words,
        "By status: 2 open, 1 mitigated, 1 accepted and 1 false positive."
    );
    assert!(markdown::summary(&r).contains(&words));
    assert!(markdown::wiki(&r)[0].1.contains(&words));
    let dir = tempfile::tempdir().expect("dir");
    let full = checked(
        dir.path(),
        "r.pdf",
        &pdf::report(eng.state(), &r).expect("pdf"),
    );
    let all = flat(&pages_text(&full).concat());
    assert_eq!(
        all.matches(&words).count(),
        2,
        "the summary's results and the approach"
    );
}

#[test]
fn resolved_findings_are_apart_and_never_top_risks() {
    let fx = fixture();
    let (mitigated, fp) = (title(&fx, &fx.mitigated), title(&fx, &fx.false_positive));
    let dir = tempfile::tempdir().expect("dir");
    for (filter, fp_in) in [
        (ExportFilter::default(), false),
        (ExportFilter::everything(), true),
    ] {
        let r = report(&fx, &filter);
        let top: Vec<&str> = r.top_risks().iter().map(|f| f.id.as_str()).collect();
        assert_eq!(top, [fx.open.as_str()], "only the open critical finding");

        // PDF summary and the report's own summary: top risks, then resolved.
        let summary = checked(dir.path(), "s.pdf", &pdf::summary(&r).expect("summary"));
        let full = checked(
            dir.path(),
            "r.pdf",
            &pdf::report(fx.eng.state(), &r).expect("pdf"),
        );
        let report_text = after_contents(&pages_text(&full));
        for text in [pages_text(&summary).concat(), report_text.clone()] {
            let top = flat(&section(&text, "Top risks", &["Resolved findings"]));
            assert!(top.contains(&title(&fx, &fx.open)), "{top}");
            assert!(!top.contains(&mitigated) && !top.contains(&fp), "{top}");
            let resolved = flat(&section(
                &text,
                "Resolved findings",
                &["Changes after customer feedback", "2 Approach"],
            ));
            assert!(resolved.contains(&mitigated), "{resolved}");
            assert_eq!(resolved.contains(&fp), fp_in, "{resolved}");
        }
        // The report: open findings in 5 and 6, resolved ones in 7.
        let open_part = flat(&section(
            &report_text,
            "5 Findings",
            &["7 Resolved findings"],
        ));
        assert!(open_part.contains(&title(&fx, &fx.draft)));
        assert!(
            !open_part.contains(&mitigated) && !open_part.contains(&fp),
            "{open_part}"
        );
        let resolved = flat(&section(
            &report_text,
            "7 Resolved findings",
            &["Appendix A Coverage"],
        ));
        assert!(
            resolved.contains(&mitigated) && resolved.contains(FIXED),
            "{resolved}"
        );
        assert_eq!(resolved.contains(&fp), fp_in);
        assert!(!resolved.contains(&title(&fx, &fx.draft)));

        // Markdown summary and wiki index.
        let s = markdown::summary(&r);
        let top = section(&s, "## Top risks", &["## Resolved findings"]);
        assert!(!top.contains(&mitigated) && !top.contains(&fp), "{top}");
        let resolved = section(
            &s,
            "## Resolved findings",
            &["## Changes after customer feedback"],
        );
        assert!(resolved.contains(&mitigated), "{s}");
        assert_eq!(resolved.contains(&fp), fp_in, "{s}");
        let index = &markdown::wiki(&r)[0].1;
        let open = section(index, "## Open findings", &["## Resolved findings"]);
        assert!(
            open.contains(&title(&fx, &fx.open)) && !open.contains(&mitigated),
            "{index}"
        );
        let resolved = section(index, "## Resolved findings", &[]);
        assert!(resolved.contains(&mitigated), "{index}");
        assert_eq!(resolved.contains(&fp), fp_in, "{index}");
    }
}

#[test]
fn the_markdown_summary_joins_sentences_once() {
    let fx = fixture();
    let mut r = report(&fx, &ExportFilter::default());
    r.info.application = "Payroll Inc.".into();
    let s = markdown::summary(&r);
    assert!(s.contains("Application: Payroll Inc.\n"), "{s}");
    assert!(
        s.contains(
            "Traffic goes over plaintext connections. Recommended: Use TLS on all plaintext \
             connections. Record the protocol and its encryption on the flow. Status: validated."
        ),
        "{s}"
    );
    assert!(!s.contains(".;") && !s.contains(".."), "{s}");
}

#[test]
fn the_pdf_is_dated_the_day_of_the_report() {
    let fx = fixture();
    let r = report(&fx, &ExportFilter::default());
    assert_eq!(r.date, "2026-05-28");
    let dir = tempfile::tempdir().expect("dir");
    for (name, bytes) in [
        ("r.pdf", pdf::report(fx.eng.state(), &r).expect("pdf")),
        ("s.pdf", pdf::summary(&r).expect("summary")),
    ] {
        let path = checked(dir.path(), name, &bytes);
        let info = crate::report_pdf::run(
            "pdfinfo",
            &["-isodates", path.to_str().expect("utf-8 path")],
        );
        let created = info
            .lines()
            .find_map(|l| l.strip_prefix("CreationDate:"))
            .map(str::trim)
            .unwrap_or_default();
        assert!(created.starts_with("2026-05-28T10:00:00"), "{info}");
    }
}

#[test]
fn feedback_text_is_escaped_like_the_rest() {
    let mut fx = fixture();
    let typed = "{code} *now* <b>x</b> | [y]";
    comment(&mut fx.eng, &fx.draft, "Cy", typed, true, NOW - DAY);
    let r = report(&fx, &ExportFilter::default());
    let f = r.findings.iter().find(|f| f.id == fx.draft).expect("draft");
    let jira = jira::description(f);
    assert!(
        jira.contains("\\{code\\} \\*now\\* <b>x</b> \\| \\[y\\]"),
        "{jira}"
    );
    let files = markdown::wiki(&r);
    let page = &files
        .iter()
        .find(|(n, _)| n.starts_with(&format!("{}-", fx.draft)))
        .expect("page")
        .1;
    assert!(
        page.contains("\\*now\\* &lt;b&gt;x&lt;/b&gt; \\| \\[y\\]"),
        "{page}"
    );
    let summary = markdown::summary(&r);
    assert!(!summary.contains("<b>"), "{summary}");
    let rows = sheet(&xlsx::workbook(&r).expect("xlsx"), "Findings");
    let row = rows.iter().find(|row| row[0] == fx.draft).expect("row");
    assert!(
        row.iter().any(|c| c.ends_with(typed)),
        "the spreadsheet holds it as typed"
    );
}
