//! Threat Dragon exports: schema-valid, pretty, read back as the same model,
//! other tools' fields kept.

use super::*;

pub(super) fn shape_of(e: &Element) -> Shape {
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

pub(super) fn threat_of(
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

pub(super) fn same_model(state: &State, m: &Model, what: &str) {
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
