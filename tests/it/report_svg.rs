//! The diagram renderer: the scene, SVG (golden files) and PNG.

use crate::common::*;
use std::path::PathBuf;
use threatloom::export::scene::{self, Item, Shape};
use threatloom::export::svg;

mod line;

const XSS: &str = "<img src=x onerror=alert(1)>";

fn all() -> ExportFilter {
    ExportFilter {
        include_out_of_scope: true,
        ..Default::default()
    }
}

fn threat(eng: &mut Engagement, element: &str, category: Stride, impact: Option<Rating>) {
    let mut t = Threat::quick(element, category, "A threat");
    t.impact.affected_users = impact;
    t.likelihood.reproducibility = impact;
    eng.apply(Op::AddThreat { threat: t }).expect("add threat");
}

fn out_of_scope(eng: &mut Engagement, id: &str) {
    eng.apply(Op::SetProperty {
        id: id.into(),
        key: "out_of_scope".into(),
        value: Some(PropValue::Bool(true)),
    })
    .expect("set out of scope");
}

/// Nested boundaries, every kind, a flow crossing a boundary, markup and
/// quotes in labels, parallel flows, threats of several levels.
fn hand_built() -> (tempfile::TempDir, Engagement) {
    let (dir, mut eng) = new_engagement();
    eng.apply(Op::RenameDiagram {
        id: "d1".into(),
        name: "Payslips <v2> & 'co'".into(),
    })
    .expect("rename diagram");
    add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Corporate network",
        Rect::new(200.0, 0.0, 640.0, 400.0),
    );
    add(
        &mut eng,
        ElementKind::TrustBoundary,
        "DMZ & \"edge\"",
        Rect::new(240.0, 60.0, 220.0, 160.0),
    );
    let user = add(
        &mut eng,
        ElementKind::ExternalEntity,
        "Employee's browser",
        Rect::new(-140.0, 120.0, 130.0, 60.0),
    );
    let api = add(
        &mut eng,
        ElementKind::Process,
        "Payslip API",
        Rect::new(290.0, 100.0, 110.0, 110.0),
    );
    let db = add(
        &mut eng,
        ElementKind::DataStore,
        "Payroll DB",
        Rect::new(600.0, 290.0, 160.0, 64.0),
    );
    let xss = add(
        &mut eng,
        ElementKind::ExternalEntity,
        XSS,
        Rect::new(640.0, 40.0, 160.0, 80.0),
    );
    connect(&mut eng, &user, &api, "GET /payslips?id=1&year=2026");
    connect(&mut eng, &api, &user, "Payslip PDF");
    connect(&mut eng, &api, &db, "SQL \"select\" <query>");
    connect(&mut eng, &xss, &api, XSS);
    threat(&mut eng, &api, Stride::Spoofing, Some(Rating::High));
    threat(&mut eng, &api, Stride::Tampering, Some(Rating::Low));
    threat(
        &mut eng,
        &db,
        Stride::InformationDisclosure,
        Some(Rating::Medium),
    );
    threat(&mut eng, &user, Stride::Repudiation, None);
    (dir, eng)
}

/// An out-of-scope element, CJK and Greek labels, long names.
fn international() -> (tempfile::TempDir, Engagement) {
    let (dir, mut eng) = new_engagement();
    add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Δίκτυο παραγωγής (production network)",
        Rect::new(180.0, -40.0, 500.0, 380.0),
    );
    let client = add(
        &mut eng,
        ElementKind::ExternalEntity,
        "給与明細を閲覧する従業員",
        at(-80.0, 80.0),
    );
    let proc = add(
        &mut eng,
        ElementKind::Process,
        "Υπηρεσία μισθοδοσίας with a rather long name that must wrap",
        Rect::new(240.0, 40.0, 130.0, 130.0),
    );
    let store = add(
        &mut eng,
        ElementKind::DataStore,
        "Supercalifragilisticexpialidociousdatabasewithoutspaces",
        Rect::new(500.0, 250.0, 150.0, 60.0),
    );
    let legacy = add(
        &mut eng,
        ElementKind::ExternalEntity,
        "Legacy HR system (out of scope)",
        Rect::new(760.0, 20.0, 140.0, 70.0),
    );
    out_of_scope(&mut eng, &legacy);
    connect(&mut eng, &client, &proc, "ログイン要求");
    connect(&mut eng, &proc, &store, "Εγγραφές μισθοδοσίας, every month");
    connect(&mut eng, &proc, &legacy, "Nightly export");
    threat(
        &mut eng,
        &proc,
        Stride::ElevationOfPrivilege,
        Some(Rating::High),
    );
    threat(&mut eng, &legacy, Stride::Spoofing, Some(Rating::Low));
    (dir, eng)
}

fn nodes(scene: &scene::Scene) -> Vec<(&str, Shape, bool)> {
    scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Node {
                id,
                shape,
                out_of_scope,
                ..
            } => Some((id.as_str(), *shape, *out_of_scope)),
            _ => None,
        })
        .collect()
}

#[test]
fn text_width_counts_wide_characters_double() {
    let latin = scene::text_width("abcd", 10.0);
    let cjk = scene::text_width("給与明細", 10.0);
    assert!((18.0..26.0).contains(&latin), "{latin}");
    assert_eq!(cjk, 40.0);
    assert_eq!(scene::text_width("", 10.0), 0.0);
}

#[test]
fn wrap_breaks_at_spaces_and_inside_long_words() {
    let size = 10.0;
    let lines = scene::wrap("the quick brown fox jumps", 60.0, size);
    assert!(lines.len() > 1, "{lines:?}");
    assert_eq!(lines.join(" "), "the quick brown fox jumps");
    let long = "x".repeat(100);
    let lines = scene::wrap(&long, 60.0, size);
    assert!(lines.len() > 5, "{lines:?}");
    assert_eq!(lines.concat(), long);
    for l in &lines {
        assert!(scene::text_width(l, size) <= 60.0, "{l}");
    }
    assert_eq!(scene::wrap("a\nb", 500.0, size), ["a", "b"]);
    assert!(scene::wrap("   ", 500.0, size).is_empty());
    // Narrower than one character: still one character per line, no endless loop.
    assert_eq!(scene::wrap("給与", 1.0, size), ["給", "与"]);
}

#[test]
fn scene_orders_boundaries_nodes_flows_badges() {
    let (_dir, eng) = hand_built();
    let scene = scene::build(eng.state(), "d1", &all()).expect("scene");
    let rank = |i: &Item| match i {
        Item::Node {
            shape: Shape::Boundary,
            ..
        } => 0,
        Item::Line { .. } => 1,
        Item::Node { .. } => 2,
        Item::Flow { .. } => 3,
        Item::Badge { .. } => 4,
    };
    let ranks: Vec<u8> = scene.items.iter().map(rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    // The outer boundary first, so the nested one is drawn over it.
    let shapes = nodes(&scene);
    assert_eq!(shapes[0].1, Shape::Boundary);
    assert_eq!(shapes[1].1, Shape::Boundary);
    let names: Vec<&str> = shapes.iter().map(|n| n.0).collect();
    let first = eng.state().elements.get(names[0]).expect("element");
    assert_eq!(first.name, "Corporate network");
    // Content starts at the margin, and everything lies inside the drawing.
    let mut min = (f64::INFINITY, f64::INFINITY);
    for i in &scene.items {
        if let Item::Node { rect, .. } = i {
            min = (min.0.min(rect.x), min.1.min(rect.y));
            assert!(rect.x + rect.width <= scene.width - scene::MARGIN + 1e-9);
            assert!(rect.y + rect.height <= scene.height - scene::MARGIN + 1e-9);
        }
    }
    assert_eq!(min.0, scene::MARGIN);
    assert!(min.1 <= scene::MARGIN);
    let badges = scene
        .items
        .iter()
        .filter(|i| matches!(i, Item::Badge { .. }))
        .count();
    assert_eq!(badges, 3);
}

#[test]
fn flows_run_from_border_to_border() {
    let (_dir, eng) = hand_built();
    let scene = scene::build(eng.state(), "d1", &all()).expect("scene");
    let rect_of = |id: &str| {
        scene.items.iter().find_map(|i| match i {
            Item::Node { id: n, rect, .. } if n == id => Some(*rect),
            _ => None,
        })
    };
    let state = eng.state();
    let mut flows = 0;
    for item in &scene.items {
        if let Item::Flow { id, points, .. } = item {
            flows += 1;
            let f = state.elements.get(id).expect("flow");
            let s = rect_of(f.source.as_deref().expect("source")).expect("source drawn");
            let t = rect_of(f.target.as_deref().expect("target")).expect("target drawn");
            let (first, last) = (points[0], points[points.len() - 1]);
            let on_border = |r: Rect, p: (f64, f64)| {
                let grown = Rect::new(r.x - 0.01, r.y - 0.01, r.width + 0.02, r.height + 0.02);
                let shrunk = Rect::new(r.x + 0.5, r.y + 0.5, r.width - 1.0, r.height - 1.0);
                grown.contains_point(p) && !shrunk.contains_point(p)
            };
            let ellipse = |r: Rect, p: (f64, f64)| {
                let (cx, cy) = r.centre();
                ((p.0 - cx) / (r.width / 2.0)).powi(2) + ((p.1 - cy) / (r.height / 2.0)).powi(2)
            };
            for (r, p, kind) in [
                (
                    s,
                    first,
                    state.elements[f.source.as_deref().expect("s")].kind,
                ),
                (
                    t,
                    last,
                    state.elements[f.target.as_deref().expect("t")].kind,
                ),
            ] {
                if kind == ElementKind::Process {
                    assert!((ellipse(r, p) - 1.0).abs() < 1e-6, "{id} {p:?} {r:?}");
                } else {
                    assert!(on_border(r, p), "{id} {p:?} {r:?}");
                }
            }
        }
    }
    assert_eq!(flows, 4);
}

/// Compares `svg` with `tests/golden/<name>`; `UPDATE_GOLDEN=1` rewrites it.
fn golden(name: &str, svg: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "golden", name]
        .iter()
        .collect();
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, svg).expect("write golden file");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1", path.display()));
    assert!(
        want == svg,
        "{} differs from the rendered SVG; run with UPDATE_GOLDEN=1 and review the diff",
        path.display()
    );
}

#[test]
fn golden_hand_built() {
    let (_dir, eng) = hand_built();
    let svg = svg::diagram(eng.state(), "d1", &all()).expect("svg");
    golden("hand_built.svg", &svg);
}

#[test]
fn golden_international() {
    let (_dir, eng) = international();
    let svg = svg::diagram(eng.state(), "d1", &all()).expect("svg");
    golden("international.svg", &svg);
}

/// The text drawn for element `id` (its tag left out), whitespace removed.
fn drawn_text(doc: &roxmltree::Document, id: &str) -> Option<String> {
    let group = doc.descendants().find(|n| {
        n.has_tag_name("g")
            && n.attribute("data-id") == Some(id)
            && n.attribute("class") != Some("badge")
    })?;
    Some(
        group
            .descendants()
            .filter(|n| n.has_tag_name("text") && n.attribute("class") != Some("tag"))
            .flat_map(|t| t.descendants().filter(|n| n.is_text()))
            .filter_map(|n| n.text())
            .flat_map(str::chars)
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}

#[test]
fn svg_parses_and_shows_every_label_as_text() {
    for (_dir, eng) in [hand_built(), international()] {
        let state = eng.state();
        let svg = svg::diagram(state, "d1", &all()).expect("svg");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let root = doc.root_element();
        assert!(root.has_tag_name(("http://www.w3.org/2000/svg", "svg")));
        let title = root
            .children()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text());
        assert_eq!(title, Some(state.diagrams["d1"].name.as_str()));
        // Markup in a name is text, never an element.
        assert!(!doc.descendants().any(|n| n.has_tag_name("img")));
        for e in state.elements_of("d1") {
            let want: String = e.name.chars().filter(|c| !c.is_whitespace()).collect();
            let got = drawn_text(&doc, &e.id);
            assert_eq!(got.as_deref(), Some(want.as_str()), "label of {}", e.id);
        }
    }
    let (_dir, eng) = hand_built();
    let svg = svg::diagram(eng.state(), "d1", &all()).expect("svg");
    assert!(svg.contains("&lt;img src=x") && svg.contains("onerror=alert(1)&gt;"));
    assert!(svg.contains("DMZ &amp; &quot;edge&quot;"));
    assert!(svg.contains("Employee&apos;s"));
    assert!(svg.contains("marker-end=\"url(#arrow)\""));
    assert!(svg.contains("stroke-dasharray"));
}

#[test]
fn same_model_gives_the_same_bytes() {
    let (_dir, eng) = international();
    let a = svg::diagram(eng.state(), "d1", &all()).expect("svg");
    let b = svg::diagram(eng.state(), "d1", &all()).expect("svg");
    assert_eq!(a, b);
    let (_dir2, again) = international();
    let c = svg::diagram(again.state(), "d1", &all()).expect("svg");
    assert_eq!(a, c);
}

#[test]
fn out_of_scope_is_greyed_or_left_out() {
    let (_dir, eng) = international();
    let state = eng.state();
    let legacy = state
        .elements
        .values()
        .find(|e| e.name.starts_with("Legacy"))
        .expect("legacy")
        .id
        .clone();
    let export = state
        .flows_touching(&legacy)
        .next()
        .expect("flow to legacy")
        .id
        .clone();
    let ids = |s: &scene::Scene| -> Vec<(String, bool)> {
        s.items
            .iter()
            .map(|i| match i {
                Item::Node {
                    id, out_of_scope, ..
                }
                | Item::Flow {
                    id, out_of_scope, ..
                }
                | Item::Line {
                    id, out_of_scope, ..
                } => (id.clone(), *out_of_scope),
                Item::Badge { element_id, .. } => (element_id.clone(), false),
            })
            .collect()
    };

    let with = scene::build(state, "d1", &all()).expect("scene");
    let with = ids(&with);
    assert!(with.contains(&(legacy.clone(), true)));
    assert!(with.contains(&(export.clone(), true)));
    assert_eq!(with.iter().filter(|(_, oos)| *oos).count(), 2);

    let filter = ExportFilter::default();
    let without = ids(&scene::build(state, "d1", &filter).expect("scene"));
    assert!(!without.iter().any(|(id, _)| *id == legacy || *id == export));
    assert_eq!(
        without.len() + 3,
        with.len(),
        "element, flow and badge gone"
    );
    let svg = svg::diagram(state, "d1", &filter).expect("svg");
    assert!(!svg.contains("Legacy HR") && !svg.contains("Nightly export"));
    assert!(!svg.contains("OUT OF SCOPE"));
}

#[test]
fn png_has_the_scene_size_and_a_drawing() {
    let (_dir, eng) = hand_built();
    let scene = scene::build(eng.state(), "d1", &all()).expect("scene");
    let bytes = svg::png(eng.state(), "d1", &all(), 2.0).expect("png");
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&bytes).expect("decodes");
    assert_eq!(pixmap.width(), (scene.width * 2.0).ceil() as u32);
    assert_eq!(pixmap.height(), (scene.height * 2.0).ceil() as u32);
    let pixels = pixmap.pixels();
    let inked = pixels
        .iter()
        .filter(|p| p.red() < 200 || p.green() < 200 || p.blue() < 200)
        .count();
    assert!(inked > pixels.len() / 100, "{inked} of {}", pixels.len());
    // The corner is the white background, not transparency.
    let corner = pixels[0];
    assert_eq!(
        (corner.red(), corner.green(), corner.blue(), corner.alpha()),
        (255, 255, 255, 255)
    );
}

#[test]
fn png_too_large_is_an_error_not_a_crash() {
    let (_dir, eng) = hand_built();
    for scale in [1000.0, 0.0, f32::NAN] {
        let err = svg::png(eng.state(), "d1", &all(), scale).expect_err("refused");
        assert!(matches!(err, Error::Export(_)), "{err:?}");
    }
}

#[test]
fn unknown_diagram_is_an_error() {
    let (_dir, eng) = hand_built();
    let state = eng.state();
    let not_found = Error::not_found("Diagram", "nope");
    assert_eq!(
        scene::build(state, "nope", &all()).expect_err("scene"),
        not_found
    );
    assert_eq!(
        svg::diagram(state, "nope", &all()).expect_err("svg"),
        not_found
    );
    assert_eq!(
        svg::png(state, "nope", &all(), 1.0).expect_err("png"),
        not_found
    );
}

#[test]
fn flows_with_a_missing_end_are_skipped() {
    let (_dir, eng) = hand_built();
    let mut state = eng.state().clone();
    let db = state
        .elements
        .values()
        .find(|e| e.name == "Payroll DB")
        .expect("db")
        .id
        .clone();
    // A damaged file: the store is gone but its flow remains.
    state.elements.remove(&db);
    let scene = scene::build(&state, "d1", &all()).expect("scene");
    let flows = scene
        .items
        .iter()
        .filter(|i| matches!(i, Item::Flow { .. }))
        .count();
    assert_eq!(flows, 3);
    let svg = svg::diagram(&state, "d1", &all()).expect("svg");
    assert!(!svg.contains("select"));
}

#[test]
fn badges_count_only_the_threats_the_report_lists() {
    let (_dir, eng) = hand_built();
    let badges = |filter: &ExportFilter| -> Vec<(u32, Option<RiskLevel>)> {
        let scene = scene::build(eng.state(), "d1", filter).expect("scene");
        scene
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Badge { count, risk, .. } => Some((*count, *risk)),
                _ => None,
            })
            .collect()
    };
    let total = |b: &[(u32, Option<RiskLevel>)]| b.iter().map(|(c, _)| c).sum::<u32>();
    let every = badges(&all());
    let critical = badges(&ExportFilter {
        min_risk: Some(RiskLevel::Critical),
        ..all()
    });
    assert!(
        total(&every) > total(&critical),
        "{every:?} vs {critical:?}"
    );
    assert!(
        critical
            .iter()
            .all(|(_, r)| *r == Some(RiskLevel::Critical)),
        "{critical:?}"
    );
}
