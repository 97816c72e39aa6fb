//! Tidy: the diagram laid out again in one step, every element kept in the
//! boundaries that held it, no two nodes overlapping.

use crate::common::*;
use std::collections::BTreeMap;

/// Each element's boundaries (outermost first), on every diagram.
fn holders(eng: &Engagement) -> BTreeMap<String, Vec<String>> {
    containment_all(eng.state())
        .into_values()
        .flat_map(|a| a.inside)
        .collect()
}

fn rects(eng: &Engagement, diagram: &str) -> BTreeMap<String, Rect> {
    eng.state()
        .elements_of(diagram)
        .filter(|e| e.kind.is_node())
        .map(|e| (e.id.clone(), e.rect))
        .collect()
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// No two entities, processes or stores overlap; boundaries only hold what
/// they held (checked by the caller), and two boundaries that do not nest do
/// not overlap.
fn assert_apart(eng: &Engagement, diagram: &str) {
    let inside = holders(eng);
    let nodes: Vec<&Element> = eng
        .state()
        .elements_of(diagram)
        .filter(|e| e.kind.is_node() && !e.is_line())
        .collect();
    for (i, a) in nodes.iter().enumerate() {
        for b in &nodes[i + 1..] {
            let nested =
                |x: &Element, y: &Element| inside.get(&x.id).is_some_and(|h| h.contains(&y.id));
            if nested(a, b) || nested(b, a) {
                continue;
            }
            assert!(
                !overlap(&a.rect, &b.rect),
                "'{}' {:?} overlaps '{}' {:?}",
                a.name,
                a.rect,
                b.name,
                b.rect
            );
        }
    }
}

#[test]
fn tidy_on_the_demo_keeps_every_element_in_its_boundaries_and_nothing_overlaps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut eng = demo::write(&dir.path().join("demo.threatmodel")).expect("demo");
    let diagrams: Vec<String> = eng.state().diagrams.keys().cloned().collect();
    for d in &diagrams {
        let before_inside = holders(&eng);
        let before = rects(&eng, d);
        eng.apply(Op::Tidy {
            diagram_id: d.clone(),
        })
        .expect("tidy");
        assert_eq!(holders(&eng), before_inside, "containment kept on {d}");
        assert_apart(&eng, d);
        let after = rects(&eng, d);
        assert_ne!(after, before, "{d} was laid out");
        eng.apply(UNDO).expect("undo");
        assert_eq!(rects(&eng, d), before, "one undo gives the drawing back");
        eng.apply(REDO).expect("redo");
        assert_eq!(rects(&eng, d), after);
    }
}

#[test]
fn tidy_lays_a_chain_out_left_to_right_inside_nested_boundaries() {
    let (_dir, mut eng) = new_engagement();
    let outer = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Cloud",
        Rect::new(0.0, 0.0, 1200.0, 900.0),
    );
    let inner = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "VPC",
        Rect::new(500.0, 400.0, 600.0, 450.0),
    );
    let user = add(
        &mut eng,
        ElementKind::ExternalEntity,
        "User",
        at(1500.0, 100.0),
    );
    let web = add(&mut eng, ElementKind::Process, "Web", at(100.0, 100.0));
    let api = add(&mut eng, ElementKind::Process, "API", at(600.0, 500.0));
    let db = add(&mut eng, ElementKind::DataStore, "DB", at(800.0, 700.0));
    connect(&mut eng, &user, &web, "requests");
    connect(&mut eng, &web, &api, "calls");
    connect(&mut eng, &api, &db, "rows");
    let before = holders(&eng);
    assert_eq!(before[&db], vec![outer.clone(), inner.clone()]);
    let diagram = eng
        .state()
        .elements
        .get(&web)
        .expect("web")
        .diagram_id
        .clone();
    eng.apply(Op::Tidy {
        diagram_id: diagram.clone(),
    })
    .expect("tidy");
    assert_eq!(holders(&eng), before);
    assert_apart(&eng, &diagram);
    let x = |id: &str| eng.state().elements.get(id).expect("element").rect.x;
    assert!(
        x(&user) < x(&web) && x(&web) < x(&api) && x(&api) < x(&db),
        "layers left to right"
    );
    // Room for a flow's label between layers.
    let r = |id: &str| eng.state().elements.get(id).expect("element").rect;
    assert!(r(&web).x - (r(&user).x + r(&user).width) >= 150.0);
}

#[test]
fn tidy_on_an_empty_diagram_is_refused_and_changes_nothing() {
    let (_dir, mut eng) = new_engagement();
    let diagram = eng
        .state()
        .diagrams
        .keys()
        .next()
        .expect("a diagram")
        .clone();
    let version = eng.version();
    let err = eng
        .apply(Op::Tidy {
            diagram_id: diagram,
        })
        .expect_err("nothing to tidy");
    assert!(err.to_string().contains("Nothing to tidy"), "{err}");
    assert_eq!(eng.version(), version);
    assert!(eng
        .apply(Op::Tidy {
            diagram_id: "no-such".into()
        })
        .is_err());
}

#[test]
fn tidy_on_a_large_engagement_keeps_containment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut eng = demo::large(&dir.path().join("big.threatmodel"), 300, 450, 8).expect("large");
    let diagram = eng
        .state()
        .diagrams
        .keys()
        .next()
        .expect("a diagram")
        .clone();
    let before = holders(&eng);
    eng.apply(Op::Tidy {
        diagram_id: diagram.clone(),
    })
    .expect("tidy");
    assert_eq!(holders(&eng), before);
    assert_apart(&eng, &diagram);
}
