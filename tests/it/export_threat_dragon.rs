//! Threat Dragon export: every fixture of every format, once imported,
//! exports a file that validates against Threat Dragon's v2 schema (ours and
//! the one Threat Dragon 2.6.2 bundles), and what Threat Dragon 2.6 needs to
//! draw it as the source did (td_check_report problems 1–10).

use crate::common::*;
use serde_json::Value;
use threatloom::import::{self, Imported};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/");
/// Threat Dragon 2.6.2's own copy (read only, not in the repository): used
/// when present.
const TD_262_SCHEMA: &str = "/work/tdcheck/td.vue/src/assets/schema/threat-dragon-v2.schema.json";

/// Every model among the fixtures, whatever its format.
const ALL: [&str; 13] = [
    "threat-dragon/generic-cms.json",
    "threat-dragon/iot-device.json",
    "threat-dragon/payment-online.json",
    "threat-dragon/three-tier-web-app.json",
    "threat-dragon/v2-new-model.json",
    "threat-dragon/v2-threat-model.json",
    "mtmt/MTMT_MVP.tm7",
    "mtmt/MTMT_nested_tz.tm7",
    "mtmt/SDL_all_components.tm7",
    "mtmt/MTMT_MVP.otm",
    "mtmt/nested_tz.otm",
    "otm/EXAMPLE.json",
    "pytm/input.json",
];

pub fn fixture(path: &str) -> Imported {
    let bytes = std::fs::read(format!("{FIXTURES}{path}")).expect("fixture");
    import::read(&bytes, None).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn engagement_of(imported: &Imported) -> (tempfile::TempDir, Engagement) {
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

pub fn export(state: &State) -> Value {
    let out = threatloom::export::threat_dragon::write(state).expect("export");
    serde_json::from_str(&out).expect("JSON")
}

fn errors(schema: &Value, doc: &Value) -> Vec<String> {
    let v = jsonschema::validator_for(schema).expect("schema compiles");
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn schema(path: &str) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("schema")).expect("schema JSON")
}

pub fn cells(doc: &Value) -> Vec<&Value> {
    doc["detail"]["diagrams"]
        .as_array()
        .expect("diagrams")
        .iter()
        .flat_map(|d| d["cells"].as_array().expect("cells").iter())
        .collect()
}

pub fn cell<'a>(doc: &'a Value, id: &str) -> &'a Value {
    cells(doc)
        .into_iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no cell {id}"))
}

#[test]
fn every_fixture_of_every_format_exports_valid_threat_dragon() {
    let ours = schema(&format!(
        "{FIXTURES}threat-dragon/threat-dragon-v2.schema.json"
    ));
    let bundled = std::path::Path::new(TD_262_SCHEMA)
        .exists()
        .then(|| schema(TD_262_SCHEMA));
    for path in ALL {
        let (_dir, eng) = engagement_of(&fixture(path));
        let doc = export(eng.state());
        assert_eq!(errors(&ours, &doc), Vec::<String>::new(), "{path}");
        if let Some(td) = &bundled {
            assert_eq!(errors(td, &doc), Vec::<String>::new(), "{path} (TD 2.6.2)");
        }
        assert!(!cells(&doc).is_empty(), "{path}: cells written");
    }
}

#[test]
fn yes_or_no_text_is_written_as_a_boolean_and_other_text_as_ours() {
    // Problem 1: TMT writes "Signed" as the text "No".
    let (_dir, eng) = engagement_of(&fixture("mtmt/MTMT_nested_tz.tm7"));
    let doc = export(eng.state());
    let signed: Vec<&Value> = cells(&doc)
        .into_iter()
        .filter_map(|c| c["data"].get("isSigned"))
        .collect();
    assert!(!signed.is_empty(), "stores with Signed");
    assert!(signed.iter().all(|v| v.is_boolean()), "{signed:?}");
    let (_d, mut eng) = new_engagement();
    let id = add(&mut eng, ElementKind::DataStore, "Vault", at(0.0, 0.0));
    let mut state = eng.state().clone();
    let e = state.elements.get_mut(&id).expect("store");
    e.props
        .insert("Signed".into(), PropValue::Text("sometimes".into()));
    let doc = export(&state);
    let data = &cell(&doc, &id)["data"];
    assert!(data.get("isSigned").is_none(), "{data}");
    assert_eq!(data["threatloomProperties"]["Signed"], "sometimes");
}

#[test]
fn boundaries_keep_their_dash() {
    // Problem 3: an empty dash over a boundary's line drew it solid.
    for path in ALL {
        let (_dir, eng) = engagement_of(&fixture(path));
        let doc = export(eng.state());
        for c in cells(&doc) {
            let shape = c["shape"].as_str().unwrap_or("");
            if !shape.starts_with("trust-") {
                continue;
            }
            for part in ["line", "body"] {
                let dash = c["attrs"][part].get("strokeDasharray");
                assert!(
                    dash.is_none_or(|d| d.as_str().is_some_and(|d| !d.is_empty())),
                    "{path}: {} {part} dash {dash:?}",
                    c["id"]
                );
            }
        }
    }
}

fn flow_label(c: &Value) -> Option<&str> {
    c["labels"][0]["attrs"]["labelText"]["text"].as_str()
}

#[test]
fn a_label_that_is_not_the_name_is_kept_until_the_name_changes() {
    // Problem 4: "Web Request (HTTP/S)" named "Web Request", and iot-device's
    // flows left unlabelled on purpose.
    let (_dir, mut eng) = engagement_of(&fixture("threat-dragon/v2-threat-model.json"));
    let id = eng
        .state()
        .elements
        .values()
        .find(|e| e.name == "Web Request" && e.kind == ElementKind::DataFlow)
        .map(|e| e.id.clone())
        .expect("the flow");
    let doc = export(eng.state());
    assert_eq!(flow_label(cell(&doc, &id)), Some("Web Request (HTTP/S)"));
    eng.apply(Op::Rename {
        id: id.clone(),
        name: "HTTPS request".into(),
    })
    .expect("rename");
    let doc = export(eng.state());
    assert_eq!(flow_label(cell(&doc, &id)), Some("HTTPS request"));

    let (_dir, eng) = engagement_of(&fixture("threat-dragon/iot-device.json"));
    let doc = export(eng.state());
    let empty = cells(&doc)
        .into_iter()
        .filter(|c| c["shape"] == "flow" && flow_label(c) == Some(""))
        .count();
    assert!(empty >= 6, "{empty} flows left unlabelled");
}

/// A store and a process with one threat on `on` (indexes into them).
fn with_threat(on: &[usize], state_of: FindingState) -> (tempfile::TempDir, State, Vec<String>) {
    let (dir, mut eng) = new_engagement();
    let a = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let b = add(&mut eng, ElementKind::DataStore, "Db", at(300.0, 0.0));
    let ids = vec![a, b];
    let mut state = eng.state().clone();
    let mut t = Threat::quick(&ids[on[0]], Stride::Tampering, "Rows changed");
    t.id = "t-rows".into();
    t.element_ids = on.iter().map(|i| ids[*i].clone()).collect();
    t.lifecycle = state_of;
    state.threats.insert(t.id.clone(), t);
    (dir, state, ids)
}

#[test]
fn an_accepted_risk_is_open_in_threat_dragon_and_accepted_when_read_back() {
    // Problem 6: Threat Dragon 2.6.2 knows no "Accepted".
    let (_dir, state, ids) = with_threat(&[0], FindingState::Accepted);
    let doc = export(&state);
    let threat = &cell(&doc, &ids[0])["data"]["threats"][0];
    assert_eq!(threat["status"], "Open");
    let text = serde_json::to_string(&doc).expect("JSON");
    let back = import::read(text.as_bytes(), None).expect("reads back");
    assert_eq!(back.model.threats.len(), 1);
    assert_eq!(back.model.threats[0].lifecycle, FindingState::Accepted);
}

#[test]
fn an_element_with_open_threats_is_drawn_red() {
    // Problem 5: Threat Dragon draws red, 2.5 wide, where a threat is open.
    let (_dir, store_state, ids) = with_threat(&[1], FindingState::Draft);
    let doc = export(&store_state);
    let top = &cell(&doc, &ids[1])["attrs"]["topLine"];
    assert_eq!(
        (&top["stroke"], &top["strokeWidth"]),
        (&"red".into(), &2.5.into())
    );
    let (_dir, mut state, ids) = with_threat(&[0], FindingState::Draft);
    let doc = export(&state);
    let body = &cell(&doc, &ids[0])["attrs"]["body"];
    assert_eq!(
        (&body["stroke"], &body["strokeWidth"]),
        (&"red".into(), &2.5.into())
    );
    assert_eq!(cell(&doc, &ids[0])["data"]["hasOpenThreats"], true);
    if let Some(t) = state.threats.get_mut("t-rows") {
        t.lifecycle = FindingState::Mitigated;
    }
    let doc = export(&state);
    let body = &cell(&doc, &ids[0])["attrs"]["body"];
    assert_eq!(body["stroke"], "#333333");
    assert_eq!(cell(&doc, &ids[0])["data"]["hasOpenThreats"], false);
    // A flow from an imported model.
    let (_dir, eng) = engagement_of(&fixture("threat-dragon/v2-threat-model.json"));
    let doc = export(eng.state());
    for c in cells(&doc) {
        if c["shape"] == "flow" {
            let red = c["attrs"]["line"]["stroke"] == "red";
            assert_eq!(red, c["data"]["hasOpenThreats"] == true, "{}", c["id"]);
        }
    }
}

fn point(v: &Value) -> (f64, f64) {
    (v["x"].as_f64().expect("x"), v["y"].as_f64().expect("y"))
}

fn centre(c: &Value) -> (f64, f64) {
    let (x, y) = point(&c["position"]);
    let size = &c["size"];
    (
        x + size["width"].as_f64().expect("width") / 2.0,
        y + size["height"].as_f64().expect("height") / 2.0,
    )
}

#[test]
fn two_flows_between_the_same_elements_are_drawn_apart() {
    // Problem 2: the demo's request and response lay on top of each other.
    let dir = tempfile::tempdir().expect("temp dir");
    let eng = demo::write(&dir.path().join("demo.threatmodel")).expect("demo");
    let doc = export(eng.state());
    let (a, b) = (centre(cell(&doc, "webapp")), centre(cell(&doc, "api")));
    let mut knees = Vec::new();
    for id in ["f-call", "f-data"] {
        let vs = cell(&doc, id)["vertices"]
            .as_array()
            .expect("vertices")
            .clone();
        assert_eq!(vs.len(), 1, "{id}: {vs:?}");
        let p = point(&vs[0]);
        // Off the centre-to-centre line by about half a bend step.
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let off = ((p.0 - a.0) * dy - (p.1 - a.1) * dx).abs() / dx.hypot(dy);
        assert!(off > 15.0, "{id} {off}");
        knees.push(p);
    }
    let apart = (knees[0].0 - knees[1].0).hypot(knees[0].1 - knees[1].1);
    assert!(apart > 30.0, "{knees:?}");
    // Their labels too, where a pair runs up and down (the labels are
    // wider than the bend): the OIDC request and the token it returns.
    let label_at = |id: &str, from: &str, to: &str| {
        let c = cell(&doc, id);
        let knee = point(&c["vertices"][0]);
        let (a, b) = (centre(cell(&doc, from)), centre(cell(&doc, to)));
        let along = c["labels"][0]["position"]["distance"]
            .as_f64()
            .expect("distance");
        let (l1, l2) = (
            (knee.0 - a.0).hypot(knee.1 - a.1),
            (b.0 - knee.0).hypot(b.1 - knee.1),
        );
        let d = along * (l1 + l2);
        let (p, q, u) = if d <= l1 {
            (a, knee, d / l1)
        } else {
            (knee, b, (d - l1) / l2)
        };
        (p.0 + (q.0 - p.0) * u, p.1 + (q.1 - p.1) * u)
    };
    let request = label_at("f-authz", "webapp", "idp");
    let token = label_at("f-token", "idp", "webapp");
    assert!((request.1 - token.1).abs() > 30.0, "{request:?} {token:?}");
    // A flow alone between its ends stays straight.
    let (_d, mut eng) = new_engagement();
    let a = add(&mut eng, ElementKind::Process, "A", at(0.0, 0.0));
    let b = add(&mut eng, ElementKind::Process, "B", at(300.0, 0.0));
    let f = connect(&mut eng, &a, &b, "Alone");
    let doc = export(eng.state());
    assert_eq!(cell(&doc, &f)["vertices"], serde_json::json!([]));
}

#[test]
fn boxes_list_what_they_hold_and_flows_the_boxes_they_cross() {
    // Problem 8: what Threat Dragon 2.6 writes on save, from our containment.
    let (_d, mut eng) = new_engagement();
    let outer = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Corp",
        Rect::new(200.0, 0.0, 800.0, 500.0),
    );
    let inner = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Data zone",
        Rect::new(600.0, 50.0, 350.0, 300.0),
    );
    let user = add(
        &mut eng,
        ElementKind::ExternalEntity,
        "User",
        at(0.0, 100.0),
    );
    let app = add(&mut eng, ElementKind::Process, "App", at(300.0, 100.0));
    let db = add(&mut eng, ElementKind::DataStore, "Db", at(700.0, 100.0));
    let f1 = connect(&mut eng, &user, &app, "Login");
    let f2 = connect(&mut eng, &app, &db, "Query");
    let doc = export(eng.state());
    let set = |v: &Value| -> std::collections::BTreeSet<String> {
        v.as_array()
            .expect("a list")
            .iter()
            .map(|x| x.as_str().expect("an id").to_string())
            .collect()
    };
    let ids = |l: &[&String]| l.iter().map(|s| s.to_string()).collect();
    let o = &cell(&doc, &outer)["data"];
    assert_eq!(set(&o["containedElements"]), ids(&[&app, &inner, &db]));
    assert_eq!(set(&o["crossingFlows"]), ids(&[&f1]));
    let i = &cell(&doc, &inner)["data"];
    assert_eq!(set(&i["containedElements"]), ids(&[&db]));
    assert_eq!(set(&i["crossingFlows"]), ids(&[&f2]));
    assert_eq!(
        set(&cell(&doc, &f1)["data"]["trustBoundaryIds"]),
        ids(&[&outer])
    );
    assert_eq!(
        set(&cell(&doc, &f2)["data"]["trustBoundaryIds"]),
        ids(&[&inner])
    );
    // Line boundaries hold nothing in Threat Dragon.
    let (_dir, eng) = engagement_of(&fixture("threat-dragon/iot-device.json"));
    let doc = export(eng.state());
    for c in cells(&doc) {
        if c["shape"] == "trust-boundary-curve" {
            assert_eq!(c["data"]["containedElements"], serde_json::json!([]));
            assert_eq!(c["data"]["crossingFlows"], serde_json::json!([]));
        }
    }
}

#[test]
fn a_threat_on_several_elements_is_on_each_and_reads_back_as_one() {
    // Problem 7: Threat Dragon showed it on the first element only.
    let (_dir, state, ids) = with_threat(&[0, 1], FindingState::Draft);
    let doc = export(&state);
    let a = &cell(&doc, &ids[0])["data"]["threats"];
    let b = &cell(&doc, &ids[1])["data"]["threats"];
    assert_eq!(a.as_array().map(Vec::len), Some(1));
    assert_eq!(a, b, "the same entry on both");
    assert_eq!(cell(&doc, &ids[1])["data"]["hasOpenThreats"], true);
    let text = serde_json::to_string(&doc).expect("JSON");
    let back = import::read(text.as_bytes(), None).expect("reads back");
    assert_eq!(back.model.threats.len(), 1, "one threat");
    let on: std::collections::BTreeSet<&String> =
        back.model.threats[0].element_ids.iter().collect();
    assert_eq!(on, ids.iter().collect());
}

#[test]
fn a_long_name_is_wrapped_in_the_label_only() {
    // Problem 10: Threat Dragon does not wrap labels.
    let (_d, mut eng) = new_engagement();
    let name = "Customer account management service";
    let id = add(&mut eng, ElementKind::Process, name, at(0.0, 0.0));
    let short = add(&mut eng, ElementKind::DataStore, "Db", at(300.0, 0.0));
    let doc = export(eng.state());
    let c = cell(&doc, &id);
    let label = c["attrs"]["text"]["text"].as_str().expect("label");
    assert!(label.contains('\n'), "{label:?}");
    assert!(label.lines().all(|l| l.chars().count() <= 20), "{label:?}");
    assert_eq!(label.replace('\n', " "), name);
    assert_eq!(c["data"]["name"], name);
    assert_eq!(cell(&doc, &short)["attrs"]["text"]["text"], "Db");
    let text = serde_json::to_string(&doc).expect("JSON");
    let back = import::read(text.as_bytes(), None).expect("reads back");
    assert!(back.model.elements.iter().any(|e| e.name == name));
}

#[test]
fn a_loose_flow_end_from_tmt_is_written_where_it_was_drawn() {
    // Problem 9: "Production data" has no source, drawn at 389,335.
    let imported = fixture("mtmt/MTMT_nested_tz.tm7");
    let flow = imported
        .model
        .elements
        .iter()
        .find(|e| e.id.starts_with("4c66cfc7"))
        .expect("the flow");
    assert_eq!(flow.source, None);
    let (_dir, eng) = engagement_of(&imported);
    let doc = export(eng.state());
    let c = cell(&doc, &flow.id);
    assert_eq!(point(&c["source"]), (389.0, 335.0));
    assert!(c["target"]["cell"].is_string(), "{}", c["target"]);
}
