//! Line boundaries in the scene and the SVG: their points, their label.

use super::*;

/// User and App side by side, a flow between them, and a line boundary with a
/// bend drawn across the flow (the core's points, not a box).
fn with_line() -> (tempfile::TempDir, Engagement, String, Vec<(f64, f64)>) {
    let (dir, mut eng) = new_engagement();
    let user = add(&mut eng, ElementKind::ExternalEntity, "User", at(0.0, 0.0));
    let app = add(&mut eng, ElementKind::Process, "App", at(400.0, 0.0));
    connect(&mut eng, &user, &app, "Login");
    let points = vec![(250.0, -100.0), (280.0, 60.0), (250.0, 300.0)];
    let id = eng
        .apply(Op::AddLineBoundary {
            id: None,
            diagram_id: "d1".into(),
            name: "Internet <edge>".into(),
            points: points.iter().map(|&(x, y)| Point { x, y }).collect(),
        })
        .expect("line")
        .created[0]
        .clone();
    (dir, eng, id, points)
}

#[test]
fn a_line_boundary_is_a_line_item_with_its_points_and_label() {
    let (_dir, eng, id, points) = with_line();
    let s = scene::build(eng.state(), "d1", &all()).expect("scene");
    let lines: Vec<_> = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line {
                id: lid,
                points,
                lines,
                label_at,
                ..
            } => Some((lid.clone(), points.clone(), lines.clone(), *label_at)),
            _ => None,
        })
        .collect();
    assert_eq!(lines.len(), 1, "one line item");
    // Not also drawn as a box of its bounding rect.
    assert!(!s
        .items
        .iter()
        .any(|i| matches!(i, Item::Node { id: nid, .. } if *nid == id)));
    let (lid, drawn, label, label_at) = &lines[0];
    assert_eq!(lid, &id);
    assert_eq!(label, &vec!["Internet <edge>".to_string()]);
    // The scene moved everything by one offset: the points keep their shape.
    assert_eq!(drawn.len(), points.len());
    let (ox, oy) = (drawn[0].0 - points[0].0, drawn[0].1 - points[0].1);
    for (d, p) in drawn.iter().zip(&points) {
        assert!((d.0 - p.0 - ox).abs() < 1e-9 && (d.1 - p.1 - oy).abs() < 1e-9);
    }
    // The label sits on the middle of the longest segment (the second one here).
    let mid = (
        (points[1].0 + points[2].0) / 2.0 + ox,
        (points[1].1 + points[2].1) / 2.0 + oy,
    );
    assert!((label_at.0 - mid.0).abs() < 1e-9 && (label_at.1 - mid.1).abs() < 1e-9);
    // Lines come after box boundaries and before the nodes.
    let pos = |f: &dyn Fn(&Item) -> bool| s.items.iter().position(f);
    let line_at = pos(&|i| matches!(i, Item::Line { .. })).expect("line");
    let node_at = pos(&|i| matches!(i, Item::Node { .. })).expect("node");
    assert!(line_at < node_at);
}

#[test]
fn svg_draws_a_line_boundary_as_a_dashed_path_through_its_points_with_its_name() {
    let (_dir, eng, id, _) = with_line();
    let s = scene::build(eng.state(), "d1", &all()).expect("scene");
    let drawn = s
        .items
        .iter()
        .find_map(|i| match i {
            Item::Line { points, .. } => Some(points.clone()),
            _ => None,
        })
        .expect("line item");
    let svg = svg::diagram(eng.state(), "d1", &all()).expect("svg");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let group = doc
        .descendants()
        .find(|n| n.has_tag_name("g") && n.attribute("data-id") == Some(id.as_str()))
        .expect("the line's group");
    let path = group
        .descendants()
        .find(|n| n.has_tag_name("path"))
        .expect("a path");
    // The path visits exactly the scene's points, in order.
    let d = path.attribute("d").expect("d");
    let got: Vec<(f64, f64)> = d
        .split(['M', 'L'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (x, y) = p.split_once(',').expect("x,y");
            (x.parse().expect("x"), y.parse().expect("y"))
        })
        .collect();
    assert_eq!(got.len(), drawn.len());
    for (g, p) in got.iter().zip(&drawn) {
        assert!(
            (g.0 - p.0).abs() <= 0.05 && (g.1 - p.1).abs() <= 0.05,
            "{g:?} vs {p:?}"
        );
    }
    assert_eq!(path.attribute("fill"), Some("none"));
    assert_eq!(
        path.attribute("stroke"),
        Some("#be123c"),
        "the boundary colour"
    );
    assert!(path.attribute("stroke-dasharray").is_some(), "dashed");
    // No box is drawn for it, and its name is drawn as text.
    assert!(!group
        .descendants()
        .any(|n| n.has_tag_name("rect") && n.attribute("fill") != Some("#ffffff")));
    assert_eq!(drawn_text(&doc, &id).as_deref(), Some("Internet<edge>"));
    // The PNG draws the dashed red line along its first segment (away from
    // the label, which sits on the second).
    let png = svg::png(eng.state(), "d1", &all(), 1.0).expect("png");
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("decodes");
    let red = |x: i64, y: i64| {
        (x >= 0 && y >= 0)
            .then(|| pixmap.pixel(x as u32, y as u32))
            .flatten()
            .is_some_and(|p| p.red() > 150 && p.green() < 110 && p.blue() < 130)
    };
    let (a, b) = (drawn[0], drawn[1]);
    let steps = 100;
    let on_line = (10..steps - 10)
        .filter(|i| {
            let t = f64::from(*i) / f64::from(steps);
            let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            (-2..=2).any(|dx| red(x.round() as i64 + dx, y.round() as i64))
        })
        .count();
    // Dashes 6 on, 4 off (and the flow's label chip drawn over a bit of it):
    // well over a third of the samples fall on red ink.
    assert!(on_line > 30, "{on_line} of 80 samples on the red line");
    // Off the line (30 units to its left), nothing red.
    let off = (10..steps - 10)
        .filter(|i| {
            let t = f64::from(*i) / f64::from(steps);
            let (x, y) = (a.0 + (b.0 - a.0) * t - 30.0, a.1 + (b.1 - a.1) * t);
            red(x.round() as i64, y.round() as i64)
        })
        .count();
    assert_eq!(off, 0);
}
