//! The PDF report and executive summary, checked with Debian's qpdf and
//! poppler-utils (pdftotext, pdfinfo, pdftoppm) as a reader would see them.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use threatloom::export::pdf;
use threatloom::model::labels::FIELD_LABELS;

pub(crate) fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (Debian: qpdf, poppler-utils) runs: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `bytes` and checks the file with `qpdf --check`.
pub(crate) fn checked(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write pdf");
    let path_s = path.to_str().expect("utf-8 path");
    let check = run("qpdf", &["--check", path_s]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    path
}

/// The text of each page (pdftotext separates pages with form feeds).
pub(crate) fn pages_text(path: &Path) -> Vec<String> {
    let text = run("pdftotext", &[path.to_str().expect("utf-8 path"), "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn page_count(path: &Path) -> usize {
    let info = run("pdfinfo", &[path.to_str().expect("utf-8 path")]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

/// Whitespace collapsed, so text wrapped across lines still matches.
pub(crate) fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Share of dark pixels on page `page` rendered in grey at 40 dpi.
fn ink(path: &Path, page: usize) -> f64 {
    let out = Command::new("pdftoppm")
        .args([
            "-gray",
            "-r",
            "40",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(path)
        .output()
        .expect("pdftoppm runs");
    assert!(out.status.success(), "pdftoppm renders page {page}");
    let pgm = out.stdout;
    // Binary PGM: "P5", width, height, maxval, one whitespace byte, then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (
        fields[1].parse().expect("width"),
        fields[2].parse().expect("height"),
    );
    let pixels = &pgm[at + 1..];
    assert_eq!(pixels.len(), w * h);
    pixels.iter().filter(|&&p| p < 200).count() as f64 / pixels.len() as f64
}

/// A browser, an API and a flow between them, and `findings` rated threats on the API.
fn small(findings: usize) -> (tempfile::TempDir, Engagement, String) {
    let (dir, mut eng) = new_engagement();
    let (_, api) = browser_and_api(&mut eng);
    for i in 0..findings {
        let mut t = Threat::quick(&api, Stride::Tampering, &format!("Order total altered {i}"));
        t.scenario = "The client sends the total; the API trusts it.".into();
        t.recommended_actions = vec!["Compute totals on the server".into()];
        rate(&mut t, Rating::High, Rating::Medium);
        eng.apply(Op::AddThreat { threat: t }).expect("threat");
    }
    (dir, eng, api)
}

#[test]
fn the_demo_report_is_valid_and_says_everything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let eng = demo::write(&dir.path().join("demo.threatmodel")).expect("demo");
    let report = report_of(&eng);
    let bytes = pdf::report(eng.state(), &report).expect("pdf");
    assert!(
        bytes.len() < 400_000,
        "fonts are subset: {} bytes",
        bytes.len()
    );
    let path = checked(dir.path(), "report.pdf", &bytes);
    let pages = pages_text(&path);
    let all = flat(&pages.concat());
    assert!(!report.findings.is_empty());
    for f in &report.findings {
        assert!(all.contains(&flat(&f.title)), "title {:?}", f.title);
    }
    for label in FIELD_LABELS {
        assert!(all.contains(label), "field label {label}");
    }
    for label in ["Status", "References"] {
        assert!(all.contains(label), "{label}");
    }
    assert!(!all.contains("Finding state"), "one status, not two");
    // The cover: engagement, customer, application, kind, date, team, version.
    let cover = flat(&pages[0]);
    for fact in [
        report.info.name.as_str(),
        report.info.customer.as_str(),
        report.info.application.as_str(),
        report.engagement_kind.as_str(),
        report.date.as_str(),
        "Report version",
    ] {
        assert!(cover.contains(fact), "cover shows {fact}: {cover}");
    }
    for person in &report.team {
        assert!(cover.contains(&person.name), "team member {}", person.name);
    }
    // Sections in order, the contents with their pages, page numbers.
    let order = [
        "Contents",
        "1 Executive summary",
        "2 Approach",
        "3 Scope",
        "4 Data-flow diagrams",
        "5 Findings",
        "6 Finding details",
        "Appendix A Coverage",
        "Appendix B Sessions",
    ];
    // The first page showing the heading after the contents (page 2) lists it.
    let first_page_with = |needle: &str| {
        let after = if needle == "Contents" { 0 } else { 2 };
        after
            + pages[after..]
                .iter()
                .position(|p| p.lines().any(|l| l.trim() == needle))
                .unwrap_or_else(|| panic!("a page starts section {needle}"))
    };
    let starts: Vec<usize> = order.iter().map(|s| first_page_with(s)).collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    let contents = run(
        "pdftotext",
        &[
            "-layout",
            "-f",
            "2",
            "-l",
            "2",
            path.to_str().expect("utf-8 path"),
            "-",
        ],
    );
    for (section, start) in order.iter().zip(&starts).skip(1) {
        let line = contents
            .lines()
            .find(|l| l.trim_start().starts_with(section))
            .unwrap_or_else(|| panic!("the contents list {section}"));
        assert!(
            line.trim_end().ends_with(&format!(" {}", start + 1)),
            "{section} is on page {}: {line}",
            start + 1
        );
    }
    let n = pages.len();
    assert!(flat(&pages[n - 1]).contains(&format!("Page {n} of {n}")));
    // Top risks, counts and sessions.
    assert!(all.contains("Top risks"));
    for s in &report.sessions {
        assert!(all.contains(&flat(&s.title)), "session {}", s.title);
    }
}

#[test]
fn a_one_finding_report_has_every_section_and_no_blank_page() {
    let (dir, eng, _) = small(1);
    let report = report_of(&eng);
    let path = checked(
        dir.path(),
        "one.pdf",
        &pdf::report(eng.state(), &report).expect("pdf"),
    );
    let pages = pages_text(&path);
    // Cover, contents, summary, approach, scope, diagrams (key, then the
    // diagram), findings, details, coverage, sessions.
    assert_eq!(page_count(&path), 11);
    assert_eq!(pages.len(), 11);
    for (i, p) in pages.iter().enumerate() {
        assert!(!p.trim().is_empty(), "page {} has content", i + 1);
    }
    let all = flat(&pages.concat());
    for expected in [
        "Order total altered 0",
        "No sessions recorded",
        "No components were defined",
        "Page 11 of 11",
    ] {
        assert!(all.contains(expected), "{expected}");
    }
}

#[test]
fn more_findings_take_more_pages() {
    let count = |findings: usize| {
        let (dir, eng, _) = small(findings);
        let bytes = pdf::report(eng.state(), &report_of(&eng)).expect("pdf");
        page_count(&checked(dir.path(), "n.pdf", &bytes))
    };
    let (one, ten, forty) = (count(1), count(10), count(40));
    assert!(one < ten && ten < forty, "{one} < {ten} < {forty}");
}

#[test]
fn the_diagram_page_is_landscape_and_drawn() {
    let dir = tempfile::tempdir().expect("temp dir");
    let eng = demo::write(&dir.path().join("demo.threatmodel")).expect("demo");
    let report = report_of(&eng);
    let path = checked(
        dir.path(),
        "d.pdf",
        &pdf::report(eng.state(), &report).expect("pdf"),
    );
    let pages = pages_text(&path);
    let page = 1 + pages
        .iter()
        .position(|p| p.contains("4.1 ") && p.contains("Payroll database"))
        .expect("a diagram page");
    let diagram = &pages[page - 1];
    assert!(diagram.contains(&report.diagrams[0].name));
    for name in [
        "Employee (browser)",
        "Payslip API",
        "Web app",
        "Company network",
    ] {
        assert!(diagram.contains(name), "diagram shows {name}");
    }
    let p = page.to_string();
    let info = run(
        "pdfinfo",
        &["-f", &p, "-l", &p, path.to_str().expect("utf-8 path")],
    );
    let size: Vec<f64> = info
        .lines()
        .find_map(|l| l.split_once(" size:"))
        .map(|(_, s)| {
            s.split_whitespace()
                .filter_map(|v| v.parse().ok())
                .collect()
        })
        .expect("page size");
    assert!(
        size[0] > size[1],
        "a wide diagram is on a landscape page: {info}"
    );
    let dark = ink(&path, page);
    assert!(dark > 0.01, "the diagram draws shapes and lines ({dark})");
}

#[test]
fn a_long_multilingual_scenario_wraps_and_renders() {
    let (dir, mut eng, api) = small(0);
    let greek = "Ο επιτιθέμενος αλλάζει το σύνολο της παραγγελίας πριν φτάσει στον διακομιστή. ";
    let japanese = "攻撃者は注文の合計金額を改ざんします。給与明細は暗号化されます。";
    let mut scenario = String::from("BEGINMARK ");
    while scenario.chars().count() < 5_000 {
        scenario.push_str("An attacker replays the signed order with a lower total. ");
        scenario.push_str(greek);
        scenario.push_str(japanese);
        scenario.push_str(&"x".repeat(150));
        scenario.push(' ');
    }
    scenario.push_str("ENDMARK");
    let mut t = Threat::quick(&api, Stride::Tampering, "Σύνολο παραγγελίας 改ざん");
    t.scenario = scenario;
    rate(&mut t, Rating::High, Rating::High);
    eng.apply(Op::AddThreat { threat: t }).expect("threat");

    let report = report_of(&eng);
    let path = checked(
        dir.path(),
        "long.pdf",
        &pdf::report(eng.state(), &report).expect("pdf"),
    );
    let pages = pages_text(&path);
    let begin = pages
        .iter()
        .position(|p| p.contains("BEGINMARK"))
        .expect("scenario start");
    let end = pages
        .iter()
        .position(|p| p.contains("ENDMARK"))
        .expect("scenario end");
    assert!(end > begin, "the scenario continues on the next page");
    let all = pages.concat();
    assert!(flat(&all).contains("επιτιθέμενος"), "Greek is extracted");
    let packed: String = all.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        packed.contains("給与明細は暗号化されます"),
        "Japanese is extracted"
    );
    assert!(flat(&all).contains("Σύνολο παραγγελίας 改ざん"));
    assert!(
        pages[begin..=end]
            .iter()
            .flat_map(|p| p.lines())
            .all(|l| l.chars().count() < 140),
        "every line wraps within the page"
    );
    for page in begin + 1..=end + 1 {
        assert!(ink(&path, page) > 0.005, "page {page} renders text");
    }
}

#[test]
fn user_text_prints_literally_and_control_characters_do_no_harm() {
    let (dir, mut eng, api) = small(0);
    let mut t = Threat::quick(&api, Stride::Spoofing, "<b>bold</b> & <i>x</i>");
    t.scenario = "line\u{0}one\u{7}\r\n\ttabbed \u{202e}reversed\u{200b}".into();
    t.references = vec!["CWE-79".into()];
    eng.apply(Op::AddThreat { threat: t }).expect("threat");
    let report = report_of(&eng);
    let path = checked(
        dir.path(),
        "markup.pdf",
        &pdf::report(eng.state(), &report).expect("pdf"),
    );
    let all = flat(&pages_text(&path).concat());
    assert!(all.contains("<b>bold</b> & <i>x</i>"), "{all}");
    assert!(all.contains("lineone"));
    assert!(all.contains("tabbed reversed"));
    assert!(all.contains("CWE-79"));
}

#[test]
fn an_empty_engagement_says_what_is_missing() {
    let (dir, eng) = new_engagement();
    let report = report_of(&eng);
    let path = checked(
        dir.path(),
        "empty.pdf",
        &pdf::report(eng.state(), &report).expect("pdf"),
    );
    let all = flat(&pages_text(&path).concat());
    for said in [
        "No sessions recorded",
        "No findings match this report's selection",
        "No components were defined",
        "No rated findings",
    ] {
        assert!(all.contains(said), "{said}");
    }
    checked(
        dir.path(),
        "empty-summary.pdf",
        &pdf::summary(&report).expect("summary"),
    );
}

#[test]
fn the_executive_summary_is_valid_and_short() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut eng = demo::write(&dir.path().join("demo.threatmodel")).expect("demo");
    eng.apply(Op::RecordDelivery {
        label: "Report v1".into(),
        filter: ExportFilter::default(),
        at_ms: Some(1_780_000_000_000.0),
    })
    .expect("delivery");
    let first = report_of(&eng).findings[0].clone();
    let mut edited = eng.state().threats[&first.id].clone();
    edited.scenario.push_str(" Also through the mobile app.");
    eng.apply(Op::UpdateThreat { threat: edited })
        .expect("edit");
    let report = report_of(&eng);

    let path = checked(
        dir.path(),
        "summary.pdf",
        &pdf::summary(&report).expect("summary"),
    );
    assert!(page_count(&path) <= 2, "a short document");
    let all = flat(&pages_text(&path).concat());
    for said in [
        "EXECUTIVE SUMMARY",
        report.info.name.as_str(),
        "Top risks",
        "Changes since the previous delivery",
        "Changed",
        "Scenario",
    ] {
        assert!(all.contains(said), "{said}");
    }
    for f in report.top_risks() {
        assert!(all.contains(&flat(&f.title)), "top risk {}", f.title);
    }
    assert!(!all.contains("Appendix"), "the summary alone");

    // The full report marks the change on the finding itself.
    let full = checked(
        dir.path(),
        "report-v2.pdf",
        &pdf::report(eng.state(), &report).expect("pdf"),
    );
    assert!(flat(&pages_text(&full).concat()).contains("Changed: Scenario"));
}

/// A stroked path: its stroke colour (r, g, b in 0–1) and its points.
type StrokedPath = ((f64, f64, f64), Vec<(f64, f64)>);

/// The stroked open paths of every page's content, read from the file
/// decompressed by `qpdf --qdf`.
fn stroked_paths(dir: &Path, path: &Path) -> Vec<StrokedPath> {
    let out = dir.join("qdf.pdf");
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(path)
        .arg(&out)
        .status()
        .expect("qpdf runs");
    assert!(status.success(), "qpdf --qdf");
    let bytes = std::fs::read(&out).expect("read qdf");
    let text = String::from_utf8_lossy(&bytes);
    let mut paths = Vec::new();
    let mut colour = (0.0, 0.0, 0.0);
    let mut stack: Vec<f64> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for token in text.split_whitespace() {
        if let Ok(v) = token.parse::<f64>() {
            stack.push(v);
            continue;
        }
        match token {
            "RG" if stack.len() >= 3 => {
                let n = stack.len();
                colour = (stack[n - 3], stack[n - 2], stack[n - 1]);
            }
            "m" if stack.len() >= 2 => {
                let n = stack.len();
                current = vec![(stack[n - 2], stack[n - 1])];
            }
            "l" if stack.len() >= 2 => {
                let n = stack.len();
                current.push((stack[n - 2], stack[n - 1]));
            }
            "S" => paths.push((colour, std::mem::take(&mut current))),
            _ => {}
        }
        stack.clear();
    }
    paths
}

#[test]
fn a_line_boundary_is_drawn_on_the_diagram_page_as_a_red_path_with_its_name() {
    let (dir, mut eng) = new_engagement();
    let (browser, api) = browser_and_api(&mut eng);
    let r = |id: &str| eng.state().elements[id].rect;
    let (a, b) = (r(&browser), r(&api));
    // A bent line across the flow, between the two.
    let x = (a.x + a.width + b.x) / 2.0;
    let points = [
        (x, a.y - 80.0),
        (x + 40.0, a.y + a.height / 2.0),
        (x, a.y + a.height + 120.0),
    ];
    eng.apply(Op::AddLineBoundary {
        id: None,
        diagram_id: "d1".into(),
        name: "Internet edge".into(),
        points: points.iter().map(|&(x, y)| Point { x, y }).collect(),
    })
    .expect("line");
    let report = report_of(&eng);
    let path = checked(
        dir.path(),
        "line.pdf",
        &pdf::report(eng.state(), &report).expect("pdf"),
    );
    let pages = pages_text(&path);
    // The diagram's page: its heading and its elements' names drawn.
    let page = pages
        .iter()
        .position(|p| p.contains("4.1 ") && p.contains("Orders API") && p.contains("Browser"))
        .expect("a diagram page");
    assert!(
        flat(&pages[page]).contains("Internet edge"),
        "the line's name is on the diagram page"
    );
    // Drawn as an open stroked path through its three points, in the boundary
    // colour (#be123c): the same shape, scaled, with y pointing up.
    let red = |c: (f64, f64, f64)| {
        (c.0 - 190.0 / 255.0).abs() < 0.01
            && (c.1 - 18.0 / 255.0).abs() < 0.01
            && (c.2 - 60.0 / 255.0).abs() < 0.01
    };
    let found = stroked_paths(dir.path(), &path)
        .into_iter()
        .filter(|(c, pts)| red(*c) && pts.len() == points.len())
        .any(|(_, pts)| {
            let sx = (pts[1].0 - pts[0].0) / (points[1].0 - points[0].0);
            let sy = (pts[1].1 - pts[0].1) / (points[1].1 - points[0].1);
            let ok = |i: usize| {
                let ex = pts[0].0 + (points[i].0 - points[0].0) * sx;
                let ey = pts[0].1 + (points[i].1 - points[0].1) * sy;
                (pts[i].0 - ex).abs() < 0.05 && (pts[i].1 - ey).abs() < 0.05
            };
            sx > 0.0 && sy < 0.0 && ((sx + sy).abs() < 1e-3 * sx) && ok(2)
        });
    assert!(found, "a red open path with the line's shape");
    // Without the line, no such path: the check above sees the line, not something else.
    let (dir2, mut eng2) = new_engagement();
    browser_and_api(&mut eng2);
    let plain = checked(
        dir2.path(),
        "plain.pdf",
        &pdf::report(eng2.state(), &report_of(&eng2)).expect("pdf"),
    );
    assert!(!stroked_paths(dir2.path(), &plain)
        .into_iter()
        .any(|(c, pts)| red(c) && pts.len() == points.len()));
}
