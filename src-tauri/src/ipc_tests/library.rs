//! The library's commands: a threat saved from one engagement, found by the
//! picker in another and applied to two elements in one undoable step.

use super::*;

#[test]
fn save_a_threat_search_it_elsewhere_and_apply_it_to_two_elements() {
    let t = app();
    let w = window(&t, "main");
    let events = Arc::new(Mutex::new(0u32));
    let sink = events.clone();
    t.app.listen_any("library-changed", move |_| {
        *sink.lock().expect("events") += 1;
    });

    // The demo's first threat, as the form shows it, renamed for reuse.
    let snap = invoke(&w, "current", json!({})).expect("current");
    let threat = snap["threats"]
        .as_array()
        .expect("threats")
        .iter()
        .find(|t| t["category"] == "S" || t["category"] == "T")
        .expect("a spoofing or tampering threat")
        .clone();
    let mut draft = invoke(&w, "library_draft", json!({"threatId": threat["id"]})).expect("draft");
    assert_eq!(draft["title"], threat["title"]);
    assert_eq!(draft["id"], "");
    draft["title"] = json!("Session token forged by the caller");
    draft["applies_to"] = json!(["process"]);
    draft["tags"] = json!(["auth"]);
    let saved = invoke(&w, "library_save", json!({ "entry": draft })).expect("save");
    let id = saved["id"].as_str().expect("id").to_string();
    assert_eq!(id, "session-token-forged-by-the-caller");
    assert_eq!(saved["version"], 1);
    assert_eq!(*events.lock().expect("events"), 1, "every window is told");
    let status = invoke(&w, "library_status", json!({})).expect("status");
    assert_eq!(status["entries"], 1);
    let folder = status["folders"][0].as_str().expect("folder");
    assert!(std::path::Path::new(folder)
        .join(format!("{id}.toml"))
        .is_file());

    // Another engagement: two processes, the picker, one op.
    let snap = invoke(
        &w,
        "new_engagement",
        json!({"name": "Next customer", "path": null}),
    )
    .expect("new");
    let diagram = snap["diagrams"][0]["id"]
        .as_str()
        .expect("diagram")
        .to_string();
    let add = |x: f64| {
        let op = json!({"type": "add_element", "id": null, "diagram_id": diagram, "kind": "process",
                        "name": "", "rect": {"x": x, "y": 0.0, "width": 120.0, "height": 60.0}});
        invoke(&w, "apply_op", json!({ "op": op })).expect("add")["created"][0]
            .as_str()
            .expect("id")
            .to_string()
    };
    let (a, b) = (add(0.0), add(300.0));
    let hits = invoke(
        &w,
        "library_search",
        json!({"query": "token forg", "elementIds": [a, b], "limit": 20}),
    )
    .expect("search");
    assert_eq!(hits.as_array().map(Vec::len), Some(1));
    assert_eq!(hits[0]["applied"], false);
    let op =
        json!({"type": "apply_library_entry", "entry": hits[0]["entry"], "element_ids": [a, b]});
    let change = invoke(&w, "apply_op", json!({ "op": op })).expect("apply");
    assert_eq!(change["created"].as_array().map(Vec::len), Some(2));
    let hits = invoke(
        &w,
        "library_search",
        json!({"query": "token", "elementIds": [a, b], "limit": 20}),
    )
    .expect("search");
    assert_eq!(hits[0]["applied"], true, "the picker says it is applied");
    invoke(
        &w,
        "apply_op",
        json!({"op": {"type": "undo", "scope": "diagram"}}),
    )
    .expect("undo");
    let snap = invoke(&w, "current", json!({})).expect("current");
    assert_eq!(snap["threats"], json!([]), "one undo takes both back");

    // A bad entry is a typed error and writes nothing.
    let mut bad = saved.clone();
    bad["id"] = json!("");
    bad["references"] = json!(["see the wiki"]);
    let err = invoke(&w, "library_save", json!({ "entry": bad })).expect_err("refused");
    assert!(err["type"].is_string(), "{err}");
    assert_eq!(
        invoke(&w, "library_status", json!({})).expect("status")["entries"],
        1
    );
}
