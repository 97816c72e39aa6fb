//! The team's library on disk (issue 11): entry files written with stable
//! bytes, several folders, bad files reported with their line and skipped,
//! search for the picker, updates, harvesting; the workspace's part in
//! `library/workspace.rs`, pytm's library in `library/pytm.rs`.

mod pytm;
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
            rationale: "Every account can be taken over.".into(),
        },
        likelihood: Likelihood {
            reproducibility: Some(Rating::High),
            exploitability: None,
            discoverability: None,
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

fn search_library() -> (tempfile::TempDir, Library) {
    use ElementKind::*;
    let dir = tempfile::tempdir().expect("dir");
    let f = folder(dir.path(), "lib");
    let mut lib = Library::load(std::slice::from_ref(&f));
    let mut add = |mut e: LibraryEntry, tags: &[&str], scenario: &str| {
        e.tags = tags.iter().map(|t| t.to_string()).collect();
        e.scenario = scenario.into();
        lib.save(&f, e).expect("save");
    };
    add(
        entry(
            "Session tokens in URLs",
            Stride::InformationDisclosure,
            &[Process, DataFlow],
        ),
        &[],
        "",
    );
    add(
        entry("Weak session handling", Stride::Spoofing, &[Process]),
        &[],
        "",
    );
    add(
        entry(
            "Cookies without flags",
            Stride::InformationDisclosure,
            &[DataFlow],
        ),
        &["session"],
        "",
    );
    add(
        entry(
            "Replay of requests",
            Stride::Tampering,
            &[Process, DataFlow],
        ),
        &[],
        "An old session is replayed.",
    );
    add(
        entry(
            "Résumé uploads not scanned",
            Stride::Tampering,
            &[Process, DataStore],
        ),
        &["upload"],
        "",
    );
    add(
        entry("Unrelated", Stride::DenialOfService, &[Process]),
        &[],
        "",
    );
    (dir, lib)
}

fn titles(found: &[&threatloom::library::Loaded]) -> Vec<String> {
    found.iter().map(|l| l.entry.title.clone()).collect()
}

#[test]
fn search_ranks_title_prefix_then_title_words_then_tags_then_text() {
    use ElementKind::*;
    let (_dir, lib) = search_library();
    assert_eq!(
        titles(&lib.search("session", &[], 10)),
        [
            "Session tokens in URLs",
            "Weak session handling",
            "Cookies without flags",
            "Replay of requests"
        ]
    );
    assert_eq!(
        titles(&lib.search("  SESS  ", &[], 10))[..2],
        ["Session tokens in URLs", "Weak session handling"],
        "case and spacing aside, a prefix as typed"
    );
    // Every word must be found somewhere.
    assert_eq!(
        titles(&lib.search("session weak", &[], 10)),
        ["Weak session handling"]
    );
    assert_eq!(
        titles(&lib.search("session nothing", &[], 10)),
        Vec::<String>::new()
    );
    // Accents folded both ways.
    assert_eq!(
        titles(&lib.search("resume", &[], 10)),
        ["Résumé uploads not scanned"]
    );
    assert_eq!(
        titles(&lib.search("RÉSUMÉ", &[], 10)),
        ["Résumé uploads not scanned"]
    );
    // Kinds: the entry must apply to every one given.
    assert_eq!(
        titles(&lib.search("session", &[DataFlow], 10)),
        [
            "Session tokens in URLs",
            "Cookies without flags",
            "Replay of requests"
        ]
    );
    assert_eq!(
        titles(&lib.search("session", &[Process, DataFlow], 10)),
        ["Session tokens in URLs", "Replay of requests"]
    );
    assert!(lib.search("", &[ExternalEntity], 10).is_empty());
    assert!(lib.search("", &[TrustBoundary], 10).is_empty());
    // An empty query lists everything by title; the limit keeps the best.
    let all = titles(&lib.search("", &[], 100));
    assert_eq!(all.len(), 6);
    assert_eq!(all[0], "Cookies without flags");
    assert_eq!(
        titles(&lib.search("session", &[], 2)),
        ["Session tokens in URLs", "Weak session handling"]
    );
    assert!(lib.search("session", &[], 0).is_empty());
}

#[test]
fn updates_offer_a_newer_entry_and_taking_it_ends_the_notice() {
    let dir = tempfile::tempdir().expect("dir");
    let f = folder(dir.path(), "lib");
    let mut lib = Library::load(std::slice::from_ref(&f));
    let v1 = lib.save(&f, jwt_entry()).expect("save");
    let (_edir, mut eng) = new_engagement();
    let (_browser, api) = browser_and_api(&mut eng);
    let other = add(&mut eng, ElementKind::Process, "Billing", at(0.0, 300.0));
    eng.apply(Op::ApplyLibraryEntry {
        entry: v1.clone(),
        element_ids: vec![api.clone(), other.clone()],
    })
    .expect("apply");
    assert!(
        lib.updates(eng.state()).is_empty(),
        "same version: nothing to offer"
    );

    let mut better = v1.clone();
    better
        .recommended_actions
        .push("Keep tokens short-lived.".into());
    let v2 = lib.save(&f, better).expect("save v2");
    assert_eq!(v2.version, 2);
    let updates = lib.updates(eng.state());
    assert_eq!(updates.len(), 2, "both threats made from it");
    let u = &updates[0];
    assert_eq!(
        (u.entry_id.as_str(), u.from_version, u.entry.version),
        (v2.id.as_str(), 1, 2)
    );
    assert_eq!(u.changes.len(), 1, "{:?}", u.changes);
    assert_eq!(u.changes[0].field, "Recommended actions");
    assert!(u.changes[0].entry.ends_with("Keep tokens short-lived."));

    // Taking it on one threat and keeping the team's text on the other both end the notice.
    eng.apply(Op::TakeLibraryUpdate {
        threat_ids: vec![updates[0].threat_id.clone()],
        entry: v2.clone(),
        take: true,
    })
    .expect("take");
    let taken = &eng.state().threats[&updates[0].threat_id];
    assert_eq!(taken.recommended_actions, v2.recommended_actions);
    let left = lib.updates(eng.state());
    assert_eq!(left.len(), 1);
    eng.apply(Op::TakeLibraryUpdate {
        threat_ids: vec![left[0].threat_id.clone()],
        entry: v2,
        take: false,
    })
    .expect("keep");
    assert_eq!(
        eng.state().threats[&left[0].threat_id].recommended_actions,
        v1.recommended_actions
    );
    assert!(lib.updates(eng.state()).is_empty());
}

#[test]
fn harvest_offers_each_finding_once_and_marks_duplicates() {
    let dir = tempfile::tempdir().expect("dir");
    let f = folder(dir.path(), "lib");
    let mut lib = Library::load(std::slice::from_ref(&f));
    lib.save(&f, jwt_entry()).expect("save");
    let (_edir, mut eng) = new_engagement();
    let (browser, api) = browser_and_api(&mut eng);
    let store = add(
        &mut eng,
        ElementKind::DataStore,
        "Orders DB",
        at(500.0, 0.0),
    );
    let mut threat = |el: &str, category: Stride, title: &str| {
        let mut t = Threat::quick(el, category, title);
        t.scenario = format!("{title} — as seen at ACME.");
        eng.apply(Op::AddThreat { threat: t })
            .expect("add threat")
            .created[0]
            .clone()
    };
    let dup = threat(&api, Stride::Spoofing, "  jwt   SIGNATURE not verified ");
    let backup_api = threat(
        &api,
        Stride::InformationDisclosure,
        "Backups readable by operations staff",
    );
    let backup_db = threat(
        &store,
        Stride::InformationDisclosure,
        "Backups readable by operations  staff",
    );
    let phishing = threat(&browser, Stride::Spoofing, "Phishing of customer accounts");

    let candidates = library::harvest(eng.state(), &lib);
    assert_eq!(candidates.len(), 3, "{candidates:#?}");
    let by = |id: &str| {
        candidates
            .iter()
            .find(|c| c.threat_id == id)
            .expect("candidate")
    };
    assert_eq!(
        by(&dup).duplicate_of.as_deref(),
        Some("jwt-signature-not-verified")
    );
    // The same finding on two elements is one candidate (the first threat's text).
    let backups = candidates
        .iter()
        .find(|c| c.entry.title.starts_with("Backups"))
        .expect("backups");
    let mut both = vec![backups.threat_id.clone()];
    both.extend(backups.same_as.iter().cloned());
    both.sort();
    let mut expected = vec![backup_api, backup_db];
    expected.sort();
    assert_eq!(both, expected);
    assert_eq!(backups.duplicate_of, None);
    assert_eq!(
        backups.entry.applies_to,
        [ElementKind::Process, ElementKind::DataStore],
        "the kinds of every element it was on"
    );
    assert!(backups.entry.scenario.ends_with("— as seen at ACME."));
    assert_eq!(
        by(&phishing).entry.applies_to,
        [ElementKind::ExternalEntity]
    );
    assert!(candidates.iter().all(|c| c.problem.is_none()));

    let result = library::save_harvest(&mut lib, &f, &candidates, false).expect("save");
    let mut saved: Vec<&str> = result.saved.iter().map(|e| e.id.as_str()).collect();
    saved.sort();
    assert_eq!(
        saved,
        [
            "backups-readable-by-operations-staff",
            "phishing-of-customer-accounts"
        ]
    );
    assert_eq!(result.skipped.len(), 1);
    assert_eq!(result.skipped[0].threat_id, dup);
    // Harvested again, everything is a duplicate now.
    let again = library::harvest(eng.state(), &lib);
    assert!(again.iter().all(|c| c.duplicate_of.is_some()), "{again:#?}");
    // Asked to, duplicates are saved too, under new ids.
    let jwt: Vec<_> = again.into_iter().filter(|c| c.threat_id == dup).collect();
    let forced = library::save_harvest(&mut lib, &f, &jwt, true).expect("save");
    assert_eq!(forced.saved[0].id, "jwt-signature-not-verified-2");
    assert_eq!(Library::load(std::slice::from_ref(&f)).len(), 4);
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
