//! `threatloom import` and `threatloom export`: a report on stdout and exit 0,
//! or one line, exit 2 and no file; the model written back out for other tools.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn threatloom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threatloom"))
        .args(args)
        .output()
        .expect("run threatloom")
}

fn fixture(rel: &str) -> String {
    format!("{}/../../shared/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn an_import_prints_its_report_and_writes_the_engagement() {
    let dir = tempfile::tempdir().expect("dir");
    for (source, format) in [
        ("mtmt/MTMT_MVP.tm7", "Microsoft Threat Modeling Tool"),
        ("threat-dragon/iot-device.json", "Threat Dragon"),
        ("otm/EXAMPLE.json", "OTM"),
    ] {
        let out_file: PathBuf = dir.path().join(format!("{format}.threatmodel"));
        let out = threatloom(&["import", &fixture(source), s(&out_file)]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{source}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.starts_with(&format!("Imported a {format} model")),
            "{stdout}"
        );
        assert!(
            stdout.contains("Dropped:"),
            "the report says what was dropped: {stdout}"
        );
        assert!(out_file.exists());
        let summary = threatloom(&["summary", s(&out_file)]);
        assert!(summary.status.success());
    }
}

#[test]
fn a_refused_file_is_one_line_exit_2_and_no_output() {
    let dir = tempfile::tempdir().expect("dir");
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "just some notes\n").expect("write");
    for source in [
        fixture("mtmt/mtmt-invalid-format-zip.tm7"),
        fixture("threat-dragon/v2-malformed-new-model.json"),
        junk.display().to_string(),
    ] {
        let out_file = dir.path().join("out.threatmodel");
        let out = threatloom(&["import", &source, s(&out_file)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{source}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(!out_file.exists(), "{source}: nothing written");
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("ls").count(),
            1,
            "no partial file"
        );
    }
    let out = threatloom(&[
        "import",
        &fixture("otm/EXAMPLE.json"),
        "x.threatmodel",
        "--format",
        "word",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected td, otm, tm7"));
    // A forced format that does not fit is a refusal too.
    let out_file = dir.path().join("forced.threatmodel");
    let out = threatloom(&[
        "import",
        &fixture("otm/EXAMPLE.json"),
        s(&out_file),
        "--format",
        "tm7",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!out_file.exists());
}

#[test]
fn an_engagement_exports_for_threat_dragon_and_otm() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("demo.threatmodel");
    assert!(threatloom(&["demo", s(&file)]).status.success());
    let td = dir.path().join("model.json");
    let otm = dir.path().join("model.otm.yaml");
    let out = threatloom(&[
        "export",
        s(&file),
        "--threat-dragon",
        s(&td),
        "--otm",
        s(&otm),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let td_json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&td).expect("td")).expect("json");
    assert!(td_json["detail"]["diagrams"].is_array());
    let yaml = std::fs::read_to_string(&otm).expect("otm");
    assert!(yaml.contains("otmVersion"), "{yaml}");
    // And both read back in.
    for (i, f) in [&td, &otm].into_iter().enumerate() {
        let back = dir.path().join(format!("back{i}.threatmodel"));
        let out = threatloom(&["import", s(f), s(&back)]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let none = threatloom(&["export", s(&file)]);
    assert_eq!(none.status.code(), Some(2));
}
