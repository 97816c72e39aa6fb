//! The layered layout, through the pytm reader (pytm has no positions): no
//! two laid-out nodes overlap unless one holds the other, each element lies
//! in its boundary's box and outside every box it does not belong to, the
//! output is the same each time, and cycles, self-loops, disconnected parts,
//! an empty model and 10,000 elements are laid out without a panic, quickly.

use crate::common::*;
use crate::import_otm::bytes;
use serde_json::{json, Value};
use std::collections::HashMap;
use threatloom::import::{self, Format};

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

fn inside(outer: &Rect, inner: &Rect) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.x + inner.width <= outer.x + outer.width
        && inner.y + inner.height <= outer.y + outer.height
}

/// Checks the layout of a pytm model against the source's `inBoundary`s.
fn check(src: &Value, m: &Model) {
    let by_name: HashMap<&str, &Element> = m
        .elements
        .iter()
        .filter(|e| e.kind != ElementKind::DataFlow)
        .map(|e| (e.name.as_str(), e))
        .collect();
    // name → its boundary's name, from the source.
    let mut parent: HashMap<String, String> = HashMap::new();
    for o in src["boundaries"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(src["elements"].as_array().into_iter().flatten())
    {
        if let (Some(n), Some(b)) = (o["name"].as_str(), o["inBoundary"].as_str()) {
            parent.insert(n.to_string(), b.to_string());
        }
    }
    let ancestor = |a: &str, of: &str| {
        let mut cur = of.to_string();
        for _ in 0..100 {
            match parent.get(&cur) {
                Some(p) if p == a => return true,
                Some(p) => cur = p.clone(),
                None => return false,
            }
        }
        false
    };
    let nodes: Vec<&Element> = by_name.values().copied().collect();
    for e in &nodes {
        assert!(
            e.rect.width > 0.0 && e.rect.height > 0.0,
            "{} placed",
            e.name
        );
        if let Some(b) = parent.get(&e.name) {
            assert!(
                inside(&by_name[b.as_str()].rect, &e.rect),
                "{} inside {b}",
                e.name
            );
        }
    }
    // Sweep by x: pairs that overlap must be boundary and member.
    let mut sorted = nodes.clone();
    sorted.sort_by(|a, b| a.rect.x.total_cmp(&b.rect.x));
    for (i, a) in sorted.iter().enumerate() {
        for b in sorted.iter().skip(i + 1) {
            if b.rect.x >= a.rect.x + a.rect.width {
                break;
            }
            if overlap(&a.rect, &b.rect) {
                assert!(
                    ancestor(&a.name, &b.name) || ancestor(&b.name, &a.name),
                    "{} {:?} overlaps {} {:?}",
                    a.name,
                    a.rect,
                    b.name,
                    b.rect
                );
            }
        }
    }
}

#[test]
fn the_pytm_fixture_imports_laid_out_in_its_boundaries() {
    let raw = bytes("pytm/input.json");
    let src: Value = serde_json::from_slice(&raw).expect("json");
    assert_eq!(import::detect(&raw).expect("detected"), Format::Pytm);
    let im = import::read(&raw, None).expect("pytm");
    let m = &im.model;
    assert_eq!(im.title, src["name"].as_str().expect("name"));
    assert_eq!(
        im.description,
        src["description"].as_str().expect("description")
    );
    let count = |k: ElementKind| m.elements.iter().filter(|e| e.kind == k).count();
    let classes = |cs: &[&str]| {
        src["elements"]
            .as_array()
            .expect("elements")
            .iter()
            .filter(|e| cs.contains(&e["__class__"].as_str().unwrap_or("")))
            .count()
    };
    assert_eq!(
        count(ElementKind::TrustBoundary),
        src["boundaries"].as_array().expect("b").len()
    );
    assert_eq!(
        count(ElementKind::ExternalEntity),
        classes(&["Actor", "ExternalEntity"])
    );
    assert_eq!(count(ElementKind::DataStore), classes(&["Datastore"]));
    assert_eq!(
        count(ElementKind::Process),
        classes(&["Server", "Process", "Lambda", "SetOfProcesses"])
    );
    let flows = src["flows"].as_array().expect("flows");
    assert_eq!(count(ElementKind::DataFlow), flows.len());
    for f in flows {
        let e = m
            .elements
            .iter()
            .find(|e| e.name == f["name"].as_str().expect("n"))
            .expect("flow");
        let name = |id: &Option<String>| {
            m.elements
                .iter()
                .find(|x| Some(&x.id) == id.as_ref())
                .map(|x| x.name.clone())
        };
        assert_eq!(name(&e.source).as_deref(), f["source"].as_str());
        assert_eq!(name(&e.target).as_deref(), f["sink"].as_str());
        if let Some(note) = f["note"].as_str() {
            assert_eq!(e.description, note);
        }
    }
    let request = m
        .elements
        .iter()
        .find(|e| e.name == "Request")
        .expect("request");
    assert_eq!(
        request.props.get("Data"),
        Some(&PropValue::Text("Password (SECRET)".into()))
    );
    let server = m
        .elements
        .iter()
        .find(|e| e.name == "Web Server")
        .expect("server");
    assert_eq!(
        server.props.get("pytm class"),
        Some(&PropValue::Text("Server".into()))
    );
    check(&src, m);
    let n = m
        .elements
        .iter()
        .filter(|e| e.kind != ElementKind::DataFlow)
        .count();
    assert!(
        im.report
            .lines
            .iter()
            .any(|l| l.text == format!("{n} elements had no position: laid out in layers")),
        "{:?}",
        im.report.lines
    );
    // The same each time.
    assert_eq!(import::read(&raw, None).expect("again").model, im.model);
    let dir = tempfile::tempdir().expect("dir");
    Engagement::create_imported(
        &dir.path().join("p.threatmodel"),
        EngagementInfo::default(),
        im.model.clone(),
    )
    .expect("accepted");
}

/// A deterministic pseudo-random pytm model: `n` elements in nested
/// boundaries, flows with cycles, self-loops and lone parts.
fn synthetic(n: usize, boundaries: usize) -> Value {
    let mut seed: u64 = 42;
    let mut next = move |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m.max(1)
    };
    let classes = [
        "Actor",
        "Server",
        "Process",
        "Datastore",
        "Lambda",
        "ExternalEntity",
        "SetOfProcesses",
        "Mystery",
    ];
    let bs: Vec<Value> = (0..boundaries)
        .map(|i| {
            if i > 0 && i % 3 == 0 {
                json!({"name": format!("B{i}"), "inBoundary": format!("B{}", i - 1)})
            } else {
                json!({"name": format!("B{i}")})
            }
        })
        .collect();
    let els: Vec<Value> = (0..n)
        .map(|i| {
            let mut e = json!({"__class__": classes[i % classes.len()], "name": format!("E{i}")});
            if boundaries > 0 && i % 4 != 0 {
                e["inBoundary"] = json!(format!("B{}", next(boundaries)));
            }
            e
        })
        .collect();
    let mut flows = vec![];
    for i in 0..n {
        if i % 7 == 6 {
            continue; // some alone
        }
        let t = if i % 11 == 0 {
            i
        } else if i % 5 == 0 {
            i.saturating_sub(3)
        } else {
            next(n)
        };
        flows.push(
            json!({"name": format!("F{i}"), "source": format!("E{i}"), "sink": format!("E{t}")}),
        );
    }
    json!({"name": "big", "boundaries": bs, "elements": els, "flows": flows})
}

#[test]
fn cycles_self_loops_lone_parts_and_nesting_are_laid_out_without_overlap() {
    let src = synthetic(400, 12);
    let raw = serde_json::to_vec(&src).expect("json");
    let im = import::read(&raw, None).expect("read");
    check(&src, &im.model);
    assert_eq!(
        import::read(&raw, None).expect("again").model,
        im.model,
        "deterministic"
    );
    let dir = tempfile::tempdir().expect("dir");
    Engagement::create_imported(
        &dir.path().join("s.threatmodel"),
        EngagementInfo::default(),
        im.model,
    )
    .expect("accepted");
    // Tiny and empty ones.
    for src in [
        json!({"elements": [], "flows": []}),
        json!({"elements": [{"__class__": "Process", "name": "A"}], "flows": [{"name": "self", "source": "A", "sink": "A"}]}),
        json!({"boundaries": [{"name": "X"}], "elements": [], "flows": []}),
        json!({"boundaries": [{"name": "X", "inBoundary": "Y"}, {"name": "Y", "inBoundary": "X"}], "elements": [{"__class__": "Actor", "name": "U", "inBoundary": "X"}], "flows": []}),
    ] {
        let im = import::read(&serde_json::to_vec(&src).expect("json"), None).expect("read");
        for e in im
            .model
            .elements
            .iter()
            .filter(|e| e.kind != ElementKind::DataFlow)
        {
            assert!(e.rect.width > 0.0, "{} placed", e.name);
        }
    }
}

#[test]
fn ten_thousand_elements_are_laid_out_quickly() {
    let src = synthetic(10_000, 60);
    let raw = serde_json::to_vec(&src).expect("json");
    let start = std::time::Instant::now();
    let im = import::read(&raw, None).expect("read");
    let took = start.elapsed();
    eprintln!("10,000-element pytm import with layout: {took:?}");
    check(&src, &im.model);
    // A debug build on a shared machine: loose; release is far below a second.
    assert!(took.as_secs_f64() < 30.0, "{took:?}");
}
