//! `Op::Import`: another tool's model added in one undoable step, its ids
//! kept where free and renamed where taken, every record checked.

use crate::common::*;

fn model() -> Model {
    let el = |id: &str, kind, name: &str, x: f64| Element {
        id: id.into(),
        diagram_id: "0".into(),
        kind,
        name: name.into(),
        description: String::new(),
        rect: Rect::new(x, 0.0, 100.0, 60.0),
        source: None,
        target: None,
        props: [("Hosting".to_string(), PropValue::Text("Azure".into()))].into(),
        points: vec![],
        foreign: [("threat-dragon".to_string(), r#"{"zIndex":3}"#.to_string())].into(),
    };
    let mut flow = el("f", ElementKind::DataFlow, "Login", 0.0);
    flow.source = Some("d1".into());
    flow.target = Some("p".into());
    // Spoofing on a data flow: another tool's choice, kept.
    let mut t = Threat::quick("f", Stride::Spoofing, "Spoofed login");
    t.id = "t-1".into();
    t.lifecycle = FindingState::Mitigated;
    Model {
        source: "Threat Dragon model".into(),
        diagrams: vec![Diagram {
            id: "0".into(),
            name: "Main".into(),
            position: 0,
            foreign: Default::default(),
        }],
        // "d1" is taken by the engagement's own diagram: the element is renamed.
        elements: vec![
            el("d1", ElementKind::ExternalEntity, "User", 0.0),
            el("p", ElementKind::Process, "App", 300.0),
            flow,
        ],
        threats: vec![t],
    }
}

#[test]
fn an_import_adds_its_diagrams_in_one_undoable_step() {
    let (_dir, mut eng) = new_engagement();
    let before = eng.state().clone();
    let change = eng.apply(Op::Import { model: model() }).expect("import");
    let s = eng.state();
    assert_eq!(s.diagrams.len(), 2);
    let d = &change.created[0];
    assert_eq!(s.diagrams[d].name, "Main");
    assert_eq!(s.diagrams[d].position, 1, "after the engagement's own");
    let user = s
        .elements
        .values()
        .find(|e| e.name == "User")
        .expect("user");
    assert_ne!(user.id, "d1", "a taken id is given a new one");
    let flow = &s.elements["f"];
    assert_eq!(flow.diagram_id, *d);
    assert_eq!(
        flow.source.as_deref(),
        Some(user.id.as_str()),
        "references follow"
    );
    assert_eq!(flow.target.as_deref(), Some("p"));
    assert_eq!(user.props["Hosting"], PropValue::Text("Azure".into()));
    assert_eq!(user.foreign["threat-dragon"], r#"{"zIndex":3}"#);
    let t = &s.threats["t-1"];
    assert_eq!(
        (t.category, t.lifecycle),
        (Stride::Spoofing, FindingState::Mitigated)
    );
    assert_eq!(t.element_ids, vec!["f".to_string()]);
    // It can be edited as it is; changing its category follows STRIDE per element.
    let mut edited = t.clone();
    edited.title = "Spoofed login page".into();
    eng.apply(Op::UpdateThreat {
        threat: edited.clone(),
    })
    .expect("edit kept");
    edited.category = Stride::ElevationOfPrivilege;
    assert!(eng.apply(Op::UpdateThreat { threat: edited }).is_err());
    eng.apply(UNDO).expect("undo edit");
    eng.apply(UNDO).expect("undo import");
    assert_eq!(eng.state(), &before);
    eng.apply(REDO).expect("redo");
    assert_eq!(eng.state().threats.len(), 1);
}

#[test]
fn a_model_that_breaks_a_rule_is_refused_whole() {
    let (_dir, mut eng) = new_engagement();
    let before = eng.state().clone();
    type Break = Box<dyn Fn(&mut Model)>;
    let cases: Vec<(&str, Break)> = vec![
        ("no diagram", Box::new(|m| m.diagrams.clear())),
        (
            "two-line name",
            Box::new(|m| m.elements[0].name = "a\nb".into()),
        ),
        (
            "flow to nowhere",
            Box::new(|m| m.elements[2].target = Some("zz".into())),
        ),
        (
            "element twice",
            Box::new(|m| m.elements[1].id = "d1".into()),
        ),
        (
            "off the canvas",
            Box::new(|m| m.elements[0].rect.x = f64::INFINITY),
        ),
        (
            "threat on nothing",
            Box::new(|m| m.threats[0].element_ids = vec!["zz".into()]),
        ),
        (
            "untitled threat",
            Box::new(|m| m.threats[0].title = " ".into()),
        ),
        (
            "line of one point",
            Box::new(|m| {
                m.elements[1].kind = ElementKind::TrustBoundary;
                m.elements[1].points = vec![Point { x: 0.0, y: 0.0 }];
            }),
        ),
    ];
    for (what, break_it) in cases {
        let mut m = model();
        break_it(&mut m);
        assert!(eng.apply(Op::Import { model: m }).is_err(), "{what}");
        assert_eq!(eng.state(), &before, "{what}: nothing written");
    }
}

#[test]
fn a_new_engagement_from_an_import_holds_only_the_model() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("m.threatmodel");
    let info = EngagementInfo {
        name: "Imported".into(),
        ..Default::default()
    };
    let eng = Engagement::create_imported(&path, info.clone(), model()).expect("create");
    assert_eq!(eng.state().diagrams.len(), 1);
    assert_eq!(eng.state().elements.len(), 3);
    drop(eng);
    let mut broken = model();
    broken.threats[0].title.clear();
    let other = dir.path().join("broken.threatmodel");
    assert!(Engagement::create_imported(&other, info, broken).is_err());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("m.threatmodel")],
        "no partial file"
    );
}
