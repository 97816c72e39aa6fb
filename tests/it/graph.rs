//! Trust-boundary containment, flow crossings and DFD warnings on hand-built diagrams.

use crate::common::*;

#[test]
fn nested_boundaries_hold_elements_outermost_first() {
    let (_dir, mut eng) = new_engagement();
    let outer = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Company",
        Rect::new(0.0, 0.0, 1000.0, 600.0),
    );
    let inner = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Data zone",
        Rect::new(500.0, 100.0, 400.0, 400.0),
    );
    let internet = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Internet",
        Rect::new(-600.0, 0.0, 500.0, 600.0),
    );
    let user = add(
        &mut eng,
        ElementKind::ExternalEntity,
        "User",
        at(-400.0, 200.0),
    );
    let app = add(&mut eng, ElementKind::Process, "App", at(100.0, 200.0));
    let db = add(&mut eng, ElementKind::DataStore, "DB", at(600.0, 200.0));
    // Its box overlaps the inner boundary, but its centre is outside it.
    let edge = add(
        &mut eng,
        ElementKind::Process,
        "Edge",
        Rect::new(380.0, 200.0, 200.0, 60.0),
    );
    let login = connect(&mut eng, &user, &app, "login");
    let query = connect(&mut eng, &app, &db, "query");
    let local = connect(&mut eng, &app, &edge, "local");

    let a = analyze(eng.state(), "d1");
    assert_eq!(
        a.inside[&inner],
        vec![outer.clone()],
        "a boundary nests in a larger one"
    );
    assert!(!a.inside.contains_key(&outer));
    assert_eq!(a.inside[&user], vec![internet.clone()]);
    assert_eq!(a.inside[&app], vec![outer.clone()]);
    assert_eq!(
        a.inside[&db],
        vec![outer.clone(), inner.clone()],
        "outermost first"
    );
    assert_eq!(a.inside[&edge], vec![outer.clone()], "the centre decides");

    assert_eq!(a.crossings[&login], vec![internet.clone(), outer.clone()]);
    assert_eq!(a.crossings[&query], vec![inner.clone()]);
    assert!(
        !a.crossings.contains_key(&local),
        "a flow inside one boundary crosses none"
    );
    assert_eq!(
        a.inside[&local],
        vec![outer.clone()],
        "a flow lies where both ends lie"
    );
    assert!(!a.inside.contains_key(&login));
}

#[test]
fn moving_an_element_out_changes_its_boundaries() {
    let (_dir, mut eng) = new_engagement();
    let zone = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Zone",
        Rect::new(0.0, 0.0, 300.0, 300.0),
    );
    let app = add(&mut eng, ElementKind::Process, "App", at(50.0, 50.0));
    assert_eq!(analyze(eng.state(), "d1").inside[&app], vec![zone]);
    eng.apply(Op::Place {
        moves: vec![Placement {
            id: app.clone(),
            rect: at(500.0, 50.0),
        }],
    })
    .expect("move");
    assert!(!analyze(eng.state(), "d1").inside.contains_key(&app));
}

#[test]
fn equal_boundaries_do_not_hold_each_other() {
    let (_dir, mut eng) = new_engagement();
    add(
        &mut eng,
        ElementKind::TrustBoundary,
        "A",
        Rect::new(0.0, 0.0, 300.0, 300.0),
    );
    add(
        &mut eng,
        ElementKind::TrustBoundary,
        "B",
        Rect::new(0.0, 0.0, 300.0, 300.0),
    );
    assert!(analyze(eng.state(), "d1").inside.is_empty());
}

fn kinds_for(warnings: &[Warning], id: &str) -> Vec<WarningKind> {
    warnings
        .iter()
        .filter(|w| w.element_id == id)
        .map(|w| w.kind)
        .collect()
}

#[test]
fn every_dfd_warning() {
    let (_dir, mut eng) = new_engagement();
    let user = add(&mut eng, ElementKind::ExternalEntity, "User", at(0.0, 0.0));
    let db = add(&mut eng, ElementKind::DataStore, "DB", at(300.0, 0.0));
    let sink = add(&mut eng, ElementKind::Process, "Sink", at(0.0, 300.0));
    let source = add(&mut eng, ElementKind::Process, "Source", at(300.0, 300.0));
    let lonely = add(&mut eng, ElementKind::Process, "Lonely", at(600.0, 300.0));
    let unnamed = add(&mut eng, ElementKind::DataStore, "  ", at(600.0, 0.0));
    let ok = add(&mut eng, ElementKind::Process, "Fine", at(900.0, 0.0));
    let direct = connect(&mut eng, &user, &db, "direct");
    connect(&mut eng, &user, &sink, "in");
    connect(&mut eng, &source, &db, "out");
    connect(&mut eng, &unnamed, &ok, "read");
    connect(&mut eng, &ok, &unnamed, "");

    let w = analyze(eng.state(), "d1").warnings;
    assert_eq!(
        kinds_for(&w, &direct),
        vec![WarningKind::FlowWithoutProcess]
    );
    assert_eq!(
        kinds_for(&w, &sink),
        vec![WarningKind::ProcessWithoutOutput]
    );
    assert_eq!(
        kinds_for(&w, &source),
        vec![WarningKind::ProcessWithoutInput]
    );
    assert_eq!(kinds_for(&w, &lonely), vec![WarningKind::NoFlows]);
    assert_eq!(kinds_for(&w, &unnamed), vec![WarningKind::Unnamed]);
    assert!(kinds_for(&w, &ok).is_empty());
    assert!(kinds_for(&w, &user).is_empty() && kinds_for(&w, &db).is_empty());
    let unnamed_flow: Vec<_> = w
        .iter()
        .filter(|x| x.kind == WarningKind::Unnamed && x.element_id != unnamed)
        .collect();
    assert_eq!(unnamed_flow.len(), 1, "the unnamed flow is reported too");
    assert!(w.iter().all(|x| !x.message.is_empty()));
}

#[test]
fn the_demo_engagement_is_a_sound_dfd() {
    let dir = tempfile::tempdir().expect("temp dir");
    let eng = demo::write(&dir.path().join("demo.threatmodel")).expect("demo");
    let a = analyze(eng.state(), "d1");
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    assert_eq!(
        a.crossings["f-login"],
        vec!["internet".to_string(), "corpnet".to_string()]
    );
    assert!(
        a.crossings.contains_key("f-authz"),
        "the identity provider sits outside the company network"
    );
    assert!(!a.crossings.contains_key("f-query"));
    assert_eq!(
        eng.history(),
        HistoryState::default(),
        "the demo starts with nothing to undo"
    );
}
