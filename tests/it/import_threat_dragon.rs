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

mod round_trip;
mod wild;
