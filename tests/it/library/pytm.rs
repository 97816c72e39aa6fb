//! OWASP pytm's threat library (`threats.json` from the `pytm` package, which
//! `make deps` fetches into `target/pytm`) read as library entries.

use crate::common::*;
use serde_json::Value;
use std::path::PathBuf;
use threatloom::library::{self, Library};

/// `$PYTM_THREATS` (the Makefile sets it), else the copy `make deps`
/// unpacks, else an installed `pytm` package (found without importing it).
fn threats_json() -> PathBuf {
    if let Some(p) = std::env::var_os("PYTM_THREATS").map(PathBuf::from) {
        if p.is_file() {
            return p;
        }
    }
    let unpacked =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/pytm/pytm/threatlib/threats.json");
    if unpacked.is_file() {
        return unpacked;
    }
    let found = std::process::Command::new("python3")
        .args([
            "-c",
            "import importlib.util as u; print(u.find_spec('pytm').submodule_search_locations[0])",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| {
            PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()).join("threatlib/threats.json")
        });
    match found {
        Some(p) if p.is_file() => p,
        _ => panic!(
            "pytm's threats.json not found: run `make deps` (it unpacks the pytm package into target/pytm) or set PYTM_THREATS"
        ),
    }
}

/// Whitespace aside: pytm runs sentences together, the import spaces them.
fn squeezed(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn every_pytm_threat_becomes_an_entry() {
    let text = std::fs::read_to_string(threats_json()).expect("threats.json");
    let json: Value = serde_json::from_str(&text).expect("JSON");
    let threats = json.as_array().expect("a list");
    assert!(threats.len() >= 100, "pytm ships over a hundred threats");
    let entries = library::import_pytm(&text).expect("import");
    assert_eq!(entries.len(), threats.len());
    for (t, e) in threats.iter().zip(&entries) {
        let field = |k: &str| t[k].as_str().unwrap_or("").trim().to_string();
        let sid = field("SID");
        assert_eq!(e.id, format!("pytm-{}", sid.to_lowercase()));
        assert_eq!(e.title, field("description"), "{sid}");
        assert_eq!(e.check(), Ok(()), "{sid}");
        assert!(
            squeezed(&e.scenario).contains(&squeezed(&field("details"))),
            "{sid}: details"
        );
        assert!(
            squeezed(&e.scenario).contains(&squeezed(&field("example"))),
            "{sid}: example"
        );
        assert_eq!(
            squeezed(&e.recommended_actions.join(" ")),
            squeezed(&field("mitigations")),
            "{sid}: mitigations"
        );
        for r in field("references")
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            let number = r
                .trim_end_matches(".html")
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            if r.contains("cwe.mitre.org/data/definitions/") {
                assert!(
                    e.references.contains(&format!("CWE-{number}")),
                    "{sid}: {r}"
                );
            } else if r.contains("capec.mitre.org/data/definitions/") {
                assert!(
                    e.references.contains(&format!("CAPEC-{number}")),
                    "{sid}: {r}"
                );
            } else {
                assert!(e.scenario.contains(r), "{sid}: {r} kept readable");
            }
        }
        assert!(e.tags.contains(&"pytm".to_string()));
        assert!(!e.applies_to.is_empty(), "{sid}");
    }
    let by = |id: &str| entries.iter().find(|e| e.id == id).expect(id);
    let inp01 = by("pytm-inp01");
    assert_eq!(
        inp01.category,
        Stride::ElevationOfPrivilege,
        "a buffer overflow"
    );
    assert_eq!(
        inp01.applies_to,
        [ElementKind::Process],
        "Lambda and Process"
    );
    assert_eq!(
        inp01.references,
        ["CAPEC-10", "CWE-120", "CWE-119", "CWE-680"]
    );
    assert!(inp01.scenario.contains("CVE-1999-0906"));
    assert_eq!(inp01.tags, ["pytm", "INP"]);
    assert_eq!(inp01.likelihood.overall(), Some(Rating::High));
    assert_eq!(inp01.impact.overall(), Some(Rating::High));
    let sidejacking = by("pytm-cr01");
    assert_eq!(sidejacking.category, Stride::Spoofing);
    assert_eq!(
        sidejacking.applies_to,
        [ElementKind::Process],
        "a flow is not spoofed"
    );
    let audit = by("pytm-de04");
    assert_eq!(
        (audit.category, audit.applies_to.as_slice()),
        (Stride::Repudiation, &[ElementKind::DataStore][..])
    );
    assert_eq!(by("pytm-do04").category, Stride::DenialOfService);
    assert_eq!(by("pytm-ds06").applies_to, [ElementKind::DataFlow]);
    assert_eq!(
        by("pytm-aa01").likelihood.overall(),
        None,
        "no likelihood given"
    );

    // Written as a library folder: every entry loads back; importing again changes nothing.
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("pytm");
    let mut lib = Library::load(std::slice::from_ref(&folder));
    for e in &entries {
        lib.save(&folder, e.clone()).expect("save");
    }
    let bytes = std::fs::read(folder.join("pytm-inp01.toml")).expect("file");
    let loaded = Library::load(std::slice::from_ref(&folder));
    assert_eq!(loaded.problems(), &[]);
    assert_eq!(loaded.len(), threats.len());
    for e in library::import_pytm(&text).expect("again") {
        assert_eq!(lib.save(&folder, e).expect("save").version, 1);
    }
    assert_eq!(
        std::fs::read(folder.join("pytm-inp01.toml")).expect("file"),
        bytes
    );
    let found = loaded.search("sql inj", &[ElementKind::Process], 5);
    assert!(!found.is_empty() && found[0].entry.title.contains("SQL Injection"));
}

#[test]
fn a_broken_pytm_file_is_refused_whole() {
    let one = |extra: &str| {
        format!(
            r#"[{{"SID": "X01", "target": ["Process"], "description": "A threat", "details": "d", "severity": "High", "mitigations": "m", "example": "", "references": ""{extra}}}]"#
        )
    };
    assert_eq!(library::import_pytm(&one("")).expect("ok").len(), 1);
    for (text, says) in [
        ("not json".to_string(), "JSON"),
        (r#"{"SID": "X"}"#.to_string(), "list"),
        ("[1]".to_string(), "not an object"),
        (r#"[{"description": "no sid"}]"#.to_string(), "SID"),
        (
            r#"[{"SID": "X01"}, {"SID": "x01"}]"#.to_string(),
            "two threats",
        ),
    ] {
        let err = library::import_pytm(&text).expect_err(&text);
        assert!(err.to_string().contains(says), "{text}: {err}");
    }
    // Odd but usable: kept within the app's limits, kinds from any target.
    let long = format!(r#", "description": "{}\nsecond line""#, "x".repeat(300));
    let text = one("")
        .replacen(r#""description": "A threat", "#, "", 1)
        .replacen("}]", &format!("{long}}}]"), 1);
    let e = &library::import_pytm(&text).expect("long title")[0];
    assert_eq!(e.title.chars().count(), MAX_NAME);
    assert!(e.title.ends_with('…'));
    let text = one("").replace(r#"["Process"]"#, r#"["Element", "Boundary"]"#);
    let e = &library::import_pytm(&text).expect("element")[0];
    assert_eq!(e.category, Stride::Tampering);
    assert_eq!(
        e.applies_to,
        [
            ElementKind::Process,
            ElementKind::DataStore,
            ElementKind::DataFlow
        ]
    );
    let text = one("").replace(r#"["Process"]"#, r#"["Actor"]"#);
    let e = &library::import_pytm(&text).expect("actor")[0];
    assert_eq!(
        (e.category, e.applies_to.as_slice()),
        (Stride::Spoofing, &[ElementKind::ExternalEntity][..])
    );
}
