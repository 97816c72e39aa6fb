//! One firing and one silent case per rule (the cases are in `cases` and `cases_flows`).

use super::*;

use super::cases::cases;

pub(super) type Build = fn(&mut Dfd) -> String;

pub(super) struct Case {
    rule: &'static str,
    fires: bool,
    /// What the diagram shows, for the failure message.
    what: &'static str,
    build: Build,
}

pub(super) fn fire(rule: &'static str, what: &'static str, build: Build) -> Case {
    Case {
        rule,
        fires: true,
        what,
        build,
    }
}

pub(super) fn silent(rule: &'static str, what: &'static str, build: Build) -> Case {
    Case {
        rule,
        fires: false,
        what,
        build,
    }
}

fn run(case: &Case) -> (Dfd, String, Vec<Suggestion>) {
    let mut d = Dfd::new();
    let element = (case.build)(&mut d);
    let found = d.suggestions();
    (d, element, found)
}

#[test]
fn every_rule_has_a_firing_and_a_silent_case() {
    let set = builtin();
    let cases = cases();
    for rule in &set.rules {
        let mine: Vec<&Case> = cases.iter().filter(|c| c.rule == rule.id).collect();
        assert!(
            mine.iter().any(|c| c.fires),
            "rule '{}' has no case where it fires",
            rule.id
        );
        assert!(
            mine.iter().any(|c| !c.fires),
            "rule '{}' has no case where it stays silent",
            rule.id
        );
    }
    for case in &cases {
        assert!(
            set.rules.iter().any(|r| r.id == case.rule),
            "a case names '{}', which is not a built-in rule",
            case.rule
        );
    }
}

#[test]
fn each_rule_fires_and_stays_silent_where_its_cases_say() {
    let set = builtin();
    let mut failures = Vec::new();
    for case in cases() {
        let Some(rule) = set.rules.iter().find(|r| r.id == case.rule) else {
            continue;
        };
        let (d, element, found) = run(&case);
        let e = &d.eng.state().elements[&element];
        // A silent case only means something for a kind the rule looks at.
        assert!(
            rule.applies_to.contains(&e.kind),
            "case '{}' of {} builds a {}, which the rule never looks at",
            case.what,
            case.rule,
            e.kind.label()
        );
        match (case.fires, fired(&found, case.rule, &element)) {
            (true, None) => failures.push(format!("{} should fire: {}", case.rule, case.what)),
            (false, Some(_)) => {
                failures.push(format!("{} should stay silent: {}", case.rule, case.what))
            }
            (true, Some(s)) => {
                assert_eq!(s.key, Suggestion::key_of(&rule.id, &element));
                assert_eq!(s.category, rule.category);
                assert_eq!(s.title, rule.title);
                assert_eq!(s.recommended_actions, rule.actions);
                assert_eq!(s.references, rule.references);
            }
            (false, None) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn out_of_scope_silences_every_firing_case() {
    for case in cases().into_iter().filter(|c| c.fires) {
        let (mut d, element, found) = run(&case);
        assert!(
            fired(&found, case.rule, &element).is_some(),
            "{}: {}",
            case.rule,
            case.what
        );
        d.set(&element, "out_of_scope", PropValue::Bool(true));
        let found = d.suggestions();
        assert!(
            found.iter().all(|s| s.element_id != element),
            "{}: an out-of-scope element still gets suggestions",
            case.rule
        );
    }
}

#[test]
fn suggestions_for_one_element_match_the_full_run() {
    let mut d = Dfd::new();
    let p = process(
        &mut d,
        &[("internet_facing", "true"), ("authentication", "password")],
    );
    let s = store(&mut d, &[("is_log", "true")]);
    let state = d.eng.state();
    let set = builtin();
    let all = suggestions_of(state, &set);
    for id in [&p, &s] {
        let only = suggest(state, &set, &analyses(state), Some(id));
        let from_all: Vec<Suggestion> = all
            .iter()
            .filter(|x| &x.element_id == id)
            .cloned()
            .collect();
        assert!(!only.is_empty());
        assert_eq!(only, from_all);
    }
}
