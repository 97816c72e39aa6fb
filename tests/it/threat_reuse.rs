//! Reusing threats: a library entry applied to several elements in one step,
//! its update taken or declined, threats copied and moved between elements.

use crate::common::*;

fn entry() -> LibraryEntry {
    LibraryEntry {
        id: "jwt-signature-not-verified".into(),
        version: 1,
        title: "JWT signature not verified".into(),
        category: Stride::Spoofing,
        applies_to: vec![ElementKind::Process],
        scenario: "The service decodes the token without checking its signature.".into(),
        impact: Impact {
            affected_users: Some(Rating::High),
            rationale: "Every account can be taken over.".into(),
            ..Default::default()
        },
        likelihood: Likelihood {
            exploitability: Some(Rating::Medium),
            rationale: "Tools forge tokens in seconds.".into(),
            ..Default::default()
        },
        recommended_actions: vec!["Verify the signature with a pinned algorithm.".into()],
        references: vec!["CWE-347".into()],
        tags: vec!["jwt".into(), "auth".into()],
    }
}

/// Two processes and a store, and the ids.
fn three(eng: &mut Engagement) -> (String, String, String) {
    let a = add(eng, ElementKind::Process, "API", at(0.0, 0.0));
    let b = add(eng, ElementKind::Process, "Worker", at(300.0, 0.0));
    let s = add(eng, ElementKind::DataStore, "DB", at(600.0, 0.0));
    (a, b, s)
}

fn threats_on<'a>(eng: &'a Engagement, element: &str) -> Vec<&'a Threat> {
    eng.state()
        .threats
        .values()
        .filter(|t| t.element_ids.iter().any(|e| e == element))
        .collect()
}

#[test]
fn an_entry_applied_to_two_elements_is_one_step_with_provenance() {
    let (_d, mut eng) = new_engagement();
    let (a, b, _) = three(&mut eng);
    let before = eng.state().clone();
    let change = eng
        .apply(Op::ApplyLibraryEntry {
            entry: entry(),
            element_ids: vec![a.clone(), b.clone()],
        })
        .expect("apply");
    assert_eq!(change.created.len(), 2);
    for el in [&a, &b] {
        let on = threats_on(&eng, el);
        assert_eq!(on.len(), 1, "one threat on {el}");
        let t = on[0];
        assert_eq!(t.title, "JWT signature not verified");
        assert_eq!(t.category, Stride::Spoofing);
        assert_eq!(t.scenario, entry().scenario);
        assert_eq!(t.impact.affected_users, Some(Rating::High));
        assert_eq!(t.likelihood.rationale, "Tools forge tokens in seconds.");
        assert_eq!(t.references, vec!["CWE-347".to_string()]);
        assert_eq!(t.lifecycle, FindingState::Draft);
        assert_eq!(
            t.origin,
            Origin::Library {
                entry_id: "jwt-signature-not-verified".into(),
                version: 1
            }
        );
    }
    eng.apply(UNDO).expect("undo");
    assert_eq!(eng.state(), &before, "one undo takes both back");
    eng.apply(REDO).expect("redo");
    assert_eq!(eng.state().threats.len(), 2);
}

#[test]
fn an_entry_is_refused_whole_where_stride_does_not_apply_or_it_is_invalid() {
    let (_d, mut eng) = new_engagement();
    let (a, _, s) = three(&mut eng);
    let before = eng.state().clone();
    // Spoofing does not apply to a data store: nothing is added to either.
    let err = eng
        .apply(Op::ApplyLibraryEntry {
            entry: entry(),
            element_ids: vec![a.clone(), s],
        })
        .expect_err("spoofing a data store");
    assert!(err.to_string().contains("does not apply"), "{err}");
    let mut bad = entry();
    bad.references = vec!["see the wiki".into()];
    assert!(eng
        .apply(Op::ApplyLibraryEntry {
            entry: bad,
            element_ids: vec![a.clone()],
        })
        .is_err());
    assert!(eng
        .apply(Op::ApplyLibraryEntry {
            entry: entry(),
            element_ids: vec![],
        })
        .is_err());
    assert!(eng
        .apply(Op::ApplyLibraryEntry {
            entry: entry(),
            element_ids: vec![a.clone(), a],
        })
        .is_err());
    assert_eq!(eng.state(), &before);
}

#[test]
fn an_updated_entry_shows_its_diff_and_its_text_can_be_taken_or_declined() {
    let (_d, mut eng) = new_engagement();
    let (a, b, _) = three(&mut eng);
    let ids = eng
        .apply(Op::ApplyLibraryEntry {
            entry: entry(),
            element_ids: vec![a, b],
        })
        .expect("apply")
        .created;
    // The team rates one for this customer and edits its scenario.
    let mut edited = eng.state().threats[&ids[0]].clone();
    edited.impact.affected_users = Some(Rating::Low);
    edited.scenario = "Customer X's gateway decodes the token unchecked.".into();
    eng.apply(Op::UpdateThreat { threat: edited })
        .expect("edit");

    let mut v2 = entry();
    v2.version = 2;
    v2.scenario = "Any service that decodes a token without its signature.".into();
    v2.recommended_actions
        .push("Reject tokens with alg=none.".into());
    let t0 = eng.state().threats[&ids[0]].clone();
    assert!(v2.updates(&t0));
    assert!(!entry().updates(&t0), "the same version is no update");
    let fields: Vec<String> = v2.diff(&t0).into_iter().map(|c| c.field).collect();
    assert_eq!(fields, ["Scenario", "Recommended actions"]);
    let change = &v2.diff(&t0)[0];
    assert_eq!(
        change.threat,
        "Customer X's gateway decodes the token unchecked."
    );
    assert_eq!(change.entry, v2.scenario);

    // Take the new text: the texts change, the ratings and status stay.
    let before = eng.state().clone();
    eng.apply(Op::TakeLibraryUpdate {
        threat_ids: vec![ids[0].clone()],
        entry: v2.clone(),
        take: true,
    })
    .expect("take");
    let t = &eng.state().threats[&ids[0]];
    assert_eq!(t.scenario, v2.scenario);
    assert_eq!(t.recommended_actions.len(), 2);
    assert_eq!(t.impact.affected_users, Some(Rating::Low), "ratings stay");
    assert_eq!(
        t.origin,
        Origin::Library {
            entry_id: v2.id.clone(),
            version: 2
        }
    );
    assert!(!v2.updates(t), "no longer an update");
    eng.apply(UNDO).expect("undo");
    assert_eq!(eng.state(), &before);

    // Keep the team's text: only the version followed.
    eng.apply(Op::TakeLibraryUpdate {
        threat_ids: vec![ids[1].clone()],
        entry: v2.clone(),
        take: false,
    })
    .expect("keep");
    let t = &eng.state().threats[&ids[1]];
    assert_eq!(t.scenario, entry().scenario, "the text is kept");
    assert!(!v2.updates(t));
    // Taking it again is refused: the threat already follows version 2.
    assert!(eng
        .apply(Op::TakeLibraryUpdate {
            threat_ids: vec![ids[1].clone()],
            entry: v2,
            take: true,
        })
        .is_err());
}

#[test]
fn a_copy_keeps_every_field_and_the_history_on_new_ids() {
    let (_d, mut eng) = new_engagement();
    let (a, b, _) = three(&mut eng);
    let mut t = Threat::quick(&a, Stride::Tampering, "Orders altered in flight");
    t.scenario = "An insider edits the queue.".into();
    rate(&mut t, Rating::High, Rating::Medium);
    t.recommended_actions = vec!["Sign messages.".into()];
    t.references = vec!["CWE-345".into()];
    let id = eng.apply(Op::AddThreat { threat: t }).expect("add").created[0].clone();
    move_to(&mut eng, &id, FindingState::Validated);
    eng.apply(Op::CommentOnFinding {
        threat_id: id.clone(),
        by: "Customer".into(),
        text: "Confirmed.".into(),
        from_customer: true,
        at_ms: None,
    })
    .expect("comment");
    let original = eng.state().threats[&id].clone();
    let before = eng.state().clone();
    let created = eng
        .apply(Op::CopyThreats {
            threats: vec![original.clone()],
            element_ids: vec![b.clone()],
        })
        .expect("copy")
        .created;
    assert_eq!(created.len(), 1);
    let copy = &eng.state().threats[&created[0]];
    assert_ne!(copy.id, original.id);
    assert_eq!(copy.element_ids, vec![b.clone()]);
    let same = Threat {
        id: original.id.clone(),
        element_ids: original.element_ids.clone(),
        ..copy.clone()
    };
    assert_eq!(same, original, "every other field, the history included");
    assert_eq!(eng.state().threats[&id], original, "the original stays");
    eng.apply(UNDO).expect("undo");
    assert_eq!(eng.state(), &before);
}

#[test]
fn a_threat_pasted_from_another_engagement_is_held_to_the_limits() {
    let (_d, mut eng) = new_engagement();
    let (a, _, _) = three(&mut eng);
    let mut foreign = Threat::quick("elsewhere", Stride::Tampering, "From another file");
    foreign.id = "t99".into();
    foreign.source = Some(NoteSource {
        session_id: "s1".into(),
        note_id: "n404".into(),
        offset_ms: None,
    });
    let created = eng
        .apply(Op::CopyThreats {
            threats: vec![foreign.clone()],
            element_ids: vec![a.clone()],
        })
        .expect("paste")
        .created;
    let t = &eng.state().threats[&created[0]];
    assert_eq!(t.source, None, "a note this engagement lacks is not linked");
    let before = eng.state().clone();
    foreign.title = "x".repeat(MAX_NAME + 1);
    assert!(eng
        .apply(Op::CopyThreats {
            threats: vec![foreign],
            element_ids: vec![a],
        })
        .is_err());
    assert_eq!(eng.state(), &before);
}

#[test]
fn a_move_keeps_the_threat_and_its_history_and_a_rules_key_follows() {
    let (_d, mut eng) = new_engagement();
    let (a, b, s) = three(&mut eng);
    let id = eng
        .apply(Op::AddThreat {
            threat: Threat::quick(&a, Stride::Tampering, "Config tampered"),
        })
        .expect("add")
        .created[0]
        .clone();
    move_to(&mut eng, &id, FindingState::Reported);
    let before = eng.state().clone();
    eng.apply(Op::MoveThreats {
        threat_ids: vec![id.clone()],
        element_ids: vec![b.clone()],
    })
    .expect("move");
    let t = &eng.state().threats[&id];
    assert_eq!(t.element_ids, vec![b.clone()]);
    assert_eq!(t.lifecycle, FindingState::Reported);
    assert_eq!(t.lifecycle_history, before.threats[&id].lifecycle_history);
    assert!(threats_on(&eng, &a).is_empty());
    eng.apply(UNDO).expect("undo");
    assert_eq!(eng.state(), &before);
    // Elevation of privilege does not apply to a store: refused, unchanged.
    let e = eng
        .apply(Op::AddThreat {
            threat: Threat::quick(&a, Stride::ElevationOfPrivilege, "Admin by default"),
        })
        .expect("add")
        .created[0]
        .clone();
    let before = eng.state().clone();
    assert!(eng
        .apply(Op::MoveThreats {
            threat_ids: vec![e],
            element_ids: vec![s],
        })
        .is_err());
    assert_eq!(eng.state(), &before);

    // An accepted suggestion moved to another process is that rule's there.
    let mut rule = Threat::quick(&a, Stride::Tampering, "By a rule");
    rule.id = "t-rule".into();
    rule.origin = Origin::Rule {
        rule_id: "process-input".into(),
        key: Suggestion::key_of("process-input", &a),
    };
    let pasted = eng
        .apply(Op::CopyThreats {
            threats: vec![rule],
            element_ids: vec![b.clone()],
        })
        .expect("copy")
        .created;
    assert_eq!(
        eng.state().threats[&pasted[0]].origin,
        Origin::Rule {
            rule_id: "process-input".into(),
            key: Suggestion::key_of("process-input", &b)
        }
    );
}

/// A report says which findings came from the library only when asked: in the
/// PDF, the spreadsheet, Jira and the wiki.
#[test]
fn exports_name_the_library_entry_only_when_asked() {
    use threatloom::export::{jira, markdown, pdf, xlsx};
    let (dir, mut eng) = new_engagement();
    let (a, _, _) = three(&mut eng);
    eng.apply(Op::ApplyLibraryEntry {
        entry: entry(),
        element_ids: vec![a.clone()],
    })
    .expect("apply");
    eng.apply(Op::AddThreat {
        threat: Threat::quick(&a, Stride::Tampering, "Typed by hand"),
    })
    .expect("add");
    let says = "jwt-signature-not-verified, version 1";
    for asked in [false, true] {
        let filter = ExportFilter {
            library_source: asked,
            ..ExportFilter::default()
        };
        let report = eng.report(&filter);
        let sources: Vec<Option<&str>> = report
            .findings
            .iter()
            .map(|f| f.library_source.as_deref())
            .collect();
        let wiki: String = markdown::wiki(&report)
            .into_iter()
            .map(|(_, text)| text)
            .collect();
        let jira = jira::csv(&report, &Default::default()).expect("jira");
        let sheet =
            crate::report_formats::sheet(&xlsx::workbook(&report).expect("xlsx"), "Findings");
        let pdf_path = dir.path().join(format!("r{asked}.pdf"));
        std::fs::write(&pdf_path, pdf::report(eng.state(), &report).expect("pdf")).expect("write");
        let pdf_text = crate::report_pdf::pages_text(&pdf_path).join("\n");
        if asked {
            assert!(
                sources.contains(&Some(says)) && sources.contains(&None),
                "{sources:?}"
            );
            assert!(wiki.contains(&format!("Library entry: {says}")), "{wiki}");
            assert!(jira.contains(says));
            assert_eq!(sheet[0].last().map(String::as_str), Some("Library entry"));
            assert!(sheet
                .iter()
                .any(|row| row.last().map(String::as_str) == Some(says)));
            assert!(pdf_text.contains("Library entry"), "{pdf_text}");
        } else {
            assert!(sources.iter().all(Option::is_none), "never by default");
            for text in [&wiki, &jira, &pdf_text] {
                assert!(!text.contains("jwt-signature-not-verified"));
                assert!(!text.contains("Library entry"));
            }
            assert!(!sheet[0].iter().any(|c| c == "Library entry"));
        }
    }
}
