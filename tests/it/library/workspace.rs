//! The library as the app holds it: loaded at start, saved to from a threat,
//! searched for the selected elements, updated, harvested from a past
//! engagement without touching that file, and still there after a restart.

use super::{folder, jwt_entry};
use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Every file of `dir` with its bytes.
fn listing(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

#[test]
fn save_search_apply_and_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let mut ws = Workspace::new(data.clone(), dir.path().join("docs"));
    ws.start(None).expect("start");
    let personal = data.join("library");
    assert_eq!(ws.library_folders(), std::slice::from_ref(&personal));
    assert!(personal.is_dir(), "the personal folder is made at start");
    assert!(ws.library().is_empty());
    assert_eq!(ws.library_problems(), vec![]);

    // "Save to library" from a demo threat: the form starts from the threat.
    let demo = ws.current().expect("demo").state().clone();
    let (tid, threat) = demo.threats.iter().next().expect("a demo threat");
    let mut draft = ws.library_draft(tid).expect("draft");
    assert_eq!(draft.title, threat.title);
    assert_eq!(draft.id, "");
    assert!(!draft.applies_to.is_empty());
    draft.scenario = "Customer words edited out.".into();
    draft.tags = vec!["demo".into()];
    let saved = ws.save_to_library(draft).expect("save");
    assert!(personal.join(format!("{}.toml", saved.id)).is_file());
    assert_eq!(ws.library().len(), 1);
    assert!(ws.library_draft("no-such-threat").is_err());

    // Another engagement: two elements of a kind the entry is for.
    let demo_path = ws.current().expect("demo").path().to_path_buf();
    ws.create(None, "Second").expect("create");
    let kind = saved.applies_to[0];
    let mut ids = vec![];
    for name in ["One", "Two"] {
        let change = ws
            .apply(Op::AddElement {
                id: None,
                diagram_id: "d1".into(),
                kind,
                name: name.into(),
                rect: at(ids.len() as f64 * 300.0, 0.0),
            })
            .expect("add");
        ids.push(change.created[0].clone());
    }
    let typed: String = saved.title.chars().take(5).collect();
    let hits = ws.search_library(&typed, &ids, 20).expect("search");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].entry, saved);
    assert_eq!(hits[0].folder, personal.display().to_string());
    assert!(!hits[0].applied);
    ws.apply(Op::ApplyLibraryEntry {
        entry: hits[0].entry.clone(),
        element_ids: ids.clone(),
    })
    .expect("apply");
    assert_eq!(ws.current().expect("open").state().threats.len(), 2);
    let hits = ws.search_library(&typed, &ids, 20).expect("search");
    assert!(hits[0].applied, "both elements have it now");
    let hits = ws.search_library(&typed, &ids[..1], 20).expect("search");
    assert!(hits[0].applied);
    assert!(matches!(
        ws.search_library("", &["nope".to_string()], 20),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(ws.search_library("", &[], 20).expect("all").len(), 1);

    // An improved entry is offered to both threats.
    assert!(ws.library_updates().expect("updates").is_empty());
    let mut better = saved.clone();
    better.scenario.push_str(" And more.");
    let v2 = ws.save_to_library(better).expect("save v2");
    assert_eq!((v2.id.as_str(), v2.version), (saved.id.as_str(), 2));
    let updates = ws.library_updates().expect("updates");
    assert_eq!(updates.len(), 2);
    assert_eq!(updates[0].changes[0].field, "Scenario");

    // Harvest the demo: read from a copy, the file and its folder untouched.
    let before = listing(demo_path.parent().expect("folder"));
    let candidates = ws.harvest_preview(&demo_path).expect("preview");
    assert_eq!(listing(demo_path.parent().expect("folder")), before);
    assert!(!candidates.is_empty() && candidates.len() <= demo.threats.len());
    let ours = candidates
        .iter()
        .find(|c| c.threat_id == *tid)
        .expect("the saved threat's candidate");
    assert_eq!(ours.duplicate_of.as_deref(), Some(saved.id.as_str()));
    let all: Vec<String> = candidates.iter().map(|c| c.threat_id.clone()).collect();
    let result = ws.harvest(&demo_path, &all, false).expect("harvest");
    assert_eq!(result.saved.len() + result.skipped.len(), candidates.len());
    assert!(result.skipped.iter().any(|s| s.threat_id == *tid));
    assert_eq!(ws.library().len(), 1 + result.saved.len());
    assert!(ws
        .harvest_preview(&dir.path().join("none.threatmodel"))
        .is_err());

    // A restart finds the library as it was.
    let count = ws.library().len();
    let mut ws = Workspace::new(data.clone(), dir.path().join("docs"));
    ws.start(None).expect("restart");
    assert_eq!(ws.library().len(), count);
    assert_eq!(ws.library().get(&saved.id).expect("kept").entry, v2);
}

#[test]
fn folders_are_set_reloaded_and_problems_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let mut ws = Workspace::new(data.clone(), dir.path().join("docs"));
    ws.start(None).expect("start");
    let personal = data.join("library");
    let team = dir.path().join("team-library");
    ws.set_library_folders(vec![personal.clone(), team.clone()])
        .expect("set");
    assert!(data.join("library.json").is_file());
    assert_eq!(ws.library_folders(), [personal.clone(), team.clone()]);
    let problems = ws.library_problems();
    assert_eq!(
        problems.len(),
        1,
        "the team folder is missing: {problems:?}"
    );
    assert_eq!(problems[0].file, team.display().to_string());
    assert!(ws.set_library_folders(vec![]).is_err());

    // A `git clone` then a `git pull`: noticed, read again.
    folder(dir.path(), "team-library");
    ws.reload_library();
    assert_eq!(ws.library_problems(), vec![]);
    let mut e = jwt_entry();
    e.id = "team-jwt".into();
    std::fs::write(
        team.join("team-jwt.toml"),
        threatloom::library::file::to_toml(&e).expect("toml"),
    )
    .expect("pull");
    assert!(ws.reload_library_if_changed());
    assert!(!ws.reload_library_if_changed(), "once");
    assert_eq!(ws.library().get("team-jwt").expect("loaded").folder, team);

    // Saving an entry of the team's writes to the team's folder.
    let mut edited = ws.library().get("team-jwt").expect("entry").entry.clone();
    edited.title = "JWT signature not verified (reviewed)".into();
    assert_eq!(ws.save_to_library(edited).expect("save").version, 2);
    assert!(
        !ws.reload_library_if_changed(),
        "a save reads the folders again"
    );
    assert!(!personal.join("team-jwt.toml").exists());
    ws.delete_from_library("team-jwt").expect("delete");
    assert!(!team.join("team-jwt.toml").exists());
    assert!(ws.library().is_empty());

    // The folder list survives a restart; a broken one is said, the default used.
    let mut again = Workspace::new(data.clone(), dir.path().join("docs"));
    again.start(None).expect("restart");
    assert_eq!(again.library_folders(), [personal.clone(), team]);
    std::fs::write(data.join("library.json"), "{ not json").expect("break");
    again.reload_library();
    assert_eq!(again.library_folders(), [personal]);
    let problems = again.library_problems();
    assert!(problems[0].file.ends_with("library.json"), "{problems:?}");
}
