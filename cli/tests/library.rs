//! `threatloom library`: the app's library folders from the command line,
//! found through `THREATLOOM_DATA_DIR` like the app's.

use std::path::Path;
use std::process::{Command, Output};

fn threatloom(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threatloom"))
        .env("THREATLOOM_DATA_DIR", data)
        .args(args)
        .output()
        .expect("run threatloom")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Three threats in pytm's `threats.json` form.
const PYTM: &str = r#"[
  {"SID": "INP02", "target": ["Process"], "description": "Overflow Buffers",
   "details": "Buffer Overflow attacks target improper or missing bounds checking.",
   "Likelihood Of Attack": "High", "severity": "Very High", "condition": "",
   "prerequisites": "", "mitigations": "Use a language that checks bounds.",
   "example": "", "references": "https://capec.mitre.org/data/definitions/100.html, http://cwe.mitre.org/data/definitions/120.html"},
  {"SID": "DE01", "target": ["Dataflow"], "description": "Interception",
   "details": "An adversary monitors data streams.", "Likelihood Of Attack": "Medium",
   "severity": "Medium", "condition": "", "prerequisites": "", "mitigations": "Encrypt.",
   "example": "", "references": "https://capec.mitre.org/data/definitions/117.html"},
  {"SID": "HA04", "target": ["ExternalEntity"], "description": "Reverse Engineering",
   "details": "An adversary discovers the structure of a component.", "Likelihood Of Attack": "Low",
   "severity": "Low", "condition": "", "prerequisites": "", "mitigations": "Obfuscate.",
   "example": "", "references": "https://capec.mitre.org/data/definitions/188.html"}
]"#;

fn ok(out: &Output, what: &str) -> String {
    assert!(out.status.success(), "{what}: {}", stderr(out));
    stdout(out)
}

/// Fails with exit code 2 and one line on stderr.
fn refused(out: &Output, says: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", stdout(out));
    let err = stderr(out);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(
        err.starts_with("threatloom: ") && err.contains(says),
        "{err}"
    );
}

#[test]
fn import_list_show_harvest_and_apply() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let json = dir.path().join("threats.json");
    std::fs::write(&json, PYTM).expect("write");
    let out = ok(
        &threatloom(
            &data,
            &["library", "import-pytm", json.to_str().expect("utf-8")],
        ),
        "import-pytm",
    );
    assert!(out.contains("3 entries") && out.contains("3 new"), "{out}");
    assert!(
        data.join("library/pytm-inp02.toml").is_file(),
        "the app's personal folder"
    );
    let again = ok(
        &threatloom(
            &data,
            &["library", "import-pytm", json.to_str().expect("utf-8")],
        ),
        "again",
    );
    assert!(again.contains("3 unchanged"), "{again}");

    let list = threatloom(&data, &["library", "list"]);
    assert_eq!(
        ok(&list, "list"),
        "pytm-de01\tI\tdata_flow\tInterception\n\
         pytm-ha04\tS\texternal_entity\tReverse Engineering\n\
         pytm-inp02\tE\tprocess\tOverflow Buffers\n"
    );
    assert_eq!(stderr(&list), "");

    // A broken file: said on stderr with its line, the others still listed.
    std::fs::write(
        data.join("library/broken.toml"),
        "id = \"broken\"\ntitle = \"Broken\"\ncategory = \"X\"\n",
    )
    .expect("write");
    let list = threatloom(&data, &["library", "list"]);
    assert_eq!(ok(&list, "list").lines().count(), 3);
    assert!(
        stderr(&list).contains("broken.toml:3:"),
        "{}",
        stderr(&list)
    );

    let show = ok(
        &threatloom(&data, &["library", "show", "pytm-inp02"]),
        "show",
    );
    assert!(
        show.starts_with("# ") && show.contains("pytm-inp02.toml"),
        "{show}"
    );
    assert!(
        show.contains("title = \"Overflow Buffers\"") && show.contains("\"CWE-120\""),
        "{show}"
    );
    refused(
        &threatloom(&data, &["library", "show", "nope"]),
        "no library entry 'nope'",
    );

    // Harvest the demo engagement: listed first, then saved, then known.
    let file = dir.path().join("demo.threatmodel");
    let file = file.to_str().expect("utf-8");
    ok(&threatloom(&data, &["demo", file]), "demo");
    let preview = ok(
        &threatloom(&data, &["library", "add-from", file]),
        "preview",
    );
    assert!(
        preview.contains("6 findings; save them with --all"),
        "{preview}"
    );
    let first = preview.lines().next().expect("a finding");
    let tid = first.split('\t').next().expect("threat id");
    let one = ok(
        &threatloom(&data, &["library", "add-from", file, "--threat", tid]),
        "one",
    );
    assert!(one.ends_with("1 saved, 0 skipped\n"), "{one}");
    let all = ok(
        &threatloom(&data, &["library", "add-from", file, "--all"]),
        "all",
    );
    assert!(all.ends_with("5 saved, 1 skipped\n"), "{all}");
    refused(
        &threatloom(&data, &["library", "add-from", file, "--threat", "t999"]),
        "has no threat 't999'",
    );
    let listed = ok(&threatloom(&data, &["library", "list"]), "list");
    assert_eq!(listed.lines().count(), 9);

    // Apply an entry to two elements, by name and by id.
    let applied = ok(
        &threatloom(
            &data,
            &[
                "library",
                "apply",
                "pytm-inp02",
                "--to",
                "Payslip API",
                "--to",
                "webapp",
                file,
            ],
        ),
        "apply",
    );
    assert!(applied.contains("to 2 elements"), "{applied}");
    let summary = ok(&threatloom(&data, &["summary", file]), "summary");
    assert!(summary.ends_with("8 threats\n"), "{summary}");
    refused(
        &threatloom(
            &data,
            &["library", "apply", "pytm-inp02", "--to", "Nowhere", file],
        ),
        "no element 'Nowhere'",
    );
    // A data flow cannot take an elevation of privilege: refused, nothing written.
    let wrong = threatloom(
        &data,
        &[
            "library",
            "apply",
            "pytm-inp02",
            "--to",
            "Payslip data",
            file,
        ],
    );
    refused(&wrong, "");
    let summary = ok(&threatloom(&data, &["summary", file]), "summary");
    assert!(summary.ends_with("8 threats\n"), "{summary}");

    // Into another folder, say the team's checkout.
    let team = dir.path().join("team");
    let out = ok(
        &threatloom(
            &data,
            &[
                "library",
                "import-pytm",
                json.to_str().expect("utf-8"),
                "--into",
                team.to_str().expect("utf-8"),
            ],
        ),
        "into",
    );
    assert!(out.contains("3 new"), "{out}");
    assert!(team.join("pytm-ha04.toml").is_file());
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{}").expect("write");
    refused(
        &threatloom(
            &data,
            &["library", "import-pytm", bad.to_str().expect("utf-8")],
        ),
        "expected a list of threats",
    );
}
