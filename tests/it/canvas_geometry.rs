//! The canvas draws flows in TypeScript while the user drags (`ui/src/canvas/
//! geometry.ts`); reports draw them from the Rust scene. This test writes the
//! scene's answer for a small diagram to `ui/src/canvas/geometry.fixture.json`,
//! and a UI unit test checks that geometry.ts gives the same endpoints,
//! parallel-flow offsets, label sizes and placed label centres
//! (src/export/flow_labels.rs and ui/src/canvas/labels.ts). CI fails when the
//! committed fixture is stale.

use crate::common::*;
use serde_json::{json, Value};
use threatloom::export::scene::{self, Item, Shape};

fn all() -> ExportFilter {
    ExportFilter {
        include_out_of_scope: true,
        ..Default::default()
    }
}

#[test]
fn the_scene_writes_the_canvas_geometry_fixture() {
    let (_dir, mut eng) = new_engagement();
    let user = add(
        &mut eng,
        ElementKind::ExternalEntity,
        "User",
        Rect::new(0.0, 0.0, 120.0, 60.0),
    );
    let app = add(
        &mut eng,
        ElementKind::Process,
        "App",
        Rect::new(320.0, 140.0, 130.0, 90.0),
    );
    let db = add(
        &mut eng,
        ElementKind::DataStore,
        "DB",
        Rect::new(700.0, 420.0, 140.0, 60.0),
    );
    let idp = add(
        &mut eng,
        ElementKind::Process,
        "IdP",
        Rect::new(330.0, 520.0, 110.0, 110.0),
    );
    let cache = add(
        &mut eng,
        ElementKind::DataStore,
        "Cache",
        Rect::new(880.0, 420.0, 100.0, 60.0),
    );
    // One straight flow each way round a diagonal; three between app and db
    // (two one way, one back); a vertical and a horizontal one. Where label
    // placement matters: a long label on a short flow (db → cache, 40 apart),
    // and labels crowding the middle of the diagram.
    connect(&mut eng, &user, &app, "Login");
    connect(&mut eng, &app, &db, "Query");
    connect(&mut eng, &app, &db, "Write");
    connect(&mut eng, &db, &app, "Rows");
    connect(&mut eng, &app, &idp, "Token check");
    connect(&mut eng, &idp, &user, "Redirect");
    connect(&mut eng, &db, &cache, "Cache fill (write-through)");
    connect(&mut eng, &idp, &cache, "Session lookups");
    connect(&mut eng, &idp, &db, "Audit events to the warehouse");

    let scene = scene::build(eng.state(), "d1", &all()).expect("scene");
    let mut nodes = vec![];
    let mut flows = vec![];
    for item in &scene.items {
        match item {
            Item::Node {
                id, shape, rect, ..
            } if *shape != Shape::Boundary => nodes.push(json!({
                "id": id, "x": rect.x, "y": rect.y, "width": rect.width, "height": rect.height,
                "round": *shape == Shape::Process,
            })),
            Item::Flow {
                id,
                points,
                lines,
                label_at,
                ..
            } => {
                let f = &eng.state().elements[id];
                let size = scene::flow_label_rect(lines, *label_at).map(|r| (r.width, r.height));
                flows.push(json!({
                    "id": id, "name": f.name, "source": f.source, "target": f.target,
                    "points": points, "label_at": label_at, "size": size,
                }));
            }
            _ => {}
        }
    }
    assert_eq!((nodes.len(), flows.len()), (5, 9));
    let fixture: Value = json!({
        "about": "Written by tests/it/canvas_geometry.rs from the Rust scene; checked by canvas/geometry.test.ts. Do not edit.",
        "nodes": nodes,
        "flows": flows,
    });
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("ui/src/canvas/geometry.fixture.json");
    let text = serde_json::to_string_pretty(&rounded(fixture)).expect("json");
    std::fs::write(&path, format!("{text}\n")).expect("fixture written");
}

/// Numbers to a thousandth of a unit, so the file reads and diffs well.
fn rounded(v: Value) -> Value {
    match v {
        Value::Number(n) => n
            .as_f64()
            .map_or(Value::Number(n), |f| json!((f * 1000.0).round() / 1000.0)),
        Value::Array(a) => Value::Array(a.into_iter().map(rounded).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, rounded(v))).collect()),
        other => other,
    }
}
