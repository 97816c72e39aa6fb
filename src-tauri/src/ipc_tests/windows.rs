//! Several windows: one derived read per window after a change, concurrent writers, which pages may be shown.

use super::*;

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

/// A write that says what its window shows is answered with the change and
/// that window's views of the new version, for the element it creates when
/// the window selects it: the writer needs no read; the views are the ones a
/// read would give (and cached for the other windows).
#[test]
fn a_write_brings_the_writing_window_its_views() {
    let t = app();
    let main = window(&t, "main");
    let snap = invoke(&main, "current", json!({})).expect("current");
    let diagram = snap["diagrams"][0]["id"]
        .as_str()
        .expect("diagram")
        .to_string();
    let query = json!({"diagram_id": diagram, "element_id": null,
        "all_suggestions": false, "engagement": false, "coverage_rows": false});
    let op = json!({"type": "add_element", "id": null, "diagram_id": diagram,
        "kind": "process", "name": "Billing", "rect": {"x": 0.0, "y": 0.0, "width": 120.0, "height": 60.0}});
    let view = json!({"query": query, "select_created": true});
    let applied = invoke(&main, "apply_op", json!({ "op": op, "view": view })).expect("add");
    let created = applied["created"][0].as_str().expect("created").to_string();
    let d = &applied["view"]["derived"];
    assert_eq!(
        d["version"], applied["version"],
        "the views of the version written"
    );
    assert!(
        warned(&d["analysis"]).contains(&created.as_str()),
        "the new process is warned about"
    );
    assert!(
        d["element_suggestions"].is_array(),
        "the created element's suggestions"
    );

    let misses = cache_misses(&t);
    let mut asked = query.clone();
    asked["element_id"] = json!(created);
    assert_eq!(
        applied["view"]["query"], asked,
        "the query they answer: the created element's"
    );
    let read = invoke(&main, "derived", json!({ "query": asked })).expect("derived");
    assert_eq!(&read, d, "what a read of that query gives");
    assert_eq!(cache_misses(&t), misses, "computed once");

    // Without a view (another caller), the change alone.
    let op = json!({"type": "rename", "id": created, "name": "Billing API"});
    let applied = invoke(&main, "apply_op", json!({ "op": op })).expect("rename");
    assert!(applied["view"].is_null());
    assert_eq!(applied["elements_put"][0]["name"], "Billing API");
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
