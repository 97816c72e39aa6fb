//! Every finding can be told apart: a flow whose label repeats (or is empty)
//! is named "label (source → target)" in report findings and coverage rows,
//! and a suggestion's title says where when its rule fires on several elements.

use crate::common::*;
use threatloom::analysis::rules::suggest;

struct Drawn {
    _dir: tempfile::TempDir,
    eng: Engagement,
    mobile: String,
    api: String,
    https_mobile: String,
    https_web: String,
    launch: String,
    unnamed: String,
}

/// Mobile → API "HTTPS", Web → API "https", Mobile → Web "Launch", API → Web "".
fn drawn() -> Drawn {
    let (dir, mut eng) = new_engagement();
    let mobile = add(
        &mut eng,
        ElementKind::ExternalEntity,
        "Mobile",
        at(0.0, 0.0),
    );
    let web = add(&mut eng, ElementKind::Process, "Web", at(300.0, 0.0));
    let api = add(&mut eng, ElementKind::Process, "API", at(600.0, 0.0));
    let https_mobile = connect(&mut eng, &mobile, &api, "HTTPS");
    let https_web = connect(&mut eng, &web, &api, "https ");
    let launch = connect(&mut eng, &mobile, &web, "Launch");
    let unnamed = connect(&mut eng, &api, &web, "");
    Drawn {
        _dir: dir,
        eng,
        mobile,
        api,
        https_mobile,
        https_web,
        launch,
        unnamed,
    }
}

fn threat_on(eng: &mut Engagement, ids: &[&str], title: &str) {
    let mut t = Threat::quick(ids[0], Stride::Tampering, title);
    t.element_ids = ids.iter().map(|s| s.to_string()).collect();
    eng.apply(Op::AddThreat { threat: t }).expect("add threat");
}

#[test]
fn repeated_and_empty_flow_labels_are_disambiguated_in_findings_and_coverage() {
    let mut d = drawn();
    let ids = [&d.https_mobile, &d.https_web, &d.launch, &d.unnamed, &d.api];
    for id in ids {
        threat_on(&mut d.eng, &[id], &format!("on {id}"));
    }
    threat_on(&mut d.eng, &[&d.api, &d.https_mobile], "two assets");

    let expected = [
        (&d.https_mobile, "HTTPS (Mobile → API)"),
        (&d.https_web, "https (Web → API)"),
        (&d.launch, "Launch"),
        (&d.unnamed, "API → Web"),
        (&d.api, "API"),
    ];
    let report = report_of(&d.eng);
    let asset_of = |title: &str| {
        report
            .findings
            .iter()
            .find(|f| f.title == title)
            .map(|f| f.affected_asset.clone())
            .unwrap_or_else(|| panic!("no finding '{title}'"))
    };
    for (id, name) in expected {
        assert_eq!(asset_of(&format!("on {id}")), name);
    }
    assert_eq!(asset_of("two assets"), "API, HTTPS (Mobile → API)");
    // The lists (threat list, Findings view) read the same names from the overview.
    let lists = threatloom::analysis::overview::overview(d.eng.state()).assets;
    for f in &report.findings {
        assert_eq!(
            lists[&f.id], f.affected_asset,
            "{}: one name everywhere",
            f.title
        );
    }

    for cov in [coverage(d.eng.state()), report.coverage.clone()] {
        for (id, name) in expected {
            let row = cov
                .rows
                .iter()
                .find(|r| &r.element_id == id)
                .expect("a row");
            assert_eq!(row.name, name);
        }
        let mobile = cov.rows.iter().find(|r| r.element_id == d.mobile);
        assert_eq!(mobile.map(|r| r.name.as_str()), Some("Mobile"));
    }
}

#[test]
fn a_label_made_unique_again_is_the_label_alone() {
    let mut d = drawn();
    d.eng
        .apply(Op::Rename {
            id: d.https_web.clone(),
            name: "Internal call".into(),
        })
        .expect("rename");
    threat_on(&mut d.eng, &[&d.https_mobile], "t");
    let report = report_of(&d.eng);
    assert_eq!(report.findings[0].affected_asset, "HTTPS");
    let row = report
        .coverage
        .rows
        .iter()
        .find(|r| r.element_id == d.https_web)
        .expect("a row");
    assert_eq!(row.name, "Internal call");
}

fn pending(eng: &Engagement, only: Option<&str>) -> Vec<Suggestion> {
    let state = eng.state();
    let rules = RuleSet::builtin().expect("built-in rules");
    suggest(state, &rules, &containment_all(state), only)
}

#[test]
fn a_suggestion_title_says_where_only_when_its_rule_fires_more_than_once() {
    let d = drawn();
    let all = pending(&d.eng, None);
    let title = |rule: &str, element: &str| {
        all.iter()
            .find(|s| s.rule_id == rule && s.element_id == element)
            .map(|s| s.title.clone())
            .unwrap_or_else(|| panic!("{rule} did not fire on {element}"))
    };
    // The flows labelled HTTPS say they are encrypted; the rule fires on the other two.
    let fired_on: Vec<&str> = all
        .iter()
        .filter(|s| s.rule_id == "flow-cleartext")
        .map(|s| s.element_id.as_str())
        .collect();
    assert_eq!(fired_on.len(), 2, "{fired_on:?}");
    assert_eq!(
        title("flow-cleartext", &d.launch),
        "Data readable on the wire: Mobile → Web"
    );
    assert_eq!(
        title("flow-cleartext", &d.unnamed),
        "Data readable on the wire: API → Web"
    );
    // One external entity: its rule fires once, the title is the rule's.
    assert_eq!(
        title("entity-identity-unverified", &d.mobile),
        "Anyone can claim to be this actor"
    );
    // The key does not carry the place.
    let s = all
        .iter()
        .find(|s| s.rule_id == "flow-cleartext" && s.element_id == d.launch)
        .expect("fires on Launch");
    assert_eq!(s.key, format!("flow-cleartext@{}", d.launch));

    // One element's suggestions say the same as the full run.
    for id in [&d.launch, &d.mobile] {
        let only = pending(&d.eng, Some(id));
        let from_all: Vec<_> = all
            .iter()
            .filter(|s| &s.element_id == id)
            .cloned()
            .collect();
        assert_eq!(only, from_all, "{id}");
    }
}

#[test]
fn the_title_stays_once_others_are_triaged_and_is_editable_once_accepted() {
    let mut d = drawn();
    let first = pending(&d.eng, Some(&d.unnamed))
        .into_iter()
        .find(|s| s.rule_id == "flow-cleartext")
        .expect("fires");
    assert_eq!(first.title, "Data readable on the wire: API → Web");
    d.eng
        .apply(Op::AcceptSuggestion {
            suggestion: first.clone(),
        })
        .expect("accept");
    let left = pending(&d.eng, Some(&d.launch));
    let launch = left
        .iter()
        .find(|s| s.rule_id == "flow-cleartext")
        .expect("the other one");
    assert_eq!(launch.title, "Data readable on the wire: Mobile → Web");

    let mut t = d
        .eng
        .state()
        .threats
        .values()
        .find(|t| t.title == first.title)
        .cloned()
        .expect("accepted with its title");
    t.title = "Sign-in readable on café Wi-Fi".into();
    d.eng
        .apply(Op::UpdateThreat { threat: t.clone() })
        .expect("edit");
    assert_eq!(d.eng.state().threats[&t.id].title, t.title);
}
