//! Random op sequences with undos in two scopes, followed by undo-all in every
//! scope, give the starting engagement back, and redo-all gives the end state back.

use crate::common::*;
use proptest::prelude::*;

/// An op described by indexes into whatever exists when it runs.
#[derive(Debug, Clone)]
enum Action {
    Add(u8, i16, i16),
    Connect(u8, u8),
    Move(u8, i16, i16),
    Rename(u8, String),
    Describe(u8, String),
    Flag(u8, bool),
    Delete(u8),
    DeleteTwo(u8, u8),
    AddDiagram(String),
    Info(String),
    /// Undo on the canvas (`true`) or in the engagement's overview.
    Undo(bool),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => (0u8..4, any::<i16>(), any::<i16>()).prop_map(|(k, x, y)| Action::Add(k, x, y)),
        3 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Action::Connect(a, b)),
        2 => (any::<u8>(), any::<i16>(), any::<i16>()).prop_map(|(a, x, y)| Action::Move(a, x, y)),
        2 => (any::<u8>(), "[a-zA-Z <>&\"]{0,12}").prop_map(|(a, s)| Action::Rename(a, s)),
        1 => (any::<u8>(), ".{0,20}").prop_map(|(a, s)| Action::Describe(a, s)),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(a, b)| Action::Flag(a, b)),
        1 => any::<u8>().prop_map(Action::Delete),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Action::DeleteTwo(a, b)),
        1 => "[a-z]{1,8}".prop_map(Action::AddDiagram),
        1 => "[a-z ]{0,8}".prop_map(Action::Info),
        1 => any::<bool>().prop_map(Action::Undo),
    ]
}

fn pick(state: &State, i: u8, nodes_only: bool) -> Option<Element> {
    let all: Vec<&Element> = state
        .elements
        .values()
        .filter(|e| !nodes_only || e.kind.is_endpoint())
        .collect();
    (!all.is_empty()).then(|| all[i as usize % all.len()].clone())
}

fn to_op(state: &State, a: &Action) -> Option<Op> {
    let kinds = [
        ElementKind::ExternalEntity,
        ElementKind::Process,
        ElementKind::DataStore,
        ElementKind::TrustBoundary,
    ];
    let diagram = state.diagrams.keys().next()?.clone();
    Some(match a {
        Action::Add(k, x, y) => Op::AddElement {
            id: None,
            diagram_id: diagram,
            kind: kinds[*k as usize],
            name: format!("e{k}"),
            rect: Rect::new(*x as f64, *y as f64, 120.0, 60.0),
        },
        Action::Connect(a, b) => {
            let (s, t) = (pick(state, *a, true)?, pick(state, *b, true)?);
            Op::Connect {
                id: None,
                diagram_id: s.diagram_id,
                source: s.id,
                target: t.id,
                name: "flow".into(),
            }
        }
        Action::Move(a, x, y) => {
            let e = pick(state, *a, false)?;
            Op::Place {
                moves: vec![Placement {
                    id: e.id,
                    rect: Rect::new(*x as f64, *y as f64, 80.0, 80.0),
                }],
            }
        }
        Action::Rename(a, s) => Op::Rename {
            id: pick(state, *a, false)?.id,
            name: s.clone(),
        },
        Action::Describe(a, s) => Op::SetDescription {
            id: pick(state, *a, false)?.id,
            description: s.clone(),
        },
        Action::Flag(a, b) => Op::SetProperty {
            id: pick(state, *a, false)?.id,
            key: "out_of_scope".into(),
            value: Some(PropValue::Bool(*b)),
        },
        Action::Delete(a) => Op::Delete {
            ids: vec![pick(state, *a, false)?.id],
        },
        Action::DeleteTwo(a, b) => Op::Delete {
            ids: vec![pick(state, *a, false)?.id, pick(state, *b, false)?.id],
        },
        Action::AddDiagram(name) => Op::AddDiagram {
            id: None,
            name: name.clone(),
        },
        Action::Info(name) => Op::SetInfo {
            info: EngagementInfo {
                name: name.clone(),
                ..state.info.clone()
            },
        },
        Action::Undo(canvas) => Op::Undo {
            scope: if *canvas {
                UndoScope::Diagram
            } else {
                UndoScope::Scoping
            },
        },
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn undo_all_gives_the_empty_engagement_back(actions in prop::collection::vec(action(), 1..40)) {
        let (dir, mut eng) = new_engagement();
        let empty = eng.state().clone();
        for a in &actions {
            if let Some(op) = to_op(eng.state(), a) {
                // Some random ops are invalid (a self-loop, a flow to a boundary): refused, no change.
                let before = eng.state().clone();
                if eng.apply(op).is_err() {
                    prop_assert_eq!(eng.state(), &before);
                }
            }
        }
        let end = eng.state().clone();
        let mut undone = Vec::new();
        for scope in UndoScope::ALL {
            while eng.history().of(scope).undo.is_some() {
                eng.apply(Op::Undo { scope }).expect("undo");
                undone.push(scope);
            }
        }
        prop_assert_eq!(eng.state(), &empty);
        for scope in undone.into_iter().rev() {
            eng.apply(Op::Redo { scope }).expect("redo");
        }
        prop_assert_eq!(eng.state(), &end);
        drop(eng);
        let reopened = Engagement::open(&dir.path().join("t.threatmodel")).expect("reopen");
        prop_assert_eq!(reopened.state(), &end);
    }
}
