//! The Microsoft Threat Modeling Tool's `.tm7` importer: the fixtures (real
//! files from iriusrisk/startleft) import with what their XML holds —
//! counted here with roxmltree, independently of the importer —, threats
//! stay on the element or flow their guid names, line boundaries cross the
//! flows drawn across them, and bad files are refused with one line.

use crate::common::*;
use std::collections::{BTreeMap, BTreeSet};
use threatloom::import::{self, Format, Imported};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/mtmt/");
const FIXTURES: [&str; 3] = [
    "MTMT_MVP.tm7",
    "MTMT_nested_tz.tm7",
    "SDL_all_components.tm7",
];

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}{name}")).expect("fixture")
}

fn import(b: &[u8]) -> Imported {
    import::read(b, None).expect("imports")
}

fn refusal(b: &[u8], format: Option<Format>) -> String {
    match import::read(b, format) {
        Ok(_) => panic!("accepted"),
        Err(e) => {
            let msg = e.to_string();
            assert!(
                !msg.contains('\n') && !msg.trim().is_empty() && msg.chars().count() <= 400,
                "one line: {msg:?}"
            );
            msg
        }
    }
}

// ---- what the XML holds, read with roxmltree ----

fn kids<'a, 'i>(
    n: roxmltree::Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn kid<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &'a str) -> Option<roxmltree::Node<'a, 'i>> {
    kids(n, name).next()
}

fn text_of(n: roxmltree::Node, name: &str) -> String {
    kid(n, name)
        .and_then(|c| c.text())
        .unwrap_or("")
        .trim()
        .to_string()
}

fn xsi_type(n: roxmltree::Node) -> String {
    n.attributes()
        .find(|a| a.name() == "type")
        .map(|a| a.value().rsplit(':').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// One shape of the file: its guid, i:type, generic type, name and the raw node.
struct Shape {
    guid: String,
    xsi: String,
    generic: String,
    name: String,
    diagram: usize,
    source: String,
    target: String,
    left: Option<f64>,
}

struct Held {
    diagrams: Vec<String>,
    shapes: Vec<Shape>,
    /// (title, flow guid, state, priority, state information)
    threats: Vec<(String, String, String, String, String)>,
}

fn held(xml: &str) -> Held {
    let doc = roxmltree::Document::parse(xml).expect("the fixture is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "ThreatModel");
    let mut out = Held {
        diagrams: vec![],
        shapes: vec![],
        threats: vec![],
    };
    let list = kid(root, "DrawingSurfaceList").expect("diagrams");
    for (i, d) in kids(list, "DrawingSurfaceModel").enumerate() {
        out.diagrams.push(text_of(d, "Header"));
        for section in ["Borders", "Lines"] {
            let Some(s) = kid(d, section) else { continue };
            for entry in s.children().filter(|c| c.is_element()) {
                let v = kid(entry, "Value").expect("value");
                let name = kid(v, "Properties")
                    .into_iter()
                    .flat_map(|p| kids(p, "anyType"))
                    .find(|p| text_of(*p, "DisplayName") == "Name")
                    .map(|p| text_of(p, "Value"))
                    .unwrap_or_default();
                out.shapes.push(Shape {
                    guid: text_of(v, "Guid").to_ascii_lowercase(),
                    xsi: xsi_type(v),
                    generic: text_of(v, "GenericTypeId"),
                    name,
                    diagram: i,
                    source: text_of(v, "SourceGuid").to_ascii_lowercase(),
                    target: text_of(v, "TargetGuid").to_ascii_lowercase(),
                    left: text_of(v, "Left").parse().ok(),
                });
            }
        }
    }
    if let Some(ti) = kid(root, "ThreatInstances") {
        for entry in ti.children().filter(|c| c.is_element()) {
            let v = kid(entry, "Value").expect("threat");
            let title = kid(v, "Properties")
                .into_iter()
                .flat_map(|p| p.children().filter(|c| c.is_element()))
                .find(|kv| text_of(*kv, "Key") == "Title")
                .map(|kv| text_of(kv, "Value"))
                .unwrap_or_default();
            out.threats.push((
                title,
                text_of(v, "FlowGuid").to_ascii_lowercase(),
                text_of(v, "State"),
                text_of(v, "Priority"),
                text_of(v, "StateInformation"),
            ));
        }
    }
    out
}

fn count(h: &Held, f: impl Fn(&Shape) -> bool) -> usize {
    h.shapes.iter().filter(|s| f(s)).count()
}

fn of_kind(m: &Model, k: ElementKind) -> usize {
    m.elements.iter().filter(|e| e.kind == k).count()
}

#[test]
fn every_fixture_imports_with_what_its_xml_holds() {
    for name in FIXTURES {
        let b = bytes(name);
        let h = held(std::str::from_utf8(&b).expect("utf-8"));
        let imported = import(&b);
        assert_eq!(imported.report.format, Format::Tm7, "{name}: detected");
        let m = &imported.model;
        assert_eq!(m.diagrams.len(), h.diagrams.len(), "{name}: diagrams");
        for (d, header) in m.diagrams.iter().zip(&h.diagrams) {
            assert_eq!(&d.name, header, "{name}: diagram named by its header");
        }
        let shape = |xsi: &'static str| move |s: &Shape| s.xsi == xsi && s.generic != "GE.A";
        assert_eq!(
            of_kind(m, ElementKind::ExternalEntity),
            count(&h, shape("StencilRectangle")),
            "{name}: external entities"
        );
        assert_eq!(
            of_kind(m, ElementKind::Process),
            count(&h, shape("StencilEllipse")),
            "{name}: processes"
        );
        assert_eq!(
            of_kind(m, ElementKind::DataStore),
            count(&h, shape("StencilParallelLines")),
            "{name}: data stores"
        );
        assert_eq!(
            of_kind(m, ElementKind::DataFlow),
            count(&h, shape("Connector")),
            "{name}: flows, one per connector"
        );
        let boxes = m.elements.iter().filter(|e| e.is_box_boundary()).count();
        let lines = m.elements.iter().filter(|e| e.is_line()).count();
        assert_eq!(
            boxes,
            count(&h, shape("BorderBoundary")),
            "{name}: box boundaries"
        );
        assert_eq!(lines, count(&h, shape("LineBoundary")), "{name}: lines");
        assert_eq!(m.threats.len(), h.threats.len(), "{name}: threats");
        // The report counts what the model holds.
        let r = &imported.report;
        assert_eq!(r.flows as usize, of_kind(m, ElementKind::DataFlow));
        assert_eq!(r.threats as usize, h.threats.len());

        let mut open_ends = 0;
        let by_id: BTreeMap<&str, &Element> =
            m.elements.iter().map(|e| (e.id.as_str(), e)).collect();
        for s in h.shapes.iter().filter(|s| s.generic != "GE.A") {
            let e = by_id
                .get(s.guid.as_str())
                .unwrap_or_else(|| panic!("{name}: shape {} kept under its guid", s.guid));
            assert_eq!(e.name, s.name, "{name}: names survive");
            assert_eq!(e.diagram_id, m.diagrams[s.diagram].id);
            assert!(e.foreign.contains_key("tm7"), "the tool's record is kept");
            if s.xsi == "Connector" {
                // An end is the shape its guid names, if that is an entity,
                // process or store; else it is kept open (and reported).
                let end = |guid: &str| {
                    h.shapes
                        .iter()
                        .find(|o| o.guid == guid && o.generic != "GE.A")
                        .filter(|o| o.xsi.starts_with("Stencil"))
                        .map(|o| o.guid.clone())
                };
                let (src, dst) = (end(&s.source), end(&s.target));
                assert_eq!(e.source, src, "{name}: source");
                assert_eq!(e.target, dst, "{name}: target");
                if src.is_none() || dst.is_none() {
                    open_ends += 1;
                    assert!(
                        r.lines
                            .iter()
                            .any(|l| l.text.contains(&format!("'{}'", s.name))
                                && l.text.contains("end open")),
                        "{name}: an open end is reported"
                    );
                }
            } else if s.xsi != "LineBoundary" {
                assert_eq!(Some(e.rect.x), s.left, "{name}: position kept");
            }
        }
        if name == "MTMT_nested_tz.tm7" {
            assert!(
                open_ends > 0,
                "this fixture has a connector with a missing end"
            );
        }
        // Threats: titles survive, each on the flow its FlowGuid names.
        let titles: BTreeSet<&str> = m.threats.iter().map(|t| t.title.as_str()).collect();
        let want: BTreeSet<&str> = h.threats.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(titles, want, "{name}: threat titles");
        let mut on: Vec<(&str, &str)> = m
            .threats
            .iter()
            .map(|t| (t.title.as_str(), t.element_ids[0].as_str()))
            .collect();
        let mut want: Vec<(&str, &str)> = h
            .threats
            .iter()
            .map(|t| (t.0.as_str(), t.1.as_str()))
            .collect();
        on.sort();
        want.sort();
        assert_eq!(on, want, "{name}: threats on their flow");
        for t in &m.threats {
            assert_eq!(t.element_ids.len(), 1);
            let held = h.threats.iter().find(|x| x.0 == t.title).expect("held");
            let level = match held.3.as_str() {
                "High" => Some(RiskLevel::High),
                "Medium" => Some(RiskLevel::Medium),
                "Low" => Some(RiskLevel::Low),
                _ => None,
            };
            assert_eq!(t.risk_override.as_ref().map(|o| o.level), level);
            if held.2 == "AutoGenerated" {
                assert_eq!(t.lifecycle, FindingState::Draft);
            }
            assert!(t.foreign["tm7"].contains("InteractionKey"));
        }
    }
}

#[test]
fn template_types_and_properties_are_kept_and_mapped() {
    let b = bytes("SDL_all_components.tm7");
    let m = import(&b).model;
    let doc = roxmltree::Document::parse(std::str::from_utf8(&b).expect("utf-8")).expect("xml");
    // Type names as the template (KnowledgeBase) gives them.
    let names: BTreeMap<String, String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "ElementType")
        .map(|n| (text_of(n, "Id"), text_of(n, "Name")))
        .collect();
    let mut checked = 0;
    for v in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "Value" && kid(*n, "GenericTypeId").is_some())
    {
        let guid = text_of(v, "Guid");
        let Some(e) = m.elements.iter().find(|e| e.id == guid) else {
            assert_eq!(
                text_of(v, "GenericTypeId"),
                "GE.A",
                "only annotations are not elements"
            );
            continue;
        };
        assert_eq!(
            e.props.get("TMT type"),
            Some(&PropValue::Text(names[&text_of(v, "TypeId")].clone())),
            "the template type's display name"
        );
        for p in kid(v, "Properties")
            .into_iter()
            .flat_map(|p| kids(p, "anyType"))
        {
            let display = text_of(p, "DisplayName");
            let value = text_of(p, "Value");
            if display == "Out Of Scope" {
                assert_eq!(
                    e.is_out_of_scope(),
                    value == "true",
                    "Out Of Scope → out_of_scope"
                );
                checked += 1;
            }
            if display == "Stores Credentials" && e.kind == ElementKind::DataStore {
                let options: Vec<String> = kid(p, "Value")
                    .into_iter()
                    .flat_map(|v| v.children().filter(|c| c.is_element()))
                    .map(|c| c.text().unwrap_or("").to_string())
                    .collect();
                let index: usize = text_of(p, "SelectedIndex").parse().expect("index");
                match options[index].as_str() {
                    "Yes" => assert_eq!(e.props["stores_credentials"], PropValue::Bool(true)),
                    "No" => assert_eq!(e.props["stores_credentials"], PropValue::Bool(false)),
                    _ => assert!(!e.props.contains_key("stores_credentials")),
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "properties were compared ({checked})");
    // A list property with a choice is kept by its display name.
    assert!(
        m.elements.iter().any(|e| e.props.contains_key("Code Type")),
        "other properties by display name"
    );
}

#[test]
fn every_fixture_goes_into_an_engagement() {
    for name in FIXTURES {
        let imported = import(&bytes(name));
        let model = imported.model.clone();
        let (_dir, mut eng) = new_engagement();
        let before = eng.state().elements.len();
        eng.apply(Op::Import {
            model: model.clone(),
        })
        .unwrap_or_else(|e| panic!("{name}: Op::Import: {e}"));
        let s = eng.state();
        assert_eq!(s.elements.len(), before + model.elements.len(), "{name}");
        assert_eq!(s.threats.len(), model.threats.len(), "{name}");

        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("imported.threatmodel");
        let info = EngagementInfo {
            name: imported.title.clone(),
            description: imported.description.clone(),
            ..Default::default()
        };
        let eng = Engagement::create_imported(&path, info, imported.model)
            .unwrap_or_else(|e| panic!("{name}: create_imported: {e}"));
        let s = eng.state();
        assert_eq!(s.diagrams.len(), model.diagrams.len(), "{name}");
        assert_eq!(s.elements.len(), model.elements.len(), "{name}");
        assert_eq!(s.threats.len(), model.threats.len(), "{name}");
        // Threats stay on the element their guid names.
        for t in &model.threats {
            let kept = s
                .threats
                .values()
                .find(|x| x.title == t.title && x.foreign == t.foreign)
                .expect("threat kept");
            let on = &s.elements[&kept.element_ids[0]];
            let was = model
                .elements
                .iter()
                .find(|e| e.id == t.element_ids[0])
                .expect("element");
            assert_eq!(on.name, was.name);
            assert_eq!(on.foreign, was.foreign);
        }
    }
}

#[test]
fn the_fixture_line_boundary_crosses_the_connectors_drawn_across_it() {
    let b = bytes("MTMT_nested_tz.tm7");
    let imported = import(&b);
    let line = imported
        .model
        .elements
        .iter()
        .find(|e| e.is_line())
        .expect("a line boundary")
        .clone();
    assert!(line.points.len() > 2, "the curve is sampled");
    let (_dir, mut eng) = new_engagement();
    eng.apply(Op::Import {
        model: imported.model.clone(),
    })
    .expect("import");
    let s = eng.state();
    let d = s
        .diagrams
        .values()
        .find(|d| d.id != "d1")
        .expect("imported diagram")
        .id
        .clone();
    let a = analyze(s, &d);
    // Expected independently: a connector crosses the line when its ends'
    // centres lie on either side of it. The line runs top to bottom
    // (x ≈ 661–731) over the whole height of the drawing, so the side is
    // read off the centre's x against the line's x at that height.
    let side = |x: f64, y: f64| -> bool {
        // The line's x at height y, on the imported polyline.
        let p = &line.points;
        let at = p
            .windows(2)
            .find(|w| (w[0].y..=w[1].y).contains(&y) || (w[1].y..=w[0].y).contains(&y))
            .map(|w| {
                let t = if w[1].y == w[0].y {
                    0.0
                } else {
                    (y - w[0].y) / (w[1].y - w[0].y)
                };
                w[0].x + t * (w[1].x - w[0].x)
            })
            .unwrap_or(p[0].x);
        x < at
    };
    let mut crossing = 0;
    for f in s
        .elements
        .values()
        .filter(|e| e.diagram_id == d && e.kind == ElementKind::DataFlow)
    {
        let (Some(src), Some(dst)) = (&f.source, &f.target) else {
            continue;
        };
        let (a1, b1) = s.elements[src].rect.centre();
        let (a2, b2) = s.elements[dst].rect.centre();
        let crosses = side(a1, b1) != side(a2, b2);
        crossing += crosses as usize;
        let got = a
            .crossings
            .get(&f.id)
            .is_some_and(|bs| bs.contains(&line.id));
        assert_eq!(got, crosses, "flow '{}'", f.name);
    }
    assert!(
        crossing > 0,
        "the fixture draws a connector across its line"
    );
}

mod hand_made;
