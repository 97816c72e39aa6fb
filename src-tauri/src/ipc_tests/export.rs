//! Exports through the commands: Jira keys, deliveries, bad paths, SVG/PNG, who may export.

use super::*;

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
