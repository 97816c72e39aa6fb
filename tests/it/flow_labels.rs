//! Flow labels placed so that they do not collide (src/export/flow_labels.rs):
//! in the report's drawing no label covers another label or an element, and
//! every label stays on or beside its own flow.

use crate::common::*;
use threatloom::export::flow_labels::{place, LabelIn};
use threatloom::export::scene::{self, flow_label_rect, Item, Scene, Shape};

fn all() -> ExportFilter {
    ExportFilter {
        include_out_of_scope: true,
        ..Default::default()
    }
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// A flow's id, label rect and points.
type Label = (String, Rect, Vec<(f64, f64)>);

fn labels(scene: &Scene) -> Vec<Label> {
    let mut out = vec![];
    for item in &scene.items {
        if let Item::Flow {
            id,
            points,
            lines,
            label_at,
            ..
        } = item
        {
            if let Some(r) = flow_label_rect(lines, *label_at) {
                out.push((id.clone(), r, points.clone()));
            }
        }
    }
    out
}

/// Every label-label and label-element (boundaries excepted) collision.
fn collisions(scene: &Scene) -> Vec<String> {
    let labels = labels(scene);
    let shapes: Vec<(&String, &Rect)> = scene
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Node {
                id, shape, rect, ..
            } if *shape != Shape::Boundary => Some((id, rect)),
            _ => None,
        })
        .collect();
    let mut out = vec![];
    for (i, (a, ra, _)) in labels.iter().enumerate() {
        for (b, rb, _) in &labels[i + 1..] {
            if overlap(ra, rb) {
                out.push(format!("label {a} / label {b}"));
            }
        }
        for (b, rb) in &shapes {
            if overlap(ra, rb) {
                out.push(format!("label {a} / element {b}"));
            }
        }
    }
    out
}

/// Distance from `p` to the polyline.
fn distance(p: (f64, f64), points: &[(f64, f64)]) -> f64 {
    points
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let len2 = (dx * dx + dy * dy).max(f64::EPSILON);
            let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0);
            (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
        })
        .fold(f64::INFINITY, f64::min)
}

/// Each label's box reaches to within `slack` of its flow's line.
fn assert_near_own_flow(scene: &Scene, slack: f64) {
    for (id, r, points) in labels(scene) {
        let d = distance(r.centre(), &points);
        let reach = r.width.hypot(r.height) / 2.0 + slack;
        assert!(d <= reach, "{id}'s label is {d:.0} from its flow");
    }
}

#[test]
fn the_demo_labels_touch_no_other_label_and_no_element() {
    let dir = tempfile::tempdir().expect("temp dir");
    let eng = demo::write(&dir.path().join("demo.threatmodel")).expect("demo");
    for d in eng.state().diagrams.keys() {
        let scene = scene::build(eng.state(), d, &all()).expect("scene");
        assert!(labels(&scene).len() >= 8, "{d}: the demo's flows are drawn");
        assert_eq!(collisions(&scene), Vec::<String>::new(), "{d}");
        assert_near_own_flow(&scene, 40.0);
    }
}

#[test]
fn a_long_label_on_a_short_flow_goes_beside_it_not_over_the_shapes() {
    let (_dir, mut eng) = new_engagement();
    let a = add(&mut eng, ElementKind::Process, "Payslip API", at(0.0, 0.0));
    let b = add(
        &mut eng,
        ElementKind::DataStore,
        "Payroll database",
        Rect::new(150.0, 20.0, 180.0, 72.0),
    );
    connect(&mut eng, &b, &a, "Payslip records and tax codes");
    let scene = scene::build(eng.state(), "d1", &all()).expect("scene");
    let (_, r, points) = labels(&scene).remove(0);
    // The flow is shorter than its label: the label cannot sit on it.
    let (p0, p1) = (points[0], points[1]);
    assert!((p1.0 - p0.0).hypot(p1.1 - p0.1) < r.width);
    assert_eq!(collisions(&scene), Vec::<String>::new());
    assert_near_own_flow(&scene, 40.0);
}

#[test]
fn crowded_labels_between_a_hub_and_its_neighbours_all_stay_apart() {
    let (_dir, mut eng) = new_engagement();
    let hub = add(
        &mut eng,
        ElementKind::Process,
        "Gateway",
        Rect::new(400.0, 300.0, 120.0, 120.0),
    );
    // Ten neighbours round the hub, each with a flow in and one out: near the
    // hub the twenty labels would pile up.
    for k in 0..10 {
        let angle = k as f64 * std::f64::consts::TAU / 10.0;
        let (x, y) = (460.0 + 380.0 * angle.cos(), 360.0 + 280.0 * angle.sin());
        let n = add(
            &mut eng,
            ElementKind::ExternalEntity,
            &format!("Client {k}"),
            Rect::new(x - 60.0, y - 30.0, 120.0, 60.0),
        );
        connect(&mut eng, &n, &hub, &format!("Request from client {k}"));
        connect(&mut eng, &hub, &n, &format!("Response {k}"));
    }
    let scene = scene::build(eng.state(), "d1", &all()).expect("scene");
    assert_eq!(labels(&scene).len(), 20);
    assert_eq!(collisions(&scene), Vec::<String>::new());
    assert_near_own_flow(&scene, 80.0);
}

#[test]
fn placement_is_deterministic_and_never_loops_over_absurd_boxes() {
    let path = [(0.0, 0.0), (400.0, 0.0)];
    let label = LabelIn {
        path: &path,
        size: (100.0, 22.0),
        start: 0.5,
    };
    // Nothing in the way: the middle.
    assert_eq!(place(&[], &[label]), vec![(200.0, 0.0)]);
    // The middle taken: the next free spot along the line.
    let twice = place(&[], &[label, label]);
    assert_eq!(twice[0], (200.0, 0.0));
    assert!((twice[1].0 - 200.0).abs() >= 100.0 && twice[1].1 == 0.0);
    assert_eq!(twice, place(&[], &[label, label]));
    // A shape covering the whole world: answered at once, least overlap wins.
    let huge = [(-1e300, -1e300, 1e300, 1e300)];
    assert_eq!(place(&huge, &[label]).len(), 1);
}
