//! Trust boundaries drawn as lines: crossings by the flow's path, the ops
//! that draw, reshape and move them, and what rules and coverage see.

use crate::common::*;

fn pt(x: f64, y: f64) -> Point {
    Point { x, y }
}

fn line(eng: &mut Engagement, name: &str, points: Vec<Point>) -> String {
    eng.apply(Op::AddLineBoundary {
        id: None,
        diagram_id: "d1".into(),
        name: name.into(),
        points,
    })
    .expect("line")
    .created[0]
        .clone()
}

/// User at x 0–120, App at x 400–520, DB below App; a vertical line at x 250
/// between User and App, from y -100 to 300.
fn diagram(eng: &mut Engagement) -> (String, String, String, String, String) {
    let user = add(eng, ElementKind::ExternalEntity, "User", at(0.0, 0.0));
    let app = add(eng, ElementKind::Process, "App", at(400.0, 0.0));
    let db = add(eng, ElementKind::DataStore, "DB", at(400.0, 400.0));
    let login = connect(eng, &user, &app, "Login");
    let query = connect(eng, &app, &db, "Query");
    (user, app, db, login, query)
}

#[test]
fn a_flow_whose_path_meets_the_line_crosses_it() {
    let (_dir, mut eng) = new_engagement();
    let (_, _, _, login, query) = diagram(&mut eng);
    let b = line(
        &mut eng,
        "Internet edge",
        vec![pt(250.0, -100.0), pt(250.0, 300.0)],
    );
    let a = analyze(eng.state(), "d1");
    assert_eq!(a.crossings.get(&login), Some(&vec![b.clone()]));
    assert_eq!(
        a.crossings.get(&query),
        None,
        "the query runs beside the line"
    );
    // A line holds nothing: no element lies "inside" it.
    assert!(a.inside.values().all(|bs| !bs.contains(&b)));
    // A polyline that bends round the query's path and then across it.
    let c = line(
        &mut eng,
        "Data tier",
        vec![pt(300.0, 200.0), pt(600.0, 200.0), pt(600.0, 250.0)],
    );
    let a = analyze(eng.state(), "d1");
    assert_eq!(a.crossings.get(&query), Some(&vec![c]));
}

#[test]
fn reshaping_moves_the_crossing_and_moving_shifts_every_point() {
    let (_dir, mut eng) = new_engagement();
    let (_, _, _, login, _) = diagram(&mut eng);
    let b = line(&mut eng, "Edge", vec![pt(250.0, -100.0), pt(250.0, 300.0)]);
    eng.apply(Op::Reshape {
        id: b.clone(),
        points: vec![pt(250.0, 100.0), pt(250.0, 300.0)],
    })
    .expect("reshape");
    assert_eq!(analyze(eng.state(), "d1").crossings.get(&login), None);
    assert_eq!(
        eng.state().elements[&b].rect,
        Rect::new(250.0, 100.0, 1.0, 200.0)
    );
    let rect = Rect::new(260.0, -100.0, 1.0, 200.0);
    eng.apply(Op::Place {
        moves: vec![Placement {
            id: b.clone(),
            rect,
        }],
    })
    .expect("move");
    let e = &eng.state().elements[&b];
    assert_eq!(e.points, vec![pt(260.0, -100.0), pt(260.0, 100.0)]);
    assert_eq!(
        analyze(eng.state(), "d1").crossings.get(&login),
        Some(&vec![b.clone()])
    );
    undo_redo_each(
        &mut eng,
        vec![Op::Reshape {
            id: b,
            points: vec![pt(0.0, 0.0), pt(10.0, 10.0), pt(20.0, 0.0)],
        }],
    );
}

#[test]
fn bad_lines_are_refused() {
    let (_dir, mut eng) = new_engagement();
    let (user, ..) = diagram(&mut eng);
    let refused = |eng: &mut Engagement, points: Vec<Point>| {
        eng.apply(Op::AddLineBoundary {
            id: None,
            diagram_id: "d1".into(),
            name: "x".into(),
            points,
        })
        .expect_err("refused")
        .to_string()
    };
    assert!(refused(&mut eng, vec![pt(0.0, 0.0)]).contains("2 to"));
    assert!(refused(&mut eng, vec![pt(0.0, 0.0), pt(f64::NAN, 1.0)]).contains("off the canvas"));
    assert!(refused(&mut eng, vec![pt(0.0, 0.0); 257]).contains("2 to"));
    let err = eng
        .apply(Op::Reshape {
            id: user,
            points: vec![pt(0.0, 0.0), pt(1.0, 1.0)],
        })
        .expect_err("a box is not reshaped");
    assert!(err.to_string().contains("line boundary"));
}

#[test]
fn rules_and_coverage_see_a_line_like_a_box() {
    let lined = {
        let (_dir, mut eng) = new_engagement();
        let (_, _, _, login, _) = diagram(&mut eng);
        line(&mut eng, "Edge", vec![pt(250.0, -100.0), pt(250.0, 300.0)]);
        (login, suggestions_of(&eng), _dir)
    };
    let boxed = {
        let (_dir, mut eng) = new_engagement();
        add(
            &mut eng,
            ElementKind::TrustBoundary,
            "Edge",
            Rect::new(300.0, -200.0, 600.0, 800.0),
        );
        let (_, _, _, login, _) = diagram(&mut eng);
        (login, suggestions_of(&eng), _dir)
    };
    let crossing_rules = |(flow, s, _): &(String, Vec<(String, String)>, _)| {
        s.iter()
            .filter(|(_, e)| e == flow)
            .map(|(r, _)| r.clone())
            .collect::<Vec<_>>()
    };
    let with_line = crossing_rules(&lined);
    assert!(
        !with_line.is_empty(),
        "a crossing flow draws the boundary rules"
    );
    assert_eq!(with_line, crossing_rules(&boxed));
}

fn suggestions_of(eng: &Engagement) -> Vec<(String, String)> {
    let rules = threatloom::analysis::rules::RuleSet::builtin().expect("rules");
    let analyses = containment_all(eng.state());
    threatloom::analysis::rules::suggest(eng.state(), &rules, &analyses, None)
        .into_iter()
        .map(|s| (s.rule_id, s.element_id))
        .collect()
}
