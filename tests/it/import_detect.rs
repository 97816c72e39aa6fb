//! Detection from content: every fixture is detected as the format it is
//! written in; what is no model (a zip, binary junk, an empty file, plain
//! text, a JSON schema) gets a one-line refusal naming what was expected.

use crate::common::*;
use crate::import_otm::{bytes, FIXTURES};
use threatloom::import::{self, Format};

fn refusal(b: &[u8]) -> String {
    let msg = import::detect(b).expect_err("refused").to_string();
    assert!(!msg.contains('\n'), "{msg}");
    assert!(
        msg.contains("expected a Threat Dragon v2 JSON file"),
        "{msg}"
    );
    assert!(msg.contains("pytm"), "{msg}");
    // Reading refuses the same way, and nothing is read.
    assert_eq!(import::read(b, None).expect_err("refused").to_string(), msg);
    msg
}

#[test]
fn every_fixture_is_detected_as_its_format() {
    let mut seen = 0;
    for dir in ["threat-dragon", "otm", "mtmt", "pytm"] {
        for entry in std::fs::read_dir(format!("{FIXTURES}{dir}")).expect("dir") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let b = bytes(&format!("{dir}/{name}"));
            let want = if name.contains("schema") || name.contains("zip") {
                None
            } else if name.ends_with(".tm7") {
                Some(Format::Tm7)
            } else if dir == "threat-dragon" {
                Some(Format::ThreatDragon)
            } else if dir == "pytm" {
                Some(Format::Pytm)
            } else {
                Some(Format::Otm)
            };
            match want {
                Some(f) => assert_eq!(
                    import::detect(&b).unwrap_or_else(|e| panic!("{name}: {e}")),
                    f,
                    "{name}"
                ),
                None => {
                    refusal(&b);
                }
            }
            seen += 1;
        }
    }
    assert!(seen >= 15, "{seen} fixtures");
}

#[test]
fn a_zip_junk_an_empty_file_and_plain_text_are_refused_with_one_line() {
    let zip = refusal(&bytes("mtmt/mtmt-invalid-format-zip.tm7"));
    assert!(zip.contains("zip"), "{zip}");
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 0x80)
        .collect();
    assert!(refusal(&junk).contains("not text"));
    refusal(b"");
    refusal(b"   \n\t ");
    refusal(b"Hello, this is a meeting note about the model.\nSecond line.");
    refusal(br#"{"name": "a JSON file", "items": [1, 2]}"#);
    refusal(br#"[1, 2, 3]"#);
    refusal(b"<html><body>no</body></html>");
}

#[test]
fn yaml_otm_is_detected_with_a_document_start_or_a_quoted_key() {
    for y in [
        "---\notmVersion: 0.2.0\nproject: {name: P, id: p}\n",
        "\"otmVersion\": \"0.2.0\"\nproject: {name: P, id: p}\n",
    ] {
        assert_eq!(import::detect(y.as_bytes()).expect(y), Format::Otm, "{y}");
        let im = import::read(y.as_bytes(), None).expect(y);
        assert_eq!(im.title, "P");
    }
}

#[test]
fn the_format_names_and_the_forced_format() {
    assert_eq!(Format::parse("pytm"), Some(Format::Pytm));
    assert_eq!(Format::Pytm.label(), "pytm");
    assert_eq!(Format::parse("otm"), Some(Format::Otm));
    // Forcing a format that the content is not: that reader's refusal.
    let msg = import::read(&bytes("pytm/input.json"), Some(Format::Otm))
        .expect_err("not OTM")
        .to_string();
    assert!(msg.contains("OTM") && !msg.contains('\n'), "{msg}");
    let msg = import::read(&bytes("otm/EXAMPLE.json"), Some(Format::Pytm))
        .expect_err("not pytm")
        .to_string();
    assert!(msg.contains("pytm") && !msg.contains('\n'), "{msg}");
}

#[test]
fn op_import_accepts_each_imported_fixture() {
    for path in [
        "otm/EXAMPLE.json",
        "mtmt/MTMT_MVP.otm",
        "mtmt/nested_tz.otm",
        "pytm/input.json",
    ] {
        let im = import::read(&bytes(path), None).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (_dir, mut eng) = new_engagement();
        let before = eng.state().elements.len();
        eng.apply(Op::Import {
            model: im.model.clone(),
        })
        .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(
            eng.state().elements.len(),
            before + im.model.elements.len(),
            "{path}"
        );
        assert_eq!(eng.state().threats.len(), im.model.threats.len(), "{path}");
        eng.apply(UNDO).expect("undo");
        assert_eq!(
            eng.state().elements.len(),
            before,
            "{path}: one undoable step"
        );
    }
}
