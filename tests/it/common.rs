//! Helpers shared by the core's integration tests, and the names they use
//! (`use crate::common::*`).
#![allow(dead_code)]

use tempfile::TempDir;
pub use threatloom::analysis::*;
pub use threatloom::engine::Placement;
pub use threatloom::model::*;
pub use threatloom::{demo, Engagement, Error, Op, Workspace};

/// Undo and redo on the canvas (the diagram's scope).
pub const UNDO: Op = Op::Undo {
    scope: UndoScope::Diagram,
};
pub const REDO: Op = Op::Redo {
    scope: UndoScope::Diagram,
};

pub fn new_engagement() -> (TempDir, Engagement) {
    let dir = tempfile::tempdir().expect("temp dir");
    let eng = Engagement::create(
        &dir.path().join("t.threatmodel"),
        EngagementInfo {
            name: "Test".into(),
            ..Default::default()
        },
    )
    .expect("create");
    (dir, eng)
}

pub fn add(eng: &mut Engagement, kind: ElementKind, name: &str, rect: Rect) -> String {
    let change = eng
        .apply(Op::AddElement {
            id: None,
            diagram_id: "d1".into(),
            kind,
            name: name.into(),
            rect,
        })
        .expect("add element");
    change.created[0].clone()
}

pub fn connect(eng: &mut Engagement, source: &str, target: &str, name: &str) -> String {
    let change = eng
        .apply(Op::Connect {
            id: None,
            diagram_id: "d1".into(),
            source: source.into(),
            target: target.into(),
            name: name.into(),
        })
        .expect("connect");
    change.created[0].clone()
}

/// A browser (external entity) and an "Orders API" process with an "Order"
/// flow between them: the smallest diagram a report needs.
pub fn browser_and_api(eng: &mut Engagement) -> (String, String) {
    let browser = add(eng, ElementKind::ExternalEntity, "Browser", at(0.0, 0.0));
    let api = add(eng, ElementKind::Process, "Orders API", at(260.0, 0.0));
    connect(eng, &browser, &api, "Order");
    (browser, api)
}

/// Plans a one-hour scoping session titled `title` on `date`; returns its id.
pub fn plan_session(eng: &mut Engagement, title: &str, date: &str, online: bool) -> String {
    let session = Session {
        id: String::new(),
        kind: SessionKind::Scoping,
        title: title.into(),
        date: date.into(),
        planned_minutes: 60,
        online,
        attendees: vec![],
        recording: String::new(),
        started_at_ms: None,
        ended_at_ms: None,
    };
    eng.apply(Op::PutSession { session })
        .expect("session")
        .created[0]
        .clone()
}

pub fn at(x: f64, y: f64) -> Rect {
    Rect::new(x, y, 100.0, 60.0)
}

/// Rates every impact factor `impact` and every likelihood factor `likelihood`.
pub fn rate(t: &mut Threat, impact: Rating, likelihood: Rating) {
    t.impact = Impact {
        affected_users: Some(impact),
        reputational: Some(impact),
        financial: Some(impact),
        rated_overall: None,
        rationale: String::new(),
    };
    t.likelihood = Likelihood {
        reproducibility: Some(likelihood),
        exploitability: Some(likelihood),
        discoverability: Some(likelihood),
        rated_overall: None,
        rationale: String::new(),
    };
}

/// The report on everything (no filter, false positives included).
pub fn report_of(eng: &Engagement) -> Report {
    eng.report(&ExportFilter::everything())
}

/// Moves a finding to `to` along the shortest path the lifecycle allows, one
/// `MoveFinding` per step, by "Alice".
pub fn move_to(eng: &mut Engagement, threat_id: &str, to: FindingState) {
    let from = eng.state().threats[threat_id].lifecycle;
    let mut paths = std::collections::VecDeque::from([vec![from]]);
    let path = loop {
        let path = paths
            .pop_front()
            .expect("the lifecycle reaches every state");
        let last = *path.last().expect("non-empty");
        if last == to {
            break path;
        }
        for next in last.next() {
            if !path.contains(next) {
                paths.push_back([path.clone(), vec![*next]].concat());
            }
        }
    };
    for state in path.into_iter().skip(1) {
        eng.apply(Op::MoveFinding {
            threat_ids: vec![threat_id.into()],
            to: state,
            by: "Alice".into(),
            comment: String::new(),
            at_ms: None,
        })
        .expect("move finding");
    }
}

/// Applies each op in turn: it changes the state, undo restores it exactly,
/// redo brings its change back.
pub fn undo_redo_each(eng: &mut Engagement, ops: Vec<Op>) {
    for op in ops {
        let before = eng.state().clone();
        eng.apply(op.clone()).expect("apply");
        let after = eng.state().clone();
        assert_ne!(before, after, "{op:?}");
        let scope = op.undo_scope();
        eng.apply(Op::Undo { scope }).expect("undo");
        assert_eq!(eng.state(), &before, "undo {op:?}");
        eng.apply(Op::Redo { scope }).expect("redo");
        assert_eq!(eng.state(), &after, "redo {op:?}");
    }
}
