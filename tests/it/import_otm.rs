//! OTM import and export: every OTM fixture reads with the counts, names and
//! threats its source holds (computed here from the parsed file), JSON and
//! YAML alike; what is not OTM is refused with one line; an export validates
//! against the official schema and reads back as the same model.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use threatloom::import::{self, Format, Imported};

mod export;

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/");
pub const OTM_FIXTURES: [&str; 3] = [
    "otm/EXAMPLE.json",
    "mtmt/MTMT_MVP.otm",
    "mtmt/nested_tz.otm",
];

pub fn bytes(path: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}{path}")).expect("fixture")
}

fn json(path: &str) -> Value {
    serde_json::from_slice(&bytes(path)).expect("fixture is JSON")
}

fn list<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn of_kind(m: &Model, k: ElementKind) -> Vec<&Element> {
    m.elements.iter().filter(|e| e.kind == k).collect()
}

fn by_name<'a>(m: &'a Model, name: &str) -> &'a Element {
    m.elements
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no element named {name}"))
}

fn inside(outer: &Rect, inner: &Rect) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.x + inner.width <= outer.x + outer.width
        && inner.y + inner.height <= outer.y + outer.height
}

/// The kinds the test is sure of, from the type's words.
fn clear_kind(t: &str) -> Option<ElementKind> {
    let t = t.to_lowercase();
    if t.contains("client") {
        Some(ElementKind::ExternalEntity)
    } else if t.contains("database")
        || t.contains("-db-")
        || t.contains("storage")
        || t.contains("store")
    {
        Some(ElementKind::DataStore)
    } else if t.contains("service") || t.contains("server") || t == "code-class" {
        Some(ElementKind::Process)
    } else {
        None
    }
}

#[test]
fn every_otm_fixture_imports_with_what_its_source_holds() {
    for path in OTM_FIXTURES {
        let src = json(path);
        let im = import::read(&bytes(path), None).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(im.report.format, Format::Otm);
        assert_eq!(im.report.version, s(&src, "otmVersion"));
        let m = &im.model;
        assert_eq!(im.title, s(&src["project"], "name"), "{path}");
        let zones = list(&src, "trustZones");
        let comps = list(&src, "components");
        let flows = list(&src, "dataflows");
        let diagrams = list(&src, "representations")
            .into_iter()
            .filter(|r| s(r, "type") == "diagram")
            .count()
            .max(1);
        assert_eq!(m.diagrams.len(), diagrams, "{path}: diagrams");
        assert_eq!(
            of_kind(m, ElementKind::TrustBoundary).len(),
            zones.len(),
            "{path}: zones"
        );
        assert_eq!(
            of_kind(m, ElementKind::DataFlow).len(),
            flows.len(),
            "{path}: flows"
        );
        let nodes = m.elements.iter().filter(|e| e.kind.is_endpoint()).count();
        assert_eq!(nodes, comps.len(), "{path}: components");
        assert_eq!(im.report.boundaries as usize, zones.len());
        // Components: name, kind where clear, type kept.
        for c in &comps {
            let e = by_name(m, s(c, "name"));
            assert_eq!(
                e.props.get("OTM type"),
                Some(&PropValue::Text(s(c, "type").into())),
                "{path}"
            );
            if let Some(k) = clear_kind(s(c, "type")) {
                assert_eq!(e.kind, k, "{path}: {} ({})", e.name, s(c, "type"));
            }
        }
        // Zones: trust rating kept, nesting and membership by position.
        for z in &zones {
            let b = by_name(m, s(z, "name"));
            let rating = z["risk"]["trustRating"].as_f64().expect("rating");
            assert_eq!(
                b.props.get("Trust rating"),
                Some(&PropValue::Text(format!("{rating}")))
            );
            if let Some(p) = z
                .get("parent")
                .and_then(|p| p.get("trustZone"))
                .and_then(Value::as_str)
            {
                let pz = zones.iter().find(|z| s(z, "id") == p).expect("parent zone");
                let outer = by_name(m, s(pz, "name"));
                assert!(
                    inside(&outer.rect, &b.rect),
                    "{path}: {} in {}",
                    b.name,
                    outer.name
                );
            }
        }
        for c in &comps {
            let Some(zid) = c["parent"].get("trustZone").and_then(Value::as_str) else {
                continue;
            };
            let z = zones.iter().find(|z| s(z, "id") == zid).expect("zone");
            let e = by_name(m, s(c, "name"));
            let b = by_name(m, s(z, "name"));
            assert!(
                inside(&b.rect, &e.rect),
                "{path}: {} inside {}",
                e.name,
                b.name
            );
            assert_eq!(e.diagram_id, b.diagram_id);
        }
        // Flows: ends and bidirectionality.
        for f in &flows {
            let e = m
                .elements
                .iter()
                .find(|e| {
                    e.kind == ElementKind::DataFlow
                        && e.name == s(f, "name")
                        && e.foreign["otm"].contains(s(f, "id"))
                })
                .or_else(|| m.elements.iter().find(|e| e.id == s(f, "id")))
                .expect("flow");
            let name_of = |id: &str| {
                comps
                    .iter()
                    .find(|c| s(c, "id") == id)
                    .map(|c| s(c, "name"))
            };
            let end = |x: &Option<String>| {
                x.as_ref().map(|id| {
                    m.elements
                        .iter()
                        .find(|e| &e.id == id)
                        .expect("end")
                        .name
                        .as_str()
                })
            };
            assert_eq!(end(&e.source), name_of(s(f, "source")), "{path}");
            assert_eq!(end(&e.target), name_of(s(f, "destination")), "{path}");
            let bidi = f
                .get("bidirectional")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            assert_eq!(
                e.props.get("Bidirectional") == Some(&PropValue::Bool(true)),
                bidi
            );
        }
        // Threats: one per instance, on its element, with its title.
        let defs: BTreeMap<&str, &Value> = list(&src, "threats")
            .into_iter()
            .map(|t| (s(t, "id"), t))
            .collect();
        let mut instances = 0;
        for o in comps.iter().chain(&flows) {
            let e = m
                .elements
                .iter()
                .find(|e| e.name == s(o, "name") && e.foreign["otm"].contains(s(o, "id")))
                .expect("element");
            let mut want: Vec<String> = list(o, "threats")
                .iter()
                .map(|i| s(defs[s(i, "threat")], "name").to_string())
                .collect();
            let mut got: Vec<String> = m
                .threats
                .iter()
                .filter(|t| t.element_ids == [e.id.clone()])
                .map(|t| t.title.clone())
                .collect();
            want.sort();
            got.sort();
            assert_eq!(got, want, "{path}: threats on {}", e.name);
            instances += want.len();
        }
        assert_eq!(m.threats.len(), instances, "{path}: threat instances");
        // Every element and threat is accepted as an engagement.
        let dir = tempfile::tempdir().expect("dir");
        let eng = Engagement::create_imported(
            &dir.path().join("x.threatmodel"),
            EngagementInfo {
                name: im.title.clone(),
                ..Default::default()
            },
            im.model.clone(),
        )
        .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(eng.state().elements.len(), m.elements.len());
        assert_eq!(eng.state().threats.len(), m.threats.len());
    }
}

#[test]
fn threats_keep_category_risk_state_and_mitigations() {
    let im = import::read(&bytes("otm/EXAMPLE.json"), None).expect("example");
    let t = im
        .model
        .threats
        .iter()
        .find(|t| t.title == "Threat 1")
        .expect("threat");
    assert_eq!(
        t.category,
        Stride::Spoofing,
        "the first of Spoofing, Tampering"
    );
    assert_eq!(t.likelihood.exploitability, Some(Rating::Medium), "50");
    assert_eq!(t.impact.affected_users, Some(Rating::High), "100");
    assert!(
        t.likelihood.rationale.starts_with("It is reasonable"),
        "the comment kept"
    );
    assert_eq!(t.lifecycle, FindingState::Draft, "exposed");
    assert_eq!(
        t.references,
        vec!["CWE-79".to_string(), "CWE-787".to_string()]
    );
    assert_eq!(
        t.recommended_actions,
        vec!["This is the name of mitigation 1\n\nDescription for mitigation 1".to_string()]
    );
    assert!(
        t.foreign["otm"].contains("Tampering"),
        "every category kept"
    );
    // startleft's MTMT conversion: TMT's category names, 0–100 risk.
    let mvp = import::read(&bytes("mtmt/MTMT_MVP.otm"), None).expect("mvp");
    let src = json("mtmt/MTMT_MVP.otm");
    let eop = list(&src, "threats")
        .iter()
        .filter(|t| t["categories"][0] == "Elevation of Privileges")
        .map(|t| s(t, "name").to_string())
        .collect::<Vec<_>>();
    assert!(!eop.is_empty());
    for t in mvp.model.threats.iter().filter(|t| eop.contains(&t.title)) {
        assert_eq!(t.category, Stride::ElevationOfPrivilege, "{}", t.title);
        assert_eq!(t.likelihood.rationale, "OTM likelihood 100");
    }
    // Zones nested by parent: a zone's box holds its child zone's.
    let n = import::read(&bytes("mtmt/nested_tz.otm"), None).expect("nested");
    let outer = by_name(&n.model, "Generic Trust Border Boundary");
    let inner = by_name(&n.model, "Sandbox environment");
    assert!(inside(&outer.rect, &inner.rect));
    let mongo = by_name(&n.model, "Sandbox Mongo");
    assert_eq!(mongo.kind, ElementKind::DataStore);
    assert!(inside(&inner.rect, &mongo.rect));
}

/// The fixture as YAML (serde-saphyr's writer).
fn yaml_of(path: &str) -> String {
    serde_saphyr::to_string(&json(path)).expect("yaml")
}

#[test]
fn yaml_reads_as_its_json_does() {
    for path in OTM_FIXTURES {
        let y = yaml_of(path);
        assert_eq!(
            import::detect(y.as_bytes()).expect("detected"),
            Format::Otm,
            "{path}"
        );
        let from_yaml = import::read(y.as_bytes(), None).unwrap_or_else(|e| panic!("{path}: {e}"));
        let from_json = import::read(&bytes(path), None).expect("json");
        assert_eq!(from_yaml.model, from_json.model, "{path}");
    }
}

fn refused_with_one_line(r: Result<Imported, Error>) -> String {
    let msg = r.expect_err("refused").to_string();
    assert!(
        !msg.contains('\n') && !msg.is_empty() && msg.len() < 400,
        "{msg}"
    );
    msg
}

#[test]
fn what_is_not_otm_is_refused_with_one_line() {
    let m = refused_with_one_line(import::read(
        br#"{"name": "x", "items": []}"#,
        Some(Format::Otm),
    ));
    assert!(m.contains("otmVersion"), "{m}");
    refused_with_one_line(import::read(
        b"otmVersion: 0.2.0\nproject: [unclosed\n  - {",
        Some(Format::Otm),
    ));
    refused_with_one_line(import::read(
        b"otmVersion: 0.2.0\nproject:\n\tname: tab\n x: y",
        None,
    ));
    refused_with_one_line(import::read(
        br#"{"otmVersion": "0.2.0", "project": "#,
        None,
    ));
    // An alias bomb and deep nesting are refused, quickly.
    let mut bomb = String::from("otmVersion: 0.2.0\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("l{}", i - 1)
        };
        bomb.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let start = std::time::Instant::now();
    refused_with_one_line(import::read(bomb.as_bytes(), None));
    let deep = format!(
        "otmVersion: 0.2.0\nproject: {}{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    refused_with_one_line(import::read(deep.as_bytes(), None));
    let deep_json = format!(
        "{{\"otmVersion\": \"0.2.0\", \"project\": {}{}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    refused_with_one_line(import::read(deep_json.as_bytes(), None));
    // Unchecked, the bomb is 10^13 nodes; refused, it is milliseconds in
    // release (the bound is loose for a debug build on a busy machine).
    assert!(start.elapsed().as_secs_f64() < 5.0, "{:?}", start.elapsed());
}

#[test]
fn unknown_keys_missing_fields_and_numbers_as_text_are_tolerated() {
    let src = r#"{
      "otmVersion": "0.1.0", "surprise": {"a": 1},
      "project": {"name": "P", "id": "p", "extra": true},
      "trustZones": [{"id": "z", "name": "Zone", "risk": {"trustRating": "70"}, "weird": [1]}],
      "components": [
        {"id": "c1", "name": "Browser", "type": "browser", "parent": {"trustZone": "z"}, "attributes": {"protocol": "x", "Hosting": "Azure", "n": 3}},
        {"id": "c2", "name": "Orders", "type": "mysql", "parent": {"component": "c1"}},
        {"id": "c3", "name": "Lost", "type": "mystery"}
      ],
      "dataflows": [{"id": "f", "name": "F", "source": "c1", "destination": "nowhere", "bidirectional": "true"}],
      "threats": [{"id": "t", "name": "T", "categories": ["LINDDUN: Linkability"], "risk": {"likelihood": "high", "impact": 10}}],
      "mitigations": []
    }"#;
    let im = import::read(src.as_bytes(), None).expect("tolerated");
    let m = &im.model;
    assert_eq!(
        by_name(m, "Zone").props.get("Trust rating"),
        Some(&PropValue::Text("70".into()))
    );
    let browser = by_name(m, "Browser");
    assert_eq!(browser.kind, ElementKind::ExternalEntity);
    assert_eq!(
        browser.props.get("Hosting"),
        Some(&PropValue::Text("Azure".into()))
    );
    assert_eq!(browser.props.get("n"), Some(&PropValue::Text("3".into())));
    assert!(
        !browser.props.contains_key("protocol"),
        "not a property of an entity"
    );
    assert!(browser.foreign["otm"].contains("protocol"), "but kept");
    let orders = by_name(m, "Orders");
    assert_eq!(orders.kind, ElementKind::DataStore);
    assert_eq!(
        orders.props.get("Parent component"),
        Some(&PropValue::Text("Browser".into()))
    );
    assert_eq!(by_name(m, "Lost").kind, ElementKind::Process);
    let f = by_name(m, "F");
    assert!(
        f.source.is_some() && f.target.is_none(),
        "kept without its missing end"
    );
    assert_eq!(f.props.get("Bidirectional"), Some(&PropValue::Bool(true)));
    assert!(im.report.lines.iter().any(|l| l.text.contains("nowhere")));
    assert!(im
        .report
        .lines
        .iter()
        .any(|l| l.text.contains("positions") || l.text.contains("laid out")));
    // A threat defined but on no element is reported as dropped.
    assert!(im
        .report
        .of(threatloom::import::Outcome::Dropped)
        .any(|l| l.text.contains("1 OTM threats")));
    // The laid-out members are in their zone.
    let zone = by_name(m, "Zone");
    assert!(inside(&zone.rect, &browser.rect) && inside(&zone.rect, &orders.rect));
    let dir = tempfile::tempdir().expect("dir");
    Engagement::create_imported(
        &dir.path().join("t.threatmodel"),
        EngagementInfo::default(),
        im.model.clone(),
    )
    .expect("accepted");
}
