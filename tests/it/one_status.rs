//! One status per finding: every view reads the finding state, and files from
//! before it (a threat status beside the state) are folded, the later winning.

use crate::common::*;

const T0: i64 = 1_764_000_000_000;
const MIN: i64 = 60_000;

fn reported_at(eng: &mut Engagement, id: &str, at: i64) {
    eng.apply(Op::MoveFinding {
        threat_ids: vec![id.into()],
        to: FindingState::Reported,
        by: "Ana".into(),
        comment: String::new(),
        at_ms: Some(at as f64),
    })
    .expect("report");
}

#[test]
fn an_old_file_keeps_the_later_of_status_and_state() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("old.threatmodel");
    let ids: Vec<String> = {
        let mut eng = Engagement::create(&path, EngagementInfo::default()).expect("create");
        let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
        let ids: Vec<String> = ["late status", "late state", "no history", "open"]
            .iter()
            .map(|title| {
                eng.apply(Op::AddThreat {
                    threat: Threat::quick(&app, Stride::Tampering, title),
                })
                .expect("add")
                .created[0]
                    .clone()
            })
            .collect();
        reported_at(&mut eng, &ids[0], T0);
        reported_at(&mut eng, &ids[1], T0 + 5 * MIN);
        reported_at(&mut eng, &ids[3], T0);
        ids
    };
    {
        // Back to schema 4: a status in each record, its changes in the op log.
        let conn = rusqlite::Connection::open(&path).expect("open");
        let statuses = ["mitigated", "accepted", "false_positive", "open"];
        for (id, status) in ids.iter().zip(statuses) {
            conn.execute(
                "UPDATE threats SET data = json_set(data, '$.status', ?1) WHERE id = ?2",
                [status, id],
            )
            .expect("status");
        }
        for (id, status, at) in [
            (&ids[0], "mitigated", T0 + 10 * MIN),
            (&ids[1], "accepted", T0),
        ] {
            let op = serde_json::json!({"type": "update_threat", "threat": {"id": id, "status": status}});
            conn.execute(
                "INSERT INTO oplog(op, at_ms) VALUES (?1, ?2)",
                rusqlite::params![op.to_string(), at],
            )
            .expect("oplog");
        }
        conn.execute_batch("ALTER TABLE history DROP COLUMN scope; PRAGMA user_version = 4;")
            .expect("downgrade");
    }
    let eng = Engagement::open(&path).expect("migrate");
    let t = |i: usize| &eng.state().threats[&ids[i]];
    assert_eq!(
        t(0).lifecycle,
        FindingState::Mitigated,
        "the status was set later"
    );
    let last = t(0)
        .lifecycle_history
        .last()
        .expect("the fold is in the history");
    assert_eq!(
        (last.from, last.to, last.at_ms),
        (
            FindingState::Reported,
            FindingState::Mitigated,
            T0 + 10 * MIN
        )
    );
    assert_eq!(last.by, "Threatloom (upgrade)");
    assert!(
        last.comment.is_empty(),
        "an upgrade is not customer feedback"
    );
    assert_eq!(t(0).lifecycle_history.len(), 2, "the earlier move is kept");
    assert_eq!(
        t(1).lifecycle,
        FindingState::Reported,
        "the state moved later"
    );
    assert_eq!(t(1).lifecycle_history.len(), 1);
    assert_eq!(
        t(2).lifecycle,
        FindingState::FalsePositive,
        "no move recorded: the status wins"
    );
    assert_eq!(t(3).lifecycle, FindingState::Reported);
    assert!(
        UndoScope::ALL
            .iter()
            .all(|s| eng.history().of(*s).undo.is_none()),
        "the old undo history is not replayed"
    );

    let d = four_questions(eng.state()).doing_about_it;
    assert_eq!(
        (d.open, d.mitigated, d.accepted, d.false_positive),
        (2, 1, 0, 1)
    );
    let conn = rusqlite::Connection::open(&path).expect("reopen");
    let left: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM threats WHERE json_extract(data, '$.status') IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(left, 0, "no record keeps a second status");
}

#[test]
fn a_draft_can_be_closed_at_once_and_counts_follow_the_state() {
    let (_dir, mut eng) = new_engagement();
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let mut ids = vec![];
    for title in ["a", "b", "c", "d"] {
        ids.push(
            eng.apply(Op::AddThreat {
                threat: Threat::quick(&app, Stride::Spoofing, title),
            })
            .expect("add")
            .created[0]
                .clone(),
        );
    }
    move_to(&mut eng, &ids[0], FindingState::Mitigated);
    move_to(&mut eng, &ids[1], FindingState::FalsePositive);
    move_to(&mut eng, &ids[2], FindingState::Accepted);
    assert_eq!(
        eng.state().threats[&ids[0]].lifecycle_history.len(),
        1,
        "draft → mitigated in one move"
    );
    let d = four_questions(eng.state()).doing_about_it;
    assert_eq!(
        (d.open, d.mitigated, d.accepted, d.false_positive),
        (1, 1, 1, 1)
    );

    // The default deliverable leaves the false positive out; resolved findings
    // are never top risks.
    for id in &ids {
        let mut t = eng.state().threats[id].clone();
        rate(&mut t, Rating::High, Rating::High);
        eng.apply(Op::UpdateThreat { threat: t }).expect("rate");
    }
    let report = eng.report(&ExportFilter::default());
    let titles = |fs: Vec<&Finding>| fs.iter().map(|f| f.title.clone()).collect::<Vec<_>>();
    assert_eq!(report.findings.len(), 3);
    assert_eq!(titles(report.top_risks()), ["d"]);
    let mut resolved = titles(report.resolved_findings());
    resolved.sort();
    assert_eq!(resolved, ["a", "c"]);
    assert!(report.unrated.is_empty());
    let left: Vec<(u32, &str)> = report
        .left_out
        .iter()
        .map(|l| (l.count, l.what.as_str()))
        .collect();
    assert_eq!(
        left,
        [(1, "false positive")],
        "the dialog can say what stays out"
    );

    // An unrated open finding is named before exporting; a closed one is not.
    let e = eng.state().threats[&ids[3]].clone();
    eng.apply(Op::UpdateThreat {
        threat: Threat {
            impact: Impact::default(),
            ..e
        },
    })
    .expect("unrate");
    assert_eq!(
        eng.report(&ExportFilter::default()).unrated,
        [ids[3].clone()]
    );
    let min_high = ExportFilter {
        min_risk: Some(RiskLevel::Critical),
        ..ExportFilter::default()
    };
    let left: Vec<(u32, String)> = eng
        .report(&min_high)
        .left_out
        .into_iter()
        .map(|l| (l.count, l.what))
        .collect();
    assert_eq!(
        left,
        [
            (1, "false positive".to_string()),
            (1, "finding below Critical or not rated".to_string())
        ]
    );
}

#[test]
fn several_findings_move_in_one_undoable_step() {
    let (_dir, mut eng) = new_engagement();
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let ids: Vec<String> = ["a", "b", "c"]
        .iter()
        .map(|title| {
            eng.apply(Op::AddThreat {
                threat: Threat::quick(&app, Stride::Spoofing, title),
            })
            .expect("add")
            .created[0]
                .clone()
        })
        .collect();
    let before = eng.state().clone();
    let mv = |ids: &[String], to| Op::MoveFinding {
        threat_ids: ids.to_vec(),
        to,
        by: "Ana".into(),
        comment: "Fixed in 4.2".into(),
        at_ms: Some(T0 as f64),
    };
    eng.apply(mv(&ids, FindingState::Mitigated))
        .expect("bulk move");
    assert_eq!(
        eng.history().findings.undo.as_deref(),
        Some("Move 3 findings to Mitigated")
    );
    for id in &ids {
        let t = &eng.state().threats[id];
        assert_eq!(t.lifecycle, FindingState::Mitigated);
        let e = &t.lifecycle_history[0];
        assert_eq!(
            (e.by.as_str(), e.comment.as_str(), e.at_ms),
            ("Ana", "Fixed in 4.2", T0)
        );
    }
    assert_eq!(four_questions(eng.state()).doing_about_it.mitigated, 3);
    eng.apply(Op::Undo {
        scope: UndoScope::Findings,
    })
    .expect("undo");
    assert_eq!(eng.state(), &before, "one undo takes back all three");

    // All or nothing: one finding that cannot make the move stops the step.
    move_to(&mut eng, &ids[1], FindingState::Reported);
    let err = eng
        .apply(mv(&ids, FindingState::Validated))
        .expect_err("drafts are not validated");
    assert!(
        err.to_string()
            .contains("is draft: it cannot become validated"),
        "{err}"
    );
    assert_eq!(
        eng.state().threats[&ids[1]].lifecycle,
        FindingState::Reported
    );
    assert!(eng.apply(mv(&[], FindingState::Reported)).is_err());
    let one = mv(&ids[..1], FindingState::FalsePositive);
    eng.apply(one).expect("one");
    assert_eq!(
        eng.history().findings.undo.as_deref(),
        Some("Move finding to False positive")
    );
}
