//! Targets `import_json`, `import_yaml`, `import_tm7`: other tools' models.

use super::*;

/// A fixture from `../shared/fixtures`, read once.
pub(super) fn fixture(rel: &str) -> &'static [u8] {
    static FILES: OnceLock<std::sync::Mutex<BTreeMap<String, &'static [u8]>>> = OnceLock::new();
    let files = FILES.get_or_init(Default::default);
    let mut files = files.lock().expect("fixtures");
    files.entry(rel.to_string()).or_insert_with(|| {
        let path = format!("{}/../shared/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
        Box::leak(std::fs::read(&path).expect("fixture").into_boxed_slice())
    })
}

pub(super) const JSON_MODELS: &[&str] = &[
    "threat-dragon/generic-cms.json",
    "threat-dragon/iot-device.json",
    "threat-dragon/payment-online.json",
    "threat-dragon/three-tier-web-app.json",
    "threat-dragon/v2-new-model.json",
    "threat-dragon/v2-threat-model.json",
    "otm/EXAMPLE.json",
    "mtmt/MTMT_MVP.otm",
    "mtmt/nested_tz.otm",
    "pytm/input.json",
];

/// A JSON model from another tool, mutated as JSON or as bytes.
pub(super) fn json_model(rng: &mut Rng) -> Vec<u8> {
    let rel = rng.pick(JSON_MODELS).expect("models");
    mutate_json(rng, fixture(rel))
}

/// An OTM model as YAML (the JSON fixtures written as YAML), mutated as text.
pub(super) fn yaml_model(rng: &mut Rng) -> Vec<u8> {
    static YAML: OnceLock<Vec<String>> = OnceLock::new();
    let texts = YAML.get_or_init(|| {
        ["otm/EXAMPLE.json", "mtmt/nested_tz.otm"]
            .iter()
            .map(|rel| {
                let v: Value = serde_json::from_slice(fixture(rel)).expect("json");
                serde_saphyr::to_string(&v).expect("yaml")
            })
            .collect()
    });
    let text = rng.pick(texts).expect("yaml");
    if rng.one_in(4) {
        // YAML's own hazards: anchors and aliases (a "billion laughs"), tags, deep flows.
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        let extra = match rng.below(3) {
            0 => bomb.to_string(),
            1 => format!(
                "deep: {}x{}\n",
                "[".repeat(rng.between(10, 50_000)),
                "]".repeat(rng.between(0, 10))
            ),
            _ => "t: !!binary aGVsbG8=\nu: !custom {a: 1}\n".to_string(),
        };
        return format!("{text}{extra}").into_bytes();
    }
    mutate_text(rng, text).into_bytes()
}

/// A `.tm7` (the smallest fixture, without its template's knowledge base half
/// the time so cases stay quick), mutated as bytes or with XML's own hazards.
pub(super) fn tm7_model(rng: &mut Rng) -> Vec<u8> {
    static SMALL: OnceLock<Vec<u8>> = OnceLock::new();
    let small = SMALL.get_or_init(|| {
        let text = String::from_utf8_lossy(fixture("mtmt/MTMT_nested_tz.tm7")).into_owned();
        match (text.find("<KnowledgeBase"), text.find("</KnowledgeBase>")) {
            (Some(a), Some(b)) if a < b => {
                format!("{}{}", &text[..a], &text[b + "</KnowledgeBase>".len()..]).into_bytes()
            }
            _ => text.into_bytes(),
        }
    });
    let mut data = if rng.one_in(2) {
        small.clone()
    } else {
        fixture("mtmt/MTMT_nested_tz.tm7").to_vec()
    };
    match rng.below(6) {
        0 => {
            // An entity bomb or an external entity: there must be no DTD at all.
            let dtd = if rng.one_in(2) {
                "<!DOCTYPE ThreatModel [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
            } else {
                "<!DOCTYPE ThreatModel [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            };
            data.splice(0..0, dtd.bytes());
            if let Some(at) = find(&data, b"<Value") {
                data.splice(at..at, b"&c;&x;".iter().copied());
            }
        }
        1 => {
            // Deep nesting.
            let depth = rng.between(100, 100_000);
            let at = find(&data, b"<Borders").unwrap_or(0);
            let deep = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth / 2));
            data.splice(at..at, deep.bytes());
        }
        _ => mutate_bytes(rng, &mut data),
    }
    data
}

/// Reads a model: `Ok`, and then `Op::Import` takes it (or refuses it whole,
/// changing nothing) and everything that reads an engagement runs on it; or
/// a refusal of one line that says why.
pub(super) fn check_import(input: &[u8]) -> String {
    match threatloom::import::read(input, None) {
        Ok(imported) => {
            let (_dir, mut eng) = new_engagement();
            match eng.apply(Op::Import {
                model: imported.model,
            }) {
                Ok(_) => {
                    // Everything that reads an engagement, on one case in eight
                    // (it costs more than the import).
                    if input.len().is_multiple_of(8) {
                        exercise(&mut eng);
                    }
                    "imported".into()
                }
                // What the reader returns, the engine takes: the user saw its report.
                Err(e) => panic!("the engine refused what the reader returned: {e}"),
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(!message.trim().is_empty(), "{e:?} says why");
            assert!(!message.contains('\n'), "a refusal is one line: {message}");
            format!("refused ({})", kind(&e))
        }
    }
}

#[test]
fn import_json() {
    run("import_json", 1000, json_model, check_import);
}

#[test]
fn import_yaml() {
    run("import_yaml", 500, yaml_model, check_import);
}

#[test]
fn import_tm7() {
    run("import_tm7", 300, tm7_model, check_import);
}
