//! Threat Dragon v2: every fixture imports with what its JSON holds, the
//! malformed one is refused in one line, an export validates against Threat
//! Dragon's schema and reads back as the same model, and fields Threatloom
//! does not use come back on export.

use crate::common::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use threatloom::import::{self, Format, Imported, Outcome};

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/threat-dragon/"
);

const MODELS: [&str; 6] = [
    "generic-cms.json",
    "iot-device.json",
    "payment-online.json",
    "three-tier-web-app.json",
    "v2-new-model.json",
    "v2-threat-model.json",
];

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}{name}")).expect("fixture")
}

fn json_of(name: &str) -> Value {
    serde_json::from_slice(&bytes(name)).expect("fixture JSON")
}

fn read(bytes: &[u8]) -> Imported {
    import::read(bytes, None).expect("imports")
}

fn cells(doc: &Value) -> Vec<&Value> {
    doc["detail"]["diagrams"]
        .as_array()
        .expect("diagrams")
        .iter()
        .flat_map(|d| d["cells"].as_array().expect("cells").iter())
        .collect()
}

fn kind_of_shape(shape: &str) -> Option<ElementKind> {
    match shape {
        "actor" => Some(ElementKind::ExternalEntity),
        "process" => Some(ElementKind::Process),
        "store" => Some(ElementKind::DataStore),
        "flow" => Some(ElementKind::DataFlow),
        "trust-boundary-box" | "trust-boundary-curve" | "trust-broundary-curve" => {
            Some(ElementKind::TrustBoundary)
        }
        _ => None,
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn validator() -> jsonschema::Validator {
    let schema: Value = json_of("threat-dragon-v2.schema.json");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn schema_errors(doc: &Value) -> Vec<String> {
    validator()
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn engagement_of(imported: &Imported) -> (tempfile::TempDir, Engagement) {
    let dir = tempfile::tempdir().expect("temp dir");
    let eng = Engagement::create_imported(
        &dir.path().join("imported.threatmodel"),
        EngagementInfo {
            name: imported.title.clone(),
            description: imported.description.clone(),
            ..Default::default()
        },
        imported.model.clone(),
    )
    .expect("an engagement of the model");
    (dir, eng)
}

#[test]
fn every_fixture_imports_with_what_its_json_holds() {
    for name in MODELS {
        let doc = json_of(name);
        let imported = read(&bytes(name));
        let m = &imported.model;
        assert_eq!(imported.report.format, Format::ThreatDragon, "{name}");
        assert_eq!(
            m.diagrams.len(),
            doc["detail"]["diagrams"].as_array().map_or(0, |d| d.len()),
            "{name}: diagrams"
        );
        assert_eq!(
            imported.title,
            doc["summary"]["title"].as_str().unwrap_or_default(),
            "{name}"
        );
        let mut want: BTreeMap<ElementKind, usize> = BTreeMap::new();
        let mut want_threats = 0;
        let mut names = BTreeSet::new();
        let mut titles = BTreeSet::new();
        for c in cells(&doc) {
            let Some(kind) = kind_of_shape(c["shape"].as_str().unwrap_or_default()) else {
                continue;
            };
            *want.entry(kind).or_default() += 1;
            if let Some(n) = c["data"]["name"].as_str() {
                names.insert(one_line(n));
            }
            for t in c["data"]["threats"].as_array().into_iter().flatten() {
                want_threats += 1;
                titles.insert(one_line(t["title"].as_str().unwrap_or_default()));
            }
        }
        for kind in ElementKind::ALL {
            let got = m.elements.iter().filter(|e| e.kind == kind).count();
            assert_eq!(
                got,
                want.get(&kind).copied().unwrap_or(0),
                "{name}: {kind:?}"
            );
        }
        assert_eq!(m.threats.len(), want_threats, "{name}: threats");
        let got_names: BTreeSet<String> = m.elements.iter().map(|e| e.name.clone()).collect();
        for n in names.iter().filter(|n| !n.is_empty()) {
            assert!(got_names.contains(n), "{name}: name '{n}' survives");
        }
        let got_titles: BTreeSet<String> = m.threats.iter().map(|t| t.title.clone()).collect();
        assert_eq!(got_titles, titles, "{name}: threat titles");
        // The report counts what the model holds.
        let r = &imported.report;
        assert_eq!(
            r.flows as usize,
            want.get(&ElementKind::DataFlow).copied().unwrap_or(0)
        );
        assert_eq!(r.threats as usize, want_threats);
        assert_eq!(
            r.of(Outcome::Dropped).count(),
            0,
            "{name}: nothing dropped: {:?}",
            r.lines
        );
        // Every text block is reported and kept for the export.
        let texts = cells(&doc)
            .iter()
            .filter(|c| c["shape"] == "td-text-block")
            .count();
        if texts > 0 {
            assert!(
                r.lines.iter().any(|l| l.outcome == Outcome::Kept
                    && l.text.contains("text block")
                    && l.count as usize == texts),
                "{name}: text blocks reported"
            );
        }
    }
}

#[test]
fn flows_end_where_the_file_says_and_geometry_follows() {
    let doc = json_of("v2-threat-model.json");
    let m = read(&bytes("v2-threat-model.json")).model;
    let by_id: BTreeMap<&str, &Element> = m.elements.iter().map(|e| (e.id.as_str(), e)).collect();
    for c in cells(&doc) {
        let id = c["id"].as_str().expect("id");
        match c["shape"].as_str() {
            Some("flow") => {
                let f = by_id[id];
                assert_eq!(f.source.as_deref(), c["source"]["cell"].as_str(), "{id}");
                assert_eq!(f.target.as_deref(), c["target"]["cell"].as_str(), "{id}");
                assert_eq!(
                    f.props.get("Bidirectional") == Some(&PropValue::Bool(true)),
                    c["data"]["isBidirectional"] == json!(true)
                );
                assert_eq!(
                    f.props.get("encrypted_in_transit") == Some(&PropValue::Bool(true)),
                    c["data"]["isEncrypted"] == json!(true)
                );
            }
            Some("process" | "store" | "actor") => {
                let e = by_id[id];
                let want = Rect::new(
                    c["position"]["x"].as_f64().expect("x"),
                    c["position"]["y"].as_f64().expect("y"),
                    c["size"]["width"].as_f64().expect("w"),
                    c["size"]["height"].as_f64().expect("h"),
                );
                assert_eq!(e.rect, want, "{id}");
                assert_eq!(
                    e.description,
                    c["data"]["description"].as_str().unwrap_or_default().trim()
                );
            }
            Some("trust-boundary-curve") => {
                let b = by_id[id];
                assert!(b.is_line());
                let mut want = vec![];
                for p in std::iter::once(&c["source"])
                    .chain(c["vertices"].as_array().into_iter().flatten())
                    .chain(std::iter::once(&c["target"]))
                {
                    want.push(Point {
                        x: p["x"].as_f64().expect("x"),
                        y: p["y"].as_f64().expect("y"),
                    });
                }
                assert_eq!(b.points, want);
            }
            _ => {}
        }
    }
}

#[test]
fn threats_keep_their_fields() {
    let doc = json_of("v2-threat-model.json");
    let m = read(&bytes("v2-threat-model.json")).model;
    for c in cells(&doc) {
        for t in c["data"]["threats"].as_array().into_iter().flatten() {
            let id = t["id"].as_str().expect("id");
            let got = m.threats.iter().find(|x| x.id == id).expect("threat by id");
            assert_eq!(
                got.element_ids,
                vec![c["id"].as_str().expect("cell id").to_string()]
            );
            assert_eq!(
                got.scenario,
                t["description"].as_str().unwrap_or_default().trim()
            );
            let mitigation = t["mitigation"]
                .as_str()
                .unwrap_or_default()
                .trim()
                .to_string();
            assert_eq!(
                got.recommended_actions,
                if mitigation.is_empty() {
                    vec![]
                } else {
                    vec![mitigation]
                }
            );
            assert_eq!(got.category.label(), t["type"].as_str().expect("type"));
            let status = match t["status"].as_str() {
                Some("Open") => FindingState::Draft,
                Some("Mitigated") => FindingState::Mitigated,
                other => panic!("fixture status {other:?}"),
            };
            assert_eq!(got.lifecycle, status);
            match t["severity"].as_str() {
                Some(s @ ("High" | "Medium" | "Low")) => {
                    let o = got
                        .risk_override
                        .as_ref()
                        .expect("a severity sets the risk");
                    assert_eq!(o.level.label(), s);
                    assert!(o.justification.contains("Threat Dragon"));
                }
                _ => assert!(got.risk_override.is_none(), "TBD/TBA is unrated"),
            }
            let foreign: Value =
                serde_json::from_str(&got.foreign["threat-dragon"]).expect("kept JSON");
            assert_eq!(foreign["modelType"], t["modelType"]);
        }
    }
}

/// One cell with one threat of `ty`, on a process.
fn with_threat(ty: &str, status: &str, severity: &str) -> Vec<u8> {
    let doc = json!({
        "version": "2.6.1",
        "summary": {"title": "T"},
        "detail": {"contributors": [], "diagramTop": 1, "reviewer": "", "threatTop": 1, "diagrams": [{
            "id": 0, "title": "D", "diagramType": "STRIDE", "thumbnail": "", "version": "2.6.1",
            "cells": [{
                "id": "p-1", "shape": "process", "zIndex": 1,
                "position": {"x": 10, "y": 20}, "size": {"width": 100, "height": 80},
                "data": {"type": "tm.Process", "name": "App", "hasOpenThreats": true, "threats": [
                    {"id": "t-1", "title": "X", "type": ty, "status": status, "severity": severity,
                     "description": "", "mitigation": "", "modelType": "LINDDUN", "score": "8"}
                ]}
            }]
        }]}
    });
    serde_json::to_vec(&doc).expect("json")
}

#[test]
fn threat_types_translated_or_from_another_model_map_to_stride_and_are_reported() {
    let cases = [
        ("Manipulation", Stride::Tampering),
        ("Usurpation d'identité", Stride::Spoofing),
        ("情報漏洩", Stride::InformationDisclosure),
        (
            "Denial of service / Denegación de servicio",
            Stride::DenialOfService,
        ),
        ("Elevation of Privilege", Stride::ElevationOfPrivilege),
        ("Linkability", Stride::InformationDisclosure),
        ("Non-repudiation", Stride::Repudiation),
        ("Integrity", Stride::Tampering),
        ("Availability", Stride::DenialOfService),
    ];
    for (ty, want) in cases {
        let imported = read(&with_threat(ty, "Open", "High"));
        let t = &imported.model.threats[0];
        assert_eq!(t.category, want, "{ty}");
        let kept: Value = serde_json::from_str(&t.foreign["threat-dragon"]).expect("kept");
        assert_eq!(
            kept["$originals"]["type"][0],
            json!(ty),
            "the original is kept"
        );
        assert!(imported
            .report
            .lines
            .iter()
            .any(|l| l.outcome == Outcome::Mapped && l.text.contains(ty)));
    }
    // Another model's category names its model in the report.
    let imported = read(&with_threat("Linkability", "Open", "High"));
    assert!(imported
        .report
        .lines
        .iter()
        .any(|l| l.text.contains("LINDDUN")));
    // A type nothing maps: the first category that applies, reported.
    let imported = read(&with_threat("Wild Card", "Open", "High"));
    assert_eq!(imported.model.threats[0].category, Stride::Spoofing);
    assert!(imported
        .report
        .lines
        .iter()
        .any(|l| l.outcome == Outcome::Defaulted && l.text.contains("Wild Card")));
}

#[test]
fn statuses_and_severities_map_as_the_report_says() {
    let cases = [
        ("Open", FindingState::Draft),
        ("Mitigated", FindingState::Mitigated),
        ("NotApplicable", FindingState::FalsePositive),
        ("Accepted", FindingState::Accepted),
        ("Transferred", FindingState::Accepted),
        ("Eliminated", FindingState::Mitigated),
        ("Whatever", FindingState::Draft),
    ];
    for (status, want) in cases {
        let imported = read(&with_threat("Tampering", status, "TBD"));
        assert_eq!(imported.model.threats[0].lifecycle, want, "{status}");
        assert!(imported
            .report
            .lines
            .iter()
            .any(|l| l.text.contains(status)));
        assert!(
            imported.model.threats[0].risk_override.is_none(),
            "TBD is unrated"
        );
    }
    let t = &read(&with_threat("Tampering", "Open", "Critical"))
        .model
        .threats[0];
    assert_eq!(
        t.risk_override.as_ref().map(|o| o.level),
        Some(RiskLevel::Critical)
    );
    let kept: Value = serde_json::from_str(&t.foreign["threat-dragon"]).expect("kept");
    assert_eq!(kept["score"], "8");
    assert_eq!(kept["modelType"], "LINDDUN");
}

#[test]
fn the_malformed_fixture_and_other_non_models_are_refused_in_one_line() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (bytes("v2-malformed-new-model.json"), "detail"),
        (b"[1, 2]".to_vec(), "not an object"),
        (b"{\"summary\": 3, \"detail\": {}}".to_vec(), "summary"),
        (
            b"{\"summary\": {}, \"detail\": {\"diagrams\": 7}}".to_vec(),
            "diagrams",
        ),
        (
            b"{\"summary\": {}, \"detail\": {\"diagrams\": []}}".to_vec(),
            "no diagram",
        ),
        (
            b"{\"summary\": {}, \"detail\": {\"diagrams\": [{\"cells\": {}}]}}".to_vec(),
            "cells",
        ),
        (
            b"{\"summary\": {}, \"detail\": {\"diagrams\": [3]}}".to_vec(),
            "diagram 1",
        ),
        (
            b"{\"summary\": {}, \"detail\": {\"diagrams\": [{\"diagramJson\": {}}]}}".to_vec(),
            "v1",
        ),
        (
            b"{\"summary\": {\"title\": \"x\"}, \"detail\": {".to_vec(),
            "JSON",
        ),
    ];
    for (input, says) in cases {
        let err = import::read(&input, Some(Format::ThreatDragon)).expect_err("refused");
        let msg = err.to_string();
        assert!(matches!(err, Error::Invalid(_)), "{msg}");
        assert!(!msg.contains('\n'), "one line: {msg}");
        assert!(msg.contains(says), "'{msg}' says {says}");
        assert!(
            msg.contains("expected") || msg.contains("no diagram"),
            "{msg}"
        );
    }
}

#[test]
fn every_fixture_passes_the_engines_checks_both_ways_in() {
    for name in MODELS {
        let imported = read(&bytes(name));
        let (_dir, eng) = engagement_of(&imported);
        assert_eq!(
            eng.state().elements.len(),
            imported.model.elements.len(),
            "{name}"
        );
        assert_eq!(
            eng.state().threats.len(),
            imported.model.threats.len(),
            "{name}"
        );
        let (_dir, mut eng) = new_engagement();
        let before = eng.state().diagrams.len();
        eng.apply(Op::Import {
            model: imported.model.clone(),
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            eng.state().diagrams.len(),
            before + imported.model.diagrams.len()
        );
        // Twice: the second's ids are all taken and renamed.
        eng.apply(Op::Import {
            model: imported.model.clone(),
        })
        .unwrap_or_else(|e| panic!("{name} again: {e}"));
        assert_eq!(
            eng.state().threats.len(),
            2 * imported.model.threats.len(),
            "{name}"
        );
    }
}

type Shape = (
    ElementKind,
    String,
    String,
    BTreeMap<String, PropValue>,
    Option<String>,
    Option<String>,
    Vec<(i64, i64)>,
    (i64, i64, i64, i64),
);

fn shape_of(e: &Element) -> Shape {
    let r = |v: f64| v.round() as i64;
    (
        e.kind,
        e.name.clone(),
        e.description.clone(),
        e.props.clone(),
        e.source.clone(),
        e.target.clone(),
        e.points.iter().map(|p| (r(p.x), r(p.y))).collect(),
        if e.kind == ElementKind::DataFlow {
            (0, 0, 0, 0)
        } else {
            (r(e.rect.x), r(e.rect.y), r(e.rect.width), r(e.rect.height))
        },
    )
}

fn threat_of(
    t: &Threat,
) -> (
    Vec<String>,
    Stride,
    String,
    String,
    Vec<String>,
    FindingState,
    Option<RiskLevel>,
) {
    (
        t.element_ids.clone(),
        t.category,
        t.title.clone(),
        t.scenario.clone(),
        t.recommended_actions.clone(),
        t.lifecycle,
        t.risk_override.as_ref().map(|o| o.level),
    )
}

fn same_model(state: &State, m: &Model, what: &str) {
    let a: BTreeMap<&str, Shape> = state
        .elements
        .values()
        .map(|e| (e.id.as_str(), shape_of(e)))
        .collect();
    let b: BTreeMap<&str, Shape> = m
        .elements
        .iter()
        .map(|e| (e.id.as_str(), shape_of(e)))
        .collect();
    assert_eq!(a, b, "{what}: elements, flows, boundaries, properties");
    let a: BTreeMap<&str, _> = state
        .threats
        .values()
        .map(|t| (t.id.as_str(), threat_of(t)))
        .collect();
    let b: BTreeMap<&str, _> = m
        .threats
        .iter()
        .map(|t| (t.id.as_str(), threat_of(t)))
        .collect();
    assert_eq!(a, b, "{what}: threats");
    let a: Vec<&str> = {
        let mut d: Vec<&Diagram> = state.diagrams.values().collect();
        d.sort_by_key(|d| d.position);
        d.into_iter().map(|d| d.name.as_str()).collect()
    };
    let b: Vec<&str> = m.diagrams.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(a, b, "{what}: diagrams");
}

#[test]
fn an_export_validates_against_the_schema_and_reads_back_as_the_same_model() {
    for name in MODELS {
        let imported = read(&bytes(name));
        let (_dir, eng) = engagement_of(&imported);
        let out = threatloom::export::threat_dragon::write(eng.state()).expect("export");
        let doc: Value = serde_json::from_str(&out).expect("JSON");
        assert_eq!(schema_errors(&doc), Vec::<String>::new(), "{name}");
        assert_eq!(doc["version"], "2.6.0");
        let back = import::read(out.as_bytes(), None).expect("reads back");
        same_model(eng.state(), &back.model, name);
        assert_eq!(back.title, eng.state().info.name);
        assert_eq!(back.description, eng.state().info.description);
    }
}

#[test]
fn an_export_is_pretty_json_with_its_keys_in_order_and_a_threat_top_over_every_number() {
    // The writer streams the file rather than building a tree of it: the
    // text must still be a tree's pretty print (keys in order), and
    // `threatTop` be counted once the threats it tops are numbered.
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = threatloom::demo::write(&dir.path().join("demo.threatmodel")).expect("demo");
    let mut outs = vec![(
        "demo",
        threatloom::export::threat_dragon::write(demo.state()).expect("export"),
    )];
    for name in MODELS {
        let (_dir, eng) = engagement_of(&read(&bytes(name)));
        let out = threatloom::export::threat_dragon::write(eng.state()).expect("export");
        outs.push((name, out));
    }
    for (name, out) in outs {
        let doc: Value = serde_json::from_str(&out).expect("JSON");
        let pretty = serde_json::to_string_pretty(&doc).expect("pretty");
        assert!(out == pretty, "{name}: not written as its tree would be");
        let numbers: Vec<u64> = cells(&doc)
            .iter()
            .filter_map(|c| c["data"]["threats"].as_array())
            .flatten()
            .map(|t| t["number"].as_u64().expect("a threat number"))
            .collect();
        let top = doc["detail"]["threatTop"].as_u64().expect("threatTop");
        assert!(
            numbers.iter().all(|n| *n <= top),
            "{name}: threatTop {top} under a threat's number in {numbers:?}"
        );
        if name == "demo" {
            // Threats of Threatloom's own are numbered 1, 2, … as written.
            let count = numbers.len() as u64;
            assert!(count > 0, "the demo has threats on its elements");
            assert_eq!(numbers, (1..=count).collect::<Vec<_>>());
            assert_eq!(top, count);
        }
    }
}

#[test]
fn a_model_drawn_in_threatloom_exports_valid_and_reads_back() {
    let (_dir, mut eng) = new_engagement();
    let user = add(&mut eng, ElementKind::ExternalEntity, "User", at(0.0, 0.0));
    let app = add(&mut eng, ElementKind::Process, "App", at(400.0, 0.0));
    let db = add(&mut eng, ElementKind::DataStore, "DB", at(400.0, 300.0));
    let outer = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Cloud",
        Rect::new(350.0, -50.0, 300.0, 500.0),
    );
    let inner = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Data tier",
        Rect::new(380.0, 280.0, 200.0, 150.0),
    );
    let login = connect(&mut eng, &user, &app, "Login");
    let query = connect(&mut eng, &app, &db, "Query");
    eng.apply(Op::AddLineBoundary {
        id: None,
        diagram_id: "d1".into(),
        name: "Internet edge".into(),
        points: vec![
            Point {
                x: 250.0,
                y: -100.0,
            },
            Point { x: 260.0, y: 100.0 },
            Point { x: 250.0, y: 300.0 },
        ],
    })
    .expect("line");
    for (id, key, value) in [
        (&login, "protocol", PropValue::Text("HTTPS".into())),
        (&login, "encrypted_in_transit", PropValue::Bool(true)),
        (&query, "Bidirectional", PropValue::Bool(true)),
        (&db, "stores_credentials", PropValue::Bool(true)),
        (&app, "authentication", PropValue::Text("SSO / OIDC".into())),
        (&app, "Hosting", PropValue::Text("Azure".into())),
        (&user, "out_of_scope", PropValue::Bool(true)),
        (
            &user,
            "out_of_scope_reason",
            PropValue::Text("the customer's".into()),
        ),
    ] {
        eng.apply(Op::SetProperty {
            id: id.clone(),
            key: key.into(),
            value: Some(value),
        })
        .unwrap_or_else(|e| panic!("{key}: {e}"));
    }
    let mut t = Threat::quick(&app, Stride::Tampering, "Admin by URL");
    t.scenario = "Anyone who guesses /admin".into();
    t.recommended_actions = vec!["Check the role on the server".into()];
    t.element_ids.push(db.clone());
    rate(&mut t, Rating::High, Rating::High);
    eng.apply(Op::AddThreat { threat: t }).expect("threat");
    let _ = (outer, inner);

    let out = threatloom::export::threat_dragon::write(eng.state()).expect("export");
    let doc: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(schema_errors(&doc), Vec::<String>::new());
    let cells = cells(&doc);
    let boxes = cells
        .iter()
        .filter(|c| c["shape"] == "trust-boundary-box")
        .count();
    assert_eq!(boxes, 2, "nested boxes written each as its own cell");
    let curve = cells
        .iter()
        .find(|c| c["shape"] == "trust-boundary-curve")
        .expect("the line as a curve");
    assert_eq!(curve["source"], json!({"x": 250, "y": -100}));
    assert_eq!(curve["target"], json!({"x": 250, "y": 300}));
    assert_eq!(curve["vertices"].as_array().map(|v| v.len()), Some(1));
    let q = cells
        .iter()
        .find(|c| c["id"] == json!(query))
        .expect("query");
    assert_eq!(q["data"]["isBidirectional"], json!(true));
    assert_eq!(
        q["attrs"]["line"]["sourceMarker"]["name"], "block",
        "drawn both ways"
    );
    assert_eq!(q["source"]["cell"], json!(app));
    let a = cells.iter().find(|c| c["id"] == json!(app)).expect("app");
    assert_eq!(a["attrs"]["text"]["text"], "App");
    assert_eq!(a["data"]["threats"][0]["severity"], "Critical");
    assert_eq!(a["data"]["threats"][0]["type"], "Tampering");
    assert_eq!(
        a["data"]["threats"][0]["threatloomElements"],
        json!([app, db]),
        "a threat on two elements names both"
    );

    let back = import::read(out.as_bytes(), None).expect("reads back");
    let mut back_model = back.model.clone();
    // Impact and likelihood have no place in Threat Dragon: the level comes back as an override.
    for t in &mut back_model.threats {
        t.risk_override = None;
    }
    let mut state = eng.state().clone();
    for t in state.threats.values_mut() {
        t.risk_override = None;
    }
    same_model(&state, &back_model, "drawn in Threatloom");
    let t = &back.model.threats[0];
    assert_eq!(
        t.risk_override.as_ref().map(|o| o.level),
        Some(RiskLevel::Critical)
    );
    // And it passes the engine's checks.
    engagement_of(&back);
}

#[test]
fn fields_threatloom_does_not_use_come_back_on_export() {
    let mut doc = json_of("v2-threat-model.json");
    doc["release_version"] = json!("9.9");
    doc["summary"]["owner"] = json!("Team Blue");
    doc["summary"]["x-summary"] = json!({"keep": [1, 2]});
    doc["detail"]["reviewer"] = json!("Alice");
    let d = &mut doc["detail"]["diagrams"][0];
    d["x-diagram"] = json!("kept");
    d["description"] = json!("The diagram's own words");
    let cells = d["cells"].as_array_mut().expect("cells");
    let flow = cells
        .iter_mut()
        .find(|c| c["shape"] == "flow")
        .expect("a flow");
    flow["x-cell"] = json!({"deep": {"er": true}});
    flow["data"]["x-data"] = json!(42);
    let flow_id = flow["id"].clone();
    let port = flow["source"]["port"].clone();
    let vertices = flow["vertices"].clone();
    let with_threat = cells
        .iter_mut()
        .find(|c| {
            c["data"]["threats"]
                .as_array()
                .is_some_and(|t| !t.is_empty())
        })
        .expect("a cell with threats");
    with_threat["data"]["threats"][0]["x-threat"] = json!("still here");
    with_threat["data"]["threats"][0]["type"] = json!("Veröffentlichung von Informationen");
    let threat_id = with_threat["data"]["threats"][0]["id"].clone();
    let text_id = cells
        .iter()
        .find(|c| c["shape"] == "td-text-block")
        .map(|c| c["id"].clone())
        .expect("a text block");
    let input = serde_json::to_vec(&doc).expect("json");

    let imported = read(&input);
    let (_dir, eng) = engagement_of(&imported);
    let out: Value = serde_json::from_str(
        &threatloom::export::threat_dragon::write(eng.state()).expect("export"),
    )
    .expect("JSON");
    assert_eq!(schema_errors(&out), Vec::<String>::new());
    assert_eq!(out["release_version"], "9.9");
    assert_eq!(out["summary"]["owner"], "Team Blue");
    assert_eq!(out["summary"]["x-summary"], json!({"keep": [1, 2]}));
    assert_eq!(out["detail"]["reviewer"], "Alice");
    assert_eq!(out["detail"]["contributors"], doc["detail"]["contributors"]);
    let d = &out["detail"]["diagrams"][0];
    assert_eq!(d["x-diagram"], "kept");
    assert_eq!(d["description"], "The diagram's own words");
    let cells = d["cells"].as_array().expect("cells");
    let flow = cells.iter().find(|c| c["id"] == flow_id).expect("the flow");
    assert_eq!(flow["x-cell"], json!({"deep": {"er": true}}));
    assert_eq!(flow["data"]["x-data"], json!(42));
    assert_eq!(flow["source"]["port"], port, "the port it was attached to");
    assert_eq!(flow["vertices"], vertices);
    let threat = cells
        .iter()
        .flat_map(|c| c["data"]["threats"].as_array().into_iter().flatten())
        .find(|t| t["id"] == threat_id)
        .expect("the threat");
    assert_eq!(threat["x-threat"], "still here");
    assert_eq!(
        threat["type"], "Veröffentlichung von Informationen",
        "its own spelling"
    );
    assert!(
        cells
            .iter()
            .any(|c| c["id"] == text_id && c["shape"] == "td-text-block"),
        "the text block comes back verbatim"
    );
    assert!(
        !out.to_string().contains("$originals"),
        "nothing of ours leaks"
    );
}

fn meets(a: (f64, f64), b: (f64, f64), c: (f64, f64), d: (f64, f64)) -> bool {
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
