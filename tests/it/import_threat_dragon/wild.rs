//! Files as other tools write them: line boundaries, odd cells, mutations, a
//! large file, kept spellings.

use super::*;

pub(super) fn meets(a: (f64, f64), b: (f64, f64), c: (f64, f64), d: (f64, f64)) -> bool {
    let cross = |o: (f64, f64), p: (f64, f64), q: (f64, f64)| {
        (p.0 - o.0) * (q.1 - o.1) - (p.1 - o.1) * (q.0 - o.0)
    };
    let (d1, d2) = (cross(c, d, a), cross(c, d, b));
    let (d3, d4) = (cross(a, b, c), cross(a, b, d));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

#[test]
fn the_iot_line_boundary_crosses_the_flows_drawn_across_it() {
    let doc = json_of("iot-device.json");
    let imported = read(&bytes("iot-device.json"));
    let (_dir, eng) = engagement_of(&imported);
    let state = eng.state();
    // Expected from the JSON alone: flows (centre to centre) meeting the polyline.
    let cells = cells(&doc);
    let centre = |id: &Value| {
        let c = cells.iter().find(|c| c["id"] == *id)?;
        Some((
            c["position"]["x"].as_f64()? + c["size"]["width"].as_f64()? / 2.0,
            c["position"]["y"].as_f64()? + c["size"]["height"].as_f64()? / 2.0,
        ))
    };
    let curve = cells
        .iter()
        .find(|c| c["shape"] == "trust-boundary-curve")
        .expect("a curve");
    let line: Vec<(f64, f64)> = std::iter::once(&curve["source"])
        .chain(curve["vertices"].as_array().into_iter().flatten())
        .chain(std::iter::once(&curve["target"]))
        .map(|p| (p["x"].as_f64().expect("x"), p["y"].as_f64().expect("y")))
        .collect();
    let want: BTreeSet<String> = cells
        .iter()
        .filter(|c| c["shape"] == "flow")
        .filter(|f| {
            let (Some(a), Some(b)) = (centre(&f["source"]["cell"]), centre(&f["target"]["cell"]))
            else {
                return false;
            };
            line.windows(2).any(|w| meets(a, b, w[0], w[1]))
        })
        .map(|f| {
            f["name"].as_str().map_or_else(
                || f["data"]["name"].as_str().unwrap_or_default().to_string(),
                str::to_string,
            )
        })
        .collect();
    assert!(!want.is_empty(), "the fixture draws the line across flows");
    let diagram = state.diagrams.keys().next().expect("a diagram");
    let analysis = analyze(state, diagram);
    let boundary = state
        .elements
        .values()
        .find(|e| e.is_line())
        .expect("the line boundary");
    assert_eq!(boundary.name, curve["data"]["name"].as_str().expect("name"));
    let got: BTreeSet<String> = analysis
        .crossings
        .iter()
        .filter(|(_, bs)| bs.contains(&boundary.id))
        .map(|(f, _)| state.elements[f].name.clone())
        .collect();
    assert_eq!(got, want);
}

#[test]
fn odd_cells_are_read_as_files_in_the_wild_write_them() {
    let doc = json!({
        "version": "2.0.0",
        "summary": {"title": 7, "description": "Old file"},
        "detail": {"contributors": [], "diagramTop": 1, "reviewer": "", "threatTop": 0, "diagrams": [{
            "id": 0, "title": "", "diagramType": "STRIDE", "thumbnail": "", "version": "2.0.0",
            "cells": [
                {"id": "a1", "shape": "actor", "zIndex": 1, "x": "10", "y": 20, "width": 100, "height": "60",
                 "attrs": {"text": {"text": "Label\nonly"}}, "data": {"type": "tm.Actor"}},
                {"id": "p1", "shape": "my-process", "zIndex": 1, "position": {"x": 300, "y": 20}, "size": {"width": 100, "height": 100},
                 "data": {"type": "tm.Process", "name": "By type", "privilegeLevel": "root", "isWebApplication": true}},
                {"id": "b1", "shape": "trust-broundary-curve", "zIndex": 10,
                 "source": {"cell": "a1"}, "target": {"x": 500, "y": 500}, "data": {"type": "tm.Boundary", "name": "Edge"}},
                {"id": "f1", "shape": "flow", "zIndex": 10, "source": {"cell": "a1"}, "target": {"cell": "gone"},
                 "labels": [{"attrs": {"labelText": {"text": "Half"}}}], "data": {"type": "tm.Flow", "isBidirectional": true}},
                {"id": "f2", "shape": "flow", "zIndex": 10, "source": {"cell": "b1"}, "target": {"cell": "p1"},
                 "data": {"type": "tm.Flow", "name": "From a line"}},
                {"id": "u1", "shape": "sticky-note", "zIndex": 3, "data": {"type": "tm.Note"}},
                "not a cell"
            ]
        }]}
    });
    let imported = read(&serde_json::to_vec(&doc).expect("json"));
    let m = &imported.model;
    let get = |id: &str| m.elements.iter().find(|e| e.id == id).expect(id);
    assert_eq!(imported.title, "7");
    assert_eq!(m.diagrams[0].name, "Diagram 1");
    let actor = get("a1");
    assert_eq!(actor.name, "Label only", "named from its label");
    assert_eq!(
        actor.rect,
        Rect::new(10.0, 20.0, 100.0, 60.0),
        "old x/y/width/height"
    );
    let p = get("p1");
    assert_eq!(p.kind, ElementKind::Process, "by data.type");
    assert_eq!(p.props["Privilege level"], PropValue::Text("root".into()));
    assert_eq!(p.props["Web application"], PropValue::Bool(true));
    let b = get("b1");
    assert!(b.is_line(), "the misspelled curve is a line");
    assert_eq!(
        b.points,
        vec![Point { x: 60.0, y: 50.0 }, Point { x: 500.0, y: 500.0 }],
        "a cell end is its centre"
    );
    let f1 = get("f1");
    assert_eq!(
        (f1.source.as_deref(), f1.target.as_deref()),
        (Some("a1"), None)
    );
    assert_eq!(f1.name, "Half");
    assert_eq!(f1.props["Bidirectional"], PropValue::Bool(true));
    assert_eq!(get("f2").source, None, "a line is no flow's end");
    let kept = m.diagrams[0].foreign["threat-dragon"].clone();
    assert!(kept.contains("sticky-note"), "unknown cells kept");
    assert!(
        !kept.contains("not a cell"),
        "a cell that is no object cannot be drawn"
    );
    let r = &imported.report;
    for says in [
        "sticky-note",
        "no target",
        "no source",
        "a diagram without a title",
        "not a JSON object",
    ] {
        assert!(
            r.lines.iter().any(|l| l.text.contains(says)),
            "reports {says}: {:?}",
            r.lines
        );
    }
    // It passes the engine's checks, and exports valid.
    let (_dir, eng) = engagement_of(&imported);
    let out: Value = serde_json::from_str(
        &threatloom::export::threat_dragon::write(eng.state()).expect("export"),
    )
    .expect("JSON");
    assert_eq!(schema_errors(&out), Vec::<String>::new());
    let cells = cells(&out);
    assert!(cells.iter().any(|c| c["shape"] == "sticky-note"));
    assert!(
        cells.iter().any(|c| c["shape"] == "trust-boundary-curve"),
        "written with its right name"
    );
}

#[test]
fn mutated_fixtures_never_panic() {
    let seed = bytes("v2-threat-model.json");
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let specials = [b'{', b'}', b'[', b']', b'"', b',', b':', b'0', b'-', b'n'];
    for _ in 0..300 {
        let mut b = seed.clone();
        for _ in 0..(1 + next() % 8) {
            let i = (next() as usize) % b.len();
            match next() % 3 {
                0 => b[i] = specials[(next() as usize) % specials.len()],
                1 => {
                    b.remove(i);
                }
                _ => b.insert(i, specials[(next() as usize) % specials.len()]),
            }
        }
        match import::read(&b, Some(Format::ThreatDragon)) {
            Ok(imported) => assert!(!imported.model.diagrams.is_empty()),
            Err(e) => assert!(!e.to_string().contains('\n'), "one line: {e}"),
        }
    }
}

#[test]
fn a_2500_cell_file_imports_quickly() {
    let mut cells = vec![];
    for i in 0..1250 {
        cells.push(json!({
            "id": format!("n{i}"), "shape": "process", "zIndex": 1,
            "position": {"x": (i % 50) * 150, "y": (i / 50) * 150}, "size": {"width": 100, "height": 100},
            "data": {"type": "tm.Process", "name": format!("P{i}"), "hasOpenThreats": false, "threats": [
                {"id": format!("t{i}"), "title": "T", "type": "Tampering", "status": "Open", "severity": "High", "description": "", "mitigation": ""}
            ]}
        }));
    }
    for i in 0..1250 {
        cells.push(json!({
            "id": format!("f{i}"), "shape": "flow", "zIndex": 10,
            "source": {"cell": format!("n{i}")}, "target": {"cell": format!("n{}", (i + 1) % 1250)},
            "data": {"type": "tm.Flow", "name": format!("F{i}"), "hasOpenThreats": false}
        }));
    }
    let doc = json!({"version": "2.6.0", "summary": {"title": "Big"}, "detail": {
        "contributors": [], "diagramTop": 1, "reviewer": "", "threatTop": 0,
        "diagrams": [{"id": 0, "title": "D", "diagramType": "STRIDE", "thumbnail": "", "version": "2.6.0", "cells": cells}]}});
    let input = serde_json::to_vec(&doc).expect("json");
    let start = std::time::Instant::now();
    let parsed: Value = serde_json::from_slice(&input).expect("json");
    eprintln!("parse alone: {:?} ({} bytes)", start.elapsed(), input.len());
    drop(parsed);
    let start = std::time::Instant::now();
    let imported = read(&input);
    let took = start.elapsed();
    assert_eq!(imported.model.elements.len(), 2500);
    assert_eq!(imported.model.threats.len(), 1250);
    // Debug builds are ~10× slower than release (the goal there is 100 ms).
    assert!(took.as_millis() < 1500, "{took:?}");
    eprintln!("2,500-cell Threat Dragon import: {took:?}");
}

#[test]
fn a_kept_spelling_is_written_only_while_it_still_says_what_threatloom_holds() {
    let imported = read(&with_threat("Linkability", "Transferred", "TBA"));
    let (_dir, mut eng) = engagement_of(&imported);
    let threat_of = |eng: &Engagement| -> Value {
        let out: Value = serde_json::from_str(
            &threatloom::export::threat_dragon::write(eng.state()).expect("export"),
        )
        .expect("JSON");
        assert_eq!(schema_errors(&out), Vec::<String>::new());
        out["detail"]["diagrams"][0]["cells"][0]["data"]["threats"][0].clone()
    };
    let t = threat_of(&eng);
    assert_eq!(
        (
            &t["type"],
            &t["modelType"],
            &t["status"],
            &t["severity"],
            &t["score"]
        ),
        (
            &json!("Linkability"),
            &json!("LINDDUN"),
            &json!("Open"),
            &json!("TBA"),
            &json!("8")
        ),
        "unchanged: the source's own words, but a status Threat Dragon 2.6 knows"
    );
    assert_eq!(t["threatloomState"], "accepted", "ours kept beside it");
    let mut edited = eng.state().threats.values().next().expect("threat").clone();
    edited.category = Stride::Spoofing;
    edited.risk_override = Some(RiskOverride {
        level: RiskLevel::High,
        justification: "re-rated".into(),
    });
    eng.apply(Op::UpdateThreat { threat: edited })
        .expect("edit");
    let t = threat_of(&eng);
    assert_eq!(
        (&t["type"], &t["modelType"], &t["severity"]),
        (&json!("Spoofing"), &json!("STRIDE"), &json!("High")),
        "changed: Threatloom's values"
    );
    assert_eq!(t["score"], "8", "fields Threatloom does not hold stay");
}
