//! The commands through Tauri's mock runtime: the real invoke handler, the real
//! capability ACL from `capabilities/`, JSON in and out as the UI sends it.

use crate::{setup_state, EngagementChanged};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Listener, Manager, WebviewWindow, WebviewWindowBuilder};

use threatloom::Workspace;

struct TestApp {
    app: tauri::App<MockRuntime>,
    _dir: tempfile::TempDir,
}

fn app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let builder = specta_builder_for!(MockRuntime);
    let app = mock_builder()
        .invoke_handler(builder.invoke_handler())
        .build(tauri::generate_context!(test = true))
        .expect("mock app");
    builder.mount_events(&app);
    let workspace = Workspace::new(dir.path().join("data"), dir.path().join("docs"));
    setup_state(app.handle(), workspace, None);
    TestApp { app, _dir: dir }
}

fn window(t: &TestApp, label: &str) -> WebviewWindow<MockRuntime> {
    match t.app.get_webview_window(label) {
        Some(w) => w,
        None => WebviewWindowBuilder::new(&t.app, label, Default::default())
            .build()
            .expect("window"),
    }
}

fn invoke(w: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("url"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(w, request).map(|body| body.deserialize::<Value>().expect("json response"))
}

/// The `derived` views a window asks for: `diagram`'s analysis, `element`'s suggestions.
fn derived(w: &WebviewWindow<MockRuntime>, diagram: Option<&str>, element: Option<&str>) -> Value {
    let query = json!({"diagram_id": diagram, "element_id": element,
        "all_suggestions": false, "engagement": false});
    invoke(w, "derived", json!({ "query": query })).expect("derived")
}

/// The ids of the elements an analysis warns about.
fn warned(analysis: &Value) -> Vec<&str> {
    analysis["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w["element_id"].as_str())
        .collect()
}

#[test]
fn create_connect_rename_undo_through_ipc() {
    let t = app();
    let w = window(&t, "main");
    let events = Arc::new(Mutex::new(Vec::<Value>::new()));
    let sink = events.clone();
    t.app.listen_any("engagement-changed", move |e| {
        if let Ok(v) = serde_json::from_str(e.payload()) {
            sink.lock().expect("events").push(v);
        }
    });

    let snap = invoke(&w, "current", json!({})).expect("current");
    assert_eq!(
        snap["info"]["name"], "Payslip portal threat model",
        "first start opens the demo"
    );

    let snap = invoke(
        &w,
        "new_engagement",
        json!({"name": "IPC test", "path": null, "customer": "Acme", "kind": "single_feature"}),
    )
    .expect("new");
    assert_eq!(
        (&snap["info"]["customer"], &snap["info"]["kind"]),
        (&json!("Acme"), &json!("single_feature"))
    );
    assert_eq!(snap["elements"], json!([]));
    let diagram = snap["diagrams"][0]["id"]
        .as_str()
        .expect("diagram id")
        .to_string();

    let add = |kind: &str, x: f64| {
        let op = json!({"type": "add_element", "id": null, "diagram_id": diagram, "kind": kind, "name": "",
                        "rect": {"x": x, "y": 0.0, "width": 120.0, "height": 60.0}});
        let change = invoke(&w, "apply_op", json!({ "op": op })).expect("add");
        change["created"][0]
            .as_str()
            .expect("created id")
            .to_string()
    };
    let user = add("external_entity", 0.0);
    let app_id = add("process", 300.0);

    let op = json!({"type": "connect", "id": null, "diagram_id": diagram, "source": user, "target": app_id, "name": "login"});
    let change = invoke(&w, "apply_op", json!({ "op": op })).expect("connect");
    let flow = change["created"][0].as_str().expect("flow id").to_string();
    assert_eq!(change["elements_put"][0]["source"], json!(user));

    let op = json!({"type": "rename", "id": app_id, "name": "<img src=x onerror=alert(1)>"});
    let change = invoke(&w, "apply_op", json!({ "op": op })).expect("rename");
    assert_eq!(
        change["elements_put"][0]["name"], "<img src=x onerror=alert(1)>",
        "names are data, stored as typed"
    );
    assert_eq!(change["history"]["diagram"]["undo"], "Rename");

    let undo = json!({"op": {"type": "undo", "scope": "diagram"}});
    let change = invoke(&w, "apply_op", undo).expect("undo");
    assert_eq!(change["label"], "Undo rename");
    assert_eq!(change["elements_put"][0]["name"], "");
    let version = change["version"].as_u64().expect("version");

    let analysis = derived(&w, Some(&diagram), None)["analysis"].clone();
    let warned = warned(&analysis);
    assert!(
        warned.contains(&app_id.as_str()),
        "the unnamed process without output is warned about"
    );
    assert!(!warned.contains(&flow.as_str()));

    let snap = invoke(&w, "current", json!({})).expect("current");
    assert_eq!(snap["version"].as_u64(), Some(version));
    assert_eq!(snap["elements"].as_array().map(Vec::len), Some(3));

    // Every change was announced with its version; opening another engagement
    // is announced with no change, so windows reload.
    let events = events.lock().expect("events");
    let versions: Vec<u64> = events
        .iter()
        .filter(|e| !e["change"].is_null())
        .filter_map(|e| e["version"].as_u64())
        .collect();
    assert_eq!(versions, (1..=version).collect::<Vec<_>>());
    assert!(events.iter().any(|e| e["change"].is_null()));
    let _: EngagementChanged =
        serde_json::from_value(events[events.len() - 1].clone()).expect("event shape");
}

#[test]
fn errors_cross_as_typed_values() {
    let t = app();
    let w = window(&t, "main");
    let err = invoke(
        &w,
        "apply_op",
        json!({"op": {"type": "rename", "id": "nope", "name": "x"}}),
    )
    .expect_err("refused");
    assert_eq!(err["type"], "not_found");
    let undo = json!({"op": {"type": "undo", "scope": "findings"}});
    let err = invoke(&w, "apply_op", undo).expect_err("refused");
    assert_eq!(err, json!({"type": "nothing_to_undo"}));
    let err = invoke(
        &w,
        "open_engagement",
        json!({"path": "/definitely/missing.threatmodel"}),
    )
    .expect_err("refused");
    assert_eq!(err["type"], "io");
    let err = invoke(&w, "apply_op", json!({"op": {"type": "launch_missiles"}}))
        .expect_err("malformed op");
    assert!(
        err.as_str().is_some_and(|m| m.contains("launch_missiles")),
        "{err}"
    );
}

#[test]
fn an_undo_over_another_views_later_change_is_refused_as_a_typed_error() {
    let t = app();
    let w = window(&t, "main");
    let snap = invoke(&w, "current", json!({})).expect("current");
    let mut threat = snap["threats"][0].clone();
    let id = threat["id"].as_str().expect("threat id").to_string();
    threat["title"] = json!("Edited on the canvas");
    let edit = json!({"op": {"type": "update_threat", "threat": threat}});
    invoke(&w, "apply_op", edit).expect("edit");
    let comment = json!({"op": {"type": "comment_on_finding", "threat_id": id, "by": "Ana",
                                "text": "Checked", "from_customer": false, "at_ms": null}});
    let change = invoke(&w, "apply_op", comment).expect("comment");
    assert_eq!(change["history"]["diagram"]["undo"], "Edit threat");
    assert_eq!(change["history"]["findings"]["undo"], "Comment on finding");

    let undo = json!({"op": {"type": "undo", "scope": "diagram"}});
    let err = invoke(&w, "apply_op", undo).expect_err("refused");
    assert_eq!(err["type"], "undo_blocked", "{err}");
    assert_eq!(err["detail"]["blocker"], "Comment on finding");
    assert_eq!(
        err["detail"]["message"],
        "To undo 'Edit threat', first undo 'Comment on finding' in Findings: it changed the same threat later"
    );
    let after = invoke(&w, "current", json!({})).expect("current");
    assert_eq!(after["version"], change["version"], "nothing changed");
}

#[test]
fn a_window_outside_the_capability_is_refused() {
    let t = app();
    let stranger = window(&t, "stranger");
    let err = invoke(&stranger, "current", json!({})).expect_err("not allowed");
    assert!(err.to_string().contains("not allowed"), "{err}");
    let second = window(&t, "main-2");
    assert!(
        invoke(&second, "current", json!({})).is_ok(),
        "Window → New window labels are allowed"
    );
}

#[test]
fn suggest_accept_dismiss_and_coverage_through_ipc() {
    let t = app();
    let w = window(&t, "main");
    let pending = derived(&w, None, Some("f-query"))["element_suggestions"].clone();
    let pending = pending.as_array().expect("list").clone();
    assert!(
        pending.len() >= 2,
        "the demo's unencrypted SQL flow gets suggestions: {pending:?}"
    );
    assert!(pending.iter().all(|s| s["element_id"] == "f-query"));

    let before = derived(&w, None, None)["coverage"].clone();
    let change = invoke(
        &w,
        "apply_op",
        json!({"op": {"type": "accept_suggestion", "suggestion": pending[0]}}),
    )
    .expect("accept");
    let threat = change["threats_put"][0].clone();
    assert_eq!(threat["origin"]["key"], pending[0]["key"]);
    let op = json!({"type": "dismiss_suggestion", "suggestion": pending[1], "reason": "Private subnet only"});
    invoke(&w, "apply_op", json!({ "op": op })).expect("dismiss");

    let after = derived(&w, None, None)["coverage"].clone();
    assert!(after["considered"].as_u64() > before["considered"].as_u64());
    let again = derived(&w, None, Some("f-query"))["element_suggestions"].clone();
    let keys: Vec<&Value> = again
        .as_array()
        .expect("list")
        .iter()
        .map(|s| &s["key"])
        .collect();
    assert!(!keys.contains(&&pending[0]["key"]) && !keys.contains(&&pending[1]["key"]));
    assert_eq!(
        invoke(&w, "rule_problems", json!({})).expect("problems"),
        json!([])
    );
}

#[test]
fn a_selection_in_one_window_reaches_every_window() {
    let t = app();
    let main = window(&t, "main");
    let notes = window(&t, "notes");
    let seen = Arc::new(Mutex::new(Vec::<Value>::new()));
    let sink = seen.clone();
    t.app.listen_any("selection-changed", move |e| {
        if let Ok(v) = serde_json::from_str(e.payload()) {
            sink.lock().expect("events").push(v);
        }
    });
    let selection = json!({"diagram_id": "d1", "element_ids": ["db"]});
    invoke(&main, "select", json!({ "selection": selection })).expect("select");
    assert_eq!(
        invoke(&notes, "selection", json!({})).expect("selection"),
        selection,
        "the note-taker window reads it"
    );
    let seen = seen.lock().expect("events");
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0]["window"], "main",
        "windows can ignore their own echo"
    );
    assert_eq!(seen[0]["selection"], selection);
}

mod export;
mod import;
mod library;
mod windows;
