//! The derived query: each part equals what its own function returns, is
//! computed once per version, and again after a change.

use crate::common::*;
use threatloom::analysis::rules::suggest;

fn demo_workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("dir");
    let mut ws = Workspace::new(dir.path().join("data"), dir.path().join("docs"));
    ws.start(None).expect("start");
    (dir, ws)
}

fn everything(element: &str) -> DerivedQuery {
    DerivedQuery {
        diagram_id: Some("d1".into()),
        element_id: Some(element.into()),
        all_suggestions: true,
        engagement: true,
        coverage_rows: true,
    }
}

#[test]
fn every_part_equals_its_own_function() {
    let (_dir, mut ws) = demo_workspace();
    let d = ws.derived(&everything("api")).expect("derived");
    let eng = ws.current().expect("open");
    let state = eng.state();
    let containment = containment_all(state);
    assert_eq!(d.version, eng.version());
    assert_eq!(d.path, eng.path().display().to_string());
    assert_eq!(
        *d.analysis.expect("analysis"),
        analyze(state, "d1").only(Some("api"))
    );
    assert_eq!(*d.overview, overview(state));
    assert_eq!(*d.coverage, coverage(state));
    assert_eq!(
        *d.element_suggestions.expect("element suggestions"),
        suggest(state, ws.rules(), &containment, Some("api"))
    );
    assert_eq!(
        *d.all_suggestions.expect("all suggestions"),
        suggest(state, ws.rules(), &containment, None)
    );
    assert_eq!(*d.sessions.expect("sessions"), session_summaries(state));
    assert_eq!(*d.scope.expect("scope"), scope_summary(state));
    assert_eq!(*d.checklist.expect("checklist"), checklist_entries(state));
    assert_eq!(*d.four_questions.expect("four"), four_questions(state));
}

#[test]
fn a_query_leaves_out_what_it_does_not_ask_for() {
    let (_dir, mut ws) = demo_workspace();
    let d = ws.derived(&DerivedQuery::default()).expect("derived");
    assert!(d.analysis.is_none() && d.element_suggestions.is_none());
    assert!(d.all_suggestions.is_none() && d.sessions.is_none() && d.scope.is_none());
    assert!(d.checklist.is_none() && d.four_questions.is_none());
}

#[test]
fn without_coverage_rows_only_the_selected_element_row_comes_with_the_figures() {
    let (_dir, mut ws) = demo_workspace();
    let full = coverage(ws.current().expect("open").state());
    assert!(full.rows.len() > 1);
    let q = DerivedQuery {
        element_id: Some("api".into()),
        ..DerivedQuery::default()
    };
    let d = ws.derived(&q).expect("derived");
    let rows: Vec<&str> = d
        .coverage
        .rows
        .iter()
        .map(|r| r.element_id.as_str())
        .collect();
    assert_eq!(rows, ["api"]);
    assert_eq!(
        (d.coverage.considered, d.coverage.total, d.coverage.percent),
        (full.considered, full.total, full.percent)
    );
    assert_eq!(d.coverage.out_of_scope, full.out_of_scope);
    let none = ws.derived(&DerivedQuery::default()).expect("derived");
    assert!(none.coverage.rows.is_empty());
}

#[test]
fn the_analysis_carries_every_warning_and_the_rest_for_the_selected_element_only() {
    let (_dir, mut ws) = demo_workspace();
    let full = analyze(ws.current().expect("open").state(), "d1");
    let ask = |ws: &mut Workspace, element: Option<&str>| {
        let q = DerivedQuery {
            diagram_id: Some("d1".into()),
            element_id: element.map(Into::into),
            ..DerivedQuery::default()
        };
        ws.derived(&q).expect("derived").analysis.expect("analysis")
    };
    // Nothing selected: the warnings alone.
    let none = ask(&mut ws, None);
    assert_eq!(none.warnings, full.warnings);
    assert!(none.inside.is_empty() && none.crossings.is_empty() && none.proposals.is_empty());
    // A flow: its boundaries and its crossings.
    let flow = ask(&mut ws, Some("f-login"));
    assert_eq!(flow.crossings.keys().collect::<Vec<_>>(), ["f-login"]);
    assert_eq!(flow.crossings["f-login"], full.crossings["f-login"]);
    assert_eq!(flow.warnings, full.warnings);
    // A boundary: every flow crossing it (the inspector lists them).
    let corpnet = ask(&mut ws, Some("corpnet"));
    let crossing: Vec<&String> = full
        .crossings
        .iter()
        .filter(|(_, bs)| bs.iter().any(|b| b == "corpnet"))
        .map(|(f, _)| f)
        .collect();
    assert!(crossing.len() >= 2, "{crossing:?}");
    assert_eq!(corpnet.crossings.keys().collect::<Vec<_>>(), crossing);
    // A process: where it lies.
    let api = ask(&mut ws, Some("api"));
    assert_eq!(api.inside.keys().collect::<Vec<_>>(), ["api"]);
    assert_eq!(api.inside["api"], ["corpnet"]);
    assert!(api.crossings.is_empty());
}

#[test]
fn one_version_is_computed_once_and_a_new_version_again() {
    let (_dir, mut ws) = demo_workspace();
    let q = everything("api");
    let before = ws.cache_misses();
    let first = ws.derived(&q).expect("derived");
    let computed = ws.cache_misses() - before;
    // containment, analysis, overview, coverage, two suggestion lists, four engagement views
    assert_eq!(computed, 10);
    let second = ws.derived(&q).expect("derived");
    assert_eq!(
        ws.cache_misses() - before,
        computed,
        "served from the cache"
    );
    assert!(std::sync::Arc::ptr_eq(&first.coverage, &second.coverage));

    // Another element at the same version: only its suggestions are computed.
    ws.derived(&everything("db")).expect("derived");
    assert_eq!(ws.cache_misses() - before, computed + 1);

    let change = ws
        .apply(Op::Rename {
            id: "api".into(),
            name: "Payslip API v2".into(),
        })
        .expect("rename");
    let third = ws.derived(&q).expect("derived");
    assert_eq!(third.version, change.version);
    assert_eq!(ws.cache_misses() - before, 2 * computed + 1, "recomputed");
    assert!(!std::sync::Arc::ptr_eq(&first.coverage, &third.coverage));
    let eng = ws.current().expect("open");
    assert_eq!(
        *third.analysis.expect("analysis"),
        analyze(eng.state(), "d1").only(Some("api"))
    );
}
