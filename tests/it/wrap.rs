//! "Wrap in a boundary": the box drawn around selected elements, nesting in
//! the boundary that holds them, and the name typed in place joining the step.

use crate::common::*;

fn wrap(eng: &mut Engagement, ids: &[&String], name: &str) -> Result<String, Error> {
    eng.apply(Op::WrapInBoundary {
        id: None,
        diagram_id: "d1".into(),
        element_ids: ids.iter().map(|s| s.to_string()).collect(),
        name: name.into(),
    })
    .map(|c| c.created[0].clone())
}

fn rect_of(eng: &Engagement, id: &str) -> Rect {
    eng.state().elements[id].rect
}

fn holds(outer: &Rect, inner: &Rect) -> bool {
    outer.x < inner.x
        && outer.y < inner.y
        && outer.x + outer.width > inner.x + inner.width
        && outer.y + outer.height > inner.y + inner.height
}

#[test]
fn wrapping_draws_one_boundary_around_the_elements_with_a_margin() {
    let (_dir, mut eng) = new_engagement();
    let a = add(&mut eng, ElementKind::ExternalEntity, "User", at(0.0, 0.0));
    let b = add(&mut eng, ElementKind::Process, "API", at(300.0, 40.0));
    let c = add(&mut eng, ElementKind::DataStore, "DB", at(300.0, 300.0));
    let outside = add(&mut eng, ElementKind::Process, "Other", at(900.0, 0.0));
    let f = connect(&mut eng, &a, &b, "Login");
    let boundary = wrap(&mut eng, &[&a, &b, &c, &f], "DMZ").expect("wrap");

    let e = &eng.state().elements[&boundary];
    assert_eq!(e.kind, ElementKind::TrustBoundary);
    assert_eq!(e.name, "DMZ");
    assert!(e.points.is_empty(), "a box, not a line");
    let r = e.rect;
    // Elements are 100 × 60 (`at`): the box spans 0..400 × 0..360 plus margins.
    assert_eq!(r.x, -WRAP_MARGIN);
    assert_eq!(r.y, -WRAP_TOP);
    assert_eq!(r.x + r.width, 400.0 + WRAP_MARGIN);
    assert_eq!(r.y + r.height, 360.0 + WRAP_MARGIN);
    for id in [&a, &b, &c] {
        assert!(holds(&r, &rect_of(&eng, id)), "{id} lies wholly inside");
    }

    let inside = containment(eng.state(), "d1").inside;
    for id in [&a, &b, &c, &f] {
        assert_eq!(
            inside.get(id.as_str()),
            Some(&vec![boundary.clone()]),
            "{id}"
        );
    }
    assert_eq!(inside.get(outside.as_str()), None);
}

#[test]
fn wrapping_inside_a_boundary_nests_the_new_one_in_it() {
    let (_dir, mut eng) = new_engagement();
    let a = add(&mut eng, ElementKind::Process, "A", at(100.0, 100.0));
    let b = add(&mut eng, ElementKind::Process, "B", at(260.0, 100.0));
    let other = add(&mut eng, ElementKind::Process, "C", at(500.0, 100.0));
    // Tight around A and B on the left and top: the full margin would poke out.
    let outer = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Cloud",
        Rect::new(80.0, 60.0, 600.0, 200.0),
    );
    let inner = wrap(&mut eng, &[&a, &b], "Cluster").expect("wrap");

    let (o, i) = (rect_of(&eng, &outer), rect_of(&eng, &inner));
    assert!(holds(&o, &i), "{i:?} inside {o:?}");
    let inside = containment(eng.state(), "d1").inside;
    assert_eq!(inside[&inner], vec![outer.clone()]);
    for id in [&a, &b] {
        assert_eq!(inside[id], vec![outer.clone(), inner.clone()], "{id}");
    }
    assert_eq!(inside[&other], vec![outer.clone()]);
    // Wrapping the outer boundary with what it holds draws one around it all.
    let around = wrap(&mut eng, &[&outer, &a], "Tenant").expect("wrap outer");
    let inside = containment(eng.state(), "d1").inside;
    assert_eq!(inside[&outer], vec![around.clone()]);
    assert_eq!(inside[&a], vec![around, outer, inner]);
}

#[test]
fn wrapping_nothing_but_flows_or_unknown_elements_is_refused() {
    let (_dir, mut eng) = new_engagement();
    let (user, api) = browser_and_api(&mut eng);
    let flow = eng
        .state()
        .elements
        .values()
        .find(|e| e.kind == ElementKind::DataFlow)
        .map(|e| e.id.clone())
        .expect("flow");
    assert!(wrap(&mut eng, &[&flow], "X").is_err());
    assert!(wrap(&mut eng, &[], "X").is_err());
    assert!(wrap(&mut eng, &[&user, &"nope".to_string()], "X").is_err());
    let d2 = eng
        .apply(Op::AddDiagram {
            id: None,
            name: "Two".into(),
        })
        .expect("diagram")
        .created[0]
        .clone();
    let refused = eng.apply(Op::WrapInBoundary {
        id: None,
        diagram_id: d2,
        element_ids: vec![api],
        name: "X".into(),
    });
    assert!(refused.is_err(), "elements of another diagram");
    assert!(eng
        .state()
        .elements
        .values()
        .all(|e| e.kind != ElementKind::TrustBoundary));
}

#[test]
fn naming_the_wrapped_boundary_at_once_is_part_of_the_one_step() {
    let (_dir, mut eng) = new_engagement();
    let a = add(&mut eng, ElementKind::Process, "A", at(0.0, 0.0));
    let b = add(&mut eng, ElementKind::Process, "B", at(200.0, 0.0));
    let boundary = wrap(&mut eng, &[&a, &b], "Trust boundary").expect("wrap");
    let named = eng
        .apply(Op::Rename {
            id: boundary.clone(),
            name: "Payroll zone".into(),
        })
        .expect("rename");
    assert_eq!(
        named.history.diagram.undo.as_deref(),
        Some("Wrap in boundary")
    );
    eng.apply(UNDO).expect("undo");
    assert!(
        !eng.state().elements.contains_key(&boundary),
        "one undo removes it"
    );
    assert_eq!(eng.history().diagram.undo.as_deref(), Some("Add process"));
    eng.apply(REDO).expect("redo");
    assert_eq!(eng.state().elements[&boundary].name, "Payroll zone");
    // Reopened: the joined step is in the file.
    let path = eng.path().to_path_buf();
    drop(eng);
    let mut eng = Engagement::open(&path).expect("reopen");
    eng.apply(UNDO).expect("undo after reopen");
    assert!(!eng.state().elements.contains_key(&boundary));
}

#[test]
fn a_later_rename_is_a_step_of_its_own() {
    let (_dir, mut eng) = new_engagement();
    let a = add(&mut eng, ElementKind::Process, "A", at(0.0, 0.0));
    let boundary = wrap(&mut eng, &[&a], "Zone").expect("wrap");
    eng.apply(Op::Rename {
        id: a.clone(),
        name: "A2".into(),
    })
    .expect("rename A");
    eng.apply(Op::Rename {
        id: boundary.clone(),
        name: "Zone 2".into(),
    })
    .expect("rename zone");
    eng.apply(UNDO).expect("undo");
    assert_eq!(eng.state().elements[&boundary].name, "Zone");
    eng.apply(UNDO).expect("undo");
    assert_eq!(eng.state().elements[&a].name, "A");
    eng.apply(UNDO).expect("undo");
    assert!(!eng.state().elements.contains_key(&boundary));
}
