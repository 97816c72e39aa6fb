//! Imports: another tool's file, previewed, then a new engagement or one undoable step.

use super::*;

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
