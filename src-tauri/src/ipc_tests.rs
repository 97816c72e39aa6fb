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

fn all_findings() -> Value {
    json!({"diagram_ids": [], "lifecycles": [], "min_risk": null, "include_out_of_scope": false})
}

#[test]
fn a_jira_export_takes_the_keys_from_a_jira_export() {
    let t = app();
    let w = window(&t, "main");
    let first = t._dir.path().join("first.csv");
    let args = json!({"format": "jira_csv", "filter": all_findings(),
                      "path": first.to_str().expect("utf-8 path")});
    invoke(&w, "export", args).expect("export");
    let preview = invoke(&w, "report_preview", json!({"filter": all_findings()})).expect("preview");
    let id = preview["findings"][0]["external_id"]
        .as_str()
        .expect("a finding's stable id")
        .to_string();
    assert!(std::fs::read_to_string(&first).expect("csv").contains(&id));
    let jira = t._dir.path().join("jira.csv");
    std::fs::write(
        &jira,
        format!("Issue key,Custom field (Threatloom ID)\nSEC-9,{id}\n"),
    )
    .expect("jira export");
    let again = t._dir.path().join("again.csv");
    let args = json!({"format": "jira_csv", "filter": all_findings(),
                      "path": again.to_str().expect("utf-8 path"),
                      "jiraKeys": jira.to_str().expect("utf-8 path")});
    invoke(&w, "export", args).expect("export with keys");
    let text = std::fs::read_to_string(&again).expect("csv");
    assert!(text.starts_with("\"Issue key\","), "{text}");
    assert!(
        text.contains("\"SEC-9\""),
        "the key of the finding Jira has"
    );

    let args = json!({"format": "jira_csv", "filter": all_findings(),
                      "path": again.to_str().expect("utf-8 path"),
                      "jiraKeys": t._dir.path().join("missing.csv").to_str().expect("utf-8")});
    let err = invoke(&w, "export", args).expect_err("a missing Jira export");
    assert_eq!(err["type"], "export");
}

#[test]
fn an_export_with_a_label_records_a_delivery() {
    let t = app();
    let w = window(&t, "main");
    let out = t._dir.path().join("summary.md");
    let events = Arc::new(Mutex::new(Vec::<Value>::new()));
    let sink = events.clone();
    t.app.listen_any("engagement-changed", move |e| {
        if let Ok(v) = serde_json::from_str(e.payload()) {
            sink.lock().expect("events").push(v);
        }
    });

    let preview = invoke(&w, "report_preview", json!({"filter": all_findings()})).expect("preview");
    assert!(preview["changes"].is_null(), "no delivery yet");
    let findings = preview["findings"]
        .as_array()
        .map(Vec::len)
        .expect("findings");
    assert!(findings > 0, "the demo has findings");

    let args = json!({"format": "summary_markdown", "filter": all_findings(),
                      "path": out.to_str().expect("utf-8 path"), "deliveryLabel": "Report v1"});
    let exported = invoke(&w, "export", args).expect("export");
    assert_eq!(exported["files"], json!([out.to_str()]));
    assert_eq!(exported["findings"].as_u64(), Some(findings as u64));
    assert!(out.is_file());

    let snap = invoke(&w, "current", json!({})).expect("current");
    let deliveries = snap["deliveries"].as_array().expect("deliveries");
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0]["label"], "Report v1");
    assert_eq!(
        deliveries[0]["findings"].as_array().map(Vec::len),
        Some(findings)
    );
    assert_eq!(
        snap["history"]["findings"]["undo"], "Record delivery",
        "undoable in Findings"
    );
    let undo = json!({"op": {"type": "undo", "scope": "diagram"}});
    let err = invoke(&w, "apply_op", undo).expect_err("not from the canvas");
    assert_eq!(err, json!({"type": "nothing_to_undo"}));
    let events = events.lock().expect("events");
    assert!(
        events
            .iter()
            .any(|e| e["change"]["deliveries_put"][0]["label"] == "Report v1"),
        "every window hears of the delivery: {events:?}"
    );

    let preview = invoke(&w, "report_preview", json!({"filter": all_findings()})).expect("preview");
    assert_eq!(preview["changes"]["since_label"], "Report v1");
    assert_eq!(preview["changes"]["new"], 0);
    assert_eq!(preview["version"], "2");
}

#[test]
fn an_export_to_a_bad_path_fails_and_records_nothing() {
    let t = app();
    let w = window(&t, "main");
    let args = json!({"format": "summary_markdown", "filter": all_findings(),
                      "path": "/definitely/missing/folder/summary.md", "deliveryLabel": "Report v1"});
    let err = invoke(&w, "export", args).expect_err("refused");
    assert_eq!(err["type"], "export", "{err}");
    assert!(
        err["detail"]
            .as_str()
            .is_some_and(|d| d.contains("/definitely/missing/folder")),
        "{err}"
    );
    let snap = invoke(&w, "current", json!({})).expect("current");
    assert_eq!(snap["deliveries"], json!([]));
    assert!(snap["history"]["findings"]["undo"].is_null());

    let args = json!({"diagramId": "d1", "format": "svg", "path": "/definitely/missing/d1.svg"});
    let err = invoke(&w, "export_diagram", args).expect_err("refused");
    assert_eq!(err["type"], "export", "{err}");
}

#[test]
fn a_diagram_exports_as_svg_and_png() {
    let t = app();
    let w = window(&t, "main");
    for (format, magic) in [("svg", &b"<svg"[..]), ("png", &b"\x89PNG"[..])] {
        let out = t._dir.path().join(format!("context.{format}"));
        let args =
            json!({"diagramId": "d1", "format": format, "path": out.to_str().expect("utf-8 path")});
        let exported = invoke(&w, "export_diagram", args).expect("export");
        assert_eq!(exported["files"], json!([out.to_str()]));
        let bytes = std::fs::read(&out).expect("written");
        let head = &bytes[..bytes.len().min(400)];
        assert!(
            head.windows(magic.len()).any(|w| w == magic),
            "{format}: {}",
            String::from_utf8_lossy(head)
        );
    }
}

#[test]
fn the_export_commands_are_granted_to_the_app_windows_only() {
    let t = app();
    for label in ["main", "main-2", "notes"] {
        let w = window(&t, label);
        invoke(&w, "report_preview", json!({"filter": all_findings()}))
            .unwrap_or_else(|e| panic!("{label}: {e}"));
    }
    let stranger = window(&t, "stranger");
    for (cmd, args) in [
        ("report_preview", json!({"filter": all_findings()})),
        (
            "export",
            json!({"format": "xlsx", "filter": all_findings(), "path": "/tmp/x.xlsx", "deliveryLabel": null}),
        ),
        (
            "export_diagram",
            json!({"diagramId": "d1", "format": "svg", "path": "/tmp/x.svg"}),
        ),
    ] {
        let err = invoke(&stranger, cmd, args).expect_err("not allowed");
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
    }
}

fn cache_misses(t: &TestApp) -> u32 {
    t.app
        .state::<crate::AppState>()
        .workspace
        .lock()
        .expect("workspace")
        .cache_misses()
}

#[test]
fn after_a_change_each_window_reads_its_views_once_and_the_second_read_is_free() {
    let t = app();
    let main = window(&t, "main");
    let notes = window(&t, "notes");
    let snap = invoke(&main, "current", json!({})).expect("current");
    let diagram = snap["diagrams"][0]["id"]
        .as_str()
        .expect("diagram")
        .to_string();
    let op = json!({"type": "add_element", "id": "p-new", "diagram_id": diagram,
        "kind": "process", "name": "Billing", "rect": {"x": 0.0, "y": 0.0, "width": 120.0, "height": 60.0}});
    let change = invoke(&main, "apply_op", json!({ "op": op })).expect("add");

    let canvas = json!({"query": {"diagram_id": diagram, "element_id": "f-query",
        "all_suggestions": false, "engagement": false}});
    let d = invoke(&main, "derived", canvas.clone()).expect("derived");
    assert_eq!(
        d["version"], change["version"],
        "the views of the version just written"
    );
    let warned = warned(&d["analysis"]);
    assert!(
        warned.contains(&"p-new"),
        "a process with no flows is warned about"
    );
    assert!(
        d["element_suggestions"]
            .as_array()
            .is_some_and(|s| !s.is_empty()),
        "the selected flow's pending suggestions"
    );
    assert!(
        d["sessions"].is_null(),
        "nothing the window did not ask for"
    );
    assert!(d["overview"].is_object() && d["coverage"].is_object());

    let misses = cache_misses(&t);
    let again = invoke(&main, "derived", canvas).expect("derived again");
    assert_eq!(again, d, "the same answer");
    assert_eq!(cache_misses(&t), misses, "served from the cache");

    // The note-taker asks for the engagement's views: only those are computed.
    let engagement = json!({"query": {"diagram_id": null, "element_id": null,
        "all_suggestions": false, "engagement": true}});
    let n = invoke(&notes, "derived", engagement).expect("notes derived");
    assert!(n["sessions"].is_array() && n["four_questions"].is_object());
    assert_eq!(
        cache_misses(&t),
        misses + 4,
        "sessions, scope, checklist, four questions"
    );
}

/// The facilitator's and the note-taker's windows write at once: every op is
/// applied exactly once, announced once in version order, and both windows
/// end with the identical engagement.
#[test]
fn two_windows_writing_at_once_lose_no_update() {
    const OPS_PER_WINDOW: usize = 5_000;
    let t = app();
    let main = window(&t, "main");
    let notes = window(&t, "notes");
    let snap = invoke(
        &main,
        "new_engagement",
        json!({"name": "Two windows", "path": null}),
    )
    .expect("new");
    let diagram = snap["diagrams"][0]["id"]
        .as_str()
        .expect("diagram")
        .to_string();
    let start = snap["version"].as_u64().expect("version");
    let announced = Arc::new(Mutex::new(Vec::<u64>::new()));
    let sink = announced.clone();
    t.app.listen_any("engagement-changed", move |e| {
        if let Ok(v) = serde_json::from_str::<Value>(e.payload()) {
            if let Some(version) = v["version"].as_u64().filter(|_| !v["change"].is_null()) {
                sink.lock().expect("events").push(version);
            }
        }
    });

    let write = |w: WebviewWindow<MockRuntime>, who: &'static str, diagram: String| {
        std::thread::spawn(move || {
            let mut versions = Vec::with_capacity(OPS_PER_WINDOW);
            let mut mine: Option<String> = None;
            for i in 0..OPS_PER_WINDOW {
                // Each window adds its elements and renames the last one, interleaved
                // with the other window's ops by the scheduler.
                let op = match (&mine, i % 3) {
                    (Some(id), 2) => {
                        json!({"type": "rename", "id": id, "name": format!("{who} {i}")})
                    }
                    _ => {
                        json!({"type": "add_element", "id": null, "diagram_id": diagram, "kind": "process",
                        "name": format!("{who} {i}"), "rect": {"x": (i % 100) as f64 * 130.0, "y": (i / 100) as f64 * 80.0, "width": 120.0, "height": 60.0}})
                    }
                };
                let change = invoke(&w, "apply_op", json!({ "op": op })).expect("apply");
                if let Some(id) = change["created"][0].as_str() {
                    mine = Some(id.to_string());
                }
                versions.push(change["version"].as_u64().expect("version"));
            }
            versions
        })
    };
    let a = write(main.clone(), "facilitator", diagram.clone());
    let b = write(notes.clone(), "note-taker", diagram);
    let mut versions = a.join().expect("main window thread");
    versions.extend(b.join().expect("notes window thread"));
    versions.sort_unstable();
    let expected: Vec<u64> = (start + 1..=start + 2 * OPS_PER_WINDOW as u64).collect();
    assert_eq!(
        versions, expected,
        "every op got its own version: none lost, none twice"
    );

    let from_main = invoke(&main, "current", json!({})).expect("current");
    let from_notes = invoke(&notes, "current", json!({})).expect("current");
    assert_eq!(
        from_main, from_notes,
        "both windows see the identical engagement"
    );
    assert_eq!(from_main["version"].as_u64(), expected.last().copied());
    let names: Vec<&str> = from_main["elements"]
        .as_array()
        .expect("elements")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    let per_window = OPS_PER_WINDOW.div_ceil(3) * 2; // two ops in three add an element
    for who in ["facilitator", "note-taker"] {
        assert_eq!(
            names.iter().filter(|n| n.starts_with(who)).count(),
            per_window,
            "{who}'s elements are all there"
        );
    }
    let announced = announced.lock().expect("events").clone();
    assert_eq!(
        announced, expected,
        "every change announced once, in version order"
    );
}

#[test]
fn only_the_apps_own_pages_may_be_shown() {
    let url = |s: &str| tauri::Url::parse(s).expect("url");
    let dev = url("http://localhost:5173/");
    assert!(crate::is_app_page(
        &url("tauri://localhost/index.html"),
        None
    ));
    assert!(crate::is_app_page(&url("http://tauri.localhost/"), None));
    assert!(crate::is_app_page(
        &url("http://localhost:5173/src/main.tsx"),
        Some(&dev)
    ));
    for page in [
        "http://127.0.0.1:8080/",
        "https://example.com/",
        "http://localhost:5173/",
        "file:///etc/passwd",
        "http://tauri.localhost.evil.com/",
    ] {
        assert!(!crate::is_app_page(&url(page), None), "{page}");
    }
    assert!(!crate::is_app_page(
        &url("http://localhost:5174/"),
        Some(&dev)
    ));
}

// ---- imports: another tool's file, previewed, then a new engagement or one undoable step ----

/// A fixture (a real file from another tool, read-only) copied into `dir`, so
/// that what an import writes beside it can be seen.
fn fixture_in(dir: &std::path::Path, rel: &str) -> std::path::PathBuf {
    let src = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/fixtures/"
    ))
    .join(rel);
    std::fs::create_dir_all(dir).expect("models dir");
    let to = dir.join(src.file_name().expect("fixture name"));
    std::fs::copy(&src, &to).unwrap_or_else(|e| panic!("fixture {}: {e}", src.display()));
    to
}

/// The names in a folder, sorted.
/// The files in `dir`, but an open engagement's SQLite companions (-wal, -shm).
fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    names.sort();
    names
}

fn path_arg(p: &std::path::Path) -> Value {
    json!({"path": p.to_str().expect("utf-8 path"), "format": null})
}

/// The snapshot's diagrams, elements and threats, each sorted by its JSON.
fn content(snap: &Value) -> Vec<Vec<String>> {
    ["diagrams", "elements", "threats"]
        .iter()
        .map(|k| {
            let mut v: Vec<String> = snap[*k]
                .as_array()
                .expect("records")
                .iter()
                .map(|r| r.to_string())
                .collect();
            v.sort();
            v
        })
        .collect()
}

fn count_kind(snap: &Value, kind: &str) -> u64 {
    snap["elements"]
        .as_array()
        .expect("elements")
        .iter()
        .filter(|e| e["kind"] == kind)
        .count() as u64
}

#[test]
fn a_refused_file_is_one_line_and_writes_nothing() {
    let t = app();
    let w = window(&t, "main");
    let models = t._dir.path().join("models");
    let zip = fixture_in(&models, "mtmt/mtmt-invalid-format-zip.tm7");
    let text = models.join("notes.json");
    std::fs::write(&text, "just some notes, not a model").expect("write");
    let missing = models.join("gone.tm7");
    let before = invoke(&w, "current", json!({})).expect("current");
    let files = listing(&models);

    for (file, expected) in [(&zip, "zip"), (&text, "expected")] {
        for cmd in ["import_preview", "import_new", "import_into"] {
            let err = invoke(&w, cmd, path_arg(file)).expect_err("refused");
            assert_eq!(err["type"], "invalid", "{cmd} {}: {err}", file.display());
            let line = err["detail"].as_str().expect("a sentence");
            assert!(
                line.contains(expected) && !line.contains('\n'),
                "{cmd}: one line naming what was expected: {line}"
            );
        }
    }
    for cmd in ["import_preview", "import_new", "import_into"] {
        let err = invoke(&w, cmd, path_arg(&missing)).expect_err("no such file");
        assert_eq!(err["type"], "io", "{cmd}: {err}");
    }
    let err = invoke(
        &w,
        "import_preview",
        json!({"path": text.to_str(), "format": "pdf"}),
    )
    .expect_err("an unknown format is a malformed request");
    assert!(err.as_str().is_some_and(|m| m.contains("pdf")), "{err}");

    assert_eq!(
        listing(&models),
        files,
        "no engagement file beside the sources"
    );
    let after = invoke(&w, "current", json!({})).expect("current");
    assert_eq!(
        after["path"], before["path"],
        "the open engagement stays open"
    );
    assert_eq!(after["version"], before["version"], "and unchanged");
    assert_eq!(after["history"], before["history"], "no undo step");
}

// The tests below read real files with the format readers (src/import/*.rs,
// merged from the importer branches): with the readers' placeholders they fail
// at the first `expect`, naming the refusal.

#[test]
fn a_preview_says_what_the_reader_says_and_writes_nothing() {
    let t = app();
    let w = window(&t, "main");
    let models = t._dir.path().join("models");
    let tm7 = fixture_in(&models, "mtmt/MTMT_MVP.tm7");
    let bytes = std::fs::read(&tm7).expect("source");
    let before = invoke(&w, "current", json!({})).expect("current");

    let preview = invoke(&w, "import_preview", path_arg(&tm7)).expect("preview");
    let read = threatloom::import::read_file(&tm7, None).expect("the core reads it");
    assert_eq!(preview["path"], json!(tm7.to_str()));
    assert_eq!(preview["title"], json!(read.title));
    assert_eq!(
        preview["report"],
        serde_json::to_value(&read.report).expect("json"),
        "the report crosses as the core wrote it"
    );
    assert_eq!(preview["report"]["format"], "tm7");
    assert!(preview["report"]["diagrams"].as_u64() >= Some(1));

    assert_eq!(listing(&models), ["MTMT_MVP.tm7"], "nothing written");
    assert_eq!(std::fs::read(&tm7).expect("source"), bytes);
    let after = invoke(&w, "current", json!({})).expect("current");
    assert_eq!(after["version"], before["version"]);
    assert_eq!(after["path"], before["path"]);
}

#[test]
fn import_new_creates_an_engagement_beside_the_source_and_opens_it() {
    let t = app();
    let w = window(&t, "main");
    let reloads = Arc::new(Mutex::new(0u32));
    let sink = reloads.clone();
    t.app.listen_any("engagement-changed", move |e| {
        if let Ok(v) = serde_json::from_str::<Value>(e.payload()) {
            if v["change"].is_null() {
                *sink.lock().expect("events") += 1;
            }
        }
    });
    let models = t._dir.path().join("models");
    let tm7 = fixture_in(&models, "mtmt/MTMT_MVP.tm7");
    let bytes = std::fs::read(&tm7).expect("source");
    let report = invoke(&w, "import_preview", path_arg(&tm7)).expect("preview")["report"].clone();

    let snap = invoke(&w, "import_new", path_arg(&tm7)).expect("import");
    let created = models.join("MTMT_MVP.threatmodel");
    assert_eq!(
        snap["path"],
        json!(created.to_str()),
        "beside the source, named after it"
    );
    assert!(created.is_file());
    assert_eq!(
        std::fs::read(&tm7).expect("source"),
        bytes,
        "the source untouched"
    );
    assert_eq!(listing(&models), ["MTMT_MVP.threatmodel", "MTMT_MVP.tm7"]);

    let n = |k: &str| report[k].as_u64().expect("count");
    assert_eq!(
        snap["diagrams"].as_array().map(Vec::len),
        Some(n("diagrams") as usize)
    );
    assert_eq!(count_kind(&snap, "external_entity"), n("entities"));
    assert_eq!(count_kind(&snap, "process"), n("processes"));
    assert_eq!(count_kind(&snap, "data_store"), n("stores"));
    assert_eq!(count_kind(&snap, "data_flow"), n("flows"));
    assert_eq!(count_kind(&snap, "trust_boundary"), n("boundaries"));
    assert_eq!(
        snap["threats"].as_array().map(Vec::len),
        Some(n("threats") as usize)
    );

    let current = invoke(&w, "current", json!({})).expect("current");
    assert_eq!(
        current["path"], snap["path"],
        "the new engagement is the open one"
    );
    assert_eq!(
        *reloads.lock().expect("events"),
        1,
        "every window reloads once"
    );

    // A second import of the same file never overwrites the first.
    let again = invoke(&w, "import_new", path_arg(&tm7)).expect("import again");
    assert_ne!(again["path"], snap["path"]);
    assert_eq!(listing(&models).len(), 3);
}

#[test]
fn import_into_adds_the_diagrams_as_one_undo_step() {
    let t = app();
    let w = window(&t, "main");
    let changes = Arc::new(Mutex::new(Vec::<Value>::new()));
    let sink = changes.clone();
    t.app.listen_any("engagement-changed", move |e| {
        if let Ok(v) = serde_json::from_str::<Value>(e.payload()) {
            sink.lock().expect("events").push(v);
        }
    });
    let models = t._dir.path().join("models");
    let td = fixture_in(&models, "threat-dragon/three-tier-web-app.json");
    let before = invoke(&w, "current", json!({})).expect("current");
    let report = invoke(&w, "import_preview", path_arg(&td)).expect("preview")["report"].clone();

    let change = invoke(&w, "import_into", path_arg(&td)).expect("import into");
    let label = change["label"].as_str().expect("label");
    assert!(label.starts_with("Import"), "{label}");
    assert_eq!(
        change["history"]["diagram"]["undo"],
        json!(label),
        "undone from the canvas"
    );
    let old: Vec<&Value> = before["diagrams"]
        .as_array()
        .expect("diagrams")
        .iter()
        .map(|d| &d["id"])
        .collect();
    let added: Vec<&Value> = change["diagrams_put"]
        .as_array()
        .expect("diagrams put")
        .iter()
        .filter(|d| !old.contains(&&d["id"]))
        .collect();
    assert_eq!(
        added.len() as u64,
        report["diagrams"].as_u64().expect("count")
    );
    assert_eq!(
        change["elements_put"].as_array().map(Vec::len),
        Some(
            ["entities", "processes", "stores", "flows", "boundaries"]
                .iter()
                .map(|k| report[*k].as_u64().expect("count") as usize)
                .sum()
        )
    );
    assert!(
        changes
            .lock()
            .expect("events")
            .iter()
            .any(|e| e["change"]["version"] == change["version"]),
        "every window hears of it"
    );
    let during = invoke(&w, "current", json!({})).expect("current");
    assert_eq!(during["path"], before["path"], "the same engagement");
    assert_eq!(
        listing(&models),
        ["three-tier-web-app.json"],
        "no file beside the source"
    );

    let undo = invoke(
        &w,
        "apply_op",
        json!({"op": {"type": "undo", "scope": "diagram"}}),
    )
    .expect("undo");
    assert_eq!(
        undo["label"],
        json!(format!("Undo {}", label.to_lowercase()))
    );
    let after = invoke(&w, "current", json!({})).expect("current");
    assert_eq!(
        content(&after),
        content(&before),
        "one undo: the engagement as before"
    );
    assert_eq!(after["history"]["diagram"]["redo"], json!(label));
}

mod library;
