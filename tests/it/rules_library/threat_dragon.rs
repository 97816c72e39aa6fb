//! Realism: Threat Dragon's demo models get threats where they should.

use super::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(name)
}

/// A Threat Dragon model rebuilt through ops, with what it maps to.
struct Imported {
    d: Dfd,
    /// Threat Dragon cell id → our element id.
    ids: BTreeMap<String, String>,
    kinds: BTreeMap<String, ElementKind>,
}

fn flag(data: &serde_json::Value, key: &str) -> Option<bool> {
    data.get(key).and_then(serde_json::Value::as_bool)
}

/// Rebuilds the first diagram of a Threat Dragon v2 file: actors, processes,
/// stores and boundary boxes at the file's positions (top-left corner and size,
/// as ours), flows between them, and the properties the file states that our
/// catalogue has. Line boundaries (curves) have no equivalent and are skipped.
fn import_threat_dragon(file: &str) -> Imported {
    let text = std::fs::read_to_string(fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let cells = json["detail"]["diagrams"][0]["cells"]
        .as_array()
        .expect("cells")
        .clone();
    let mut d = Dfd::empty();
    let mut ids = BTreeMap::new();
    let mut kinds = BTreeMap::new();
    let name_of = |c: &serde_json::Value| {
        c["data"]["name"]
            .as_str()
            .unwrap_or("")
            .replace(['\n', '\r'], " ")
    };

    for c in &cells {
        let kind = match c["shape"].as_str() {
            Some("actor") => ExternalEntity,
            Some("process") => Process,
            Some("store") => DataStore,
            Some("trust-boundary-box") => ElementKind::TrustBoundary,
            _ => continue,
        };
        let num = |v: &serde_json::Value| v.as_f64().expect("a number");
        let rect = Rect::new(
            num(&c["position"]["x"]),
            num(&c["position"]["y"]),
            num(&c["size"]["width"]),
            num(&c["size"]["height"]),
        );
        let id = d.add(kind, &name_of(c), rect);
        let data = &c["data"];
        if flag(data, "outOfScope") == Some(true) {
            d.set(&id, "out_of_scope", PropValue::Bool(true));
        }
        if kind == DataStore {
            for (theirs, ours) in [
                ("storesCredentials", "stores_credentials"),
                ("isALog", "is_log"),
                ("isEncrypted", "encrypted_at_rest"),
            ] {
                if let Some(b) = flag(data, theirs) {
                    d.set(&id, ours, PropValue::Bool(b));
                }
            }
        }
        // Threat Dragon's `isWebApplication` and `privilegeLevel` have no
        // equivalent in our catalogue.
        let their_id = c["id"].as_str().expect("cell id").to_string();
        kinds.insert(their_id.clone(), kind);
        ids.insert(their_id, id);
    }

    for c in cells.iter().filter(|c| c["shape"] == "flow") {
        let end = |k: &str| c[k]["cell"].as_str().and_then(|t| ids.get(t)).cloned();
        let (Some(source), Some(target)) = (end("source"), end("target")) else {
            continue; // a flow with a loose end
        };
        let id = d.connect(&source, &target, &[]);
        let data = &c["data"];
        if let Some(b) = flag(data, "isEncrypted") {
            d.set(&id, "encrypted_in_transit", PropValue::Bool(b));
        }
        if let Some(p) = data["protocol"].as_str().filter(|p| !p.trim().is_empty()) {
            d.set(&id, "protocol", PropValue::Text(p.into()));
        }
        if flag(data, "outOfScope") == Some(true) {
            d.set(&id, "out_of_scope", PropValue::Bool(true));
        }
        // A flow over a public network makes the processes at its ends
        // internet-facing.
        if flag(data, "isPublicNetwork") == Some(true) {
            for end in [&source, &target] {
                if d.eng.state().elements[end].kind == Process {
                    d.set(end, "internet_facing", PropValue::Bool(true));
                }
            }
        }
        let their_id = c["id"].as_str().expect("cell id").to_string();
        kinds.insert(their_id.clone(), DataFlow);
        ids.insert(their_id, id);
    }
    Imported { d, ids, kinds }
}

struct Coverage {
    crossing_flows: usize,
    stores: usize,
}

/// Every in-scope flow that crosses a boundary and every in-scope data store
/// gets at least one suggestion.
fn assert_covered(file: &str, m: &Imported) -> Coverage {
    let state = m.d.eng.state();
    let analysis = analyze(state, D);
    let found = m.d.suggestions();
    let gets = |id: &str| found.iter().any(|s| s.element_id == id);
    let in_scope = |id: &str| !state.elements[id].is_out_of_scope();
    let mut coverage = Coverage {
        crossing_flows: 0,
        stores: 0,
    };
    for id in analysis.crossings.keys().filter(|id| in_scope(id)) {
        assert!(
            gets(id),
            "{file}: crossing flow '{}' gets no suggestion",
            state.elements[id].name
        );
        coverage.crossing_flows += 1;
    }
    for e in state
        .elements
        .values()
        .filter(|e| e.kind == DataStore && in_scope(&e.id))
    {
        assert!(
            gets(&e.id),
            "{file}: data store '{}' gets no suggestion",
            e.name
        );
        coverage.stores += 1;
    }
    coverage
}

#[test]
fn three_tier_web_app_gets_threats_on_every_crossing_flow_and_store() {
    let file = "threat-dragon/three-tier-web-app.json";
    let m = import_threat_dragon(file);
    let count = |k: ElementKind| m.kinds.values().filter(|&&x| x == k).count();
    // Web UI, Web Service and PostgresSQL (drawn as a process in the file),
    // two boundary boxes, three flows.
    assert_eq!(count(Process), 3);
    assert_eq!(count(ElementKind::TrustBoundary), 2);
    assert_eq!(count(DataFlow), 3);
    assert_eq!(
        count(DataStore),
        0,
        "the file draws its database as a process"
    );

    let state = m.d.eng.state();
    let by_name = |n: &str| {
        state
            .elements
            .values()
            .find(|e| e.name == n)
            .unwrap_or_else(|| panic!("no '{n}'"))
            .id
            .clone()
    };
    let (ui, service, db) = (
        by_name("Web UI"),
        by_name("Web Service"),
        by_name("PostgresSQL"),
    );
    let analysis = analyze(state, D);
    // The boxes hold what the file's boxes hold: the UI alone, the service with the database.
    assert_eq!(analysis.inside[&service], analysis.inside[&db]);
    assert_ne!(analysis.inside[&ui], analysis.inside[&service]);
    let crossing: BTreeSet<(String, String)> = analysis
        .crossings
        .keys()
        .map(|f| {
            let e = &state.elements[f];
            (
                e.source.clone().unwrap_or_default(),
                e.target.clone().unwrap_or_default(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> =
        [(ui.clone(), service.clone()), (service.clone(), ui.clone())]
            .into_iter()
            .collect();
    assert_eq!(
        crossing, expected,
        "the two UI ↔ service flows cross, the database flow does not"
    );

    let coverage = assert_covered(file, &m);
    assert_eq!(coverage.crossing_flows, 2);

    // The file says these flows are not encrypted: the rules notice.
    let found = m.d.suggestions();
    for f in analysis.crossings.keys() {
        assert!(fired(&found, "flow-cleartext", f).is_some());
        assert!(fired(&found, "flow-cleartext-tampering", f).is_some());
    }
}

#[test]
fn threat_dragon_demo_models_get_threats_on_every_crossing_flow_and_store() {
    let mut totals = Coverage {
        crossing_flows: 0,
        stores: 0,
    };
    for file in [
        "threat-dragon/three-tier-web-app.json",
        "threat-dragon/generic-cms.json",
        "threat-dragon/payment-online.json",
        "threat-dragon/iot-device.json",
        "threat-dragon/v2-threat-model.json",
    ] {
        let m = import_threat_dragon(file);
        assert!(!m.ids.is_empty(), "{file}: nothing imported");
        let c = assert_covered(file, &m);
        totals.crossing_flows += c.crossing_flows;
        totals.stores += c.stores;
    }
    // Not vacuous: these models have crossing flows and in-scope stores.
    assert!(
        totals.crossing_flows >= 8,
        "{} crossing flows",
        totals.crossing_flows
    );
    assert!(totals.stores >= 4, "{} stores", totals.stores);
}

#[test]
fn threat_dragon_store_flags_drive_the_store_rules() {
    let m = import_threat_dragon("threat-dragon/v2-threat-model.json");
    let state = m.d.eng.state();
    let found = m.d.suggestions();
    let named = |n: &str| {
        state
            .elements
            .values()
            .find(|e| e.name == n)
            .expect(n)
            .id
            .clone()
    };
    let config = named("Worker Config"); // storesCredentials
    let db = named("Database"); // isALog
    let web_config = named("Web Application Config"); // out of scope
    let web_app = named("Web Application"); // on a public-network flow
    assert!(fired(&found, "store-credential-tampering", &config).is_some());
    assert!(fired(&found, "store-credentials-reversible", &config).is_some());
    assert!(fired(&found, "log-injection", &db).is_some());
    assert!(
        fired(&found, "store-exhaustion", &db).is_none(),
        "a log has its own flooding rule"
    );
    assert!(found.iter().all(|s| s.element_id != web_config));
    assert!(fired(&found, "process-request-flooding", &web_app).is_some());
}
