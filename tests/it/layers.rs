//! The core's layers: imports point one way only. Every `crate::…` path in
//! `src/<module>.rs` and `src/<module>/**` names a module this one may use.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module and the modules it may import from.
const ALLOWED: &[(&str, &[&str])] = &[
    ("error", &[]),
    ("model", &["error"]),
    ("analysis", &["error", "model"]),
    ("engine", &["error", "model", "analysis"]),
    ("export", &["error", "model", "analysis", "engine"]),
    ("import", &["error", "model", "analysis"]),
    ("demo", &["error", "model", "analysis", "engine"]),
    (
        "library",
        &["error", "model", "analysis", "engine", "import"],
    ),
    (
        "workspace",
        &[
            "error", "model", "analysis", "engine", "demo", "import", "library",
        ],
    ),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules a source file names after `crate::`, comments left out.
fn crate_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                out.extend(
                    inner
                        .split(',')
                        .map(|p| p.trim().split("::").next().unwrap_or("").to_string())
                        .filter(|p| !p.is_empty()),
                );
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        }
    }
    out
}

/// `src/engine/plan/diagram.rs` → `engine`; `src/model.rs` → `model`.
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("a component");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

#[test]
fn imports_point_one_way_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut violations = Vec::new();
    let mut seen = 0;
    for file in files.iter().filter(|f| !f.ends_with("lib.rs")) {
        let top = top_module(&src, file);
        let Some(may) = allowed.get(top.as_str()) else {
            violations.push(format!("{}: `{top}` is not a known layer", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read source");
        for used in crate_paths(&text) {
            seen += 1;
            if used != top && !may.contains(&used.as_str()) {
                violations.push(format!(
                    "{}: `{top}` imports `crate::{used}`",
                    file.display()
                ));
            }
        }
    }
    assert!(seen > 100, "the scan found the crate's imports ({seen})");
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_scan_reads_plain_and_grouped_paths() {
    let text =
        "use crate::model::State;\nuse crate::{demo, engine::Engagement};\n// crate::export\n";
    assert_eq!(crate_paths(text), ["model", "demo", "engine"]);
}
