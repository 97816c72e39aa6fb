//! The team's library on disk (issue 11): entry files written with stable
//! bytes, several folders and their list, bad files reported with their line
//! and skipped; search, updates and harvesting in
//! `library/reuse.rs`, the workspace's part in `library/workspace.rs`, pytm's
//! library in `library/pytm.rs`.

mod pytm;
mod reuse;
mod workspace;

use crate::common::*;
use std::path::{Path, PathBuf};
use threatloom::library::{self, file, Library};

/// A realistic entry, without an id: the library picks one.
pub fn jwt_entry() -> LibraryEntry {
    LibraryEntry {
        id: String::new(),
        version: 1,
        title: "JWT signature not verified".into(),
        category: Stride::Spoofing,
        applies_to: vec![ElementKind::Process],
        scenario: "The API accepts tokens whose signature it never checks.\n\nAn attacker \"signs\" with alg=none and becomes any user.".into(),
        impact: Impact {
            affected_users: Some(Rating::High),
            reputational: None,
            financial: Some(Rating::Medium),
            rated_overall: None,
            rationale: "Every account can be taken over.".into(),
        },
        likelihood: Likelihood {
            reproducibility: Some(Rating::High),
            exploitability: None,
            discoverability: None,
            rated_overall: None,
            rationale: String::new(),
        },
        recommended_actions: vec![
            "Verify the signature of every token with a pinned algorithm.".into(),
            "Reject alg=none.".into(),
        ],
        references: vec!["CWE-347".into()],
        tags: vec!["auth".into(), "jwt".into()],
    }
}

pub fn entry(title: &str, category: Stride, kinds: &[ElementKind]) -> LibraryEntry {
    LibraryEntry {
        id: String::new(),
        version: 1,
        title: title.into(),
        category,
        applies_to: kinds.to_vec(),
        scenario: String::new(),
        impact: Impact::default(),
        likelihood: Likelihood::default(),
        recommended_actions: vec![],
        references: vec![],
        tags: vec![],
    }
}

fn folder(dir: &Path, name: &str) -> PathBuf {
    let f = dir.join(name);
    std::fs::create_dir_all(&f).expect("folder");
    f
}

const JWT_FILE: &str = r#"applies_to = ["process"]
category = "S"
id = "jwt-signature-not-verified"
recommended_actions = [
    "Verify the signature of every token with a pinned algorithm.",
    "Reject alg=none.",
]
references = ["CWE-347"]
scenario = """
The API accepts tokens whose signature it never checks.

An attacker "signs" with alg=none and becomes any user."""
tags = [
    "auth",
    "jwt",
]
title = "JWT signature not verified"
version = 1

[impact]
affected_users = "high"
financial = "medium"
rationale = "Every account can be taken over."

[likelihood]
reproducibility = "high"
"#;

#[test]
fn saving_writes_a_stable_file_and_changes_raise_the_version() {
    let dir = tempfile::tempdir().expect("dir");
    let personal = folder(dir.path(), "personal");
    let mut lib = Library::load(std::slice::from_ref(&personal));
    let saved = lib.save(&personal, jwt_entry()).expect("save");
    assert_eq!(
        saved.id, "jwt-signature-not-verified",
        "an id from the title"
    );
    assert_eq!(saved.version, 1);
    let path = personal.join("jwt-signature-not-verified.toml");
    let first = std::fs::read_to_string(&path).expect("file");
    assert_eq!(
        first, JWT_FILE,
        "sorted keys, empty fields left out, one newline"
    );

    // The same content again: the same version, the same bytes.
    let again = lib.save(&personal, saved.clone()).expect("save again");
    assert_eq!(again.version, 1);
    assert_eq!(std::fs::read_to_string(&path).expect("file"), first);
    // Kinds in another order and a padded tag are the same entry.
    let mut shuffled = saved.clone();
    shuffled.applies_to = vec![ElementKind::Process, ElementKind::Process];
    shuffled.tags = vec![" auth ".into(), "jwt".into(), "".into()];
    assert_eq!(lib.save(&personal, shuffled).expect("save").version, 1);
    assert_eq!(std::fs::read_to_string(&path).expect("file"), first);

    // Changed content: version 2, whatever version the caller held.
    let mut better = saved.clone();
    better.scenario.push_str(" Tokens never expire either.");
    let v2 = lib.save(&personal, better.clone()).expect("save v2");
    assert_eq!(v2.version, 2);
    assert_eq!(lib.get(&v2.id).expect("in memory").entry, v2);
    let reread = Library::load(std::slice::from_ref(&personal));
    assert_eq!(reread.problems(), &[], "its own file loads");
    assert_eq!(reread.get(&v2.id).expect("loaded").entry, v2);
    assert_eq!(lib.save(&personal, better).expect("same").version, 2);

    // Nothing but entry files in the folder: the temporary file is gone.
    let names: Vec<String> = std::fs::read_dir(&personal)
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["jwt-signature-not-verified.toml"]);
}

#[test]
fn new_ids_come_from_titles_and_are_never_taken_twice() {
    let dir = tempfile::tempdir().expect("dir");
    let personal = folder(dir.path(), "personal");
    let team = folder(dir.path(), "team");
    std::fs::write(
        team.join("weak-tls.toml"),
        "id = \"weak-tls\"\ntitle = \"Weak TLS\"\ncategory = \"I\"\napplies_to = [\"data_flow\"]\n",
    )
    .expect("write");
    let mut lib = Library::load(&[personal.clone(), team]);
    let weak = entry(
        "Weak TLS",
        Stride::InformationDisclosure,
        &[ElementKind::DataFlow],
    );
    assert_eq!(
        lib.save(&personal, weak.clone()).expect("save").id,
        "weak-tls-2"
    );
    assert_eq!(lib.save(&personal, weak).expect("save").id, "weak-tls-3");
    let long = entry(
        "Sécurité: données exposées — à travers l'API « publique » de l'application mobile (v2)",
        Stride::InformationDisclosure,
        &[ElementKind::Process],
    );
    let id = lib.save(&personal, long).expect("save").id;
    assert_eq!(
        id,
        "securite-donnees-exposees-a-travers-l-api-publique-de-l"
    );
    assert!(id.len() <= 60 && is_entry_id(&id));
    let odd = entry("!!!", Stride::Tampering, &[ElementKind::Process]);
    assert_eq!(lib.save(&personal, odd).expect("save").id, "entry");

    // A given id must be one; an entry the app would refuse is not written.
    let mut bad_id = jwt_entry();
    bad_id.id = "Not An Id".into();
    assert!(lib.save(&personal, bad_id).is_err());
    let mut bad = jwt_entry();
    bad.references = vec!["OWASP A1".into()];
    let err = lib.save(&personal, bad).expect_err("refused");
    assert!(err.to_string().contains("CWE or CAPEC"), "{err}");
    assert!(!personal.join("jwt-signature-not-verified.toml").exists());
}

#[test]
fn several_folders_load_in_order_and_the_first_id_wins() {
    let dir = tempfile::tempdir().expect("dir");
    let personal = folder(dir.path(), "personal");
    let team = folder(dir.path(), "team");
    let missing = dir.path().join("not-there");
    let mut p = Library::load(std::slice::from_ref(&personal));
    let mine = p.save(&personal, jwt_entry()).expect("save");
    let mut t = Library::load(std::slice::from_ref(&team));
    let mut theirs = jwt_entry();
    theirs.title = "JWT signature not verified (team)".into();
    theirs.id = mine.id.clone();
    t.save(&team, theirs).expect("save");
    t.save(
        &team,
        entry(
            "Weak TLS",
            Stride::InformationDisclosure,
            &[ElementKind::DataFlow],
        ),
    )
    .expect("save");
    std::fs::create_dir(team.join("drafts")).expect("subfolder");
    std::fs::write(team.join("drafts/ignored.toml"), "not read").expect("write");
    std::fs::write(team.join("README.md"), "# Our library").expect("write");

    let lib = Library::load(&[personal.clone(), missing.clone(), team.clone()]);
    assert_eq!(lib.len(), 2, "{:?}", lib.problems());
    let jwt = lib.get(&mine.id).expect("jwt");
    assert_eq!(jwt.folder, personal, "the first folder's entry counts");
    assert_eq!(jwt.entry.title, "JWT signature not verified");
    assert_eq!(lib.get("weak-tls").expect("weak tls").folder, team);
    let problems = lib.problems();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[0].file, missing.display().to_string());
    assert!(
        problems[0].message.contains("cannot be read"),
        "{}",
        problems[0].message
    );
    let shadowed = team.join(format!("{}.toml", mine.id));
    assert_eq!(problems[1].file, shadowed.display().to_string());
    assert!(
        problems[1].message.contains("comes first"),
        "{}",
        problems[1].message
    );
}

/// One good file and one bad one: the bad one is a problem on `line`, the good one loads.
fn assert_refused(name: &str, text: &str, line: Option<u32>, says: &str) {
    let dir = tempfile::tempdir().expect("dir");
    let f = folder(dir.path(), "lib");
    std::fs::write(f.join("jwt-signature-not-verified.toml"), JWT_FILE).expect("good");
    std::fs::write(f.join(name), text).expect("bad");
    let lib = Library::load(std::slice::from_ref(&f));
    assert_eq!(lib.len(), 1, "{name}: the good entry loads");
    assert!(lib.get("jwt-signature-not-verified").is_some());
    let p = match lib.problems() {
        [p] => p,
        other => panic!("{name}: one problem expected, got {other:?}"),
    };
    assert_eq!(p.file, f.join(name).display().to_string());
    assert_eq!(p.line, line, "{name}: {p}");
    assert!(
        p.message.contains(says),
        "{name}: '{}' says '{says}'",
        p.message
    );
}

#[test]
fn a_malformed_entry_is_reported_with_its_line_and_skipped() {
    let head = "id = \"bad\"\ntitle = \"Bad\"\ncategory = \"T\"\napplies_to = [\"process\"]\n";
    assert_refused(
        "bad.toml",
        &format!("{head}scenario = \"unclosed\n"),
        Some(5),
        "",
    );
    assert_refused(
        "bad.toml",
        &format!("{head}severity = \"high\"\n"),
        Some(5),
        "unknown field",
    );
    assert_refused(
        "bad.toml",
        &format!("{head}\n[impact]\nrationale = \"x\"\nloss = \"high\"\n"),
        Some(8),
        "unknown field",
    );
    assert_refused(
        "bad.toml",
        &format!("{head}tags = \"one\"\n"),
        Some(5),
        "invalid type",
    );
    assert_refused("bad.toml", &format!("{head}version = -1\n"), Some(5), "");
    assert_refused(
        "bad.toml",
        &format!("{head}\n\nreferences = [\"CWE-79\", \"OWASP A1\"]\n"),
        Some(7),
        "CWE or CAPEC",
    );
    assert_refused(
        "bad.toml",
        "id = \"bad\"\ntitle = \"Bad\"\ncategory = \"S\"\napplies_to = [\"data_flow\"]\n",
        Some(4),
        "does not apply",
    );
    assert_refused(
        "bad.toml",
        &format!("{head}scenario = \"{}\"\n", "x".repeat(MAX_DESCRIPTION + 1)),
        Some(5),
        "at most",
    );
    assert_refused(
        "bad.toml",
        &format!("{head}tags = [\"ok\", \"\"]\n"),
        Some(5),
        "tags",
    );
    assert_refused(
        "bad.toml",
        &format!("{head}version = 0\n"),
        Some(5),
        "version",
    );
    assert_refused(
        "bad.toml",
        "title = \"Bad\"\ncategory = \"T\"\napplies_to = [\"process\"]\n",
        Some(1),
        "missing field `id`",
    );
    assert_refused(
        "other-name.toml",
        &format!("\n{head}"),
        Some(2),
        "name it 'bad.toml'",
    );
    let mut huge = head.to_string();
    huge.push_str(&format!("# {}\n", "x".repeat(file::MAX_FILE as usize)));
    assert_refused("bad.toml", &huge, None, "larger than");
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("bad.toml"), b"id = \"\xff\"\n").expect("write");
    let lib = Library::load(&[dir.path().to_path_buf()]);
    assert!(
        lib.problems()[0].message.contains("UTF-8"),
        "{:?}",
        lib.problems()
    );
}

#[test]
fn the_folder_list_defaults_to_the_data_dir_and_round_trips() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    assert_eq!(
        library::read_folders(data).expect("default"),
        [data.join("library")]
    );
    let team = dir.path().join("team checkout");
    library::write_folders(data, &[data.join("library"), team.clone(), team.clone()])
        .expect("write");
    assert_eq!(
        library::read_folders(data).expect("read"),
        [data.join("library"), team]
    );
    std::fs::write(data.join("library.json"), r#"{"folders": ["shared", ""]}"#).expect("write");
    assert_eq!(
        library::read_folders(data).expect("relative"),
        [data.join("shared")]
    );
    std::fs::write(data.join("library.json"), r#"{"folders": []}"#).expect("write");
    assert_eq!(
        library::read_folders(data).expect("empty"),
        [data.join("library")]
    );
    std::fs::write(data.join("library.json"), "{folders").expect("write");
    assert!(library::read_folders(data).is_err());
}

#[test]
fn a_change_on_disk_is_noticed() {
    let dir = tempfile::tempdir().expect("dir");
    let f = folder(dir.path(), "lib");
    let mut lib = Library::load(std::slice::from_ref(&f));
    assert!(!lib.changed_on_disk());
    lib.save(&f, jwt_entry()).expect("save");
    assert!(lib.changed_on_disk(), "a save changes the folder too");
    let lib = Library::load(std::slice::from_ref(&f));
    assert!(!lib.changed_on_disk());
    std::fs::write(f.join("weak-tls.toml"), "id = \"weak-tls\"\n").expect("git pull");
    assert!(lib.changed_on_disk());
    let lib = Library::load(std::slice::from_ref(&f));
    assert!(!lib.changed_on_disk());
    std::fs::remove_file(f.join("weak-tls.toml")).expect("remove");
    assert!(lib.changed_on_disk());
}

#[test]
fn delete_removes_the_file_and_uncovers_a_shadowed_entry() {
    let dir = tempfile::tempdir().expect("dir");
    let a = folder(dir.path(), "a");
    let b = folder(dir.path(), "b");
    let mut lib = Library::load(&[a.clone(), b.clone()]);
    let mut e = jwt_entry();
    e.id = "jwt".into();
    lib.save(&b, e.clone()).expect("save b");
    e.title = "JWT (personal)".into();
    lib.save(&a, e).expect("save a");
    assert_eq!(lib.get("jwt").expect("jwt").folder, a, "a comes first");
    lib.delete(&a, "jwt").expect("delete");
    assert!(!a.join("jwt.toml").exists());
    assert_eq!(lib.get("jwt").expect("jwt").folder, b);
    assert!(lib.delete(&a, "jwt").is_err(), "not there any more");
    assert!(lib.delete(&a, "../b/jwt").is_err(), "not an id");
}
