//! Finding entries again: search as you type for the picker, updates offered
//! to threats made from an older version, harvesting a past engagement.

use super::{entry, folder, jwt_entry};
use crate::common::*;
use threatloom::library::{self, Library};

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
