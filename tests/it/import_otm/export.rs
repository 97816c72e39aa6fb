//! OTM export: it validates against the official schema and reads back as
//! the same model.

use super::*;

fn schema_errors(doc: &Value) -> Vec<String> {
    let schema: Value = json("otm/otm_schema.json");
    let v = jsonschema::validator_for(&schema).expect("schema");
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// What a model means, without ids: per element its kind, name, description,
/// properties, parent box and position; flows by their ends' names; threats.
fn meaning(state: &State) -> (Vec<String>, Vec<String>) {
    let name = |id: &Option<String>| {
        id.as_ref()
            .and_then(|i| state.elements.get(i))
            .map(|e| e.name.clone())
    };
    let boxes: Vec<&Element> = state
        .elements
        .values()
        .filter(|e| e.is_box_boundary())
        .collect();
    let mut els: Vec<String> = state
        .elements
        .values()
        .map(|e| {
            let parent = boxes
                .iter()
                .filter(|b| {
                    b.id != e.id
                        && b.diagram_id == e.diagram_id
                        && e.kind != ElementKind::DataFlow
                        && b.rect.contains_point(e.rect.centre())
                        && b.rect.area() > e.rect.area()
                })
                .min_by(|a, b| a.rect.area().total_cmp(&b.rect.area()))
                .map(|b| b.name.clone());
            let rect = if e.kind == ElementKind::DataFlow {
                String::new()
            } else {
                format!(
                    "{:.1},{:.1},{:.1},{:.1}",
                    e.rect.x, e.rect.y, e.rect.width, e.rect.height
                )
            };
            format!(
                "{:?}|{}|{}|{:?}|{:?}|{:?}|{:?}->{:?}|{rect}|{:?}",
                e.kind,
                e.name,
                e.description,
                e.props,
                parent,
                state.diagrams[&e.diagram_id].name,
                name(&e.source),
                name(&e.target),
                e.points
            )
        })
        .collect();
    let mut ts: Vec<String> = state
        .threats
        .values()
        .map(|t| {
            let on: Vec<String> = t
                .element_ids
                .iter()
                .map(|i| state.elements[i].name.clone())
                .collect();
            format!(
                "{on:?}|{}|{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}",
                t.title,
                t.category,
                t.scenario,
                t.impact,
                t.likelihood,
                t.lifecycle,
                t.recommended_actions,
                t.references
            )
        })
        .collect();
    els.sort();
    ts.sort();
    (els, ts)
}

fn round_trip(state: &State, what: &str) {
    for yaml in [false, true] {
        let text =
            threatloom::export::otm::write(state, yaml).unwrap_or_else(|e| panic!("{what}: {e}"));
        let doc: Value = if yaml {
            serde_saphyr::from_str(&text).expect("yaml")
        } else {
            serde_json::from_str(&text).expect("json")
        };
        let errors = schema_errors(&doc);
        assert!(errors.is_empty(), "{what} (yaml {yaml}): {errors:#?}");
        let back = import::read(text.as_bytes(), None).unwrap_or_else(|e| panic!("{what}: {e}"));
        let dir = tempfile::tempdir().expect("dir");
        let eng = Engagement::create_imported(
            &dir.path().join("r.threatmodel"),
            EngagementInfo::default(),
            back.model,
        )
        .expect("re-imported");
        let (a, at) = meaning(state);
        let (b, bt) = meaning(eng.state());
        assert_eq!(a, b, "{what} (yaml {yaml}): elements");
        assert_eq!(at, bt, "{what} (yaml {yaml}): threats");
        assert_eq!(state.diagrams.len(), eng.state().diagrams.len());
    }
}

#[test]
fn an_export_validates_and_reads_back_as_the_same_model() {
    for path in OTM_FIXTURES {
        let im = import::read(&bytes(path), None).expect("import");
        let dir = tempfile::tempdir().expect("dir");
        let eng = Engagement::create_imported(
            &dir.path().join("x.threatmodel"),
            EngagementInfo {
                name: im.title.clone(),
                ..Default::default()
            },
            im.model,
        )
        .expect("created");
        round_trip(eng.state(), path);
        // Fields Threatloom does not use come back.
        let out = threatloom::export::otm::write(eng.state(), false).expect("export");
        let src = json(path);
        let doc: Value = serde_json::from_str(&out).expect("json");
        for c in list(&src, "components") {
            if let Some(attrs) = c.get("attributes").and_then(Value::as_object) {
                let ours = list(&doc, "components")
                    .into_iter()
                    .find(|o| s(o, "name") == s(c, "name"))
                    .expect("component");
                for (k, v) in attrs {
                    assert_eq!(ours["attributes"].get(k), Some(v), "{path}: attribute {k}");
                }
            }
        }
        if let Some(owner) = src["project"].get("owner") {
            assert_eq!(doc["project"].get("owner"), Some(owner));
        }
        assert_eq!(list(&doc, "assets").len(), list(&src, "assets").len());
    }
}

#[test]
fn a_hand_built_model_with_a_line_and_a_lone_node_round_trips() {
    let (_dir, mut eng) = new_engagement();
    let (browser, api) = browser_and_api(&mut eng);
    let zone = add(
        &mut eng,
        ElementKind::TrustBoundary,
        "DMZ",
        Rect::new(250.0, -50.0, 400.0, 300.0),
    );
    let _ = zone;
    let lone = add(
        &mut eng,
        ElementKind::DataStore,
        "Lone store",
        Rect::new(900.0, 400.0, 160.0, 60.0),
    );
    let flow = connect(&mut eng, &api, &lone, "Write");
    eng.apply(Op::AddLineBoundary {
        id: None,
        diagram_id: "d1".into(),
        name: "Internet edge".into(),
        points: vec![
            Point {
                x: 200.0,
                y: -100.0,
            },
            Point { x: 220.0, y: 500.0 },
        ],
    })
    .expect("line");
    let mut t = Threat::quick(&flow, Stride::Tampering, "Write tampered");
    // OTM has one likelihood and one impact: one factor each.
    t.impact.affected_users = Some(Rating::High);
    t.likelihood.exploitability = Some(Rating::Low);
    t.likelihood.rationale = "needs the key".into();
    t.recommended_actions = vec!["Sign the writes".into(), "Use TLS\n\nEverywhere".into()];
    eng.apply(Op::AddThreat { threat: t }).expect("threat");
    eng.apply(Op::AddThreat {
        threat: Threat::quick(&browser, Stride::Spoofing, "Unrated"),
    })
    .expect("threat");
    round_trip(eng.state(), "hand-built");
    let doc: Value =
        serde_json::from_str(&threatloom::export::otm::write(eng.state(), false).expect("export"))
            .expect("json");
    let outside = list(&doc, "trustZones")
        .into_iter()
        .find(|z| s(z, "name") == "Outside any boundary")
        .expect("a zone for the lone store");
    let lone_c = list(&doc, "components")
        .into_iter()
        .find(|c| s(c, "name") == "Lone store")
        .expect("lone");
    assert_eq!(lone_c["parent"]["trustZone"], outside["id"]);
    let t = list(&doc, "threats")
        .into_iter()
        .find(|t| s(t, "name") == "Write tampered")
        .expect("threat");
    assert_eq!(t["categories"][0], "Tampering");
    assert!(t["risk"]["likelihood"].as_f64().expect("number") < 34.0);
    assert!(t["risk"]["impact"].as_f64().expect("number") >= 67.0);
    assert_eq!(list(&doc, "mitigations").len(), 2);
}

#[test]
fn the_demo_engagement_exports_valid_otm_and_reads_back_the_same() {
    let dir = tempfile::tempdir().expect("dir");
    let eng = demo::write(&dir.path().join("demo.threatmodel")).expect("demo");
    let doc: Value =
        serde_json::from_str(&threatloom::export::otm::write(eng.state(), false).expect("export"))
            .expect("json");
    let errors = schema_errors(&doc);
    assert!(errors.is_empty(), "{errors:#?}");
    let components = list(&doc, "components").len();
    let nodes = eng
        .state()
        .elements
        .values()
        .filter(|e| e.kind.is_endpoint())
        .count();
    assert_eq!(components, nodes);
    let back = import::read(serde_json::to_string(&doc).expect("text").as_bytes(), None)
        .expect("re-import");
    let count = |m: &Model, k: ElementKind| m.elements.iter().filter(|e| e.kind == k).count();
    let here = |k: ElementKind| {
        eng.state()
            .elements
            .values()
            .filter(|e| e.kind == k)
            .count()
    };
    for k in ElementKind::ALL {
        assert_eq!(count(&back.model, k), here(k), "{k:?}");
    }
    let instances: usize = eng
        .state()
        .threats
        .values()
        .map(|t| t.element_ids.len())
        .sum();
    assert_eq!(
        back.model.threats.len(),
        instances,
        "one threat per element it is on"
    );
}
