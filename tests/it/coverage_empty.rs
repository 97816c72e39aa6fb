//! Coverage with nothing in scope is "nothing to cover" ("—"), not 100 %: in
//! the core's figure, the four questions, and the PDF and XLSX reports.

use crate::common::*;
use crate::report_formats::sheet;
use crate::report_pdf::{checked, flat, pages_text};
use threatloom::export::{pdf, xlsx};

#[test]
fn an_engagement_with_nothing_in_scope_has_nothing_to_cover() {
    let (dir, mut eng) = new_engagement();
    assert_eq!(coverage(eng.state()).percent, None, "an empty engagement");
    let api = add(&mut eng, ElementKind::Process, "API", at(0.0, 0.0));
    eng.apply(Op::SetProperty {
        id: api.clone(),
        key: "out_of_scope".into(),
        value: Some(PropValue::Bool(true)),
    })
    .expect("out of scope");
    let c = coverage(eng.state());
    assert_eq!((c.considered, c.total, c.percent), (0, 0, None));
    assert_eq!(percent_text(c.percent), "—");
    assert_eq!(
        four_questions(eng.state()).good_enough.coverage_percent,
        None
    );
    let report = report_of(&eng);
    assert_eq!(report.coverage.percent, None);

    let book = xlsx::workbook(&report).expect("xlsx");
    let cells: Vec<String> = sheet(&book, "Coverage").into_iter().flatten().collect();
    assert!(
        cells.iter().any(|c| c == "Considered: 0 of 0 (—)"),
        "{cells:?}"
    );
    assert!(!cells.iter().any(|c| c.contains("100")), "{cells:?}");

    let path = checked(
        dir.path(),
        "empty.pdf",
        &pdf::report(eng.state(), &report).expect("pdf"),
    );
    let text = flat(&pages_text(&path).join(" "));
    assert!(text.contains("0 of 0 pairs considered (—)"), "{text}");
    assert!(text.contains("no STRIDE coverage to measure (—)"), "{text}");
    assert!(!text.contains("100%") && !text.contains("100 %"), "{text}");

    // In scope again: a figure, 0 % of six STRIDE categories.
    eng.apply(Op::SetProperty {
        id: api,
        key: "out_of_scope".into(),
        value: None,
    })
    .expect("back in scope");
    let c = coverage(eng.state());
    assert_eq!((c.considered, c.total, c.percent), (0, 6, Some(0.0)));
    assert_eq!(percent_text(c.percent), "0 %");
}

#[test]
fn a_coverage_figure_reads_in_whole_percents_and_never_rounds_to_done() {
    assert_eq!(percent_text(Some(100.0)), "100 %");
    assert_eq!(percent_text(Some(99.6)), "99 %", "not all considered");
    assert_eq!(percent_text(Some(0.3)), "1 %", "something considered");
    assert_eq!(percent_text(Some(400.0 / 11.0)), "36 %");
    assert_eq!(percent_text(None), "—");
    assert_eq!(percent_text(Some(f64::NAN)), "—");
}
