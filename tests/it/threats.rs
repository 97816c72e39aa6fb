//! Threats, risk, suggestions and coverage in the core.

use crate::common::*;
use threatloom::analysis::rules::suggest;

#[test]
fn stride_per_element() {
    use ElementKind::*;
    let letters = |k| {
        Stride::applicable(k)
            .iter()
            .map(|c| c.letter())
            .collect::<String>()
    };
    assert_eq!(letters(ExternalEntity), "SR");
    assert_eq!(letters(Process), "STRIDE");
    assert_eq!(letters(DataStore), "TRID");
    assert_eq!(letters(DataFlow), "TID");
    assert_eq!(letters(TrustBoundary), "");
}

fn rated(impact: Rating, likelihood: Rating) -> Threat {
    let mut t = Threat::quick("x", Stride::Tampering, "t");
    rate(&mut t, impact, likelihood);
    t
}

#[test]
fn every_cell_of_the_default_risk_matrix() {
    use Rating::{High, Low, Medium};
    use RiskLevel::{Critical, Note};
    let m = RiskMatrix::default();
    let expected = [
        (Low, Low, Note),
        (Low, Medium, RiskLevel::Low),
        (Low, High, RiskLevel::Medium),
        (Medium, Low, RiskLevel::Low),
        (Medium, Medium, RiskLevel::Medium),
        (Medium, High, RiskLevel::High),
        (High, Low, RiskLevel::Medium),
        (High, Medium, RiskLevel::High),
        (High, High, Critical),
    ];
    for (impact, likelihood, level) in expected {
        assert_eq!(
            rated(impact, likelihood).computed_risk(&m),
            Some(level),
            "impact {impact:?} × likelihood {likelihood:?}"
        );
    }
}

#[test]
fn factors_are_averaged_and_unrated_means_no_level() {
    use Rating::{High, Low, Medium};
    assert_eq!(
        Rating::overall(&[Some(Low), Some(High), None]),
        Some(Medium)
    );
    assert_eq!(
        Rating::overall(&[Some(High), Some(High), Some(Medium)]),
        Some(High)
    );
    assert_eq!(
        Rating::overall(&[Some(Low), Some(Low), Some(Medium)]),
        Some(Low)
    );
    assert_eq!(Rating::overall(&[None, None, None]), None);
    let mut t = rated(High, High);
    t.likelihood = Likelihood::default();
    assert_eq!(t.computed_risk(&RiskMatrix::default()), None);
}

#[test]
fn a_custom_matrix_and_an_override_with_justification() {
    let (_dir, mut eng) = new_engagement();
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let mut t = rated(Rating::Low, Rating::Low);
    t.element_ids = vec![app.clone()];
    let id = eng.apply(Op::AddThreat { threat: t }).expect("add").created[0].clone();
    let matrix = |eng: &Engagement| eng.state().info.risk_matrix.clone();
    assert_eq!(
        eng.state().threats[&id].risk(&matrix(&eng)),
        Some(RiskLevel::Note)
    );

    // A stricter matrix: everything is at least Medium.
    let mut info = eng.state().info.clone();
    info.risk_matrix.cells[0][0] = RiskLevel::Medium;
    eng.apply(Op::SetInfo { info: info.clone() })
        .expect("custom matrix");
    assert_eq!(
        eng.state().threats[&id].risk(&matrix(&eng)),
        Some(RiskLevel::Medium)
    );
    info.risk_matrix.cells.pop();
    assert!(
        eng.apply(Op::SetInfo { info }).is_err(),
        "a matrix has three rows"
    );

    let mut t = eng.state().threats[&id].clone();
    t.risk_override = Some(RiskOverride {
        level: RiskLevel::Critical,
        justification: "  ".into(),
    });
    assert!(
        matches!(
            eng.apply(Op::UpdateThreat { threat: t.clone() }),
            Err(Error::Invalid(_))
        ),
        "an override needs a reason"
    );
    t.risk_override = Some(RiskOverride {
        level: RiskLevel::Critical,
        justification: "Regulator fines apply".into(),
    });
    eng.apply(Op::UpdateThreat { threat: t }).expect("override");
    let t = &eng.state().threats[&id];
    assert_eq!(t.risk(&matrix(&eng)), Some(RiskLevel::Critical));
    assert_eq!(
        t.computed_risk(&matrix(&eng)),
        Some(RiskLevel::Medium),
        "both levels are kept"
    );
}

#[test]
fn threats_are_checked_against_their_elements() {
    let (_dir, mut eng) = new_engagement();
    let user = add(&mut eng, ElementKind::ExternalEntity, "User", at(0.0, 0.0));
    let db = add(&mut eng, ElementKind::DataStore, "DB", at(300.0, 0.0));
    let zone = add(&mut eng, ElementKind::TrustBoundary, "Zone", at(0.0, 300.0));
    let before = eng.state().clone();
    let refused = [
        Threat::quick(&user, Stride::Tampering, "T on an entity"),
        Threat::quick(&db, Stride::Spoofing, "S on a store"),
        Threat::quick(&zone, Stride::Tampering, "anything on a boundary"),
        Threat::quick("missing", Stride::Tampering, "no such element"),
        Threat::quick(&db, Stride::Tampering, "   "),
        Threat {
            references: vec!["OWASP-A1".into()],
            ..Threat::quick(&db, Stride::Tampering, "bad ref")
        },
        Threat {
            element_ids: vec![],
            ..Threat::quick(&db, Stride::Tampering, "no asset")
        },
        Threat {
            element_ids: vec![db.clone(), db.clone()],
            ..Threat::quick(&db, Stride::Tampering, "twice")
        },
        Threat {
            origin: Origin::Rule {
                rule_id: "r".into(),
                key: format!("r@{db}"),
            },
            ..Threat::quick(&db, Stride::Tampering, "forged origin")
        },
    ];
    for t in refused {
        assert!(
            eng.apply(Op::AddThreat { threat: t.clone() }).is_err(),
            "{} is refused",
            t.title
        );
    }
    assert_eq!(eng.state(), &before);
    let ok = Threat {
        references: vec!["CWE-89".into(), "CAPEC-66".into()],
        ..Threat::quick(&db, Stride::Tampering, "SQL injection")
    };
    assert!(eng.apply(Op::AddThreat { threat: ok }).is_ok());
}

#[test]
fn threat_ops_undo_and_redo_to_the_identical_state() {
    let (_dir, mut eng) = new_engagement();
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let db = add(&mut eng, ElementKind::DataStore, "DB", at(300.0, 0.0));
    connect(&mut eng, &app, &db, "query");
    let t = eng
        .apply(Op::AddThreat {
            threat: Threat::quick(&app, Stride::Spoofing, "Fake app"),
        })
        .expect("add")
        .created[0]
        .clone();
    let suggestion = Suggestion {
        key: format!("my-rule@{db}"),
        rule_id: "my-rule".into(),
        element_id: db.clone(),
        category: Stride::InformationDisclosure,
        title: "Dump".into(),
        scenario: "s".into(),
        recommended_actions: vec!["a".into()],
        references: vec!["CWE-200".into()],
    };
    let ops = vec![
        Op::UpdateThreat {
            threat: Threat {
                scenario: "An attacker…".into(),
                ..eng.state().threats[&t].clone()
            },
        },
        Op::AcceptSuggestion {
            suggestion: suggestion.clone(),
        },
        Op::DismissSuggestion {
            suggestion: Suggestion {
                key: format!("other@{db}"),
                rule_id: "other".into(),
                category: Stride::DenialOfService,
                ..suggestion.clone()
            },
            reason: "Managed service".into(),
        },
        Op::SetNotApplicable {
            element_id: app.clone(),
            category: Stride::Repudiation,
            reason: Some("Read-only".into()),
        },
        Op::DeleteThreat { id: t.clone() },
        Op::Delete {
            ids: vec![db.clone()],
        },
    ];
    undo_redo_each(&mut eng, ops);
}

#[test]
fn deleting_an_element_takes_its_triage_and_unlinks_shared_threats() {
    let (_dir, mut eng) = new_engagement();
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let api = add(&mut eng, ElementKind::Process, "API", at(300.0, 0.0));
    let only = eng
        .apply(Op::AddThreat {
            threat: Threat::quick(&app, Stride::Spoofing, "only app"),
        })
        .expect("add")
        .created[0]
        .clone();
    let shared = Threat {
        element_ids: vec![app.clone(), api.clone()],
        ..Threat::quick(&app, Stride::Tampering, "both")
    };
    let shared = eng
        .apply(Op::AddThreat { threat: shared })
        .expect("add")
        .created[0]
        .clone();
    eng.apply(Op::SetNotApplicable {
        element_id: app.clone(),
        category: Stride::Repudiation,
        reason: Some("no users".into()),
    })
    .expect("na");
    eng.apply(Op::Delete {
        ids: vec![app.clone()],
    })
    .expect("delete");
    assert!(!eng.state().threats.contains_key(&only));
    assert_eq!(eng.state().threats[&shared].element_ids, vec![api]);
    assert!(eng.state().not_applicable.is_empty());
}

fn flow_suggestions(eng: &Engagement, rules: &RuleSet) -> Vec<Suggestion> {
    suggest(eng.state(), rules, &containment_all(eng.state()), None)
}

#[test]
fn re_running_rules_never_repeats_what_was_triaged() {
    let rules = RuleSet {
        rules: threatloom::analysis::rules::parse(
            r#"
[[rule]]
id = "cleartext"
category = "I"
applies_to = ["data_flow"]
unless = [{ prop = "encrypted_in_transit", equals = true }]
title = "Cleartext"
scenario = "Sniffed."
actions = ["Use TLS."]
references = ["CWE-319"]

[[rule]]
id = "flood"
category = "D"
applies_to = ["data_flow"]
when = [{ crosses_boundary = true }]
title = "Flood"
scenario = "Flooded."
actions = ["Rate limit."]
references = ["CWE-400"]
"#,
            "test",
        )
        .expect("rules"),
    };
    let (_dir, mut eng) = new_engagement();
    add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Internet",
        Rect::new(-500.0, -100.0, 450.0, 400.0),
    );
    let user = add(
        &mut eng,
        ElementKind::ExternalEntity,
        "User",
        at(-300.0, 0.0),
    );
    let app = add(&mut eng, ElementKind::Process, "App", at(100.0, 0.0));
    let f = connect(&mut eng, &user, &app, "login");
    let all = flow_suggestions(&eng, &rules);
    let keys: Vec<&str> = all.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, vec![format!("cleartext@{f}"), format!("flood@{f}")]);
    assert_eq!(
        flow_suggestions(&eng, &rules),
        all,
        "re-running gives the same keys"
    );

    let accepted = eng
        .apply(Op::AcceptSuggestion {
            suggestion: all[0].clone(),
        })
        .expect("accept")
        .created[0]
        .clone();
    let threat = &eng.state().threats[&accepted];
    assert_eq!(threat.title, "Cleartext");
    assert_eq!(
        threat.origin,
        Origin::Rule {
            rule_id: "cleartext".into(),
            key: all[0].key.clone()
        }
    );
    assert!(
        eng.apply(Op::AcceptSuggestion {
            suggestion: all[0].clone()
        })
        .is_err(),
        "accepted once"
    );
    assert!(
        matches!(
            eng.apply(Op::DismissSuggestion {
                suggestion: all[1].clone(),
                reason: " ".into()
            }),
            Err(Error::Invalid(_))
        ),
        "a dismissal needs a reason"
    );
    eng.apply(Op::DismissSuggestion {
        suggestion: all[1].clone(),
        reason: "Behind a CDN with rate limiting".into(),
    })
    .expect("dismiss");
    assert_eq!(
        eng.state().not_applicable[&format!("{f}:D")].reason,
        "Behind a CDN with rate limiting"
    );

    // The diagram changes; neither comes back, and the accepted threat is not duplicated.
    eng.apply(Op::Place {
        moves: vec![Placement {
            id: app.clone(),
            rect: at(150.0, 40.0),
        }],
    })
    .expect("move");
    eng.apply(Op::Rename {
        id: f.clone(),
        name: "sign-in".into(),
    })
    .expect("rename");
    assert!(flow_suggestions(&eng, &rules).is_empty());
    // Editing the accepted threat keeps its origin, so it still counts as accepted.
    let mut t = eng.state().threats[&accepted].clone();
    t.title = "Session cookie sniffed on café Wi-Fi".into();
    t.origin = Origin::Manual;
    eng.apply(Op::UpdateThreat { threat: t }).expect("edit");
    assert!(flow_suggestions(&eng, &rules).is_empty());
    // Deleting the accepted threat makes the suggestion pending again; undo hides it.
    eng.apply(Op::DeleteThreat { id: accepted })
        .expect("delete");
    assert_eq!(flow_suggestions(&eng, &rules).len(), 1);
    eng.apply(UNDO).expect("undo");
    assert!(flow_suggestions(&eng, &rules).is_empty());
}

#[test]
fn out_of_scope_elements_get_no_suggestions() {
    let rules = RuleSet::builtin().expect("builtin");
    let (_dir, mut eng) = new_engagement();
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let db = add(&mut eng, ElementKind::DataStore, "DB", at(300.0, 0.0));
    let f = connect(&mut eng, &app, &db, "query");
    assert!(flow_suggestions(&eng, &rules)
        .iter()
        .any(|s| s.element_id == f));
    eng.apply(Op::SetProperty {
        id: f.clone(),
        key: "out_of_scope".into(),
        value: Some(PropValue::Bool(true)),
    })
    .expect("oos");
    assert!(flow_suggestions(&eng, &rules)
        .iter()
        .all(|s| s.element_id != f));
}

#[test]
fn coverage_on_a_mix_of_states() {
    let (_dir, mut eng) = new_engagement();
    let user = add(&mut eng, ElementKind::ExternalEntity, "User", at(0.0, 0.0));
    let app = add(&mut eng, ElementKind::Process, "App", at(300.0, 0.0));
    let idp = add(&mut eng, ElementKind::ExternalEntity, "IdP", at(0.0, 300.0));
    add(
        &mut eng,
        ElementKind::TrustBoundary,
        "Zone",
        Rect::new(250.0, -50.0, 300.0, 200.0),
    );
    let f = connect(&mut eng, &user, &app, "login");
    eng.apply(Op::SetProperty {
        id: idp.clone(),
        key: "out_of_scope".into(),
        value: Some(PropValue::Bool(true)),
    })
    .expect("oos");
    eng.apply(Op::SetProperty {
        id: idp.clone(),
        key: "out_of_scope_reason".into(),
        value: Some(PropValue::Text("Vendor".into())),
    })
    .expect("why");
    for title in ["Stolen password", "Phished session"] {
        eng.apply(Op::AddThreat {
            threat: Threat::quick(&user, Stride::Spoofing, title),
        })
        .expect("threat");
    }
    let both = Threat {
        element_ids: vec![app.clone(), f.clone()],
        ..Threat::quick(&app, Stride::Tampering, "Request tampering")
    };
    eng.apply(Op::AddThreat { threat: both }).expect("threat");
    eng.apply(Op::SetNotApplicable {
        element_id: app.clone(),
        category: Stride::Repudiation,
        reason: Some("No user actions".into()),
    })
    .expect("na");

    let c = coverage(eng.state());
    // User: S R (2) + App: STRIDE (6) + flow: T I D (3) = 11; considered: user S, app T, app R, flow T.
    assert_eq!((c.considered, c.total), (4, 11));
    assert!(c.percent.is_some_and(|p| (p - 400.0 / 11.0).abs() < 1e-9));
    let row = |id: &str| c.rows.iter().find(|r| r.element_id == id).expect("row");
    let cell = |id: &str, cat: Stride| {
        row(id)
            .cells
            .iter()
            .find(|x| x.category == cat)
            .expect("cell")
            .state
            .clone()
    };
    assert_eq!(
        cell(&user, Stride::Spoofing),
        CellState::Threats { count: 2 }
    );
    assert_eq!(cell(&user, Stride::Repudiation), CellState::NotConsidered);
    assert_eq!(
        cell(&app, Stride::Repudiation),
        CellState::NotApplicable {
            reason: "No user actions".into()
        }
    );
    assert_eq!(cell(&f, Stride::Tampering), CellState::Threats { count: 1 });
    assert_eq!(row(&f).cells.len(), 3);
    assert!(c
        .rows
        .iter()
        .all(|r| r.element_id != idp && r.kind != ElementKind::TrustBoundary));
    assert_eq!(c.out_of_scope.len(), 1);
    assert_eq!(c.out_of_scope[0].reason, "Vendor");
}

#[test]
fn the_overview_gives_each_element_its_count_and_highest_risk() {
    let (_dir, mut eng) = new_engagement();
    let app = add(&mut eng, ElementKind::Process, "App", at(0.0, 0.0));
    let db = add(&mut eng, ElementKind::DataStore, "DB", at(300.0, 0.0));
    let high = Threat {
        element_ids: vec![app.clone(), db.clone()],
        ..rated(Rating::High, Rating::Medium)
    };
    let high = eng
        .apply(Op::AddThreat { threat: high })
        .expect("add")
        .created[0]
        .clone();
    let low = Threat {
        element_ids: vec![app.clone()],
        ..rated(Rating::Low, Rating::Medium)
    };
    eng.apply(Op::AddThreat { threat: low }).expect("add");
    eng.apply(Op::AddThreat {
        threat: Threat::quick(&db, Stride::Tampering, "unrated"),
    })
    .expect("add");

    let o = overview(eng.state());
    assert_eq!(
        o.risks[&high],
        ThreatRisk {
            impact: Some(Rating::High),
            likelihood: Some(Rating::Medium),
            computed: Some(RiskLevel::High),
            effective: Some(RiskLevel::High)
        }
    );
    assert_eq!(
        o.badges[&app],
        Badge {
            count: 2,
            highest: Some(RiskLevel::High)
        }
    );
    assert_eq!(
        o.badges[&db],
        Badge {
            count: 2,
            highest: Some(RiskLevel::High)
        }
    );
    let unrated = eng
        .state()
        .threats
        .values()
        .find(|t| t.title == "unrated")
        .expect("unrated");
    assert_eq!(o.risks[&unrated.id].effective, None);
}
