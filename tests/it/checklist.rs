//! The checklist: the built-in bank, the team's questions, answers that set properties.

use crate::common::*;
use threatloom::analysis::rules::suggest;
use threatloom::model::checklist::*;

#[test]
fn the_built_in_bank_covers_the_process_documents_topics() {
    let bank = parse(include_str!("../../checklist/questions.toml")).expect("the bank parses");
    assert_eq!(bank.len(), builtin().len());
    let topics: std::collections::BTreeSet<&str> = bank.iter().map(|q| q.topic.as_str()).collect();
    for topic in [
        "Authentication",
        "Access levels",
        "Hashing and encryption",
        "Secrets and keys",
        "Database keys",
        "Platform",
        "Logging and monitoring",
        "Third parties",
        "Data classification",
        "Availability",
    ] {
        assert!(topics.contains(topic), "{topic}");
    }
    let mut ids: Vec<&str> = bank.iter().map(|q| q.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), bank.len(), "ids are unique");
    // A question that sets a property names a real one with a valid value.
    for q in bank.iter().filter(|q| q.property.is_some()) {
        let (key, value) = (
            q.property.as_deref().expect("key"),
            q.value.as_ref().expect("a value goes with the property"),
        );
        assert!(
            ElementKind::ALL
                .iter()
                .any(|k| props::validate(*k, key, value).is_ok()),
            "{}: {key} = {value:?}",
            q.id
        );
    }
}

#[test]
fn an_answer_sets_the_property_the_rules_read() {
    let (_dir, mut eng) = new_engagement();
    let app = add(&mut eng, ElementKind::Process, "API", at(0.0, 0.0));
    let db = add(
        &mut eng,
        ElementKind::DataStore,
        "Payroll DB",
        at(300.0, 0.0),
    );
    connect(&mut eng, &app, &db, "query");
    let rules = RuleSet::builtin().expect("rules");
    let enumeration = |eng: &Engagement| {
        suggest(
            eng.state(),
            &rules,
            &containment_all(eng.state()),
            Some(&db),
        )
        .iter()
        .any(|s| s.rule_id == "store-predictable-keys")
    };
    assert!(!enumeration(&eng));

    let answer = ChecklistAnswer {
        id: "db-keys-incremental".into(),
        status: AnswerStatus::Answered,
        answer: "Yes, payslip ids are sequential and appear in URLs".into(),
        element_ids: vec![db.clone(), app.clone()],
        led_to: String::new(),
    };
    let before = eng.state().clone();
    eng.apply(Op::AnswerChecklist {
        answer: answer.clone(),
        set_property: true,
    })
    .expect("answer");
    assert_eq!(
        eng.state().elements[&db].props.get("key_type"),
        Some(&PropValue::Text("incremental integer".into()))
    );
    assert!(
        !eng.state().elements[&app].props.contains_key("key_type"),
        "only where the property applies"
    );
    assert!(enumeration(&eng), "the rules now see incremental keys");
    eng.apply(Op::Undo {
        scope: UndoScope::Scoping,
    })
    .expect("undo");
    assert_eq!(eng.state(), &before, "answer and property are one step");

    let only_app = ChecklistAnswer {
        element_ids: vec![app.clone()],
        ..answer.clone()
    };
    assert!(
        eng.apply(Op::AnswerChecklist {
            answer: only_app,
            set_property: true
        })
        .is_err(),
        "no linked element takes the property"
    );
    let no_property = ChecklistAnswer {
        id: "auth-methods".into(),
        ..answer
    };
    assert!(eng
        .apply(Op::AnswerChecklist {
            answer: no_property,
            set_property: true
        })
        .is_err());
}

#[test]
fn teams_add_their_own_questions() {
    let (_dir, mut eng) = new_engagement();
    let q = CustomQuestion {
        id: String::new(),
        topic: "Payroll".into(),
        text: "Who can see other employees' payslips?".into(),
    };
    let id = eng
        .apply(Op::PutQuestion { question: q })
        .expect("add")
        .created[0]
        .clone();
    let entries = checklist_entries(eng.state());
    assert_eq!(entries.len(), builtin().len() + 1);
    assert!(entries.iter().any(|e| e.custom && e.question.id == id));
    let answer = ChecklistAnswer {
        id: id.clone(),
        status: AnswerStatus::NotRelevant,
        answer: String::new(),
        element_ids: vec![],
        led_to: String::new(),
    };
    eng.apply(Op::AnswerChecklist {
        answer,
        set_property: false,
    })
    .expect("answer");
    assert_eq!(
        find(eng.state(), &id).map(|q| q.topic),
        Some("Payroll".into())
    );
    eng.apply(Op::DeleteQuestion { id: id.clone() })
        .expect("delete");
    assert!(eng.state().answers.is_empty(), "its answer goes with it");
    let builtin_edit = CustomQuestion {
        id: "auth-mfa".into(),
        topic: "x".into(),
        text: "y".into(),
    };
    assert!(eng
        .apply(Op::PutQuestion {
            question: builtin_edit
        })
        .is_err());
    let unknown = ChecklistAnswer {
        id: "nope".into(),
        status: AnswerStatus::Answered,
        answer: String::new(),
        element_ids: vec![],
        led_to: String::new(),
    };
    assert!(matches!(
        eng.apply(Op::AnswerChecklist {
            answer: unknown,
            set_property: false
        }),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn the_four_questions_on_a_built_engagement() {
    let dir = tempfile::tempdir().expect("dir");
    let mut eng = demo::write(&dir.path().join("demo.threatmodel")).expect("demo");
    // The demo already holds threats, sessions and notes: count what this test adds.
    let base = four_questions(eng.state());
    let rules = RuleSet::builtin().expect("rules");
    let pending = suggest(
        eng.state(),
        &rules,
        &containment_all(eng.state()),
        Some("f-query"),
    );
    eng.apply(Op::AcceptSuggestion {
        suggestion: pending[0].clone(),
    })
    .expect("accept");
    let mut rated = Threat::quick(
        "db",
        Stride::InformationDisclosure,
        "Payslips of others readable",
    );
    rated.impact = Impact {
        affected_users: Some(Rating::High),
        reputational: Some(Rating::High),
        financial: Some(Rating::Medium),
        rated_overall: None,
        rationale: String::new(),
    };
    rated.likelihood = Likelihood {
        reproducibility: Some(Rating::High),
        exploitability: Some(Rating::High),
        discoverability: Some(Rating::Medium),
        rated_overall: None,
        rationale: String::new(),
    };
    rated.recommended_actions = vec![
        "Check ownership on every read".into(),
        "Use random ids".into(),
    ];
    let id = eng
        .apply(Op::AddThreat { threat: rated })
        .expect("add")
        .created[0]
        .clone();
    move_to(&mut eng, &id, FindingState::Mitigated);
    let s = plan_session(&mut eng, "Scoping", "2026-12-01", true);
    let q = Note {
        id: String::new(),
        session_id: s,
        text: "Who runs the IdP?".into(),
        author_id: None,
        kind: NoteKind::Question,
        offset_ms: None,
        element_ids: vec![],
        answers: None,
        processing: Processing::Unprocessed,
        created_at_ms: 0,
    };
    eng.apply(Op::AddNote {
        note: q,
        at_ms: None,
    })
    .expect("note");
    let answer = ChecklistAnswer {
        id: "auth-methods".into(),
        status: AnswerStatus::Answered,
        answer: "OIDC".into(),
        element_ids: vec![],
        led_to: String::new(),
    };
    eng.apply(Op::AnswerChecklist {
        answer,
        set_property: false,
    })
    .expect("answer");

    let f = four_questions(eng.state());
    assert_eq!(
        (
            f.working_on.diagrams,
            f.working_on.elements,
            f.working_on.flows
        ),
        (1, 5, 8)
    );
    assert_eq!(
        f.working_on.flows_crossing_boundaries, 4,
        "sign-in and pages cross both boundaries; the two IdP flows leave the company network"
    );
    assert_eq!(f.working_on.out_of_scope, 1);
    let (g, b) = (&f.can_go_wrong, &base.can_go_wrong);
    assert_eq!(
        (
            g.threats - b.threats,
            g.critical - b.critical,
            g.unrated - b.unrated
        ),
        (2, 1, 1)
    );
    let (d, b) = (&f.doing_about_it, &base.doing_about_it);
    assert_eq!((d.open - b.open, d.mitigated - b.mitigated), (1, 1));
    assert_eq!(
        d.recommended_actions - b.recommended_actions,
        2 + pending[0].recommended_actions.len() as u32
    );
    let (g, b) = (&f.good_enough, &base.good_enough);
    assert_eq!(
        (
            g.open_questions - b.open_questions,
            g.unprocessed_notes - b.unprocessed_notes
        ),
        (1, 1)
    );
    assert_eq!(g.checklist_answered - b.checklist_answered, 1);
    assert!(f
        .good_enough
        .coverage_percent
        .is_some_and(|p| p > 0.0 && p < 100.0));
}
