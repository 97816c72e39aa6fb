//! The engagement's people, scope, sessions and notes.

use crate::common::*;

const T0: f64 = 1_780_000_000_000.0;
const MIN: f64 = 60_000.0;

fn person(eng: &mut Engagement, name: &str, side: Side) -> String {
    let person = Person {
        id: String::new(),
        name: name.into(),
        side,
        role: "Consultant".into(),
    };
    eng.apply(Op::PutPerson { person }).expect("person").created[0].clone()
}

fn session(
    eng: &mut Engagement,
    title: &str,
    date: &str,
    minutes: u32,
    online: bool,
    attendees: &[&str],
) -> String {
    let session = Session {
        id: String::new(),
        kind: SessionKind::FollowUp,
        title: title.into(),
        date: date.into(),
        planned_minutes: minutes,
        online,
        attendees: attendees
            .iter()
            .map(|p| Attendee {
                person_id: p.to_string(),
                role: SessionRole::Participant,
            })
            .collect(),
        recording: String::new(),
        started_at_ms: None,
        ended_at_ms: None,
    };
    eng.apply(Op::PutSession { session })
        .expect("session")
        .created[0]
        .clone()
}

fn note(session_id: &str, kind: NoteKind, text: &str) -> Note {
    Note {
        id: String::new(),
        session_id: session_id.into(),
        text: text.into(),
        author_id: None,
        kind,
        offset_ms: None,
        element_ids: vec![],
        answers: None,
        processing: Processing::Unprocessed,
        created_at_ms: 0,
    }
}

fn add_note(eng: &mut Engagement, n: Note, at: f64) -> String {
    eng.apply(Op::AddNote {
        note: n,
        at_ms: Some(at),
    })
    .expect("note")
    .created[0]
        .clone()
}

#[test]
fn elapsed_time_stamps() {
    assert_eq!(stamp(0), "00:00:00");
    assert_eq!(stamp((34 * 60 + 12) * 1000 + 999), "00:34:12");
    assert_eq!(stamp(((2 * 60 + 5) * 60 + 9) * 1000), "02:05:09");
    assert_eq!(stamp(-5), "00:00:00");
}

#[test]
fn a_note_in_a_running_session_is_stamped_with_the_elapsed_time() {
    let (_dir, mut eng) = new_engagement();
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let s = session(&mut eng, "Follow-up 1", "2026-12-03 14:00", 90, true, &[]);
    let before = add_note(
        &mut eng,
        note(&s, NoteKind::Observation, "Prep notes"),
        T0 - MIN,
    );
    assert_eq!(
        eng.state().notes[&before].offset_ms,
        None,
        "no stamp before the session runs"
    );
    eng.apply(Op::StartSession {
        id: s.clone(),
        at_ms: Some(T0),
    })
    .expect("start");
    let n = Note {
        element_ids: vec![app.clone()],
        ..note(&s, NoteKind::Observation, "Passwords hashed with SHA-1")
    };
    let id = add_note(&mut eng, n, T0 + 34.0 * MIN + 12_000.0);
    let stored = &eng.state().notes[&id];
    assert_eq!(stored.offset_ms.map(stamp).as_deref(), Some("00:34:12"));
    assert_eq!(stored.element_ids, vec![app]);
    assert!(
        eng.apply(Op::StartSession {
            id: s.clone(),
            at_ms: Some(T0)
        })
        .is_err(),
        "started once"
    );
    let other = session(&mut eng, "Follow-up 2", "2026-12-04", 60, false, &[]);
    assert!(
        eng.apply(Op::StartSession {
            id: other,
            at_ms: Some(T0 + MIN)
        })
        .is_err(),
        "one session runs at a time"
    );
    eng.apply(Op::EndSession {
        id: s.clone(),
        at_ms: Some(T0 + 60.0 * MIN),
    })
    .expect("end");
    assert_eq!(eng.state().sessions[&s].state(), SessionState::Held);
    assert!(
        eng.apply(Op::EndSession {
            id: s,
            at_ms: Some(T0)
        })
        .is_err(),
        "ends once"
    );
}

#[test]
fn planning_warnings_do_not_block() {
    let (_dir, mut eng) = new_engagement();
    let ana = person(&mut eng, "Ana", Side::Team);
    let bo = person(&mut eng, "Bo", Side::Team);
    let cy = person(&mut eng, "Cy", Side::Customer);
    let long = session(&mut eng, "Marathon", "2026-12-03", 180, true, &[&ana, &cy]);
    let fine = session(&mut eng, "Short", "2026-12-04", 90, true, &[&ana, &bo, &cy]);
    let onsite = session(&mut eng, "On site", "2026-12-05", 240, false, &[&ana, &bo]);
    let summaries = session_summaries(eng.state());
    let of = |id: &str| {
        summaries
            .iter()
            .find(|s| s.session_id == id)
            .expect("summary")
            .warnings
            .clone()
    };
    let long_w = of(&long);
    assert_eq!(long_w.len(), 2, "{long_w:?}");
    assert!(long_w[0].contains("3 h 00 min") && long_w[1].contains("two team members"));
    assert!(of(&fine).is_empty());
    assert!(of(&onsite).is_empty(), "on site, long sessions are fine");
    assert!(matches!(
        eng.apply(Op::PutSession {
            session: Session {
                date: "next Tuesday".into(),
                ..eng.state().sessions[&fine].clone()
            }
        }),
        Err(Error::Invalid(_))
    ));
}

#[test]
fn unprocessed_notes_are_counted_and_go_stale_when_the_next_session_starts() {
    let (_dir, mut eng) = new_engagement();
    let first = session(&mut eng, "Scoping", "2026-12-01", 60, true, &[]);
    let second = session(&mut eng, "Follow-up", "2026-12-02", 60, true, &[]);
    eng.apply(Op::StartSession {
        id: first.clone(),
        at_ms: Some(T0),
    })
    .expect("start");
    let a = add_note(
        &mut eng,
        note(&first, NoteKind::Observation, "Uses JWT"),
        T0 + MIN,
    );
    let b = add_note(
        &mut eng,
        note(&first, NoteKind::Decision, "Admin panel out of scope"),
        T0 + 2.0 * MIN,
    );
    eng.apply(Op::EndSession {
        id: first.clone(),
        at_ms: Some(T0 + 50.0 * MIN),
    })
    .expect("end");
    let summary = |eng: &Engagement| {
        session_summaries(eng.state())
            .into_iter()
            .find(|s| s.session_id == first)
            .expect("summary")
    };
    assert_eq!(
        (summary(&eng).unprocessed, summary(&eng).stale),
        (2, false),
        "not stale before the next session"
    );
    eng.apply(Op::SetNoteReference {
        note_id: b,
        reference: true,
    })
    .expect("reference");
    eng.apply(Op::StartSession {
        id: second,
        at_ms: Some(T0 + 1440.0 * MIN),
    })
    .expect("start next");
    assert_eq!((summary(&eng).unprocessed, summary(&eng).stale), (1, true));
    eng.apply(Op::SetNoteReference {
        note_id: a,
        reference: true,
    })
    .expect("process");
    assert_eq!(
        (summary(&eng).unprocessed, summary(&eng).stale),
        (0, false),
        "processing clears the flag"
    );
}

#[test]
fn promoting_a_note_keeps_its_provenance() {
    let (_dir, mut eng) = new_engagement();
    let db = add(&mut eng, ElementKind::DataStore, "DB", at(0.0, 0.0));
    let s = session(&mut eng, "Follow-up", "2026-12-01", 60, true, &[]);
    eng.apply(Op::StartSession {
        id: s.clone(),
        at_ms: Some(T0),
    })
    .expect("start");
    let n = add_note(
        &mut eng,
        note(&s, NoteKind::Observation, "Keys are incremental integers"),
        T0 + 5.0 * MIN,
    );
    let threat = Threat::quick(&db, Stride::InformationDisclosure, "Enumerable payslip ids");
    let t = eng
        .apply(Op::PromoteNote {
            note_id: n.clone(),
            threat: threat.clone(),
        })
        .expect("promote")
        .created[0]
        .clone();
    let stored = &eng.state().threats[&t];
    assert_eq!(
        stored.source,
        Some(NoteSource {
            session_id: s.clone(),
            note_id: n.clone(),
            offset_ms: Some(300_000)
        })
    );
    assert_eq!(
        eng.state().notes[&n].processing,
        Processing::Promoted {
            threat_id: t.clone()
        }
    );
    assert!(
        eng.apply(Op::PromoteNote {
            note_id: n.clone(),
            threat
        })
        .is_err(),
        "promoted once"
    );
    assert!(eng
        .apply(Op::SetNoteReference {
            note_id: n,
            reference: true
        })
        .is_err());
}

#[test]
fn a_question_is_open_until_answered() {
    let (_dir, mut eng) = new_engagement();
    let s = session(&mut eng, "Follow-up", "2026-12-01", 60, true, &[]);
    let q = add_note(
        &mut eng,
        note(&s, NoteKind::Question, "Are DB keys exposed?"),
        T0,
    );
    assert!(is_open_question(eng.state(), &eng.state().notes[&q]));
    let bad = Note {
        answers: Some(q.clone()),
        ..note(&s, NoteKind::Observation, "Yes")
    };
    assert!(
        eng.apply(Op::AddNote {
            note: bad,
            at_ms: Some(T0)
        })
        .is_err(),
        "only an answer answers"
    );
    let answer = Note {
        answers: Some(q.clone()),
        ..note(&s, NoteKind::Answer, "Yes, in URLs")
    };
    add_note(&mut eng, answer, T0 + MIN);
    assert!(!is_open_question(eng.state(), &eng.state().notes[&q]));
    assert_eq!(session_summaries(eng.state())[0].open_questions, 0);
}

#[test]
fn scoped_time_is_compared_with_the_sessions_planned() {
    let (_dir, mut eng) = new_engagement();
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let component = Component {
        id: String::new(),
        name: "Payslip API".into(),
        planned_minutes: 120,
        priority: Priority::High,
        element_ids: vec![app.clone()],
        notes: String::new(),
    };
    eng.apply(Op::PutComponent {
        component: component.clone(),
    })
    .expect("component");
    eng.apply(Op::PutComponent {
        component: Component {
            name: "Admin".into(),
            planned_minutes: 60,
            element_ids: vec![],
            ..component
        },
    })
    .expect("component");
    session(&mut eng, "Scoping", "2026-12-01", 90, true, &[]);
    assert_eq!(
        scope_summary(eng.state()),
        ScopeSummary {
            component_minutes: 180,
            session_minutes: 90
        }
    );
    eng.apply(Op::Delete { ids: vec![app] })
        .expect("delete element");
    assert!(
        eng.state()
            .components
            .values()
            .all(|c| c.element_ids.is_empty()),
        "deleted elements leave the components"
    );
}

#[test]
fn every_engagement_op_undoes_redoes_and_persists() {
    let (dir, mut eng) = new_engagement();
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let ana = person(&mut eng, "Ana", Side::Team);
    let s = session(&mut eng, "Follow-up", "2026-12-01", 60, true, &[&ana]);
    let n = add_note(&mut eng, note(&s, NoteKind::Question, "MFA?"), T0);
    let c = eng
        .apply(Op::PutComponent {
            component: Component {
                id: String::new(),
                name: "API".into(),
                planned_minutes: 30,
                priority: Priority::Low,
                element_ids: vec![],
                notes: String::new(),
            },
        })
        .expect("component")
        .created[0]
        .clone();
    let ops = vec![
        Op::PutPerson {
            person: Person {
                id: String::new(),
                name: "Cy".into(),
                side: Side::Customer,
                role: "CTO".into(),
            },
        },
        Op::PutSession {
            session: Session {
                recording: "https://rec.example/1".into(),
                ..eng.state().sessions[&s].clone()
            },
        },
        Op::StartSession {
            id: s.clone(),
            at_ms: Some(T0),
        },
        Op::AddNote {
            note: Note {
                element_ids: vec![app.clone()],
                author_id: Some(ana.clone()),
                ..note(&s, NoteKind::Observation, "TLS 1.3")
            },
            at_ms: Some(T0 + MIN),
        },
        Op::UpdateNote {
            note: Note {
                text: "MFA for admins?".into(),
                ..eng.state().notes[&n].clone()
            },
        },
        Op::PromoteNote {
            note_id: n.clone(),
            threat: Threat::quick(&app, Stride::Spoofing, "No MFA for admins"),
        },
        Op::EndSession {
            id: s.clone(),
            at_ms: Some(T0 + 30.0 * MIN),
        },
        Op::PutComponent {
            component: Component {
                planned_minutes: 45,
                ..eng.state().components[&c].clone()
            },
        },
        Op::DeleteComponent { id: c.clone() },
        Op::DeletePerson { id: ana.clone() },
        Op::DeleteSession { id: s.clone() },
    ];
    undo_redo_each(&mut eng, ops);
    let end = eng.state().clone();
    drop(eng);
    let eng = Engagement::open(&dir.path().join("t.threatmodel")).expect("reopen");
    assert_eq!(eng.state(), &end);
}

#[test]
fn a_file_of_the_first_version_is_migrated_after_a_backup() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("old.threatmodel");
    let id = {
        let mut eng = Engagement::create(&path, EngagementInfo::default()).expect("create");
        add(&mut eng, ElementKind::Process, "Kept", at(0.0, 0.0))
    };
    {
        // Turn it back into a version-1 file.
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch("DROP TABLE people; DROP TABLE components; DROP TABLE sessions; DROP TABLE notes; DROP TABLE questions; DROP TABLE answers; DROP TABLE deliveries; DELETE FROM meta WHERE key = 'uid'; ALTER TABLE history DROP COLUMN scope; PRAGMA user_version = 1;").expect("downgrade");
    }
    let mut eng = Engagement::open(&path).expect("migrate");
    assert_eq!(eng.state().elements[&id].name, "Kept");
    assert_eq!(eng.uid().len(), 12, "the migration gives the file its id");
    assert!(
        dir.path().join("old.v1.bak").exists(),
        "a snapshot is taken before migrating"
    );
    let backup = Engagement::open(&dir.path().join("old.v1.bak"))
        .expect("the backup opens (and migrates itself)");
    assert_eq!(backup.state().elements[&id].name, "Kept");
    person(&mut eng, "Ana", Side::Team);
}

#[test]
fn a_finding_moves_through_its_lifecycle_with_who_and_when() {
    let (_dir, mut eng) = new_engagement();
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let t = eng
        .apply(Op::AddThreat {
            threat: Threat::quick(&app, Stride::Spoofing, "Weak SSO"),
        })
        .expect("add")
        .created[0]
        .clone();
    let mv = |to, by: &str, at: f64| Op::MoveFinding {
        threat_ids: vec![t.clone()],
        to,
        by: by.into(),
        comment: String::new(),
        at_ms: Some(at),
    };
    assert!(
        eng.apply(mv(FindingState::Validated, "Ana", T0)).is_err(),
        "a draft is reported first"
    );
    eng.apply(mv(FindingState::Reported, "Ana", T0))
        .expect("report");
    eng.apply(mv(FindingState::Disputed, "Cy (customer)", T0 + MIN))
        .expect("dispute");
    eng.apply(Op::CommentOnFinding {
        threat_id: t.clone(),
        by: "Cy".into(),
        text: "SSO enforces MFA".into(),
        from_customer: true,
        at_ms: Some(T0 + 2.0 * MIN),
    })
    .expect("feedback");
    eng.apply(mv(FindingState::FalsePositive, "Ana", T0 + 3.0 * MIN))
        .expect("false positive");
    let stored = &eng.state().threats[&t];
    assert_eq!(stored.lifecycle, FindingState::FalsePositive);
    let moves: Vec<(FindingState, FindingState, &str)> = stored
        .lifecycle_history
        .iter()
        .map(|e| (e.from, e.to, e.by.as_str()))
        .collect();
    assert_eq!(
        moves,
        vec![
            (FindingState::Draft, FindingState::Reported, "Ana"),
            (
                FindingState::Reported,
                FindingState::Disputed,
                "Cy (customer)"
            ),
            (FindingState::Disputed, FindingState::FalsePositive, "Ana"),
        ]
    );
    assert_eq!(stored.lifecycle_history[1].at_ms, (T0 + MIN) as i64);
    assert!(stored.comments[0].from_customer);

    // Editing the threat's fields keeps its history; a new threat cannot bring one.
    let mut edited = stored.clone();
    edited.title = "SSO without MFA".into();
    edited.lifecycle = FindingState::Draft;
    edited.lifecycle_history.clear();
    eng.apply(Op::UpdateThreat { threat: edited })
        .expect("edit");
    assert_eq!(eng.state().threats[&t].lifecycle_history.len(), 3);
    assert_eq!(
        eng.state().threats[&t].lifecycle,
        FindingState::FalsePositive
    );
    let forged = Threat {
        lifecycle: FindingState::Accepted,
        ..Threat::quick(&app, Stride::Tampering, "forged")
    };
    assert!(eng.apply(Op::AddThreat { threat: forged }).is_err());
}

#[test]
fn summaries_list_sessions_in_order_with_the_running_one_and_open_questions() {
    let (_dir, mut eng) = new_engagement();
    let late = session(&mut eng, "Later", "2026-12-09", 60, true, &[]);
    let early = session(&mut eng, "Earlier", "2026-12-01", 60, true, &[]);
    let second = add_note(
        &mut eng,
        note(&early, NoteKind::Question, "Who signs?"),
        T0 + MIN,
    );
    let first = add_note(&mut eng, note(&early, NoteKind::Question, "Which IdP?"), T0);
    eng.apply(Op::StartSession {
        id: early.clone(),
        at_ms: Some(T0),
    })
    .expect("start");
    let all = session_summaries(eng.state());
    assert_eq!(
        all.iter()
            .map(|s| s.session_id.as_str())
            .collect::<Vec<_>>(),
        [early.as_str(), late.as_str()]
    );
    assert!(all[0].running && !all[1].running);
    assert_eq!(all[0].open_question_ids, [first.clone(), second.clone()]);
    assert_eq!(all[0].open_questions, 2);
    let answer = Note {
        answers: Some(first),
        ..note(&early, NoteKind::Answer, "Entra ID")
    };
    add_note(&mut eng, answer, T0 + 2.0 * MIN);
    assert_eq!(
        session_summaries(eng.state())[0].open_question_ids,
        [second]
    );
}
